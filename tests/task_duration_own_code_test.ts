/**
 * A task's reported end is when it really ended, synchronous code included: a custom task that waits
 * and then computes for a while used to end at the instant it resumed (the loop reads its clock once a
 * batch of steps), so `cpu done 0.05s` for a task that took half a second.
 */
import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";

/** Spins for `ms` milliseconds without yielding, as a task's own computation does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* synchronous work */ }
}

Deno.test("a custom task's duration includes the synchronous code it ran after its last wait", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-task-duration-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("cpu", function* (ctx) {
            yield* ctx.sleep(50);
            busy(400);
          }),
          // Started in the same batch as "next", computing before it yields.
          task("first", function* (ctx) {
            busy(300);
            yield* ctx.sleep(0);
          }),
          // Its start is its own, not the batch's instant before "first" computed.
          task("next", function* (ctx) {
            yield* ctx.sleep(0);
          }),
        ],
      }),
      { state: false },
    );
    const [cpu, first, next] = report.tasks;
    const cpuMs = cpu.endMs! - cpu.startMs!;
    assert(cpuMs >= 440, `cpu took ${cpuMs} ms`);
    const firstMs = first.endMs! - first.startMs!;
    assert(firstMs >= 290, `first took ${firstMs} ms`);
    const nextMs = next.endMs! - next.startMs!;
    assert(nextMs < 150, `next took ${nextMs} ms`);
    assert(report.durationMs >= cpu.endMs!, `the run took ${report.durationMs} ms`);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
