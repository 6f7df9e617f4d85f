/**
 * A custom task that keeps awaiting promises which settle at once (an in-memory async source, a
 * cache, a polled flag) still lets the host run: the run's signal is heard, and the task cancelled.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, defineConfig, run, task } from "../mod.ts";

Deno.test("an interrupt reaches a run whose custom task keeps awaiting promises that settle at once", async () => {
  const controller = new AbortController();
  const limit = 200_000; // about three times the steps the loop takes before the host's turn
  let spins = 0;
  const outDir = await Deno.makeTempDir({ prefix: "corun-settled-" });
  try {
    const report = await run(
      defineConfig({
        metadata: false,
        outDir,
        tasks: [task("consume", function* () {
          // A host timer, set once the task runs: it fires only when the loop hands control back
          // to the host.
          setTimeout(() => controller.abort(), 0);
          while (spins < limit) {
            yield* call(() => Promise.resolve(spins));
            spins++;
          }
        })],
      }),
      { signal: controller.signal, state: false },
    );
    assert(spins < limit, `the interrupt was not heard in ${spins} awaits`);
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks[0].outcome, "cancelled");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
