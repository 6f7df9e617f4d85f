/**
 * The run-wide network permit one declared task holds, which it can hand back while it only waits.
 * @module
 */
import type { Effect, Operation, Semaphore } from "../loop/mod.ts";

/**
 * One task's claim on the run's network limit (`concurrency`). A task that waits without using the
 * network (a retry's backoff) hands its permit back meanwhile, so the wait does not hold up others.
 */
export class NetworkPermit {
  readonly #limit: Semaphore;
  #held = false;

  /** @param limit The run's network limit. */
  constructor(limit: Semaphore) {
    this.#limit = limit;
  }

  /** True while the task holds a permit. */
  get held(): boolean {
    return this.#held;
  }

  /** Waits for a permit and takes it (nothing when one is held already). */
  *acquire(): Generator<Effect, void> {
    if (this.#held) return;
    yield* this.#limit.acquire();
    this.#held = true;
  }

  /** Gives the permit back, if held. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#limit.release();
  }

  /**
   * Runs `operation` without the permit and takes a permit again after it. If the operation fails or
   * is cancelled, no permit is taken again (and `release()` then does nothing).
   *
   * @param operation Waiting that uses no network, such as a backoff sleep.
   * @returns The operation's result.
   * @throws Whatever the operation throws.
   */
  *releasedDuring<T>(operation: Operation<T>): Generator<Effect, T> {
    if (!this.#held) return yield* operation;
    this.release();
    const result = yield* operation;
    yield* this.acquire();
    return result;
  }
}
