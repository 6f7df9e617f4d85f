/**
 * A schedule's fire times as a scheduler waits for them, for both schedulers alike (scheduler.ts,
 * and `corun schedule --db`): the next one ahead; those that passed while it could not fire, taken
 * as one fire; and all of them started afresh from the new time when the wall clock steps far back
 * (wall_watch.ts).
 * @module
 */
import { createFireTimeSource, type FireTimeSpec, skipPassedFires } from "./next_fire.ts";
import { type WallStep, WallWatch } from "./wall_watch.ts";

/**
 * The fire times a scheduler walks, from its start.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { FireTimes } from "./fire_times.ts";
 * const hour = 3_600_000;
 * const times = new FireTimes({ cron: "@hourly", timezone: "UTC" }, 10 * hour);
 * assertEquals(times.next, 11 * hour);
 * assertEquals(times.fired(13.5 * hour), 2); // 12:00 and 13:00 passed as it fired 11:00
 * assertEquals(times.next, 14 * hour);
 * assertEquals(times.sawWallTime(13.5 * hour), undefined); // the clock as it waits: no step
 * assertEquals(times.sawWallTime(5.5 * hour), { fromWallMs: 13.5 * hour, toWallMs: 5.5 * hour });
 * assertEquals(times.next, 6 * hour); // started afresh from the new time
 * ```
 */
export class FireTimes {
  readonly #spec: FireTimeSpec;
  readonly #watch: WallWatch;
  #source: Iterator<number>;
  #next: IteratorResult<number>;

  /**
   * @param spec The schedule.
   * @param startWallMs The wall time the scheduler started at (epoch ms).
   */
  constructor(spec: FireTimeSpec, startWallMs: number) {
    this.#spec = spec;
    this.#watch = new WallWatch(startWallMs);
    this.#source = createFireTimeSource(spec, startWallMs);
    this.#next = this.#source.next();
  }

  /** The next fire time (epoch ms); undefined when the schedule has none left. */
  get next(): number | undefined {
    return this.#next.done ? undefined : this.#next.value;
  }

  /**
   * Takes a wall time the scheduler has just read as it waits: when the clock went back more than
   * `BACKWARD_STEP_MS` since the last reading, the fire times start afresh from the new time (the
   * ones the old clock led to are no longer ahead).
   *
   * @param nowWallMs The wall time now.
   * @returns The step, when there was one.
   */
  sawWallTime(nowWallMs: number): WallStep | undefined {
    const step = this.#watch.read(nowWallMs);
    if (step !== undefined) {
      this.#source = createFireTimeSource(this.#spec, step.toWallMs);
      this.#next = this.#source.next();
    }
    return step;
  }

  /**
   * Moves past the fire time reached, and those that passed meanwhile (at or before `nowWallMs`,
   * none past `untilWallMs`): a scheduler that could not fire fires once for them, not in a burst.
   *
   * @param nowWallMs The wall time now.
   * @param untilWallMs The last fire time the scheduler handles. @default no end
   * @returns How many later fire times passed.
   */
  fired(nowWallMs: number, untilWallMs = Infinity): number {
    const { passed, next } = skipPassedFires(this.#source, nowWallMs, untilWallMs);
    this.#next = next;
    return passed;
  }
}
