/**
 * Every declared task of a run, in declaration order, as one kind of record kept in columns: a phase
 * byte and start / end times per task, and a sparse detail (error, fetch summary, item counts, the
 * loop task of a coroutine) only for the tasks that have one. A config of 100,000 sleeps or fetches
 * then costs a few bytes per task, not an object each. The table also knows who runs `after` whom,
 * and says which tasks become ready, or are skipped, when one ends.
 * @module
 */
import type { TaskRecord } from "../loop/mod.ts";
import type {
  FailedFetch,
  FetchSummary,
  ItemCounts,
  KeptPartial,
  TaskKind,
  TaskOutcome,
  TaskPhase,
  TaskResult,
  TaskSnapshot,
} from "./report.ts";
import { shownError } from "./report.ts";
import type { TaskSpec } from "./spec.ts";
import { formatCount } from "./count_text.ts";

const PHASES: readonly TaskPhase[] = [
  "waiting",
  "running",
  "done",
  "failed",
  "cancelled",
  "skipped",
];
const WAITING = 0;
const RUNNING = 1;
const PHASE_OF: Record<TaskOutcome, number> = { done: 2, failed: 3, cancelled: 4, skipped: 5 };

/** What a task has beyond its phase and times (absent for most tasks). */
export interface TaskDetail {
  /** Why it failed or was skipped. */
  error?: { code?: string; message: string };
  /** A single-URL fetch task's fetch. */
  fetch?: FetchSummary;
  /** A many-URL task's fetches (the live counts, shared with the fetch books). */
  items?: ItemCounts;
  /** Its failed fetches among the run's first listed (see `TaskResult.failedFetches`). */
  failedFetches?: FailedFetch[];
  /** Its list held no URL, which `allowEmptyList` allows (see `TaskResult.emptyList`). */
  emptyList?: true;
  /** Its fetch, cancelled, left a partial for the next run (see `TaskResult.keptPartial`). */
  keptPartial?: KeptPartial;
  /** Real milliseconds spent fetching, under a virtual clock. */
  realFetchMs?: number;
  /** What a waiting task waits for (`"queued"`, `"after build"`). */
  waitingFor?: string;
}

/** The tasks of one run. */
export class TaskTable {
  /** The declared tasks, as the config gives them. */
  readonly specs: readonly TaskSpec[];
  readonly #phase: Uint8Array;
  /** Run-relative loop-clock times; NaN before the task starts or ends. */
  readonly #startMs: Float64Array;
  readonly #endMs: Float64Array;
  readonly #details: (TaskDetail | undefined)[];
  /** The loop task of each sleep and custom task, once started: what it waits on, for a view. */
  readonly #handles: (TaskRecord<unknown> | undefined)[];
  readonly #phaseCounts = new Array<number>(PHASES.length).fill(0);
  /** For each task, the tasks that run after it (absent when none). */
  readonly #dependents: (number[] | undefined)[];
  /** For each task, how many of its `after` tasks have not ended yet. */
  readonly #pendingAfter: Uint32Array;
  /** Tasks whose end is read off their loop task once the run is over (see `unwatched`). */
  #unwatched: number[] | undefined;

  /**
   * Declares every task and resolves `after` names.
   *
   * @param specs The config's tasks (names unique, `after` names known: validation checked).
   */
  constructor(specs: readonly TaskSpec[]) {
    this.specs = specs;
    const size = specs.length;
    this.#phase = new Uint8Array(size);
    this.#startMs = new Float64Array(size).fill(NaN);
    this.#endMs = new Float64Array(size).fill(NaN);
    this.#details = new Array(size);
    this.#handles = new Array(size);
    this.#dependents = new Array(size);
    this.#pendingAfter = new Uint32Array(size);
    this.#phaseCounts[WAITING] = size;
    if (!specs.some((spec) => spec.after.length > 0)) return;
    const indexByName = new Map(specs.map((spec, index) => [spec.name, index]));
    specs.forEach((spec, index) => {
      for (const name of spec.after) {
        const before = indexByName.get(name)!;
        (this.#dependents[before] ??= []).push(index);
        this.#pendingAfter[index]++;
      }
    });
  }

  /** How many tasks. */
  get size(): number {
    return this.specs.length;
  }

  /**
   * Tells whether a task waits for others before it may start.
   *
   * @param index The task's position.
   * @returns True while some `after` task has not ended.
   */
  waitsForOthers(index: number): boolean {
    return this.#pendingAfter[index] > 0;
  }

  /**
   * The detail record of a task, made on first use.
   *
   * @param index The task's position.
   * @returns Its detail, to read or fill in.
   */
  detail(index: number): TaskDetail {
    return this.#details[index] ??= {};
  }

  /**
   * Keeps the loop task running a sleep or custom task.
   *
   * @param index The task's position.
   * @param handle Its loop task.
   */
  setHandle(index: number, handle: TaskRecord<unknown>): void {
    this.#handles[index] = handle;
  }

  /**
   * The loop task running a sleep or custom task.
   *
   * @param index The task's position.
   * @returns It, or undefined before it started (and for a fetch task).
   */
  handle(index: number): TaskRecord<unknown> | undefined {
    return this.#handles[index];
  }

  /** How many tasks have not ended yet, leaving out the unwatched ones. */
  get unended(): number {
    const unwatched = this.#unwatched?.length ?? 0;
    return this.#phaseCounts[WAITING] + this.#phaseCounts[RUNNING] - unwatched;
  }

  /**
   * Tells whether other tasks run after this one.
   *
   * @param index The task's position.
   * @returns True when some task names it in `after`.
   */
  hasDependents(index: number): boolean {
    return this.#dependents[index] !== undefined;
  }

  /**
   * Notes that a started task's end is read off its loop task when the run is over
   * (`settleUnwatched`), not reported as it happens: a sleep nobody waits for or listens to.
   *
   * @param index The task's position (started, with its handle set).
   */
  unwatched(index: number): void {
    (this.#unwatched ??= []).push(index);
  }

  /**
   * Records how each unwatched task ended, from its loop task.
   *
   * @param runStartMs Loop-clock time the run started at (loop tasks' end times are on it).
   */
  settleUnwatched(runStartMs: number): void {
    const unwatched = this.#unwatched ?? [];
    this.#unwatched = undefined;
    for (const index of unwatched) {
      const handle = this.#handles[index]!;
      if (!handle.isFinished) continue; // still running: cancelled with the run, as a task never ended
      this.end(
        index,
        handle.state === "done" ? "done" : "cancelled",
        handle.endedAtMs - runStartMs,
      );
    }
  }

  /**
   * Tells whether a task has started (it may have ended since).
   *
   * @param index The task's position.
   * @returns True once started.
   */
  started(index: number): boolean {
    return !Number.isNaN(this.#startMs[index]);
  }

  /**
   * Tells whether a task has ended.
   *
   * @param index The task's position.
   * @returns True once it has an outcome.
   */
  ended(index: number): boolean {
    return this.#phase[index] >= PHASE_OF.done;
  }

  /**
   * Notes that a task started.
   *
   * @param index The task's position.
   * @param atMs Run-relative loop time.
   */
  start(index: number, atMs: number): void {
    if (this.#phase[index] !== WAITING) return;
    this.#setPhase(index, RUNNING);
    this.#startMs[index] = atMs;
  }

  /**
   * Records how a task ended, and says what that means for the tasks that run after it.
   *
   * @param index The task's position.
   * @param outcome How it ended.
   * @param atMs Run-relative loop time.
   * @returns The tasks that may start now (every `after` task done), and those that never will
   *   (an `after` task did not succeed), skipped transitively.
   */
  end(
    index: number,
    outcome: TaskOutcome,
    atMs: number,
  ): { ready: number[]; skipped: number[] } {
    const released = { ready: [] as number[], skipped: [] as number[] };
    if (this.ended(index)) return released;
    this.#settle(index, outcome, atMs);
    // The skips spread with a work list, not recursion: a chain of 100,000 tasks is as deep.
    const ends = [index];
    for (let head = 0; head < ends.length; head++) {
      const before = ends[head];
      const beforeOutcome = this.outcome(before);
      for (const next of this.#dependents[before] ?? []) {
        if (this.ended(next) || this.#phase[next] === RUNNING) continue;
        if (beforeOutcome !== "done") {
          this.detail(next).error = {
            code: "DEPENDENCY",
            message: `it runs after "${this.specs[before].name}", which ${
              describeEnd(beforeOutcome)
            }`,
          };
          this.#settle(next, "skipped", atMs);
          released.skipped.push(next);
          ends.push(next);
        } else if (--this.#pendingAfter[next] === 0) {
          released.ready.push(next);
        }
      }
    }
    return released;
  }

  #settle(index: number, outcome: TaskOutcome, atMs: number): void {
    this.#setPhase(index, PHASE_OF[outcome]);
    this.#endMs[index] = atMs;
  }

  /**
   * How a task ended, or stands so far (a task that never ended counts as cancelled).
   *
   * @param index The task's position.
   * @returns Its outcome.
   */
  outcome(index: number): TaskOutcome {
    const phase = PHASES[this.#phase[index]];
    return phase === "waiting" || phase === "running" ? "cancelled" : phase;
  }

  /**
   * How many tasks are in each phase, for a live view.
   *
   * @returns Counts by phase.
   */
  phaseCounts(): Record<TaskPhase, number> {
    const counts = {} as Record<TaskPhase, number>;
    PHASES.forEach((phase, code) => counts[phase] = this.#phaseCounts[code]);
    return counts;
  }

  /**
   * The record of a task.
   *
   * @param index The task's position.
   * @param nowMs Run-relative now: the end of a task still running.
   * @returns A new record.
   */
  result(index: number, nowMs: number): TaskResult {
    const spec = this.specs[index];
    const detail = this.#details[index];
    const startMs = this.#startMs[index];
    const endMs = this.#endMs[index];
    const started = !Number.isNaN(startMs);
    // A task that never started has no times, however it ended (skipped, or cancelled unstarted).
    const result: TaskResult = {
      name: spec.name,
      kind: spec.kind as TaskKind,
      outcome: this.outcome(index),
      startMs: started ? startMs : null,
      endMs: started ? (Number.isNaN(endMs) ? nowMs : endMs) : null,
    };
    if (detail?.realFetchMs !== undefined) result.realFetchMs = detail.realFetchMs;
    if (detail?.error !== undefined) result.error = detail.error;
    if (detail?.fetch !== undefined) result.fetch = detail.fetch;
    if (detail?.items !== undefined) result.items = { ...detail.items };
    if (detail?.failedFetches !== undefined) result.failedFetches = [...detail.failedFetches];
    if (detail?.emptyList) result.emptyList = true;
    if (detail?.keptPartial !== undefined) result.keptPartial = detail.keptPartial;
    return result;
  }

  /**
   * Every task's result, in declaration order.
   *
   * @param nowMs Run-relative now (see `result`).
   * @returns One result per task.
   */
  results(nowMs: number): TaskResult[] {
    return this.specs.map((_, index) => this.result(index, nowMs));
  }

  /**
   * Where every task is, for a live view.
   *
   * @param nowMs Run-relative now, by the clock itself.
   * @returns One snapshot per task.
   */
  snapshot(nowMs: number): TaskSnapshot[] {
    return this.specs.map((spec, index) => {
      const phase = PHASES[this.#phase[index]];
      const detail = this.#details[index];
      const startMs = this.#startMs[index];
      const endMs = this.#endMs[index];
      let text = "";
      if (phase === "running") text = this.#runningText(index, detail);
      else if (phase === "waiting") text = this.#waitingText(index);
      else text = shownError({ outcome: phase, error: detail?.error }) ?? "";
      return {
        name: spec.name,
        kind: spec.kind,
        phase,
        detail: text,
        elapsedMs: Number.isNaN(startMs) ? null : (Number.isNaN(endMs) ? nowMs : endMs) - startMs,
      };
    });
  }

  #runningText(index: number, detail: TaskDetail | undefined): string {
    const handle = this.#handles[index];
    if (handle !== undefined) return handle.waitingOn;
    const items = detail?.items;
    if (items === undefined) return detail?.waitingFor ?? "";
    // Grouped as every count the live view shows (`7,226 of 10,000 fetched`).
    return `${formatCount(items.done + items.failed)} of ${formatCount(items.total)} fetched`;
  }

  #waitingText(index: number): string {
    const waitingFor = this.#details[index]?.waitingFor;
    if (waitingFor !== undefined) return waitingFor;
    if (this.#pendingAfter[index] === 0) return "";
    const names = this.specs[index].after.filter((name) => {
      const before = this.specs.findIndex((spec) => spec.name === name);
      return !this.ended(before);
    });
    return `after ${names.join(", ")}`;
  }

  #setPhase(index: number, phase: number): void {
    this.#phaseCounts[this.#phase[index]]--;
    this.#phaseCounts[phase]++;
    this.#phase[index] = phase;
  }
}

function describeEnd(outcome: TaskOutcome): string {
  switch (outcome) {
    case "failed":
      return "failed";
    case "skipped":
      return "was skipped";
    default:
      return "was cancelled";
  }
}
