import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseYamlConfig } from "./format_yaml.ts";

const TEXT = `defaults: &shared
  retries: 2
tasks:
  - name: a
    sleep:
  - { name: b, fetch: "https://a.example/" }
  - name: c
    after:
      - a
      - b
other: *shared
`;

Deno.test("parseYamlConfig() returns the data of a valid document", async () => {
  const parsed = await parseYamlConfig(TEXT, "t.yaml");
  assert(parsed.usable);
  assertEquals(parsed.issues, []);
  assertEquals((parsed.value as { other: unknown }).other, { retries: 2 });
});

Deno.test("the YAML locator points at keys, values, flow maps and list items", async () => {
  const locate = await locatedYaml(TEXT);
  const at = (path: (string | number)[], target: "key" | "value" = "value") => {
    const position = locate(path, target);
    return position && `${position.line}:${position.column}`;
  };
  assertEquals(at(["defaults", "retries"]), "2:12");
  assertEquals(at(["defaults", "retries"], "key"), "2:3");
  assertEquals(at(["tasks", 0]), "4:5");
  assertEquals(at(["tasks", 1, "fetch"]), "6:23");
  assertEquals(at(["tasks", 1, "name"], "key"), "6:7");
  assertEquals(at(["tasks", 2, "after", 1]), "10:9");
  assertEquals(at([]), "1:1");
});

Deno.test("the YAML locator falls back to the nearest node present", async () => {
  const locate = await locatedYaml(TEXT);
  assertEquals(
    locate(["tasks", 0, "sleep"], "value"),
    { line: 5, column: 5 },
    "an empty value: its key",
  );
  assertEquals(locate(["tasks", 1, "save"], "value"), { line: 6, column: 5 });
  assertEquals(locate(["tasks", 9], "value"), { line: 4, column: 3 });
  assertEquals(locate(["other", "retries"], "value"), { line: 2, column: 12 }, "through an alias");
});

Deno.test("the YAML locator still places fields in a text std reads and npm:yaml refuses", async () => {
  // A flow list less indented than its key: std takes it (after: [b]), npm:yaml does not, and its
  // guess at the lines after it puts them under other parents.
  const text = "defaults:\n  retries: lots\ntasks:\n  - name: a\n    sleep: 1s\n" +
    "    after: [\n  b ]\n    bogus: 1\n  - name: b\n    sleep: 1s\n";
  const parsed = await parseYamlConfig(text, "t.yaml");
  assert(parsed.usable);
  assertEquals((parsed.value as { tasks: { after?: string[] }[] }).tasks[0].after, ["b"]);
  const locate = await locatedYaml(text);
  assertEquals(locate(["defaults", "retries"], "value"), { line: 2, column: 12 }, "before");
  assertEquals(locate(["tasks", 0, "after"], "key"), { line: 6, column: 5 }, "at the list");
  // After it: the nearest field written before it, never a place npm:yaml guessed.
  assertEquals(locate(["tasks", 0, "bogus"], "key"), { line: 4, column: 5 });
  assertEquals(locate(["tasks", 1, "sleep"], "value"), { line: 4, column: 3 });
});

Deno.test("parseYamlConfig() reports syntax errors without data", async () => {
  const parsed = await parseYamlConfig("tasks:\n\t- sleep: 1\n", "t.yaml");
  assertEquals(parsed.usable, false);
  assertEquals(parsed.value, undefined);
  assertEquals(parsed.issues.length > 0, true);
  assertEquals(parsed.issues[0].line, 2);
  assert(parsed.issues.every((issue) => issue.message.startsWith("YAML syntax: ")));
});

Deno.test("parseYamlConfig() says a tab that indents a line is to be spaces, at each such line", async () => {
  const parsed = await parseYamlConfig("tasks:\n\t- name: a\n\t  sleep: 1s\n", "t.yaml");
  const message = "YAML syntax: a tab indents this line, and YAML indents with spaces only: " +
    "replace the tab with spaces";
  assertEquals(parsed.issues.map((issue) => [issue.line, issue.column, issue.message]), [
    [2, 1, message],
    [3, 1, message],
  ]);
});

async function locatedYaml(text: string) {
  const parsed = await parseYamlConfig(text, "t.yaml");
  return parsed.locate ?? (await parsed.prepareLocate!([]))!;
}

Deno.test("values come from one parser, whatever else the file holds", async () => {
  const plain = "defaults: { retries: 010 }\ntasks:\n  - name: a\n    sleep: 1s\n";
  const withTab = plain + "  - name: b\n    fetch:\n      url: https://example.com/\n" +
    "      method: POST\n      body: |\n        first\n        \tindented with a tab\n";
  const first = await parseYamlConfig(plain, "t.yaml");
  const second = await parseYamlConfig(withTab, "t.yaml");
  assert(first.usable && second.usable, JSON.stringify(second.issues));
  const retries = (parsed: typeof first) =>
    (parsed.value as { defaults: { retries: unknown } }).defaults.retries;
  assertEquals(retries(second), retries(first));
});

Deno.test("parseYamlConfig() of a text with 200,000 syntax errors reports them, not a stack overflow", async () => {
  const text = "tasks:\n" + "\t- sleep: 1s\n".repeat(200_000);
  const parsed = await parseYamlConfig(text, "t.yaml");
  assertEquals(parsed.usable, false);
  assertEquals(parsed.issues[0].line, 2);
});
