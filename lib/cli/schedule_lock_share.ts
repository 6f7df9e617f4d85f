/**
 * `overlap: allow` with the run lock: the runs of one schedule in one `corun schedule` process share
 * the schedule's lock. The first run takes the lock file; runs that start while it is held by this
 * process join it; the last one to end releases it. So overlapping runs of the schedule start, while
 * the lock still tells every other process (a `corun run --lock` from cron, a second scheduler) that
 * a run is going — and a fire that finds another process holding the lock is skipped as always.
 * @module
 */
import type { LockResult, RunLock } from "../schedule/mod.ts";

/** Takes a lock file (as `takeLock` does). */
export type TakeLock = () => Promise<LockResult | "aborted">;

interface Shared {
  lock: RunLock;
  holders: number;
}

/** The run locks this process holds for schedules with `overlap: allow`, by path. */
export class LockShare {
  readonly #held = new Map<string, Shared>();
  /** An acquisition in flight, so two runs starting together take the file once. */
  readonly #taking = new Map<string, Promise<LockResult | "aborted">>();
  /** A release in flight: the next run takes the file after it, not against it. */
  readonly #releasing = new Map<string, Promise<void>>();

  /**
   * Joins the lock at `path` when this process holds it, else takes it with `take`.
   *
   * @param path The lock file.
   * @param take Takes it from the file system.
   * @returns A lease (its `release` ends this run's share), or what `take` returned when not acquired.
   */
  async take(path: string, take: TakeLock): Promise<LockResult | "aborted"> {
    await this.#releasing.get(path);
    const pending = this.#taking.get(path);
    if (pending) await pending.catch(() => undefined);
    const held = this.#held.get(path);
    if (held) return { acquired: true, lock: this.#lease(path, held) };
    const taking = take();
    this.#taking.set(path, taking);
    let result: LockResult | "aborted";
    try {
      result = await taking;
    } finally {
      this.#taking.delete(path);
    }
    if (result === "aborted" || !result.acquired) return result;
    const shared = { lock: result.lock, holders: 0 };
    this.#held.set(path, shared);
    return { acquired: true, lock: this.#lease(path, shared) };
  }

  /** One run's share: releasing the last share releases the file lock. */
  #lease(path: string, shared: Shared): RunLock {
    shared.holders++;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (--shared.holders > 0) return;
      this.#held.delete(path);
      const releasing = shared.lock.release();
      this.#releasing.set(path, releasing.catch(() => {}));
      try {
        await releasing;
      } finally {
        this.#releasing.delete(path);
      }
    };
    return {
      path,
      holder: shared.lock.holder,
      release,
      [Symbol.asyncDispose]: release,
    };
  }
}
