/**
 * Sizes in words, as a config writes them (`64KiB`, `10kB`, `1500B`): the one writer of sizes, for
 * every layer's messages (a config's `parseSize` reads them back).
 * @module
 */

/** Binary units first (a config's limits are mostly written in them), then decimal ones. */
const WRITTEN_UNITS: ReadonlyArray<readonly [string, number]> = [
  ["TiB", 2 ** 40],
  ["GiB", 2 ** 30],
  ["MiB", 2 ** 20],
  ["KiB", 2 ** 10],
  ["TB", 1e12],
  ["GB", 1e9],
  ["MB", 1e6],
  ["kB", 1e3],
];

/**
 * Writes a size as a config writes it, exactly: in the largest unit that divides it (`64KiB`,
 * `1GiB`, `10kB`), else in bytes (`5000B`); `parseSize` reads it back as the same number.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { formatSize } from "./size_words.ts";
 * assertEquals([formatSize(65_536), formatSize(10_000), formatSize(1500)], ["64KiB", "10kB", "1500B"]);
 * ```
 *
 * @param bytes A whole number of bytes.
 * @returns The size with its unit.
 */
export function formatSize(bytes: number): string {
  for (const [unit, size] of WRITTEN_UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

/**
 * The words of a size limit past the most it may be, for every layer that refuses one (a config's
 * size, an HTTP client's option): the most, why it is the most, and what was given.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { pastSizeCeiling } from "./size_words.ts";
 * assertEquals(
 *   pastSizeCeiling(2 ** 20, "the most it holds", '"2MiB"'),
 *   'expected a size from 1 byte to 1MiB (the most it holds), got "2MiB"',
 * );
 * ```
 *
 * @param max The most, in bytes.
 * @param why What the most is ("the largest response head corun holds").
 * @param given The value given, as its refusal shows it.
 * @returns The problem.
 */
export function pastSizeCeiling(max: number, why: string, given: string): string {
  return `expected a size from 1 byte to ${formatSize(max)} (${why}), got ${given}`;
}
