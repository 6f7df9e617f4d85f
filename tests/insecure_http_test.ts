/**
 * `insecure: true` on a task whose URL is http: the URL itself has no TLS, but a redirect to https
 * connects with the task's settings, so the hostname check is off there; the warning says so, and
 * for a list or an https URL what it is off for.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const CA_FILE = new URL("./fixtures/tls/ca.pem", import.meta.url).pathname;

Deno.test("insecure: true on an http URL is used by its redirect to https, and the warning says so", async () => {
  // Signed by the trusted CA, for another name than 127.0.0.1.
  await using secure = startRouteServer({ "/page": { body: "page" } }, { tls: "wrong-name" });
  await using plain = startRouteServer({
    "/start": { status: 302, headers: { location: secure.url("/page") } },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-insecure-http-" });
  try {
    const start = plain.url("/start");
    const runOnce = (insecure: boolean) =>
      run(
        defineConfig({
          outDir: dir,
          metadata: false,
          tasks: [{ name: "lax", fetch: start, insecure, caFile: CA_FILE, retries: 0 }],
        }),
        { state: false },
      );
    const checked = await runOnce(false);
    assertEquals(checked.tasks[0].outcome, "failed");
    assertMatch(checked.tasks[0].error!.message, /certificate not valid for name "127.0.0.1"/);
    assertEquals(checked.warnings, []);
    const lax = await runOnce(true);
    assertEquals(lax.tasks[0].outcome, "done");
    assertEquals(lax.warnings, [
      `Task "lax": TLS hostname verification is OFF (insecure: true) for any https URL it ` +
      `reaches from ${start} (a redirect, an enqueued link); http itself has no TLS`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the insecure: true warning of a list task names its list, not a URL", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-insecure-list-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, "https://127.0.0.1:9/a\n");
    const report = await run(
      defineConfig({
        outDir: dir,
        tasks: [{ name: "lax", fetch: { urls: `${dir}/urls.txt` }, insecure: true }],
      }),
      { state: false, dryRun: true },
    );
    assertEquals(report.warnings, [
      `Task "lax": TLS hostname verification is OFF (insecure: true) for the https URLs it ` +
      `fetches from the list ${dir}/urls.txt`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("insecure: true in defaults warns for a custom task too: its ctx.fetch connects with it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-insecure-custom-" });
  try {
    const report = await run(
      defineConfig({
        outDir: dir,
        defaults: { insecure: true },
        tasks: [
          { name: "crawl", run: function* () {} },
          { name: "strict", fetch: "https://127.0.0.1:9/a", insecure: false },
        ],
      }),
      { state: false, dryRun: true },
    );
    assertEquals(report.warnings, [
      'Task "crawl": TLS hostname verification is OFF (insecure: true in defaults) for the ' +
      "https requests of its ctx.fetch and the links it enqueues",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a ctx.fetch or ctx.request call that sets insecure or allowDowngrade is warned of, once per task", async () => {
  await using server = startRouteServer({ "/x": { body: "x" } });
  const url = server.url("/x");
  const dir = await Deno.makeTempDir({ prefix: "corun-insecure-call-" });
  try {
    const report = await run(
      defineConfig({
        outDir: dir,
        metadata: false,
        tasks: [
          task("ins", function* (ctx) {
            yield* ctx.fetch(url, { insecure: true });
            yield* ctx.fetch(`${url}?again`, { insecure: true });
            (yield* ctx.request(url, { insecure: true })).body.close();
          }),
          task("down", function* (ctx) {
            (yield* ctx.request(url, { allowDowngrade: true, insecure: false })).body.close();
          }),
          task("strict", function* (ctx) {
            yield* ctx.fetch(url, { insecure: false, allowDowngrade: false });
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => t.outcome), ["done", "done", "done"]);
    assertEquals(report.warnings.toSorted(), [
      `Task "down": the refusal of redirects from https to http is OFF (allowDowngrade: true in ` +
      `ctx.request) for ${url}, the first of its calls to set it`,
      `Task "ins": TLS hostname verification is OFF (insecure: true in ctx.fetch) for ${url}, the ` +
      "first of its calls to set it",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
