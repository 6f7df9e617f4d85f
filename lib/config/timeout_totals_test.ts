import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadText } from "../../tests/fixtures/config_files.ts";

async function issuesOfYaml(text: string): Promise<string[]> {
  const error = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  return error.issues.map((issue: ConfigIssue) =>
    `${issue.line}:${issue.column}: ${issue.path}: ${issue.message}`
  );
}

const NEVER = "which ends each attempt first, so it would never apply";

Deno.test("a timeout, timeout.headers or timeout.idle longer than the timeout.total in force is a config error at its place, naming both and the fix", async () => {
  assertEquals(
    await issuesOfYaml(`defaults:
  timeout: { headers: 10m, total: 1m }
tasks:
  - { fetch: "https://x.example/a", timeout: 10s }
  - { fetch: "https://x.example/b", timeout: 2m }
  - { fetch: "https://x.example/c", timeout: 6m, name: "long" }
  - fetch: { url: "https://x.example/d", timeout: { idle: 90s, total: 1m } }
`),
    [
      `2:23: defaults.timeout.headers: 10m is longer than timeout.total (1m, given with it), ${NEVER}: raise total to at least 10m`,
      `5:46: tasks[1].timeout: 2m (for headers and idle) is longer than timeout.total (1m, from defaults), ${NEVER}: raise total with it, as in timeout: { headers: 2m, idle: 2m, total: 2m }`,
      `6:46: tasks[2].timeout: 6m (for headers and idle) is longer than timeout.total (1m, from defaults), ${NEVER}: raise total with it, as in timeout: { headers: 6m, idle: 6m, total: 6m }`,
      `7:59: tasks[3].fetch.timeout.idle: 1m30s is longer than timeout.total (1m, given with it), ${NEVER}: raise total to at least 1m30s`,
    ],
  );
  // The built-in total is 5m.
  assertEquals(
    await issuesOfYaml(`tasks:
  - { fetch: "https://x.example/report", timeout: 10m }
`),
    [
      `2:51: tasks[0].timeout: 10m (for headers and idle) is longer than timeout.total (5m, the built-in default), ${NEVER}: raise total with it, as in timeout: { headers: 10m, idle: 10m, total: 10m }`,
    ],
  );
});

Deno.test("a phase within the total in force, or a task that lowers total below what it inherits, is fine", async () => {
  await loadText(
    "c.yaml",
    `defaults:
  timeout: { headers: 10m, idle: 10m, total: 1h }
tasks:
  - { fetch: "https://x.example/a", timeout: 10m }
  - { fetch: "https://x.example/b", timeout: { headers: 2h, total: 2h } }
  - { fetch: "https://x.example/c", timeout: { total: 30s } }
`,
  );
});
