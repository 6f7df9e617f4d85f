/**
 * `corun report`'s fetch totals are the run's: a pattern task interrupted with most of its fetches
 * still queued shows them all cancelled, as the run said, not only the ones that had been sent; a
 * crawl's links left out before any request are counted, and its robots.txt reads are shown apart,
 * not as fetches of the task.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask } from "../mod.ts";
import { validateConfig } from "../lib/config/mod.ts";
import { run } from "../lib/tasks/mod.ts";
import { EXIT_CODES } from "../lib/cli/exit_codes.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** The report page's totals table, tags taken out: `fetches 0 done, …`. */
function totalsText(page: string): string {
  const table = /<table id="totals">.*?<\/table>/s.exec(page)?.[0] ?? "";
  return table.replace(/<\/td>/g, "; ").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

Deno.test("an interrupted pattern task's report counts its queued fetches as cancelled", async () => {
  // Each body starts, then hangs until the client gives up: the run is cut short mid-fetch.
  const arrived = Promise.withResolvers<void>();
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => {
      arrived.resolve();
      // Never closed: cancelled once the client goes.
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new Uint8Array(100).fill(97)),
      });
      return new Response(body, { headers: { "content-length": "1000" } });
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const dir = await Deno.makeTempDir({ prefix: "corun-report-totals-" });
  try {
    const config = validateConfig({
      concurrency: 1,
      defaults: { retries: 0 },
      tasks: [{ name: "slow", fetch: `${base}/slow/[1-6]`, save: "slow/{1}.bin" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    arrived.promise.then(() => setTimeout(() => world.interrupt(), 50));
    const trace = `${dir}/trace.json`;
    const args = ["run", "tasks.yaml", "--out", dir, "--trace", trace, "--json"];
    assertEquals(await main(args, world.host), EXIT_CODES.interrupted, world.stderr());
    const items = JSON.parse(world.stdout()).tasks[0].items;
    assertEquals([items.done, items.cancelled], [0, 6]);
    assertEquals(await main(["report", trace], world.host), EXIT_CODES.ok, world.stderr());
    const page = await Deno.readTextFile(`${dir}/trace.html`);
    assertStringIncludes(totalsText(page), "fetches 0 done, 0 failed, 6 cancelled;");
    // Its timeline and tables still have the one fetch that was sent.
    assertStringIncludes(totalsText(page), "attempts 1 (0 retries)");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a crawl's report counts the links it left out, and its robots.txt read apart", async () => {
  // No robots.txt (a 404 allows all); the home page links a page, itself, another origin.
  await using site = startRouteServer({
    "/home": { body: "/a\n/home\nhttp://127.0.0.2:9/elsewhere" },
    "/a": { body: "" },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-report-crawl-" });
  try {
    const config = validateConfig(
      defineConfig({
        outDir: dir,
        tasks: [
          fetchTask("site", site.url("/home"), {
            crawl: { maxDepth: 2 },
            *onResponse(response, ctx) {
              const text = yield* response.body.text();
              for (const link of text.split("\n").filter((line) => line !== "")) {
                yield* ctx.enqueue(link);
              }
            },
          }),
        ],
      }),
      "tasks.ts",
    );
    const world = createFakeWorld({ configs: { "tasks.ts": config }, run });
    const trace = `${dir}/trace.json`;
    const args = ["run", "tasks.ts", "--trace", trace, "--json"];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    const items = JSON.parse(world.stdout()).tasks[0].items;
    assertEquals([items.done, items.skipped], [2, 2]);
    assertEquals(await main(["report", trace], world.host), EXIT_CODES.ok, world.stderr());
    const page = await Deno.readTextFile(`${dir}/trace.html`);
    const totals = totalsText(page);
    assertStringIncludes(totals, "fetches 2 done, 0 failed, 0 cancelled, 2 left out;");
    assertStringIncludes(totals, "robots.txt 1 read for crawled links (not counted as fetches);");
    assertStringIncludes(page, "<td>site (robots.txt)</td>");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
