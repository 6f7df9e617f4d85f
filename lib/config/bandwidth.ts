/**
 * Bandwidths as written in configs: a size, a slash, and a time: `"2MiB/s"`, `"500KB/s"`,
 * `"10 GB/h"`, `"1MiB/1s"` (the size as `size.ts` reads it, the time as a rate's: `rate.ts`).
 * @module
 */
import { describeValue } from "./describe.ts";
import { PER_PATTERN, PER_TOLD, perMsOf } from "./rate.ts";
import { nearSize, parseSize, SIZE_PATTERN, sizeProblem } from "./size.ts";

/**
 * The textual form of a bandwidth, as a JSON Schema / ECMAScript regular expression: a size's form
 * (without its anchors), a slash, and what follows a rate's.
 */
export const BANDWIDTH_PATTERN = `^\\s*${SIZE_PATTERN.slice(1, -1)}\\s*/\\s*${PER_PATTERN}\\s*$`;

/** What a bandwidth looks like, for messages ("expected …"). */
export const BANDWIDTH_EXPECTED =
  `a bandwidth like "2MiB/s", "500KB/s" or "10GB/h" (a size, "/", then ${PER_TOLD})`;

const BANDWIDTH_RE = new RegExp(BANDWIDTH_PATTERN);

/** The least bandwidth: below a byte a second, a body of a few KiB would take hours. */
const MIN_BANDWIDTH_BYTES_PER_SECOND = 1;

/** Text that would be a bandwidth but for what is before its slash (`"2M/s"`, `"-1KB/s"`). */
const NEAR_BANDWIDTH_RE = new RegExp(`^\\s*([^/]*?)\\s*/\\s*(${PER_PATTERN})\\s*$`);

/**
 * Tells what is wrong with a bandwidth whose time is right but whose size is written as another tool
 * writes it (`"2M/s"`, `"500kb/s"`: which size is meant) or is negative: "expected a bandwidth like
 * …" alone would not say what to change.
 *
 * @param value Text found where a bandwidth belongs.
 * @returns `undefined` when it is no such near miss, otherwise the problem.
 */
export function bandwidthFormProblem(value: string): string | undefined {
  const near = BANDWIDTH_RE.test(value) ? null : NEAR_BANDWIDTH_RE.exec(value);
  if (near === null) return undefined;
  const [, size, per] = near;
  if (/^-\s*\d/.test(size)) return belowLeast(value);
  const hint = nearSize(size, `/${per}`);
  return hint === ""
    ? undefined
    : `expected ${BANDWIDTH_EXPECTED}, got ${describeValue(value)}${hint}`;
}

/**
 * Tells what is wrong with a value given as a bandwidth.
 *
 * @param value Anything found where a bandwidth belongs.
 * @returns `undefined` when `parseBandwidth(value)` succeeds, otherwise the problem.
 */
export function bandwidthProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || !BANDWIDTH_RE.test(value)) {
    return (typeof value === "string" ? bandwidthFormProblem(value) : undefined) ??
      `expected ${BANDWIDTH_EXPECTED}, got ${describeValue(value)}`;
  }
  if (sizeProblem(sizeOf(value)) !== undefined) {
    return `expected ${BANDWIDTH_EXPECTED}, got ${describeValue(value)}, which is too large`;
  }
  if (perMsOf(value.slice(value.indexOf("/") + 1)) === 0) {
    return `a bandwidth's time cannot be zero, got ${describeValue(value)}`;
  }
  if (read(value) < MIN_BANDWIDTH_BYTES_PER_SECOND) return belowLeast(value);
  return undefined;
}

function belowLeast(value: string): string {
  return `a bandwidth is at least 1 byte a second (0 is not "no limit": leave it out), got ${
    describeValue(value)
  }`;
}

/**
 * Reads a bandwidth.
 *
 * @example
 * ```ts
 * import { parseBandwidth } from "./bandwidth.ts";
 * parseBandwidth("2MiB/s"); // 2097152
 * parseBandwidth("36MB/h"); // 10000
 * ```
 * @param value A bandwidth such as `"2MiB/s"`.
 * @returns Bytes per second.
 * @throws {SyntaxError} When the text is not a bandwidth (`bandwidthProblem` says why).
 */
export function parseBandwidth(value: string): number {
  const problem = bandwidthProblem(value);
  if (problem !== undefined) throw new SyntaxError(`Cannot parse bandwidth: ${problem}`);
  return read(value);
}

/** The size before the slash of text that matched `BANDWIDTH_PATTERN`. */
function sizeOf(text: string): string {
  return text.slice(0, text.indexOf("/")).trim();
}

/** Bytes per second of text that matched `BANDWIDTH_PATTERN`, its size not too large. */
function read(text: string): number {
  return parseSize(sizeOf(text)) * 1000 / perMsOf(text.slice(text.indexOf("/") + 1));
}
