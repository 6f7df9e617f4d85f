/**
 * Request headers as a config gives them: one name per header in a table (two spellings would both
 * be sent), the defaults' under a task's without regard to case, and the defaults' on every fetch
 * the config makes, a custom task's `ctx.fetch`, `ctx.request` and enqueued URLs included.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, fetchTask, loadConfig, run, task } from "../mod.ts";
import { withFile } from "./fixtures/config_files.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("two spellings of one header in a headers table are a config error at the second, naming both", async () => {
  const yaml = [
    "defaults:",
    "  headers:",
    "    X-Api-Key: a",
    "    x-api-key: b",
    "tasks:",
    "  - fetch: https://example.org/",
    "    headers: { Authorization: a, AUTHORIZATION: b }",
    "  - fetch: { url: https://example.org/b, headers: { Accept: a, accept: b } }",
    "  - fetch: https://example.org/c",
    "    headers: { User-Agent: a }", // one spelling per table: fine beside the defaults' X-Api-Key
    "",
  ].join("\n");
  const error = await withFile<ConfigError>(
    "c.yaml",
    yaml,
    (path) => assertRejects(() => loadConfig(path), ConfigError),
  );
  const says = (second: string, first: string) =>
    `${JSON.stringify(second)} and ${JSON.stringify(first)} are one header (names do not depend ` +
    "on case), and both would be sent: keep one";
  assertEquals(
    error.issues.map(({ line, column, path, message }) => ({ line, column, path, message })),
    [
      {
        line: 4,
        column: 5,
        path: 'defaults.headers["x-api-key"]',
        message: says("x-api-key", "X-Api-Key"),
      },
      {
        line: 7,
        column: 34,
        path: "tasks[0].headers.AUTHORIZATION",
        message: says("AUTHORIZATION", "Authorization"),
      },
      {
        line: 8,
        column: 64,
        path: "tasks[1].fetch.headers.accept",
        message: says("accept", "Accept"),
      },
    ],
  );
});

Deno.test("a TypeScript config's headers are held to one spelling per header too", async () => {
  const error = await assertRejects(
    () =>
      run(defineConfig({
        tasks: [
          fetchTask("t", "http://127.0.0.1:1/", { headers: { Cookie: "a=1", cookie: "b=2" } }),
        ],
      })),
    ConfigError,
  );
  assertEquals(error.issues.map((issue: { path: string }) => issue.path), [
    "tasks[0].headers.cookie",
  ]);
});

Deno.test("defaults.headers go under a task's without regard to case: the task's spelling and value are sent, once", async () => {
  await using server = startRouteServer({ "/": { body: "ok" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-headers-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { headers: { "X-Team": "defaults", "X-Kept": "1" } },
        tasks: [fetchTask("t", server.url("/"), { headers: { "x-team": "task" } })],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 1);
    const fields = server.requests[0].fields.filter(([name]) =>
      name.toLowerCase().startsWith("x-")
    );
    assertEquals(fields, [["X-Kept", "1"], ["x-team", "task"]]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a custom task's ctx.fetch, ctx.request and enqueued URLs send defaults.headers under their own", async () => {
  await using server = startRouteServer({
    "/fetch": { body: "ok" },
    "/own": { body: "ok" },
    "/request": { body: "ok" },
    "/enqueued": { body: "ok" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-headers-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { headers: { "User-Agent": "my-bot/1", "X-Team": "a" } },
        tasks: [
          task("custom", function* (ctx) {
            yield* ctx.fetch(server.url("/fetch"));
            yield* ctx.fetch({ url: server.url("/own"), headers: { "x-team": "b" } });
            const response = yield* ctx.request(server.url("/request"));
            yield* response.body.text();
            yield* ctx.enqueue(server.url("/enqueued"));
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 1);
    // (The enqueued URL's robots.txt was asked for with them too.)
    const asked = server.requests.filter((request) => request.path !== "/robots.txt");
    const sent = Object.fromEntries(
      asked.map((request) => [
        request.path,
        request.fields.filter(([name]) => ["user-agent", "x-team"].includes(name.toLowerCase())),
      ]),
    );
    assertEquals(sent, {
      "/fetch": [["User-Agent", "my-bot/1"], ["X-Team", "a"]],
      "/own": [["User-Agent", "my-bot/1"], ["x-team", "b"]],
      "/request": [["User-Agent", "my-bot/1"], ["X-Team", "a"]],
      "/enqueued": [["User-Agent", "my-bot/1"], ["X-Team", "a"]],
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
