/**
 * `ctx.append` cut off by a deadline: its write in flight cannot be stopped part-way, so the task
 * waits for it; the bytes land whole and nothing is written after the run has ended.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, moveOnAfter, run, task } from "../mod.ts";

Deno.test("a ctx.append cut off by moveOnAfter is whole when run() returns, and nothing is written after", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-append-" });
  const big = new Uint8Array(32 << 20).fill(65);
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("appender", function* (ctx) {
          yield* moveOnAfter(1, ctx.append("big.log", big));
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done");
    const atEnd = Deno.statSync(`${outDir}/big.log`).size;
    assertEquals(atEnd, big.byteLength, "the append is whole");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assertEquals(
      Deno.statSync(`${outDir}/big.log`).size,
      atEnd,
      "nothing is written after the run",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
