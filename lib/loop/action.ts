/**
 * Bridges from callbacks and promises (Deno's I/O) into coroutines.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/** Starts a callback-style wait; returns the teardown that undoes it. */
export type ActionStart<T> = (
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
) => (() => void) | void;

class ActionEffect<T> implements Effect {
  readonly #begin: ActionStart<T>;
  readonly #label: string;
  #teardown: (() => void) | void = undefined;
  #ended = false;

  constructor(begin: ActionStart<T>, label: string) {
    this.#begin = begin;
    this.#label = label;
  }

  start(task: TaskRecord, loop: Loop): void {
    const settle = (ok: boolean, value: unknown) => {
      if (this.#ended) return;
      this.#ended = true;
      this.#runTeardown();
      if (ok) loop.resume(task, this, value);
      else loop.fail(task, this, value);
    };
    try {
      this.#teardown = this.#begin((value) => settle(true, value), (error) => settle(false, error));
    } catch (error) {
      settle(false, error);
      return;
    }
    if (this.#ended) this.#runTeardown();
  }

  cancel(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#runTeardown();
  }

  describe(): string {
    return this.#label;
  }

  #runTeardown(): void {
    const teardown = this.#teardown;
    this.#teardown = undefined;
    if (teardown) teardown();
  }
}

/**
 * Suspends the current task until `begin` calls `resolve` or `reject`. The teardown `begin` returns runs
 * once, when the wait ends either way or is cancelled.
 *
 * @param begin Starts the wait.
 * @param label What the task waits on, for the live view.
 * @returns An operation yielding the resolved value.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { action, runOperation } from "./mod.ts";
 * const value = await runOperation(action<number>((resolve) => {
 *   const id = setTimeout(() => resolve(42), 1);
 *   return () => clearTimeout(id);
 * }, "timer"));
 * assertEquals(value, 42);
 * ```
 */
export function action<T>(begin: ActionStart<T>, label = "action"): Operation<T> {
  return {
    *[Symbol.iterator]() {
      return (yield new ActionEffect(begin, label)) as T;
    },
  };
}

class CallEffect<T> implements Effect {
  readonly #invoke: (signal: AbortSignal) => Promise<T>;
  readonly #label: string;
  #controller: AbortController | undefined;
  #loop: Loop | undefined;
  #settled = false;

  constructor(invoke: (signal: AbortSignal) => Promise<T>, label: string) {
    this.#invoke = invoke;
    this.#label = label;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#loop = loop;
    this.#controller = new AbortController();
    let promise: Promise<T>;
    try {
      promise = this.#invoke(this.#controller.signal);
    } catch (error) {
      this.#settled = true;
      loop.fail(task, this, error);
      return;
    }
    loop.beginIo();
    promise.then(
      (value) => this.#settle() && loop.resume(task, this, value),
      (error) => this.#settle() && loop.fail(task, this, error),
    );
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#loop!.endIo();
    return true;
  }

  cancel(): void {
    if (!this.#settle()) return;
    this.#controller!.abort(
      new DOMException(`Cancelled while waiting on ${this.#label}`, "AbortError"),
    );
  }

  describe(): string {
    return this.#label;
  }
}

/**
 * Awaits a promise inside a coroutine. If the task is cancelled first, `signal` is aborted and the
 * promise's outcome is ignored.
 *
 * @param invoke Starts the asynchronous work; should stop when `signal` aborts.
 * @param label What the task waits on, for the live view.
 * @returns An operation yielding the promise's value.
 * @throws Whatever the promise rejects with.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { call, runOperation } from "./mod.ts";
 * const text = await runOperation(call(() => Promise.resolve("hi"), "greeting"));
 * assertEquals(text, "hi");
 * ```
 */
export function call<T>(
  invoke: (signal: AbortSignal) => Promise<T>,
  label = "promise",
): Operation<T> {
  return {
    *[Symbol.iterator]() {
      return (yield new CallEffect(invoke, label)) as T;
    },
  };
}
