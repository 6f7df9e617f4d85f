/**
 * What `corun report` shows, read back from a trace of corun's: the run's tasks and fetch attempts
 * (with their phases and waits), and the figures drawn from them: the slowest fetches, errors by
 * kind, bytes and throughput over time, totals, and the timeline's rows (aggregated to the page's
 * width, so 10,000 fetches draw as fast as 10).
 * @module
 */
import type { TraceEvent, TraceFacts } from "./trace_recorder.ts";
import { parseTraceFile } from "./trace_shape.ts";

/** A phase of an attempt, or a wait before it, in milliseconds since the run started. */
export interface Stretch {
  name: string;
  startMs: number;
  endMs: number;
}

/** One attempt at one fetch. */
export interface ReportAttempt {
  task: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: string;
  status?: number;
  bytes: number;
  error?: { code?: string; message: string };
  startMs: number;
  endMs: number;
  /** connect, tls, head, body, write (inside body). */
  phases: Stretch[];
  /** queued, politeness, retry-after, backoff: before this attempt started. */
  waits: Stretch[];
  /**
   * A request went out. False for a fetch that failed before any (a bad list line or pattern URL,
   * `BAD_LIST_LINE`): a failed fetch and an error, but no attempt, connection or slowest row.
   */
  sent: boolean;
  /** A read of robots.txt for a crawled link of the task, not one of its fetches. */
  robots?: true;
}

/** The code of a fetch that fails before any request: its line or URL cannot be fetched. */
const NOT_SENT_CODE = "BAD_LIST_LINE";

/** One fetch, its attempts taken together. */
export interface ReportFetch {
  task: string;
  url: string;
  /** How it ended: `done`, `failed`, `cancelled`, or `retry` when the trace ended as it waited. */
  outcome: string;
  /** A read of robots.txt for a crawled link of the task, not one of its fetches. */
  robots?: true;
}

/** One task's span. */
export interface ReportTask {
  name: string;
  kind: string;
  outcome: string;
  startMs: number;
  endMs: number;
  error?: { code?: string; message: string };
  /** A many-URL task's fetches as the run counted them (absent in traces made before they were). */
  items?: FetchCounts;
}

/** Fetches by how they ended; `leftOut`: links a crawl left out. */
export interface FetchCounts {
  done: number;
  failed: number;
  cancelled: number;
  leftOut: number;
}

/** A run as its trace tells it. */
export interface ReportData {
  facts: TraceFacts;
  /** From the trace's start to its last event. */
  durationMs: number;
  /** How long the runner took to start its first task (opening state, cookies, metadata log). */
  startingMs: number;
  tasks: ReportTask[];
  /** Every fetch (a cancelled one may have ended between its attempts). */
  fetches: ReportFetch[];
  attempts: ReportAttempt[];
  warnings: { atMs: number; message: string }[];
}

// Made where a trace's text is parsed; exported here too, where readers of traces look for it.
export { NotATraceError } from "./trace_shape.ts";

/**
 * Reads a trace file's text.
 *
 * @param text The file's content.
 * @param path The file, for errors.
 * @returns The run it tells.
 * @throws {NotATraceError} When the text is not JSON, or not a trace of corun's.
 */
export function readTrace(text: string, path: string): ReportData {
  const { events, facts } = parseTraceFile(text, path);
  return dataOf(events, facts);
}

function dataOf(events: TraceEvent[], facts: TraceFacts): ReportData {
  const tasks: ReportTask[] = [];
  const fetches: ReportFetch[] = [];
  const attempts: ReportAttempt[] = [];
  const warnings: ReportData["warnings"] = [];
  const taskTids = new Map<ReportTask, number>();
  let durationMs = 0;
  let startingMs = 0;
  // Per fetch track, in time order: waits wait for the attempt they precede; phases belong to
  // the attempt that holds them.
  const byTrack = new Map<number, TraceEvent[]>();
  for (const event of events) {
    if (event.ph === "M" || typeof event.ts !== "number") continue;
    const endMs = (event.ts + (event.dur ?? 0)) / 1000;
    if (endMs > durationMs) durationMs = endMs;
    if (event.cat === "task" && event.ph === "X") {
      const args = event.args ?? {};
      const task: ReportTask = {
        name: event.name,
        kind: String(args.kind ?? ""),
        outcome: String(args.outcome ?? ""),
        startMs: event.ts / 1000,
        endMs,
      };
      if (args.error) task.error = args.error as ReportTask["error"];
      const items = itemsOf(args.items);
      if (items !== undefined) task.items = items;
      tasks.push(task);
      taskTids.set(task, event.tid);
    } else if (event.cat === "run" && event.name === "starting") {
      startingMs = (event.dur ?? 0) / 1000;
    } else if (event.cat === "run" && event.name === "warning") {
      warnings.push({ atMs: event.ts / 1000, message: String(event.args?.message ?? "") });
    } else if (event.ph === "X" && event.tid >= facts.fetchTidBase) {
      let track = byTrack.get(event.tid);
      if (track === undefined) byTrack.set(event.tid, track = []);
      track.push(event);
    }
  }
  for (const track of byTrack.values()) {
    track.sort((a, b) => a.ts! - b.ts! || (b.dur ?? 0) - (a.dur ?? 0));
    let waits: Stretch[] = [];
    let current: ReportAttempt | undefined;
    for (const event of track) {
      const stretch = {
        name: event.name,
        startMs: event.ts! / 1000,
        endMs: (event.ts! + event.dur!) / 1000,
      };
      if (event.cat === "fetch") {
        fetches.push(fetchOf(event));
        waits = [];
        current = undefined;
      } else if (event.cat === "wait") {
        waits.push(stretch);
      } else if (event.cat === "attempt") {
        current = attemptOf(event, stretch, waits);
        attempts.push(current);
        waits = [];
      } else if (event.cat === "phase" && current && stretch.endMs <= current.endMs) {
        current.phases.push(stretch);
      }
    }
  }
  attempts.sort((a, b) => a.startMs - b.startMs);
  // Written as they end; their tracks are numbered as they started.
  tasks.sort((a, b) => taskTids.get(a)! - taskTids.get(b)!);
  return { facts, durationMs, startingMs, tasks, fetches, attempts, warnings };
}

/** A task slice's `items` (the runner's `ItemCounts`), when it has them as numbers. */
function itemsOf(value: unknown): FetchCounts | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { done, failed, cancelled, skipped } = value as Record<string, unknown>;
  const counts = [done, failed, cancelled, skipped];
  if (!counts.every((count) => typeof count === "number" && Number.isFinite(count))) {
    return undefined;
  }
  // `skipped` is every link left out, for whatever reason (`items.leftOut` says which).
  return {
    done: done as number,
    failed: failed as number,
    cancelled: cancelled as number,
    leftOut: skipped as number,
  };
}

function fetchOf(event: TraceEvent): ReportFetch {
  const args = event.args ?? {};
  const fetch: ReportFetch = {
    task: String(args.task ?? ""),
    url: String(args.url ?? ""),
    outcome: String(args.outcome ?? ""),
  };
  if (args.robots === true) fetch.robots = true;
  return fetch;
}

function attemptOf(event: TraceEvent, stretch: Stretch, waits: Stretch[]): ReportAttempt {
  const args = event.args ?? {};
  const attempt: ReportAttempt = {
    task: String(args.task ?? ""),
    url: String(args.url ?? ""),
    attempt: Number(args.attempt ?? 1),
    outcome: String(args.outcome ?? ""),
    // `bytes` in a trace written before `received` named what an attempt received.
    bytes: Number(args.received ?? args.bytes ?? 0),
    startMs: stretch.startMs,
    endMs: stretch.endMs,
    phases: [],
    waits,
    sent: true,
  };
  if (typeof args.status === "number") attempt.status = args.status;
  if (args.robots === true) attempt.robots = true;
  if (args.error) {
    attempt.error = args.error as ReportAttempt["error"];
    attempt.sent = attempt.error!.code !== NOT_SENT_CODE;
  }
  return attempt;
}

/** How long an attempt spent in a phase or wait of that name (ms). */
export function timeIn(stretches: readonly Stretch[], name: string): number {
  let total = 0;
  for (const stretch of stretches) {
    if (stretch.name === name) total += stretch.endMs - stretch.startMs;
  }
  return total;
}

/**
 * The slowest attempts, from its start to its end (its waits not counted: they are the frontier's);
 * a fetch that sent no request is none.
 *
 * @param data The run.
 * @param count How many.
 * @returns The slowest first.
 */
export function slowestAttempts(data: ReportData, count: number): ReportAttempt[] {
  return data.attempts.filter((attempt) => attempt.sent).toSorted((a, b) =>
    (b.endMs - b.startMs) - (a.endMs - a.startMs)
  )
    .slice(0, count);
}

/** Failed or retried attempts of one kind. */
export interface ErrorKind {
  /** The error's code, with the status for `HTTP_STATUS` (`HTTP_STATUS 404`). */
  kind: string;
  /** Attempts that ended this way. */
  attempts: number;
  /** Of them, tried again. */
  retried: number;
  /** One of them, for the message. */
  example: { url: string; message: string };
}

/**
 * Failed and retried attempts grouped by kind, the most frequent first; a fetch that failed before
 * any request (`BAD_LIST_LINE`) counts as one.
 *
 * @param data The run.
 * @returns One row per kind.
 */
export function errorsByKind(data: ReportData): ErrorKind[] {
  const kinds = new Map<string, ErrorKind>();
  for (const attempt of data.attempts) {
    if (attempt.outcome !== "failed" && attempt.outcome !== "retry") continue;
    const code = attempt.error?.code ?? "ERROR";
    const kind = code === "HTTP_STATUS" && attempt.status !== undefined
      ? `${code} ${attempt.status}`
      : code;
    let row = kinds.get(kind);
    if (row === undefined) {
      row = {
        kind,
        attempts: 0,
        retried: 0,
        example: { url: attempt.url, message: attempt.error?.message ?? "" },
      };
      kinds.set(kind, row);
    }
    row.attempts++;
    if (attempt.outcome === "retry") row.retried++;
  }
  return [...kinds.values()].sort((a, b) =>
    b.attempts - a.attempts || a.kind.localeCompare(b.kind)
  );
}

/** Bytes received in one stretch of the run. */
export interface ThroughputBucket {
  startMs: number;
  endMs: number;
  bytes: number;
  /** Bytes received from the start to this bucket's end. */
  totalBytes: number;
}

/**
 * Bytes over time: each attempt's bytes spread evenly over its exchange, from the request sent to
 * the body's end (a small body comes with its head: spread over the body alone it is a spike).
 *
 * @param data The run.
 * @param buckets How many stretches of equal length.
 * @returns One per stretch, in order.
 */
export function throughput(data: ReportData, buckets: number): ThroughputBucket[] {
  const spanMs = Math.max(data.durationMs, 1e-3);
  const widthMs = spanMs / buckets;
  const bytes = new Float64Array(buckets);
  for (const attempt of data.attempts) {
    if (attempt.bytes <= 0) continue;
    const head = attempt.phases.find((phase) => phase.name === "head");
    const body = attempt.phases.find((phase) => phase.name === "body");
    const from = head?.startMs ?? body?.startMs ?? attempt.startMs;
    const to = Math.max(body?.endMs ?? attempt.endMs, from);
    spread(bytes, from / widthMs, to / widthMs, attempt.bytes);
  }
  let total = 0;
  return Array.from(bytes, (count, index) => {
    total += count;
    return {
      startMs: index * widthMs,
      endMs: (index + 1) * widthMs,
      bytes: count,
      totalBytes: total,
    };
  });
}

/** Adds `amount` over [from, to) in units of the array's cells, by overlap (all in one if empty). */
function spread(cells: Float64Array, from: number, to: number, amount: number): void {
  const last = cells.length - 1;
  if (to - from < 1e-9) {
    cells[Math.min(Math.max(Math.floor(from), 0), last)] += amount;
    return;
  }
  const perUnit = amount / (to - from);
  for (let cell = Math.max(Math.floor(from), 0); cell <= Math.min(Math.floor(to), last); cell++) {
    const overlap = Math.min(to, cell + 1) - Math.max(from, cell);
    if (overlap > 0) cells[cell] += overlap * perUnit;
  }
}

/** The run in figures. */
export interface Totals {
  tasks: Record<string, number>;
  /**
   * Fetches (a fetch's attempts counted once) and how they ended, as the run counted them: a
   * many-URL task's from its `items` (fetches never sent, cancelled in the queue, included), other
   * tasks' from their traced fetches. `leftOut`: links a crawl left out.
   */
  fetches: FetchCounts;
  /** Reads of robots.txt crawled links asked for, done or not: apart from the fetches. */
  robotsReads: number;
  /** Attempts that sent a request (a bad list line's fetch sent none). */
  attempts: number;
  retries: number;
  bytes: number;
  durationMs: number;
  /** Bytes per second over the run. */
  bytesPerSecond: number;
  /** Time spent in each phase and wait, summed over attempts (ms). */
  phaseMs: Record<string, number>;
}

/**
 * Counts and sums over the whole run.
 *
 * @param data The run.
 * @returns The totals.
 */
export function totalsOf(data: ReportData): Totals {
  const tasks: Record<string, number> = {};
  for (const task of data.tasks) tasks[task.outcome] = (tasks[task.outcome] ?? 0) + 1;
  const fetches: FetchCounts = { done: 0, failed: 0, cancelled: 0, leftOut: 0 };
  // A task that counted its fetches counted them all; its traced ones are only those sent.
  const counted = new Set<string>();
  for (const task of data.tasks) {
    if (task.items === undefined) continue;
    counted.add(task.name);
    for (const key of Object.keys(fetches) as (keyof FetchCounts)[]) {
      fetches[key] += task.items[key];
    }
  }
  let robotsReads = 0;
  for (const fetch of data.fetches) {
    if (fetch.robots) {
      robotsReads++;
      continue;
    }
    if (counted.has(fetch.task)) continue;
    // A fetch still waiting to go again when the trace ended (`retry`) has not ended.
    const key = fetch.outcome === "left out" ? "leftOut" : fetch.outcome;
    if (Object.hasOwn(fetches, key)) fetches[key as keyof typeof fetches]++;
  }
  const phaseMs: Record<string, number> = {};
  let bytes = 0;
  let retries = 0;
  let attempts = 0;
  for (const attempt of data.attempts) {
    if (attempt.sent) attempts++;
    if (attempt.attempt > 1) retries++;
    bytes += attempt.bytes;
    for (const stretch of [...attempt.phases, ...attempt.waits]) {
      phaseMs[stretch.name] = (phaseMs[stretch.name] ?? 0) + stretch.endMs - stretch.startMs;
    }
  }
  const durationMs = data.durationMs;
  return {
    tasks,
    fetches,
    robotsReads,
    attempts,
    retries,
    bytes,
    durationMs,
    bytesPerSecond: durationMs > 0 ? bytes / (durationMs / 1000) : 0,
    phaseMs,
  };
}

/** What one pixel column of a timeline row shows, as runs of equal columns. */
export interface RowSegment {
  /** First column and how many. */
  column: number;
  columns: number;
  /** The phase, wait or outcome that covers most of those columns. */
  name: string;
}

/** One row of the timeline. */
export interface TimelineRow {
  label: string;
  /** `task`, `connection` or `waiting`. */
  kind: string;
  segments: RowSegment[];
}

/** Task rows drawn one by one at most; the rest share a row. */
export const MAX_TASK_ROWS = 40;
/** Connection rows at most; more slots share rows. */
export const MAX_CONNECTION_ROWS = 64;

/**
 * The timeline's rows at `columns` pixels: the run's start, when the runner took time to start its
 * first task (opening state, cookies, the metadata log), a row per task (the first `MAX_TASK_ROWS`,
 * then one for the rest), a row per connection slot (attempts packed onto as few rows as ran at
 * once; each attempt's phases, `attempt` where it was in none), and a row of what the waiting
 * fetches waited for. Each column shows what covered most of it, so the page's size is bounded by
 * its width.
 *
 * @param data The run.
 * @param columns The timeline's width in pixels.
 * @returns The rows, top to bottom.
 */
export function timelineRows(data: ReportData, columns: number): TimelineRow[] {
  const scale = columns / Math.max(data.durationMs, 1e-3);
  const rows: TimelineRow[] = [];
  if (data.startingMs > 0) {
    const cover = new Coverage(columns, scale);
    cover.add("starting", 0, data.startingMs);
    rows.push({ label: "run", kind: "run", segments: cover.segments() });
  }
  const tasks = data.tasks.toSorted((a, b) => a.startMs - b.startMs);
  for (const task of tasks.slice(0, MAX_TASK_ROWS)) {
    const cover = new Coverage(columns, scale);
    cover.add(task.outcome, task.startMs, task.endMs);
    rows.push({ label: `task ${task.name}`, kind: "task", segments: cover.segments() });
  }
  if (tasks.length > MAX_TASK_ROWS) {
    const cover = new Coverage(columns, scale);
    for (const task of tasks.slice(MAX_TASK_ROWS)) {
      cover.add(task.outcome, task.startMs, task.endMs);
    }
    rows.push({
      label: `${tasks.length - MAX_TASK_ROWS} more tasks`,
      kind: "task",
      segments: cover.segments(),
    });
  }
  const slots = connectionSlots(data.attempts);
  const shown = Math.min(slots.length, MAX_CONNECTION_ROWS);
  for (let row = 0; row < shown; row++) {
    const cover = new Coverage(columns, scale);
    for (let slot = row; slot < slots.length; slot += shown) {
      for (const attempt of slots[slot]) {
        cover.add("attempt", attempt.startMs, attempt.endMs);
        // Phases over the attempt, and write over the body it is part of.
        for (const phase of attempt.phases) {
          cover.add(phase.name, phase.startMs, phase.endMs, phase.name === "write" ? 3 : 2);
        }
      }
    }
    const label = slots.length > shown
      ? `connections ${row + 1}+${shown}n`
      : `connection ${row + 1}`;
    rows.push({ label, kind: "connection", segments: cover.segments() });
  }
  const waiting = new Coverage(columns, scale);
  for (const attempt of data.attempts) {
    for (const wait of attempt.waits) waiting.add(wait.name, wait.startMs, wait.endMs);
  }
  rows.push({ label: "waiting fetches", kind: "waiting", segments: waiting.segments() });
  return rows;
}

/**
 * Packs attempts onto slots: each on the first slot free when it starts (as many as ran at once). A
 * fetch that sent no request held no connection: it is on none.
 */
export function connectionSlots(attempts: readonly ReportAttempt[]): ReportAttempt[][] {
  const slots: ReportAttempt[][] = [];
  const freeAt: number[] = [];
  const sent = attempts.filter((attempt) => attempt.sent);
  for (const attempt of sent.toSorted((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
    let slot = freeAt.findIndex((endMs) => endMs <= attempt.startMs);
    if (slot < 0) {
      slot = freeAt.push(0) - 1;
      slots.push([]);
    }
    freeAt[slot] = attempt.endMs;
    slots[slot].push(attempt);
  }
  return slots;
}

/** How much of each pixel column each name covers. */
class Coverage {
  readonly #columns: number;
  readonly #scale: number;
  readonly #byName = new Map<string, Float64Array>();

  constructor(columns: number, scale: number) {
    this.#columns = columns;
    this.#scale = scale;
  }

  /** Adds `[startMs, endMs)` of `name`, counted `weight` times (a phase over its attempt). */
  add(name: string, startMs: number, endMs: number, weight = 1): void {
    let cells = this.#byName.get(name);
    if (cells === undefined) this.#byName.set(name, cells = new Float64Array(this.#columns));
    const from = startMs * this.#scale;
    // Anything that happened is at least a sliver: an instant still shows in its column.
    const to = Math.max(endMs * this.#scale, from + 0.01);
    spread(cells, from, to, (to - from) * weight);
  }

  segments(): RowSegment[] {
    const segments: RowSegment[] = [];
    for (let column = 0; column < this.#columns; column++) {
      let best = "";
      let most = 0;
      for (const [name, cells] of this.#byName) {
        if (cells[column] > most) {
          most = cells[column];
          best = name;
        }
      }
      const last = segments.at(-1);
      if (best === "") continue;
      if (last && last.name === best && last.column + last.columns === column) last.columns++;
      else segments.push({ column, columns: 1, name: best });
    }
    return segments;
  }
}
