/**
 * A counting semaphore: limits how many tasks do something at once (global concurrency, per host).
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import type { Loop } from "./loop.ts";
import { isOperation, notAnOperation } from "./operation_check.ts";
import type { TaskRecord } from "./task.ts";

/** Permits shared by tasks on one loop. */
export interface Semaphore {
  /** Permits free right now. */
  readonly available: number;
  /** Tasks waiting for a permit. */
  readonly waiting: number;
  /** Waits for a permit and takes it. Pair with `release()`, or use `withPermit`. */
  acquire(): Operation<void>;
  /** Takes a permit if one is free, without waiting. */
  tryAcquire(): boolean;
  /** Returns a permit; the longest waiter gets it. */
  release(): void;
  /** Runs `operation` holding a permit, released however it ends. */
  withPermit<T>(operation: Operation<T>): Operation<T>;
}

class AcquireEffect implements Effect {
  granted = false;
  cancelled = false;
  task: TaskRecord | undefined;
  loop: Loop | undefined;
  readonly #owner: SemaphoreImpl;

  constructor(owner: SemaphoreImpl) {
    this.#owner = owner;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.task = task;
    this.loop = loop;
    this.#owner.enqueue(this);
  }

  grant(): void {
    this.granted = true;
    this.loop!.resume(this.task!, this, undefined);
  }

  cancel(): void {
    this.cancelled = true;
    this.#owner.forget(this);
  }

  describe(): string {
    return "permit";
  }
}

class SemaphoreImpl implements Semaphore {
  #available: number;
  #waiters: AcquireEffect[] = [];
  #head = 0;
  #cancelledWaiters = 0;

  constructor(permits: number) {
    this.#available = permits;
  }

  get available(): number {
    return this.#available;
  }

  get waiting(): number {
    return this.#waiters.length - this.#head - this.#cancelledWaiters;
  }

  *acquire(): Generator<Effect, void> {
    if (this.tryAcquire()) return;
    const effect = new AcquireEffect(this);
    let acquired = false;
    try {
      yield effect;
      acquired = true;
    } finally {
      // Granted, but cancelled before it could run: pass the permit on instead of losing it.
      if (!acquired && effect.granted) this.release();
    }
  }

  tryAcquire(): boolean {
    if (this.#available > 0 && this.waiting === 0) {
      this.#available--;
      return true;
    }
    return false;
  }

  enqueue(effect: AcquireEffect): void {
    this.#waiters.push(effect);
  }

  forget(_effect: AcquireEffect): void {
    this.#cancelledWaiters++; // dropped lazily when it reaches the head
  }

  release(): void {
    while (this.#head < this.#waiters.length) {
      const next = this.#waiters[this.#head++];
      this.#compact();
      if (next.cancelled) {
        this.#cancelledWaiters--;
        continue;
      }
      next.grant();
      return;
    }
    this.#available++;
  }

  *withPermit<T>(operation: Operation<T>): Generator<Effect, T> {
    if (!isOperation<T>(operation)) {
      throw new TypeError(
        `Cannot run under a permit: withPermit() expects an operation, got ${
          notAnOperation(operation)
        }`,
      );
    }
    yield* this.acquire();
    try {
      return yield* operation;
    } finally {
      this.release();
    }
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
      this.#waiters = this.#waiters.slice(this.#head);
      this.#head = 0;
    }
  }
}

/**
 * Creates a semaphore with `permits` permits.
 *
 * @param permits How many holders at once (at least 1).
 * @returns The semaphore.
 * @throws RangeError when `permits` is not a positive integer.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { all, createSemaphore, createVirtualClock, runOperation, sleep } from "@corun/corun";
 * const limit = createSemaphore(2);
 * const clock = createVirtualClock();
 * await runOperation(all([1, 2, 3].map(() => limit.withPermit(sleep(10)))), { clock });
 * assertEquals(clock.now(), 20); // two at a time: the third waited for a permit
 * ```
 */
export function createSemaphore(permits: number): Semaphore {
  if (!Number.isInteger(permits) || permits < 1) {
    throw new RangeError(
      `Cannot create a semaphore with ${permits} permits: expected an integer >= 1`,
    );
  }
  return new SemaphoreImpl(permits);
}
