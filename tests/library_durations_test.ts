/**
 * A duration given to `ctx.sleep`, `sleep`, `failAfter` or `moveOnAfter` that is not a number
 * (from JavaScript, or a config's habit: `ctx.sleep("3s")`) fails its own task with a TypeError
 * that names the value and the task. It used to become NaN inside: the task failed with "The iterator does not
 * provide a 'throw' method.", and a `failAfter("1s", ...)` deadline fired at once.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, failAfter, moveOnAfter, run, sleepTask, task } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

/** Where the tasks below fail, as `testFilePlace` shows it. */
const FILE = "library_durations_test.ts";

Deno.test("ctx.sleep, failAfter and moveOnAfter refuse a duration that is not a number, naming it and the task", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-durations-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("text-sleep", function* (ctx) {
            yield* ctx.sleep("3s" as unknown as number);
          }),
          task("no-sleep", function* (ctx) {
            yield* (ctx.sleep as (durationMs?: number) => ReturnType<typeof ctx.sleep>)();
          }),
          task("text-deadline", function* (ctx) {
            yield* failAfter("1s" as unknown as number, ctx.sleep(10));
          }),
          task("no-deadline", function* (ctx) {
            yield* moveOnAfter(undefined as unknown as number, ctx.sleep(10));
          }),
          sleepTask("nap", "1s"),
        ],
      }),
      { virtualTime: true, state: false },
    );
    const expected = (name: string, what: string) =>
      `Cannot ${what} in task "${name}": expected a number of milliseconds (at ${FILE})`;
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.endMs, testFilePlace(t.error?.message)]),
      [
        ["text-sleep", "failed", 0, expected("text-sleep", 'sleep "3s"')],
        ["no-sleep", "failed", 0, expected("no-sleep", "sleep undefined")],
        [
          "text-deadline",
          "failed",
          0,
          expected("text-deadline", 'set a failAfter deadline of "1s"'),
        ],
        [
          "no-deadline",
          "failed",
          0,
          expected("no-deadline", "set a moveOnAfter deadline of undefined"),
        ],
        ["nap", "done", 1000, undefined],
      ],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
