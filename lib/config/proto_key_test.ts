import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig } from "./load.ts";
import { withFile } from "../../tests/fixtures/config_files.ts";

/** `line:column path: message` of each problem of a config that does not load. */
async function problemsOf(name: string, text: string): Promise<string[]> {
  return await withFile(name, text, async (path) => {
    const error = await assertRejects(() => loadConfig(path), ConfigError);
    return error.issues.map((issue: ConfigIssue) =>
      `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`
    );
  });
}

const TASK = '"tasks": [{ "name": "a", "fetch": "http://127.0.0.1:1/a", "save": "a" }]';

Deno.test("a header named __proto__ is checked like any other header, at its line and column", async () => {
  const crlf =
    `{ "defaults": { "headers": { "__proto__": "a\\r\\nX-Injected: 1" } },\n  ${TASK} }\n`;
  assertEquals(await problemsOf("crlf.json", crlf), [
    "1:43 defaults.headers.__proto__: expected a header value without control characters other than tab, got a text " +
    "with one (not shown: it may be a credential)",
  ]);
  // Once an unlocated "Cannot use a credential's { env } or { file }: it was not read".
  const number = `{ "defaults": { "headers": { "__proto__": 5 } },\n  ${TASK} }\n`;
  assertEquals(await problemsOf("number.json", number), [
    "1:43 defaults.headers.__proto__: expected a header value, got a number (not shown: it may " +
    'be a credential; quote it: "…")',
  ]);
  const toml = '[defaults.headers]\n__proto__ = 5\n[[tasks]]\nsleep = "1s"\n';
  assertEquals((await problemsOf("number.toml", toml)).map((problem) => problem.split(":")[0]), [
    "2",
  ]);
});

Deno.test("an origins key or a form field named __proto__ is checked like any other", async () => {
  const yaml = "origins:\n  __proto__: { perHost: 1 }\ntasks:\n  - fetch:\n      url: " +
    "http://127.0.0.1:1/a\n      method: POST\n      body: { form: { __proto__: 3 } }\n" +
    "    save: a\n";
  assertEquals(await problemsOf("origins.yaml", yaml), [
    '2:3 origins.__proto__: expected an http: or https: origin such as "https://example.org", ' +
    'got "__proto__"',
    "7:34 tasks[0].fetch.body.form.__proto__: expected a form value as text (quote a number or " +
    'true/false: "1"), got 3',
  ]);
});
