// A URL a user wrote is quoted in a message by one rule, wherever it was written (a config, a
// pattern, a script): its `user:password@` shows as `***@`, also when the URL is mistyped so that
// the URL parser finds no credentials in it (no scheme, `https//`, `http ://`).
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue, defineConfig, run } from "../mod.ts";
import { loadText } from "./fixtures/config_files.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const SECRET = "PW_SECRET";

const withDir = withTempDir("corun-url-shown-");

async function configProblems(text: string): Promise<string[]> {
  const error = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  return error.issues.map((issue: ConfigIssue) => `${issue.path}: ${issue.message}`);
}

Deno.test("a URL pattern's syntax error quotes it without its credentials, the column within what is shown", async () => {
  const problems = await configProblems(
    `tasks:\n  - { fetch: "http://me:${SECRET}@127.0.0.1/{a,b", save: "{1}" }\n` +
      `  - { fetch: "http://me:${SECRET}@127.0.0.1/[3-1]", save: "{1}" }\n`,
  );
  assertEquals(problems, [
    'tasks[0].fetch: Cannot use URL pattern "http://***@127.0.0.1/{a,b" (column 22): "{" is never ' +
    'closed (write "\\{" for a literal one, or glob: false to take the URL as written)',
    'tasks[1].fetch: Cannot use URL pattern "http://***@127.0.0.1/[3-1]" (column 22): "[3-1]" goes ' +
    "down; write the smaller end first",
  ]);
});

Deno.test("ctx.fetch quotes a mistyped URL and an originProxies key without their credentials, as a config does", async () => {
  await withDir(async (dir) => {
    const errors: string[] = [];
    await run(
      defineConfig({
        outDir: dir,
        tasks: [{
          name: "custom",
          *run(ctx) {
            const calls = [
              () => ctx.fetch(`me:${SECRET}@127.0.0.1:1/ok`),
              () => ctx.fetch(`https//me:${SECRET}@127.0.0.1:1/ok`),
              () =>
                ctx.fetch("http://127.0.0.1:1/ok", {
                  originProxies: { [`http://u:${SECRET}@x.org`]: false },
                }),
            ];
            for (const call of calls) {
              try {
                yield* call();
              } catch (error) {
                errors.push((error as Error).message.replace(/ \(at .*\)$/, ""));
              }
            }
          },
        }],
      }),
      { state: false },
    );
    const absolute = "expected an absolute http: or https: URL";
    assertEquals(errors, [
      `Cannot ctx.fetch "***@127.0.0.1:1/ok" for task "custom": ${absolute}`,
      `Cannot ctx.fetch "https//***@127.0.0.1:1/ok" for task "custom": ${absolute}`,
      'Cannot ctx.fetch "http://127.0.0.1:1/ok" for task "custom": option "originProxies" has the ' +
      'key "http://***@x.org", which is no origin ("https://example.org", "http://127.0.0.1:8080": ' +
      "a scheme, a host and a port, nothing else)",
    ]);
  });
});

Deno.test("a URL typed with a space before :// or without its colon is quoted without its credentials", async () => {
  const problems = await configProblems(
    `tasks:\n  - { fetch: "http ://me:${SECRET}@127.0.0.1/x", save: a }\n` +
      `notify: { success: "http//u:${SECRET}@127.0.0.1/ping" }\n`,
  );
  assertEquals(problems, [
    'tasks[0].fetch: expected an http: or https: URL, got "http ://***@127.0.0.1/x"',
    'notify.success: expected an http: or https: URL, got "http//***@127.0.0.1/…" (the rest not ' +
    "shown: a ping URL's path is its secret)",
  ]);
  for (const problem of problems) assert(!problem.includes(SECRET), problem);
});
