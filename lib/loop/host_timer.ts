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
 * which keeps the process alive while it is listened to. A cancelled one keeps nothing alive and is
 * dropped when its time comes.
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
    const signal = AbortSignal.timeout(delayMs);
    signal.addEventListener("abort", listener, { once: true });
    stop = () => signal.removeEventListener("abort", listener);
  }
  return () => {
    if (!live) return;
    live = false;
    liveTimers--;
    stop();
  };
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
