/**
 * `sleep`: the cheapest suspension. One object is the operation, the iterator, the effect and the timer
 * entry, so a million sleeping coroutines cost a million small objects, not four million.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import { kindOfValue } from "./errors.ts";
import type { Loop } from "./loop.ts";
import { runningTask } from "./running_task.ts";
import type { TaskRecord } from "./task.ts";
import type { TimerEntry } from "./timer_heap.ts";

// Iterator results are read at once by whoever steps the iterator (the loop, or `yield*`), so one
// shared object serves every sleep instead of two fresh ones per sleep.
const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });
const YIELDED: { done: false; value: Effect } = {
  done: false,
  value: undefined as unknown as Effect,
};

class SleepOperation
  implements Operation<void>, Iterator<Effect, void, unknown>, Effect, TimerEntry {
  readonly #durationMs: number;
  /** Not started (undefined), sleeping in this task, or given up (null): one slot, not two. */
  #task: TaskRecord | undefined | null;

  constructor(durationMs: number) {
    this.#durationMs = durationMs;
  }

  /** Never fires: cancelled by the loop, or given up before it started. */
  get cancelled(): boolean {
    return this.#task === null;
  }
  set cancelled(value: boolean) {
    if (value) this.#task = null;
  }

  [Symbol.iterator](): Iterator<Effect, void, unknown> {
    return this;
  }

  next(): IteratorResult<Effect, void> {
    if (this.#task !== undefined) return DONE; // started (or given up): done
    YIELDED.value = this;
    return YIELDED;
  }

  return(): IteratorResult<Effect, void> {
    if (this.#task === undefined) this.#task = null; // never started: never will
    return DONE;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#task = task;
    // Whole milliseconds (never early), so sleeps due in the same millisecond share a timer bucket.
    loop.addTimer(this, Math.ceil(loop.now() + this.#durationMs));
  }

  fire(loop: Loop): void {
    loop.resume(this.#task!, this, undefined);
  }

  cancel(loop: Loop): void {
    loop.cancelTimer(this);
  }

  describe(): string {
    return `sleep ${formatMs(this.#durationMs)}`;
  }
}

/**
 * Suspends the current task for `durationMs` of loop time. With a virtual clock no real time passes.
 *
 * @param durationMs How long to wait, in milliseconds (negative counts as 0).
 * @returns An operation to run with `yield*`.
 * @throws RangeError when `durationMs` is NaN.
 * @throws TypeError when `durationMs` is not a number (`"3s"`, `undefined`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createVirtualClock, runOperation, sleep } from "@corun/corun";
 * const clock = createVirtualClock();
 * await runOperation(function* () {
 *   yield* sleep(10);
 *   yield* sleep(5);
 * }(), { clock });
 * assertEquals(clock.now(), 15);
 * ```
 */
export function sleep(durationMs: number): Operation<void> {
  checkDurationMs(durationMs, "sleep");
  return new SleepOperation(Math.max(0, durationMs));
}

/**
 * Refuses a duration that is no number of milliseconds. NaN (a duration computed from nothing), or
 * a value of another type (`"3s"`, `undefined` from JavaScript), is no time at all: refused, not
 * taken as 0 (it would hide the bug) nor let into the timer heap (where it breaks the order of
 * everyone's timers, or, as a string, fires at once).
 *
 * @param durationMs What the caller gave.
 * @param what What could not be done, for the message (`sleep`, `set a failAfter deadline of`).
 * @throws {TypeError} When it is not a number, naming it and the running task.
 * @throws {RangeError} When it is NaN, naming the running task.
 */
export function checkDurationMs(durationMs: unknown, what: string): void {
  if (typeof durationMs === "number" && !Number.isNaN(durationMs)) return;
  const task = runningTask();
  const where = task ? ` in ${task.subject}` : "";
  if (typeof durationMs === "number") {
    throw new RangeError(`Cannot ${what} NaN ms${where}: expected a number of milliseconds`);
  }
  throw new TypeError(
    `Cannot ${what} ${describeValue(durationMs)}${where}: expected a number of milliseconds`,
  );
}

/** A value as a message shows it: text quoted, anything else by its kind. */
function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : kindOfValue(value);
}

/**
 * Formats a duration for humans, exactly to the millisecond and as a config writes it, each unit
 * the largest whole one: `250ms`, `3s`, `1.5s`, `2m`, `16m40s`, `1h30m`, `25d` (never `16.67m` for
 * 1,000 s, nor `600h` for 25 days).
 */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const whole = Math.round(ms);
  const days = Math.floor(whole / 86_400_000);
  const hours = Math.floor((whole % 86_400_000) / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = (whole % 60_000) / 1000;
  const parts = [
    days > 0 ? `${days}d` : "",
    hours > 0 ? `${hours}h` : "",
    minutes > 0 ? `${minutes}m` : "",
  ];
  if (seconds > 0) parts.push(`${Number(seconds.toFixed(3))}s`);
  return parts.join("");
}
