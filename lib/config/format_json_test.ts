import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseJsonConfig } from "./format_json.ts";

const TEXT = `{
  "tasks": [
    { "name": "a", "sleep": 1 },
    { "fetch": { "url": "https://a.example/", "headers": { "X-A": "1" } } }
  ]
}
`;

Deno.test("the JSON locator points at keys, values and list items", async () => {
  const parsed = parseJsonConfig(TEXT, "t.json");
  assert(parsed.usable);
  assertEquals(parsed.issues, []);
  const paths = [
    ["tasks", 0, "sleep"],
    ["tasks", 1, "fetch", "headers", "X-A"],
    ["tasks", 1, "fetch", "body"],
    ["tasks", 7],
  ];
  const locate = parsed.locate ?? await parsed.prepareLocate!(paths);
  assert(locate);
  const at = (path: (string | number)[], target: "key" | "value" = "value") => {
    const position = locate!(path, target);
    return `${position?.line}:${position?.column}`;
  };
  assertEquals(at(["tasks", 0, "sleep"]), "3:29");
  assertEquals(at(["tasks", 0, "sleep"], "key"), "3:20");
  assertEquals(at(["tasks", 1]), "4:5");
  assertEquals(at(["tasks", 1, "fetch", "headers", "X-A"]), "4:67");
  assertEquals(at(["tasks", 1, "fetch", "body"]), "4:16", "absent: the enclosing object");
  assertEquals(at(["tasks", 7]), "2:12");
  assertEquals(at([]), "1:1");
});

Deno.test("parseJsonConfig() allows comments and trailing commas only as JSONC", () => {
  const text = '{ /* c */ "tasks": [], }';
  assertEquals(parseJsonConfig(text, "t.jsonc", { comments: true }).value, { tasks: [] });
  const parsed = parseJsonConfig(text, "t.json");
  assertEquals(parsed.usable, false);
  assertEquals(parsed.issues.map((issue) => [issue.column, issue.message]), [
    [3, "JSON syntax: comments are not allowed in JSON (use a .jsonc file)"],
    [22, "JSON syntax: trailing commas are not allowed in JSON (use a .jsonc file)"],
  ]);
});

Deno.test("parseJsonConfig() reports the first real syntax error, not its echoes", () => {
  for (
    const [text, message] of [
      ['{ "tasks": [1 2] }', 'expected "," or a closing bracket'],
      ['{ "tasks": ', "expected a value"],
      ["", "expected a value"],
      ["{ tasks: [] }", 'unexpected character (keys are quoted in JSON: "tasks")'],
      ['{ "tasks": "\\q" }', "invalid escape character"],
      [
        '{ "tasks": [{ "name": \'a\' }] }',
        "unexpected character (JSON quotes text with double quotes, not single)",
      ],
      ['{ "tasks": [{ "name": "a", @ }] }', "unexpected character"],
    ]
  ) {
    const parsed = parseJsonConfig(text, "t.json");
    assertEquals(parsed.issues.map((issue) => issue.message), [`JSON syntax: ${message}`], text);
  }
});

Deno.test("parseJsonConfig() reports duplicate keys at every depth, keeping the data", () => {
  const parsed = parseJsonConfig('{"a": 1, "b": [{"c": 1, "c": 2}], "a": 3}', "t.json");
  assert(parsed.usable);
  assertEquals(parsed.value, { a: 3, b: [{ c: 2 }] });
  assertEquals(parsed.issues.map((issue) => [issue.path, issue.column]), [["b[0].c", 25], [
    "a",
    35,
  ]]);
  // On one line, the columns tell the two apart.
  assertEquals(parsed.issues.map((issue) => issue.message), [
    'duplicate key "c" at line 1, column 25; first at column 17',
    'duplicate key "a" at line 1, column 35; first at column 2',
  ]);
});

Deno.test("parseJsonConfig() says to quote a duration, rate, size or URL written bare", async (t) => {
  const cases: [string, string][] = [
    ['{ "tasks": [{ "name": "a", "sleep": 1s }] }', '(text is quoted in JSON: "sleep": "1s")'],
    ['{ "defaults": { "rate": 30/min } }', '(text is quoted in JSON: "rate": "30/min")'],
    [
      '{ "defaults": {\n  "maxBodySize": 10MiB\n} }',
      '(text is quoted in JSON: "maxBodySize": "10MiB")',
    ],
    [
      '{ "tasks": [{ "fetch": https://x.org/ }] }',
      '(text is quoted in JSON: "fetch": "https://x.org/")',
    ],
  ];
  for (const [text, hint] of cases) {
    await t.step(text, () => {
      const [issue] = parseJsonConfig(text, "t.json").issues;
      assert(issue.message.startsWith("JSON syntax: "), issue.message);
      assert(issue.message.endsWith(` ${hint}`), issue.message);
    });
  }
  await t.step("not for a value that is no text, nor a comma missing after a quoted one", () => {
    for (const text of ['{ "retries": 2x }', '{ "sleep": "1s" "x": 1 }', '{ "a": [1s] }']) {
      const [issue] = parseJsonConfig(text, "t.json").issues;
      assert(!issue.message.includes("quoted"), issue.message);
    }
  });
});
