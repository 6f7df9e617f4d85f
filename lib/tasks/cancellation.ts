/**
 * Asking whether the running task is being cancelled. corun's own operations whose `finally` waits
 * (removing a partial file) end it with the loop's `cleanup`, which throws `CancelledError` so their
 * callers unwind. A user's custom task or response callback may still wait in a `finally` of its own
 * without it: JavaScript then hands the cancelled call back to the code around it as if it had
 * returned, so the places that report an outcome after running user code ask.
 * @module
 */
import { immediately, type Operation, withLoop } from "../loop/mod.ts";
import type { RunEnv } from "./env.ts";

/**
 * Tells whether the running task is being cancelled. The fetch workers and producers that ask are
 * cancelled only when the run stops (interrupted, or stalled with nothing new to cancel alone; a
 * custom task or response callback a stall cancels alone ends by its loop task's state, asking
 * nothing here): until then the answer costs no step of the loop (asking the loop after every
 * task made 100,000 empty custom tasks ~40% slower).
 *
 * @param env The run, which knows whether it is stopping.
 * @returns True once the task has been told to stop.
 */
export function isCancelling(env: Pick<RunEnv, "stopping">): Operation<boolean> {
  return env.stopping() ? withLoop((task) => task.cancelling) : NOT_CANCELLING;
}

/** The answer until the run stops: shared, since it holds nothing. */
const NOT_CANCELLING = immediately(false);

/** A task that was cancelled (Ctrl-C, SIGTERM) before it ended: what its metadata line records. */
export class TaskInterruptedError extends Error {
  /** Stable code, as the loop's cancellation uses. */
  readonly code = "CANCELLED";

  /**
   * @param what What was going on, for the message (`"the body of https://…"`).
   * @param after Told after the reason (`; 5 bytes are kept …`).
   */
  constructor(what: string, after = "") {
    super(`Cancelled during ${what}: the run was interrupted${after}`);
    this.name = "TaskInterruptedError";
  }
}
