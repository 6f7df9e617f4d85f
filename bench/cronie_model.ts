/**
 * A model of when cronie runs a crontab line, for the conformance script: its own reading of the five
 * fields (src/entry.c) and its minute loop (src/cron.c), so the vectors whose answer is "whatever cronie
 * does" (daylight-saving changes) are judged by cronie's rules rather than by corun's code.
 *
 * The loop, once a minute of real time, compares the wall clock with the minute it expected
 * ("virtual time"): one minute later runs every job due then; 2-5 minutes later runs every job for
 * each missed minute; 6 minutes to 3 hours later (clocks went forward) runs wildcard jobs for the
 * current minute and fixed-time jobs for every missed minute, now; earlier (clocks went back) runs
 * only wildcard jobs, and virtual time waits until the clock catches up; more than 3 hours either way
 * runs what is due now. A wildcard job is one whose minute or hour field starts with `*`.
 * @module
 */
import type { TimeZone } from "../lib/schedule/time_zone.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** One crontab line as cronie keeps it: a bit set per field and its star flags. */
export interface CronieEntry {
  /** Minutes 0-59 it runs at. */
  minute: Set<number>;
  /** Hours 0-23. */
  hour: Set<number>;
  /** Days of the month 1-31. */
  dayOfMonth: Set<number>;
  /** Months 1-12. */
  month: Set<number>;
  /** Days of the week 0-7 (0 and 7 both Sunday). */
  dayOfWeek: Set<number>;
  /** DOM_STAR or DOW_STAR: a day must match both day fields. */
  daysMatchBoth: boolean;
  /** MIN_STAR or HR_STAR. */
  wildcard: boolean;
}

const NICKNAMES: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/**
 * Reads a crontab time specification as cronie does, or answers `undefined` for what cronie refuses
 * (and for a seconds field other than `0`, which cronie has no way to say).
 *
 * @param cron Five fields, six with a seconds field of `0` first, or a nickname.
 * @returns The entry, or `undefined`.
 */
export function cronieEntry(cron: string): CronieEntry | undefined {
  let fields = (NICKNAMES[cron.trim()] ?? cron).trim().split(/\s+/);
  if (fields.length === 6 && fields[0] === "0") fields = fields.slice(1);
  if (fields.length !== 5) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const sets = [
    bits(minute, 0, 59),
    bits(hour, 0, 23),
    bits(dayOfMonth, 1, 31),
    bits(month, 1, 12, MONTHS),
    bits(dayOfWeek, 0, 7, DAYS),
  ];
  if (sets.some((set) => set === undefined)) return undefined;
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minute: minutes,
    hour: hours,
    dayOfMonth: days,
    month: months,
    dayOfWeek: weekdays,
    daysMatchBoth: dayOfMonth.startsWith("*") || dayOfWeek.startsWith("*"),
    wildcard: minute.startsWith("*") || hour.startsWith("*"),
  };
}

function bits(field: string, low: number, high: number, names?: string[]): Set<number> | undefined {
  const set = new Set<number>();
  for (const item of field.split(",")) {
    const match = /^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/([0-9]+))?$/i.exec(item);
    if (!match) return undefined;
    const [, star, first, last, stepText] = match;
    // get_range(): no step after a single number.
    if (!star && last === undefined && stepText !== undefined) return undefined;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step === 0) return undefined;
    let from = star ? low : numberOf(first, low, names);
    let to = star ? high : last === undefined ? from : numberOf(last, low, names);
    if (from === undefined || to === undefined) return undefined;
    if (from > to && to === 0) to = 7;
    if (from < low || to > high || from > to) return undefined;
    for (; from <= to; from += step) set.add(from);
  }
  return set;
}

function numberOf(text: string, low: number, names?: string[]): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  return index < 0 ? undefined : index + low;
}

/**
 * Tells whether an entry is due at a wall-clock minute.
 *
 * @param entry The entry.
 * @param wallMs The wall-clock time, as epoch milliseconds read as if the zone were UTC.
 * @returns Whether cronie's find_jobs() would pick it.
 */
export function cronieMatches(entry: CronieEntry, wallMs: number): boolean {
  const at = new Date(wallMs);
  if (!entry.minute.has(at.getUTCMinutes()) || !entry.hour.has(at.getUTCHours())) return false;
  return dayMatches(entry, at);
}

function dayMatches(entry: CronieEntry, at: Date): boolean {
  if (!entry.month.has(at.getUTCMonth() + 1)) return false;
  const dom = entry.dayOfMonth.has(at.getUTCDate());
  const dow = entry.dayOfWeek.has(at.getUTCDay());
  return entry.daysMatchBoth ? dom && dow : dom || dow;
}

/**
 * When cronie, running all along in `zone`, starts the job after `afterMs`.
 *
 * @param entry The entry.
 * @param zone The zone cron runs in.
 * @param afterMs Exclusive start.
 * @param count How many start times.
 * @param horizonMs Stops looking this long after `afterMs`.
 * @returns Start times (epoch ms, at the real minute cronie wakes up), at most `count`.
 */
export function cronieRuns(
  entry: CronieEntry,
  zone: TimeZone,
  afterMs: number,
  count: number,
  horizonMs: number = 4 * 366 * DAY_MS,
): number[] {
  const runs: number[] = [];
  // Cron has been running for a day already: its virtual time is in step with the clock.
  let real = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS - DAY_MS;
  let virtual = real + zone.offsetMs(real);
  const dueBetween = (from: number, to: number, wild: boolean, fixed: boolean) => {
    if ((entry.wildcard && !wild) || (!entry.wildcard && !fixed)) return false;
    for (let wall = from; wall <= to; wall += MINUTE_MS) {
      if (cronieMatches(entry, wall)) return true;
    }
    return false;
  };
  while (runs.length < count && real <= afterMs + horizonMs) {
    const offset = zone.offsetMs(real);
    // With no offset change in the next three days, the wall clock advances a minute a minute.
    const steps = zone.offsetMs(real + 3 * DAY_MS) === offset ? 2 * 1440 - 1 : 1;
    for (let step = 0; step < steps && runs.length < count; step++) {
      real += MINUTE_MS;
      const running = real + (steps === 1 ? zone.offsetMs(real) : offset);
      const diff = (running - virtual) / MINUTE_MS;
      let due: boolean;
      if (diff === 1) due = dueBetween(running, running, true, true);
      else if (diff > 180 || diff < -180) due = dueBetween(running, running, true, true);
      else if (diff > 5) {
        due = dueBetween(running, running, true, false) ||
          dueBetween(virtual + MINUTE_MS, running, false, true);
      } else if (diff > 0) due = dueBetween(virtual + MINUTE_MS, running, true, true);
      else due = dueBetween(running, running, true, false);
      if (diff > 0 || diff < -180) virtual = running;
      if (due && real > afterMs) runs.push(real);
      if (steps > 1 && diff === 1 && !dayMatches(entry, new Date(running))) {
        // Nothing runs on this day: on to its last minute (the offset holds past it).
        const skipMs = Math.floor(running / DAY_MS) * DAY_MS + DAY_MS - MINUTE_MS - running;
        real += skipMs;
        virtual += skipMs;
        break;
      }
    }
  }
  return runs;
}
