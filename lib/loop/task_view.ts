/**
 * What the rest of corun may know about a running task: its state and timings, for live views,
 * reports and joins. The loop's own bookkeeping is in `task.ts`.
 * @module
 */

/** Where a task is in its life. */
export type TaskState =
  /** Created, not yet stepped. */
  | "pending"
  /** Runnable or being stepped. */
  | "running"
  /** Suspended on an effect (see `waitingOn`), or finished its body and waiting for its children. */
  | "waiting"
  /** Finished with a result. */
  | "done"
  /** Finished with an error. */
  | "failed"
  /** Ended by cancellation; `finally` blocks have run. */
  | "cancelled";

/** A running coroutine as seen from outside: enough for a live view, a report or a join. */
export interface Task<T = unknown> {
  /** Unique within the loop, in creation order. */
  readonly id: number;
  /** Given at spawn, or `task-<id>`. */
  readonly name: string;
  /** Current state. */
  readonly state: TaskState;
  /** What the task waits on while `state` is `"waiting"`, else `""`. */
  readonly waitingOn: string;
  /** Loop-clock milliseconds when first stepped (`NaN` until then). */
  readonly startedAtMs: number;
  /** Loop-clock milliseconds when ended (`NaN` until then). */
  readonly endedAtMs: number;
  /** The result once `state` is `"done"`. */
  readonly result: T | undefined;
  /** The error once `state` is `"failed"`. */
  readonly error: unknown;
  /** True once the task has ended in any way. */
  readonly isFinished: boolean;
}
