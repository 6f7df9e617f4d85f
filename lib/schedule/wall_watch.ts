/**
 * A wall clock stepped back (NTP correcting a clock that ran ahead, an RTC read as local time, an
 * operator's `date -s`): a scheduler waits for fire times computed on the old clock, so without a
 * look at it a clock set back a day would keep every schedule silent for that day.
 *
 * The rule is cronie's: a step back of more than 3 hours starts the fire times afresh from the new
 * time, as a restart would (a fire time the wrong clock had passed comes again); a smaller one
 * never runs a fire time twice: the schedule waits until the clock reaches its next fire time
 * again.
 * @module
 */

/** A step back of the wall clock past this starts a schedule's fire times afresh. */
export const BACKWARD_STEP_MS = 3 * 3_600_000;

/** A step back of the wall clock, as a scheduler saw it. */
export interface WallStep {
  /** The wall time read before the step (epoch ms). */
  fromWallMs: number;
  /** The wall time read after it. */
  toWallMs: number;
}

/**
 * Watches the wall times a scheduler reads for a step back past {@linkcode BACKWARD_STEP_MS}.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { WallWatch } from "./wall_watch.ts";
 * const day = 86_400_000;
 * const watch = new WallWatch(10 * day);
 * assertEquals(watch.read(10 * day - 60_000), undefined); // a minute back: waited out
 * assertEquals(watch.read(9 * day), { fromWallMs: 10 * day - 60_000, toWallMs: 9 * day });
 * ```
 */
export class WallWatch {
  #lastWallMs: number;

  /** @param startWallMs The wall time the scheduler started at. */
  constructor(startWallMs: number) {
    this.#lastWallMs = startWallMs;
  }

  /**
   * Takes a wall time the scheduler has just read.
   *
   * @param nowWallMs The wall time now.
   * @returns The step when the clock went back more than {@linkcode BACKWARD_STEP_MS} since the
   * last reading; undefined otherwise.
   */
  read(nowWallMs: number): WallStep | undefined {
    const fromWallMs = this.#lastWallMs;
    this.#lastWallMs = nowWallMs;
    return nowWallMs < fromWallMs - BACKWARD_STEP_MS
      ? { fromWallMs, toWallMs: nowWallMs }
      : undefined;
  }
}
