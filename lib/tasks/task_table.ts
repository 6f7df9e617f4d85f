/**
 * Every declared task of a run, in declaration order. A plain sleep (nothing to wait for, nobody
 * waiting for it) is kept as its loop task alone: its result is read off the loop task's state and
 * end time when someone asks. A config of 100,000 sleeps then adds no record per task beyond the
 * loop's own; every record that lives through a run also makes V8 grow its young generation.
 * Other tasks keep a `DeclaredTask`, whose result fills in as they run.
 * @module
 */
import type { Task } from "../loop/mod.ts";
import { type DeclaredTask, declareTask } from "./declared_task.ts";
import type { TaskOutcome, TaskResult, TaskSnapshot } from "./report.ts";
import type { SleepTaskSpec, TaskSpec } from "./spec.ts";

/** The tasks of one run. */
export class TaskTable {
  /** The declared tasks, as the config gives them. */
  readonly specs: readonly TaskSpec[];
  /** Run-relative loop time the plain sleeps started at (they start in one step), or null. */
  #sleepsStartMs: number | null = null;
  /** Loop-clock time of the run's start: loop tasks' end times are on the loop clock. */
  readonly #runStartMs: number;
  /** The record of each task that is not a plain sleep; a hole for a plain sleep. */
  readonly #declared: (DeclaredTask | undefined)[];
  /** The loop task of each plain sleep once started; a hole for other tasks. */
  readonly #sleeps: (Task<void> | undefined)[];
  /** Whether any task runs `after` another. */
  readonly #hasAfter: boolean;
  /** The launcher has stopped: tasks it has not started never will be (the run was cancelled). */
  #launchEnded = false;

  /**
   * Declares every task: resolves `after` names and finds the plain sleeps.
   *
   * @param specs The config's tasks (names unique, `after` names known: validation checked).
   * @param runStartMs Loop-clock time the run started at.
   */
  constructor(specs: readonly TaskSpec[], runStartMs: number) {
    this.specs = specs;
    this.#runStartMs = runStartMs;
    this.#declared = new Array(specs.length);
    this.#sleeps = new Array(specs.length);
    const hasAfter = specs.some((spec) => spec.after.length > 0);
    const indexByName = hasAfter ? new Map(specs.map((spec, index) => [spec.name, index])) : null;
    this.#hasAfter = hasAfter;
    const isDependency = new Uint8Array(hasAfter ? specs.length : 0);
    for (const spec of specs) {
      for (const name of spec.after) isDependency[indexByName!.get(name)!] = 1;
    }
    specs.forEach((spec, index) => {
      if (spec.kind === "sleep" && spec.after.length === 0 && !isDependency[index]) return;
      this.#declared[index] = declareTask(spec);
    });
    if (indexByName === null) return;
    for (const item of this.#declared) {
      if (item === undefined) continue;
      item.after = item.spec.after.map((name) => this.#declared[indexByName.get(name)!]!);
    }
  }

  /** How many tasks. */
  get size(): number {
    return this.specs.length;
  }

  /**
   * The record of a task that runs as a coroutine of its own.
   *
   * @param index The task's position.
   * @returns Its record, or undefined for a plain sleep.
   */
  declared(index: number): DeclaredTask | undefined {
    return this.#declared[index];
  }

  /**
   * Tells whether a task waits to be started until a network permit is free for it (see
   * `launcher.ts`): a fetch or custom task, in a run where no task runs `after` another. Then every
   * task that needs a permit asks for it at the start, in declaration order, as they would if all
   * were started at once; with dependencies, tasks are started at once and wait themselves.
   *
   * @param index The task's position.
   * @returns True when it is started by the launcher.
   */
  startsWithPermit(index: number): boolean {
    return !this.#hasAfter && this.specs[index].kind !== "sleep";
  }

  /** Notes that the launcher has stopped: a task it did not start was cancelled with the run. */
  launchEnded(): void {
    this.#launchEnded = true;
  }

  /**
   * Notes when the plain sleeps start: they are all started in one step of the loop.
   *
   * @param atMs Run-relative loop time.
   */
  sleepsStartAt(atMs: number): void {
    this.#sleepsStartMs = atMs;
  }

  /**
   * Keeps the loop task of a plain sleep.
   *
   * @param index The task's position.
   * @param handle Its loop task.
   */
  sleepStarted(index: number, handle: Task<void>): void {
    this.#sleeps[index] = handle;
  }

  /**
   * The duration of a plain sleep.
   *
   * @param index The position of a plain sleep.
   * @returns Milliseconds.
   */
  sleepMs(index: number): number {
    return (this.specs[index] as SleepTaskSpec).durationMs;
  }

  /**
   * The loop task running a task, once started.
   *
   * @param index The task's position.
   * @returns The loop task, or undefined.
   */
  handle(index: number): Task<void> | undefined {
    return this.#declared[index]?.handle ?? this.#sleeps[index];
  }

  /**
   * How a task ended, or stands so far.
   *
   * @param index The task's position.
   * @param nowMs Run-relative now: the end of a plain sleep being cancelled that has not ended yet.
   * @returns The declared task's own record, or a new one for a plain sleep.
   */
  result(index: number, nowMs: number): TaskResult {
    const declared = this.#declared[index];
    if (declared !== undefined) return declared.result;
    const handle = this.#sleeps[index];
    const result: TaskResult = {
      name: this.specs[index].name,
      kind: "sleep",
      outcome: this.outcome(index),
      startMs: handle === undefined ? null : this.#sleepsStartMs,
      endMs: null,
    };
    if (handle?.isFinished) result.endMs = handle.endedAtMs - this.#runStartMs;
    else if (handle !== undefined) result.endMs = nowMs;
    return result;
  }

  /**
   * How a task ended, without building its record.
   *
   * @param index The task's position.
   * @returns The outcome (a plain sleep not done was cancelled).
   */
  outcome(index: number): TaskOutcome {
    const declared = this.#declared[index];
    if (declared !== undefined) return declared.result.outcome;
    return this.#sleeps[index]?.state === "done" ? "done" : "cancelled";
  }

  /** What a task not started yet waits for: a permit, when the launcher starts it. */
  #queuedDetail(index: number): string {
    return this.startsWithPermit(index) ? "permit" : "";
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
      const handle = this.handle(index);
      // A task the launcher never started once it stopped has ended too: cancelled with the run.
      const finished = handle?.isFinished ??
        (this.#launchEnded && this.startsWithPermit(index));
      // A plain sleep's record is built only to read it; one that is still sleeping needs none.
      const result = finished || this.#declared[index] !== undefined
        ? this.result(index, nowMs)
        : undefined;
      const startMs = result === undefined
        ? (handle === undefined ? null : this.#sleepsStartMs)
        : result.startMs;
      return {
        name: spec.name,
        kind: spec.kind,
        phase: finished ? result!.outcome : startMs !== null ? "running" : "waiting",
        detail: finished ? "" : handle?.waitingOn ?? this.#queuedDetail(index),
        elapsedMs: startMs === null ? null : (result?.endMs ?? nowMs) - startMs,
      };
    });
  }
}
