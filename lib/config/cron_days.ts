/**
 * Whether a cron expression's day fields ever meet a date: `0 0 31 4 *` (April has no 31st) and
 * `0 0 30 2 *` name none. cronie takes such a line and never runs it; corun refuses it, as it
 * refuses a range that runs backwards, so `corun check` says so instead of a schedule that waits
 * forever.
 * @module
 */

/** The day fields of an expression, as `cron_expression.ts` reads them. */
export interface CronDays {
  /** Days of the month named (1-31); every day when the field is `*`. */
  readonly days: ReadonlySet<number>;
  /** The day-of-month field holds `L` (the month's last day). */
  readonly lastDay: boolean;
  /** Months named (1-12). */
  readonly months: ReadonlySet<number>;
  /** Weekdays named (0-6, Sunday 0). */
  readonly weekdays: ReadonlySet<number>;
  /** Weekdays of the month: `5#2` (the second Friday), `5#L` (the last). */
  readonly nth: readonly string[];
  /** cronie's rule: a date must match both day fields (else either). */
  readonly daysMatchBoth: boolean;
}

/**
 * The years searched: 28 years of the Gregorian calendar between two century years, in which
 * every month starts on every weekday, with and without a leap day, so a date matches there when
 * it ever does.
 */
const FIRST_YEAR = 2001;
const LAST_YEAR = 2028;

/**
 * Whether some date matches the day fields.
 *
 * @param fields The day fields.
 * @returns True when the expression fires on some date (and so, in time, again and again).
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { hasMatchingDate } from "./cron_days.ts";
 * const april31 = {
 *   days: new Set([31]),
 *   lastDay: false,
 *   months: new Set([4]),
 *   weekdays: new Set([0, 1, 2, 3, 4, 5, 6]),
 *   nth: [],
 *   daysMatchBoth: true,
 * };
 * assert(!hasMatchingDate(april31));
 * ```
 */
export function hasMatchingDate(fields: CronDays): boolean {
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const month of fields.months) {
      const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
      for (let day = 1; day <= length; day++) {
        const inMonth = fields.days.has(day) || (fields.lastDay && day === length);
        const weekday = (firstWeekday + day - 1) % 7;
        const inWeek = fields.weekdays.has(weekday) ||
          fields.nth.some((item) => isNthWeekday(item, weekday, day, length));
        if (fields.daysMatchBoth ? inMonth && inWeek : inMonth || inWeek) return true;
      }
    }
  }
  return false;
}

/** Whether `day` (a `weekday`) is the weekday of the month `item` names (`5#2`, `5#L`). */
function isNthWeekday(item: string, weekday: number, day: number, length: number): boolean {
  const [named, which] = item.split("#");
  if (Number(named) !== weekday) return false;
  return which === "L" ? day + 7 > length : Math.ceil(day / 7) === Number(which);
}
