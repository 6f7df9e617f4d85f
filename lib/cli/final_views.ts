/**
 * Views that stay silent on stdout while the run goes and speak once at the end: `--json` and
 * `--quiet`. Warnings go to stderr as they happen.
 * @module
 */
import type { LiveRun, RunEvent, RunReport } from "../tasks/mod.ts";
import type { TextSink } from "./cli_host.ts";
import { describeOutcome, escapeControls, summaryLine, warningLine } from "./format.ts";
import { type NotStarted, type NotStartedContext, notStartedJson } from "./not_started.ts";
import type { RunView } from "./run_view.ts";
import { FailedFetchLines } from "./failed_fetch_lines.ts";

/** A view that stays silent while the run goes and writes to `out` once it ends. */
abstract class FinalView implements RunView {
  /** The report says it all. */
  readonly wantsEvents = false;
  protected readonly out: TextSink;
  protected readonly err: TextSink;

  /**
   * @param out Where the output goes.
   * @param err Where warnings go.
   */
  constructor(out: TextSink, err: TextSink) {
    this.out = out;
    this.err = err;
  }

  /** Silent while running. */
  start(_live: LiveRun): void {}
  /** Silent while running. */
  event(_event: RunEvent): void {}
  /** Writes `warning: <message>` to stderr at once. */
  warning(message: string): void {
    this.err.write(warningLine(message));
  }
  /** Writes what the view shows of the report. */
  abstract finish(report: RunReport): void;
  /** Nothing to stop. */
  [Symbol.dispose](): void {}
}

/**
 * `--json`: the whole `RunReport` as JSON on stdout with the run's `runId` and `exitCode`, and
 * nothing else there;
 * its `warnings` are every warning of the run and of the command (each also on stderr as it
 * happened). A run that did not start prints why instead (`not_started.ts`): one JSON object on
 * stdout either way.
 *
 * @example
 * ```ts
 * import { JsonView } from "./final_views.ts";
 * const view = new JsonView({ write: (text) => console.log(text) }, { write: () => {} });
 * ```
 */
export class JsonView extends FinalView {
  readonly #warnings: string[] = [];
  #runId: string | undefined;
  #exitCode: number | undefined;

  /** Writes the line to stderr, where warnings go: stdout holds the one JSON object. */
  notice(text: string): void {
    this.err.write(`${escapeControls(text)}\n`);
  }

  /** Writes the warning to stderr and keeps it for the report. */
  override warning(message: string): void {
    super.warning(message);
    this.#warnings.push(message);
  }

  /**
   * Keeps for the report a warning said on stderr before this view began (a `--log` file that
   * cannot be opened): the report's list holds every warning of the run.
   *
   * @param message The warning, as said.
   */
  keep(message: string): void {
    this.#warnings.push(message);
  }

  /**
   * Names the run in the report, as its history line and its metadata lines name it, so a script
   * can find them.
   *
   * @param runId The run's id.
   */
  nameRun(runId: string): void {
    this.#runId = runId;
  }

  /**
   * Gives the report the command's exit code (after `--max-failures`), so a script need not work
   * out from the counts whether the run counts as a success.
   *
   * @param exitCode The code the command exits with.
   */
  tellExitCode(exitCode: number): void {
    this.#exitCode = exitCode;
  }

  /**
   * Writes, instead of a report, that the run did not start and why, with the run's id and every
   * warning said so far.
   *
   * @param notStarted Why, and the exit code.
   * @param context The config, the lock mode and the output directory.
   */
  notStarted(notStarted: NotStarted, context: Omit<NotStartedContext, "runId" | "warnings">): void {
    const named = { runId: this.#runId ?? "", warnings: this.#warnings };
    this.out.write(notStartedJson(notStarted, { ...context, ...named }));
  }

  /**
   * Writes the report as indented JSON and a newline, with the run's id and exit code after its
   * source.
   */
  finish(report: RunReport): void {
    const warnings = this.#warnings.length > 0 ? this.#warnings : report.warnings;
    const named = {
      ...(this.#runId === undefined ? {} : { runId: this.#runId }),
      ...(this.#exitCode === undefined ? {} : { exitCode: this.#exitCode }),
    };
    const json = { source: report.source, ...named, ...report, warnings };
    this.out.write(`${JSON.stringify(json, null, 2)}\n`);
  }
}

/**
 * `--quiet`: nothing when every task is done (cron mails only what matters); otherwise the tasks
 * that failed or were skipped, and the summary line.
 *
 * @example
 * ```ts
 * import { QuietView } from "./final_views.ts";
 * const view = new QuietView({ write: (text) => console.log(text) }, { write: () => {} });
 * ```
 */
export class QuietView extends FinalView {
  readonly #metadataPath: string | undefined;

  /**
   * @param out Where the output goes.
   * @param err Where warnings go.
   * @param metadataPath The run's metadata log, where every failed fetch is a line (see
   *   `FailedFetchLines`); undefined with `metadata: false`.
   */
  constructor(out: TextSink, err: TextSink, metadataPath?: string) {
    super(out, err);
    this.#metadataPath = metadataPath;
  }

  /**
   * Writes the failures (a list's failed fetches under its line, as `--log` does) and the summary,
   * unless every task is done.
   */
  finish(report: RunReport): void {
    const { failed, cancelled, skipped } = report.counts;
    if (failed + cancelled + skipped === 0 && !report.interrupted) return;
    const shown = { failed: 0, skipped: 0 };
    const failedFetches = new FailedFetchLines(this.#metadataPath);
    for (const task of report.tasks) {
      if (task.outcome !== "failed" && task.outcome !== "skipped") continue;
      // A mail from cron stays readable: a failure early in a long `after:` chain skips thousands.
      const listed = shown[task.outcome]++ < QUIET_SHOWN[task.outcome];
      const fetchLines = failedFetches.linesOf(task, listed);
      if (!listed) continue;
      // Plain lines, as --log writes them: a server's text in an error cannot move the cursor.
      for (const line of [`${task.name} ${describeOutcome(task)}`, ...fetchLines]) {
        this.out.write(`${escapeControls(line)}\n`);
      }
    }
    for (const outcome of ["failed", "skipped"] as const) {
      const more = shown[outcome] - QUIET_SHOWN[outcome];
      if (more > 0) {
        this.out.write(
          `… and ${more} more ${outcome} task${
            more === 1 ? "" : "s"
          } (--log or --json lists each)\n`,
        );
      }
    }
    const unlisted = failedFetches.closingLine();
    if (unlisted !== undefined) this.out.write(`${escapeControls(unlisted)}\n`);
    this.out.write(`${summaryLine(report)}\n`);
  }
}

/** The most failed and skipped tasks `--quiet` names one by one; the rest are counted. */
const QUIET_SHOWN = { failed: 100, skipped: 20 };
