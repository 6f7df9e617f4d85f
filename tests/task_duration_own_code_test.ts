/**
 * A task's reported end is when it really ended, synchronous code included: a custom task that waits
 * and then computes for a while used to end at the instant it resumed (the loop reads its clock once a
 * batch of steps), so `cpu done 0.05s` for a task that took half a second.
 *
 * The computing is a virtual clock moved on from inside a step, as a task's synchronous code moves
 * the real one: the durations are exact, whatever else the machine is doing.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, task, type VirtualClock } from "../mod.ts";

/** Computes for `ms` milliseconds without yielding, as a task's own code does. */
function busy(clock: VirtualClock, ms: number): void {
  clock.advanceTo(clock.now() + ms);
}

Deno.test("a custom task's duration includes the synchronous code it ran after its last wait", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-task-duration-" });
  try {
    const clock = createVirtualClock();
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("cpu", function* (ctx) {
            yield* ctx.sleep(50);
            busy(clock, 400);
          }),
          // Started in the same batch as "next", computing before it yields.
          task("first", function* (ctx) {
            busy(clock, 300);
            yield* ctx.sleep(0);
          }),
          // Its start is its own, not the batch's instant before "first" computed.
          task("next", function* (ctx) {
            yield* ctx.sleep(0);
          }),
        ],
      }),
      { state: false, clock },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.startMs, t.endMs]), [
      ["cpu", 0, 700],
      ["first", 0, 300],
      ["next", 300, 300],
    ]);
    assertEquals(report.durationMs, 700);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
