/**
 * `--max-failures N` / `N%`: how many tasks of a large batch may fail (or be skipped) before the run
 * exits non-zero.
 * @module
 */
import { unreadableFlag } from "./flag_problem.ts";
import { EXIT_CODES, type ExitCode, exitCodeOf, type RunEnding } from "./exit_codes.ts";

/**
 * How many unsuccessful tasks a run tolerates: a count, or a percentage of its tasks kept exact as
 * `units / scale` percent (`2.5%` is 25 / 10). In floating point, 32.3% of 1,000 tasks
 * (`32.3 * 1000` is 32299.999…) would not tolerate the 323 it says.
 */
export type FailureTolerance = { kind: "count"; count: number } | {
  kind: "percent";
  units: bigint;
  scale: bigint;
};

/** No task may fail: the default. */
export const NO_FAILURES: FailureTolerance = { kind: "count", count: 0 };

/**
 * Parses the value of `--max-failures`.
 *
 * @param text A whole number (`3`) or a percentage from 0 to 100 (`10%`, `2.5%`).
 * @returns The tolerance.
 * @throws {RangeError} When the text is neither.
 * @example
 * ```ts
 * import { parseMaxFailures } from "./max_failures.ts";
 * parseMaxFailures("2.5%"); // { kind: "percent", units: 25n, scale: 10n }
 * ```
 */
export function parseMaxFailures(text: string): FailureTolerance {
  const trimmed = text.trim();
  const percent = /^(\d+)(?:\.(\d+))?%$/.exec(trimmed);
  if (percent) {
    // The digits as a whole number and the power of ten that scales it back: no rounding.
    const decimals = percent[2] ?? "";
    const units = BigInt(percent[1] + decimals);
    const scale = 10n ** BigInt(decimals.length);
    if (units <= 100n * scale) return { kind: "percent", units, scale };
    throw new RangeError(
      unreadableFlag("--max-failures", `a percentage is at most 100%, got "${text}"`),
    );
  }
  if (/^\d+$/.test(trimmed)) return { kind: "count", count: Number(trimmed) };
  throw new RangeError(unreadableFlag(
    "--max-failures",
    `expected a whole number or a percentage such as 10%, got "${text}"`,
  ));
}

/**
 * Chooses a run's exit code when some unsuccessful tasks are tolerated. Tasks that failed, were
 * skipped or were cancelled count against the tolerance; an interrupt is always `interrupted`.
 *
 * @param report The finished run (`interrupted` and `counts`).
 * @param tolerance From {@linkcode parseMaxFailures}.
 * @returns `ok` when within the tolerance, `taskFailed` beyond it, `interrupted` after a signal.
 * @example
 * ```ts
 * import { exitCodeTolerating, parseMaxFailures } from "./max_failures.ts";
 * const counts = { done: 98, failed: 2, cancelled: 0, skipped: 0 };
 * exitCodeTolerating({ interrupted: false, counts }, parseMaxFailures("5%")); // 0
 * ```
 */
export function exitCodeTolerating(report: RunEnding, tolerance: FailureTolerance): ExitCode {
  const code = exitCodeOf(report);
  if (code !== EXIT_CODES.taskFailed) return code;
  const { done, failed, cancelled, skipped } = report.counts;
  const unsuccessful = failed + cancelled + skipped;
  const total = done + unsuccessful;
  const tolerated = tolerance.kind === "count"
    ? unsuccessful <= tolerance.count
    : BigInt(unsuccessful) * 100n * tolerance.scale <= tolerance.units * BigInt(total);
  return tolerated ? EXIT_CODES.ok : EXIT_CODES.taskFailed;
}
