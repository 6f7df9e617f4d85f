/**
 * Host timers: the loop's host timer, armed for the earliest deadline however many timers the loop
 * holds (and a second, unref'd, for its timers that must not keep the process alive), and real-time
 * deadlines of any length for work outside the loop's clock.
 * @module
 */
import { type Cancellable, TimerHeap } from "./timer_heap.ts";

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

/** A timer waiting for the shared wake. */
interface WakeEntry extends Cancellable {
  /** Dropped once cancelled: what it holds is not kept until the heap lets the entry go. */
  onFire: () => void;
}

const NOTHING = (): void => {};

/**
 * The host timers that keep the process alive, all woken by one timeout signal armed for the
 * earliest of them. A timeout signal cannot be cleared: one whose listener is removed stays in the
 * runtime (about 1 KB) until its delay passes, so a signal per timer held memory for each fetch
 * (its watchdog and connect deadlines) for as long as its `timeout` (a day of fetches with
 * `timeout: 1d`, in a `corun schedule` or `worker` that runs for months). Here a cancelled timer
 * leaves the queue (lazily, the loop's `TimerHeap`), a signal is made only for a timer sooner than
 * the armed one, and none is armed further than `SHARED_WAKE_MAX_MS` ahead, so the ones given up
 * are few and short-lived.
 */
class SharedWake {
  readonly #timers = new TimerHeap<WakeEntry>();
  /**
   * The signal armed last, listened to while any timer is queued. Unlistened when none is (so the
   * process may exit), it is listened to again by the next timer it is soon enough for.
   */
  #armed: { atMs: number; signal: AbortSignal; listened: boolean } | undefined;

  /** Entries queued, cancelled ones not yet dropped included (tests). */
  get queued(): number {
    return this.#timers.size;
  }

  add(atMs: number, onFire: () => void): WakeEntry {
    const entry: WakeEntry = { cancelled: false, onFire };
    this.#timers.push(entry, atMs);
    this.#arm();
    return entry;
  }

  cancel(entry: WakeEntry): void {
    this.#timers.cancel(entry); // a fired one is marked cancelled: nothing to do
    entry.onFire = NOTHING;
    if (this.#timers.activeCount > 0) return;
    // Nothing left to wake for: the process may exit, and nothing is held.
    this.#timers.clear();
    this.#unlisten();
  }

  #wake = (): void => {
    this.#armed = undefined;
    const nowMs = performance.now();
    try {
      for (let due = this.#timers.popDue(nowMs); due; due = this.#timers.popDue(nowMs)) {
        due.cancelled = true; // out of the heap: a later cancel is a no-op
        due.onFire();
      }
    } finally {
      // Also when a callback threw: the others still fire.
      this.#arm();
    }
  };

  #arm(): void {
    const nextMs = this.#timers.peekDeadline();
    if (nextMs === Infinity) return this.#unlisten();
    const armed = this.#armed;
    // An armed signal that fires no later than needed is kept (firing early costs one empty wake);
    // timers count whole milliseconds, so one a fraction of one later is as good.
    if (armed !== undefined && !armed.signal.aborted && armed.atMs < nextMs + 1) {
      if (!armed.listened) armed.signal.addEventListener("abort", this.#wake, { once: true });
      armed.listened = true;
      return;
    }
    this.#unlisten();
    const nowMs = performance.now();
    const delayMs = Math.max(0, Math.ceil(Math.min(nextMs - nowMs, SHARED_WAKE_MAX_MS)));
    const signal = AbortSignal.timeout(delayMs);
    signal.addEventListener("abort", this.#wake, { once: true });
    this.#armed = { atMs: nowMs + delayMs, signal, listened: true };
  }

  #unlisten(): void {
    if (this.#armed?.listened) this.#armed.signal.removeEventListener("abort", this.#wake);
    if (this.#armed) this.#armed.listened = false;
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
