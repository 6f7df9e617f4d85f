/**
 * The warning of a schedule whose `jitter` is at least the shortest time between its fire times: a
 * fire may then wait out its jitter past the next fire time, and the fire times passed meanwhile run
 * with it (`scheduler.ts`), so fewer runs happen than the expression names. A warning, not a
 * refusal: the schedule still runs, at the cadence its jitter allows (as an origin rule no task
 * uses is a warning, `unused_origins.ts`), and a cron with uneven gaps (`0 9,10 * * *`) loses only
 * the fires of its short ones. One rule for `check`, `plan` and `schedule` (with or without `--db`).
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import { shortestFireGapMs } from "../schedule/mod.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";

/**
 * Warns of each schedule whose jitter can merge fires.
 *
 * @param targets The config's schedules (checked: see `scheduleProblems`).
 * @param nowWallMs Epoch ms the fire times are looked at from.
 * @returns One warning per such schedule, naming its jitter and its shortest gap.
 * @example
 * ```ts
 * import { validateConfig } from "../config/mod.ts";
 * import { jitterMergeWarnings } from "./jitter_merge.ts";
 * import { scheduleTargetsOf } from "./schedule_targets.ts";
 * const config = validateConfig({
 *   schedule: { cron: "* * * * *", timezone: "UTC", jitter: "90s" },
 *   tasks: [{ sleep: "1s" }],
 * }, "x.yaml");
 * jitterMergeWarnings(scheduleTargetsOf(config), Date.now());
 * // ["schedule of config: jitter 1m30s is not shorter than the 1m between two of its fire times ..."]
 * ```
 */
export function jitterMergeWarnings(
  targets: readonly ScheduleTarget[],
  nowWallMs: number,
): string[] {
  const warnings: string[] = [];
  for (const { label, spec } of targets) {
    if (spec.jitterMs <= 0) continue;
    const gapMs = shortestFireGapMs(spec, nowWallMs);
    if (spec.jitterMs < gapMs) continue;
    warnings.push(
      `schedule of ${label}: jitter ${formatMs(spec.jitterMs)} is not shorter than the ` +
        `${formatMs(gapMs)} between two of its fire times (${spec.cron}): a fire time that ` +
        `passes while an earlier fire waits out its jitter runs with it, not on its own`,
    );
  }
  return warnings;
}
