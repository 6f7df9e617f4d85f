/**
 * HTTP-dates (RFC 9110 §5.6.7): `Retry-After`, `Date` and `Last-Modified` carry them.
 * @module
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7: IMF-fixdate, then the two obsolete forms recipients must still accept.
const IMF_FIXDATE = new RegExp(`^[A-Za-z]{3}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^[A-Za-z]{6,9}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^[A-Za-z]{3} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Reads an HTTP-date in any of the three forms of RFC 9110 §5.6.7 (`Sun, 06 Nov 1994 08:49:37
 * GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`, `Sun Nov  6 08:49:37 1994`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseHttpDate } from "./http_date.ts";
 * assertEquals(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", Date.now()), 784111777000);
 * ```
 *
 * @param text The date, trimmed.
 * @param nowMs The current time in milliseconds since the epoch: a two-digit year more than 50
 *   years after it is the most recent such year in the past.
 * @returns Milliseconds since the epoch, or `null` when malformed or impossible.
 */
export function parseHttpDate(text: string, nowMs: number): number | null {
  let match = IMF_FIXDATE.exec(text);
  if (match) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(+year, month, +day, +hour, +minute, +second);
  }
  match = RFC850_DATE.exec(text);
  if (match) {
    const [, day, month, shortYear, hour, minute, second] = match;
    // A two-digit year more than 50 years ahead means the most recent such year in the past.
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = nowYear - (nowYear % 100) + Number(shortYear);
    if (year > nowYear + 50) year -= 100;
    return utc(year, month, +day, +hour, +minute, +second);
  }
  match = ASCTIME_DATE.exec(text);
  if (match) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(+year, month, Number(day.trim()), +hour, +minute, +second);
  }
  return null;
}

function utc(
  year: number,
  monthName: string,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const month = MONTHS.indexOf(monthName);
  if (hour > 23 || minute > 59 || second > 60) return null;
  const midnightMs = Date.UTC(year, month, day);
  // Date.UTC rolls 31 Feb over into March; a date that rolled over is not a date.
  if (new Date(midnightMs).getUTCDate() !== day) return null;
  return midnightMs + ((hour * 60 + minute) * 60 + second) * 1000;
}
