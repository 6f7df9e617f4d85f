/**
 * The lines of the live view, each cut to the terminal's width so none wraps (a wrapped line would
 * break redrawing in place). A small run has a row per task (icon, name, state, elapsed, what it
 * waits on) and a footer; a run at scale has totals, throughput and a line per fetch in flight,
 * drawn from `RunProgress` alone, so a frame costs the same for 10 tasks or 100,000.
 * @module
 */
import type {
  ActiveFetch,
  RunProgress,
  TaskPhase,
  TaskResult,
  TaskSnapshot,
} from "../tasks/mod.ts";
import { keptPartialText, shownError } from "../tasks/mod.ts";
import { cyan, dim, gray, green, red, yellow } from "./deps.ts";
import {
  cutToWidth,
  describeItems,
  displayWidth,
  formatBytes,
  formatCount,
  formatSeconds,
  oneLine,
  savedDetail,
  taskDurationMs,
} from "./format.ts";

/** Counts in the live view are grouped (`10,004`). */
const GROUPED = { grouped: true } as const;
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const MAX_NAME_CHARS = 24;
/**
 * The name column takes at most this share of a narrow terminal's width (and at least
 * `MIN_NAME_CHARS`): a long name would otherwise push the state and elapsed time off the row.
 */
const NAME_SHARE = 1 / 3;
const MIN_NAME_CHARS = 8;
const PHASE_CHARS = 9;
const ELAPSED_CHARS = 8;
const PHASES: readonly TaskPhase[] = [
  "running",
  "waiting",
  "done",
  "failed",
  "cancelled",
  "skipped",
];

type Paint = (text: string) => string;
const plain: Paint = (text) => text;

const ICONS: Record<Exclude<TaskPhase, "running">, string> = {
  waiting: "·",
  done: "✓",
  failed: "✗",
  cancelled: "○",
  skipped: "-",
};

const PAINT: Record<TaskPhase, Paint> = {
  waiting: gray,
  running: cyan,
  done: green,
  failed: red,
  cancelled: yellow,
  skipped: gray,
};

/** A piece of a row: its text, and how to color it once cut to width. */
interface Piece {
  text: string;
  paint: Paint;
}

/**
 * Renders one row per task.
 *
 * @param snapshots The tasks, in declaration order.
 * @param columns Terminal width; rows are cut to `columns - 1` visible characters, names to a
 *   third of it (8 at least, 24 at most) so the state and elapsed time stay on a narrow terminal.
 * @param tick Frame counter, which turns the spinner of running tasks.
 * @returns Colored rows without newlines.
 */
export function renderRows(
  snapshots: readonly TaskSnapshot[],
  columns: number,
  tick = 0,
): string[] {
  const nameChars = Math.min(
    MAX_NAME_CHARS,
    Math.max(MIN_NAME_CHARS, Math.floor(columns * NAME_SHARE)),
    snapshots.reduce((widest, task) => Math.max(widest, displayWidth(oneLine(task.name))), 0),
  );
  return snapshots.map((task) => {
    const paint = PAINT[task.phase];
    const icon = task.phase === "running" ? SPINNER[tick % SPINNER.length] : ICONS[task.phase];
    const elapsed = task.elapsedMs === null ? "" : formatSeconds(task.elapsedMs);
    return fit([
      { text: `${icon} `, paint },
      {
        text: `${padToWidth(cutToWidth(oneLine(task.name), nameChars), nameChars)}  `,
        paint: plain,
      },
      { text: task.phase.padEnd(PHASE_CHARS), paint },
      { text: elapsed.padStart(ELAPSED_CHARS), paint: plain },
      { text: task.detail === "" ? "" : `  ${task.detail}`, paint: dim },
    ], columns - 1);
  });
}

/**
 * The line under the rows while the run goes: total elapsed and how many tasks are in each state,
 * how the fetches stand when they are given (a run with more fetches than tasks), and the run's
 * retries once there are any.
 *
 * @param snapshots The tasks.
 * @param elapsedMs Loop-clock time since the run started.
 * @param columns Terminal width.
 * @param fetches The run's fetch counts, to show them too.
 * @param retries The run's retries so far (`RunProgress.retries`).
 * @returns `1.20s  2 running, 1 waiting, 1 done`, dimmed; `… · 1,234 retries` after it when the
 *   run has retried, kept whole when the line is cut.
 */
export function renderFooter(
  snapshots: readonly TaskSnapshot[],
  elapsedMs: number,
  columns: number,
  fetches?: RunProgress["fetches"],
  retries = 0,
): string {
  const counts: Record<TaskPhase, number> = {
    waiting: 0,
    running: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  };
  for (const task of snapshots) counts[task.phase]++;
  let text = `${formatSeconds(elapsedMs)}  ${phaseCounts(counts)}`;
  if (fetches !== undefined) text += ` · fetches: ${fetchCounts(fetches)}`;
  return fitKeepingTail([{ text, paint: dim }], retriesPiece(retries), columns - 1);
}

/**
 * Turns a finished task's record into a row, so the final frame shows outcomes exactly as reported.
 *
 * @param result The task's record.
 * @returns A snapshot in the task's final phase, with its error message as the detail, else how a
 *   many-URL task's fetches ended (`10,000 fetches: 10,000 done`), else where the body was saved;
 *   then, for a fetch of `resume: true` cut off, where its bytes wait for the next run.
 */
export function snapshotOfResult(result: TaskResult): TaskSnapshot {
  const { items, keptPartial } = result;
  const detail = shownError(result) ??
    (items === undefined
      ? savedDetail(result.fetch)
      : describeItems(items, GROUPED, result.emptyList));
  const kept = keptPartial === undefined ? "" : keptPartialText(keptPartial, formatCount);
  return {
    name: result.name,
    kind: result.kind,
    phase: result.outcome,
    detail: [detail, kept].filter((part) => part !== "").join(": "),
    elapsedMs: taskDurationMs(result),
  };
}

/** Cuts the pieces to `width` terminal columns, then colors them. */
function fit(pieces: readonly Piece[], width: number): string {
  let room = Math.max(0, width);
  let line = "";
  for (const { text, paint } of pieces) {
    const shown = cutToWidth(oneLine(text), room);
    room -= displayWidth(shown);
    if (shown !== "") line += paint(shown);
  }
  return line.trimEnd();
}

/**
 * Cuts the pieces to `width` terminal columns as {@linkcode fit} does, but keeps `tail` whole at the
 * end: what is cut is the pieces before it. The retry count stands for the retry lines the view no
 * longer prints, so an 80-column terminal must still show it after a long totals line. A terminal
 * too narrow for that (the tail would take more than half the line) cuts it with the rest.
 */
function fitKeepingTail(pieces: readonly Piece[], tail: Piece | undefined, width: number): string {
  if (tail === undefined) return fit(pieces, width);
  const tailWidth = displayWidth(tail.text);
  if (tailWidth * 2 > width) return fit([...pieces, tail], width);
  return fit(pieces, width - tailWidth) + tail.paint(tail.text);
}

/** ` · 1,234 retries`, in the retry lines' color; none while the run has not retried. */
function retriesPiece(retries: number): Piece | undefined {
  if (retries === 0) return undefined;
  return {
    text: ` · ${formatCount(retries)} ${retries === 1 ? "retry" : "retries"}`,
    paint: yellow,
  };
}

/** Pads `text` with spaces to `width` terminal columns. */
function padToWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** `2 running, 1 waiting, 1 done`: the phases that have tasks, in a fixed order. */
function phaseCounts(counts: Record<TaskPhase, number>): string {
  return PHASES.filter((phase) => counts[phase] !== 0)
    .map((phase) => `${formatCount(counts[phase])} ${phase}`)
    .join(", ");
}

/** `10 done, 0 failed, 64 active, 9,000 queued`: always all four, so the line keeps its shape. */
function fetchCounts(fetches: RunProgress["fetches"]): string {
  return `${formatCount(fetches.done)} done, ${formatCount(fetches.failed)} failed, ` +
    `${formatCount(fetches.active)} active, ${formatCount(fetches.queued)} queued`;
}

/** A body this large (when its length is known) gets a progress bar. */
export const LARGE_BODY_BYTES = 1024 * 1024;

/** How fast the run goes, per second, over the last few seconds (see {@linkcode Throughput}). */
export interface Rates {
  /** Fetches that ended (done or failed) a second. */
  fetchesPerSecond: number;
  /** Body bytes received a second. */
  bytesPerSecond: number;
}

/**
 * Fetch and byte rates over a sliding window, from one sample per frame: a frame costs O(1) here,
 * and at most a window's worth of samples (~50 at 10 frames a second) is kept.
 */
export class Throughput {
  readonly #windowMs: number;
  /** [real ms, fetches ended, bytes received], oldest first; the first is at or before the window. */
  #samples: [number, number, number][] = [];

  /**
   * Starts with no samples.
   *
   * @param windowMs How far back the rates look.
   */
  constructor(windowMs = 5000) {
    this.#windowMs = windowMs;
  }

  /**
   * Records where the run is now and says how fast it went over the window.
   *
   * @param atMs Real (monotonic) milliseconds now.
   * @param fetchesEnded Fetches done or failed so far.
   * @param bytes Body bytes received so far.
   * @returns The rates; 0 until two samples are apart in time.
   */
  sample(atMs: number, fetchesEnded: number, bytes: number): Rates {
    const samples = this.#samples;
    samples.push([atMs, fetchesEnded, bytes]);
    // Keep one sample at or before the window's start, so the rates span the whole window.
    while (samples.length > 2 && samples[1][0] <= atMs - this.#windowMs) samples.shift();
    const [fromMs, fromFetches, fromBytes] = samples[0];
    const seconds = (atMs - fromMs) / 1000;
    if (seconds <= 0) return { fetchesPerSecond: 0, bytesPerSecond: 0 };
    return {
      fetchesPerSecond: (fetchesEnded - fromFetches) / seconds,
      bytesPerSecond: (bytes - fromBytes) / seconds,
    };
  }
}

/**
 * The frame of a run at scale, in at most `height` lines: totals, throughput, then the fetches in
 * flight (oldest first) as many as fit, and `+N more` for the rest. A run that has made no fetch (its
 * tasks sleep, or have not fetched yet) has its tasks' totals alone: fetch counts and rates of zero
 * would only push them aside. Costs O(height), whatever the number of tasks or fetches.
 *
 * @param progress The run now (`LiveRun.progress()`).
 * @param rates From {@linkcode Throughput}.
 * @param elapsedMs Loop-clock time since the run started.
 * @param columns Terminal width; lines are cut to `columns - 1` columns.
 * @param height Lines available (the terminal's rows less one).
 * @returns At most `height` colored lines.
 */
export function renderAtScale(
  progress: RunProgress,
  rates: Rates,
  elapsedMs: number,
  columns: number,
  height: number,
): string[] {
  const lines: string[] = [];
  if (height <= 0) return lines;
  lines.push(renderTotals(progress, elapsedMs, columns));
  if (!hasFetched(progress)) return lines;
  if (height >= 2) lines.push(renderThroughput(progress, rates, columns));
  lines.push(
    ...renderActiveFetches(
      progress.active,
      progress.fetches.active,
      height - lines.length,
      columns,
    ),
  );
  return lines;
}

/**
 * The totals line: elapsed, tasks by phase, fetches done / failed / active / queued once the run
 * has made one, and the retries once there are any.
 *
 * @param progress The run now.
 * @param elapsedMs Loop-clock time since the run started.
 * @param columns Terminal width.
 * @returns `4.20s  tasks: 3 running, 99,997 waiting · fetches: 120 done, 0 failed, 64 active, 9,816 queued`,
 *   then ` · 1,234 retries` when the run has retried, kept whole when the line is cut; without a
 *   fetch, `4.20s  tasks: 200 running, 296 waiting, 4 done`.
 */
function renderTotals(progress: RunProgress, elapsedMs: number, columns: number): string {
  const pieces: Piece[] = [
    { text: `${formatSeconds(elapsedMs)}  `, paint: dim },
    { text: `tasks: ${phaseCounts(progress.tasks)}`, paint: plain },
  ];
  if (hasFetched(progress)) {
    pieces.push({ text: ` · fetches: ${fetchCounts(progress.fetches)}`, paint: plain });
  }
  return fitKeepingTail(pieces, retriesPiece(progress.retries), columns - 1);
}

/** Whether the run has made a fetch yet: put one in the frontier, or received a byte. */
function hasFetched(progress: RunProgress): boolean {
  const { done, failed, cancelled, active, queued } = progress.fetches;
  return done + failed + cancelled + active + queued > 0 || progress.bytes > 0;
}

/**
 * The throughput line: fetches and bytes a second over the last few seconds, and bytes in all.
 *
 * @param progress The run now.
 * @param rates From {@linkcode Throughput}.
 * @param columns Terminal width.
 * @returns `2,450 fetches/s  3.1 MiB/s  41.2 MiB received`, dimmed.
 */
function renderThroughput(progress: RunProgress, rates: Rates, columns: number): string {
  const text = `${formatCount(rates.fetchesPerSecond)} fetches/s  ` +
    `${formatBytes(rates.bytesPerSecond)}/s  ${formatBytes(progress.bytes)} received`;
  return fit([{ text, paint: dim }], columns - 1);
}

/**
 * Lines for fetches in flight within `room` lines: the first ones given, then `+N more` when some
 * are left out.
 *
 * @param active Fetches in flight, oldest first.
 * @param count How many are in flight in all (`active` may be a part of them).
 * @param room Lines available.
 * @param columns Terminal width.
 * @returns At most `room` lines.
 */
export function renderActiveFetches(
  active: readonly ActiveFetch[],
  count: number,
  room: number,
  columns: number,
): string[] {
  const total = Math.max(count, active.length);
  if (room <= 0 || total === 0) return [];
  const shown = total <= room ? Math.min(active.length, room) : Math.min(active.length, room - 1);
  const lines: string[] = [];
  for (let index = 0; index < shown; index++) lines.push(renderActiveFetch(active[index], columns));
  if (total > shown) {
    lines.push(fit([{ text: `+${formatCount(total - shown)} more`, paint: dim }], columns - 1));
  }
  return lines;
}

/**
 * One fetch in flight. A body of known length of at least {@linkcode LARGE_BODY_BYTES} gets a
 * progress bar with percent, bytes, speed (its average since the request started, of the bytes
 * this response brought: a continued download's kept bytes came before) and the time left at that
 * speed; others show elapsed and bytes. The URL comes last, so a narrow terminal cuts it before
 * the figures.
 *
 * @param fetch The fetch.
 * @param columns Terminal width.
 * @returns ` 30% ████░░░░ 12.0 MiB/40.0 MiB 5.0 MiB/s ETA 6s  https://x/big.iso`, or
 *   `  1.20s   12.3 KiB  https://x/a.html`.
 */
export function renderActiveFetch(fetch: ActiveFetch, columns: number): string {
  const width = columns - 1;
  const { bytes, keptBytes = 0, totalBytes, elapsedMs } = fetch;
  if (totalBytes === null || totalBytes < LARGE_BODY_BYTES) {
    return fit([
      { text: formatSeconds(elapsedMs).padStart(ELAPSED_CHARS), paint: plain },
      { text: `${formatBytes(bytes).padStart(11)}  `, paint: plain },
      { text: fetch.url, paint: dim },
    ], width);
  }
  const fraction = Math.min(1, bytes / totalBytes);
  const speed = elapsedMs > 0 ? (bytes - keptBytes) / (elapsedMs / 1000) : 0;
  const eta = speed > 0 ? formatEta(((totalBytes - bytes) / speed) * 1000) : "--";
  // Figures padded to fixed widths, so that the bar and the URL stay put from frame to frame (the
  // total is the same in every frame of a fetch).
  const figures = ` ${formatBytes(bytes).padStart(BYTES_CHARS)}/${formatBytes(totalBytes)} ${
    formatBytes(speed).padStart(BYTES_CHARS)
  }/s ETA ${eta.padStart(ETA_CHARS)}  `;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  // The bar takes what is left once the figures and 20 columns of URL have theirs.
  const barChars = Math.min(MAX_BAR_CHARS, width - percent.length - 1 - figures.length - 20);
  return fit([
    { text: percent, paint: plain },
    { text: barChars < MIN_BAR_CHARS ? "" : ` ${progressBar(fraction, barChars)}`, paint: cyan },
    { text: figures, paint: plain },
    { text: fetch.url, paint: dim },
  ], width);
}

/**
 * `1023.9 KiB`: the widest `formatBytes` writes (below 10,000 TiB), bytes and speed alike; a unit's
 * 1000 to 1023.9 has four digits before it moves on to the next.
 */
const BYTES_CHARS = 10;
/** `59m59s`: the time left's widest below 100 hours. */
const ETA_CHARS = 6;
const MIN_BAR_CHARS = 5;
const MAX_BAR_CHARS = 30;

/** `█████░░░░░`: `fraction` of `chars` filled, rounded down (full only when complete). */
function progressBar(fraction: number, chars: number): string {
  const full = Math.floor(fraction * chars);
  return "█".repeat(full) + "░".repeat(chars - full);
}

/**
 * Time left, coarse: whole seconds (rounded up), then minutes, then hours.
 *
 * @param ms Milliseconds left.
 * @returns `6s`, `2m05s`, `1h02m`.
 */
export function formatEta(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * The line above the summary at the end of a run at scale, or of a run that retried: how its
 * fetches ended, the bytes they received and its retries, or nothing when it made no fetch.
 *
 * @param progress The run's last progress.
 * @param columns Terminal width.
 * @returns `fetches: 9,998 done, 2 failed · 41.2 MiB received`, with `, 30 cancelled` after an
 *   interrupt and ` · 1,234 retries` after a run that retried; or undefined.
 */
export function renderFinalFetches(progress: RunProgress, columns: number): string | undefined {
  const { done, failed, cancelled, active, queued } = progress.fetches;
  // An ended run has none in flight or queued: any there (a view finished early) were cut off too.
  const cut = cancelled + active + queued;
  if (done + failed + cut === 0) return undefined;
  let text = `fetches: ${formatCount(done)} done, ${formatCount(failed)} failed`;
  if (cut > 0) text += `, ${formatCount(cut)} cancelled`;
  return fitKeepingTail(
    [{ text: `${text} · ${formatBytes(progress.bytes)} received`, paint: plain }],
    retriesPiece(progress.retries),
    columns - 1,
  );
}
