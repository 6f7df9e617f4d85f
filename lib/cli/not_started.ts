/**
 * A run that never started (the lock was held, waiting for it was interrupted, it could not be
 * taken, the runner could not start): what `run --json` prints instead of a report, so a script that parses stdout always gets
 * one JSON object, and can tell "not started, and why" from a run's report by `started: false`.
 * @module
 */
import type { LockHolder, LockMode } from "../schedule/mod.ts";
import { shownConfigOf } from "./unattended_files.ts";

/** Why a run did not start. */
export type NotStartedReason =
  /** Another run holds the lock (`--lock=skip` exits 0, `--lock=fail` exits 75). */
  | "locked"
  /** Interrupted while waiting for the lock (`--lock=wait`), or as the run began (exit 130). */
  | "interrupted"
  /** The lock file could not be opened or locked (exit 1). */
  | "lock-error"
  /** The runner could not start (a `cookies:` file that is not a jar; exit 1). */
  | "error";

/** A run that did not start: why, with what exit code, and who held the lock when known. */
export interface NotStarted {
  reason: NotStartedReason;
  exitCode: number;
  /** What was said about it on stderr or stdout, as said. */
  message: string;
  /** The lock file's holder, when the lock was found held and its file could be read. */
  holder?: LockHolder;
  /** Why, for the history, when the run counts as a skipped one (`--lock=skip`). */
  skipped?: string;
  /**
   * The run had started (its tasks may have saved files) and then failed without a report, such as
   * a disk that filled up as its end was written: said as `started: true`, reason `error`.
   */
  started?: boolean;
}

/** What names the run in the JSON. */
export interface NotStartedContext {
  /** The config, as the run's report names it (`RunReport.source`). */
  source: string;
  runId: string;
  /** `--lock`'s mode; null without `--lock`. */
  lockMode: LockMode | null;
  /** The output directory, absolute: the holder's config is named from it. */
  outDir: string;
  /** Warnings said before the run was given up (a `--log` file that cannot be opened). */
  warnings: readonly string[];
}

/**
 * The JSON `run --json` prints for a run that did not start.
 *
 * @param notStarted Why, and the exit code.
 * @param context The config, the run id, the lock mode and the warnings.
 * @returns The text: indented JSON and a newline, as a run's report is printed.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { notStartedJson } from "./not_started.ts";
 * const holder = { pid: 4242, hostname: "web1", startedAt: "2026-11-25T10:00:00.000Z" };
 * const text = notStartedJson(
 *   { reason: "locked", exitCode: 0, message: "another run holds the lock", holder },
 *   { source: "tasks.yaml", runId: "r", lockMode: "skip", outDir: "/srv/out", warnings: [] },
 * );
 * assertEquals(JSON.parse(text).started, false);
 * assertEquals(JSON.parse(text).holder.pid, 4242);
 * ```
 */
export function notStartedJson(notStarted: NotStarted, context: NotStartedContext): string {
  const { reason, exitCode, message, holder } = notStarted;
  const shown = holder && {
    ...holder,
    // The lock file names the config from the output directory: shown as messages show it.
    ...(holder.config === undefined
      ? {}
      : { config: shownConfigOf(holder.config, context.outDir) }),
  };
  const json = {
    source: context.source,
    runId: context.runId,
    started: notStarted.started ?? false,
    reason,
    lockMode: context.lockMode,
    exitCode,
    message,
    holder: shown ?? null,
    warnings: context.warnings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
