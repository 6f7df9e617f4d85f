/**
 * Host timers: the loop's one `setTimeout`, armed for the earliest deadline however many timers the
 * loop holds, and real-time deadlines of any length for work outside the loop's clock.
 * @module
 */

/**
 * The longest delay `setTimeout` keeps: it takes a longer one (past 24.8 days) as 1 ms, so a timer
 * wakes early by then and re-arms instead.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

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
  let id: ReturnType<typeof setTimeout>;
  const arm = (delayMs: number) => {
    id = setTimeout(() => {
      const leftMs = deadlineMs - performance.now();
      if (leftMs > 0) arm(Math.min(MAX_TIMER_DELAY_MS, Math.ceil(leftMs)));
      else onTimeout();
    }, delayMs);
  };
  arm(Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms)));
  return () => clearTimeout(id);
}

/** One `setTimeout`, re-armed only when it must fire sooner. */
export class HostTimer {
  readonly #onFire: () => void;
  #id: ReturnType<typeof setTimeout> | undefined;
  #deadlineMs = Infinity;

  /** @param onFire Called when the timer fires (the loop pumps). */
  constructor(onFire: () => void) {
    this.#onFire = onFire;
  }

  /**
   * Makes sure the host wakes the loop by `deadlineMs`; `Infinity` disarms it.
   *
   * An armed timer that fires no later than needed is kept: waking early costs one empty pump,
   * while re-arming on every change (each request moves the earliest deadline) costs a
   * clearTimeout and a setTimeout per request.
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
    const delayMs = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(deadlineMs - nowMs)));
    this.#id = setTimeout(this.#fire, delayMs);
  }

  /** Cancels the timer. */
  disarm(): void {
    if (this.#id !== undefined) clearTimeout(this.#id);
    this.#id = undefined;
    this.#deadlineMs = Infinity;
  }

  #fire = (): void => {
    this.#id = undefined;
    this.#deadlineMs = Infinity;
    this.#onFire();
  };
}
