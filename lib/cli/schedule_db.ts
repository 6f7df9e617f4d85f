/**
 * `corun schedule CONFIG --db URL`: the schedules of a config fire into a shared queue, and any
 * number of these processes (on any machines) fire each fire time once: a fire is a row of
 * `corun_fires` keyed by queue, schedule and time, and only the process whose insert succeeds puts
 * the fire's fetches in the queue. The overlap policy reads the database: under `skip` a fire
 * whose schedule's previous fire still has fetches queued or leased is recorded as skipped;
 * `queue` and `allow` enqueue (the queue serves the older fire's fetches first). `catchUp: once`
 * fires a time missed since the schedule's last fire in the database.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import {
  drawJitterMs,
  FireTimes,
  missedFireOf,
  pause,
  WALL_CHECK_MS,
  type WallStep,
} from "../schedule/mod.ts";
import { countOf, sharedQueueProblems, submitTasks } from "../tasks/mod.ts";
import type { PgStore } from "../frontier/pg/mod.ts";
// Light: the rule and the waits alone, so that a schedule without --db loads no database client.
import { databaseRetryMs, isRejectedStatement } from "../frontier/pg/transient_error.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { openLogFile } from "./log_file.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";
import { connectFailed, connectStore, hostName } from "./shared_queue.ts";
import { warningLine } from "./format.ts";
import { clockStepText, laterFiresText } from "./fire_text.ts";
import { scheduleWarnings } from "./schedule_warnings.ts";
import { nothingFiresWarning } from "./nothing_fires.ts";

/** What `corun schedule --db` was asked. */
export interface DbScheduleRequest {
  targets: readonly ScheduleTarget[];
  url: string;
  queue: string;
  /** `--log`: a file that also receives every line. */
  logPath?: string;
  /** Stop after this epoch ms. */
  untilWallMs?: number;
  signal: AbortSignal;
}

/**
 * Why a config's schedules cannot fire into a shared queue, one message per problem.
 *
 * @param targets The schedules.
 * @returns The problems; empty when every fire can be submitted.
 */
export function dbScheduleProblems(targets: readonly ScheduleTarget[]): string[] {
  const problems = new Set(targets.flatMap((target) => sharedQueueProblems(target.config)));
  for (const target of targets) {
    // A fire is keyed by its time: schedulers in two zones would compute two times for "0 2 * * *".
    if (target.spec.timezone === undefined) {
      problems.add(
        `${target.config.source ?? "the config"}: schedule of ${target.label} has no timezone: ` +
          "with --db every scheduler, on whatever machine, must compute the same fire times " +
          '(add timezone: "UTC" or your zone)',
      );
    }
  }
  return [...problems];
}

/**
 * Fires every schedule into the queue until `untilWallMs` or the signal.
 *
 * @param request The schedules, the database, the queue.
 * @param host Output and the clock.
 * @returns The exit code: `interrupted` when stopped by the signal.
 */
export async function runDbSchedules(request: DbScheduleRequest, host: CliHost): Promise<number> {
  // As without --db: a log that fails is a warning, never a fire lost nor the exit code.
  using log = request.logPath === undefined
    ? undefined
    : openLogFile(request.logPath, (message) => host.stderr.write(warningLine(message)));
  const stamped = (text: string) => `${host.now().toISOString()} ${text}\n`;
  const say = (text: string) => {
    const line = stamped(text);
    host.stdout.write(line);
    log?.write(line);
  };
  let store: PgStore;
  try {
    store = (await connectStore(request.url, (message) => say(`warning: ${message}`))).store;
  } catch (error) {
    // Also in the log: a scheduler started by a timer is read there.
    log?.write(stamped(messageOf(error)));
    return connectFailed(host.stderr, error);
  }
  const owner = `${hostName()}-${Deno.pid}`;
  try {
    const startWallMs = host.now().getTime();
    const lastFires = await lastFireTimes(request, store);
    const idle = nothingFiresWarning(request.targets, {
      startWallMs,
      untilWallMs: request.untilWallMs,
      lastFires,
    });
    if (idle !== undefined) {
      host.stderr.write(warningLine(idle));
      log?.write(stamped(`warning: ${idle}`));
      return EXIT_CODES.ok;
    }
    for (const merged of scheduleWarnings(request.targets, startWallMs)) {
      host.stderr.write(warningLine(merged));
      log?.write(stamped(`warning: ${merged}`));
    }
    const now = () => host.now().getTime();
    const context = { ...request, store, owner, say, now, startWallMs, lastFires };
    await Promise.all(request.targets.map((target) => fireLoop(target, context)));
  } finally {
    await store.close();
  }
  return request.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

/**
 * When each `catchUp: once` schedule last fired into the queue (enqueued or skipped, by whichever
 * scheduler), by label: the others catch up nothing.
 */
async function lastFireTimes(
  request: DbScheduleRequest,
  store: PgStore,
): Promise<Map<string, number>> {
  const lastFires = new Map<string, number>();
  for (const target of request.targets) {
    if (target.spec.catchUp !== "once") continue;
    const last = await store.lastFiredAt(request.queue, target.label);
    if (last !== undefined) lastFires.set(target.label, last.getTime());
  }
  return lastFires;
}

interface FireContext extends DbScheduleRequest {
  store: PgStore;
  owner: string;
  say: (text: string) => void;
  now: () => number;
  /** Epoch ms of the scheduler's start. */
  startWallMs: number;
  /** Epoch ms of each `catchUp: once` schedule's last fire, by label. */
  lastFires: ReadonlyMap<string, number>;
}

/** One schedule: a missed fire first (`catchUp: once`), then each fire time as it comes. */
async function fireLoop(target: ScheduleTarget, context: FireContext): Promise<void> {
  const { spec } = target;
  const times = new FireTimes(spec, context.startWallMs);
  // Missed: a fire time after the last fire ran (not after its own time: a catch-up fires an old
  // time, and a restart must not catch up again from there).
  const missed = missedFireOf(spec, context.lastFires.get(target.label), context.startWallMs);
  if (missed !== undefined) {
    const kind = { name: "catch-up", passed: 0 } as const;
    await fireUntil(target, missed, times.next ?? Infinity, context, kind);
  }
  const until = context.untilWallMs ?? Infinity;
  for (;;) {
    const fireMs = times.next;
    if (fireMs === undefined || fireMs > until || context.signal.aborted) return;
    const jitter = drawJitterMs(spec.jitterMs, until - fireMs);
    const waited = await sleepUntil(fireMs + jitter, context, times);
    if (waited === "stopped") return;
    if (waited !== "reached") {
      // A clock set far back: the fire times start afresh from the new time.
      context.say(`${target.label}: ${clockStepText(waited)}`);
      continue;
    }
    // Fire times that passed while this process could not fire are one fire, as without --db.
    const kind = { name: "fire", passed: times.fired(context.now(), until) } as const;
    await fireUntil(target, fireMs, times.next ?? Infinity, context, kind);
  }
}

/** A fire, or the catch-up of one missed while down; `passed`: later fire times it stands for. */
interface FireKind {
  name: "fire" | "catch-up";
  passed: number;
}

/**
 * Fires one fire time, retrying with backoff while it fails, until the next fire time comes (then
 * this one is reported lost: the next fire carries on). A statement the database refused for good
 * is not retried: the fire is lost at once, and the next fire time tries again.
 */
async function fireUntil(
  target: ScheduleTarget,
  fireMs: number,
  nextFireMs: number,
  context: FireContext,
  kind: FireKind,
): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      await fire(target, fireMs, context, kind);
      return;
    } catch (error) {
      const waitMs = databaseRetryMs(attempt);
      const label = `${target.label} ${kind.name} ${iso(fireMs)}`;
      if (isRejectedStatement(error)) {
        context.say(
          `${label}: lost: the database refused it: ${messageOf(error)} (not tried again)`,
        );
        return;
      }
      if (context.now() + waitMs >= nextFireMs || context.signal.aborted) {
        context.say(`${label}: lost: ${messageOf(error)} (the next fire time has come)`);
        return;
      }
      context.say(`${label}: ${messageOf(error)}; trying again in ${waitMs / 1000}s`);
      if ((await sleepUntil(context.now() + waitMs, context)) === "stopped") return;
    }
  }
}

/** Claims the fire time; the one process that does enqueues its fetches (or records a skip). */
async function fire(
  target: ScheduleTarget,
  fireMs: number,
  context: FireContext,
  kind: FireKind,
): Promise<void> {
  const { queue, owner } = context;
  const fireAt = new Date(fireMs);
  // The fire's row and its fetches commit together: a scheduler that dies part-way leaves no fire
  // that claims to be enqueued without its fetches (another scheduler, or a retry, fires it).
  const said = await context.store.transaction(async (store) => {
    const previous = target.spec.overlap === "skip"
      ? await store.lastFire(queue, target.label)
      : undefined;
    const running = previous?.open === true;
    const outcome = running
      ? `skipped: the fire of ${previous!.fireAt.toISOString()} still has fetches queued or leased`
      : "enqueued";
    const fireId = await store.claimFire(queue, target.label, fireAt, owner, outcome);
    if (fireId === undefined) return "fired by another scheduler";
    if (running) return outcome;
    const submitted = await submitTasks(store, queue, target.config, fireId);
    await store.setFireJobs(fireId, submitted.jobs);
    return `${countOf(submitted.jobs, "fetch", "fetches")} into queue "${queue}"`;
  });
  const late = kind.passed === 0 ? "" : ` (${laterFiresText(kind.passed)})`;
  context.say(`${target.label} ${kind.name} ${fireAt.toISOString()}: ${said}${late}`);
}

/**
 * Sleeps until the epoch ms: `reached`, or `stopped` when stopped first; with `times`, the step
 * when the wall clock went far back meanwhile (they then start afresh from the new time).
 */
async function sleepUntil(
  targetMs: number,
  context: FireContext,
  times?: FireTimes,
): Promise<"reached" | "stopped" | WallStep> {
  for (;;) {
    const nowMs = context.now();
    const step = times?.sawWallTime(nowMs);
    if (step !== undefined) return step;
    const remainingMs = targetMs - nowMs;
    if (remainingMs <= 0) return context.signal.aborted ? "stopped" : "reached";
    if (!(await pause(Math.min(remainingMs, WALL_CHECK_MS), context.signal))) return "stopped";
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
