/**
 * The runs of one schedule and its overlap policy: what a fire does while an earlier run still runs.
 * @module
 */
import {
  type Effect,
  halt,
  join,
  type Operation,
  scoped,
  type Task,
  type TaskGroup,
} from "../loop/mod.ts";
import type { ScheduleSpec } from "../tasks/mod.ts";

/** What a fire led to: a run started, a run queued behind the running one, or nothing. */
export type FireOutcome = "started" | "queued" | "skipped";

/** One fire of a schedule, as reported to `onFire`. */
export interface FireInfo {
  /** The fire time from the cron expression (epoch ms); for a catch-up, the first missed fire time. */
  fireWallMs: number;
  /** When the scheduler acted on it: the fire time plus jitter, or later if the loop was late. */
  handledWallMs: number;
  /** The random delay drawn for this fire (0 for a catch-up). */
  jitterMs: number;
  /** True for the run made at start for fires missed while the scheduler was not running. */
  isCatchUp: boolean;
  /** Later fire times already past when this one was handled, coalesced into it. */
  missedCount: number;
  /** What the overlap policy made of it. */
  outcome: FireOutcome;
  /** Runs in progress when it was handled. */
  runningCount: number;
}

/** How a run ended. */
export type RunOutcome = "done" | "failed" | "cancelled";

/** One run of a job, as reported to `onRunEnd`. */
export interface RunInfo {
  /** The fire time it ran for (epoch ms). */
  fireWallMs: number;
  isCatchUp: boolean;
  /** Epoch ms when the job started and ended (a queued run starts when the one before it ends). */
  startedAtWallMs: number;
  endedAtWallMs: number;
  outcome: RunOutcome;
  /** The job's error when `outcome` is `"failed"`. */
  error?: unknown;
}

/** A fire on its way to the overlap policy. */
export type Fire = Pick<FireInfo, "fireWallMs" | "jitterMs" | "isCatchUp" | "missedCount">;

/** What the slots need to know. */
export interface RunSlotsOptions {
  overlap: ScheduleSpec["overlap"];
  clock: { wallNow(): number };
  onFire?: (info: FireInfo) => void;
  onRunEnd?: (info: RunInfo) => void;
  /** Task name of each run. */
  runName: string;
}

/** The runs of one schedule. */
export interface RunSlots {
  /** Applies the overlap policy to a fire, starting a run in `group` when it says so. */
  dispatch(group: TaskGroup, fire: Fire): Operation<void>;
  /** Waits until no run is in progress and none is queued. */
  waitForRuns(): Operation<void>;
  /** Forgets the queued run, if any. @returns Its fire, which will not run. */
  dropQueued(): Fire | undefined;
  /** Cancels every run in progress and waits for their teardown. */
  cancelRuns(): Operation<void>;
}

/**
 * Creates the run bookkeeping for one schedule. Under `"queue"`, the run that ends takes the queued
 * fire and runs it in the same task, so at most one run is ever in progress.
 *
 * @param job Makes the operation of one run.
 * @param options Policy, clock and callbacks.
 * @returns The slots.
 */
export function createRunSlots(job: () => Operation<unknown>, options: RunSlotsOptions): RunSlots {
  const { overlap, clock, onFire, onRunEnd, runName } = options;
  /** Tasks that run jobs, one after another under "queue"; finished ones are dropped lazily. */
  const active = new Set<Task<void>>();
  let queued: Fire | undefined;

  function runningCount(): number {
    for (const task of active) if (task.isFinished) active.delete(task);
    return active.size;
  }

  function* runOnce(fire: Fire): Generator<Effect, void> {
    const startedAtWallMs = clock.wallNow();
    let outcome: RunOutcome = "cancelled";
    let error: unknown;
    try {
      yield* scoped(job(), { name: runName });
      outcome = "done";
    } catch (caught) {
      outcome = "failed";
      error = caught;
    } finally {
      // Runs on cancellation too: the generator's return() passes through here.
      const info: RunInfo = {
        fireWallMs: fire.fireWallMs,
        isCatchUp: fire.isCatchUp,
        startedAtWallMs,
        endedAtWallMs: clock.wallNow(),
        outcome,
      };
      if (outcome === "failed") info.error = error;
      onRunEnd?.(info);
    }
  }

  function* runChain(first: Fire): Generator<Effect, void> {
    let fire: Fire | undefined = first;
    while (fire) {
      yield* runOnce(fire);
      fire = queued;
      queued = undefined;
    }
  }

  return {
    *dispatch(group, fire) {
      const running = runningCount();
      let outcome: FireOutcome;
      if (running === 0 || overlap === "allow") outcome = "started";
      else if (overlap === "queue" && queued === undefined) outcome = "queued";
      else outcome = "skipped";
      onFire?.({ ...fire, handledWallMs: clock.wallNow(), outcome, runningCount: running });
      if (outcome === "started") active.add(yield* group.spawn(runChain(fire), { name: runName }));
      else if (outcome === "queued") queued = fire;
    },
    *waitForRuns() {
      while (runningCount() > 0) {
        const [task] = active;
        try {
          yield* join(task);
        } catch {
          // Its end was reported through onRunEnd; we only wait.
        }
      }
    },
    dropQueued() {
      const dropped = queued;
      queued = undefined;
      return dropped;
    },
    *cancelRuns() {
      for (const task of [...active]) yield* halt(task);
      active.clear();
    },
  };
}
