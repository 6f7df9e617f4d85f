// A custom task's `ctx.enqueue` waits while the run's frontier is full (10,000 queued fetches). A
// wait the task gives up (`moveOnAfter`, `race`) must leave nothing behind: the URL was not queued,
// so it is neither counted nor remembered as seen, and the task ends when its queued fetches do.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, moveOnAfter, run, task } from "../mod.ts";
import { freePort } from "./fixtures/raw_conn.ts";

/** What the frontier holds before `put` waits for room (MemoryFrontier's capacity). */
const FRONTIER_CAPACITY = 10_000;

Deno.test("an enqueue given up while the frontier is full queues nothing: the task still ends, and the URL can be enqueued again", async () => {
  // Nothing listens there: each fetch fails at once, without a server to run.
  const base = `http://127.0.0.1:${freePort()}`;
  const outDir = await Deno.makeTempDir({ prefix: "corun-enqueue-cancel-" });
  try {
    const answers: (boolean | undefined)[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        // A second between two starts: the queue stays full while the task waits for room. (No
        // robots.txt, which the refused port would leave unread, disallowing every link.)
        defaults: { crawl: { maxFetches: 20_000, robots: false }, delay: "1s", retries: 0 },
        tasks: [
          task("filler", function* (ctx) {
            for (let i = 0; i <= FRONTIER_CAPACITY; i++) yield* ctx.enqueue(`${base}/page/${i}`);
            // Gives up waiting for room after 100 ms, long before the next fetch may start.
            answers.push(yield* moveOnAfter(100, ctx.enqueue(`${base}/late`)));
            answers.push(yield* ctx.enqueue(`${base}/late`));
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(answers, [undefined, true]);
    const [filler] = report.tasks;
    const items = filler.items!;
    assertEquals(items.total, FRONTIER_CAPACITY + 2);
    assertEquals(items.done + items.failed + items.cancelled, items.total);
    assertEquals(items.skipped, 0);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
