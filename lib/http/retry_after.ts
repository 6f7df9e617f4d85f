/**
 * `Retry-After` (RFC 9110 §10.2.3): how long a server asks a client to wait.
 * @module
 */
import { parseHttpDate } from "./http_date.ts";

const DELTA_SECONDS = /^\d+$/;

/**
 * Reads a `Retry-After` value: delta-seconds (`120`) or an HTTP-date, in any of the three forms of
 * RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
 * `Sun Nov  6 08:49:37 1994`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseRetryAfter } from "./retry_after.ts";
 * assertEquals(parseRetryAfter("120", Date.now()), 120_000);
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
