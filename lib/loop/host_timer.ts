/**
 * The loop's one host timer: a single `setTimeout` armed for the earliest deadline, however many
 * timers the loop holds.
 * @module
 */

/** setTimeout treats delays past 2^31-1 ms (24.8 days) as 1 ms; wake early and re-arm instead. */
const MAX_DELAY_MS = 2 ** 31 - 1;

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
    const delayMs = Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil(deadlineMs - nowMs)));
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
