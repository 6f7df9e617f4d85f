import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { dirname, fromFileUrl, join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig, validateConfig } from "./load.ts";

const FIXTURES = join(dirname(fromFileUrl(import.meta.url)), "../../tests/fixtures/config");

Deno.test("loadConfig() reads YAML, JSON, JSONC, TOML and TypeScript configs to the same spec", async () => {
  const { source, ...fromYaml } = await loadConfig(join(FIXTURES, "same.yaml"));
  assertEquals(source, join(FIXTURES, "same.yaml"));
  assertEquals(fromYaml.tasks.length, 5, "the fixture is read whole");
  for (const name of ["same.json", "same.jsonc", "same.toml", "same.ts"]) {
    const { source, ...spec } = await loadConfig(join(FIXTURES, name));
    assertEquals(source, join(FIXTURES, name));
    assertEquals(spec, fromYaml, name);
  }
});

Deno.test("loadConfig() resolves relative paths against the config file's directory", async () => {
  const spec = await loadConfig(join(FIXTURES, "same.yaml"));
  assertEquals(spec.outDir, join(FIXTURES, "out"));
  assertEquals(spec.defaults.caFile, join(FIXTURES, "certs/ca.pem"));
  const upload = spec.tasks.find((task) => task.name === "upload");
  if (upload?.kind !== "fetch") throw new Error("expected the upload fetch task");
  assertEquals(upload.request.body, {
    kind: "file",
    path: join(FIXTURES, "data/payload.bin"),
    contentType: "application/octet-stream",
  });
});

Deno.test("loadConfig() accepts a file: URL", async () => {
  const spec = await loadConfig(
    new URL("../../tests/fixtures/config/same.toml", import.meta.url).href,
  );
  assertEquals(spec.concurrency, 8);
});

Deno.test("loadConfig() takes a URL object as run() does, its source the URL's text", async () => {
  const url = new URL("../../tests/fixtures/config/same.toml", import.meta.url);
  const spec = await loadConfig(url);
  assertEquals([spec.concurrency, spec.source], [8, url.href]);
});

Deno.test("loadConfig() reports an unreadable file as an issue", async () => {
  const path = join(FIXTURES, "no-such-config.yaml");
  const error = await assertRejects(() => loadConfig(path), ConfigError);
  assertEquals(error.issues, [{
    file: path,
    path: "",
    message: "cannot read the config: the file does not exist",
  }]);
  assert(error.cause instanceof Deno.errors.NotFound);
});

Deno.test("loadConfig() refuses an extension it does not know", async () => {
  const error = await assertRejects(() => loadConfig("tasks.ini"), ConfigError);
  assertEquals(
    error.format(),
    'tasks.ini: cannot tell the config format from the extension ".ini" ' +
      "(expected .yaml, .yml, .json, .jsonc, .toml, .ts, .mts, .js, .mjs)",
  );
});

Deno.test("loadConfig() reports a module without a default export, and one that throws", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "none.ts"), "export const tasks = [];\n");
    await Deno.writeTextFile(join(dir, "throws.js"), 'throw new Error("boom");\n');
    const none = await assertRejects(() => loadConfig(join(dir, "none.ts")), ConfigError);
    assertEquals(none.issues.map((issue: ConfigIssue) => issue.message), [
      "the module has no default export (write `export default defineConfig({ tasks: [...] })`)",
    ]);
    const throws = await assertRejects(() => loadConfig(join(dir, "throws.js")), ConfigError);
    assertEquals(throws.issues.map((issue: ConfigIssue) => issue.message), [
      "cannot import the config module: Error: boom",
    ]);
    assert(throws.cause instanceof Error && throws.cause.message === "boom");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig() of a TypeScript config edited since it was loaded gets the new version, a fixed syntax error too", async () => {
  const dir = await Deno.makeTempDir();
  const config = (name: string) =>
    `export default { tasks: [{ name: "${name}", sleep: "1s" }] };\n`;
  const names = async () => (await loadConfig(path)).tasks.map((task) => task.name);
  const path = join(dir, "jobs.ts");
  try {
    await Deno.writeTextFile(path, config("first"));
    assertEquals(await names(), ["first"]);
    await Deno.writeTextFile(path, config("second"));
    assertEquals(await names(), ["second"]);
    await Deno.writeTextFile(path, 'export default { tasks: [{ name: "x"; }] };\n');
    const broken = await assertRejects(() => loadConfig(path), ConfigError);
    assertEquals(broken.issues.map((issue: ConfigIssue) => [issue.line, issue.column]), [[1, 37]]);
    await Deno.writeTextFile(path, config("fixed"));
    assertEquals(await names(), ["fixed"]);
    await Deno.writeTextFile(path, config("first"));
    assertEquals(await names(), ["first"]); // the version imported first, as it was
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig() names fields, without lines, for TypeScript configs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "config.ts");
    await Deno.writeTextFile(
      path,
      'export default { tasks: [{ name: "a", sleep: "3 parsecs" }, { fetch: "https://a.example/", sav: "x" }] };\n',
    );
    const error = await assertRejects(() => loadConfig(path), ConfigError);
    assertEquals(error.format().split("\n"), [
      `${path}: tasks[0].sleep: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "3 parsecs"`,
      `${path}: tasks[1].sav: unknown key "sav" (did you mean "save"?)`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validateConfig() checks configs given as objects and keeps their functions", () => {
  const run = function* () {};
  const onResponse = () => {};
  const spec = validateConfig(
    {
      tasks: [{ name: "custom", run }, {
        fetch: "https://a.example/",
        onResponse,
        after: ["custom"],
      }],
    },
    "inline",
    { baseDir: "/base" },
  );
  assertEquals(spec.source, "inline");
  assertEquals(spec.outDir, "/base/out");
  const [custom, fetch] = spec.tasks;
  assert(custom.kind === "custom" && custom.run === run);
  assert(fetch.kind === "fetch" && fetch.onResponse === onResponse);
  const error = assertThrows(
    () => validateConfig({ tasks: [{ sleep: -1 }] }, "inline"),
    ConfigError,
  );
  assertEquals(error.summary, 'Cannot load the config "inline": found 1 problem');
  assertEquals(error.issues[0].line, undefined);
});

Deno.test("validateConfig() resolves paths against the directory of a file source", () => {
  const config = { tasks: [{ sleep: 1 }] };
  assertEquals(validateConfig(config, "file:///srv/jobs/tasks.ts").outDir, "/srv/jobs/out");
  assertEquals(validateConfig(config, "/srv/jobs/tasks.ts").outDir, "/srv/jobs/out");
  assertEquals(
    validateConfig(config, "https://example.com/tasks.ts").outDir,
    join(Deno.cwd(), "out"),
  );
});

Deno.test('validateConfig() without a source names the config "inline config", as run() does', () => {
  const config = { tasks: [{ sleep: "soon" }] };
  const error = assertThrows(() => validateConfig(config), ConfigError);
  assertEquals(error.summary, 'Cannot load the config "inline config": found 1 problem');
  assertEquals(validateConfig({ tasks: [{ sleep: 1 }] }).outDir, join(Deno.cwd(), "out"));
});
