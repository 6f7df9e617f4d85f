/**
 * Who counts the operations a task's code made and never ran. An operation does nothing until
 * `yield*` runs it, so `group.spawn(op)` without `yield*` starts nothing; the layer that runs the
 * user's code (the tasks layer's `UnrunCalls`, which warns of its `ctx` calls alike) is told here.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import { runningTask } from "./running_task.ts";
import { withLoop } from "./spawn.ts";
import type { TaskRecord } from "./task.ts";

/** Counts an operation as not run until `yield*` starts it, and returns what to hand out. */
export interface UnrunWatch {
  track<T>(method: string, subject: unknown, operation: Operation<T>): Operation<T>;
}

/**
 * The watch of each task that runs under one; its children find it through their parents. Shared
 * by every copy of this module (see running_task.ts): a TypeScript config run by the bundled
 * command line makes its groups with the sources' copy.
 */
const WATCHES = Symbol.for("corun.loop.unrunWatches");
const watches = ((globalThis as Record<symbol, unknown>)[WATCHES] ??= new WeakMap<
  TaskRecord,
  UnrunWatch
>()) as WeakMap<TaskRecord, UnrunWatch>;

/**
 * Runs `operation` with `watch` counting the operations made in it (and in the tasks it starts)
 * that are never run.
 *
 * @param watch Who counts them.
 * @param operation What to run.
 * @returns What the operation returned.
 */
export function* watchingUnrun<T>(
  watch: UnrunWatch,
  operation: Operation<T>,
): Generator<Effect, T> {
  // Asked without yielding when the loop is stepping it: a yield here would be a step of its own,
  // letting other tasks start before the user's code has taken its first one.
  const task = runningTask() ?? (yield* withLoop((task) => task));
  const outer = watches.get(task);
  watches.set(task, watch);
  try {
    return yield* operation;
  } finally {
    if (outer === undefined) watches.delete(task);
    else watches.set(task, outer);
  }
}

/**
 * The watch that `task` runs under, its own or its nearest ancestor's.
 *
 * @param task The task.
 * @returns The watch, or undefined outside any.
 */
export function unrunWatchOf(task: TaskRecord): UnrunWatch | undefined {
  for (let at: TaskRecord | undefined = task; at !== undefined; at = at.parent) {
    const watch = watches.get(at);
    if (watch !== undefined) return watch;
  }
  return undefined;
}
