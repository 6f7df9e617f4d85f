import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig, type LoadConfigOptions, validateConfig } from "./load.ts";
import { withFile } from "../../tests/fixtures/config_files.ts";

const TOO_DEEP = (limit: string) =>
  `nested deeper than ${limit} levels (flatten it, or raise the limit: maxNestingDepth in loadConfig or validateConfig)`;

type Located = Pick<ConfigIssue, "line" | "column" | "path" | "message">;

async function issuesOf(
  name: string,
  text: string,
  options?: LoadConfigOptions,
): Promise<Located[]> {
  return await withFile(name, text, async (path) => {
    const error = await assertRejects(() => loadConfig(path, options), ConfigError);
    return error.issues.map(({ line, column, path, message }: ConfigIssue) => ({
      line,
      column,
      path,
      message,
    }));
  });
}

const DEEP = 100_000;
const open = "[".repeat(DEEP);
const close = "]".repeat(DEEP);
// A task's JSON body starts at level 6 (config, tasks, task, fetch, body, json): its first `[` is
// level 6, and the 995th is level 1,000.
const TASK = '{"name": "post", "fetch": {"url": "http://127.0.0.1:9/", "method": "POST", "body":';

Deno.test("brackets nested 100,000 deep are refused where they pass 1,000 levels, in every format", async () => {
  const jsonText = `{"tasks": [${TASK} {"json": ${open}${close}}}}]}`;
  const jsonColumn = jsonText.indexOf("[", jsonText.indexOf('"json"')) + 995 + 1;
  for (const name of ["c.json", "c.jsonc"]) {
    assertEquals(await issuesOf(name, jsonText), [
      { line: 1, column: jsonColumn, path: "", message: TOO_DEEP("1,000") },
    ]);
  }
  const yamlFlow = `tasks:\n  - name: post\n    fetch:\n      url: http://127.0.0.1:9/\n` +
    `      method: POST\n      body:\n        json: ${open}${close}\n`;
  assertEquals(await issuesOf("c.yaml", yamlFlow), [
    { line: 7, column: undefined, path: "", message: TOO_DEEP("1,000") },
  ]);
  const yamlBlock = `tasks:\n  - name: post\n    fetch:\n      url: http://127.0.0.1:9/\n` +
    `      method: POST\n      body:\n        json:\n          ${"- ".repeat(DEEP)}x\n`;
  assertEquals(await issuesOf("c.yaml", yamlBlock), [
    { line: 8, column: undefined, path: "", message: TOO_DEEP("1,000") },
  ]);
  const tomlInline = `[[tasks]]\nname = "post"\n[tasks.fetch]\nurl = "http://127.0.0.1:9/"\n` +
    `method = "POST"\nbody = { json = ${open}${close} }\n`;
  const [tomlIssue] = await issuesOf("c.toml", tomlInline);
  assertEquals([tomlIssue.line, tomlIssue.path, tomlIssue.message], [6, "", TOO_DEEP("1,000")]);
});

Deno.test("a TOML dotted key of 100,000 parts is refused at its line, the path cut short", async () => {
  const text = `[[tasks]]\nname = "post"\n[tasks.fetch]\nurl = "http://127.0.0.1:9/"\n` +
    `method = "POST"\n[tasks.fetch.body]\njson.${Array(DEEP).fill("a").join(".")} = 1\n`;
  assertEquals(await issuesOf("c.toml", text), [{
    line: 7,
    column: 1,
    path: "tasks[0].fetch.body.json.a.a.a.a.a",
    message: TOO_DEEP("1,000"),
  }]);
});

Deno.test("maxNestingDepth: a config nested exactly that deep loads, one level more is refused", async () => {
  // The body's JSON value is level 6; with 4 more brackets the config is 10 levels deep.
  const json = (brackets: number) =>
    `{"tasks": [${TASK} {"json": ${"[".repeat(brackets)}${"]".repeat(brackets)}}}}]}`;
  const yaml = (brackets: number) =>
    `tasks:\n  - name: post\n    fetch:\n      url: http://127.0.0.1:9/\n      method: POST\n` +
    `      body:\n        json:\n          ${"- ".repeat(brackets)}x\n`;
  const toml = (brackets: number) =>
    `[[tasks]]\nname = "post"\n[tasks.fetch]\nurl = "http://127.0.0.1:9/"\nmethod = "POST"\n` +
    `[tasks.fetch.body]\njson = ${"[".repeat(brackets)}${"]".repeat(brackets)}\n`;
  const options = { maxNestingDepth: 10 };
  for (const [name, text] of [["c.json", json], ["c.yaml", yaml], ["c.toml", toml]] as const) {
    await withFile(name, text(5), async (path) => {
      const spec = await loadConfig(path, options);
      assertEquals(spec.tasks.length, 1, name);
    });
    const issues = await issuesOf(name, text(6), options);
    assertEquals(issues.map((issue) => issue.message), [TOO_DEEP("10")], name);
  }
});

Deno.test("a YAML alias chain that nests past the limit is refused, located through the aliases", async () => {
  const text = `tasks:\n  - name: post\n    fetch:\n      url: http://127.0.0.1:9/\n` +
    `      method: POST\n      body:\n        json: [&a [[[x]]], &b [[[*a]]], [[[*b]]]]\n`;
  // json is level 6, [2] 7, then three levels each for [[[…]]], *b and *a: x is level 16. The path
  // names the first ten steps, json[2][0][0][0][0]: the second [ of what *b names (column 32).
  assertEquals(await issuesOf("c.yaml", text, { maxNestingDepth: 14 }), [{
    line: 7,
    column: 32,
    path: "tasks[0].fetch.body.json[2][0][0][0][0]",
    message: TOO_DEEP("14"),
  }]);
});

Deno.test("a JSON body that contains itself is refused at the field that closes the cycle", () => {
  const body: Record<string, unknown> = { a: 1 };
  body.inner = { back: body };
  const config = {
    tasks: [{
      name: "post",
      fetch: { url: "http://127.0.0.1:9/", method: "POST", body: { json: body } },
    }],
  };
  const error = assertThrows(() => validateConfig(config, "inline"), ConfigError);
  assertEquals(error.issues, [{
    file: "inline",
    path: "tasks[0].fetch.body.json.inner.back",
    message: "this value contains itself (a cycle), which no config can mean",
  }]);
});

Deno.test("a TypeScript config whose JSON body contains itself is refused, naming the task", async () => {
  const module = `const body: Record<string, unknown> = { a: 1 };
body.self = body;
export default {
  tasks: [{ name: "post", fetch: { url: "http://127.0.0.1:9/", method: "POST", body: { json: body } } }],
};
`;
  assertEquals(await issuesOf("c.ts", module), [{
    line: undefined,
    column: undefined,
    path: "tasks[0].fetch.body.json.self",
    message: "this value contains itself (a cycle), which no config can mean",
  }]);
});

Deno.test("a value shared by many fields is not a cycle", () => {
  const shared = { accept: "text/plain" };
  const config = {
    tasks: ["a", "b"].map((name) => ({
      name,
      fetch: `http://127.0.0.1:9/${name}`,
      headers: shared,
    })),
  };
  assertEquals(validateConfig(config, "inline").tasks.length, 2);
});
