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
import { createFireTimeSource, nextFireTimes } from "../schedule/mod.ts";
import { sharedQueueProblems, submitTasks } from "../tasks/mod.ts";
import type { PgStore } from "../frontier/pg/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";
import { connectStore, hostName } from "./shared_queue.ts";

/** What `corun schedule --db` was asked. */
export interface DbScheduleRequest {
  targets: readonly ScheduleTarget[];
  url: string;
  queue: string;
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
  return [...new Set(targets.flatMap((target) => sharedQueueProblems(target.config)))];
}

/**
 * Fires every schedule into the queue until `untilWallMs` or the signal.
 *
 * @param request The schedules, the database, the queue.
 * @param host Output and the clock.
 * @returns The exit code: `interrupted` when stopped by the signal.
 */
export async function runDbSchedules(request: DbScheduleRequest, host: CliHost): Promise<number> {
  const say = (text: string) => host.stdout.write(`${host.now().toISOString()} ${text}\n`);
  let store: PgStore;
  try {
    store = (await connectStore(request.url, (message) => say(`warning: ${message}`))).store;
  } catch (error) {
    host.stderr.write(`${messageOf(error)}\n`);
    return EXIT_CODES.taskFailed;
  }
  const owner = `${hostName()}-${Deno.pid}`;
  try {
    await Promise.all(
      request.targets.map((target) =>
        fireLoop(target, { ...request, store, owner, say, now: () => host.now().getTime() })
      ),
    );
  } finally {
    await store.close();
  }
  return request.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

interface FireContext extends DbScheduleRequest {
  store: PgStore;
  owner: string;
  say: (text: string) => void;
  now: () => number;
}

/** One schedule: a missed fire first (`catchUp: once`), then each fire time as it comes. */
async function fireLoop(target: ScheduleTarget, context: FireContext): Promise<void> {
  const { spec } = target;
  const startMs = context.now();
  if (spec.catchUp === "once") {
    const last = await context.store.lastFire(context.queue, target.label);
    const [missed] = last === undefined ? [] : nextFireTimes(spec, last.fireAt.getTime(), 1);
    if (missed !== undefined && missed <= startMs) await fire(target, missed, context, "catch-up");
  }
  const until = context.untilWallMs ?? Infinity;
  for (const fireMs of createFireTimeSource(spec, startMs)) {
    if (fireMs > until || context.signal.aborted) return;
    const jitter = Math.floor(Math.random() * (spec.jitterMs + 1));
    if (!(await sleepUntil(fireMs + jitter, context))) return;
    try {
      await fire(target, fireMs, context, "fire");
    } catch (error) {
      context.say(`${target.label} fire ${iso(fireMs)}: failed: ${messageOf(error)}`);
    }
  }
}

/** Claims the fire time; the one process that does enqueues its fetches (or records a skip). */
async function fire(
  target: ScheduleTarget,
  fireMs: number,
  context: FireContext,
  kind: "fire" | "catch-up",
): Promise<void> {
  const { store, queue, owner } = context;
  const fireAt = new Date(fireMs);
  const previous = target.spec.overlap === "skip"
    ? await store.lastFire(queue, target.label)
    : undefined;
  const running = previous?.open === true;
  const outcome = running
    ? `skipped: the fire of ${previous!.fireAt.toISOString()} still has fetches queued or leased`
    : "enqueued";
  const fireId = await store.claimFire(queue, target.label, fireAt, owner, outcome);
  const label = `${target.label} ${kind} ${fireAt.toISOString()}`;
  if (fireId === undefined) {
    context.say(`${label}: fired by another scheduler`);
    return;
  }
  if (running) {
    context.say(`${label}: ${outcome}`);
    return;
  }
  const submitted = await submitTasks(store, queue, target.config, fireId);
  await store.setFireJobs(fireId, submitted.jobs);
  context.say(`${label}: ${submitted.jobs} fetches into queue "${queue}"`);
}

/** Longest single timer: hosts cannot wait longer than 2^31-1 ms. */
const MAX_SLEEP_MS = 3_600_000;

/** Sleeps until the epoch ms; false when stopped first. */
async function sleepUntil(targetMs: number, context: FireContext): Promise<boolean> {
  for (;;) {
    const remainingMs = targetMs - context.now();
    if (remainingMs <= 0) return !context.signal.aborted;
    if (!(await sleepFor(Math.min(remainingMs, MAX_SLEEP_MS), context.signal))) return false;
  }
}

function sleepFor(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(done, ms, true);
    const onAbort = () => done(false);
    signal.addEventListener("abort", onAbort, { once: true });
    function done(reached: boolean) {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(reached);
    }
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
