/// <reference lib="deno.unstable" />
/**
 * corun under `Deno.cron` instead of its own scheduler: for Deno Deploy, or wherever the runtime's
 * cron is the scheduler you have. See docs/SCHEDULING.md for when to prefer which.
 *
 * ```sh
 * deno run --unstable-cron --allow-read --allow-write=out --allow-net --allow-env tasks/deno_cron_example.ts
 * ```
 *
 * `Deno.cron` reads the expression in UTC (so "every 10 minutes" is the only kind of schedule that
 * does not care), skips a fire while the previous one is still running, and keeps no state: a fire
 * missed while the process was down is not made up.
 * @module
 */
import { EXIT_CODES, exitCodeOf, run, type RunReport } from "../mod.ts";

/** The config each fire runs (its own `schedule:` is for `corun schedule` and is not used here). */
export const CRON_EXAMPLE_CONFIG = new URL("./cron_example.yaml", import.meta.url);

/**
 * One fire: runs the config and logs its summary line. Failed tasks are in the report, not thrown;
 * throwing here would make `Deno.cron` retry per its `backoffSchedule`, so only a broken run throws.
 *
 * @param signal Aborts the run (its tasks are cancelled cleanly).
 * @returns The exit code `corun run` would have ended with.
 */
export async function runOnce(signal?: AbortSignal): Promise<number> {
  let report: RunReport;
  try {
    report = await run(CRON_EXAMPLE_CONFIG, { signal });
  } catch (error) {
    // Stopped before the config had loaded: nothing ran, which `corun run` exits with 130 for.
    if (signal?.aborted && error === signal.reason) return EXIT_CODES.interrupted;
    throw error;
  }
  const { done, failed, skipped } = report.counts;
  console.log(
    `${report.startedAt} cron_example: ${done} done, ${failed} failed, ${skipped} skipped ` +
      `in ${report.durationMs} ms`,
  );
  return exitCodeOf(report);
}

// Deno Deploy finds cron jobs by evaluating the module's top level: register it here, not in a branch.
Deno.cron("corun cron_example", "*/10 * * * *", async () => {
  await runOnce();
});
