/**
 * Counts as people read them.
 * @module
 */

/**
 * Formats a whole count with thousands separators, the same on every machine. Written out rather
 * than `toLocaleString("en-US")`: the first such call in a process sets up ICU's number formatting,
 * 15–55 ms that a live view's first frame would otherwise pay.
 *
 * @param count A count.
 * @returns `12,345`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { formatCount } from "./count_text.ts";
 * assertEquals(formatCount(1234567), "1,234,567");
 * ```
 */
export function formatCount(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A count with its noun, singular for one: `1 fetch`, `2 fetches`, `1,234 URLs`.
 *
 * @param count A count.
 * @param singular The noun for one.
 * @param plural The noun for any other count. @default singular + "s"
 * @returns The count, formatted as {@linkcode formatCount} does, and the noun.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { countOf } from "./count_text.ts";
 * assertEquals(countOf(1, "fetch", "fetches"), "1 fetch");
 * assertEquals(countOf(0, "fetch", "fetches"), "0 fetches");
 * assertEquals(countOf(1234, "URL"), "1,234 URLs");
 * ```
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}
