/**
 * The shortest time between two fire times of a schedule: a `jitter` at least that long can make a
 * fire wait past the next fire time, which then runs with it, not on its own (see `scheduler.ts`:
 * the fire times that pass while a fire waits out its jitter are merged into its run).
 * @module
 */
import { createFireTimeSource, type FireTimeSpec } from "./next_fire.ts";

/**
 * Fire times looked at: a cron's gaps repeat within a day's (seconds, minutes, hours) or a year's
 * (days, months) fires, and a schedule firing every second shows its gap in the first two.
 */
const GAP_FIRES = 1000;
const GAP_HORIZON_MS = 366 * 86_400_000;

/**
 * Finds the shortest gap between consecutive fire times, among those in the year after
 * `afterWallMs` (at most a thousand of them, and always the first two).
 *
 * @param spec The schedule's expression and zone (a valid one: see `validateFireTimeSpec`).
 * @param afterWallMs Epoch ms to look from.
 * @returns Milliseconds.
 * @throws {CronSyntaxError | RangeError} When the schedule is invalid.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shortestFireGapMs } from "./fire_gap.ts";
 * const from = Date.UTC(2026, 0, 1);
 * assertEquals(shortestFireGapMs({ cron: "0 9,10 * * *", timezone: "UTC" }, from), 3_600_000);
 * ```
 */
export function shortestFireGapMs(spec: FireTimeSpec, afterWallMs: number): number {
  let shortest = Infinity;
  let previous: number | undefined;
  let seen = 0;
  for (const fireWallMs of createFireTimeSource(spec, afterWallMs)) {
    if (previous !== undefined) shortest = Math.min(shortest, fireWallMs - previous);
    previous = fireWallMs;
    seen++;
    if (seen >= 2 && (seen >= GAP_FIRES || fireWallMs - afterWallMs > GAP_HORIZON_MS)) break;
  }
  return shortest;
}
