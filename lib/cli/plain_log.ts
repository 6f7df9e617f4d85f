/**
 * Plain output for cron, CI and pipes: one timestamped line per event, no escape codes. A newline
 * or other control character in a message, task name or URL is written escaped (`\n`, `\u001b`),
 * so each line is one record that line-based tools (grep, awk, a log shipper) read whole.
 * @module
 */
import type { LiveRun, RunEvent, RunReport } from "../tasks/mod.ts";
import { formatMs } from "../loop/mod.ts";
import type { TextSink } from "./cli_host.ts";
import { describeOutcome, escapeControls, summaryLine } from "./format.ts";
import { FailedFetchLines } from "./failed_fetch_lines.ts";
import type { RunView } from "./run_view.ts";

/** Options of {@linkcode PlainLog}. */
export interface PlainLogOptions {
  /** Wall-clock time for each line's timestamp. */
  now: () => Date;
  /** What a task does (`sleep 3s`), shown on its start line; undefined shows its kind. */
  describe?: (name: string) => string | undefined;
  /**
   * Where warnings go as timestamped lines (stderr, for the view on stdout).
   * @default the same place as every other line (a `--log` file)
   */
  warnings?: TextSink;
  /**
   * The run's metadata log, which the line about failed fetches not listed points to; undefined
   * with `metadata: false`.
   */
  metadataPath?: string;
}

/**
 * Writes `2026-11-25T10:00:00.123Z task-1 done 3.00s` per event, then the summary line (after one
 * that counts the failed fetches of lists not named under their task, when there are any).
 *
 * @example
 * ```ts
 * import { PlainLog } from "./plain_log.ts";
 * const lines: string[] = [];
 * const log = new PlainLog({ write: (text) => lines.push(text) }, { now: () => new Date(0) });
 * log.event({ type: "task-start", name: "task-1", kind: "sleep", atMs: 0 });
 * lines[0]; // "1970-01-01T00:00:00.000Z task-1 start sleep\n"
 * ```
 */
export class PlainLog implements RunView {
  readonly #out: TextSink;
  readonly #options: PlainLogOptions;
  /** Lines not yet written: every line of one turn of the loop goes out in one write. */
  #pending = "";
  #flushQueued = false;
  /** The last timestamp's milliseconds and text: a busy run writes many lines per millisecond. */
  #stampMs = NaN;
  #stamp = "";
  /** A write that failed, and whether it has been reported. */
  #failure: { error: unknown; thrown?: boolean } | undefined;
  /** The lines that name the failed fetches of lists, patterns and crawls. */
  readonly #failedFetches: FailedFetchLines;

  /**
   * @param out Where the lines go.
   * @param options The clock and task descriptions.
   */
  constructor(out: TextSink, options: PlainLogOptions) {
    this.#out = out;
    this.#options = options;
    this.#failedFetches = new FailedFetchLines(options.metadataPath);
  }

  /** Plain output has nothing to poll. */
  start(_live: LiveRun): void {}

  /**
   * Writes one line for the event (warnings come through {@linkcode warning}); a task's end is
   * followed by a line for each of its failed fetches that the report lists.
   */
  event(event: RunEvent): void {
    if (event.type === "warning") return;
    this.#line(plainEventText(event, this.#options.describe));
    if (event.type !== "task-end") return;
    for (const line of this.#failedFetches.linesOf(event.result)) this.#line(line);
  }

  /** Writes `<time> warning: <message>`, after the lines before it, where warnings go. */
  warning(message: string): void {
    const to = this.#options.warnings;
    if (to === undefined) {
      this.#line(`warning: ${message}`);
      return;
    }
    this.#flush();
    to.write(this.#stamped(`warning: ${message}`));
  }

  /** Writes `<time> <text>` among the lines, where they go. */
  notice(text: string): void {
    this.#line(text);
  }

  /**
   * Writes the summary line.
   *
   * @throws The error of a write that failed earlier (a full disk under `--log`), now that the run
   *   has wound down.
   */
  finish(report: RunReport): void {
    const unlisted = this.#failedFetches.closingLine();
    if (unlisted !== undefined) this.#pending += this.#stamped(unlisted);
    this.#pending += `${summaryLine(report)}\n`;
    this.#flush();
    this.#throwFailure();
  }

  /** Writes what is pending. */
  [Symbol.dispose](): void {
    this.#flush();
    this.#throwFailure();
  }

  #stampOf(ms: number): string {
    if (ms !== this.#stampMs) {
      this.#stampMs = ms;
      this.#stamp = new Date(ms).toISOString();
    }
    return this.#stamp;
  }

  /**
   * One line of the log: its timestamp, then the text with its control characters escaped (a
   * message, a task name or URL may hold a newline or ESC): one record a line, no escape codes.
   */
  #stamped(text: string): string {
    return `${this.#stampOf(this.#options.now().getTime())} ${escapeControls(text)}\n`;
  }

  #line(text: string): void {
    this.#pending += this.#stamped(text);
    if (this.#pending.length >= FLUSH_CHARS) this.#flush();
    else if (!this.#flushQueued) {
      // Written once the current turn of the loop is over, which starts or ends many tasks at once.
      this.#flushQueued = true;
      queueMicrotask(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushQueued = false;
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    if (this.#failure !== undefined) return; // the sink is broken: nothing more goes out
    try {
      this.#out.write(text);
    } catch (error) {
      // Thrown from a microtask it would end the process mid-run, skipping every cleanup: it is
      // kept for `finish`, which the run reaches once its tasks have wound down.
      this.#failure = { error };
    }
  }

  #throwFailure(): void {
    const failure = this.#failure;
    if (failure === undefined || failure.thrown) return;
    failure.thrown = true;
    throw failure.error;
  }
}

/** Pending text that is written at once, whatever the turn: output stays steady and memory bounded. */
const FLUSH_CHARS = 64 * 1024;

/**
 * The text of one event, without its timestamp: `task-1 start sleep 3s`, `task-1 done 3.00s`.
 *
 * @param event What happened.
 * @param describe What a task does, by name.
 * @returns One line of text without a newline.
 */
export function plainEventText(
  event: RunEvent,
  describe?: (name: string) => string | undefined,
): string {
  switch (event.type) {
    case "task-start":
      return `${event.name} start ${describe?.(event.name) ?? event.kind}`;
    case "task-end":
      return `${event.result.name} ${describeOutcome(event.result)}`;
    case "warning":
      return `warning: ${event.message}`;
    case "log":
      return `${event.name}${event.afterEnd ? " (after its end)" : ""}: ${event.message}`;
    case "retry":
      // Which retry it is: a URL that goes again twice has two lines, told apart by their number.
      return `${event.name} retry ${event.attempt}/${event.retries} ${event.url} in ${
        formatMs(event.delayMs)
      }: ${event.reason}`;
  }
}
