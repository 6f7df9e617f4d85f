/**
 * The response callbacks (`onResponse`) running in a run, each a loop task of its own, a child of
 * its fetch worker's, that is stopped alone: when it runs past its fetch's `callbackTimeout` (on the
 * loop's clock), or when a stall finds it waiting on a promise nothing will settle
 * (`stalled_tasks.ts`). Either way its fetch fails with the reason (never retried: it is the user's
 * code), the worker goes on to its next fetch, and the rest of the run goes on.
 * @module
 */
import {
  type Effect,
  formatMs,
  halt,
  join,
  moveOnAfterUnref,
  type Operation,
  startChild,
  type TaskRecord,
  withLoop,
} from "../loop/mod.ts";

/** The error code of a fetch whose callback ran past its `callbackTimeout`. */
const TIMEOUT_CALLBACK = "TIMEOUT_CALLBACK";

/** The failure of a fetch whose response callback ran past its `callbackTimeout`. */
class CallbackTimeoutError extends Error {
  /** Stable code, a time limit's as `TIMEOUT_TOTAL` is. */
  readonly code = TIMEOUT_CALLBACK;

  /** @param limitMs The fetch's `callbackTimeout`, in milliseconds. */
  constructor(limitMs: number) {
    super(callbackTimeoutMessage(limitMs));
    this.name = "CallbackTimeoutError";
  }
}

/** A response callback to run. */
export interface CallbackRun<T> {
  /** The callback's work. */
  operation: Operation<T>;
  /** Its loop task's name. */
  name: string;
  /** How messages name it (`the onResponse of task "x" for https://…`). */
  subject: string;
  /** Its `callbackTimeout`, in milliseconds of the loop's clock. */
  limitMs: number;
}

/** The response callbacks running now, and why those stopped were. */
export class CallbackRuns {
  /** The callbacks running now, each its own loop task. */
  readonly #running = new Set<TaskRecord>();
  /** The callbacks stopped (timed out, or stuck at a stall), each with the error its fetch gets. */
  readonly #stopped = new WeakMap<TaskRecord, Error>();

  /**
   * Runs a response callback as a loop task of its own, a child of the running one (its fetch
   * worker), under a deadline of `limitMs`: past it the callback is cancelled (its `finally` blocks
   * run) and the fetch fails. A stall may stop it alone too (`stopRunning`).
   *
   * @param run The callback, its names and its time limit.
   * @returns What it returned.
   * @throws {CallbackTimeoutError} When it ran past its limit; the stall's error when a stall
   *   stopped it; else what it threw.
   */
  *run<T>(run: CallbackRun<T>): Generator<Effect, T> {
    const { operation, name, subject, limitMs } = run;
    const callback = yield* withLoop((task, loop) =>
      startChild(loop, operation, { name, subject, parent: task, propagate: false })
    );
    this.#running.add(callback);
    try {
      // Unref'd: with nothing else left, a callback stuck for good is a stall, failed at once, not
      // held until its limit.
      const ended = yield* moveOnAfterUnref(limitMs, joined(callback));
      if (ended !== undefined) return ended.value;
      // Marked before the cancel: a stall while its `finally` runs does not name it again.
      this.#stopped.set(callback, new CallbackTimeoutError(limitMs));
      yield* halt(callback);
      throw this.#stopped.get(callback);
    } catch (error) {
      throw this.#stopped.get(callback) ?? error;
    } finally {
      this.#running.delete(callback);
    }
  }

  /**
   * Stops every callback running that nothing stopped yet, each failing its fetch with the error
   * `reason` gives it.
   *
   * @param reason The error of a callback's fetch, by the callback's loop task.
   * @returns The loop tasks to cancel.
   */
  stopRunning(reason: (callback: TaskRecord) => Error): TaskRecord[] {
    const stopped: TaskRecord[] = [];
    for (const callback of this.#running) {
      if (this.#stopped.has(callback)) continue;
      this.#stopped.set(callback, reason(callback));
      stopped.push(callback);
    }
    return stopped;
  }
}

/** Joins a task, its result boxed: a callback's `undefined` is not a deadline that passed. */
function* joined<T>(task: TaskRecord<T>): Generator<Effect, { value: T }> {
  return { value: yield* join(task) };
}

/**
 * What the failure of a fetch whose callback ran too long says: what, and the knob that raises it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { callbackTimeoutMessage } from "./callback_runs.ts";
 * assertEquals(
 *   callbackTimeoutMessage(300_000),
 *   "Its onResponse ran for more than callbackTimeout (5m), and was stopped: raise " +
 *     "callbackTimeout for a longer callback",
 * );
 * ```
 *
 * @param limitMs The fetch's `callbackTimeout`, in milliseconds.
 * @returns One line.
 */
export function callbackTimeoutMessage(limitMs: number): string {
  return `Its onResponse ran for more than callbackTimeout (${formatMs(limitMs)}), and was ` +
    "stopped: raise callbackTimeout for a longer callback";
}
