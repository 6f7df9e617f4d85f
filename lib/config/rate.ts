/**
 * Request rates as written in configs: `"5/s"`, `"30/min"`, `"100/h"`, `"5/d"`, `"1/500ms"`: a whole
 * count, a slash, and a time unit or a duration (`"2s"`, `"1m30s"`), both as `duration.ts` reads
 * them. Bandwidths end the same way.
 * @module
 */
import type { RateSpec } from "../tasks/spec.ts";
import { describeValue } from "./describe.ts";
import { DURATION_WITH_UNITS, parseDuration, TIME_UNIT_MS, TIME_UNITS } from "./duration.ts";

/** The most requests a rate may count in its window. */
export const MAX_RATE_COUNT = 1_000_000;

/**
 * What follows a rate's or a bandwidth's slash, as a regular expression without anchors: a unit
 * word alone, or a duration with units (a bare number would be ambiguous: `5/10`).
 */
export const PER_PATTERN = `(${TIME_UNITS}|${DURATION_WITH_UNITS})`;

/** The textual form of a rate, as a JSON Schema / ECMAScript regular expression. */
export const RATE_PATTERN = `^\\s*[1-9]\\d*\\s*/\\s*${PER_PATTERN}\\s*$`;

/** What may follow the slash, for messages. */
export const PER_TOLD = 'a unit (s, m or min, h, d) or a duration such as "500ms" or "2s"';

/** What a rate looks like, for messages ("expected …"). */
export const RATE_EXPECTED =
  `a rate like "5/s", "30/min", "100/h" or "1/500ms" (a whole count, "/", ` +
  `then ${PER_TOLD}; "1.5/s" is "3/2s")`;

const RATE_RE = new RegExp(RATE_PATTERN);
/** A rate's form with any whole count, a sign or zeros too (`"0/s"`, `"-1/min"`). */
const ANY_COUNT_RE = new RegExp(`^\\s*(-?\\s*\\d+)\\s*/\\s*${PER_PATTERN}\\s*$`);

/**
 * Tells whether a rate is one of a count of 0 or less: of the form but for that, so "expected a rate
 * like …" would not say what is wrong.
 *
 * @param value Text found where a rate belongs.
 * @returns `undefined` when its count is not 0 or less, otherwise the problem.
 */
export function rateCountProblem(value: string): string | undefined {
  const count = ANY_COUNT_RE.exec(value)?.[1];
  if (count === undefined || Number(count.replace(/\s/g, "")) > 0) return undefined;
  return `a rate must be more than 0 per unit, got ${describeValue(value)}`;
}

/**
 * Tells what is wrong with a value given as a rate.
 *
 * @param value Anything found where a rate belongs.
 * @returns `undefined` when `parseRate(value)` succeeds, otherwise the problem.
 */
export function rateProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `expected ${RATE_EXPECTED}, got ${describeValue(value)}`;
  if (!RATE_RE.test(value)) {
    return rateCountProblem(value) ?? `expected ${RATE_EXPECTED}, got ${describeValue(value)}`;
  }
  const { count, perMs } = read(value);
  if (count > MAX_RATE_COUNT) {
    return `a rate counts at most ${MAX_RATE_COUNT.toLocaleString("en-US")} requests, got ${
      describeValue(value)
    }`;
  }
  if (perMs === 0) {
    // Durations count whole milliseconds: `1/0.1ms` is no zero as written.
    const zero = !/[1-9]/.test(value.slice(value.indexOf("/")));
    return `a rate's time ${zero ? "cannot be zero" : "must be 1ms or more"}, got ${
      describeValue(value)
    }`;
  }
  if (perMs > Number.MAX_SAFE_INTEGER) {
    return `a rate's time is too long, got ${describeValue(value)}`;
  }
  return undefined;
}

/**
 * Reads a rate.
 *
 * @example
 * ```ts
 * import { parseRate } from "./rate.ts";
 * parseRate("5/s"); // { count: 5, perMs: 1000 }
 * parseRate("1/500ms"); // { count: 1, perMs: 500 }
 * ```
 * @param value A rate such as `"30/min"`.
 * @returns How many request starts per how many milliseconds.
 * @throws {SyntaxError} When the text is not a rate (`rateProblem` says why).
 */
export function parseRate(value: string): RateSpec {
  const problem = rateProblem(value);
  if (problem !== undefined) throw new SyntaxError(`Cannot parse rate: ${problem}`);
  return read(value);
}

/**
 * Writes a rate back in its shortest usual form, for messages and `corun plan`.
 *
 * @param rate A rate.
 * @returns `"5/s"`, `"30/min"`, `"100/h"`, or the window in seconds or milliseconds (`"1/2s"`,
 *   `"1/500ms"`).
 */
export function formatRate(rate: RateSpec): string {
  const unit = rate.perMs === 1000
    ? "s"
    : rate.perMs === 60_000
    ? "min"
    : rate.perMs === 3_600_000
    ? "h"
    : rate.perMs % 1000 === 0
    ? `${rate.perMs / 1000}s`
    : `${rate.perMs}ms`;
  return `${rate.count}/${unit}`;
}

/** The parts of text that matched `RATE_PATTERN`. */
function read(text: string): RateSpec {
  const slash = text.indexOf("/");
  return { count: Number(text.slice(0, slash).trim()), perMs: perMsOf(text.slice(slash + 1)) };
}

/**
 * The milliseconds of what follows a rate's or a bandwidth's slash (`PER_PATTERN`); one too long to
 * count is Infinity (reported as such).
 *
 * @param per The text after the slash.
 * @returns Its milliseconds.
 */
export function perMsOf(per: string): number {
  const text = per.trim();
  if (Object.hasOwn(TIME_UNIT_MS, text)) return TIME_UNIT_MS[text];
  try {
    return parseDuration(text);
  } catch {
    return Infinity;
  }
}
