/**
 * Durations as written in configs: `"3s"`, `"1500ms"`, `"2m"`, `"1h30m"`, `"0.5s"`, `"10 s"`,
 * `"1h 30m"`, `"2min"`; a bare number means seconds. The one owner of time units: rates and
 * bandwidths read theirs from here.
 * @module
 */
import { describeValue } from "./describe.ts";

/** Milliseconds per time unit, by each word a config may write it with. */
export const TIME_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** The unit words as a regular expression alternation, longest first (`min` before `m`). */
export const TIME_UNITS = Object.keys(TIME_UNIT_MS).sort((a, b) => b.length - a.length).join("|");

/**
 * A duration with units whose amounts match `amount`: parts of an amount, optional space and a unit
 * (`"10 s"`, `"1h"`), with optional space between them.
 */
function withUnits(amount: string): string {
  const part = `${amount}[ \\t]*(${TIME_UNITS})`;
  return `${part}([ \\t]*${part})*`;
}

/** A duration with units (`"1h 30m"`), as a regular expression without anchors. */
export const DURATION_WITH_UNITS = withUnits(`\\d+(\\.\\d+)?`);

/**
 * A duration with units whose every amount is zero as written (`"0s"`, `"0.0 min 0s"`), as a
 * regular expression without anchors: for the schema that tells editors a rate's time is not zero.
 */
export const ZERO_DURATION_WITH_UNITS = withUnits(`0+(\\.0+)?`);

/** The textual forms `parseDuration` accepts, as a JSON Schema / ECMAScript regular expression. */
export const DURATION_PATTERN = `^(\\d+(\\.\\d+)?|${DURATION_WITH_UNITS})$`;

/** What a duration looks like, for messages ("expected …"). */
export const DURATION_EXPECTED = 'a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), ' +
  'm (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds)';

const DURATION_RE = new RegExp(DURATION_PATTERN);
/** A duration of the accepted form with a minus before it (`"-1s"`, `"- 2 min"`). */
const NEGATIVE_RE = new RegExp(`^-[ \\t]*${DURATION_PATTERN.slice(1)}`);
const PART_RE = new RegExp(`(\\d+(?:\\.\\d+)?)[ \\t]*(${TIME_UNITS})`, "g");
const SIMPLE_RE = new RegExp(`^(\\d+(?:\\.\\d+)?)(${TIME_UNITS})$`);

/**
 * Tells what is wrong with a value given as a duration.
 *
 * @param value Anything found where a duration belongs.
 * @returns `undefined` when `parseDuration(value)` succeeds, otherwise the problem (`expected …, got …`).
 */
export function durationProblem(value: unknown): string | undefined {
  // Messages are built only for bad values: a large config checks a hundred thousand good ones.
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return notDuration(value);
    return negativeDurationProblem(value) ?? durationTooLong(value);
  }
  if (typeof value !== "string") return notDuration(value);
  if (!DURATION_RE.test(value)) return negativeDurationProblem(value) ?? notDuration(value);
  return durationTooLong(value);
}

/**
 * Tells whether a duration is one written with a minus: it has the form, but time does not go back,
 * and "expected a duration like …" would not say what is wrong.
 *
 * @param value A number, or text that may be a duration with a minus before it.
 * @returns `undefined` when it is not negative, otherwise the problem.
 */
export function negativeDurationProblem(value: number | string): string | undefined {
  const negative = typeof value === "number" ? value < 0 : NEGATIVE_RE.test(value);
  return negative ? `a duration cannot be negative, got ${describeValue(value)}` : undefined;
}

/** Text durations this short are never too long: the longest, "99999999d", is 8.64e15 ms. */
const NEVER_TOO_LONG_CHARS = 9;

/**
 * Tells whether a value of a duration's form (a non-negative finite number, or text matching
 * `DURATION_PATTERN`) is too long to count in milliseconds.
 *
 * @param value A duration in its written form.
 * @returns `undefined` when it is fine, otherwise the problem (`expected …, got …, which is too long`).
 */
export function durationTooLong(value: number | string): string | undefined {
  const ms = typeof value === "number"
    ? value * 1000
    : value.length <= NEVER_TOO_LONG_CHARS
    ? 0
    : toMs(value);
  return ms > Number.MAX_SAFE_INTEGER ? `${notDuration(value)}, which is too long` : undefined;
}

/** What a `timeout` (or one of its phases) of 0 would do, and what to write instead. */
export const FETCH_TIMEOUT_ZERO =
  'every fetch would time out at once, and 0 does not mean "no limit" (leave it out for the default, or give a long one such as "1h"; a timeout, headers or idle needs a timeout.total at least as long)';

/** What a `callbackTimeout` of 0 would do, and what to write instead. */
export const CALLBACK_TIMEOUT_ZERO =
  'every onResponse would be stopped at once, and 0 does not mean "no limit" (leave it out for the default, 5m, or give a long one such as "1h")';

/**
 * Tells whether a duration can be a time limit (`timeout` and its phases, `callbackTimeout`): one
 * of 0 ms would stop what it limits at once, and there is no "0 = no limit" to mean instead.
 *
 * @param value A duration in its written form that `parseDuration` accepts.
 * @param zero What a limit of 0 would do, and what to write instead.
 * @returns `undefined` when it is at least 1 ms, otherwise the problem.
 */
export function timeLimitProblem(
  value: number | string,
  zero: string = FETCH_TIMEOUT_ZERO,
): string | undefined {
  if (parseDuration(value) > 0) return undefined;
  const rounded = typeof value === "number" ? value > 0 : /[1-9]/.test(value);
  return `expected a timeout longer than 0, got ${describeValue(value)}${
    rounded ? " (0ms once rounded)" : ""
  }: ${zero}`;
}

function notDuration(value: unknown): string {
  return `expected ${DURATION_EXPECTED}, got ${describeValue(value)}`;
}

/**
 * Converts a config duration to milliseconds, rounded to a whole millisecond.
 *
 * @example
 * ```ts
 * import { parseDuration } from "./duration.ts";
 * parseDuration("1h30m"); // 5_400_000
 * parseDuration(0.5); // 500
 * ```
 * @param value Text such as `"3s"`, `"1500ms"`, `"1h30m"`, `"0.5s"`, or a non-negative number of seconds.
 * @returns The duration in milliseconds.
 * @throws {TypeError} When the value is neither a string nor a number.
 * @throws {RangeError} When the value is a negative, non-finite or too large number.
 * @throws {SyntaxError} When the text is not a duration.
 */
export function parseDuration(value: string | number): number {
  const problem = durationProblem(value);
  if (problem !== undefined) {
    const message = `Cannot parse duration: ${problem}`;
    if (typeof value === "number") throw new RangeError(message);
    if (typeof value !== "string") throw new TypeError(message);
    throw new SyntaxError(message);
  }
  return typeof value === "number" ? Math.round(value * 1000) : toMs(value);
}

function toMs(text: string): number {
  if (!/[a-z]/.test(text)) return Math.round(Number(text) * 1000);
  const simple = SIMPLE_RE.exec(text); // "3s", "1500ms": one part, the common case
  if (simple) return Math.round(Number(simple[1]) * TIME_UNIT_MS[simple[2]]);
  let totalMs = 0;
  for (const [, amount, unit] of text.matchAll(PART_RE)) {
    totalMs += Number(amount) * TIME_UNIT_MS[unit];
  }
  return Math.round(totalMs);
}
