import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadConfig, validateConfig } from "./load.ts";

/** The same config in each format, with a top-level key of the user's own. */
const WITH_EXTENSION: Record<string, string> = {
  "c.yaml": [
    "x-slow: &slow { timeout: 2m, retries: 5 }",
    "tasks:",
    "  - { name: a, fetch: https://a.example/a.iso, save: a.iso, <<: *slow }",
    "  - { name: b, fetch: https://a.example/b.iso, save: b.iso, <<: *slow }",
    "",
  ].join("\n"),
  "c.json": JSON.stringify({
    "x-notes": { owner: "ops", anything: [1, null, { deep: true }] },
    tasks: ["a", "b"].map((name) => ({
      name,
      fetch: `https://a.example/${name}.iso`,
      save: `${name}.iso`,
      timeout: "2m",
      retries: 5,
    })),
  }),
  "c.toml": [
    '[x-notes]\nowner = "ops"\n',
    '[[tasks]]\nname = "a"\nfetch = "https://a.example/a.iso"\nsave = "a.iso"\ntimeout = "2m"\nretries = 5\n',
    '[[tasks]]\nname = "b"\nfetch = "https://a.example/b.iso"\nsave = "b.iso"\ntimeout = "2m"\nretries = 5\n',
  ].join("\n"),
  "c.ts": [
    'const slow = { timeout: "2m", retries: 5 };',
    "export default {",
    '  "x-slow": slow,',
    '  tasks: ["a", "b"].map((name) => ({',
    "    name, fetch: `https://a.example/${name}.iso`, save: `${name}.iso`, ...slow,",
    "  })),",
    "};",
    "",
  ].join("\n"),
};

async function withFiles(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-extension-keys-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a top-level key starting with x- is the user's own, in every format: a YAML anchor's place", async () => {
  await withFiles(WITH_EXTENSION, async (dir) => {
    const { source: _, ...fromYaml } = await loadConfig(join(dir, "c.yaml"));
    assertEquals(fromYaml.tasks.map((task) => task.kind === "fetch" && task.options.retries), [
      5,
      5,
    ]);
    for (const name of ["c.json", "c.toml", "c.ts"]) {
      const { source: _, ...spec } = await loadConfig(join(dir, name));
      assertEquals(spec, fromYaml, name);
    }
  });
});

Deno.test("other unknown top-level keys are refused, naming x- when no key is close; x- keys elsewhere are unknown", async () => {
  const config = [
    "common: &c { retries: 5 }",
    "concurency: 2",
    "tasks:",
    '  - { sleep: 1s, "x-note": 1 }',
    "",
  ].join("\n");
  await withFiles({ "c.yaml": config }, async (dir) => {
    const path = join(dir, "c.yaml");
    const error = await assertRejects(() => loadConfig(path), ConfigError);
    assertEquals(error.format().split("\n"), [
      `${path}:1:1: common: unknown key "common" (a key of your own, such as one that holds a ` +
      'YAML anchor, starts with "x-")',
      `${path}:2:1: concurency: unknown key "concurency" (did you mean "concurrency"?)`,
      `${path}:4:18: tasks[0]["x-note"]: unknown key "x-note"`,
    ]);
  });
});

Deno.test("a task's, a request's or a fetch setting's key at the top says where it goes, not to start with x-", async () => {
  const config = ["retries: 3", "save: a.html", "method: POST", "tasks: [{ sleep: 1s }]", ""];
  await withFiles({ "c.yaml": config.join("\n") }, async (dir) => {
    const path = join(dir, "c.yaml");
    const error = await assertRejects(() => loadConfig(path), ConfigError);
    assertEquals(error.format().split("\n"), [
      `${path}:1:1: retries: unknown key "retries": it goes in "defaults" (for every fetch task) ` +
      "or on a task",
      `${path}:2:1: save: unknown key "save": it goes on a task, in "tasks"`,
      `${path}:3:1: method: unknown key "method": it goes in a task's "fetch", as in fetch: ` +
      "{ url, method }",
    ]);
  });
});

Deno.test("a TypeScript config's x- key may hold any object: one that contains itself, or nests deep, is not walked", async () => {
  const config = [
    'const team: Record<string, unknown> = { owner: "ops" };',
    "team.self = team;",
    'export default { "x-team": team, tasks: [{ sleep: "1s" }] };',
    "",
  ].join("\n");
  await withFiles({ "c.ts": config }, async (dir) => {
    const spec = await loadConfig(join(dir, "c.ts"));
    assertEquals(spec.tasks.map((task) => task.name), ["task-1"]);
  });
  const deep = { "x-tree": { a: { b: { c: {} } } }, tasks: [{ sleep: "1s" }] };
  const options = { maxNestingDepth: 3 };
  assertEquals(validateConfig(deep, "c.ts", options).tasks.length, 1);
  // Only the user's own key: the config's values still may not nest past the limit.
  const error = assertThrows(
    () => validateConfig({ ...deep, "x-tree": 1, notify: { start: { a: {} } } }, "c.ts", options),
    ConfigError,
  );
  assertStringIncludes(error.format(), "nested deeper than 3 levels");
});
