/**
 * The exit codes of the `corun` command: one table, used everywhere the CLI ends.
 * @module
 */

/**
 * What `corun` exits with.
 *
 * | code | name          | meaning                                                                |
 * |-----:|---------------|------------------------------------------------------------------------|
 * |    0 | `ok`          | every task succeeded (or `check` found no problem, or help was shown)  |
 * |    1 | `taskFailed`  | some task failed, was skipped or cancelled; or the runner itself broke |
 * |    2 | `usage`       | bad config or bad arguments: nothing ran, nothing was written          |
 * |   75 | `locked`      | `--lock=fail` (or `wait` past its timeout): another run holds the lock |
 * |  130 | `interrupted` | stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C)   |
 * |  141 | `brokenPipe`  | stdout's reader went away before all was written (128 + SIGPIPE)       |
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { EXIT_CODES } from "@corun/corun";
 * assertEquals(EXIT_CODES.usage, 2);
 * ```
 */
export const EXIT_CODES = {
  ok: 0,
  taskFailed: 1,
  usage: 2,
  locked: 75,
  interrupted: 130,
  brokenPipe: 141,
} as const;

/** One of the codes in {@linkcode EXIT_CODES}. */
export type ExitCode = typeof EXIT_CODES[keyof typeof EXIT_CODES];

/** What a finished run needs to choose its exit code: a `RunReport` has it. */
export interface RunEnding {
  /** A signal stopped the run. */
  interrupted: boolean;
  /** Its tasks by how they ended. */
  counts: { done: number; failed: number; cancelled: number; skipped: number };
}

/**
 * Chooses the exit code of a finished run, as `corun run` exits with it (before `--max-failures`).
 *
 * @param report The run's report (only `interrupted` and `counts` are read).
 * @returns `interrupted` when a signal stopped it, `ok` when every task is done, else `taskFailed`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { EXIT_CODES, exitCodeOf } from "@corun/corun";
 * const counts = { done: 2, failed: 0, cancelled: 0, skipped: 0 };
 * assertEquals(exitCodeOf({ interrupted: false, counts }), EXIT_CODES.ok);
 * assertEquals(exitCodeOf({ interrupted: true, counts }), EXIT_CODES.interrupted);
 * ```
 */
export function exitCodeOf(report: RunEnding): ExitCode {
  if (report.interrupted) return EXIT_CODES.interrupted;
  const { failed, cancelled, skipped } = report.counts;
  return failed + cancelled + skipped === 0 ? EXIT_CODES.ok : EXIT_CODES.taskFailed;
}
