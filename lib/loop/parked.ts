/**
 * A coroutine parked until someone hands it a value: how the frontier wakes the one worker (or the
 * one `ctx.fetch`) whose turn has come, and a pipelined connection the one request whose response
 * is next, instead of waking every waiter to look.
 * @module
 */
import type { Effect } from "./effect.ts";
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/**
 * Takes a waiter off a waiting list (when its task is cancelled).
 *
 * @param list The waiting list.
 * @param item The waiter.
 */
export function removeWaiter<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** One parked wait. `give` resumes it (once); cancelling the task calls `onCancel`. */
export class Parked<T> implements Effect {
  #task: TaskRecord | undefined;
  #loop: Loop | undefined;
  #settled = false;
  /** A value given before the coroutine parked (granted in the same step): `wait` returns it. */
  #early: { value: T } | undefined;
  readonly #label: string;
  readonly #onCancel: (parked: Parked<T>) => void;

  /**
   * @param label What the task waits on, for the live view.
   * @param onCancel Called when the waiting task is cancelled (take it off the waiting list).
   */
  constructor(label: string, onCancel: (parked: Parked<T>) => void) {
    this.#label = label;
    this.#onCancel = onCancel;
  }

  /** True once given a value or cancelled. */
  get settled(): boolean {
    return this.#settled;
  }

  /** Waits until given a value. */
  *wait(): Generator<Effect, T> {
    if (this.#early !== undefined) return this.#early.value;
    return (yield this) as T;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#task = task;
    this.#loop = loop;
  }

  /**
   * Resumes the parked coroutine with `value`.
   *
   * @param value What its `wait()` returns.
   */
  give(value: T): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#task === undefined) this.#early = { value };
    else this.#loop!.resume(this.#task, this, value);
  }

  cancel(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#onCancel(this);
  }

  describe(): string {
    return this.#label;
  }
}
