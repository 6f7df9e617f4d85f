import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { dirname, fromFileUrl, join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig } from "./load.ts";
import { withFile } from "../../tests/fixtures/config_files.ts";

const FIXTURES = join(dirname(fromFileUrl(import.meta.url)), "../../tests/fixtures/config");

const DURATION = 'expected a duration like "3s", "1500ms" or "1h30m", got "3 parsecs"';
const UNKNOWN_KEY = 'unknown key "sav" (did you mean "save"?)';
const UNKNOWN_TASK = 'unknown task "zzz"';
const DUPLICATE = 'duplicate task name "a" (tasks[0] has it too)';
const BAD_URL = 'expected an http: or https: URL, got "htp:/broken"';

/** [line, column, path, message] of each issue. */
type Expected = [number | undefined, number | undefined, string, string][];

async function issuesOf(path: string): Promise<ConfigIssue[]> {
  const error = await assertRejects(() => loadConfig(path), ConfigError);
  return error.issues;
}

function expectIssues(actual: ConfigIssue[], file: string, expected: Expected): void {
  assertEquals(
    actual,
    expected.map(([line, column, path, message]) => ({ file, line, column, path, message })),
  );
}

Deno.test("a YAML config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.yaml");
  expectIssues(await issuesOf(file), file, [
    [4, 12, "tasks[0].sleep", DURATION],
    [7, 5, "tasks[1].sav", UNKNOWN_KEY],
    [10, 16, "tasks[2].after[1]", UNKNOWN_TASK],
    [11, 11, "tasks[3].name", DUPLICATE],
    [14, 12, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("a JSON config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.json");
  expectIssues(await issuesOf(file), file, [
    [3, 29, "tasks[0].sleep", DURATION],
    [4, 51, "tasks[1].sav", UNKNOWN_KEY],
    [5, 50, "tasks[2].after[1]", UNKNOWN_TASK],
    [6, 15, "tasks[3].name", DUPLICATE],
    [7, 29, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("a TOML config with five mistakes yields five located issues", async () => {
  const file = join(FIXTURES, "bad.toml");
  expectIssues(await issuesOf(file), file, [
    [4, 9, "tasks[0].sleep", DURATION],
    [9, 1, "tasks[1].sav", UNKNOWN_KEY],
    [14, 15, "tasks[2].after[1]", UNKNOWN_TASK],
    [17, 8, "tasks[3].name", DUPLICATE],
    [22, 9, "tasks[4].fetch", BAD_URL],
  ]);
});

Deno.test("ConfigError.format() writes one line per issue, file:line:column: path: message", async () => {
  const file = join(FIXTURES, "bad.yaml");
  const error = await assertRejects(() => loadConfig(file), ConfigError);
  assertEquals(error.message, `Cannot load config "${file}": found 5 problems`);
  assertEquals(error.format().split("\n")[0], `${file}:4:12: tasks[0].sleep: ${DURATION}`);
});

Deno.test("dependency cycles are reported once each, with their path", async () => {
  const file = join(FIXTURES, "cycle.yaml");
  expectIssues(await issuesOf(file), file, [
    [5, 13, "tasks[0].after[0]", "dependency cycle fetch-index → parse → fetch-index"],
    [14, 13, "tasks[3].after[0]", "dependency cycle loop → loop"],
  ]);
});

Deno.test("YAML syntax errors are reported with their line and column", async () => {
  await withFile("syntax.yaml", "tasks:\n  - sleep: 1s\n    name: [a\n", async (path) => {
    const [issue, ...rest] = await issuesOf(path);
    assertEquals(rest, []);
    assertEquals([issue.line, issue.path], [4, ""]);
    assertEquals(issue.message.startsWith("YAML syntax: "), true, issue.message);
  });
  await withFile("duplicate.yaml", "tasks: []\noutDir: a\noutDir: b\n", async (path) => {
    expectIssues(await issuesOf(path), path, [[3, 1, "", "YAML syntax: Map keys must be unique"]]);
  });
});

Deno.test("JSON refuses comments and trailing commas, each at its line; JSONC allows them", async () => {
  const text = '{\n  // no comments in JSON\n  "tasks": [{ "sleep": 1 },],\n}\n';
  await withFile("config.json", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 3, "", "JSON syntax: comments are not allowed in JSON (use a .jsonc file)"],
      [3, 27, "", "JSON syntax: trailing commas are not allowed in JSON (use a .jsonc file)"],
      [3, 29, "", "JSON syntax: trailing commas are not allowed in JSON (use a .jsonc file)"],
    ]);
  });
  await withFile("config.jsonc", text, async (path) => {
    assertEquals((await loadConfig(path)).tasks.length, 1);
  });
  await withFile("broken.jsonc", '{ "tasks": [ { "sleep": 1 } }', async (path) => {
    expectIssues(await issuesOf(path), path, [[
      1,
      29,
      "",
      'JSON syntax: expected "," or a closing bracket',
    ]]);
  });
});

Deno.test("duplicate keys in JSON are reported alongside the other problems", async () => {
  const text = '{\n  "outDir": "a",\n  "outDir": "b",\n  "tasks": [{ "sleep": "x" }]\n}\n';
  await withFile("config.json", text, async (path) => {
    expectIssues(await issuesOf(path), path, [
      [3, 3, "outDir", "duplicate key"],
      [4, 24, "tasks[0].sleep", 'expected a duration like "3s", "1500ms" or "1h30m", got "x"'],
    ]);
  });
});

Deno.test("TOML syntax errors and redefined keys are reported with their line and column", async () => {
  await withFile("syntax.toml", '[[tasks]]\nsleep = "1s\n', async (path) => {
    const [issue, ...rest] = await issuesOf(path);
    assertEquals(rest, []);
    assertEquals([issue.line, issue.path], [2, ""]);
    assertEquals(issue.message.startsWith("TOML syntax: "), true, issue.message);
  });
  await withFile("twice.toml", 'outDir = "a"\noutDir = "b"\ntasks = []\n', async (path) => {
    expectIssues(await issuesOf(path), path, [
      [2, 1, "", "TOML syntax: trying to redefine an already defined table or value"],
    ]);
  });
});

Deno.test("a TypeScript syntax error is reported with its line and column", async () => {
  await withFile("config.ts", "export default {\n  tasks: [,,\n  }\n};\n", async (path) => {
    const [issue, ...rest] = await issuesOf(path);
    assertEquals(rest, []);
    assertEquals(issue.line, 3);
    assertEquals(
      issue.message.startsWith("cannot import the config module: "),
      true,
      issue.message,
    );
  });
});

Deno.test("a missing key is reported at the object that lacks it", async () => {
  await withFile("config.yaml", "outDir: out\ntask:\n  - sleep: 1s\n", async (path) => {
    expectIssues(await issuesOf(path), path, [
      [1, 1, "", 'missing required key "tasks"'],
      [2, 1, "task", 'unknown key "task" (did you mean "tasks"?)'],
    ]);
  });
});

Deno.test("a file: URL that names no local file is a config error that says so", async () => {
  for (
    const url of ["file://elsewhere/tasks.yaml", "file:///tmp/a%2Fb.yaml", "file:///tmp/5%.yaml"]
  ) {
    const error = await assertRejects(() => loadConfig(url), ConfigError);
    assertEquals(error.issues.length, 1);
    assertEquals(
      error.issues[0].message.startsWith("cannot read the config: not a local file URL"),
      true,
    );
  }
});
