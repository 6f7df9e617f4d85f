/**
 * A trace of one run in Chrome's trace-event format (the JSON Object Format, which Perfetto and
 * `chrome://tracing` open): a track per task with its span, and fetch tracks where each fetch is a
 * slice holding its waits (queued, politeness, Retry-After, backoff) and its attempts, each attempt
 * holding its phases (connect, TLS, head, body, and write inside body). A scheduled run's fire is an
 * instant on the scheduler's track, warnings are instants on the run's. Times are real time since the
 * recorder was made, in microseconds.
 * @module
 */
import type { AttemptEvent, RunEvent } from "../tasks/mod.ts";

/** One event of Chrome's trace-event format, as corun writes them. */
export interface TraceEvent {
  name: string;
  /** `X` a complete slice, `i` an instant, `M` metadata (names of processes and threads). */
  ph: "X" | "i" | "M";
  pid: number;
  tid: number;
  /** Microseconds since the run started (not on metadata). */
  ts?: number;
  /** A slice's length in microseconds. */
  dur?: number;
  cat?: string;
  /** An instant's scope: `t` its thread, `p` its process. */
  s?: "t" | "p";
  args?: Record<string, unknown>;
}

/** A whole trace file: what `corun report` reads back. */
export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms";
  /** corun's own facts about the run; `corunTrace` marks a trace of corun's. */
  otherData: TraceFacts;
}

/** What a trace says about its run beside the events. */
export interface TraceFacts {
  /** The format's version: a trace without it is not corun's. */
  corunTrace: 1;
  /** The config the run ran, when known. */
  source?: string;
  runId?: string;
  /** Wall-clock start (ISO 8601): `ts` 0. */
  startedAt: string;
  /** The fire a scheduled run answers (ISO 8601). */
  fireAt?: string;
  /** Fetch tracks and the task tracks' first thread id: how `corun report` tells tracks apart. */
  fetchTidBase: number;
  taskTidBase: number;
}

/** Ids of the trace's one process and its fixed threads. */
const PID = 1;
const SCHEDULER_TID = 1;
const RUN_TID = 2;
/** Thread ids of task tracks start here, fetch tracks at `FETCH_TID_BASE`. */
export const TASK_TID_BASE = 100;
/** Thread id of the first fetch track. */
export const FETCH_TID_BASE = 1_000_000;

/** What a trace of one run knows at its start. */
export interface TraceStart {
  /** The config (path or URL). */
  source?: string;
  runId?: string;
  /** When the scheduler fired the run this trace is of (ISO 8601). */
  fireAt?: string;
  /** Where the trace's times start, on `performance.now()`'s clock. @default now */
  originMs?: number;
  /** Wall-clock time at that origin. @default now */
  startedAt?: Date;
}

interface TaskSpan {
  name: string;
  kind: string;
  startMs: number;
  endMs?: number;
  outcome?: string;
  error?: { code?: string; message: string };
}

/** Collects a run's events and attempts, and writes them as a trace. */
export class TraceRecorder {
  readonly #originMs: number;
  readonly #facts: TraceFacts;
  readonly #tasks = new Map<string, TaskSpan>();
  readonly #attempts: AttemptEvent[] = [];
  readonly #instants: TraceEvent[] = [];

  /**
   * Starts a trace.
   *
   * @param start The run's config, id, fire, and the trace's time origin.
   */
  constructor(start: TraceStart = {}) {
    this.#originMs = start.originMs ?? performance.now();
    this.#facts = {
      corunTrace: 1,
      startedAt: (start.startedAt ?? new Date()).toISOString(),
      fetchTidBase: FETCH_TID_BASE,
      taskTidBase: TASK_TID_BASE,
    };
    if (start.source !== undefined) this.#facts.source = redactCredentials(start.source);
    if (start.runId !== undefined) this.#facts.runId = start.runId;
    if (start.fireAt !== undefined) {
      this.#facts.fireAt = start.fireAt;
      const late = (start.startedAt ?? new Date()).getTime() - Date.parse(start.fireAt);
      this.#instants.push({
        name: "fire",
        ph: "i",
        s: "p",
        pid: PID,
        tid: SCHEDULER_TID,
        ts: 0,
        cat: "scheduler",
        args: { fireAt: start.fireAt, lateMs: Number.isFinite(late) ? late : null },
      });
    }
  }

  /**
   * Takes one event of the run's stream (`RunOptions.onEvent`).
   *
   * @param event What happened.
   * @param atMs When, on `performance.now()`'s clock. @default now
   */
  event(event: RunEvent, atMs: number = performance.now()): void {
    if (event.type === "task-start") {
      this.#tasks.set(event.name, { name: event.name, kind: event.kind, startMs: atMs });
    } else if (event.type === "task-end") {
      const result = event.result;
      let span = this.#tasks.get(result.name);
      if (span === undefined) {
        // A skipped task never started: a mark where it was skipped.
        span = { name: result.name, kind: result.kind, startMs: atMs };
        this.#tasks.set(result.name, span);
      }
      span.endMs = atMs;
      span.outcome = result.outcome;
      if (result.error) span.error = result.error;
    } else if (event.type === "warning") {
      this.#instants.push({
        name: "warning",
        ph: "i",
        s: "t",
        pid: PID,
        tid: RUN_TID,
        ts: this.#us(atMs),
        cat: "run",
        args: { message: redactCredentials(event.message) },
      });
    }
  }

  /**
   * Takes one ended attempt (`RunOptions.onAttempt`).
   *
   * @param attempt Its waits and phases.
   */
  attempt(attempt: AttemptEvent): void {
    this.#attempts.push(attempt);
  }

  /**
   * The trace as it stands.
   *
   * @param endMs Where the run ended (and unfinished tasks with it), on `performance.now()`'s
   *   clock. @default now
   * @returns The trace file's object.
   */
  toJSON(endMs: number = performance.now()): TraceFile {
    const events: TraceEvent[] = [
      meta("process_name", 0, { name: processName(this.#facts) }),
      meta("thread_name", SCHEDULER_TID, { name: "scheduler" }),
      meta("thread_sort_index", SCHEDULER_TID, { sort_index: 0 }),
      meta("thread_name", RUN_TID, { name: "run" }),
      meta("thread_sort_index", RUN_TID, { sort_index: 1 }),
    ];
    // The run's own slice: where the trace ends, and what `corun report` measures the run by.
    const slices: TraceEvent[] = [
      ...this.#instants,
      this.#slice("run", "run", RUN_TID, this.#originMs, endMs),
    ];
    // Before its first task the runner opens what the run keeps (state, cookies, the metadata
    // log's digest): time of the run's, named so that the empty stretch says what it was.
    let firstStartMs = Infinity;
    for (const task of this.#tasks.values()) firstStartMs = Math.min(firstStartMs, task.startMs);
    if (Number.isFinite(firstStartMs) && this.#us(firstStartMs) > 0) {
      slices.push(this.#slice("starting", "run", RUN_TID, this.#originMs, firstStartMs));
    }
    let index = 0;
    for (const span of this.#tasks.values()) {
      const tid = TASK_TID_BASE + index++;
      events.push(meta("thread_name", tid, { name: `task ${span.name}` }));
      events.push(meta("thread_sort_index", tid, { sort_index: tid }));
      const args: Record<string, unknown> = {
        kind: span.kind,
        outcome: span.outcome ?? "unfinished",
      };
      if (span.error) args.error = cleanError(span.error);
      slices.push(this.#slice(span.name, "task", tid, span.startMs, span.endMs ?? endMs, args));
    }
    const lanes = this.#fetchLanes(slices);
    for (let lane = 0; lane < lanes; lane++) {
      const tid = FETCH_TID_BASE + lane;
      events.push(meta("thread_name", tid, { name: `fetches ${lane + 1}` }));
      events.push(meta("thread_sort_index", tid, { sort_index: tid }));
    }
    // Per track in time order, a parent before the slices it holds (same start: the longer first).
    slices.sort((a, b) => a.tid - b.tid || a.ts! - b.ts! || (b.dur ?? 0) - (a.dur ?? 0));
    for (const slice of slices) events.push(slice);
    return { traceEvents: events, displayTimeUnit: "ms", otherData: { ...this.#facts } };
  }

  /** Puts every fetch on the first fetch track free at its start; returns how many tracks. */
  #fetchLanes(into: TraceEvent[]): number {
    const fetches = new Map<number, AttemptEvent[]>();
    for (const attempt of this.#attempts) {
      const list = fetches.get(attempt.fetchId);
      if (list === undefined) fetches.set(attempt.fetchId, [attempt]);
      else list.push(attempt);
    }
    const ordered = [...fetches.values()].map((attempts) => {
      attempts.sort((a, b) => a.attempt - b.attempt);
      const first = attempts[0];
      return { attempts, startMs: first.waits[0]?.startMs ?? first.startMs };
    }).sort((a, b) => a.startMs - b.startMs);
    const freeAt: number[] = []; // by lane: the end of its last fetch
    for (const fetch of ordered) {
      let lane = freeAt.findIndex((endUs) => endUs <= this.#us(fetch.startMs));
      if (lane < 0) lane = freeAt.push(0) - 1;
      const endMs = fetch.attempts.at(-1)!.endMs;
      freeAt[lane] = this.#us(endMs);
      this.#fetchSlices(fetch.attempts, fetch.startMs, endMs, FETCH_TID_BASE + lane, into);
    }
    return freeAt.length;
  }

  #fetchSlices(
    attempts: AttemptEvent[],
    startMs: number,
    endMs: number,
    tid: number,
    into: TraceEvent[],
  ): void {
    const last = attempts.at(-1)!;
    const url = redactCredentials(last.url);
    const fetchArgs: Record<string, unknown> = {
      task: last.task,
      url,
      attempts: attempts.length,
      outcome: last.outcome,
      bytes: last.bytes,
    };
    if (last.status !== undefined) fetchArgs.status = last.status;
    into.push(this.#slice(`${last.task} ${url}`, "fetch", tid, startMs, endMs, fetchArgs));
    for (const attempt of attempts) {
      for (const wait of attempt.waits) {
        into.push(this.#slice(wait.kind, "wait", tid, wait.startMs, wait.endMs));
      }
      this.#attemptSlices(attempt, url, tid, into);
    }
  }

  #attemptSlices(attempt: AttemptEvent, url: string, tid: number, into: TraceEvent[]): void {
    const { startMs, endMs } = attempt;
    const args: Record<string, unknown> = {
      task: attempt.task,
      url,
      attempt: attempt.attempt + 1,
      outcome: attempt.outcome,
      bytes: attempt.bytes,
    };
    if (attempt.status !== undefined) args.status = attempt.status;
    if (attempt.reusedConnection !== undefined) args.reusedConnection = attempt.reusedConnection;
    if (attempt.error) args.error = cleanError(attempt.error);
    if (attempt.retryInMs !== undefined) args.retryInMs = Math.round(attempt.retryInMs);
    const name = attempt.attempt === 0 ? "attempt" : `retry ${attempt.attempt}`;
    into.push(this.#slice(name, "attempt", tid, startMs, endMs, args));
    const clamp = (ms: number) => Math.min(Math.max(ms, startMs), endMs);
    const headAt = attempt.headAtMs;
    if (headAt !== undefined) {
      const headStart = clamp(headAt - attempt.headMs);
      const tlsStart = clamp(headStart - attempt.tlsMs);
      const connectStart = clamp(tlsStart - attempt.connectMs);
      this.#phase("connect", tid, connectStart, tlsStart, into);
      this.#phase("tls", tid, tlsStart, headStart, into);
      this.#phase("head", tid, headStart, clamp(headAt), into);
      // The body is read from the head on; a body not saved (an error status, one that broke off)
      // is what is left of the attempt.
      const saved = attempt.bodyMs > 0 || attempt.writeMs > 0;
      const bodyEnd = saved ? clamp(headAt + attempt.bodyMs) : endMs;
      this.#phase("body", tid, clamp(headAt), bodyEnd, into);
      if (attempt.writeMs <= attempt.bodyMs) {
        // A streamed body's writes are interleaved with its reads: their sum, at the body's end.
        this.#phase("write", tid, clamp(bodyEnd - attempt.writeMs), bodyEnd, into);
      } else {
        // A small body is read whole, then written in one go.
        this.#phase("write", tid, bodyEnd, clamp(bodyEnd + attempt.writeMs), into);
      }
    }
    if (attempt.outcome === "retry") {
      into.push({
        name: "retry scheduled",
        ph: "i",
        s: "t",
        pid: PID,
        tid,
        ts: this.#us(endMs),
        cat: "attempt",
        args: { inMs: Math.round(attempt.retryInMs ?? 0) },
      });
    }
  }

  #phase(name: string, tid: number, startMs: number, endMs: number, into: TraceEvent[]): void {
    if (this.#us(endMs) > this.#us(startMs)) {
      into.push(this.#slice(name, "phase", tid, startMs, endMs));
    }
  }

  #slice(
    name: string,
    cat: string,
    tid: number,
    startMs: number,
    endMs: number,
    args?: Record<string, unknown>,
  ): TraceEvent {
    const ts = this.#us(startMs);
    const slice: TraceEvent = { name, ph: "X", pid: PID, tid, ts, dur: this.#us(endMs) - ts, cat };
    if (args !== undefined) slice.args = args;
    return slice;
  }

  /** Whole microseconds since the origin: rounding both ends keeps children inside their parents. */
  #us(ms: number): number {
    return Math.max(0, Math.round((ms - this.#originMs) * 1000));
  }
}

function meta(name: string, tid: number, args: Record<string, unknown>): TraceEvent {
  return { name, ph: "M", pid: PID, tid, args };
}

function processName(facts: TraceFacts): string {
  const what = facts.source === undefined ? "corun run" : `corun run ${facts.source}`;
  return facts.fireAt === undefined ? what : `${what} (fired ${facts.fireAt})`;
}

function cleanError(error: { code?: string; message: string }): { code?: string; message: string } {
  const clean: { code?: string; message: string } = { message: redactCredentials(error.message) };
  if (error.code !== undefined) clean.code = error.code;
  return clean;
}

/**
 * A text with the `user:password@` of every URL in it replaced by `***@`: a trace is shared, and
 * credentials never leave the run.
 *
 * @param text A URL or a message naming URLs.
 * @returns The text without credentials.
 */
export function redactCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, "$1***@");
}
