/**
 * A running coroutine: its state, timings, parent and children. The loop (`loop.ts`) is the only code
 * that changes a record's state; everything here is bookkeeping.
 * @module
 */
import type { Effect } from "./effect.ts";

export type { Task, TaskState } from "./task_view.ts";
import type { Task, TaskState } from "./task_view.ts";
import { Children } from "./children.ts";
import { TaskGroupError } from "./errors.ts";

/** Called when a task ends. */
export type TaskObserver = (task: TaskRecord) => void;

/** How the next step resumes the generator: `next(value)`, `throw(value)` or `return()`. */
export type ResumeMode = "next" | "throw" | "return";

/** Options for creating a task. */
export interface TaskRecordOptions {
  name?: string;
  parent?: TaskRecord;
  /** A failure ends the parent too (spawned children); false for scopes whose caller receives the error. */
  propagate?: boolean;
  /** When the body returns, wait for children to finish instead of cancelling them (task groups). */
  waitsForChildren?: boolean;
  /** Wrap child failures in a TaskGroupError even when there is only one. */
  isGroup?: boolean;
}

// Boolean state packed into one small integer: a million sleeping tasks are a million records, and
// eight boolean fields would cost as much as the rest of a record.
const PROPAGATE = 1;
const WAITS_FOR_CHILDREN = 2;
const IS_GROUP = 4;
const QUEUED = 8;
const CANCELLING = 16;
const BODY_HALTED = 32;
const BODY_ENDED = 64;
const BODY_FAILED = 128;
// Bits 8-9: how the next step resumes; bits 10-12: the state (indices into the tables below).
const MODE_SHIFT = 8;
const STATE_SHIFT = 10;
const MODES: readonly ResumeMode[] = ["next", "throw", "return"];
const STATES: readonly TaskState[] = [
  "pending",
  "running",
  "waiting",
  "done",
  "failed",
  "cancelled",
];
const MODE_MASK = 3 << MODE_SHIFT;
const STATE_MASK = 7 << STATE_SHIFT;

/** Times are kept as whole milliseconds (small integers, stored inline); -1 means "not yet". */
const NOT_YET = -1;

/** The loop's record of a task. Fields are written only by the loop. */
export class TaskRecord<T = unknown> implements Task<T> {
  readonly id: number;
  readonly iterator: Iterator<Effect, T, unknown>;
  readonly parent: TaskRecord | undefined;
  #name: string | undefined;
  #flags: number;
  #startedAt = NOT_YET;
  #endedAt = NOT_YET;

  /** The result, or the error once the body failed or the task failed (see `result` / `error`). */
  // While the body runs, the same slot carries the value the next step resumes with: a task is
  // never both resuming and ended, and a million tasks are a million slots.
  #outcome: unknown = undefined;

  /** The effect the task is suspended on. */
  effect: Effect | undefined = undefined;
  /** Siblings in the parent's intrusive list of live children (O(1) add and remove). */
  prevSibling: TaskRecord | undefined = undefined;
  nextSibling: TaskRecord | undefined = undefined;
  /** Children and their failures; allocated only for tasks that have children (most have none). */
  #children: Children<TaskRecord> | undefined = undefined;
  observers: TaskObserver[] | undefined = undefined;

  constructor(
    id: number,
    iterator: Iterator<Effect, T, unknown>,
    options: TaskRecordOptions,
  ) {
    this.id = id;
    this.iterator = iterator;
    this.#name = options.name;
    this.parent = options.parent;
    this.#flags = (options.propagate ?? true ? PROPAGATE : 0) |
      (options.waitsForChildren ? WAITS_FOR_CHILDREN : 0) |
      (options.isGroup ? IS_GROUP : 0);
  }

  /** Where the task is in its life. */
  get state(): TaskState {
    return STATES[(this.#flags & STATE_MASK) >> STATE_SHIFT];
  }
  set state(state: TaskState) {
    this.#flags = (this.#flags & ~STATE_MASK) | (STATES.indexOf(state) << STATE_SHIFT);
  }

  /** How the next step resumes the generator. */
  get resumeMode(): ResumeMode {
    return MODES[(this.#flags & MODE_MASK) >> MODE_SHIFT];
  }
  set resumeMode(mode: ResumeMode) {
    this.#flags = (this.#flags & ~MODE_MASK) | (MODES.indexOf(mode) << MODE_SHIFT);
  }

  /** A failure ends the parent too. */
  get propagate(): boolean {
    return (this.#flags & PROPAGATE) !== 0;
  }

  /** When the body returns, wait for children instead of cancelling them. */
  get waitsForChildren(): boolean {
    return (this.#flags & WAITS_FOR_CHILDREN) !== 0;
  }

  /** Child failures are always wrapped in a TaskGroupError. */
  get isGroup(): boolean {
    return (this.#flags & IS_GROUP) !== 0;
  }

  /** Waiting in the run queue. */
  get queued(): boolean {
    return (this.#flags & QUEUED) !== 0;
  }
  set queued(value: boolean) {
    this.#setFlag(QUEUED, value);
  }

  /** Cancellation has begun: the generator has been (or will be) told to return. */
  get cancelling(): boolean {
    return (this.#flags & CANCELLING) !== 0;
  }
  set cancelling(value: boolean) {
    this.#setFlag(CANCELLING, value);
  }

  /** The generator itself was told to return (not just its children cancelled after it ended). */
  get bodyHalted(): boolean {
    return (this.#flags & BODY_HALTED) !== 0;
  }
  set bodyHalted(value: boolean) {
    this.#setFlag(BODY_HALTED, value);
  }

  /** The body (generator) has ended; the task may still wait for its children. */
  get bodyEnded(): boolean {
    return (this.#flags & BODY_ENDED) !== 0;
  }
  set bodyEnded(value: boolean) {
    this.#setFlag(BODY_ENDED, value);
  }

  /** The body ended by throwing. */
  get bodyFailed(): boolean {
    return (this.#flags & BODY_FAILED) !== 0;
  }
  set bodyFailed(value: boolean) {
    this.#setFlag(BODY_FAILED, value);
  }

  /** Loop-clock milliseconds (whole) when first stepped; NaN before. */
  get startedAtMs(): number {
    return this.#startedAt === NOT_YET ? NaN : this.#startedAt;
  }
  set startedAtMs(ms: number) {
    this.#startedAt = Math.round(ms);
  }

  /** Loop-clock milliseconds (whole) when ended; NaN before. */
  get endedAtMs(): number {
    return this.#endedAt === NOT_YET ? NaN : this.#endedAt;
  }
  set endedAtMs(ms: number) {
    this.#endedAt = Math.round(ms);
  }

  /** The value (or error, for a throw) the next step resumes the generator with. */
  get resumeValue(): unknown {
    return this.bodyEnded ? undefined : this.#outcome;
  }
  set resumeValue(value: unknown) {
    this.#outcome = value;
  }

  /** The result once `state` is "done". */
  get result(): T | undefined {
    return this.state === "done" ? this.#outcome as T : undefined;
  }
  set result(value: T | undefined) {
    this.#outcome = value;
  }

  /** The error once the body failed or `state` is "failed". */
  get error(): unknown {
    return this.state === "failed" || this.bodyFailed ? this.#outcome : undefined;
  }
  set error(value: unknown) {
    this.#outcome = value;
  }

  /** Live children. */
  get childCount(): number {
    return this.#children?.count ?? 0;
  }

  /** Failures of children that propagate to this task, in the order they happened. */
  get childErrors(): unknown[] | undefined {
    return this.#children?.errors;
  }

  /** Records a child's failure. */
  addChildError(error: unknown): void {
    ((this.#children ??= new Children()).errors ??= []).push(error);
  }

  #setFlag(flag: number, value: boolean): void {
    this.#flags = value ? this.#flags | flag : this.#flags & ~flag;
  }

  get name(): string {
    return this.#name ?? `task-${this.id}`;
  }

  get waitingOn(): string {
    if (this.state !== "waiting") return "";
    if (this.bodyEnded) return `${this.childCount} child task(s)`;
    return this.effect?.describe() ?? "";
  }

  get isFinished(): boolean {
    return this.state === "done" || this.state === "failed" || this.state === "cancelled";
  }

  /**
   * Decides how the task ended once its body and children are done: a child's failure (every one,
   * in a group) wins over the body's outcome; a halted body is a cancellation, not a failure.
   */
  settleOutcome(): void {
    const errors = this.childErrors;
    if (errors && errors.length > 0) {
      const all = this.bodyFailed ? [this.error, ...errors] : errors;
      this.state = "failed";
      this.error = all.length === 1 && !this.isGroup ? all[0] : new TaskGroupError(all, this.name);
    } else if (this.bodyFailed) this.state = "failed";
    else if (this.bodyHalted) this.state = "cancelled";
    else this.state = "done";
  }

  /** Adds a live child. */
  addChild(child: TaskRecord): void {
    (this.#children ??= new Children()).add(child);
  }

  /** Removes an ended child. */
  removeChild(child: TaskRecord): void {
    this.#children!.remove(child);
  }

  /** The live children, oldest first. */
  liveChildren(): TaskRecord[] {
    return this.#children?.list() ?? [];
  }

  /** Calls `observer` once the task ends (at once if it has). */
  observe(observer: TaskObserver): void {
    if (this.isFinished) observer(this);
    else (this.observers ??= []).push(observer);
  }

  /** Stops calling `observer` (a waiter was cancelled). */
  unobserve(observer: TaskObserver): void {
    const list = this.observers;
    if (!list) return;
    const index = list.indexOf(observer);
    if (index >= 0) list.splice(index, 1);
  }
}
