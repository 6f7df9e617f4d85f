/**
 * A `ctx.fetch` given up while it waits out its backoff (a `moveOnAfter` around it) leaves the
 * run's frontier at once: the run ends with its last task, not when that wait would have ended.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, moveOnAfter, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a ctx.fetch given up during its Retry-After wait does not keep the run going until the wait ends", async () => {
  await using server = startRouteServer({
    "/busy": { status: 503, headers: { "Retry-After": "50" } },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-retry-given-up-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("impatient", function* (ctx) {
            yield* moveOnAfter(1000, ctx.fetch(server.url("/busy")));
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals(report.tasks[0].endMs, 1000);
    assertEquals(report.durationMs, 1000, "the run waited out the retry nobody wanted any more");
    assertEquals(server.requests.length, 1);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
