/**
 * What `check`, `plan` and `schedule` (with or without `--db`) warn of in a config's schedules, one
 * list for the four: a `TZ` corun cannot read, when a schedule has no `timezone:` of its own (it then
 * fires in UTC while the machine's clock, `date` and cron read `TZ`), and a `jitter` that merges
 * fires (`jitter_merge.ts`).
 * @module
 */
import { localZoneProblem } from "../schedule/mod.ts";
import { jitterMergeWarnings } from "./jitter_merge.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";

/**
 * Warns of what will make a config's schedules fire otherwise than it reads.
 *
 * @param targets The config's schedules (checked: see `scheduleProblems`).
 * @param nowWallMs Epoch ms the fire times are looked at from.
 * @returns The warnings; none for a config without schedules.
 */
export function scheduleWarnings(targets: readonly ScheduleTarget[], nowWallMs: number): string[] {
  const usesLocalZone = targets.some((target) => target.spec.timezone === undefined);
  const zone = usesLocalZone ? localZoneProblem() : undefined;
  return [...(zone === undefined ? [] : [zone]), ...jitterMergeWarnings(targets, nowWallMs)];
}
