/**
 * Cleanup that waits (I/O in a `finally`), made safe for cancellation.
 *
 * The loop cancels a task by calling its generator's `return()`: `finally` blocks run and `catch`
 * cannot swallow the halt. But a `finally` that yields must be resumed with `next()` to receive what
 * it waited for, and JavaScript then loses the halt one level up: when that `finally` ends, the
 * `yield*` around the call completes as if the call had returned, and the caller carries on, with
 * its whole body, although its task was cancelled. `cleanup` ends that: once its operation is over,
 * if the task is being cancelled, it throws `CancelledError`, so every caller unwinds (their
 * `finally` blocks run, their `catch` blocks see it and must rethrow it) and the loop reports the
 * task cancelled. Every `finally` that yields wraps what it waits for in `cleanup`.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import { CancelledError } from "./errors.ts";
import { isOperation, notAnOperation } from "./operation_check.ts";
import { runningTask } from "./running_task.ts";

/**
 * Runs `operation` as the cleanup of a `finally`, then throws `CancelledError` if the task is being
 * cancelled (a cleanup that fails throws its own error instead).
 *
 * @param operation What the cleanup waits for.
 * @returns Its result, when the task is not being cancelled.
 * @throws CancelledError once the cleanup is over, when the task is being cancelled.
 * @throws {TypeError} When `operation` is no operation (a promise: `cleanup(call(() => work()))`,
 *   its rejection then handled).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { cleanup, type Effect, moveOnAfter, runOperation, sleep } from "@corun/corun";
 * const steps: string[] = [];
 * function* withTemporary(): Generator<Effect, void> {
 *   try {
 *     yield* sleep(50); // write, rename, ...
 *     steps.push("done");
 *   } finally {
 *     yield* cleanup(function* () {
 *       yield* sleep(1); // remove the temporary file
 *       steps.push("removed");
 *     }()); // then rethrows the cancellation
 *   }
 * }
 * await runOperation(moveOnAfter(5, withTemporary())); // cancelled after 5 ms
 * assertEquals(steps, ["removed"]);
 * ```
 */
export function* cleanup<T>(operation: Operation<T>): Generator<Effect, T> {
  if (!isOperation<T>(operation)) {
    throw new TypeError(
      `Cannot clean up: cleanup() expects an operation, got ${notAnOperation(operation)}`,
    );
  }
  const value = yield* operation;
  throwIfCancelled();
  return value;
}

/**
 * Throws `CancelledError` if the running task is being cancelled: for a `finally` that waited and
 * then decides for itself whether to stop (a file found committed after all is a result to return).
 *
 * @throws CancelledError When the running task's generator has been told to return.
 */
export function throwIfCancelled(): void {
  const task = runningTask();
  if (task?.bodyHalted) throw new CancelledError(task.name);
}
