/**
 * `Retry-After` (RFC 9110 §10.2.3): how long a server asks a client to wait.
 * @module
 */
import { parseHttpDate } from "./http_date.ts";

const DELTA_SECONDS = /^\d+$/;

/**
 * Reads a `Retry-After` value: delta-seconds (`120`) or an HTTP-date, in any of the three forms of
 * RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
 * `Sun Nov  6 08:49:37 1994`). A date is a length of time from the response's own `Date` when it
 * has one (both are the server's clock, so a server whose clock is off still asks for what it
 * meant), else from `nowMs`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseRetryAfter } from "./retry_after.ts";
 * assertEquals(parseRetryAfter("120", Date.now()), 120_000);
 * assertEquals(
 *   parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", Date.now(), "Sun, 06 Nov 1994 08:49:07 GMT"),
 *   30_000,
 * );
 * ```
 *
 * @param value The header value, or `null`.
 * @param nowMs Real time (milliseconds since the epoch) when the response came: a date is measured
 *   from it when the response has no readable `Date`. Not a virtual clock's time, which may be
 *   ahead of or behind the server's.
 * @param date The response's `Date` header, or `null`.
 * @returns Milliseconds to wait (0 for a date in the past), or `null` when absent or malformed.
 */
export function parseRetryAfter(
  value: string | null,
  nowMs: number,
  date: string | null = null,
): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Number(text) * 1000;
  const fromMs = (date === null ? null : parseHttpDate(date.trim(), nowMs)) ?? nowMs;
  const dateMs = parseHttpDate(text, fromMs);
  return dateMs === null ? null : Math.max(0, dateMs - fromMs);
}
