/**
 * Reads the time `corun schedule --until` takes: ISO 8601, read as a person at this machine means
 * it. `Date.parse` would read a date alone as UTC midnight but a time without an offset as local
 * time, and accept forms ISO 8601 has not (`5`, `Dec 5`); here both are local, and only ISO forms
 * pass. Local time is the zone a schedule without `timezone:` fires in (`localTimeZoneName`), so
 * `--until` and the fire times read one clock.
 * @module
 */
import { createTimeZone, resolveWallTime } from "../schedule/mod.ts";

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Reads an ISO 8601 date or time: `2026-12-05T18:00:00Z` or `+01:00` as written; without an offset
 * (`2026-12-05T18:00`) the local time, of `TZ` or the system; a date alone (`2026-12-05`) the local
 * midnight it starts with.
 *
 * @example
 * ```ts
 * import { parseUntilTime } from "./until_time.ts";
 * parseUntilTime("2026-12-05T18:00:00Z"); // 1796493600000
 * parseUntilTime("Dec 5"); // undefined
 * ```
 * @param text What was given.
 * @returns Epoch milliseconds, or undefined when it is no ISO 8601 date or time, or no such time
 *   (`2026-02-30`, `25:00`, an offset of `+25:00`).
 */
export function parseUntilTime(text: string): number | undefined {
  const match = ISO_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "0", offset] =
    match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const [y, mo, d, h, mi, s] = fields;
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (offset === undefined) {
    const local = resolveWallTime(createTimeZone(), utc);
    // A time the clocks skipped reads on the clock before the jump; one they repeated, its first.
    return local.kind === "unique"
      ? local.epochMs
      : local.kind === "repeated"
      ? local.firstEpochMs
      : local.shiftedEpochMs;
  }
  if (offset.toUpperCase() === "Z") return utc;
  const digits = offset.slice(1).replace(":", "");
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return utc - (offset[0] === "+" ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
