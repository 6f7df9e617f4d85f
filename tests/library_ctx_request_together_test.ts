/**
 * `ctx.request`s made together (`all([...])`) each passed the unread-responses check as they were
 * called, before any head had arrived; once the first heads held every connection the run opens to
 * the origin, the next request waited for one forever, and so did `run()`. The check is asked again
 * as each request's turn comes, counting the bodies nothing was read from: requests that each read
 * their own body as it comes still go through.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
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

Deno.test("two tasks whose unread responses hold every connection: the waiting request fails at timeouts.total, not never", async () => {
  await using server = site();
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-requests-" });
  // A hang guard, not a speed check: a run still going then is stuck.
  const guard = new AbortController();
  const timer = setTimeout(() => guard.abort(), 30_000);
  try {
    const bodies: string[] = [];
    // perHost 1 and concurrency 2: at most 3 connections to the origin. Each task holds its heads
    // unread until all three came, and neither holds enough alone to be refused at once
    // (UNREAD_RESPONSES counts a task's own): the fourth head waits for a connection the other
    // task holds, whose next request waits for that turn.
    const together = (name: string) =>
      task(name, function* (ctx) {
        const responses = yield* all(PAGES.map((path) => ctx.request(server.url(path))));
        for (const response of responses) bodies.push(yield* response.body.text());
      });
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        perHost: 1,
        concurrency: 2,
        defaults: { timeout: { total: "1s" }, retries: 0 },
        tasks: [together("first"), together("second")],
      }),
      { state: false, signal: guard.signal },
    );
    assertEquals(report.interrupted, false, "the run waited for connections forever");
    const failed = report.tasks.filter((t) => t.outcome === "failed");
    assertEquals(failed.length, 1, JSON.stringify(report.tasks));
    assertEquals(failed[0].error?.code, "TIMEOUT_TOTAL");
    assertMatch(
      failed[0].error?.message ?? "",
      /taken for timeout\.total \(1s\), by responses not yet read/,
    );
    // The other task got its connections once the failed one's responses were closed.
    assertEquals(bodies.toSorted(), ["page /a", "page /b", "page /c"]);
  } finally {
    clearTimeout(timer);
    await Deno.remove(outDir, { recursive: true });
  }
});
