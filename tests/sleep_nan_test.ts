/**
 * A duration that is NaN (`ctx.sleep(NaN)`, `moveOnAfter(NaN, ...)`: a number computed from
 * nothing) fails its own task with a RangeError; it used to enter the loop's timer heap, where it
 * put every other task's timers out of order.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, moveOnAfter, run, sleepTask, task } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

Deno.test("ctx.sleep(NaN) and moveOnAfter(NaN) fail their task with a RangeError; other tasks wake on time", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-sleep-nan-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("nan-sleep", function* (ctx) {
            yield* ctx.sleep(NaN);
          }),
          task("nan-deadline", function* (ctx) {
            yield* moveOnAfter(NaN, ctx.sleep(1));
          }),
          sleepTask("nap", "1s"),
          task("short-naps", function* (ctx) {
            yield* ctx.sleep(10);
            yield* ctx.sleep(10);
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.endMs, testFilePlace(t.error?.message)]),
      [
        [
          "nan-sleep",
          "failed",
          0,
          'Cannot sleep NaN ms in task "nan-sleep": expected a number of milliseconds (at ' +
          "sleep_nan_test.ts)",
        ],
        [
          "nan-deadline",
          "failed",
          0,
          'Cannot set a moveOnAfter deadline of NaN ms in task "nan-deadline": expected a number of ' +
          "milliseconds (at sleep_nan_test.ts)",
        ],
        ["nap", "done", 1000, undefined],
        ["short-naps", "done", 20, undefined],
      ],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
