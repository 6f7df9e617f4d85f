/**
 * What `corun schedule` does once its flags are read: every schedule of a config as a lib/schedule
 * `schedule()` on one loop of corun's own, each fire one locked run (lock mode `skip`, so a fire never
 * overlaps a run of the same schedule started by another process or by cron). Under `overlap: allow`
 * the runs of one schedule share its lock (`schedule_lock_share.ts`), so they may overlap each other.
 * A fire the overlap policy skips is recorded in the history as skipped, with why.
 *
 * In a virtual-time preview each run still runs on a virtual clock of its own (the runner's loop
 * cannot share the scheduler's: each loop jumps its clock when it alone is idle), at once; then the
 * scheduler's clock is walked through it: its lines come out at their own times and the run holds
 * its place until its end, so later fires find it going, as they would in real time.
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
  sleep,
  type VirtualClock,
  withLoop,
} from "../loop/mod.ts";
import {
  type DamagedHistoryLine,
  type Fire,
  type FireInfo,
  type HistoryEntry,
  historyKeepOf,
  isRunOfConfig,
  isUnfinished,
  localTimeZoneName,
  nextFireTimes,
  schedule,
  type UnfinishedRun,
  unrecordedRuns,
} from "../schedule/mod.ts";
import { type ConfigSpec, newRunId } from "../tasks/mod.ts";
import { clockStepText, describeFire, whySkipped } from "./fire_text.ts";
import type { CliHost, TextSink } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { appendHistoryLine } from "./history_line.ts";
import { describeDamagedLines } from "./history_render.ts";
import { type LogFile, openLogFile } from "./log_file.ts";
import { type RunFiles, taskLockPath } from "./unattended_files.ts";
import { type RunEnd, runOnce, type RunRequest } from "./guarded_run.ts";
import { LockShare } from "./schedule_lock_share.ts";
import { scheduleWarnings } from "./schedule_warnings.ts";
import { nothingFiresWarning } from "./nothing_fires.ts";
import { previewFetchWarning } from "./preview_warning.ts";
import type { ScheduleTarget } from "./schedule_targets.ts";
import type { UnattendedFlags } from "./unattended_flags.ts";
import { escapeControls, warningLine } from "./format.ts";
import { savesToStdout } from "./choose_view.ts";
import { fileOf } from "./std_stream.ts";

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
  /** Aborted by a second interrupt: the grace ends now, running jobs are cancelled. */
  graceEnd?: AbortSignal;
  /**
   * The interrupt scope's: each running job's history line is written before the interrupt that
   * exits at once (the third), as `corun run`'s second does.
   */
  beforeExit?: (action: () => void) => Disposable;
  /**
   * What a fire of a target runs, asked as its run starts (`fireConfigOf`: secret files read again
   * when they changed; one that cannot be is told to `onWarning`). @default the target's config
   */
  fireConfig?: (target: ScheduleTarget, onWarning: (message: string) => void) => ConfigSpec;
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
    : hostWallClock(host);
  const now = () => new Date(clock.wallNow());
  // A log that fails is a warning (each fire's run says it again for its own lines): never a fire
  // dropped, never the exit code.
  // `--log -`: these lines and the runs' go to stdout anyway (`std_stream.ts`).
  const logPath = fileOf(request.flags.logPath);
  const log = logPath === undefined
    ? undefined
    : openLogFile(logPath, (message) => host.stderr.write(warningLine(message)));
  // A body saved to `-` holds stdout: the scheduler's lines go to stderr, as the runs' do.
  const out = request.targets.some((target) => savesToStdout(target.config))
    ? host.stderr
    : host.stdout;
  const say = (text: string) => {
    const line = `${now().toISOString()} ${text}\n`;
    out.write(line);
    log?.write(line);
  };
  // The scheduler's own warnings (a callback of its that failed), as the plain view puts a run's:
  // timestamped on stderr, and in the log.
  const warn = (message: string) => {
    const line = `${now().toISOString()} warning: ${escapeControls(message)}\n`;
    host.stderr.write(line);
    log?.write(line);
  };
  let lastRuns = new Map<string, number>();
  try {
    lastRuns = await lastRunTimes(request, host, clock.wallNow());
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
  const track = (promise: Promise<unknown>) => {
    pending.add(promise);
    promise.finally(() => pending.delete(promise)).catch(() => {});
  };
  const context: ScheduleContext = {
    request,
    host,
    lastRuns,
    say,
    warn,
    log,
    track,
    share: new LockShare(),
  };
  const onAbort = () =>
    say(`stopping: no more fires; running jobs have ${formatMs(request.graceMs)} to finish`);
  request.signal.addEventListener("abort", onAbort, { once: true });
  const onGraceEnd = () =>
    say("stopping now: running jobs are cancelled (once more to exit at once)");
  request.graceEnd?.addEventListener("abort", onGraceEnd, { once: true });
  try {
    const startWallMs = clock.wallNow();
    // A cron that can never fire is refused where it is read: there is always a first.
    const firstFires = request.targets.map((target) =>
      nextFireTimes(target.spec, startWallMs, 1)[0]
    );
    request.targets.forEach((target, index) => {
      const next = `first fire ${new Date(firstFires[index]).toISOString()}`;
      say(`schedule ${target.label}: ${target.spec.cron} (${zoneOf(target)}), ${next}`);
    });
    const idle = nothingFiresWarning(request.targets, {
      startWallMs,
      untilWallMs: request.untilWallMs,
      lastFires: lastRuns,
    });
    if (idle !== undefined) {
      host.stderr.write(warningLine(idle));
      log?.write(`${now().toISOString()} warning: ${idle}\n`);
      return EXIT_CODES.ok;
    }
    for (const merged of scheduleWarnings(request.targets, startWallMs)) warn(merged);
    const previewWarning = request.virtualTime
      ? previewFetchWarning(request.targets.map((target) => target.config))
      : undefined;
    if (previewWarning !== undefined) warn(previewWarning);
    await runOperation(
      all(request.targets.map((target) => scheduleTarget(target, context))),
      { clock, name: "schedule" },
    );
    await Promise.allSettled(pending);
  } finally {
    request.signal.removeEventListener("abort", onAbort);
    request.graceEnd?.removeEventListener("abort", onGraceEnd);
    log?.[Symbol.dispose]();
  }
  return request.signal.aborted ? EXIT_CODES.interrupted : EXIT_CODES.ok;
}

/**
 * Real time for a scheduler that runs for months: deadlines on the monotonic clock, wall time read
 * from the host each time (the machine's clock, which a test's host stands in for). Monotonic time
 * stops while the machine sleeps and ignores NTP's steps: fire times are wall times, so they are
 * judged by the wall clock, or a scheduler would fire ever later, by each sleep's length.
 */
function hostWallClock(host: CliHost): Clock {
  const monotonic = createSystemClock();
  return { kind: "system", now: () => monotonic.now(), wallNow: () => host.now().getTime() };
}

/** What every schedule of one `corun schedule` shares. */
interface ScheduleContext {
  request: ScheduleRequest;
  host: CliHost;
  /** When each `catchUp: once` schedule last ran, by label. */
  lastRuns: Map<string, number>;
  /** Writes a timestamped line to stdout and the log. */
  say: (text: string) => void;
  /** Writes a timestamped warning to stderr and the log. */
  warn: (message: string) => void;
  /** `--log`, open. */
  log: LogFile | undefined;
  /** Keeps a run's promise until it settles: the command ends once every run has. */
  track: (promise: Promise<unknown>) => void;
  share: LockShare;
}

function scheduleTarget(target: ScheduleTarget, context: ScheduleContext): Operation<void> {
  const { request, say } = context;
  const fireTimes: number[] = []; // fires that will run, oldest first; each run takes the first
  const record = (fireWallMs: number, why: string) => {
    if (request.virtualTime) return;
    const fire = { fireWallMs, why };
    context.track(
      recordSkippedFire(target, request, context.host, fire, { say, warn: context.warn }),
    );
  };
  const onFire = (info: FireInfo) => {
    if (info.outcome !== "skipped") fireTimes.push(info.fireWallMs);
    say(`${target.label} fire ${new Date(info.fireWallMs).toISOString()}: ${describeFire(info)}`);
    if (info.outcome === "skipped") {
      record(info.fireWallMs, whySkipped(target.spec.overlap ?? "skip", info.runningCount));
    }
  };
  // Said "queued" when it came, it is recorded too: a fire is never left without a line.
  const onDrop = (fire: Fire) => {
    say(`${target.label} fire ${new Date(fire.fireWallMs).toISOString()}: dropped (${STOPPED})`);
    record(fire.fireWallMs, `overlap: queue, and ${STOPPED}`);
  };
  function* job(): Operation<void> {
    const fireWallMs = fireTimes.shift();
    // Named here, so that the line saying how the run ended names it, as its history line does.
    const runId = newRunId(context.host.now().getTime());
    const ended = (end: RunEnd) => say(runEndText(target, fireWallMs, end, runId));
    const run = (runRequest: RunRequest, host: CliHost, onEnd?: (end: RunEnd) => void) => {
      const running = runOnce({ ...runRequest, runId }, host).then((end) => {
        onEnd?.(end);
        return end;
      });
      context.track(running);
      return running;
    };
    if (request.virtualTime) {
      yield* previewRun(
        target,
        context,
        (clock, signal, host) =>
          run(runRequestOf(target, context, { fireWallMs, signal, clock }), host),
        ended,
      );
      return;
    }
    // Said when the run settles: a run cancelled by a stop past --grace ends, and is said, after
    // this job is gone.
    yield* call(
      (signal) => run(runRequestOf(target, context, { fireWallMs, signal }), context.host, ended),
      `run ${target.label}`,
    );
  }
  return schedule(target.spec, job, {
    name: target.label,
    signal: request.signal,
    graceMs: request.graceMs,
    graceEnd: request.graceEnd,
    untilWallMs: request.untilWallMs,
    lastRunWallMs: context.lastRuns.get(target.label),
    onFire,
    onDrop,
    onClockStep: (step) => say(`${target.label}: ${clockStepText(step)}`),
    onWarning: context.warn,
  });
}

/** One fire's run: locked in `skip` mode, recorded with its fire time; a preview's on `clock`. */
function runRequestOf(
  target: ScheduleTarget,
  context: ScheduleContext,
  fire: { fireWallMs?: number; signal: AbortSignal; clock?: VirtualClock },
): RunRequest {
  const { request } = context;
  return {
    config: request.fireConfig?.(target, context.warn) ?? target.config,
    label: `${request.label} (${target.label})`,
    outDir: request.outDir,
    files: request.files,
    lock: {
      path: target.task === undefined
        ? request.files.lockPath
        : taskLockPath(request.files, target.task),
      mode: "skip",
      ...(target.spec.overlap === "allow" ? { share: context.share } : {}),
    },
    // A preview's lines reach the log as they reach stdout, at their times (`HeldOutput`).
    logPath: fire.clock === undefined ? fileOf(request.flags.logPath) : undefined,
    tolerance: request.flags.tolerance,
    state: request.flags.state,
    mode: "plain",
    virtualTime: request.virtualTime,
    clock: fire.clock,
    signal: fire.signal,
    stop: { beforeExit: request.beforeExit },
    history: {
      ...(fire.fireWallMs === undefined ? {} : { fireAt: new Date(fire.fireWallMs).toISOString() }),
      ...(target.task === undefined ? {} : { task: target.task }),
    },
    // `--trace FILE`: each run writes a trace of its own, named with its run id.
    ...(request.flags.tracePath === undefined
      ? {}
      : { trace: { path: request.flags.tracePath, perRun: true } }),
  };
}

/**
 * A run of a virtual-time preview: it runs at once on its own virtual clock from the scheduler's
 * now, its output held; then the scheduler's clock walks through the run's lines to its end, so the
 * run is "still going" for the fires in between (the overlap policy meets it as in real time) and
 * every line comes out in time order. Cancelled (a stop past `--grace`), it lets out the rest at once.
 */
function* previewRun(
  target: ScheduleTarget,
  context: ScheduleContext,
  run: (clock: VirtualClock, signal: AbortSignal, host: CliHost) => Promise<RunEnd>,
  ended: (end: RunEnd) => void,
): Operation<void> {
  const schedulerClock = yield* withLoop((_, loop) => loop.clock);
  const clock = createVirtualClock({ startWallMs: schedulerClock.wallNow() });
  const output = new HeldOutput(context.host, clock, context.log);
  const logPath = fileOf(context.request.flags.logPath);
  const host: CliHost = {
    ...context.host,
    stdout: output.sink("stdout"),
    stderr: output.sink("stderr"),
    // The log is written from here, not by the run: still, no task may save over it.
    run: (config, options = {}) =>
      context.host.run(config, {
        ...options,
        ownFiles: [
          ...options.ownFiles ?? [],
          ...(logPath === undefined ? [] : [{ path: logPath, role: "corun's log file" }]),
        ],
      }),
  };
  try {
    const end = yield* call((signal) => run(clock, signal, host), `run ${target.label}`);
    yield* output.replay(schedulerClock);
    yield* sleepUntil(schedulerClock, clock.wallNow());
    ended(end);
  } finally {
    output.release();
  }
}

/** A line a preview's run wrote, due when the scheduler's clock reaches `atWallMs`. */
interface HeldLine {
  to: "stdout" | "stderr";
  text: string;
  atWallMs: number;
}

/** The timestamp that starts a plain line: `2026-11-25T10:00:00.123Z `. */
const LINE_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

/**
 * What a preview's run writes, held until the scheduler's clock reaches each line's time. A line's
 * time is its own timestamp (the plain view writes a loop turn's lines at once, the turn's last
 * time); a line without one (the summary, an error) takes the run's clock as it is written.
 * Released, it writes what it holds and whatever comes after at once.
 */
class HeldOutput {
  readonly #host: CliHost;
  readonly #clock: Clock;
  readonly #log: TextSink | undefined;
  readonly #lines: HeldLine[] = [];
  #released = false;

  constructor(host: CliHost, clock: Clock, log: TextSink | undefined) {
    this.#host = host;
    this.#clock = clock;
    this.#log = log;
  }

  /** A stream for the run in place of stdout or stderr. */
  sink(to: HeldLine["to"]): TextSink {
    return { write: (text) => this.#hold(to, text) };
  }

  /** Writes each held line once the clock reaches its time. */
  *replay(clock: Clock): Operation<void> {
    // Taken off only once written: cancelled in its wait (a stop past --grace), the line is still
    // held for `release`.
    for (let line = this.#lines[0]; line !== undefined; line = this.#lines[0]) {
      yield* sleepUntil(clock, line.atWallMs);
      this.#lines.shift();
      this.#write(line);
    }
  }

  /** Writes what is held, and from now on whatever comes, at once. */
  release(): void {
    this.#released = true;
    for (const line of this.#lines.splice(0)) this.#write(line);
  }

  #hold(to: HeldLine["to"], text: string): void {
    for (const piece of text.match(/[^\n]*(\n|$)/g) ?? []) {
      if (piece === "") continue;
      const stamp = LINE_STAMP.exec(piece);
      // Kept in the order written: a line is never due before the one held before it.
      const atWallMs = Math.max(
        stamp ? Date.parse(stamp[1]) : this.#clock.wallNow(),
        this.#lines.at(-1)?.atWallMs ?? -Infinity,
      );
      const line = { to, text: piece, atWallMs };
      if (this.#released) this.#write(line);
      else this.#lines.push(line);
    }
  }

  /** To its stream and to the log, where a line without a timestamp gets one (as `--log` does). */
  #write(line: HeldLine): void {
    this.#host[line.to].write(line.text);
    const stamped = line.to === "stdout" || LINE_STAMP.test(line.text);
    this.#log?.write(stamped ? line.text : `${new Date(line.atWallMs).toISOString()} ${line.text}`);
  }
}

function* sleepUntil(clock: Clock, wallMs: number): Operation<void> {
  const remainingMs = wallMs - clock.wallNow();
  if (remainingMs > 0) yield* sleep(remainingMs);
}

/**
 * How a fire's run ended, tying the run's lines (which other runs' lines may be among) to its fire:
 * `config fire 2026-11-25T10:10:00.000Z: ended, exit 1 (run 20261125T101000004Z-3f9a1c2b)`; a
 * run another process's lock kept out says so, as its history line does (`ended: skipped, another
 * run holds the lock (…)`), not an exit 0 that reads as a run done.
 */
function runEndText(
  target: ScheduleTarget,
  fireWallMs: number | undefined,
  end: RunEnd,
  runId: string,
): string {
  const fire = fireWallMs === undefined ? "run" : `fire ${new Date(fireWallMs).toISOString()}`;
  const how = end.skipped === undefined
    ? `ended, exit ${end.exitCode}`
    : `ended: skipped, ${end.skipped}`;
  return `${target.label} ${fire}: ${how} (run ${runId})`;
}

/** Why a queued fire did not run. */
const STOPPED = "the scheduler stopped before its turn";

/**
 * A fire that did not run (the overlap policy, a stop), as a history line saying why; a line not
 * written is said, a prune that failed is warned of.
 */
async function recordSkippedFire(
  target: ScheduleTarget,
  request: ScheduleRequest,
  host: CliHost,
  fire: { fireWallMs: number; why: string },
  tell: Pick<ScheduleContext, "say" | "warn">,
): Promise<void> {
  const at = host.now().toISOString();
  const entry: HistoryEntry = {
    runId: newRunId(host.now().getTime()),
    startedAt: at,
    endedAt: at,
    exitCode: EXIT_CODES.ok,
    counts: { done: 0, failed: 0, cancelled: 0, skipped: 0 },
    fireAt: new Date(fire.fireWallMs).toISOString(),
    ...(target.task === undefined ? {} : { task: target.task }),
    skipped: fire.why,
    ...(request.files.configId === undefined ? {} : { config: request.files.configId }),
  };
  const keep = historyKeepOf(target.config);
  const path = request.files.historyPath;
  try {
    await appendHistoryLine(host, path, entry, keep, tell.warn);
  } catch (error) {
    tell.say(`Cannot record the skipped fire in "${path}": ${messageOf(error)}`);
  }
}

function zoneOf(target: ScheduleTarget): string {
  return target.spec.timezone ?? localTimeZoneName();
}

/**
 * When each schedule with `catchUp: once` last ran: the latest fire time or start among its
 * history lines (`handledUntil`). Not its last line: lines are appended as runs end, so a long
 * run's line lands after the skip of a later fire. And from the whole history, not its last lines: `keepHistory` counts per
 * schedule so that a minutely schedule never pushes out a weekly one's last run (that pruning is
 * what bounds the file; it reads the whole file too). One pass, keeping one time per schedule.
 * Only this config's lines count: another config's runs in a shared output directory are no runs of
 * these schedules.
 *
 * A run that never ended (killed) handled no fire: when a lost run's fire is later than every run
 * that finished (or none did: a new output directory, or only lost runs), the schedule counts as
 * handled until just before it, so that this very fire is made up. Lost runs are its lost lines
 * and the marks no process holds that no line records yet (the first run records them later).
 */
async function lastRunTimes(
  request: ScheduleRequest,
  host: CliHost,
  nowWallMs: number,
): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  const labels = new Map<string | undefined, string>(); // the task of each schedule (none: config)
  for (const target of request.targets) {
    if (target.spec.catchUp === "once") labels.set(target.task, target.label);
  }
  if (labels.size === 0) return times;
  const { historyPath, outDir, configId } = request.files;
  // A damaged line may be a schedule's last run: said, or a catch-up would come as a surprise.
  const damaged: DamagedHistoryLine[] = [];
  // Looked at before the history: a run that ends in between is found there, not missed by both.
  const marked = host.readUnfinishedRuns(outDir, configId)
    .filter((run) => run.unfinished === "lost");
  const entries = await host.readHistory(historyPath, Infinity, {
    onDamagedLine: (damage) => damaged.push(damage),
  });
  if (damaged.length > 0) host.stderr.write(describeDamagedLines(historyPath, damaged));
  const lostFires = new Map<string, number>();
  const keepLatest = (into: Map<string, number>, task: string | undefined, wallMs?: number) => {
    const label = labels.get(task);
    if (label === undefined || wallMs === undefined) return;
    into.set(label, Math.max(wallMs, into.get(label) ?? -Infinity));
  };
  for (const entry of [...entries, ...unrecordedRuns(marked, entries)]) {
    if (!isRunOfConfig(entry, configId)) continue;
    if (isUnfinished(entry)) keepLatest(lostFires, entry.task, lostFireOf(entry, nowWallMs));
    else keepLatest(times, entry.task, handledUntil(entry, nowWallMs));
  }
  for (const [label, fireWallMs] of lostFires) {
    if (fireWallMs > (times.get(label) ?? -Infinity)) times.set(label, fireWallMs - 1);
  }
  return times;
}

/** The fire a lost run was started for; undefined for a run not started by a fire, or a future one. */
function lostFireOf(run: UnfinishedRun, nowWallMs: number): number | undefined {
  const fireWallMs = run.fireAt === undefined ? NaN : Date.parse(run.fireAt);
  return fireWallMs <= nowWallMs ? fireWallMs : undefined;
}

/**
 * Up to when a history line shows the schedule's fires handled: the later of its fire time and its
 * start. A catch-up's line carries the old fire time it made up, yet it stood for every fire missed
 * up to its start: judged by its fire time, each restart would catch up again. A time from the
 * future (written while the clock was wrong) would hold back every catch-up until then: it is left
 * out.
 */
function handledUntil(entry: HistoryEntry, nowWallMs: number): number | undefined {
  const times = [entry.fireAt, entry.startedAt]
    .map((text) => text === undefined ? NaN : Date.parse(text))
    .filter((wallMs) => wallMs <= nowWallMs);
  return times.length === 0 ? undefined : Math.max(...times);
}
