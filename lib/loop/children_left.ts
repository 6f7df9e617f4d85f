/**
 * The children an operation spawned and left running when it returned. A child never outlives its
 * parent: the loop cancels them as their task ends, and code that runs a user's operation as a
 * task's whole work (a custom task, a response callback) says so, instead of a silent cancel.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import { runningTask } from "./running_task.ts";
import { withLoop } from "./spawn.ts";

/**
 * Runs `operation`, the running task's whole work, and when it returns tells `onLeft` how many of
 * the task's children are still running: they are about to be cancelled with it. Not told when the
 * operation throws or its task is cancelled (its children end with it, and its own end says why).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { noticingChildrenLeft, runOperation, sleep, spawn } from "./mod.ts";
 * const left: number[] = [];
 * await runOperation(noticingChildrenLeft(function* () {
 *   yield* spawn(sleep(1_000));
 * }(), (count) => left.push(count)));
 * assertEquals(left, [1]);
 * ```
 *
 * @param operation What the task runs.
 * @param onLeft Told the number of children left running, when there are any.
 * @returns What the operation returned.
 */
export function* noticingChildrenLeft<T>(
  operation: Operation<T>,
  onLeft: (count: number) => void,
): Generator<Effect, T> {
  const result = yield* operation;
  // Read in the step the operation returned in: no child can end in between.
  const task = runningTask() ?? (yield* withLoop((task) => task));
  if (task.childCount > 0 && !task.cancelling) onLeft(task.childCount);
  return result;
}
