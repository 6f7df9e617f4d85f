/**
 * The schedules part of `corun plan`: the next fire times of each schedule, in its time zone.
 * @module
 */
import { createTimeZone, localTimeZoneName, nextFireTimes } from "../schedule/mod.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";

/** How many fire times `plan` lists per schedule. */
export const PLANNED_FIRE_COUNT = 5;

/** One schedule in a plan. */
export interface PlannedSchedule {
  /** `config` or `task NAME`. */
  label: string;
  cron: string;
  /** The IANA zone the expression is read in (the local one when the config names none). */
  timezone: string;
  /** The next fire times, as ISO 8601 local times with the zone's offset. */
  nextFireTimes: string[];
}

/**
 * Computes the next fire times of each schedule.
 *
 * @param targets The config's schedules (checked: see `scheduleProblems`).
 * @param afterWallMs Fire times strictly after this epoch ms are listed.
 * @param count How many per schedule. @default PLANNED_FIRE_COUNT
 * @returns One entry per schedule.
 * @throws {CronSyntaxError | RangeError} When a schedule is invalid.
 */
export function planSchedules(
  targets: readonly ScheduleTarget[],
  afterWallMs: number,
  count = PLANNED_FIRE_COUNT,
): PlannedSchedule[] {
  return targets.map((target) => {
    const zone = createTimeZone(target.spec.timezone ?? localTimeZoneName());
    return {
      label: target.label,
      cron: target.spec.cron,
      timezone: zone.name,
      nextFireTimes: nextFireTimes(target.spec, afterWallMs, count).map((epochMs) =>
        formatInZone(epochMs, zone.offsetMs(epochMs))
      ),
    };
  });
}

/**
 * Renders the schedules section of a plan.
 *
 * @param schedules From {@linkcode planSchedules}.
 * @returns Lines without newlines.
 */
export function renderSchedules(schedules: readonly PlannedSchedule[]): string[] {
  const lines = [`schedules (next ${PLANNED_FIRE_COUNT} fire times):`];
  for (const schedule of schedules) {
    lines.push(`  ${schedule.label}: ${schedule.cron} (${schedule.timezone})`);
    for (const time of schedule.nextFireTimes) lines.push(`    ${time}`);
  }
  return lines;
}

/**
 * Writes an instant as local time with its offset: `2026-11-25T11:10:00+01:00`.
 *
 * @param epochMs The instant.
 * @param offsetMs The zone's offset from UTC then.
 * @returns ISO 8601 text.
 * @example
 * ```ts
 * import { formatInZone } from "./plan_schedules.ts";
 * formatInZone(Date.UTC(2026, 10, 25, 10, 10), 3_600_000); // "2026-11-25T11:10:00+01:00"
 * ```
 */
export function formatInZone(epochMs: number, offsetMs: number): string {
  const local = new Date(epochMs + offsetMs).toISOString().slice(0, 19);
  const sign = offsetMs < 0 ? "-" : "+";
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}
