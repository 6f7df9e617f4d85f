/**
 * How every command names a flag it refuses, so a user (and a script's grep) meets one form: `Cannot
 * read --limit: …` when the value is not one the flag takes, saying what to write instead, and
 * `Cannot use --out: …` when the flag is well formed but does not go with the rest of the line.
 * @module
 */

/**
 * A flag whose value the flag does not take.
 *
 * @param flag The flag's long name (`--limit`).
 * @param problem What is wrong and what to write instead (`expected …, got "x"`).
 * @returns `Cannot read --limit: …`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unreadableFlag } from "./flag_problem.ts";
 * assertEquals(
 *   unreadableFlag("--limit", 'expected a whole number from 1, got "0"'),
 *   'Cannot read --limit: expected a whole number from 1, got "0"',
 * );
 * ```
 */
export function unreadableFlag(flag: string, problem: string): string {
  return `Cannot read ${flag}: ${problem}`;
}

/**
 * A flag, well formed, that cannot be used with the rest of the command line.
 *
 * @param flag The flag, with its value or company when they are the point (`--log - with --quiet`).
 * @param why Why, and what to do instead.
 * @returns `Cannot use --log - with --quiet: …`.
 */
export function unusableFlag(flag: string, why: string): string {
  return `Cannot use ${flag}: ${why}`;
}
