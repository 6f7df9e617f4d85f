/**
 * The terminal view: a frame redrawn in place (cursor up, clear line) at most ~10 times a second,
 * never taller than the terminal's rows less one, so it never scrolls. A small run shows a row per
 * task; a run with more tasks than fit shows totals, throughput and the fetches in flight, from
 * `LiveRun.progress()` only, so a frame costs the same at 100,000 tasks as at 10. Failures scroll
 * above the frame, warnings go to stderr (the frame is taken off the screen first, then drawn again
 * below them); the final frame and the summary stay on screen, and a warning that comes after them
 * goes below them.
 * @module
 */
import type { LiveRun, RunEvent, RunProgress, RunReport, TaskPhase } from "../tasks/mod.ts";
import type { CliHost, TextSink } from "./cli_host.ts";
import { gray, red } from "./deps.ts";
import { describeOutcome, summaryLine } from "./format.ts";
import {
  LARGE_BODY_BYTES,
  renderActiveFetches,
  renderAtScale,
  renderFinalFetches,
  renderFooter,
  renderRows,
  snapshotOfResult,
  Throughput,
} from "./live_frame.ts";
import type { RunView } from "./run_view.ts";

/** Redraw period: ~10 frames a second is smooth enough and cheap over ssh. */
export const FRAME_INTERVAL_MS = 100;

const ESC = "\x1b[";
const CLEAR_LINE = `\r${ESC}2K`;

/** Options of {@linkcode LiveView}. */
export interface LiveViewOptions {
  /** Terminal width in columns. */
  columns: () => number;
  /** Terminal height in rows: the frame takes at most one less. */
  rows: () => number;
  /** Drives redraws; see `CliHost.every`. */
  every: CliHost["every"];
  /** Where warnings go (usually the same terminal). */
  stderr: TextSink;
  /** Real monotonic milliseconds, for rates. @default performance.now */
  clock?: () => number;
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
 *   rows: () => 24,
 *   stderr: { write: (text) => console.error(text) },
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
  readonly #throughput = new Throughput();
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
   * Creates a view that draws nothing until the run starts.
   *
   * @param out The terminal.
   * @param options Its size, the redraw timer, stderr and the clock for rates.
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

  /**
   * Stops redrawing and leaves the final frame, with the summary as its last line: a row per task
   * when they fit, else how the fetches ended (the report's task list is never read then).
   */
  finish(report: RunReport): void {
    this.#stop();
    const columns = this.#options.columns();
    const taskCount = Object.values(report.counts).reduce((sum, count) => sum + count, 0);
    if (taskCount + 1 <= this.#height()) {
      const snapshots = report.tasks.map(snapshotOfResult);
      this.#draw([...renderRows(snapshots, columns), summaryLine(report)]);
    } else {
      const fetches = this.#live === undefined
        ? undefined
        : renderFinalFetches(this.#live.progress(), columns);
      this.#draw([...(fetches === undefined ? [] : [fetches]), summaryLine(report)]);
    }
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

  /** Lines the frame may take: the terminal's rows less one, as the cursor ends below the frame. */
  #height(): number {
    return Math.max(0, this.#options.rows() - 1);
  }

  #redraw(): void {
    if (this.#live === undefined || this.#finished) return;
    const live = this.#live;
    const progress = live.progress();
    const { done, failed } = progress.fetches;
    const now = this.#options.clock?.() ?? performance.now();
    const rates = this.#throughput.sample(now, done + failed, progress.bytes);
    const columns = this.#options.columns();
    const height = this.#height();
    this.#tick += 1;
    const taskCount = countTasks(progress.tasks);
    if (taskCount + 1 > height) {
      // At scale: nothing per task, so the frame costs O(fetches in flight), not O(tasks).
      this.#draw(renderAtScale(progress, rates, live.elapsedMs(), columns, height));
      return;
    }
    const snapshots = live.snapshot();
    const { fetches } = progress;
    // A list, pattern or crawl makes more fetches than tasks: their counts go on the footer then.
    const fetchCount = fetches.done + fetches.failed + fetches.active + fetches.queued;
    const lines = [
      ...renderRows(snapshots, columns, this.#tick),
      renderFooter(
        snapshots,
        live.elapsedMs(),
        columns,
        fetchCount > taskCount ? fetches : undefined,
      ),
    ];
    // Large bodies get their progress bars in the room left under the footer.
    const large = largeBodies(progress);
    lines.push(...renderActiveFetches(large, large.length, height - lines.length, columns));
    this.#draw(lines);
  }

  /** Replaces the frame on screen with `lines` in one write; skips the write when nothing changed. */
  #draw(lines: readonly string[]): void {
    const frame = lines.join("\n");
    if (frame === this.#lastFrame && this.#messages.length + this.#warnings.length === 0) return;
    this.#writeWarnings();
    let text = this.#linesOnScreen > 0 ? `${ESC}${this.#linesOnScreen}A` : "";
    const messages = this.#messages.splice(0);
    for (const line of [...messages, ...lines]) text += `${CLEAR_LINE}${line}\n`;
    // Clear what is left of a taller previous frame, and come back up. The lines printed above the
    // frame took the first of the old frame's lines; writing past the old frame's end would scroll.
    const leftover = this.#linesOnScreen - messages.length - lines.length;
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

/** Declared tasks in all: the sum of the phases. */
function countTasks(tasks: Record<TaskPhase, number>): number {
  let count = 0;
  for (const phase in tasks) count += tasks[phase as TaskPhase];
  return count;
}

/** The fetches in flight whose bodies are large enough for a progress bar, oldest first. */
function largeBodies(progress: RunProgress): RunProgress["active"] {
  return progress.active.filter((fetch) =>
    fetch.totalBytes !== null && fetch.totalBytes >= LARGE_BODY_BYTES
  );
}
