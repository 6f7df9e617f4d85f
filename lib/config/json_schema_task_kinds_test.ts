/**
 * What the JSON Schema says about a task's keys agrees with `corun check`: fetch settings only on
 * fetch tasks, and each once per fetch task (on the task or inside its `fetch`, not both); and so
 * does what it says about a rate.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { configJsonSchema } from "./json_schema.ts";
import { validateConfig } from "./load.ts";

type Schema = boolean | Record<string, unknown>;

/**
 * Whether a value satisfies a JSON Schema, for the keywords the config schema uses (a small checker:
 * corun depends on no JSON Schema validator).
 */
function satisfies(root: Record<string, unknown>, schema: Schema, value: unknown): boolean {
  if (typeof schema === "boolean") return schema;
  const check = (inner: unknown, item: unknown) => satisfies(root, inner as Schema, item);
  if (typeof schema.$ref === "string") {
    const defs = root.$defs as Record<string, Schema>;
    if (!check(defs[schema.$ref.replace("#/$defs/", "")], value)) return false;
  }
  const list = (key: string) => (schema[key] ?? []) as Schema[];
  if (schema.anyOf && !list("anyOf").some((branch) => check(branch, value))) return false;
  if (schema.oneOf && list("oneOf").filter((branch) => check(branch, value)).length !== 1) {
    return false;
  }
  if (!list("allOf").every((branch) => check(branch, value))) return false;
  if (schema.not !== undefined && check(schema.not, value)) return false;
  if (!satisfiesType(schema, value)) return false;
  if ("const" in schema && value !== schema.const) return false;
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) return false;
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern as string, "u").test(value)) return false;
    if (value.length < ((schema.minLength as number | undefined) ?? 0)) return false;
  }
  if (typeof value === "number") {
    if (value < ((schema.minimum as number | undefined) ?? -Infinity)) return false;
    if (value > ((schema.maximum as number | undefined) ?? Infinity)) return false;
    if (value <= ((schema.exclusiveMinimum as number | undefined) ?? -Infinity)) return false;
  }
  if (Array.isArray(value) && schema.items) {
    if (!value.every((item) => check(schema.items, item))) return false;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return true;
  const record = value as Record<string, unknown>;
  if (!((schema.required ?? []) as string[]).every((key) => key in record)) return false;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const dependents = (schema.dependentSchemas ?? {}) as Record<string, Schema>;
  for (const [key, item] of Object.entries(record)) {
    if (schema.propertyNames && !check(schema.propertyNames, key)) return false;
    const itemSchema = key in properties ? properties[key] : schema.additionalProperties ?? true;
    if (!check(itemSchema, item)) return false;
    if (key in dependents && !check(dependents[key], record)) return false;
  }
  return true;
}

function satisfiesType(schema: Record<string, unknown>, value: unknown): boolean {
  switch (schema.type) {
    case undefined:
      return true;
    case "integer":
      return Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return (typeof value as string) === schema.type;
  }
}

const CA_FILE = decodeURIComponent(
  new URL("../../tests/fixtures/tls/ca.pem", import.meta.url).pathname,
);

/** A valid value of each fetch setting a task may give. */
const SETTINGS: Record<string, unknown> = {
  timeout: "5s",
  retries: 1,
  retryOn: [503],
  backoff: "1s",
  maxBackoff: "10s",
  maxRedirects: 3,
  allowDowngrade: true,
  maxBodySize: "1MiB",
  maxDecodeRatio: 10,
  maxHeaderSize: "32KiB",
  maxHeaderCount: 100,
  headers: { Accept: "text/html" },
  insecure: true,
  caFile: CA_FILE,
  decompress: false,
  pipeline: 2,
  rate: "5/s",
  delay: "1s",
  jitter: "1s",
  crawl: { maxDepth: 1 },
  proxy: false,
  resume: true,
  glob: false,
};
const URL_TEXT = "https://example.org/";

function checkAccepts(config: unknown): boolean {
  try {
    validateConfig(config, "json_schema_task_kinds_test.json");
    return true;
  } catch {
    return false;
  }
}

function verdicts(configs: Record<string, unknown>) {
  const schema = configJsonSchema();
  return Object.entries(configs).map(([label, config]) => ({
    label,
    schema: satisfies(schema, schema, config),
    check: checkAccepts(config),
  }));
}

function agreeing(configs: Record<string, unknown>) {
  return verdicts(configs).map(({ label, check }) => ({ label, schema: check, check }));
}

Deno.test("every fetch setting is accepted on a fetch task by both the JSON Schema and check", () => {
  const configs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(SETTINGS)) {
    configs[`${key} on the task`] = { tasks: [{ fetch: URL_TEXT, [key]: value }] };
    configs[`${key} in fetch`] = { tasks: [{ fetch: { url: URL_TEXT, [key]: value } }] };
  }
  const results = verdicts(configs);
  assertEquals(results, results.map(({ label }) => ({ label, schema: true, check: true })));
});

Deno.test("the JSON Schema refuses fetch settings on a sleep task, as check does", () => {
  const configs: Record<string, unknown> = {
    save: { tasks: [{ sleep: "1s", save: "x.html" }] },
    checksum: { tasks: [{ sleep: "1s", checksum: `sha256:${"a".repeat(64)}` }] },
  };
  for (const [key, value] of Object.entries(SETTINGS)) {
    configs[key] = { tasks: [{ sleep: "1s", [key]: value }] };
  }
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), []);
});

Deno.test("the JSON Schema refuses a fetch setting given on the task and in its fetch, as check does", () => {
  const configs: Record<string, unknown> = {
    "glob with urls": { tasks: [{ fetch: { urls: "urls.txt" }, glob: false }] },
  };
  for (const [key, value] of Object.entries(SETTINGS)) {
    configs[key] = { tasks: [{ fetch: { url: URL_TEXT, [key]: value }, [key]: value }] };
  }
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), []);
});

Deno.test("the JSON Schema refuses a rate of more than 1,000,000 or over no time, as check does", () => {
  const rates = [
    "5/s",
    "1000000/s",
    "1/0m30s",
    " 30 / min ",
    "1000001/s",
    "9999999/h",
    "1/0s",
    "1/0.0ms",
    "2/0h0m",
    "0/s",
  ];
  const configs = Object.fromEntries(
    rates.map((rate) => [rate, { tasks: [{ fetch: URL_TEXT, rate }] }]),
  );
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), [
    "5/s",
    "1000000/s",
    "1/0m30s",
    " 30 / min ",
  ]);
});

Deno.test("the JSON Schema refuses a URL, origin or proxy without its scheme and a ~ path, as check does", () => {
  const NAP = [{ sleep: 1 }];
  const configs: Record<string, unknown> = {
    "a URL": { tasks: [{ fetch: "https://x.org/a" }] },
    "a URL in capitals, after a space": { tasks: [{ fetch: " HTTPS://X.ORG/a" }] },
    "a glob in the scheme": { tasks: [{ fetch: "{http,https}://x.org/", save: "{1}.html" }] },
    "an origin with its slash": { origins: { "https://x.org/": { perHost: 1 } }, tasks: NAP },
    "a proxy": { defaults: { proxy: "http://proxy.example:3128" }, tasks: NAP },
    "an outDir named ./~x": { outDir: "./~x", tasks: NAP },
    "no scheme": { tasks: [{ fetch: "example.com/page" }] },
    "ftp:": { tasks: [{ fetch: { url: "ftp://x.org/a" } }] },
    "an empty URL": { tasks: [{ fetch: "" }] },
    "a ping URL without a scheme": { notify: { start: "hc-ping.example/abc" }, tasks: NAP },
    "an origin without a scheme": { origins: { "x.org": { perHost: 1 } }, tasks: NAP },
    "an origin with a path": { origins: { "https://x.org/a": { perHost: 1 } }, tasks: NAP },
    "a crawl origin with credentials": {
      tasks: [{ fetch: "https://x.org/", crawl: { origins: ["https://u:p@x.org"] } }],
    },
    "an https: proxy": { defaults: { proxy: "https://proxy.example:3128" }, tasks: NAP },
    "a socks5: proxy": { defaults: { proxy: "socks5://127.0.0.1:1080" }, tasks: NAP },
    "an outDir in ~": { outDir: "~/out", tasks: NAP },
    "a cookie jar in ~me": { cookies: "~me/jar.json", tasks: NAP },
  };
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), [
    "a URL",
    "a URL in capitals, after a space",
    "a glob in the scheme",
    "an origin with its slash",
    "a proxy",
    "an outDir named ./~x",
  ]);
});

Deno.test("the JSON Schema refuses ${NAME} in a path, a proxy, a database or ping URL, as check does", () => {
  const NAP = [{ sleep: 1 }];
  const configs: Record<string, unknown> = {
    "an outDir": { outDir: "${OUT}/corun", tasks: NAP },
    "a cookie jar": { cookies: "${STATE_DIRECTORY}/jar.json", tasks: NAP },
    "a metadata file": { metadata: "${HOSTNAME}.jsonl", tasks: NAP },
    "a database URL": { db: "postgres://corun:${PGPASSWORD}@db.example/corun", tasks: NAP },
    "a ping URL": { notify: { start: "https://hc-ping.example/${UUID}" }, tasks: NAP },
    "a proxy": { defaults: { proxy: "http://me:${PASSWORD}@proxy.example:3128" }, tasks: NAP },
    "an outDir with a dollar sign alone": { outDir: "out$1", tasks: NAP },
  };
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), [
    "an outDir with a dollar sign alone",
  ]);
});

Deno.test("the JSON Schema takes allowEmptyList beside urls only, as check does", () => {
  // Any file that exists and is UTF-8 text will do: check reads a list's first bytes.
  const list = CA_FILE;
  const configs: Record<string, unknown> = {
    "with urls": { tasks: [{ fetch: { urls: list, allowEmptyList: true } }] },
    "false with urls": { tasks: [{ fetch: { urls: list, allowEmptyList: false } }] },
    "with a url": { tasks: [{ fetch: { url: URL_TEXT, allowEmptyList: true } }] },
    "with a pattern": { tasks: [{ fetch: { url: `${URL_TEXT}[1-2]`, allowEmptyList: false } }] },
    "on the task": { tasks: [{ fetch: { urls: list }, allowEmptyList: true }] },
    "in defaults": { defaults: { allowEmptyList: true }, tasks: [{ fetch: URL_TEXT }] },
    "not a boolean": { tasks: [{ fetch: { urls: list, allowEmptyList: "yes" } }] },
  };
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), [
    "with urls",
    "false with urls",
  ]);
});

Deno.test("the JSON Schema refuses glob beside urls, as check does", () => {
  const list = CA_FILE; // any UTF-8 file: check reads a list's first bytes
  const configs: Record<string, unknown> = {
    "glob beside a url": { tasks: [{ fetch: { url: `${URL_TEXT}[1-2]`, glob: false } }] },
    "glob beside urls": { tasks: [{ fetch: { urls: list, glob: false } }] },
    "glob on a task of urls": { tasks: [{ fetch: { urls: list }, glob: false }] },
  };
  const results = verdicts(configs);
  assertEquals(results, agreeing(configs));
  assertEquals(results.filter((result) => result.check).map(({ label }) => label), [
    "glob beside a url",
  ]);
});
