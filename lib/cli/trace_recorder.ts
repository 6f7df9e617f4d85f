/**
 * A trace of one run in Chrome's trace-event format (the JSON Object Format, which Perfetto and
 * `chrome://tracing` open): a track per task with its span, and fetch tracks where each fetch is a
 * slice holding its waits (queued, politeness, Retry-After, backoff) and its attempts, each attempt
 * holding its phases (connect, TLS, head, body, and write inside or after body). A scheduled run's
 * fire is an instant on the scheduler's track, warnings are instants on the run's. Times are real
 * time since the recorder was made, in microseconds. Written as the run goes: memory holds only the
 * tasks and fetches still going.
 * @module
 */
import { MinHeap } from "../frontier/min_heap.ts";
import { redactCredentials, shownLocation } from "../net/mod.ts";
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
  /** The run was interrupted (Ctrl-C, SIGTERM): what was still going was cancelled. */
  interrupted?: boolean;
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
  /** Wall-clock time at that origin: real time, under `--virtual-time` too. @default now */
  startedAt?: Date;
  /**
   * How long after its fire the run started, on the run's own clock (virtual under
   * `--virtual-time`, where the real start says nothing of it). @default startedAt - fireAt
   */
  lateMs?: number;
}

/** How the run a trace is of ended. */
export interface TraceFinishOptions {
  /**
   * The run was interrupted: a fetch that was waiting to go again was cancelled with it. Without,
   * such a fetch is written as it stood, its last attempt a `retry` (a worker of a shared queue
   * hands it on). @default false
   */
  interrupted?: boolean;
}

interface TaskSpan {
  name: string;
  kind: string;
  tid: number;
  startMs: number;
}

/** How a fetch ended, and when (ms, on `performance.now()`'s clock). */
interface FetchEnd {
  outcome: string;
  atMs: number;
}

/** A fetch lane and when its last fetch ended (µs): the lane heap's items. */
interface Lane {
  tid: number;
  freeAtUs: number;
}

/**
 * Collects a run's events and attempts into a trace. With an output, each task's and each fetch's
 * slices are written as soon as it ends (a fetch goes on the first lane free when it entered the
 * frontier; fetches end in order on a lane, so each track stays in time order), so memory holds only
 * what is still going, whatever the run's size. Without one, `toJSON` returns the trace.
 */
export class TraceRecorder {
  readonly #originMs: number;
  readonly #facts: TraceFacts;
  readonly #output: ((text: string) => void) | undefined;
  /** Events kept for `toJSON` when there is no output. */
  readonly #kept: TraceEvent[] = [];
  #written = 0;
  readonly #tasks = new Map<string, TaskSpan>();
  #nextTaskTid = TASK_TID_BASE;
  #firstTaskStartMs = Infinity;
  /** Attempts of fetches that go again, by fetch id, until the fetch ends. */
  readonly #pending = new Map<number, AttemptEvent[]>();
  /** Fetch lanes by the time they are free. */
  readonly #lanes = new MinHeap<Lane>();
  #laneCount = 0;
  /** The run track's instants (few: warnings), written after the run's slice at the end. */
  readonly #instants: TraceEvent[] = [];
  #finished = false;

  /**
   * Starts a trace.
   *
   * @param start The run's config, id, fire, and the trace's time origin.
   * @param output Takes the trace's text piece by piece, in order (a file); without it the trace is
   *   kept for `toJSON`.
   */
  constructor(start: TraceStart = {}, output?: (text: string) => void) {
    this.#originMs = start.originMs ?? performance.now();
    this.#output = output;
    this.#facts = {
      corunTrace: 1,
      startedAt: (start.startedAt ?? new Date()).toISOString(),
      fetchTidBase: FETCH_TID_BASE,
      taskTidBase: TASK_TID_BASE,
    };
    if (start.source !== undefined) this.#facts.source = shownLocation(start.source);
    if (start.runId !== undefined) this.#facts.runId = start.runId;
    output?.('{"displayTimeUnit":"ms","traceEvents":[\n');
    this.#emit(meta("process_name", 0, { name: processName(this.#facts, start.fireAt) }));
    this.#emit(meta("thread_name", SCHEDULER_TID, { name: "scheduler" }));
    this.#emit(meta("thread_sort_index", SCHEDULER_TID, { sort_index: 0 }));
    this.#emit(meta("thread_name", RUN_TID, { name: "run" }));
    this.#emit(meta("thread_sort_index", RUN_TID, { sort_index: 1 }));
    if (start.fireAt !== undefined) {
      this.#facts.fireAt = start.fireAt;
      const late = start.lateMs ??
        (start.startedAt ?? new Date()).getTime() - Date.parse(start.fireAt);
      this.#emit({
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
    if (this.#finished) return;
    if (event.type === "task-start") {
      this.#taskStarted(event.name, event.kind, atMs);
    } else if (event.type === "task-end") {
      const result = event.result;
      // A skipped task never started: a mark where it was skipped.
      const span = this.#tasks.get(result.name) ??
        this.#taskStarted(result.name, result.kind, atMs);
      this.#tasks.delete(result.name);
      const args: Record<string, unknown> = { kind: span.kind, outcome: result.outcome };
      if (result.error) args.error = cleanError(result.error);
      // A many-URL task's fetches as the run counted them: those still queued when it was
      // cancelled, and links left out before any request, never reach a fetch track.
      if (result.items) args.items = result.items;
      this.#emit(this.#slice(span.name, "task", span.tid, span.startMs, atMs, args));
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
   * Takes one ended attempt (`RunOptions.onAttempt`): a fetch's slices are written with its last.
   *
   * @param attempt Its waits and phases.
   */
  attempt(attempt: AttemptEvent): void {
    if (this.#finished) return;
    const earlier = this.#pending.get(attempt.fetchId);
    if (attempt.outcome === "retry") {
      if (earlier === undefined) this.#pending.set(attempt.fetchId, [attempt]);
      else earlier.push(attempt);
      return;
    }
    this.#pending.delete(attempt.fetchId);
    this.#fetchEnded(earlier === undefined ? [attempt] : [...earlier, attempt]);
  }

  /**
   * Ends the trace: what is still going (tasks, fetches that were to go again) ends at `endMs`,
   * then the run's own track and corun's facts. Once finished, nothing more is taken.
   *
   * @param endMs Where the run ended, on `performance.now()`'s clock. @default now
   * @param options Whether the run was interrupted (its fetches waiting to go again cancelled; the
   *   trace's facts say so, for the report page).
   */
  finish(endMs: number = performance.now(), options: TraceFinishOptions = {}): void {
    if (this.#finished) return;
    // Cancelled as it waited: the fetch's slice runs to the run's end, its attempts as they were.
    const cancelled = options.interrupted ? { outcome: "cancelled", atMs: endMs } : undefined;
    for (const attempts of this.#pending.values()) this.#fetchEnded(attempts, cancelled);
    this.#pending.clear();
    for (const span of this.#tasks.values()) {
      const args = { kind: span.kind, outcome: "unfinished" };
      this.#emit(this.#slice(span.name, "task", span.tid, span.startMs, endMs, args));
    }
    this.#tasks.clear();
    this.#emit(this.#slice("run", "run", RUN_TID, this.#originMs, endMs));
    // Before its first task the runner opens what the run keeps (state, cookies, the metadata
    // log): time of the run's, named so that the empty stretch says what it was.
    if (Number.isFinite(this.#firstTaskStartMs) && this.#us(this.#firstTaskStartMs) > 0) {
      this.#emit(this.#slice("starting", "run", RUN_TID, this.#originMs, this.#firstTaskStartMs));
    }
    this.#instants.sort((a, b) => a.ts! - b.ts!);
    for (const instant of this.#instants) this.#emit(instant);
    // Said only of a run that was: a trace without it is of a run that ended by itself.
    if (options.interrupted) this.#facts.interrupted = true;
    this.#finished = true;
    this.#output?.(`\n],"otherData":${JSON.stringify(this.#facts)}}\n`);
  }

  /**
   * The whole trace, when it has no output: ends it first (see `finish`).
   *
   * @param endMs Where the run ended, on `performance.now()`'s clock. @default now
   * @returns The trace file's object.
   */
  toJSON(endMs: number = performance.now()): TraceFile {
    this.finish(endMs);
    return { traceEvents: this.#kept, displayTimeUnit: "ms", otherData: { ...this.#facts } };
  }

  #emit(event: TraceEvent): void {
    if (this.#output === undefined) {
      this.#kept.push(event);
      return;
    }
    this.#output((this.#written++ === 0 ? "" : ",\n") + JSON.stringify(event));
  }

  #taskStarted(name: string, kind: string, atMs: number): TaskSpan {
    const span = { name, kind, tid: this.#nextTaskTid++, startMs: atMs };
    this.#tasks.set(name, span);
    this.#firstTaskStartMs = Math.min(this.#firstTaskStartMs, atMs);
    this.#emit(meta("thread_name", span.tid, { name: `task ${name}` }));
    this.#emit(meta("thread_sort_index", span.tid, { sort_index: span.tid }));
    return span;
  }

  /**
   * Writes a fetch that ended on a lane free since it entered the frontier. Fetches are written in
   * the order they end, so a lane's fetches never overlap and each lane stays in time order.
   *
   * @param attempts Its attempts, in order.
   * @param ended How and when it ended, when not as its last attempt did.
   */
  #fetchEnded(attempts: AttemptEvent[], ended?: FetchEnd): void {
    const first = attempts[0];
    const last = attempts.at(-1)!;
    const startMs = first.waits[0]?.startMs ?? first.startMs;
    const end = ended ?? { outcome: last.outcome, atMs: last.endMs };
    let lane: Lane;
    if (this.#lanes.size > 0 && this.#lanes.peekKey <= this.#us(startMs)) lane = this.#lanes.pop()!;
    else {
      lane = { tid: FETCH_TID_BASE + this.#laneCount++, freeAtUs: 0 };
      this.#emit(meta("thread_name", lane.tid, { name: `fetches ${this.#laneCount}` }));
      this.#emit(meta("thread_sort_index", lane.tid, { sort_index: lane.tid }));
    }
    lane.freeAtUs = this.#us(end.atMs);
    this.#lanes.push(lane, lane.freeAtUs);
    const slices: TraceEvent[] = [];
    this.#fetchSlices(attempts, end, startMs, lane.tid, slices);
    // In time order, a parent before the slices it holds (same start: the longer first).
    slices.sort((a, b) => a.ts! - b.ts! || (b.dur ?? 0) - (a.dur ?? 0));
    for (const slice of slices) this.#emit(slice);
  }

  #fetchSlices(
    attempts: AttemptEvent[],
    end: FetchEnd,
    startMs: number,
    tid: number,
    into: TraceEvent[],
  ): void {
    const last = attempts.at(-1)!;
    const url = redactCredentials(last.url);
    const fetchArgs: Record<string, unknown> = {
      task: last.task,
      url,
      // Its attempt slices: not the metadata's `attempts`, which counts each redirect's request too.
      tries: attempts.length,
      outcome: end.outcome,
      // Received over its attempts: a body continued with `Range` is the sum of its pieces. Not
      // `bytes`, which the metadata line and --json give the body's whole size, kept bytes too.
      received: attempts.reduce((sum, attempt) => sum + attempt.bytes, 0),
    };
    if (attempts.some((attempt) => attempt.wireBytes !== undefined)) {
      fetchArgs.wireBytes = attempts.reduce((sum, a) => sum + (a.wireBytes ?? a.bytes), 0);
    }
    if (last.status !== undefined) fetchArgs.status = last.status;
    if (last.robots) fetchArgs.robots = true;
    into.push(this.#slice(`${last.task} ${url}`, "fetch", tid, startMs, end.atMs, fetchArgs));
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
      received: attempt.bytes,
    };
    if (attempt.wireBytes !== undefined) args.wireBytes = attempt.wireBytes;
    if (attempt.status !== undefined) args.status = attempt.status;
    if (attempt.reusedConnection !== undefined) args.reusedConnection = attempt.reusedConnection;
    if (attempt.error) args.error = cleanError(attempt.error);
    if (attempt.retryInMs !== undefined) args.retryInMs = Math.round(attempt.retryInMs);
    if (attempt.robots) args.robots = true;
    const name = attempt.attempt === 0 ? "attempt" : `retry ${attempt.attempt}`;
    into.push(this.#slice(name, "attempt", tid, startMs, endMs, args));
    const clamp = (ms: number) => Math.min(Math.max(ms, startMs), endMs);
    const headAt = attempt.headAtMs;
    // An attempt that got no head (a timeout, a reset, a cancel) has the phases it reached, the
    // last one up to its end.
    const headStart = clamp((headAt ?? endMs) - attempt.headMs);
    const tlsStart = clamp(headStart - attempt.tlsMs);
    const connectStart = clamp(tlsStart - attempt.connectMs);
    this.#phase("connect", tid, connectStart, tlsStart, into);
    this.#phase("tls", tid, tlsStart, headStart, into);
    this.#phase("head", tid, headStart, clamp(headAt ?? endMs), into);
    if (headAt !== undefined) {
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

function processName(facts: TraceFacts, fireAt: string | undefined): string {
  const what = facts.source === undefined ? "corun run" : `corun run ${facts.source}`;
  return fireAt === undefined ? what : `${what} (fired ${fireAt})`;
}

function cleanError(error: { code?: string; message: string }): { code?: string; message: string } {
  const clean: { code?: string; message: string } = { message: redactCredentials(error.message) };
  if (error.code !== undefined) clean.code = error.code;
  return clean;
}
