/**
 * Real time a task spends fetching. Under a virtual clock the loop's time stands still while a
 * socket or file operation is pending, so a fetch spans no loop time at all; this is what the task
 * report adds back (`TaskResult.realFetchMs`). Overlapping fetches of one task count once.
 * @module
 */
import type { Effect, Operation } from "../loop/mod.ts";

/** Adds up the real time during which a task has at least one fetch in flight. */
export class FetchStopwatch {
  /** Real milliseconds counted so far (a fetch still in flight counts once it ends). */
  totalMs = 0;
  #inFlight = 0;
  #sinceMs = 0;

  /**
   * Runs a fetch, counting the real time it takes.
   *
   * @param fetch The fetch.
   * @returns What the fetch returns.
   */
  *time<T>(fetch: Operation<T>): Generator<Effect, T> {
    if (this.#inFlight++ === 0) this.#sinceMs = performance.now();
    try {
      return yield* fetch;
    } finally {
      if (--this.#inFlight === 0) this.totalMs += performance.now() - this.#sinceMs;
    }
  }
}
