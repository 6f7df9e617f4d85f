// A crawled page that redirects: the page it lands on has been fetched, so a link to it is a page
// the run has seen (a seed `/` that lands on `/en/`, whose logo links to `/en/`, is fetched once).
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** A page whose body is its links, one a line. */
const page = (...links: string[]) => ({ body: links.join("\n") });

Deno.test("a crawl's seed that redirects: a link to the page it landed on is seen, not fetched again", async () => {
  await using site = startRouteServer({
    "/": { status: 301, headers: { Location: "/en/" } },
    "/en/": page("/en/", "/go"),
    "/go": { status: 302, headers: { Location: "/en/docs" } },
    "/en/docs": page("/en/", "/en/docs", "/en/more"),
    "/en/more": page("/en/docs"),
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-crawl-redirect-" });
  try {
    const answers: [string, boolean][] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: [
          fetchTask("site", site.url("/"), {
            *onResponse(response, ctx) {
              const links = (yield* response.body.text()).split("\n");
              for (const link of links) answers.push([link, yield* ctx.enqueue(link)]);
            },
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(site.requests.map((request) => request.path), [
      "/",
      "/en/",
      "/robots.txt", // before the first link (a 404: all allowed)
      "/go",
      "/en/docs",
      "/en/more",
    ]);
    assertEquals(answers, [
      ["/en/", false], // where the seed landed
      ["/go", true],
      ["/en/", false],
      ["/en/docs", false], // where the enqueued /go landed
      ["/en/more", true],
      ["/en/docs", false],
    ]);
    assertEquals(report.tasks[0].items, {
      total: 3,
      done: 3,
      failed: 0,
      cancelled: 0,
      skipped: 4,
      leftOut: { seen: 4 },
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
