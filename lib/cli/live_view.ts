/**
 * The terminal view: a frame redrawn in place (cursor up to its first row, erase to the end of the
 * screen, draw) at most ~10 times a second, never taller than the terminal's rows less one, so it
 * never scrolls. A small run shows a row per task; a run with more tasks than fit shows totals,
 * throughput and the fetches in flight, from `LiveRun.progress()` only, so a frame costs the same at
 * 100,000 tasks as at 10. Failures, retries and task logs scroll above the frame, a line for each
 * of their lines and no control character, so none can add a row the frame does not know of nor
 * move the cursor; only a run's first few retries get a line, the frame counts them all (a retry
 * storm would bury the failures). So do the lines a task or callback prints with `console.log` (and
 * `info`, `warn`, `error`, `debug`) while the frame is drawn: they would be drawn over. Warnings go
 * to stderr (the frame is taken off the screen first, then drawn again below them); the final frame
 * and the summary stay on screen, and a warning that comes after them goes below them.
 * @module
 */
import type { LiveRun, RunEvent, RunProgress, RunReport, TaskPhase } from "../tasks/mod.ts";
import type { CliHost, TextSink } from "./cli_host.ts";
import { gray, red, yellow } from "./deps.ts";
import { describeOutcome, safeLines, summaryLine, wrappedRows } from "./format.ts";
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
import { FailedFetchLines } from "./failed_fetch_lines.ts";
import { RetryLines } from "./live_retry_lines.ts";
import { plainEventText } from "./plain_log.ts";
import type { RunView } from "./run_view.ts";

/** Redraw period: ~10 frames a second is smooth enough and cheap over ssh. */
export const FRAME_INTERVAL_MS = 100;

const ESC = "\x1b[";
/**
 * From the first column of the frame's first row, erases that row and every row below it: the row
 * with EL, the rest with ED from the next row's start, then back up. Not ED from the first row's
 * start: when that is the screen's top left corner (a frame as tall as the terminal allows), tmux
 * takes it for a clear screen and first moves every row into its history (`scroll-on-clear`, on
 * by default), so each redraw would leave a copy of the frame there. The frame's first row is above
 * the cursor's, so there is always a row below it to move down to.
 */
const ERASE_DOWN = `\r${ESC}K${ESC}B${ESC}J${ESC}A`;
/** The color codes the frame's lines carry, which take no column. */
const COLOR_CODES = new RegExp(`\x1b\\[[\\d;]*m`, "g");
/** Counts in the live view are grouped (`10,004`), as in the frame. */
const GROUPED = { grouped: true } as const;

/** The console methods whose lines the view prints above its frame while it draws. */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

/** A console, as far as the live view takes its lines over. */
export type ConsoleLike = Pick<Console, typeof CONSOLE_METHODS[number]>;

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
  /**
   * The run's metadata log, which the line about failed fetches not listed points to; undefined
   * with `metadata: false`.
   */
  metadataPath?: string;
  /**
   * The console whose `log`, `info`, `warn`, `error` and `debug` print above the frame from the
   * first frame until the view finishes or is disposed (written straight to the terminal, a task's
   * line would be drawn over, and the frame's rows left behind it); they are given back then.
   * @default none: the console is left alone
   */
  console?: ConsoleLike;
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
  /** The lines of the frame now on screen, which the next redraw moves up over. */
  #frameOnScreen: readonly string[] = [];
  /** The terminal's width when that frame was drawn. */
  #drawnColumns = 0;
  #lastFrame = "";
  /** Lines to print above the frame at the next redraw. */
  #messages: string[] = [];
  /** Warnings to write to stderr at the next redraw. */
  #warnings: string[] = [];
  /** The final frame is drawn: nothing is redrawn or erased any more. */
  #finished = false;
  /** Which retries get a line above the frame: the run's first few. */
  readonly #retryLines = new RetryLines();
  /** The lines that name the failed fetches of lists, patterns and crawls. */
  readonly #failedFetches: FailedFetchLines;
  /** The console's own methods while the view has them print above the frame. */
  #consoleKept: ConsoleLike | undefined;
  /** What the console's methods are while the view has them. */
  readonly #printAbove = (...args: unknown[]): void => this.#say(consoleText(args));

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
    this.#failedFetches = new FailedFetchLines(options.metadataPath, GROUPED);
  }

  /** Draws the first frame and starts redrawing. */
  start(live: LiveRun): void {
    this.#live = live;
    this.#takeConsole();
    this.#redraw();
    this.#ticker ??= this.#options.every(FRAME_INTERVAL_MS, () => this.#redraw());
  }

  /**
   * Queues failures (a list's failed fetches that the report lists under its line), fetches of
   * `resume: true` cut off (where their bytes wait for the next run), task logs and the run's first
   * few retries to print above the frame at the next redraw; the frame counts every retry.
   */
  event(event: RunEvent): void {
    if (event.type === "log") this.#say(plainEventText(event));
    else if (event.type === "retry") {
      // A fetch waiting to go again is otherwise only a running row or a queued fetch.
      const line = this.#retryLines.lineOf(event);
      if (line !== undefined) this.#say(line, yellow);
    } else if (event.type === "task-end") {
      const { result } = event;
      if (result.outcome === "failed") {
        this.#say(`✗ ${result.name} ${describeOutcome(result, GROUPED)}`, red);
      } else if (result.outcome === "skipped") {
        this.#say(`- ${result.name} ${describeOutcome(result, GROUPED)}`, gray);
      } else if (result.keptPartial !== undefined) {
        // Cut off with `resume: true`: where its bytes wait for the next run, said whole (its row
        // is cut to the terminal's width, and a run at scale ends with no row per task).
        this.#say(`○ ${result.name} ${describeOutcome(result, GROUPED)}`, yellow);
      }
      for (const line of this.#failedFetches.linesOf(result)) this.#say(`  ✗ ${line}`, red);
    }
  }

  /** Queues a message to print above the frame, in lines of their own (see `terminalLines`). */
  #say(text: string, paint: (text: string) => string = (line) => line): void {
    for (const line of terminalLines(text)) this.#messages.push(paint(line));
  }

  /** Queues a warning for stderr at the next redraw; after the final frame, writes it below it. */
  warning(message: string): void {
    this.#warnings.push(message);
    if (this.#finished) this.#writeWarnings();
  }

  /**
   * Prints the line above the frame at once (an interrupt's, which the user waits to see), not at
   * the next redraw; below what is on screen when no frame is drawn.
   */
  notice(text: string): void {
    this.#say(text);
    if (this.#live !== undefined && !this.#finished) {
      this.#redraw();
      return;
    }
    this.#out.write(this.#messages.splice(0).map((line) => `${line}\n`).join(""));
  }

  /**
   * Stops redrawing and leaves the final frame, with the summary as its last line: a row per task
   * when they fit, else how the fetches ended (the report's task list is never read then). A run
   * that retried has how its fetches ended under its rows too, with the count of its retries.
   */
  finish(report: RunReport): void {
    this.#stop();
    const unlisted = this.#failedFetches.closingLine();
    if (unlisted !== undefined) this.#say(unlisted, red);
    const columns = this.#options.columns();
    const taskCount = Object.values(report.counts).reduce((sum, count) => sum + count, 0);
    const summary = summaryLine(report, GROUPED);
    const progress = this.#live?.progress();
    const fetches = progress && renderFinalFetches(progress, columns);
    const fetchLines = fetches === undefined ? [] : [fetches];
    // The retries the view did not list stay counted on screen once the run is over.
    const underRows = progress !== undefined && progress.retries > 0 ? fetchLines : [];
    if (taskCount + underRows.length + 1 <= this.#height()) {
      const snapshots = report.tasks.map(snapshotOfResult);
      this.#draw([...renderRows(snapshots, columns), ...underRows, summary]);
    } else this.#draw([...fetchLines, summary]);
    // The final frame and summary stay: a warning after them (the log's last write failed) goes below.
    this.#finished = true;
    this.#frameOnScreen = [];
  }

  /** Stops redrawing; what is on screen stays, and warnings not yet written are. */
  [Symbol.dispose](): void {
    this.#stop();
    this.#writeWarnings();
  }

  #stop(): void {
    this.#ticker?.[Symbol.dispose]();
    this.#ticker = undefined;
    this.#giveConsoleBack();
  }

  /** Has the console's lines printed above the frame (see `LiveViewOptions.console`). */
  #takeConsole(): void {
    const target = this.#options.console;
    if (target === undefined || this.#consoleKept !== undefined) return;
    this.#consoleKept = Object.fromEntries(
      CONSOLE_METHODS.map((method) => [method, target[method]]),
    ) as ConsoleLike;
    for (const method of CONSOLE_METHODS) target[method] = this.#printAbove;
  }

  /** Gives the console its own methods back, but for one something else has replaced since. */
  #giveConsoleBack(): void {
    const target = this.#options.console;
    const kept = this.#consoleKept;
    if (target === undefined || kept === undefined) return;
    for (const method of CONSOLE_METHODS) {
      if (target[method] === this.#printAbove) target[method] = kept[method];
    }
    this.#consoleKept = undefined;
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
        progress.retries,
      ),
    ];
    // Large bodies get their progress bars in the room left under the footer.
    const large = largeBodies(progress);
    lines.push(...renderActiveFetches(large, large.length, height - lines.length, columns));
    this.#draw(lines);
  }

  /**
   * Replaces the frame on screen with the messages and `lines` in one write: the old frame is
   * erased from its first row to the end of the screen, so nothing of it stays, however many rows
   * the messages printed over it take (a long one wraps), and no newline is written past it (which
   * would scroll). Skips the write when nothing changed.
   */
  #draw(lines: readonly string[]): void {
    const frame = lines.join("\n");
    if (frame === this.#lastFrame && this.#messages.length + this.#warnings.length === 0) return;
    this.#writeWarnings();
    let text = this.#eraseFrame();
    for (const line of this.#messages.splice(0)) text += `${line}\n`;
    for (const line of lines) text += `${line}\n`;
    this.#out.write(text);
    this.#frameOnScreen = lines;
    this.#drawnColumns = this.#options.columns();
    this.#lastFrame = frame;
  }

  /**
   * Writes the queued warnings to stderr, below the text above the frame: the frame is erased first
   * (stderr is usually this terminal, and a line written into the frame would shift it), and the
   * next draw starts afresh below them.
   */
  #writeWarnings(): void {
    if (this.#warnings.length === 0) return;
    const erase = this.#eraseFrame();
    if (erase !== "") this.#out.write(erase);
    const lines = this.#warnings.splice(0).flatMap((message) =>
      terminalLines(`warning: ${message}`)
    );
    this.#err.write(lines.map((line) => `${line}\n`).join(""));
  }

  /**
   * What takes the cursor from below the frame on screen to its first row and erases from there to
   * the end of the screen; "" when no frame is there. The frame is forgotten: the next one is drawn
   * where the cursor then is.
   */
  #eraseFrame(): string {
    if (this.#frameOnScreen.length === 0) return "";
    const up = this.#frameRows();
    this.#frameOnScreen = [];
    return `${ESC}${up}A${ERASE_DOWN}`;
  }

  /**
   * The rows the frame on screen takes now, which the cursor moves up over: a row a line, or, when
   * the terminal has narrowed since, the rows a terminal that re-wraps its lines (most do) lays
   * each one out on. Not cut to the terminal's rows: after it lost rows, the move up stops at the
   * top row, where the frame's top now is (an emulator that leaves the cursor below its new bottom,
   * as pyte does, is moved up far enough too).
   */
  #frameRows(): number {
    const columns = this.#options.columns();
    if (columns >= this.#drawnColumns || columns <= 0) return this.#frameOnScreen.length;
    let rows = 0;
    for (const line of this.#frameOnScreen) {
      rows += wrappedRows(line.replace(COLOR_CODES, ""), columns);
    }
    return rows;
  }
}

/**
 * A message as lines for the terminal, the ones after the first indented so they read as one
 * message, each without control characters: a task's name, a server's error text or a log message
 * can neither add a line the frame does not know of nor move the cursor.
 */
function terminalLines(text: string): string[] {
  return safeLines(text).map((line, index) => index === 0 ? line : `  ${line}`);
}

/** Matches a format specifier of the console's first argument (`%s`, `%d`, `%o`, `%c`, `%%`, …). */
const SPECIFIER = /%([sdifoOc%])/g;

/**
 * The text `console.log(...args)` prints, near enough: a first text's format specifiers filled in
 * (`%c` takes its CSS away), then the other arguments, text as it is and anything else as
 * `Deno.inspect` shows it, a space between them.
 */
function consoleText(args: readonly unknown[]): string {
  const shown = (value: unknown) => typeof value === "string" ? value : Deno.inspect(value);
  let next = 0;
  const parts: string[] = [];
  if (typeof args[0] === "string") {
    next = 1;
    parts.push(args[0].replace(SPECIFIER, (whole, kind: string) => {
      if (kind === "%") return "%";
      if (next >= args.length) return whole;
      const value = args[next++];
      if (kind === "c") return "";
      if (kind === "d" || kind === "i") {
        return typeof value === "bigint" ? `${value}n` : `${Math.trunc(Number(value))}`;
      }
      return kind === "f" ? `${Number(value)}` : shown(value);
    }));
  }
  for (const value of args.slice(next)) parts.push(shown(value));
  return parts.join(" ");
}

/** Declared tasks in all: the sum of the phases. */
function countTasks(tasks: Record<TaskPhase, number>): number {
  let count = 0;
  for (const phase in tasks) count += tasks[phase as TaskPhase];
  return count;
}

/**
 * The fetches in flight whose bodies are large, oldest first: a length of at least
 * `LARGE_BODY_BYTES` (they get a progress bar), or that many bytes received of a length not known
 * (they show elapsed and bytes).
 */
function largeBodies(progress: RunProgress): RunProgress["active"] {
  return progress.active.filter((fetch) => (fetch.totalBytes ?? fetch.bytes) >= LARGE_BODY_BYTES);
}
