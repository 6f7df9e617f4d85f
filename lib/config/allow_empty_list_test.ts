/**
 * `allowEmptyList`: a key of a request with `urls`, true or false; refused, located, with a `url`
 * (one URL or a pattern, never empty), beside `fetch` on the task, in `defaults`, or not a boolean.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { resolve } from "./deps.ts";
import { loadConfig } from "./load.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

async function inDir<T>(text: string, use: (path: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "corun-allow-empty-" });
  try {
    await Deno.writeTextFile(resolve(dir, "urls.txt"), "");
    await Deno.writeTextFile(resolve(dir, "c.yaml"), text);
    return await use(resolve(dir, "c.yaml"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("allowEmptyList: true marks the task's list; false and absent do not", async () => {
  const tasks = await inDir(
    `tasks:
  - fetch: { urls: urls.txt, allowEmptyList: true }
  - fetch: { urls: urls.txt, allowEmptyList: false }
  - fetch: { urls: urls.txt }
`,
    async (path) => (await loadConfig(path)).tasks as FetchTaskSpec[],
  );
  assertEquals(tasks.map((task) => task.urls?.kind === "list" && task.urls.allowEmpty), [
    true,
    undefined,
    undefined,
  ]);
});

Deno.test("allowEmptyList that is no boolean, or with a url, or out of fetch: located errors", async () => {
  const issues = await inDir(
    `defaults:
  allowEmptyList: true
tasks:
  - fetch: { urls: urls.txt, allowEmptyList: "yes" }
  - fetch: { url: "https://x.example/a", allowEmptyList: true }
  - fetch: { url: "https://x.example/[1-3]", allowEmptyList: false }
  - fetch: { urls: urls.txt }
    allowEmptyList: true
`,
    async (path) => {
      const error = await assertRejects(() => loadConfig(path), ConfigError);
      return error.issues.map((issue: ConfigIssue) => [issue.line, issue.path, issue.message]);
    },
  );
  const withUrl =
    '"allowEmptyList" is about a "urls" list file; a "url" (one URL or a pattern) is never empty';
  const place = "as in fetch: { urls: FILE, allowEmptyList: true }";
  assertEquals(issues, [
    [
      2,
      "defaults.allowEmptyList",
      `unknown key "allowEmptyList": it goes in a task's "fetch", not in "defaults", ${place}`,
    ],
    [4, "tasks[0].fetch.allowEmptyList", 'expected true or false (allowEmptyList), got "yes"'],
    [5, "tasks[1].fetch.allowEmptyList", withUrl],
    [6, "tasks[2].fetch.allowEmptyList", withUrl],
    [
      8,
      "tasks[3].allowEmptyList",
      `unknown key "allowEmptyList": it goes inside "fetch", ${place}`,
    ],
  ]);
});
