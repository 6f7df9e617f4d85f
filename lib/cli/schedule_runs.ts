/**
 * What `corun schedule` does once its flags are read: every schedule of a config as a lib/schedule
 * `schedule()` on one loop of corun's own, each fire one locked run (lock mode `skip`, so a fire never
 * overlaps a run of the same schedule started by another process or by cron). Under `overlap: allow`
 * the runs of one schedule share its lock (`schedule_lock_share.ts`), so they may overlap each other.
 * A fire the overlap policy skips is recorded in the history as skipped, with why.
 * @module
 */
import {
  all,
  call,
  type Clock,
  createSystemClock,
  createVirtualClock,
  formatMs,
  messageOf,
  type Operation,
  runOperation,
  withLoop,
} from "../loop/mod.ts";
import {
  DEFAULT_KEEP_HISTORY,
  type FireInfo,
  type HistoryEntry,
  localTimeZoneName,
  nextFireTimes,
  schedule,
} from "../schedule/mod.ts";
import { newRunId } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { openLogFile } from "./log_file.ts";
import { type RunFiles, taskLockPath } from "./unattended_files.ts";
import { runOnce } from "./guarded_run.ts";
import { LockShare } from "./schedule_lock_share.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";
import type { UnattendedFlags } from "./unattended_flags.ts";

/** History lines read to find a schedule's last run for `catchUp: once`. */
const CATCH_UP_LOOKBACK = 1000;

/** What `corun schedule` asked for. */
export interface ScheduleRequest {
  /** How messages name the config. */
  label: string;
  targets: readonly ScheduleTarget[];
  files: RunFiles;
  /** `--out`, passed on to each run. */
  outDir?: string;
  flags: UnattendedFlags;
  /** Run the schedule (and every run) on a virtual clock starting at `host.now()`. */
  virtualTime: boolean;
  /** Stop after this epoch ms. */
  untilWallMs?: number;
  /** After `signal` aborts, how long running jobs may go on before they are cancelled. */
  graceMs: number;
  signal: AbortSignal;
}

/**
 * Runs every schedule until `untilWallMs` or until `signal` aborts (then running jobs get `graceMs`,
 * then are cancelled), and waits for every run to finish its history line.
 *
 * @param request The schedules and flags.
 * @param host The world.
 * @returns Once every schedule has stopped and every run has ended: `interrupted` when stopped by
 * `signal`, `ok` at `untilWallMs`.
 */
export async function runSchedules(request: ScheduleRequest, host: CliHost): Promise<number> {
  const clock: Clock = request.virtualTime
    ? createVirtualClock({ startWallMs: host.now().getTime() })
    : createSystemClock();
  const now = () => new Date(clock.wallNow());
  // A log that fails is a warning (each fire's run says it again for its own lines): never a fire
  // dropped, never the exit code.
  const { logPath } = request.flags;
  const log = logPath === undefined
    ? undefined
    : openLogFile(logPath, (message) => host.stderr.write(`warning: ${message}\n`));
  const say = (text: string) => {
    const line = `${now().toISOString()} ${text}\n`;
    host.stdout.write(line);
    log?.write(line);
  };
  let lastRuns = new Map<string, number>();
  try {
    lastRuns = await lastRunTimes(request, host);
  } catch (error) {
    // The schedule still runs; only a fire missed while it was down is not caught up.
    const reason = messageOf(error);
    host.stderr.write(
      `warning: Cannot read the run history "${request.files.historyPath}": ${reason}; ` +
        `catchUp: once has no last run to go by\n`,
    );
  }
  // A cancelled run's promise goes on until its runner has wound down and its history is written.
  const pending = new Set<Promise<unknown>>();
  const share = new LockShare();
  const onAbort = () =>
    say(`stopping: no more fires; running jobs have ${formatMs(request.graceMs)} to finish`);
  request.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (const target of request.targets) {
      const [first] = nextFireTimes(target.spec, clock.wallNow(), 1);
      const next = first === undefined
        ? "never fires"
        : `first fire ${new Date(first).toISOString()}`;
      say(`schedule ${target.label}: ${target.spec.cron} (${zoneOf(target)}), ${next}`);
    }
    await runOperation(
      all(
        request.targets.map((target) =>
          scheduleTarget(target, request, host, lastRuns, say, pending, share)
        ),
      ),
      { clock, name: "schedule" },
    );
    await Promise.allSettled(pending);
  } finally {
    request.signal.removeEventListener("abort", onAbort);
    log?.[Symbol.dispose]();
  }
  return request.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

function scheduleTarget(
  target: ScheduleTarget,
  request: ScheduleRequest,
  host: CliHost,
  lastRuns: Map<string, number>,
  say: (text: string) => void,
  pending: Set<Promise<unknown>>,
  share: LockShare,
): Operation<void> {
  const fireTimes: number[] = []; // fires that will run, oldest first; each run takes the first
  const track = (promise: Promise<unknown>) => {
    pending.add(promise);
    promise.finally(() => pending.delete(promise)).catch(() => {});
  };
  const onFire = (info: FireInfo) => {
    if (info.outcome !== "skipped") fireTimes.push(info.fireWallMs);
    say(`${target.label} fire ${new Date(info.fireWallMs).toISOString()}: ${describeFire(info)}`);
    if (info.outcome === "skipped" && !request.virtualTime) {
      track(recordSkippedFire(target, request, host, info, say));
    }
  };
  function* job(): Operation<void> {
    const loopClock = yield* withLoop((_, loop) => loop.clock);
    const fireWallMs = fireTimes.shift();
    yield* call((signal) => {
      const run = runOnce({
        config: target.config,
        label: `${request.label} (${target.label})`,
        outDir: request.outDir,
        historyPath: request.files.historyPath,
        lock: {
          path: target.task === undefined
            ? request.files.lockPath
            : taskLockPath(request.files, target.task),
          mode: "skip",
          ...(target.spec.overlap === "allow" ? { share } : {}),
        },
        logPath: request.flags.logPath,
        tolerance: request.flags.tolerance,
        state: request.flags.state,
        mode: "plain",
        virtualTime: request.virtualTime,
        clock: request.virtualTime
          ? createVirtualClock({ startWallMs: loopClock.wallNow() })
          : undefined,
        signal,
        history: {
          ...(fireWallMs === undefined ? {} : { fireAt: new Date(fireWallMs).toISOString() }),
          ...(target.task === undefined ? {} : { task: target.task }),
        },
        // `--trace FILE`: each run writes a trace of its own, named with its run id.
        ...(request.flags.tracePath === undefined
          ? {}
          : { trace: { path: request.flags.tracePath, perRun: true } }),
      }, host);
      track(run);
      return run;
    }, `run ${target.label}`);
  }
  return schedule(target.spec, job, {
    name: target.label,
    signal: request.signal,
    graceMs: request.graceMs,
    untilWallMs: request.untilWallMs,
    lastRunWallMs: lastRuns.get(target.label),
    onFire,
  });
}

/** A fire the overlap policy did not run, as a history line saying why. */
async function recordSkippedFire(
  target: ScheduleTarget,
  request: ScheduleRequest,
  host: CliHost,
  info: FireInfo,
  say: (text: string) => void,
): Promise<void> {
  const at = host.now().toISOString();
  const overlap = target.spec.overlap ?? "skip";
  const why = overlap === "queue"
    ? `overlap: queue, and a run is already queued behind the ${info.runningCount} still going`
    : `overlap: ${overlap}, and ${info.runningCount} earlier run(s) still going`;
  const entry: HistoryEntry = {
    runId: newRunId(host.now().getTime()),
    startedAt: at,
    endedAt: at,
    exitCode: EXIT_CODES.ok,
    counts: { done: 0, failed: 0, cancelled: 0, skipped: 0 },
    fireAt: new Date(info.fireWallMs).toISOString(),
    ...(target.task === undefined ? {} : { task: target.task }),
    skipped: why,
  };
  const keep = target.config.keepHistory ?? DEFAULT_KEEP_HISTORY;
  try {
    await host.appendHistory(request.files.historyPath, entry, { keep });
  } catch (error) {
    const reason = messageOf(error);
    say(`Cannot record the skipped fire in "${request.files.historyPath}": ${reason}`);
  }
}

function describeFire(info: FireInfo): string {
  const facts: string[] = [];
  if (info.isCatchUp) facts.push("catching up a run missed while not scheduling");
  if (info.missedCount > 0) facts.push(`${info.missedCount} later fire(s) passed while late`);
  if (info.outcome !== "started") facts.push(`${info.runningCount} run(s) still going`);
  return facts.length === 0 ? info.outcome : `${info.outcome} (${facts.join("; ")})`;
}

function zoneOf(target: ScheduleTarget): string {
  return target.spec.timezone ?? localTimeZoneName();
}

/** When each schedule with `catchUp: once` last ran, from the history (its fire time, else start). */
async function lastRunTimes(request: ScheduleRequest, host: CliHost): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  if (!request.targets.some((target) => target.spec.catchUp === "once")) return times;
  const entries: HistoryEntry[] = await host.readHistory(
    request.files.historyPath,
    CATCH_UP_LOOKBACK,
  );
  for (const target of request.targets) {
    const last = entries.findLast((entry) => entry.task === target.task);
    const wallMs = last === undefined ? NaN : Date.parse(last.fireAt ?? last.startedAt);
    if (!Number.isNaN(wallMs)) times.set(target.label, wallMs);
  }
  return times;
}
