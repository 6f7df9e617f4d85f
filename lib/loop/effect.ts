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
  /** Starts the operation: each effect it yields suspends its task until the loop resumes it. */
  [Symbol.iterator](): Iterator<Effect, T, unknown>;
}

/**
 * What an operation gives once run with `yield*`: `FetchedPage` for `ctx.fetch(url)`, `void` for
 * `sleep(ms)`. `all` and `race` type what they return with it, so contenders of different types
 * (a fetch against a timeout) need no annotation.
 */
export type OperationResult<O> = O extends Operation<infer T> ? T : never;

/**
 * One suspension of a task, as a coroutine yields it to the loop: a sleep, a read, a join. Every
 * suspension owns its teardown. Coroutines get effects from corun's operations with `yield*`
 * (`sleep`, `call`, `join`, ...); a wait on a callback of one's own is an `action`, not a new effect.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { call, type Effect, runOperation } from "@corun/corun";
 * function* double(value: number): Generator<Effect, number> {
 *   return 2 * (yield* call(() => Promise.resolve(value)));
 * }
 * assertEquals(await runOperation(double(21)), 42);
 * ```
 */
export interface Effect {
  /**
   * Starts waiting. The effect later calls `loop.resume` or `loop.fail` with itself as the token.
   * The loop calls this with its own records: not part of the public API.
   * @ignore
   */
  start(task: TaskRecord, loop: Loop): void;
  /**
   * Undoes the wait because the task is being cancelled; must not resume the task afterwards.
   * The loop calls this: not part of the public API.
   * @ignore
   */
  cancel(loop: Loop): void;
  /** What the task waits on, for the live view (`"sleep 3s"`, `"read 127.0.0.1:8080"`). */
  describe(): string;
}

/**
 * A value an effect resumes its task with that holds something to let go of (an open connection, a
 * file): when the task is cancelled after the value arrived and before its next step took it, the
 * value would be dropped, so the loop calls `release` with it instead (see `Loop.cancel`). The
 * effect's operation unwraps it.
 */
export class Delivered<T> {
  /**
   * @param value What the effect gives its task.
   * @param release Lets go of `value` when the task never takes it.
   */
  constructor(readonly value: T, readonly release: (value: T) => void) {}
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

/**
 * An effect that is also the operation yielding it (an iterator over itself): one object per use
 * instead of the effect, an operation and a generator. Run once, with `yield*`; it ends with what
 * the loop resumes its task with. Subclasses give `start`, `cancel` and `describe`.
 */
export abstract class SelfYieldingEffect<T>
  implements Effect, Operation<T>, Iterator<Effect, T, unknown> {
  #yielded = false;
  /**
   * The results that yield the effect and that end its run: made once, also for an effect run again
   * (see `rearm`). The one that ends it is given each run's value: `yield*` and the loop read a
   * result at once, and keep none.
   */
  #yielding: IteratorYieldResult<Effect> | undefined;
  #ending: IteratorReturnResult<T> | undefined;

  [Symbol.iterator](): Iterator<Effect, T, unknown> {
    return this;
  }

  /** Yields the effect itself, then ends with what the loop resumed the task with. */
  next(resumed?: unknown): IteratorResult<Effect, T> {
    if (!this.#yielded) {
      this.#yielded = true;
      return this.#yielding ??= { done: false, value: this };
    }
    const ending = this.#ending ??= { done: true, value: resumed as T };
    ending.value = resumed as T;
    return ending;
  }

  /** The effect's error, thrown where the operation was run (as a generator would). */
  throw(error?: unknown): IteratorResult<Effect, T> {
    this.#yielded = true;
    throw error;
  }

  /** A cancel: the operation ends with the task. */
  return(value?: unknown): IteratorResult<Effect, T> {
    this.#yielded = true;
    return { done: true, value: value as T };
  }

  /**
   * Makes the effect an operation to run once more with `yield*`: for a subclass that reuses one
   * object for wait after wait (its last run must have ended, its wait settled).
   */
  protected rearm(): void {
    this.#yielded = false;
  }

  abstract start(task: TaskRecord, loop: Loop): void;
  abstract cancel(loop: Loop): void;
  abstract describe(): string;
}
