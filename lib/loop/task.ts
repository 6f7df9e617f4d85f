/**
 * A running coroutine: its state, timings, parent and children. The loop (`loop.ts`) is the only code
 * that changes a record's state; everything here is bookkeeping.
 * @module
 */
import type { Effect } from "./effect.ts";

export type { Task, TaskState } from "./task_view.ts";
import type { Task, TaskState } from "./task_view.ts";
import { TaskLinks } from "./task_links.ts";
import { TaskGroupError } from "./errors.ts";
import {
  BODY_ENDED,
  BODY_FAILED,
  BODY_HALTED,
  CANCELLING,
  IS_GROUP,
  MODE_MASK,
  MODE_SHIFT,
  MODES,
  PROPAGATE,
  QUEUED,
  STATE_MASK,
  STATE_SHIFT,
  STATES,
  SUSPENDED,
  WAITS_FOR_CHILDREN,
} from "./task_flags.ts";

/** Called when a task ends. */
export type TaskObserver = (task: TaskRecord) => void;

export type { ResumeMode } from "./task_flags.ts";
import type { ResumeMode } from "./task_flags.ts";

/** Options for creating a task. */
export interface TaskRecordOptions {
  name?: string;
  /**
   * How the loop's messages name it, when `task "NAME"` would name a task there is none of (a
   * fetch's response callback: `the onResponse of task "x" for https://…`).
   */
  subject?: string;
  parent?: TaskRecord;
  /** A failure ends the parent too (spawned children); false for scopes whose caller receives the error. */
  propagate?: boolean;
  /** When the body returns, wait for children to finish instead of cancelling them (task groups). */
  waitsForChildren?: boolean;
  /** Wrap child failures in a TaskGroupError even when there is only one. */
  isGroup?: boolean;
}

/** Times are kept as whole milliseconds (small integers, stored inline); -1 means "not yet". */
const NOT_YET = -1;

/** The loop's record of a task. Fields are written only by the loop. */
export class TaskRecord<T = unknown> implements Task<T> {
  readonly id: number;
  readonly iterator: Iterator<Effect, T, unknown>;
  readonly parent: TaskRecord | undefined;
  #name: string | undefined;
  #subject: string | undefined;
  #flags: number;
  #startedAt = NOT_YET;
  #endedAt = NOT_YET;

  /** The result, or the error once the body failed or the task failed (see `result` / `error`). */
  // The same slot carries the effect the task is suspended on, then the value the next step resumes
  // with: a task is never two of suspended, resuming and ended at once, and a million tasks are a
  // million slots.
  #outcome: unknown = undefined;
  /** Siblings in the parent's intrusive list of live children (O(1) add and remove). */
  prevSibling: TaskRecord | undefined = undefined;
  nextSibling: TaskRecord | undefined = undefined;
  /** Children, their failures and observers; allocated only when there are some (most have none). */
  #links: TaskLinks<TaskRecord> | undefined = undefined;

  constructor(
    id: number,
    iterator: Iterator<Effect, T, unknown>,
    options: TaskRecordOptions,
  ) {
    this.id = id;
    this.iterator = iterator;
    this.#name = options.name;
    this.#subject = options.subject;
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

  /** The effect the task is suspended on. */
  get effect(): Effect | undefined {
    return (this.#flags & SUSPENDED) !== 0 ? this.#outcome as Effect : undefined;
  }
  set effect(effect: Effect | undefined) {
    this.#hold(effect);
    if (effect !== undefined) this.#flags |= SUSPENDED;
  }

  /** The value (or error, for a throw) the next step resumes the generator with. */
  get resumeValue(): unknown {
    return this.bodyEnded || (this.#flags & SUSPENDED) !== 0 ? undefined : this.#outcome;
  }
  set resumeValue(value: unknown) {
    this.#hold(value);
  }

  /** The result once `state` is "done". */
  get result(): T | undefined {
    return this.state === "done" ? this.#outcome as T : undefined;
  }
  set result(value: T | undefined) {
    this.#hold(value);
  }

  /** The error once the body failed or `state` is "failed". */
  get error(): unknown {
    return this.state === "failed" || this.bodyFailed ? this.#outcome : undefined;
  }
  set error(value: unknown) {
    this.#hold(value);
  }

  /** Live children. */
  get childCount(): number {
    return this.#links?.count ?? 0;
  }

  /**
   * Failures that end this task whatever its body did, in the order they happened: its children's
   * that propagate, and an error met while cancelling it (`addCancelError`).
   */
  get childErrors(): unknown[] | undefined {
    return this.#links?.errors;
  }

  /** Records a child's failure. */
  addChildError(error: unknown): void {
    ((this.#links ??= new TaskLinks()).errors ??= []).push(error);
  }

  /**
   * Records the error of undoing the effect the task waited on when it was cancelled (a teardown
   * that threw): the task then ends failed with it, not cancelled, as with a child's failure.
   */
  addCancelError(error: unknown): void {
    this.addChildError(error);
  }

  /** Puts a value (not an effect) in the outcome slot. */
  #hold(value: unknown): void {
    this.#flags &= ~SUSPENDED;
    this.#outcome = value;
  }

  #setFlag(flag: number, value: boolean): void {
    this.#flags = value ? this.#flags | flag : this.#flags & ~flag;
  }

  get name(): string {
    return this.#name ?? `task-${this.id}`;
  }

  /** How messages name it: `task "NAME"`, or the subject it was given. */
  get subject(): string {
    return this.#subject ?? `task "${this.name}"`;
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
   * in a group) or an error met while cancelling wins over the body's outcome; a halted body is a
   * cancellation, not a failure.
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
    (this.#links ??= new TaskLinks()).add(child);
  }

  /** Removes an ended child. */
  removeChild(child: TaskRecord): void {
    this.#links!.remove(child);
  }

  /** The live children, oldest first. */
  liveChildren(): TaskRecord[] {
    return this.#links?.list() ?? [];
  }

  /** Calls `observer` once the task ends (at once if it has). */
  observe(observer: TaskObserver): void {
    if (this.isFinished) observer(this);
    else ((this.#links ??= new TaskLinks()).observers ??= []).push(observer);
  }

  /** Hands over the observers to call now that the task has ended, forgetting them. */
  takeObservers(): TaskObserver[] | undefined {
    const links = this.#links;
    const observers = links?.observers;
    if (links) links.observers = undefined;
    return observers;
  }

  /** Stops calling `observer` (a waiter was cancelled). */
  unobserve(observer: TaskObserver): void {
    const list = this.#links?.observers;
    if (!list) return;
    const index = list.indexOf(observer);
    if (index >= 0) list.splice(index, 1);
  }
}
