/**
 * A running coroutine: its state, timings, parent and children. The loop (`loop.ts`) is the only code
 * that changes a record's state; everything here is bookkeeping.
 * @module
 */
import type { Effect } from "./effect.ts";

/** Where a task is in its life. */
export type TaskState =
  /** Created, not yet stepped. */
  | "pending"
  /** Runnable or being stepped. */
  | "running"
  /** Suspended on an effect (see `waitingOn`), or finished its body and waiting for its children. */
  | "waiting"
  /** Finished with a result. */
  | "done"
  /** Finished with an error. */
  | "failed"
  /** Ended by cancellation; `finally` blocks have run. */
  | "cancelled";

/** A running coroutine as seen from outside: enough for a live view, a report or a join. */
export interface Task<T = unknown> {
  /** Unique within the loop, in creation order. */
  readonly id: number;
  /** Given at spawn, or `task-<id>`. */
  readonly name: string;
  /** Current state. */
  readonly state: TaskState;
  /** What the task waits on while `state` is `"waiting"`, else `""`. */
  readonly waitingOn: string;
  /** Loop-clock milliseconds when first stepped, and when ended (`NaN` until then). */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** The result once `state` is `"done"`. */
  readonly result: T | undefined;
  /** The error once `state` is `"failed"`. */
  readonly error: unknown;
  /** True once the task has ended in any way. */
  readonly isFinished: boolean;
}

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

/** The loop's record of a task. Fields are written only by the loop. */
export class TaskRecord<T = unknown> implements Task<T> {
  readonly id: number;
  readonly iterator: Iterator<Effect, T, unknown>;
  readonly parent: TaskRecord | undefined;
  readonly propagate: boolean;
  readonly waitsForChildren: boolean;
  readonly isGroup: boolean;
  #name: string | undefined;

  state: TaskState = "pending";
  startedAtMs = NaN;
  endedAtMs = NaN;
  result: T | undefined = undefined;
  error: unknown = undefined;

  /** The effect the task is suspended on. */
  effect: Effect | undefined = undefined;
  /** Waiting in the run queue. */
  queued = false;
  resumeMode: ResumeMode = "next";
  resumeValue: unknown = undefined;
  /** Cancellation has begun: the generator has been (or will be) told to return. */
  cancelling = false;
  /** The generator itself was told to return (not just its children cancelled after it ended). */
  bodyHalted = false;
  /** The body (generator) has ended; the task may still wait for its children. */
  bodyEnded = false;
  bodyFailed = false;
  /** Live children as an intrusive list: O(1) to add and remove, no per-child allocation. */
  firstChild: TaskRecord | undefined = undefined;
  lastChild: TaskRecord | undefined = undefined;
  prevSibling: TaskRecord | undefined = undefined;
  nextSibling: TaskRecord | undefined = undefined;
  childCount = 0;
  childErrors: unknown[] | undefined = undefined;
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
    this.propagate = options.propagate ?? true;
    this.waitsForChildren = options.waitsForChildren ?? false;
    this.isGroup = options.isGroup ?? false;
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

  /** Adds a live child. */
  addChild(child: TaskRecord): void {
    const last = this.lastChild;
    child.prevSibling = last;
    if (last) last.nextSibling = child;
    else this.firstChild = child;
    this.lastChild = child;
    this.childCount++;
  }

  /** Removes an ended child. */
  removeChild(child: TaskRecord): void {
    const { prevSibling, nextSibling } = child;
    if (prevSibling) prevSibling.nextSibling = nextSibling;
    else this.firstChild = nextSibling;
    if (nextSibling) nextSibling.prevSibling = prevSibling;
    else this.lastChild = prevSibling;
    child.prevSibling = child.nextSibling = undefined;
    this.childCount--;
  }

  /** The live children, oldest first. */
  liveChildren(): TaskRecord[] {
    const list: TaskRecord[] = [];
    for (let child = this.firstChild; child; child = child.nextSibling) list.push(child);
    return list;
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
