/**
 * A request header's value may hold no control character but tab (RFC 9110 §5.5), by one rule for
 * a config's headers and credentials (a located config error) and for `ctx.fetch` / `ctx.request`
 * (the task fails before anything is sent). ESC and DEL used to go out as raw bytes, which strict
 * servers answer with a 400 the user could not trace to the field; a C1 control (U+0080–U+009F)
 * went out as UTF-8, `C2 85`, which no server reads as meant.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, loadConfig, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

Deno.test("a config's header value or bearer token with ESC, DEL or a C1 control is an error at its field; a tab is not", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-header-controls-" });
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `tasks:
  - name: a
    fetch:
      url: "http://127.0.0.1:9/"
      headers: { X-Esc: "a\\eb", X-Del: "a\\x7Fb", X-Tab: "a\\tb" }
      auth: { bearer: "t\\x01k" }
  - name: b
    fetch:
      url: "http://127.0.0.1:9/"
      headers: { X-Nel: "a\\u0085b", X-Csi: "\\u009b2J", X-Latin: "caf\\u00e9" }
      body: { text: "x", contentType: "text/plain\\u0080" }
`,
    );
    let issues: string[] = [];
    try {
      await loadConfig(`${dir}/c.yaml`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues = error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}`);
      const messages = new Set(
        error.issues.map((issue) => issue.message.replace(/^.*?, got /, "")),
      );
      assertEquals([...messages], [
        "a text with one (not shown: it may be a credential)",
        // Shown escaped: a C1 control would reach the terminal as it is.
        '"text/plain\\u0080"',
      ]);
    }
    assertEquals(issues, [
      '5:25 tasks[0].fetch.headers["X-Esc"]',
      '5:40 tasks[0].fetch.headers["X-Del"]',
      "6:23 tasks[0].fetch.auth.bearer",
      '10:25 tasks[1].fetch.headers["X-Nel"]',
      '10:44 tasks[1].fetch.headers["X-Csi"]',
      "11:39 tasks[1].fetch.body.contentType",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ctx.fetch and ctx.request refuse a header value with DEL, ESC or a C1 control before sending; a tab goes", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-header-controls-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("del", function* (ctx) {
            yield* ctx.fetch({ url, headers: { "X-A": "a\u007fb" } });
          }),
          task("esc", function* (ctx) {
            const response = yield* ctx.request({ url, headers: { "X-A": "a\u001bb" } });
            response.body.close();
          }),
          task("nel", function* (ctx) {
            yield* ctx.fetch({ url, headers: { "X-A": "a\u0085b" } });
          }),
          task("tab", function* (ctx) {
            yield* ctx.fetch({ url, headers: { "X-A": "a\tb" } });
          }),
        ],
      }),
      { state: false },
    );
    // Named with the task, the URL and the place, as ctx.fetch's other refusals are.
    const refused = (call: string, task: string, code: string) =>
      `Cannot ctx.${call} "${url}" for task "${task}": header "X-A": the value contains a ` +
      `control character other than tab (U+${code}) (at header_value_controls_test.ts)`;
    const shown = report.tasks.map((t) => [t.name, t.outcome, t.error?.code, t.error?.message]);
    assertEquals(
      shown.map(([name, outcome, code, message]) => [name, outcome, code, testFilePlace(message)]),
      [
        ["del", "failed", "BAD_REQUEST_HEADER", refused("fetch", "del", "007F")],
        ["esc", "failed", "BAD_REQUEST_HEADER", refused("request", "esc", "001B")],
        ["nel", "failed", "BAD_REQUEST_HEADER", refused("fetch", "nel", "0085")],
        ["tab", "done", undefined, undefined],
      ],
    );
    assertEquals(server.requests.map((request) => request.headers.get("x-a")), ["a\tb"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
