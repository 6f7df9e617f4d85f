/**
 * Comparing entity tags (RFC 9110 §8.8.3.2): a 206 checked against kept bytes, a 304 against the
 * saved file it answers for.
 * @module
 */

/**
 * The weak comparison of two entity tags: equal when their opaque tags are, either or both weak.
 * The comparison `If-None-Match` is evaluated with (RFC 9110 §13.1.2).
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { etagsWeaklyEqual } from "./etag_match.ts";
 * assert(etagsWeaklyEqual('W/"v1"', '"v1"'));
 * assert(!etagsWeaklyEqual('"v1"', '"v2"'));
 * ```
 *
 * @param a An entity tag, trimmed.
 * @param b Another, trimmed.
 * @returns True when their opaque tags are the same.
 */
export function etagsWeaklyEqual(a: string, b: string): boolean {
  return a.replace(/^W\//, "") === b.replace(/^W\//, "");
}
