/**
 * `ctx.request`s made together (`all([...])`) each passed the unread-responses check as they were
 * called, before any head had arrived; once the first heads held every connection the run opens to
 * the origin, the next request waited for one forever, and so did `run()`. The check is asked again
 * as each request's turn comes, counting the bodies nothing was read from: requests that each read
 * their own body as it comes still go through.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { all, defineConfig, type Effect, race, run, sleep, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const PAGES = ["/a", "/b", "/c"];

function site() {
  return startRouteServer(
    Object.fromEntries(PAGES.map((path) => [path, { body: `page ${path}` }])),
  );
}

Deno.test("ctx.requests made together that would hold every connection unread fail instead of waiting forever", async () => {
  await using server = site();
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-requests-" });
  try {
    // perHost 1 and concurrency 1: the run opens at most 2 connections to the origin.
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        perHost: 1,
        concurrency: 1,
        tasks: [
          task("together", function* (ctx) {
            const heads = all(PAGES.map((path) => ctx.request(server.url(path))));
            // Without the check this waits forever; the virtual hour then ends the wait.
            yield* race<unknown>([heads, sleep(3_600_000)]);
          }),
        ],
      }),
      { state: false, virtualTime: true },
    );
    const [together] = report.tasks;
    assertEquals([together.outcome, together.error?.code], ["failed", "UNREAD_RESPONSES"]);
    assertEquals(server.requests.map((request) => request.path), ["/a", "/b"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.requests made together that each read their own body go through, more than the connections", async () => {
  await using server = site();
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-requests-" });
  try {
    const bodies: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        perHost: 1,
        concurrency: 1,
        tasks: [
          task("each-reads", function* (ctx) {
            yield* all(PAGES.map((path) =>
              function* (): Generator<Effect, void> {
                const response = yield* ctx.request(server.url(path));
                bodies.push(yield* response.body.text());
              }()
            ));
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["each-reads", "done"]]);
    assertEquals(bodies.toSorted(), ["page /a", "page /b", "page /c"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
