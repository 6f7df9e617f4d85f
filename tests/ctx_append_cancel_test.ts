/**
 * `ctx.append` cut off once it has started: the append is one synchronous step, which no cancel
 * stops part-way; the bytes land whole and nothing is written after the run has ended.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, race, run, sleep, task } from "../mod.ts";

Deno.test("a ctx.append cut off under way is whole when run() returns, and nothing is written after", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-append-" });
  const big = new Uint8Array(32 << 20).fill(65);
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("appender", function* (ctx) {
          // Cut off once its file is open, the write under way (as `moveOnAfter` cuts it off when
          // its time is up): a deadline alone might pass before the append starts.
          yield* race([
            ctx.append("big.log", big),
            function* () {
              while (!exists(`${outDir}/big.log`)) yield* sleep(1);
            }(),
          ]);
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

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
