import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseJsonConfig } from "./format_json.ts";
import { parseTomlConfig } from "./format_toml.ts";
import { parseYamlConfig } from "./format_yaml.ts";
import { configJsonSchema, configJsonSchemaText } from "./json_schema.ts";
import { rateProblem } from "./rate.ts";
import { validateConfig } from "./mod.ts";
import { outputProblems } from "./output_check.ts";

Deno.test("docs/schema.json is what the schema generates (run `deno task schema`)", async () => {
  const committed = await Deno.readTextFile(new URL("../../docs/schema.json", import.meta.url));
  assertEquals(committed, configJsonSchemaText());
});

Deno.test("the JSON Schema leaves out the TypeScript-only function keys", () => {
  const text = JSON.stringify(configJsonSchema());
  assert(!text.includes('"run"'), "run");
  assert(!text.includes('"onResponse"'), "onResponse");
  const defs = configJsonSchema().$defs as Record<
    string,
    { properties: Record<string, unknown>; oneOf: { required: string[] }[] }
  >;
  assertEquals(defs.Task.oneOf.map((kind) => kind.required), [["sleep"], ["fetch"]]);
  assert("save" in defs.Task.properties && "fetch" in defs.Task.properties);
});

Deno.test("the JSON Schema forbids unknown keys and carries the duration and size patterns", () => {
  const schema = configJsonSchema();
  assertEquals(schema.additionalProperties, false);
  assertEquals(schema.required, ["tasks"]);
  const defs = schema.$defs as Record<string, { anyOf: { pattern?: string }[] }>;
  assert(defs.Duration.anyOf.some((branch) => branch.pattern?.includes("ms|s|m|h|d")));
  assert(defs.BodySizeLimit.anyOf.some((branch) => branch.pattern?.includes("KMGT")));
});

/**
 * The problems a value has against a JSON Schema, for the keywords docs/schema.json uses (a small
 * checker: enough to see that the example configs conform).
 */
function schemaProblems(
  root: Record<string, unknown>,
  schema: Record<string, unknown> | boolean,
  value: unknown,
  path = "",
): string[] {
  // A boolean schema (`"save": false` in a task kind's branch) allows everything or nothing.
  if (typeof schema === "boolean") return schema ? [] : [`${path}: not allowed`];
  const defs = root.$defs as Record<string, Record<string, unknown>>;
  if (typeof schema.$ref === "string") {
    return schemaProblems(root, defs[schema.$ref.replace("#/$defs/", "")], value, path);
  }
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${path || "(root)"}: ${what}`);
  const branches = (key: "anyOf" | "oneOf") =>
    (schema[key] as Record<string, unknown>[]).map((branch) =>
      schemaProblems(root, branch, value, path).length === 0
    ).filter(Boolean).length;
  if (schema.anyOf && branches("anyOf") === 0) fail("no anyOf branch matches");
  for (const branch of (schema.allOf ?? []) as Record<string, unknown>[]) {
    problems.push(...schemaProblems(root, branch, value, path));
  }
  if (
    schema.not && schemaProblems(root, schema.not as Record<string, unknown>, value).length === 0
  ) {
    fail("matches what it must not");
  }
  if (schema.oneOf && branches("oneOf") !== 1) fail("not exactly one oneOf branch matches");
  const type = schema.type;
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (type !== undefined) {
    const ok = type === "integer"
      ? Number.isInteger(value)
      : type === "array"
      ? Array.isArray(value)
      : type === "object"
      ? isObject
      : (typeof value as string) === type;
    if (!ok) return [...problems, `${path}: not of type ${type}`];
  }
  if ("const" in schema && value !== schema.const) fail("not the const");
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail("not in enum");
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern as string).test(value)) fail("pattern");
    if (typeof schema.minLength === "number" && value.length < schema.minLength) fail("length");
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail("minimum");
    if (typeof schema.maximum === "number" && value > schema.maximum) fail("maximum");
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) =>
      problems.push(
        ...schemaProblems(root, schema.items as Record<string, unknown>, item, `${path}[${index}]`),
      )
    );
  }
  if (isObject) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const patterns = Object.entries(
      (schema.patternProperties ?? {}) as Record<string, Record<string, unknown>>,
    ).map(([pattern, item]) => [new RegExp(pattern, "u"), item] as const);
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in record)) fail(`missing ${key}`);
    }
    for (const [key, item] of Object.entries(record)) {
      const at = `${path}.${key}`;
      if (schema.propertyNames) {
        const names = schema.propertyNames as Record<string, unknown>;
        problems.push(...schemaProblems(root, names, key, `${at} (name)`));
      }
      const matched = patterns.filter(([pattern]) => pattern.test(key));
      for (const [, itemSchema] of matched) {
        problems.push(...schemaProblems(root, itemSchema, item, at));
      }
      if (key in properties) problems.push(...schemaProblems(root, properties[key], item, at));
      else if (matched.length > 0) continue;
      else if (schema.additionalProperties === false) problems.push(`${at}: not allowed`);
      else if (typeof schema.additionalProperties === "object") {
        const extra = schema.additionalProperties as Record<string, unknown>;
        problems.push(...schemaProblems(root, extra, item, at));
      }
    }
  }
  return problems;
}

async function readConfig(path: string): Promise<unknown> {
  const url = new URL(`../../${path}`, import.meta.url);
  const text = await Deno.readTextFile(url);
  if (path.endsWith(".yaml")) return (await parseYamlConfig(text, path)).value;
  if (path.endsWith(".toml")) return parseTomlConfig(text, path).value;
  return parseJsonConfig(text, path, { comments: path.endsWith(".jsonc") }).value;
}

Deno.test("the example configs conform to docs/schema.json; a bad one does not", async () => {
  const schema = JSON.parse(
    await Deno.readTextFile(new URL("../../docs/schema.json", import.meta.url)),
  );
  for (
    const path of [
      "tasks/example.yaml",
      "tasks/example.json",
      "tasks/example.jsonc",
      "tasks/example.toml",
      "tasks/cron_example.yaml",
      "tasks/lesson_sleeps.yaml",
      "tasks/downloads.yaml",
      "tests/fixtures/config/same.yaml",
    ]
  ) {
    assertEquals(schemaProblems(schema, schema, await readConfig(path)), [], path);
  }
  const bad = schemaProblems(schema, schema, await readConfig("tests/fixtures/config/bad.yaml"));
  assert(bad.some((problem) => problem.startsWith(".tasks[0].sleep")), bad.join("\n"));
  assert(bad.includes(".tasks[1].sav: not allowed"), bad.join("\n"));
});

Deno.test("docs/schema.json takes top-level keys of the user's own (x-), and only those and only there", async () => {
  const schema = JSON.parse(
    await Deno.readTextFile(new URL("../../docs/schema.json", import.meta.url)),
  );
  const config = {
    "x-slow": { timeout: "2m", anything: [1, null] },
    "x-": 1,
    tasks: [{ sleep: "1s" }],
  };
  assertEquals(schemaProblems(schema, schema, config), []);
  assertEquals(
    schemaProblems(schema, schema, { common: 1, tasks: [{ sleep: "1s", "x-note": 1 }] }),
    [".common: not allowed", ".tasks[0].x-note: not allowed"],
  );
});

Deno.test("docs/schema.json refuses a ${NAME} in a fetch URL, as corun does, and takes URLs and patterns", async () => {
  const schema = JSON.parse(
    await Deno.readTextFile(new URL("../../docs/schema.json", import.meta.url)),
  );
  const problemsOf = (fetch: string) => schemaProblems(schema, schema, { tasks: [{ fetch }] });
  for (
    const url of [
      "https://example.org/",
      " HTTPS://example.org/a?b=$c",
      "https://example.org/page/[1-10].html",
      "{http,https}://example.org/",
    ]
  ) {
    assertEquals(problemsOf(url), [], url);
  }
  for (const url of ["https://${HOST}/x", "https://example.org/?key=${API_KEY}"]) {
    assert(problemsOf(url).some((problem) => problem.startsWith(".tasks[0]")), url);
  }
});

Deno.test("the schema refuses a rate whose time is zero in every unit and spacing, as the check does", () => {
  const schema = configJsonSchema();
  for (
    const rate of [
      "5/s",
      "1/0s",
      "1/0ms",
      "1/0min",
      "1/0sec",
      "1/0 s",
      "1/0s 0m",
      "1/0s0m",
      "1/0hours",
      "1/0.0day",
      " 2 / 00 minutes ",
      "1/0s 1ms",
      "1/0.5s",
      "1/10 sec",
    ]
  ) {
    const editor = schemaProblems(schema, { $ref: "#/$defs/Rate" }, rate).length === 0;
    const check = rateProblem(rate) === undefined;
    assertEquals(editor, check, `${JSON.stringify(rate)}: ${rateProblem(rate) ?? "accepted"}`);
  }
});

/** Whether corun refuses a config, as `corun check` does: its checks, then its output's. */
function corunRefuses(config: Record<string, unknown>): string | undefined {
  try {
    const spec = validateConfig({ outDir: "/srv/out", ...config }, "/srv/tasks.yaml");
    const nothingThere = { stat: () => undefined, uid: null };
    return outputProblems({ config: spec, label: "tasks.yaml" }, nothingThere)[0];
  } catch (error) {
    return (error as Error).message;
  }
}

/** Single values corun refuses that a pattern can tell, each in a config otherwise fine. */
const REFUSED: Record<string, unknown>[] = [
  { tasks: [{ fetch: "http://x.org/", checksum: "sha256:abc" }] },
  { tasks: [{ fetch: "http://x.org/", checksum: `md5:${"0".repeat(32)}` }] },
  { tasks: [{ fetch: "http://x.org/", checksum: `sha512:${"0".repeat(64)}` }] },
  { bandwidth: "0/s", tasks: [{ sleep: "1s" }] },
  { bandwidth: "0B/s", tasks: [{ sleep: "1s" }] },
  { bandwidth: "0.0 KiB / h", tasks: [{ sleep: "1s" }] },
  { bandwidth: "1MiB/0s", tasks: [{ sleep: "1s" }] },
  { bandwidth: "1MiB/0 min 0s", tasks: [{ sleep: "1s" }] },
  { db: "postgres://corun@db.example/corun", queue: "", tasks: [{ sleep: "1s" }] },
  { db: "postgres://corun@db.example/corun", queue: "a b", tasks: [{ sleep: "1s" }] },
  { db: "postgres://corun@db.example/corun", queue: "a/b", tasks: [{ sleep: "1s" }] },
  { db: "postgres://corun@db.example/corun", queue: "x".repeat(101), tasks: [{ sleep: "1s" }] },
  { tasks: [{ fetch: "http://x.org/", save: "/etc/passwd" }] },
  { tasks: [{ fetch: "http://x.org/", save: "C:x" }] },
  { tasks: [{ fetch: "http://x.org/", save: "../x" }] },
  { tasks: [{ fetch: "http://x.org/", save: "a/../../x" }] },
  { tasks: [{ fetch: "http://x.org/", save: "{host}/.." }] },
  { tasks: [{ fetch: "http://x.org/", save: "{nope}" }] },
  { tasks: [{ fetch: "http://x.org/", save: "{host" }] },
  { tasks: [{ fetch: "http://x.org/", save: "a}" }] },
  { tasks: [{ fetch: "http://x.org/", save: "${HOME}/x" }] },
  { metadata: "/tmp/x.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: "../x.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: "./../x.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: ".corun-history.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: ".corun-state.json", tasks: [{ sleep: "1s" }] },
  { metadata: "./.Corun-State.json", tasks: [{ sleep: "1s" }] },
  { metadata: ".corun.lock", tasks: [{ sleep: "1s" }] },
  { metadata: ".corun/metadata/x.jsonl", tasks: [{ sleep: "1s" }] },
  { defaults: { proxy: "http://x:3128/path" }, tasks: [{ sleep: "1s" }] },
  { defaults: { proxy: "http://u:p@x:3128/?a=1" }, tasks: [{ sleep: "1s" }] },
  { defaults: { proxy: "http://x:3128#top" }, tasks: [{ sleep: "1s" }] },
  { tasks: [{ fetch: "http://u:p@x.org/" }] },
  { tasks: [{ fetch: { url: "https://me@x.org/a" } }] },
  { notify: { success: "https://u:p@hc-ping.example/x" }, tasks: [{ sleep: "1s" }] },
];

/** What the patterns above must still take: corun runs each. */
const ACCEPTED: Record<string, unknown>[] = [
  { tasks: [{ fetch: "http://x.org/", checksum: ` SHA256 : ${"A".repeat(64)} ` }] },
  { tasks: [{ fetch: "http://x.org/", checksum: `sha512:${"0".repeat(128)}` }] },
  { bandwidth: "0.5KiB/s", tasks: [{ sleep: "1s" }] },
  { bandwidth: "10 GB / 1h 0m", tasks: [{ sleep: "1s" }] },
  { db: "postgres://corun@db.example/corun", queue: "nightly-2.x_b", tasks: [{ sleep: "1s" }] },
  { tasks: [{ fetch: "http://x.org/[1-9]", save: "{host}/..{1}/a..b/{path}.{ext}" }] },
  { tasks: [{ fetch: "http://x.org/", save: "./a/./b.html" }] },
  { metadata: "logs/a/../run.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: "..run.jsonl", tasks: [{ sleep: "1s" }] },
  { metadata: ".corun-history.jsonl.bak", tasks: [{ sleep: "1s" }] },
  { metadata: "x/.corun-state.json", tasks: [{ sleep: "1s" }] },
  { defaults: { proxy: "http://u:p@x:3128/" }, tasks: [{ sleep: "1s" }] },
  { defaults: { proxy: "HTTP://x:3128/?#" }, tasks: [{ sleep: "1s" }] },
  { tasks: [{ fetch: "http://:@x.org/" }] },
  { tasks: [{ fetch: "https://x.org/a@b?c=d@e" }] },
  { notify: { success: "https://hc-ping.example/x@y" }, tasks: [{ sleep: "1s" }] },
];

Deno.test("the JSON Schema refuses the single values corun refuses that a pattern can tell, and takes what it runs", () => {
  const schema = configJsonSchema();
  for (const config of REFUSED) {
    const shown = JSON.stringify(config);
    assert(corunRefuses(config) !== undefined, `corun takes ${shown}`);
    assert(schemaProblems(schema, schema, config).length > 0, `the schema takes ${shown}`);
  }
  for (const config of ACCEPTED) {
    const shown = JSON.stringify(config);
    assertEquals(corunRefuses(config), undefined, shown);
    assertEquals(schemaProblems(schema, schema, config), [], shown);
  }
});
