/**
 * Asking whether the running task is being cancelled. A `finally` that yields (removing a partial
 * file) makes every generator around it carry on as if the call had returned: `yield*` passes the
 * loop's next `next()` down and hands the inner result up as a plain value, not as the `return()`
 * that started the cleanup. Code after such a call runs although the task was cancelled, so the
 * places that report an outcome ask.
 * @module
 */
import { type Effect, withLoop } from "../loop/mod.ts";

/**
 * Tells whether the running task (or the run around it) is being cancelled.
 *
 * @returns True once the task has been told to stop.
 */
export function isCancelling(): Generator<Effect, boolean> {
  return withLoop((task) => task.cancelling);
}

/** A task that was cancelled (Ctrl-C, SIGTERM) before it ended: what its metadata line records. */
export class TaskInterruptedError extends Error {
  /** Stable code, as the loop's cancellation uses. */
  readonly code = "CANCELLED";

  /** @param what What was going on, for the message (`"the body of https://…"`). */
  constructor(what: string) {
    super(`Cancelled during ${what}: the run was interrupted`);
    this.name = "TaskInterruptedError";
  }
}
