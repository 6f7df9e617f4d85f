/**
 * Retry policy: how long to wait before another attempt, and which statuses deserve one.
 * @module
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7: IMF-fixdate, then the two obsolete forms recipients must still accept.
const IMF_FIXDATE = new RegExp(`^[A-Za-z]{3}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^[A-Za-z]{6,9}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^[A-Za-z]{3} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);
const DELTA_SECONDS = /^\d+$/;

/**
 * Reads a `Retry-After` value: delta-seconds (`120`) or an HTTP-date, in any of the three forms of
 * RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
 * `Sun Nov  6 08:49:37 1994`).
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry_policy.ts";
 * console.assert(parseRetryAfter("120", Date.now()) === 120_000);
 * ```
 *
 * @param value The header value, or `null`.
 * @param nowMs The current time, in milliseconds since the epoch (the loop's clock).
 * @returns Milliseconds to wait (0 for a date in the past), or `null` when absent or malformed.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Number(text) * 1000;
  const dateMs = parseHttpDate(text, nowMs);
  return dateMs === null ? null : Math.max(0, dateMs - nowMs);
}

/**
 * The delay before retry number `attempt`: exponential backoff with full jitter, a uniform pick in
 * `[0, min(maxMs, baseMs * 2^attempt))`, so that clients failing together do not retry together.
 *
 * @example
 * ```ts
 * import { backoffDelayMs } from "./retry_policy.ts";
 * console.assert(backoffDelayMs(3, 500, 60_000, () => 0.5) === 2000);
 * ```
 *
 * @param attempt Retries already made: 0 before the first retry.
 * @param baseMs Ceiling of the first delay.
 * @param maxMs Ceiling of any delay.
 * @param random Uniform numbers in `[0, 1)`, such as `Math.random` (injected for tests).
 * @returns Whole milliseconds to wait.
 * @throws {RangeError} When `attempt` is not a non-negative integer.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(
      `Cannot compute backoff: attempt ${attempt} is not a non-negative integer`,
    );
  }
  const ceilingMs = Math.max(0, Math.min(maxMs, baseMs * 2 ** attempt));
  return Math.floor(random() * ceilingMs);
}

/**
 * Whether a response status calls for another attempt.
 *
 * @param status The response status.
 * @param retryOn Statuses that are retried, such as `[429, 500, 502, 503, 504]`.
 * @returns `true` when `status` is listed.
 */
export function isRetryableStatus(status: number, retryOn: readonly number[]): boolean {
  return retryOn.includes(status);
}

/** An HTTP-date in milliseconds since the epoch, or `null` when malformed or impossible. */
function parseHttpDate(text: string, nowMs: number): number | null {
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
