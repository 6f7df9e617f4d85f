// `crawl.maxFetches` counts a task's fetches, not its requests: a link tried again after a 503, a
// link that redirects, and the robots.txt read before the first link are no more fetches.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("maxFetches counts fetches: a retry, a redirect and robots.txt take no more of it", async () => {
  let askedA = 0;
  await using site = startRouteServer({
    "/": { body: "/a\n/b\n/c\n/d" },
    "/a": () => (++askedA === 1 ? { status: 503, headers: { "Retry-After": "0" } } : { body: "a" }),
    "/b": { status: 302, headers: { Location: "/b2" } },
    "/b2": { body: "b2" },
    "/c": { body: "c" },
    "/d": { body: "d" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-crawl-max-fetches-" });
  try {
    const answers: [string, boolean][] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: [
          fetchTask("capped", site.url("/"), {
            crawl: { maxFetches: 4 },
            *onResponse(response, ctx) {
              const text = yield* response.body.text();
              if (new URL(response.url).pathname !== "/") return;
              for (const link of text.split("\n")) answers.push([link, yield* ctx.enqueue(link)]);
            },
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    // The page and three links are the four fetches; the fourth link is one too many.
    assertEquals(answers, [["/a", true], ["/b", true], ["/c", true], ["/d", false]]);
    assertEquals(site.requests.map((request) => request.path), [
      "/",
      "/robots.txt",
      "/a",
      "/b",
      "/b2",
      "/c",
      "/a",
    ]);
    assertEquals(report.tasks[0].items, {
      total: 4,
      done: 4,
      failed: 0,
      cancelled: 0,
      skipped: 1,
      leftOut: { cap: 1 },
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
