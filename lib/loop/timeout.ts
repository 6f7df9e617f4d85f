/**
 * Timeouts in two flavours (trio's): `failAfter` turns its own deadline into a `TimeoutError`;
 * `moveOnAfter` gives up silently. Either way the operation is cancelled and its teardown has run
 * before control returns. Only the scope whose own deadline fired reports a timeout.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import { TimeoutError } from "./errors.ts";
import type { Loop } from "./loop.ts";
import { checkDurationMs, formatMs } from "./sleep.ts";
import { startChild } from "./spawn.ts";
import type { TaskRecord } from "./task.ts";
import type { TimerEntry } from "./timer_heap.ts";

const TIMED_OUT = Symbol("timed out");

class DeadlineEffect<T> implements Effect, TimerEntry {
  deadlineMs = 0;
  cancelled = false;
  readonly unref: boolean;
  readonly #operation: Operation<T>;
  readonly #timeoutMs: number;
  #child: TaskRecord<T> | undefined;
  #loop: Loop | undefined;
  #fired = false;

  constructor(operation: Operation<T>, timeoutMs: number, unref = false) {
    this.#operation = operation;
    this.#timeoutMs = timeoutMs;
    this.unref = unref;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#loop = loop;
    const child = startChild(loop, this.#operation, {
      name: `${task.name}/deadline`,
      parent: task,
      propagate: false,
    });
    this.#child = child;
    this.deadlineMs = loop.now() + this.#timeoutMs;
    loop.addTimer(this, this.deadlineMs);
    child.observe((ended) => {
      this.#stopTimer();
      if (ended.state === "done") loop.resume(task, this, ended.result);
      else if (ended.state === "failed") loop.fail(task, this, ended.error);
      else if (this.#fired) loop.resume(task, this, TIMED_OUT);
      else loop.fail(task, this, new DOMException("Cancelled", "AbortError"));
    });
  }

  fire(): void {
    this.#fired = true;
    this.#loop!.cancel(this.#child!);
  }

  cancel(): void {
    this.#stopTimer();
  }

  /** A timer that has fired is no longer in the heap: cancelling it would skew the heap's count. */
  #stopTimer(): void {
    if (!this.#fired) this.#loop?.cancelTimer(this);
  }

  describe(): string {
    return `deadline ${formatMs(this.#timeoutMs)}`;
  }
}

/**
 * Runs `operation`, cancelling it if it has not finished after `timeoutMs` of loop time.
 *
 * @param timeoutMs The limit in milliseconds.
 * @param operation What to run.
 * @param what Names the operation in the error message.
 * @returns The operation's result.
 * @throws TimeoutError when the deadline fires first.
 * @throws RangeError when `timeoutMs` is NaN.
 * @throws TypeError when `timeoutMs` is not a number (`"3s"`).
 * @example
 * ```ts
 * import { assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { failAfter, runOperation, sleep, TimeoutError } from "@corun/corun";
 * await assertRejects(() => runOperation(failAfter(5, sleep(50))), TimeoutError);
 * ```
 */
export function* failAfter<T>(
  timeoutMs: number,
  operation: Operation<T>,
  what?: string,
): Generator<Effect, T> {
  checkDurationMs(timeoutMs, "set a failAfter deadline of");
  const result = yield new DeadlineEffect(operation, timeoutMs);
  if (result === TIMED_OUT) throw new TimeoutError(timeoutMs, what);
  return result as T;
}

/**
 * Runs `operation`, cancelling it silently if it has not finished after `timeoutMs` of loop time.
 *
 * @param timeoutMs The limit in milliseconds.
 * @param operation What to run.
 * @returns The operation's result, or `undefined` when the deadline fired first.
 * @throws RangeError when `timeoutMs` is NaN.
 * @throws TypeError when `timeoutMs` is not a number (`"3s"`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { moveOnAfter, runOperation, sleep } from "@corun/corun";
 * const value = await runOperation(moveOnAfter(5, function* () { yield* sleep(50); return 1; }()));
 * assertEquals(value, undefined);
 * ```
 */
export function* moveOnAfter<T>(
  timeoutMs: number,
  operation: Operation<T>,
): Generator<Effect, T | undefined> {
  checkDurationMs(timeoutMs, "set a moveOnAfter deadline of");
  const result = yield new DeadlineEffect(operation, timeoutMs);
  return result === TIMED_OUT ? undefined : result as T;
}

/**
 * {@linkcode moveOnAfter} with a deadline that does not keep the process alive while it waits (see
 * `TimerEntry.unref`): Deno's event loop may drain before it, and a stall be seen. corun's own limit
 * on work that may be stuck for good (a response callback's `callbackTimeout`), not the library's.
 * @ignore
 *
 * @param timeoutMs The limit in milliseconds.
 * @param operation What to run.
 * @returns The operation's result, or `undefined` when the deadline fired first.
 */
export function* moveOnAfterUnref<T>(
  timeoutMs: number,
  operation: Operation<T>,
): Generator<Effect, T | undefined> {
  checkDurationMs(timeoutMs, "set a moveOnAfter deadline of");
  const result = yield new DeadlineEffect(operation, timeoutMs, true);
  return result === TIMED_OUT ? undefined : result as T;
}
