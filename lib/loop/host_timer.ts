/**
 * Host timers: the loop's host timer, armed for the earliest deadline however many timers the loop
 * holds (and a second, unref'd, for its timers that must not keep the process alive), and real-time
 * deadlines of any length for work outside the loop's clock.
 * @module
 */

/**
 * The longest delay a host timer is armed for, that of `setTimeout` (which takes a longer one, past
 * 24.8 days, as 1 ms): a longer wait wakes early by then and re-arms.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `onFire` once, after `ms` of real time (`MAX_TIMER_DELAY_MS` at most), unless cancelled; the
 * process stays alive meanwhile, as for `setTimeout`. corun's timers are these, not `setTimeout`:
 * Deno's global `setTimeout` is Node's, whose first call loads Node's timers and what they need
 * (about 5 ms of CPU on every start); a timeout signal with a listener is the runtime's own timer,
 * which keeps the process alive while it is listened to. A cancelled one keeps nothing alive and
 * holds no memory: the timers share one timeout signal (see `SharedWake`).
 *
 * @example
 * ```ts
 * import { startHostTimer } from "./host_timer.ts";
 * const cancel = startHostTimer(1000, () => console.log("a second later"));
 * cancel();
 * ```
 *
 * @param ms How long to wait, in milliseconds.
 * @param onFire Called once, unless cancelled first.
 * @param options `unref`: the timer does not keep the process alive (`Deno.unrefTimer`): Deno's
 *   event loop may drain, and a stall be seen, while it waits.
 * @returns Cancels the timer (nothing once it fired).
 */
export function startHostTimer(
  ms: number,
  onFire: () => void,
  options: HostTimerOptions = {},
): () => void {
  const delayMs = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(ms)));
  let live = true;
  liveTimers++;
  const listener = () => {
    live = false;
    liveTimers--;
    onFire();
  };
  let stop: () => void;
  if (options.unref) {
    // A timeout signal cannot be unref'd; `setTimeout`'s timer can. Its cost (loading its timers)
    // is paid only by the first unref'd timer of a process.
    const id = setTimeout(listener, delayMs);
    Deno.unrefTimer(id);
    stop = () => clearTimeout(id);
  } else {
    const entry = sharedWake.add(performance.now() + delayMs, listener);
    stop = () => sharedWake.cancel(entry);
  }
  return () => {
    if (!live) return;
    live = false;
    liveTimers--;
    stop();
  };
}

/**
 * The longest a shared timeout signal is armed for: a wake that finds nothing due arms the next.
 * A signal given up for a sooner timer is gone by then.
 */
export const SHARED_WAKE_MAX_MS = 60_000;

/** A timer waiting for the shared wake: `onFire` is dropped once it fired or was cancelled. */
interface WakeEntry {
  atMs: number;
  seq: number;
  onFire: (() => void) | undefined;
}

/**
 * The host timers that keep the process alive, all woken by one timeout signal armed for the
 * earliest of them. A timeout signal cannot be cleared: one whose listener is removed stays in the
 * runtime (about 1 KB) until its delay passes, so a signal per timer held memory for each fetch
 * (its watchdog and connect deadlines) for as long as its `timeout` (a day of fetches with
 * `timeout: 1d`, in a `corun schedule` or `worker` that runs for months). Here a cancelled timer
 * leaves the queue (lazily, as the loop's timers do), a signal is made only for a timer sooner than
 * the armed one, and none is armed further than `SHARED_WAKE_MAX_MS` ahead, so the ones given up
 * are few and short-lived.
 */
class SharedWake {
  #heap: WakeEntry[] = [];
  #live = 0;
  #seq = 0;
  /**
   * The signal armed last, listened to while any timer is queued. Unlistened when none is (so the
   * process may exit), it is listened to again by the next timer it is soon enough for.
   */
  #armed: { atMs: number; signal: AbortSignal; listened: boolean } | undefined;

  /** Entries queued, cancelled ones not yet dropped included (tests). */
  get queued(): number {
    return this.#heap.length;
  }

  add(atMs: number, onFire: () => void): WakeEntry {
    const entry: WakeEntry = { atMs, seq: this.#seq++, onFire };
    this.#heap.push(entry);
    this.#siftUp(this.#heap.length - 1);
    this.#live++;
    this.#arm();
    return entry;
  }

  cancel(entry: WakeEntry): void {
    if (entry.onFire === undefined) return;
    entry.onFire = undefined;
    this.#live--;
    if (this.#live === 0) {
      // Nothing left to wake for: the process may exit, and nothing is held.
      this.#heap = [];
      this.#unlisten();
    } else if (this.#heap.length > 64 && this.#live * 2 < this.#heap.length) {
      this.#heap = this.#heap.filter((queued) => queued.onFire !== undefined);
      for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
    }
  }

  #wake = (): void => {
    this.#armed = undefined;
    const nowMs = performance.now();
    try {
      let top: WakeEntry | undefined;
      while ((top = this.#liveTop()) !== undefined && top.atMs <= nowMs) {
        const onFire = top.onFire!;
        top.onFire = undefined;
        this.#live--;
        this.#pop();
        onFire();
      }
    } finally {
      // Also when a callback threw: the others still fire.
      this.#arm();
    }
  };

  #arm(): void {
    const top = this.#liveTop();
    if (top === undefined) return this.#unlisten();
    const armed = this.#armed;
    // An armed signal that fires no later than needed is kept (firing early costs one empty wake);
    // timers count whole milliseconds, so one a fraction of one later is as good.
    if (armed !== undefined && !armed.signal.aborted && armed.atMs < top.atMs + 1) {
      if (!armed.listened) armed.signal.addEventListener("abort", this.#wake, { once: true });
      armed.listened = true;
      return;
    }
    this.#unlisten();
    const nowMs = performance.now();
    const delayMs = Math.max(0, Math.ceil(Math.min(top.atMs - nowMs, SHARED_WAKE_MAX_MS)));
    const signal = AbortSignal.timeout(delayMs);
    signal.addEventListener("abort", this.#wake, { once: true });
    this.#armed = { atMs: nowMs + delayMs, signal, listened: true };
  }

  #unlisten(): void {
    if (this.#armed?.listened) this.#armed.signal.removeEventListener("abort", this.#wake);
    if (this.#armed) this.#armed.listened = false;
  }

  /** The earliest entry not cancelled, dropping cancelled ones above it. */
  #liveTop(): WakeEntry | undefined {
    while (this.#heap.length > 0 && this.#heap[0].onFire === undefined) this.#pop();
    return this.#heap[0];
  }

  #pop(): void {
    const last = this.#heap.pop()!;
    if (this.#heap.length === 0) return;
    this.#heap[0] = last;
    this.#siftDown(0);
  }

  #before(a: WakeEntry, b: WakeEntry): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const entry = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#before(entry, heap[parent])) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = entry;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const entry = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && this.#before(heap[right], heap[left]) ? right : left;
      if (!this.#before(heap[child], entry)) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = entry;
  }
}

const sharedWake = new SharedWake();

/**
 * How many timers the shared wake still queues, cancelled ones not yet dropped included: tests
 * assert that cancelled timers do not pile up.
 * @ignore
 *
 * @returns Queued entries.
 */
export function queuedHostTimers(): number {
  return sharedWake.queued;
}

/** How a host timer holds the process. */
export interface HostTimerOptions {
  /** It does not keep the process alive. @default false */
  unref?: boolean;
}

/** Host timers started and neither fired nor cancelled. */
let liveTimers = 0;

/**
 * How many host timers are armed now. Deno's test sanitizers see `setTimeout`'s timers, not these:
 * tests assert this is back to 0 once a run has ended, as the sanitizer would for a leaked timer.
 * @ignore
 *
 * @returns Timers started and neither fired nor cancelled.
 */
export function liveHostTimers(): number {
  return liveTimers;
}

/**
 * Calls `onTimeout` once `ms` of real time have passed, however long that is (a `setTimeout` of 30
 * days alone would fire at once).
 *
 * @example
 * ```ts
 * import { afterRealTime } from "./host_timer.ts";
 * const cancel = afterRealTime(30 * 86_400_000, () => console.log("a month later"));
 * cancel();
 * ```
 *
 * @param ms How long to wait, in milliseconds.
 * @param onTimeout Called once, unless cancelled first.
 * @returns Cancels the timer.
 */
export function afterRealTime(ms: number, onTimeout: () => void): () => void {
  const deadlineMs = performance.now() + ms;
  let cancel: () => void;
  const arm = (delayMs: number) => {
    cancel = startHostTimer(delayMs, () => {
      const leftMs = deadlineMs - performance.now();
      if (leftMs > 0) arm(leftMs);
      else onTimeout();
    });
  };
  arm(ms);
  return () => cancel();
}

/** One host timer, re-armed only when it must fire sooner. */
export class HostTimer {
  readonly #onFire: () => void;
  readonly #options: HostTimerOptions;
  #cancel: (() => void) | undefined;
  #deadlineMs = Infinity;

  /**
   * @param onFire Called when the timer fires (the loop pumps).
   * @param options Whether it keeps the process alive.
   */
  constructor(onFire: () => void, options: HostTimerOptions = {}) {
    this.#onFire = onFire;
    this.#options = options;
  }

  /**
   * Makes sure the host wakes the loop by `deadlineMs`; `Infinity` disarms it.
   *
   * An armed timer that fires no later than needed is kept: waking early costs one empty pump,
   * while re-arming on every change (each request moves the earliest deadline) costs a new host
   * timer per request.
   *
   * @param deadlineMs Loop-clock time of the earliest deadline.
   * @param nowMs Loop-clock time now.
   */
  arm(deadlineMs: number, nowMs: number): void {
    if (deadlineMs === this.#deadlineMs) return;
    if (deadlineMs !== Infinity && deadlineMs > this.#deadlineMs) return;
    this.disarm();
    if (deadlineMs === Infinity) return;
    this.#deadlineMs = deadlineMs;
    this.#cancel = startHostTimer(deadlineMs - nowMs, this.#fire, this.#options);
  }

  /** Cancels the timer. */
  disarm(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#deadlineMs = Infinity;
  }

  #fire = (): void => {
    this.#cancel = undefined;
    this.#deadlineMs = Infinity;
    this.#onFire();
  };
}
