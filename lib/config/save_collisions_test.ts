import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadText } from "./test_util.ts";

async function issuesOfYaml(text: string): Promise<Omit<ConfigIssue, "file">[]> {
  const error = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  return error.issues.map((issue: ConfigIssue) => {
    const { line, column, path, message } = issue;
    return { line, column, path, message };
  });
}

Deno.test("two tasks saving one literal file (after a/./b is read as a/b): located at the second's save, naming the first", async () => {
  const issues = await issuesOfYaml(`tasks:
  - name: first
    fetch: https://example.com/1
    save: pages/a.html
  - name: second
    fetch: https://example.com/2
    save: pages/./a.html
  - fetch: https://example.com/3
    save: "{host}/{path}"
`);
  assertEquals(issues, [{
    line: 7,
    column: 11,
    path: "tasks[1].save",
    message: 'saves to "pages/a.html", as tasks[0] ("first") does: two tasks cannot save one file',
  }]);
});

Deno.test("a save that names the metadata log or the state file is a located config error", async () => {
  const issues = await issuesOfYaml(`metadata: logs/fetches.jsonl
tasks:
  - { fetch: "https://example.com/1", save: logs/fetches.jsonl }
  - { fetch: "https://example.com/4", save: .corun-state.json }
  - { fetch: "https://example.com/5", save: corun.jsonl }
`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      3,
      "tasks[0].save",
      `saves to "logs/fetches.jsonl", which is corun's metadata log: choose another path`,
    ],
    [
      4,
      "tasks[1].save",
      `saves to ".corun-state.json", which is corun's state file: choose another path`,
    ],
  ]);
});

Deno.test("metadata: sub/../meta.jsonl is the file meta.jsonl, as the metadata log writes it: a save there is a config error", async () => {
  const issues = await issuesOfYaml(`metadata: sub/../meta.jsonl
tasks:
  - { fetch: "https://example.com/1", save: meta.jsonl }
  - { fetch: "https://example.com/2", save: ./sub/meta.jsonl }
`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      3,
      "tasks[0].save",
      `saves to "meta.jsonl", which is corun's metadata log: choose another path`,
    ],
  ]);
});

Deno.test("a large YAML config (read in chunks) with a collision 300 tasks apart is a located error", async () => {
  const items = Array.from(
    { length: 600 },
    (_, i) => `  - { fetch: "https://example.com/${i}", save: "${i === 400 ? 7 : i}.html" }\n`,
  );
  const issues = await issuesOfYaml(`tasks:\n${items.join("")}`);
  assertEquals(issues.map((issue) => [issue.line, issue.path, issue.message]), [
    [
      402,
      "tasks[400].save",
      'saves to "7.html", as tasks[7] ("task-8") does: two tasks cannot save one file',
    ],
  ]);
});

Deno.test("templates with placeholders, and distinct literal files, are not collisions", async () => {
  const spec = await loadText(
    "c.yaml",
    `tasks:
  - { fetch: "https://example.com/1", save: "{uuid}.html" }
  - { fetch: "https://example.com/2", save: "{uuid}.html" }
  - { fetch: "https://example.com/3", save: "a.html" }
  - { fetch: "https://example.com/4", save: "sub/a.html" }
  - { fetch: "https://example.com/5", save: "corun.jsonl.bak" }
`,
  );
  assertEquals(spec.tasks.length, 5);
});
