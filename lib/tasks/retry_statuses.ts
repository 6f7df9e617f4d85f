/**
 * Which statuses `retryOn` may list: only a 4xx or 5xx ends a fetch as a failure that may go again.
 * The config's schema and `ctx.fetch`'s options refuse the others by this one rule.
 * @module
 */

/**
 * Why a status in `retryOn` would never be retried: only a 4xx or 5xx ends a fetch as a failure
 * that may go again. Listed, it would do nothing, silently.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { neverRetriedProblem } from "./retry_statuses.ts";
 * assertEquals(neverRetriedProblem(503), undefined);
 * assertEquals(neverRetriedProblem(200), "200 is never retried: a 2xx is a success; retryOn takes 4xx and 5xx statuses");
 * ```
 *
 * @param status A status `retryOn` lists.
 * @returns Why it would never be retried, or undefined for a 4xx or 5xx (or a number out of range,
 *   which the caller's range check refuses).
 */
export function neverRetriedProblem(status: number): string | undefined {
  if (status < 100 || status > 399) return undefined; // the range check's, or retried
  const what = status < 200
    ? "a 1xx is an interim response, never the answer"
    : status < 300
    ? "a 2xx is a success"
    : status === 304
    ? "a 304 (Not Modified) keeps the saved file"
    : "a 3xx is a redirect, followed as maxRedirects allows";
  return `${status} is never retried: ${what}; retryOn takes 4xx and 5xx statuses`;
}
