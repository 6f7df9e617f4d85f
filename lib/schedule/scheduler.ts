/**
 * A cron schedule as an operation on corun's loop: it sleeps on the loop's clock until each fire time
 * (so with a virtual clock a week of fires takes milliseconds), adds jitter, applies the overlap
 * policy, catches up a missed fire, and stops cleanly.
 *
 * Stopping, two ways:
 * - **Cancel** the operation (halt its task, a timeout, a failing sibling): no more fires, running
 *   jobs are cancelled at once (their `finally` blocks run before the operation ends).
 * - **Abort `options.signal`** (what the CLI does on Ctrl-C): no more fires, a queued run is dropped
 *   (told to `options.onDrop`), running jobs get `options.graceMs` of loop time to finish, then are
 *   cancelled; then the operation returns normally.
 * @module
 */
import {
  type Clock,
  type Effect,
  halt,
  join,
  moveOnAfter,
  type Operation,
  race,
  sleep,
  taskGroup,
  TaskGroupError,
  whenAborted,
  withLoop,
} from "../loop/mod.ts";
import type { ScheduleSpec } from "../tasks/mod.ts";
import { type FireTimeSpec, nextFireTimes, validateFireTimeSpec } from "./next_fire.ts";
import { FireTimes } from "./fire_times.ts";
import { createRunSlots, type Fire, type FireInfo, type RunInfo } from "./run_slots.ts";
import { MAX_SLEEP_MS, WALL_CHECK_MS } from "./pause.ts";
import { drawJitterMs } from "./jitter.ts";
import { guardCallback, guardWarning } from "./callbacks.ts";
import type { WallStep } from "./wall_watch.ts";

export type { Fire, FireInfo, FireOutcome, RunInfo, RunOutcome } from "./run_slots.ts";
export type { WallStep } from "./wall_watch.ts";

/** The schedule's settings; `overlap`, `jitterMs` and `catchUp` default as in a config. */
export type ScheduleSettings = FireTimeSpec & Partial<ScheduleSpec>;

/** Options for {@linkcode schedule}. */
export interface ScheduleOptions {
  /** Returns a number in [0, 1) for jitter. @default Math.random */
  random?: () => number;
  /** Epoch ms of the last run before this start (from the run history), for `catchUp: "once"`. */
  lastRunWallMs?: number;
  /**
   * Called for every fire, whatever became of it. Nothing waits for a promise it returns; a throw,
   * or a rejection of that promise, goes to `onWarning` and the schedule goes on (as for
   * `onRunEnd` and `onDrop`).
   */
  onFire?: (info: FireInfo) => void;
  /** Called when a run ends, however it ended. */
  onRunEnd?: (info: RunInfo) => void;
  /** Called for the queued fire (`overlap: "queue"`) that a stop by `signal` drops unrun. */
  onDrop?: (fire: Fire) => void;
  /**
   * Called when the wall clock went back more than 3 hours (`BACKWARD_STEP_MS`) while the schedule
   * waited: its fire times start afresh from the new time (a smaller step is waited out).
   */
  onClockStep?: (step: WallStep) => void;
  /**
   * Told when a callback fails, naming the schedule and the callback:
   * `The onFire callback of schedule "nightly" failed: db down`. One that fails itself (a throw, a
   * rejection) is told on standard error, with the warning it was given.
   * @default a `warning:` line on standard error
   */
  onWarning?: (message: string) => void;
  /** Stop firing after this epoch ms (fire times later than it are not handled). @default never */
  untilWallMs?: number;
  /** Stop firing after this many fires (skipped ones count). @default no limit */
  maxFires?: number;
  /** Aborting it stops the schedule gracefully (see the module doc). */
  signal?: AbortSignal;
  /** After `signal` aborts, how long running jobs may go on before they are cancelled. @default 0 */
  graceMs?: number;
  /** Aborting it ends `graceMs` early: running jobs are cancelled now (a second Ctrl-C). */
  graceEnd?: AbortSignal;
  /** Name of the schedule's task in the live view; runs are `<name> run`. @default "schedule" */
  name?: string;
}

/**
 * Runs `job` at every fire time of a cron schedule until stopped.
 *
 * Fires that the loop reaches late (a jitter longer than the interval, a blocked loop) are coalesced:
 * one fire is handled and `missedCount` tells how many were passed over. A wall clock set back more
 * than 3 hours starts the fire times afresh from the new time (see `wall_watch.ts`). A job
 * that fails is reported through `onRunEnd`, a callback that fails through `onWarning`; the
 * schedule goes on.
 *
 * @param spec Cron expression, time zone, overlap policy, jitter and catch-up.
 * @param job Makes the operation of one run.
 * @param options Time limits, callbacks, the stop signal and grace period.
 * @returns When stopped by `untilWallMs`/`maxFires` (after running jobs end) or by `signal`.
 * @throws {CronSyntaxError} When the expression cannot be parsed.
 * @throws {RangeError} When the time zone is unknown or a number option is negative.
 * @example
 * ```ts
 * import { createVirtualClock, runOperation, sleep } from "../loop/mod.ts";
 * import { schedule } from "./scheduler.ts";
 * const clock = createVirtualClock({ startWallMs: Date.UTC(2026, 0, 1) });
 * const fires: string[] = [];
 * await runOperation(
 *   schedule({ cron: "@daily", timezone: "UTC" }, () => sleep(1000), {
 *     untilWallMs: Date.UTC(2026, 0, 8),
 *     onFire: (info) => fires.push(new Date(info.fireWallMs).toISOString()),
 *   }),
 *   { clock },
 * );
 * console.log(fires.length); // 7, at once: the clock is virtual
 * ```
 */
export function schedule(
  spec: ScheduleSettings,
  job: () => Operation<unknown>,
  options: ScheduleOptions = {},
): Operation<void> {
  const name = options.name ?? "schedule";
  return {
    *[Symbol.iterator]() {
      // Checked before anything starts, so a bad setting fails at once rather than at the first fire.
      validateFireTimeSpec(spec);
      const jitterMs = nonNegative(spec.jitterMs ?? 0, "jitterMs");
      const graceMs = nonNegative(options.graceMs ?? 0, "graceMs");
      const clock = yield* withLoop((_, loop) => loop.clock);
      const signal = options.signal;
      if (signal?.aborted) return;
      const warn = guardWarning(name, options.onWarning);
      const slots = createRunSlots(job, {
        overlap: spec.overlap ?? "skip",
        clock,
        onFire: guardCallback(name, "onFire", options.onFire, warn),
        onRunEnd: guardCallback(name, "onRunEnd", options.onRunEnd, warn),
        runName: `${name} run`,
      });
      const onDrop = guardCallback(name, "onDrop", options.onDrop, warn);
      const onClockStep = guardCallback(name, "onClockStep", options.onClockStep, warn);
      try {
        yield* taskGroup(function* (group) {
          const ticker = yield* group.spawn(
            fireLoop(
              spec,
              clock,
              jitterMs,
              { ...options, onClockStep },
              (fire) => slots.dispatch(group, fire),
            ),
            { name: `${name} timer` },
          );
          function* finished(): Generator<Effect, boolean> {
            try {
              yield* join(ticker);
            } catch {
              // A failed ticker fails the group by itself; the body is cancelled with it.
            }
            yield* slots.waitForRuns();
            return false;
          }
          if (!signal) {
            yield* finished();
            return;
          }
          const aborted = yield* race([finished(), whenAborted(signal, true, "stop signal")]);
          if (!aborted) return;
          yield* halt(ticker);
          const dropped = slots.dropQueued();
          if (dropped) onDrop?.(dropped);
          const grace = graceMs === Infinity
            ? slots.waitForRuns()
            : graceMs > 0
            ? moveOnAfter(graceMs, slots.waitForRuns())
            : undefined;
          const graceEnd = options.graceEnd;
          if (grace && graceEnd) yield* race([grace, whenAborted(graceEnd, true, "stop signal")]);
          else if (grace) yield* grace;
          yield* slots.cancelRuns();
        }, { name });
      } catch (error) {
        if (error instanceof TaskGroupError && error.errors.length === 1) throw error.errors[0];
        throw error;
      }
    },
  };
}

/** What the fire loop reads of its loop's clock. */
type WallClock = Pick<Clock, "kind" | "wallNow">;

/**
 * Sleeps until each fire time (plus jitter, which never reaches past `untilWallMs`) and hands the
 * fire on; ends at `untilWallMs`/`maxFires`. A wall clock set far back restarts the fire times
 * from there.
 */
function* fireLoop(
  spec: ScheduleSettings,
  clock: WallClock,
  jitterMs: number,
  options: ScheduleOptions,
  dispatch: (fire: Fire) => Operation<void>,
): Operation<void> {
  const random = options.random ?? Math.random;
  const untilWallMs = options.untilWallMs ?? Infinity;
  const maxFires = options.maxFires ?? Infinity;
  let fireCount = 0;
  const startWallMs = clock.wallNow();
  const missedWallMs = missedFireOf(spec, options.lastRunWallMs, startWallMs);
  if (missedWallMs !== undefined && maxFires > 0) {
    fireCount++;
    yield* dispatch({ fireWallMs: missedWallMs, jitterMs: 0, isCatchUp: true, missedCount: 0 });
  }
  const times = new FireTimes(spec, startWallMs);
  for (;;) {
    const fireWallMs = times.next;
    if (fireWallMs === undefined || fireWallMs > untilWallMs || fireCount >= maxFires) return;
    const jitter = drawJitterMs(jitterMs, untilWallMs - fireWallMs, random);
    const step = yield* sleepUntilWall(clock, fireWallMs + jitter, times);
    if (step !== undefined) {
      options.onClockStep?.(step); // the fire times start afresh from the new time
      continue;
    }
    const missedCount = times.fired(clock.wallNow(), untilWallMs);
    fireCount++;
    yield* dispatch({ fireWallMs, jitterMs: jitter, isCatchUp: false, missedCount });
  }
}

/**
 * The fire a `catchUp: "once"` schedule missed while nothing ran it, which it makes up at its start:
 * the first fire time after its last run, when that has passed already.
 *
 * @param spec The schedule.
 * @param lastRunWallMs Epoch ms of its last run (from the run history), if any.
 * @param nowWallMs Epoch ms of the start.
 * @returns The missed fire time; undefined when none was missed, or the schedule does not catch up.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { missedFireOf } from "./scheduler.ts";
 * const daily = { cron: "0 6 * * *", timezone: "UTC", catchUp: "once" } as const;
 * const missed = missedFireOf(daily, Date.UTC(2026, 0, 1, 6), Date.UTC(2026, 0, 3, 9));
 * assertEquals(new Date(missed!).toISOString(), "2026-01-02T06:00:00.000Z");
 * assertEquals(missedFireOf(daily, Date.UTC(2026, 0, 3, 6), Date.UTC(2026, 0, 3, 9)), undefined);
 * ```
 */
export function missedFireOf(
  spec: ScheduleSettings,
  lastRunWallMs: number | undefined,
  nowWallMs: number,
): number | undefined {
  if (spec.catchUp !== "once" || lastRunWallMs === undefined) return undefined;
  const [firstAfterWallMs] = nextFireTimes(spec, lastRunWallMs, 1);
  return firstAfterWallMs !== undefined && firstAfterWallMs <= nowWallMs
    ? firstAfterWallMs
    : undefined;
}

/** Sleeps until the wall time; returns early, with the step, when the wall clock went far back. */
function* sleepUntilWall(
  clock: WallClock,
  targetWallMs: number,
  times: FireTimes,
): Operation<WallStep | undefined> {
  // A virtual clock's wall time moves with its own time alone: long sleeps keep previews quick.
  const longestMs = clock.kind === "system" ? WALL_CHECK_MS : MAX_SLEEP_MS;
  for (;;) {
    const nowWallMs = clock.wallNow();
    const step = times.sawWallTime(nowWallMs);
    if (step !== undefined) return step;
    const remainingMs = targetWallMs - nowWallMs;
    if (remainingMs <= 0) return undefined;
    yield* sleep(Math.min(remainingMs, longestMs));
  }
}

function nonNegative(value: number, what: string): number {
  if (!(value >= 0)) {
    throw new RangeError(`Cannot schedule: ${what} must be 0 or more, got ${value}`);
  }
  return value;
}
