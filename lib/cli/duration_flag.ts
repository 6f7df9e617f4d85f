/**
 * Durations given on the command line (`--grace 30s`, `--lease 1m`), read as a config reads them.
 * @module
 */
import { durationProblem, parseDuration } from "../config/mod.ts";

/**
 * Reads an option's duration.
 *
 * @param text The option's value.
 * @returns Milliseconds.
 * @throws {RangeError} With the problem alone (`expected a duration like …, got "10sec"`), for the
 *   caller to put after the option's name: parseDuration's own "Cannot parse duration" would make
 *   the line say "Cannot" twice.
 * @example
 * ```ts
 * import { parseDurationFlag } from "./duration_flag.ts";
 * parseDurationFlag("1m30s"); // 90_000
 * ```
 */
export function parseDurationFlag(text: string): number {
  const problem = durationProblem(text);
  if (problem !== undefined) throw new RangeError(problem);
  return parseDuration(text);
}
