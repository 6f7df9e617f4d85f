/**
 * How `corun run` stops on Ctrl-C (or SIGTERM). The first interrupt cancels every task, whose
 * `finally` blocks may take a while: it is said at once (`stopping: cancelling 3 running tasks (once
 * more to exit at once)`), as `schedule` says its stop, so a frame that still shows them running is
 * not taken for a run that ignored it. A second one exits at once, but first writes the run's
 * history line as an interrupted run's (exit code 130) and removes its mark: the user stopped it,
 * so the next run does not take it for one that was killed.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import type { HistoryEntry, RunMark } from "../schedule/mod.ts";
import { countOf, type LiveRun } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { escapeControls } from "./format.ts";

/**
 * The line the first interrupt says.
 *
 * @param live The run, once its tasks have started.
 * @returns `stopping: cancelling 3 running tasks (once more to exit at once)`.
 * @example
 * ```ts
 * import { stoppingLine } from "./run_stop.ts";
 * stoppingLine(undefined); // "stopping: cancelling the run (once more to exit at once)"
 * ```
 */
export function stoppingLine(live: LiveRun | undefined): string {
  const running = live?.progress().tasks.running ?? 0;
  const what = running === 0 ? "the run" : countOf(running, "running task");
  return `stopping: cancelling ${what} (once more to exit at once)`;
}

/** A run's history line written as the process exits at once. */
export interface ExitRecord {
  /** The history file. */
  path: string;
  /** The run's id. */
  runId: string;
  /** ISO 8601 wall-clock start. */
  startedAt: string;
  /** The history line of an entry: with the run's config, and its schedule's fire and task. */
  lineOf: (entry: HistoryEntry) => HistoryEntry;
  /** The run's wall time. */
  now: () => Date;
  /** The run, once its tasks have started: its counts. */
  live: () => LiveRun | undefined;
  /** The run's mark, removed once the line is written (left for the next run to find otherwise). */
  mark: RunMark | undefined;
}

/**
 * Writes the history line of a run the process ends at once: its tasks still running or waiting
 * count as cancelled, as they would have ended. Synchronous, never waiting: a history another
 * process is writing this moment gets no line (the mark stays, and the next run records the run as
 * lost, as before). A failure is said on stderr.
 *
 * @param record The line, and the mark to remove.
 * @param host The world: its history append and stderr.
 * @param exitCode The line's exit code: an interrupted run's (a second Ctrl-C), or a failed one's
 *   (the config's code called `Deno.exit`).
 */
export function recordAtExit(
  record: ExitRecord,
  host: CliHost,
  exitCode: number = EXIT_CODES.interrupted,
): void {
  const tasks = record.live()?.progress().tasks;
  const counts = {
    done: tasks?.done ?? 0,
    failed: tasks?.failed ?? 0,
    cancelled: (tasks?.cancelled ?? 0) + (tasks?.running ?? 0) + (tasks?.waiting ?? 0),
    skipped: tasks?.skipped ?? 0,
  };
  const line = record.lineOf({
    runId: record.runId,
    startedAt: record.startedAt,
    endedAt: record.now().toISOString(),
    exitCode,
    counts,
  });
  let written = false;
  try {
    written = host.appendHistoryAtExit(record.path, line);
  } catch (error) {
    const said = `Cannot record the run in "${record.path}": ${messageOf(error)}`;
    host.stderr.write(`${escapeControls(said)}\n`);
  }
  if (written) record.mark?.[Symbol.dispose]();
}
