/**
 * Durations given on the command line (`--grace 30s`, `--lease 1m`), read as a config reads them.
 * @module
 */
import { durationProblem, parseDuration } from "../config/mod.ts";
import { unreadableFlag } from "./flag_problem.ts";

/**
 * Reads an option's duration.
 *
 * @param flag The option's long name (`--grace`), for the error.
 * @param text The option's value.
 * @returns Milliseconds.
 * @throws {RangeError} `Cannot read --grace: expected a duration like …, got "10sec"` (parseDuration's
 *   own "Cannot parse duration" would make the line say "Cannot" twice).
 * @example
 * ```ts
 * import { parseDurationFlag } from "./duration_flag.ts";
 * parseDurationFlag("--grace", "1m30s"); // 90_000
 * ```
 */
export function parseDurationFlag(flag: string, text: string): number {
  const problem = durationProblem(text);
  if (problem !== undefined) throw new RangeError(unreadableFlag(flag, problem));
  return parseDuration(text);
}
