/**
 * The warning of a `corun schedule --until` in which nothing fires (each schedule's first fire is
 * later, and none has a missed fire to catch up): the command then ends at once. Not a failure, a
 * window with no fire in it is no mistake, but it must not pass as one that ran. One rule for the
 * scheduler that runs its fires and for `schedule --db`, which enqueues them.
 * @module
 */
import { missedFireOf, nextFireTimes } from "../schedule/mod.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";

/** When the scheduler starts and stops, and when each schedule last fired. */
export interface FireWindow {
  /** Epoch ms of the start. */
  startWallMs: number;
  /** `--until`, in epoch ms: without it something always fires, in the end. */
  untilWallMs: number | undefined;
  /**
   * Epoch ms of each schedule's last fire (its last run, or its last fire in the shared queue), by
   * label: a `catchUp: once` schedule fires the time it missed since then at its start.
   */
  lastFires: ReadonlyMap<string, number>;
}

/**
 * The warning when no schedule fires in the window.
 *
 * @param targets The schedules.
 * @param window The start, `--until` and the last fires.
 * @returns The warning, naming each schedule's first fire and the `--until` time; undefined when
 *   something fires, or there is no `--until`.
 */
export function nothingFiresWarning(
  targets: readonly ScheduleTarget[],
  window: FireWindow,
): string | undefined {
  const until = window.untilWallMs;
  if (until === undefined) return undefined;
  // A cron that can never fire is refused where it is read: there is always a first.
  const firstFires = targets.map((target) => nextFireTimes(target.spec, window.startWallMs, 1)[0]);
  const fires = targets.some((target, index) =>
    firstFires[index] <= until ||
    missedFireOf(target.spec, window.lastFires.get(target.label), window.startWallMs) !== undefined
  );
  if (fires) return undefined;
  const firsts = targets.map((target, index) =>
    `${target.label} ${new Date(firstFires[index]).toISOString()}`
  );
  return `Nothing fires before --until ${new Date(until).toISOString()} (first fires: ` +
    `${firsts.join(", ")}): no run, exiting`;
}
