/**
 * Byte sizes as written in configs: a number of bytes, or text such as `"512KiB"`, `"64MiB"`, `"1GB"`, `"10kB"`.
 * @module
 */
import { describeValue } from "./describe.ts";
import { formatSize, pastSizeCeiling } from "../loop/mod.ts";

// Written by the loop layer, so the layers below a config name sizes as a config writes them.
export { formatSize };

/** Bytes per unit prefix: decimal (kB, MB, …) and binary (KiB, MiB, …). */
const PREFIX_BYTES: Record<string, number> = {
  "": 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
};

/** The textual forms `parseSize` accepts, as a JSON Schema / ECMAScript regular expression. */
export const SIZE_PATTERN = "^\\d+(([ \\t]*B)?|(\\.\\d+)?[ \\t]*[kKMGT]i?B)$";

/** What a size looks like, for messages ("expected …"). */
export const SIZE_EXPECTED =
  'a size like "64KiB", "10MB" or a number of bytes (units B, kB (or KB), ' +
  "MB, GB, TB, KiB, MiB, GiB, TiB)";

const SIZE_RE = /^(\d+(?:\.\d+)?)(?:[ \t]*(?:([kKMGT]i?)?B))?$/;

/** A fraction of a byte (`"1.5"`, `"1.5 B"`): only a size with a unit prefix may have a fraction. */
const FRACTION_OF_BYTE_RE = /^\d+\.\d+(?:[ \t]*B)?$/;

/** A size whose unit's case or `B` is off (`10M`, `10mb`, `10Kb`): a prefix letter, maybe `i`, maybe `b`. */
const NEAR_SIZE_RE = /^(\d+(?:\.\d+)?)[ \t]*([kmgt])(i?)(b?)$/i;

/**
 * Tells what is wrong with a value given as a size.
 *
 * @param value Anything found where a size belongs.
 * @returns `undefined` when `parseSize(value)` succeeds, otherwise the problem (`expected …, got …`).
 */
export function sizeProblem(value: unknown): string | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? undefined : notSize(value);
  }
  if (typeof value !== "string" || !SIZE_RE.test(value)) return notSize(value);
  if (FRACTION_OF_BYTE_RE.test(value)) {
    return `${
      notSize(value)
    }, a fraction of a byte (a number of bytes is whole; a fraction needs a unit such as "1.5MB")`;
  }
  return sizeTooLarge(value);
}

/**
 * Tells whether a text size (matching `SIZE_PATTERN`) is too large to count in bytes.
 *
 * @param value A size as text.
 * @returns `undefined` when it is fine, otherwise the problem (`expected …, got …, which is too large`).
 */
function sizeTooLarge(value: string): string | undefined {
  return toBytes(value) > Number.MAX_SAFE_INTEGER
    ? `${notSize(value)}, which is too large`
    : undefined;
}

/**
 * Tells whether a size can be a limit that responses must keep within (`maxHeaderSize`,
 * `maxBodySize`): a limit of 0 bytes fails every fetch (every one with a body), and there is no
 * "0 = no limit" (as nginx's `client_max_body_size 0` is) to mean instead.
 *
 * @param value A size in its written form that `parseSize` accepts.
 * @param what What does not fit in 0 bytes ("no response head", "only an empty body").
 * @param example A large limit to suggest instead.
 * @returns `undefined` when it is at least 1 byte, otherwise the problem.
 */
export function sizeLimitProblem(
  value: number | string,
  what: string,
  example: string,
): string | undefined {
  if (parseSize(value) > 0) return undefined;
  const rounded = typeof value === "number" ? value > 0 : /[1-9]/.test(value);
  return `expected a size larger than 0, got ${describeValue(value)}${
    rounded ? " (0 bytes once rounded)" : ""
  }: ${what}, and 0 does not mean "no limit" (leave it out for the default, or give a large one such as "${example}")`;
}

/**
 * Tells whether a size is past the most a limit may be: one corun cannot honour (the runtime could
 * not hold what it lets in).
 *
 * @param value A size in its written form that `parseSize` accepts.
 * @param max The most, in bytes.
 * @param why What the most is ("the largest response head corun holds").
 * @returns `undefined` when it is at most `max`, otherwise the problem.
 */
export function sizeCeilingProblem(
  value: number | string,
  max: number,
  why: string,
): string | undefined {
  if (parseSize(value) <= max) return undefined;
  return pastSizeCeiling(max, why, describeValue(value));
}

function notSize(value: unknown): string {
  return `expected ${SIZE_EXPECTED}, got ${describeValue(value)}${
    typeof value === "string" ? nearSize(value) : ""
  }`;
}

/**
 * The sizes a unit written as curl and wget write it (`10M`) or in another case (`10mb`) may mean:
 * `M` is 1024² to them and 1000² to others, and `b` is a bit to some, so both are offered.
 *
 * @param text What was written where a size belongs.
 * @param after What follows the size in the hint's two forms (a bandwidth's `"/s"`).
 * @returns The hint, starting with a space, or "" when the text is not such a size.
 */
export function nearSize(text: string, after = ""): string {
  const near = NEAR_SIZE_RE.exec(text.trim());
  if (near === null) return "";
  const [, amount, letter] = near;
  const decimal = letter === "k" || letter === "K" ? "k" : letter.toUpperCase();
  return ` (write "${amount}${decimal}B${after}" in units of 1000, or ` +
    `"${amount}${letter.toUpperCase()}iB${after}" in units of 1024)`;
}

/**
 * Converts a config size to bytes, rounded to a whole byte. `k`, `M`, `G`, `T` are powers of 1000;
 * `Ki`, `Mi`, `Gi`, `Ti` powers of 1024.
 *
 * @example
 * ```ts
 * import { parseSize } from "./size.ts";
 * parseSize("64KiB"); // 65_536
 * parseSize("10kB"); // 10_000
 * ```
 * @param value Text such as `"512KiB"`, `"1GB"`, `"100B"`, `"4096"`, or a non-negative integer of bytes.
 * @returns The size in bytes.
 * @throws {TypeError} When the value is neither a string nor a number.
 * @throws {RangeError} When the value is a negative, fractional or too large number.
 * @throws {SyntaxError} When the text is not a size.
 */
export function parseSize(value: string | number): number {
  const problem = sizeProblem(value);
  if (problem !== undefined) {
    const message = `Cannot parse size: ${problem}`;
    if (typeof value === "number") throw new RangeError(message);
    if (typeof value !== "string") throw new TypeError(message);
    throw new SyntaxError(message);
  }
  return typeof value === "number" ? value : toBytes(value);
}

function toBytes(text: string): number {
  const [, amount, prefix = ""] = SIZE_RE.exec(text)!;
  return Math.round(Number(amount) * PREFIX_BYTES[prefix.toLowerCase()]);
}
