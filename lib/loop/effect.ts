/**
 * The contract between coroutines and the loop. A coroutine is a generator; every value it yields is an
 * {@linkcode Effect}: a description of what it waits for, which the loop starts and, on cancellation,
 * undoes. Operations compose with `yield*`, as `yield from` did in the asyncio lesson.
 * @module
 */
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/** Anything that can be run with `yield*`: a generator, or a hand-written iterator. */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<Effect, T, unknown>;
}

/** One suspension of a task. Every suspension owns its teardown. */
export interface Effect {
  /** Starts waiting. The effect later calls `loop.resume` or `loop.fail` with itself as the token. */
  start(task: TaskRecord, loop: Loop): void;
  /** Undoes the wait because the task is being cancelled; must not resume the task afterwards. */
  cancel(loop: Loop): void;
  /** What the task waits on, for the live view (`"sleep 3s"`, `"read 127.0.0.1:8080"`). */
  describe(): string;
}

/**
 * Tells whether a yielded value is an effect (a task that yields anything else is told to use `yield*`).
 *
 * @param value What a coroutine yielded.
 * @returns True for effects.
 */
export function isEffect(value: unknown): value is Effect {
  return typeof value === "object" && value !== null &&
    typeof (value as Effect).start === "function" && typeof (value as Effect).cancel === "function";
}
