/**
 * The terminal view: a frame of task rows redrawn in place (cursor up, clear line) at most ~10 times a
 * second. Failures scroll above the frame, warnings go to stderr (the frame is taken off the screen
 * first, then drawn again below them); the final frame and the summary stay on screen, and a warning
 * that comes after them goes below them.
 * @module
 */
import type { LiveRun, RunEvent, RunReport, TaskSnapshot } from "../tasks/mod.ts";
import type { CliDeps, TextSink } from "./cli_deps.ts";
import { gray, red } from "./deps.ts";
import { describeOutcome, summaryLine } from "./format.ts";
import { renderFooter, renderRows, snapshotOfResult } from "./live_frame.ts";
import type { RunView } from "./run_view.ts";

/** Redraw period: ~10 frames a second is smooth enough and cheap over ssh. */
export const FRAME_INTERVAL_MS = 100;

const ESC = "\x1b[";
const CLEAR_LINE = `\r${ESC}2K`;

/** Options of {@linkcode LiveView}. */
export interface LiveViewOptions {
  /** Terminal width in columns. */
  columns: () => number;
  /** Drives redraws; see `CliDeps.every`. */
  every: CliDeps["every"];
  /** Where warnings go (usually the same terminal). */
  stderr: TextSink;
}

/**
 * Draws a run on a terminal, redrawing in place. Redraws happen on a timer only, so a burst of
 * events costs one frame, not one per event.
 *
 * @example
 * ```ts
 * import { LiveView } from "./live_view.ts";
 * const view = new LiveView({ write: (text) => console.log(text) }, {
 *   columns: () => 80,
 *   every: (ms, tick) => {
 *     const id = setInterval(tick, ms);
 *     return { [Symbol.dispose]: () => clearInterval(id) };
 *   },
 * });
 * view[Symbol.dispose]();
 * ```
 */
export class LiveView implements RunView {
  readonly #out: TextSink;
  readonly #options: LiveViewOptions;
  readonly #err: TextSink;
  #live: LiveRun | undefined;
  #ticker: Disposable | undefined;
  #tick = 0;
  /** Lines of the frame now on screen, which the next redraw moves up over. */
  #linesOnScreen = 0;
  #lastFrame = "";
  /** Lines to print above the frame at the next redraw. */
  #messages: string[] = [];
  /** Warnings to write to stderr at the next redraw. */
  #warnings: string[] = [];
  /** The final frame is drawn: nothing is redrawn or erased any more. */
  #finished = false;

  /**
   * @param out The terminal.
   * @param options Its width and the redraw timer.
   */
  constructor(out: TextSink, options: LiveViewOptions) {
    this.#out = out;
    this.#options = options;
    this.#err = options.stderr;
  }

  /** Draws the first frame and starts redrawing. */
  start(live: LiveRun): void {
    this.#live = live;
    this.#redraw();
    this.#ticker ??= this.#options.every(FRAME_INTERVAL_MS, () => this.#redraw());
  }

  /** Queues failures and task logs to print above the frame at the next redraw. */
  event(event: RunEvent): void {
    if (event.type === "log") this.#messages.push(`${event.name}: ${event.message}`);
    else if (event.type === "task-end") {
      const { result } = event;
      if (result.outcome === "failed") {
        this.#messages.push(red(`✗ ${result.name} ${describeOutcome(result)}`));
      } else if (result.outcome === "skipped") {
        this.#messages.push(gray(`- ${result.name} ${describeOutcome(result)}`));
      }
    }
  }

  /** Queues a warning for stderr at the next redraw; after the final frame, writes it below it. */
  warning(message: string): void {
    this.#warnings.push(message);
    if (this.#finished) this.#writeWarnings();
  }

  /** Stops redrawing and leaves the final frame, with the summary as its last line. */
  finish(report: RunReport): void {
    this.#stop();
    const snapshots = report.tasks.map(snapshotOfResult);
    this.#draw([...renderRows(snapshots, this.#options.columns()), summaryLine(report)]);
    // The final frame and summary stay: a warning after them (the log's last write failed) goes below.
    this.#finished = true;
    this.#linesOnScreen = 0;
  }

  /** Stops redrawing; what is on screen stays, and warnings not yet written are. */
  [Symbol.dispose](): void {
    this.#stop();
    this.#writeWarnings();
  }

  #stop(): void {
    this.#ticker?.[Symbol.dispose]();
    this.#ticker = undefined;
  }

  #redraw(): void {
    if (this.#live === undefined || this.#finished) return;
    const snapshots: TaskSnapshot[] = this.#live.snapshot();
    const columns = this.#options.columns();
    this.#tick += 1;
    this.#draw([
      ...renderRows(snapshots, columns, this.#tick),
      renderFooter(snapshots, this.#live.elapsedMs(), columns),
    ]);
  }

  /** Replaces the frame on screen with `lines` in one write; skips the write when nothing changed. */
  #draw(lines: readonly string[]): void {
    const frame = lines.join("\n");
    if (frame === this.#lastFrame && this.#messages.length + this.#warnings.length === 0) return;
    this.#writeWarnings();
    let text = this.#linesOnScreen > 0 ? `${ESC}${this.#linesOnScreen}A` : "";
    for (const line of [...this.#messages.splice(0), ...lines]) text += `${CLEAR_LINE}${line}\n`;
    // Clear what is left of a taller previous frame, and come back up.
    const leftover = this.#linesOnScreen - lines.length;
    if (leftover > 0) text += `${CLEAR_LINE}\n`.repeat(leftover) + `${ESC}${leftover}A`;
    this.#out.write(text);
    this.#linesOnScreen = lines.length;
    this.#lastFrame = frame;
  }

  /**
   * Writes the queued warnings to stderr, below the text above the frame: the frame is erased first
   * (stderr is usually this terminal, and a line written into the frame would shift it), and the
   * next draw starts afresh below them.
   */
  #writeWarnings(): void {
    if (this.#warnings.length === 0) return;
    if (this.#linesOnScreen > 0) this.#out.write(`${ESC}${this.#linesOnScreen}A\r${ESC}J`);
    this.#linesOnScreen = 0;
    this.#err.write(this.#warnings.splice(0).map((message) => `warning: ${message}\n`).join(""));
  }
}
