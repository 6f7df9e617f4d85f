/**
 * One unattended-safe run of a config, shared by `corun run` and each fire of `corun schedule`:
 * take the lock, record the config's runs found ended without their line (killed) as lost, mark
 * this run as going, run with the chosen view (and the plain log in `--log`), choose the exit code,
 * append the run to the history (with its run id, also on its metadata lines), remove its mark,
 * release the lock. A run skipped because another holds the lock is recorded as skipped. A
 * virtual-time run is a preview: it is not recorded nor marked (a future-dated line would hide a
 * missed run from catch-up), and pings nothing (it says what it would have sent).
 * @module
 */
import { type Clock, failureText, messageOf } from "../loop/mod.ts";
import { redactCredentials } from "../net/mod.ts";
import {
  type HistoryEntry,
  historyKeepOf,
  isRunOfConfig,
  type LockMode,
  type RunLock,
  unrecordedRuns,
} from "../schedule/mod.ts";
import {
  type ConfigSpec,
  type LiveRun,
  newRunId,
  type RunOptions,
  type RunReport,
  startOfRunId,
} from "../tasks/mod.ts";
import { type OwnFile, RUN_LOCK_ROLE } from "../tasks/own_files.ts";
import {
  createJsonView,
  createLogView,
  createView,
  type OutputMode,
  savesToStdout,
} from "./choose_view.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { JsonView } from "./final_views.ts";
import { lockOrRefusal } from "./lock_step.ts";
import { type LogFile, openLogFile } from "./log_file.ts";
import type { NotStarted } from "./not_started.ts";
import { outDirProblem } from "../config/mod.ts";
import { exitCodeTolerating, type FailureTolerance } from "./max_failures.ts";
import { startRunPings, unsentPingsLine } from "./notify.ts";
import type { RunView } from "./run_view.ts";
import type { LockShare } from "./schedule_lock_share.ts";
import { TeeView } from "./tee_view.ts";
import { traceFilePath } from "./trace_file.ts";
import { startRunTrace } from "./run_trace.ts";
import { fileOf, isStdoutTaken, isStdStream, STD_STREAM } from "./std_stream.ts";
import { type RunFiles, shownConfigOf } from "./unattended_files.ts";
import { escapeControls, warningLine } from "./format.ts";
import { appendHistoryLine } from "./history_line.ts";
import { describeUnfinished } from "./history_render.ts";
import { recordAtExit, stoppingLine } from "./run_stop.ts";

/** Says something about the run: timestamped in the log file, on stderr when it is an error. */
type Note = (text: string, toStderr?: boolean) => void;

/** What a run works out once, before its lock, for the steps after it. */
interface RunScope {
  runId: string;
  /**
   * The run's one start (ISO 8601): its id's, its lock holder's, its mark's and history line's; a
   * run that waited for the lock starts when it took it.
   */
  startedAt: string;
  /** The run's wall time (its clock's, in virtual time), which stamps the lines. */
  now: () => Date;
  /** With `save: "-"` or `--trace -` standard output is the body's or the trace's alone. */
  stdoutTaken: boolean;
  /** The `--log` file, or stderr for `--log -` with `--json` (see `openRunLog`). */
  log: LogFile | undefined;
  note: Note;
  route: WarningRoute;
}

/**
 * Where the command's warnings go: the run's views while they are up (each puts it on stderr, or
 * in its log file), else stderr.
 */
interface WarningRoute {
  view: RunView | undefined;
  /** Warnings said on stderr before the views began, for `--json`'s list. */
  early: string[];
}

/** What one run needs. */
export interface RunRequest {
  config: ConfigSpec;
  /** How messages name the config (the path as given). */
  label: string;
  /** The run's id, when its caller names it first (a scheduled run's end line); else a new one. */
  runId?: string;
  /** `--out`, passed on to the runner. */
  outDir?: string;
  /** The config's files with `outDir` (`runFilesOf`): worked out once, by the command. */
  files: RunFiles;
  /**
   * The run lock; with `share`, runs of one `overlap: allow` schedule hold it together;
   * `waitTimeoutMs` (`--lock-timeout`) ends a `wait` without it.
   */
  lock?: { path: string; mode: LockMode; share?: LockShare; waitTimeoutMs?: number | undefined };
  /** `--log`: a file that also receives the plain lines; `-` for the run's own streams. */
  logPath?: string;
  tolerance: FailureTolerance;
  /** `--state PATH` / `--no-state`; undefined leaves the runner's default. */
  state?: string | false;
  /** How stdout shows the run. */
  mode: OutputMode;
  virtualTime: boolean;
  /** `--binary-to-terminal`: a binary `save: "-"` body may go to a terminal. */
  binaryToTerminal?: boolean;
  /** The run's clock (a scheduled run in virtual time); its wall time also stamps the lines. */
  clock?: Clock;
  /**
   * The command's warnings about the run, said through its views before its tasks start (on
   * stderr, in `--log`, in `--json`'s list).
   */
  warnings?: readonly string[];
  signal: AbortSignal;
  /**
   * How the command stops: `beforeExit` (the interrupt scope's) writes the run's history line
   * before an interrupt that exits at once (`corun run`'s second, `schedule`'s third); with
   * `announce` the first interrupt is said as it comes (`corun run`: see `run_stop.ts`; a schedule
   * says its own stop).
   */
  stop?: { beforeExit?: (action: () => void) => Disposable; announce?: boolean };
  /** Added to the history line: the fire time and task of a scheduled run. */
  history?: { fireAt?: string; task?: string };
  /**
   * `--trace FILE`: the run's trace goes to `path` (`-`: standard output), or with `perRun` (each
   * fire of a schedule) to `path` named with the run id (`trace_file.ts`).
   */
  trace?: { path: string; perRun?: boolean };
}

/** How a run ended: its exit code, and for a run the lock skipped, why (as its history line says). */
export interface RunEnd {
  /** `locked` when `--lock=fail` found the lock held, `ok` when skipped. */
  exitCode: number;
  /** Set when the run never started because another held the lock (`skip` mode). */
  skipped?: string;
}

/**
 * Runs a config once, as `corun run` does.
 *
 * @param request The config, its files and the flags.
 * @param host The world.
 * @returns The exit code, and why the lock skipped the run when it did: an exit 0 alone would not
 *   tell a skipped run from one that ran (a schedule's fire line says which).
 */
export async function runOnce(request: RunRequest, host: CliHost): Promise<RunEnd> {
  const now = request.clock ? () => new Date(request.clock!.wallNow()) : host.now;
  // One start instant, so that a script matching runs by start time finds one run.
  // A caller's run id holds the instant it was made at, to the millisecond: the run's start.
  const given = request.runId === undefined ? undefined : startOfRunId(request.runId);
  const startedAtMs = given === undefined ? host.now().getTime() : Date.parse(given);
  const runId = request.runId ?? newRunId(startedAtMs);
  const startedAt = new Date(startedAtMs).toISOString();
  const route: WarningRoute = { view: undefined, early: [] };
  const warn = (message: string) => {
    if (route.view) route.view.warning(message);
    else {
      host.stderr.write(warningLine(message));
      route.early.push(message);
    }
  };
  // A log that cannot be opened or written is a warning, said once: the run goes on without it, is
  // recorded, and ends as its tasks do.
  const log = openRunLog(request, host, warn);
  try {
    const stdoutTaken = stdoutTakenBy(request);
    // One line each, whatever a server's text in it holds, as every other line corun writes.
    const note: Note = (said, toStderr = false) => {
      const text = escapeControls(said);
      const stamped = `${now().toISOString()} ${text}\n`;
      log?.write(stamped);
      // `--log -` with `--json`: the log is stderr, where the line just went.
      if (log?.path === STD_STREAM) return;
      if (toStderr || stdoutTaken || request.mode === "json") host.stderr.write(`${text}\n`);
      else if (request.mode === "plain") host.stdout.write(stamped);
      else if (request.mode === "live") host.stdout.write(`${text}\n`);
    };
    const run: RunScope = { runId, startedAt, now, stdoutTaken, log, note, route };
    let lock: RunLock | undefined;
    if (request.lock !== undefined) {
      const { path, mode, share, waitTimeoutMs } = request.lock;
      const { files, label } = request;
      const lockRequest = { path, mode, share, files, label, waitTimeoutMs, startedAt };
      const taken = await lockOrRefusal(lockRequest, {
        signal: request.signal,
        note,
        warn,
      });
      if ("reason" in taken) {
        await recordSkipped(request, host, note, taken, { runId, at: now().toISOString() });
        if (request.mode === "json") {
          jsonViewOf(request, host, run).notStarted(taken, notStartedOf(request));
        }
        const { exitCode, skipped } = taken;
        return skipped === undefined ? { exitCode } : { exitCode, skipped };
      }
      lock = taken;
      // A lock shared by a schedule's runs is the first one's: its holder says nothing of this run.
      if (share === undefined) run.startedAt = taken.holder.startedAt;
    }
    try {
      return { exitCode: await runAndRecord(request, host, run) };
    } finally {
      await lock?.release();
    }
  } finally {
    log?.[Symbol.dispose]();
  }
}

/**
 * The `--log` of a run: its file, or with `--log -` and `--json` standard error (the report holds
 * stdout); undefined without `--log`, and for `--log -` in any other mode, where the view already
 * writes the plain lines (`std_stream.ts`).
 */
function openRunLog(
  request: RunRequest,
  host: CliHost,
  warn: (message: string) => void,
): LogFile | undefined {
  const { logPath } = request;
  if (logPath === undefined) return undefined;
  if (!isStdStream(logPath)) return openLogFile(logPath, warn);
  if (request.mode !== "json") return undefined;
  return { path: STD_STREAM, write: (text) => host.stderr.write(text), [Symbol.dispose]() {} };
}

/** Whether standard output holds a `save: "-"` body or the trace, so the views leave it. */
function stdoutTakenBy(request: RunRequest): boolean {
  return isStdoutTaken({
    bodyOnStdout: savesToStdout(request.config),
    tracePath: request.trace?.perRun ? undefined : request.trace?.path,
  });
}

/** Records a run the lock skipped (`--lock=skip`) in the history, saying why. */
async function recordSkipped(
  request: RunRequest,
  host: CliHost,
  note: Note,
  refusal: NotStarted,
  run: { runId: string; at: string },
): Promise<void> {
  if (refusal.skipped === undefined) return;
  await record(request, host, note, {
    runId: run.runId,
    startedAt: run.at,
    endedAt: run.at,
    exitCode: refusal.exitCode,
    counts: { done: 0, failed: 0, cancelled: 0, skipped: 0 },
    skipped: refusal.skipped,
  });
}

/** The `--json` view, naming the run and holding the warnings said before it began. */
function jsonViewOf(request: RunRequest, host: CliHost, run: RunScope): JsonView {
  const view = createJsonView(request.config, host, {
    stdoutTaken: run.stdoutTaken,
    // `--log -`: the log on stderr says each warning, timestamped among its lines.
    ...(isStdStream(request.logPath) ? { warnings: { write() {} } } : {}),
  });
  view.nameRun(run.runId);
  for (const message of run.route.early) view.keep(message);
  return view;
}

/** How `--json` names a run that did not start. */
function notStartedOf(request: RunRequest) {
  return {
    source: request.config.source ?? request.label,
    lockMode: request.lock?.mode ?? null,
    outDir: request.files.outDir,
  };
}

async function runAndRecord(request: RunRequest, host: CliHost, run: RunScope): Promise<number> {
  const { config } = request;
  const { runId, startedAt, now, log, note, route } = run;
  const tracePath = request.trace &&
    traceFilePath(request.trace.path, request.trace.perRun ? runId : undefined);
  const { files } = request;
  const { metadataPath } = files;
  const primary = request.mode === "json"
    ? jsonViewOf(request, host, run)
    : createView(request.mode, config, { ...host, now }, {
      stdoutTaken: run.stdoutTaken,
      metadataPath,
    });
  const views: RunView[] = [primary];
  if (log) views.push(createLogView(config, log, now, metadataPath));
  using view = new TeeView(views);
  route.view = view;
  for (const message of request.warnings ?? []) view.warning(message);
  if (!request.virtualTime) {
    await recordLostRuns(request, host, files, (text) => view.warning(text));
  }
  /** Told by the runner as the tasks start: a failure after it is not a run that did not start. */
  let started = false;
  let live: LiveRun | undefined;
  const options: RunOptions = {
    virtualTime: request.virtualTime,
    outDir: request.outDir,
    binaryToTerminal: request.binaryToTerminal,
    signal: request.signal,
    onStart: (run) => {
      started = true;
      live = run;
      view.start(run);
    },
    onWarning: (message) => view.warning(message),
    runId,
    ownFiles: ownFilesOf(request, tracePath),
  };
  const fireAt = request.history?.fireAt;
  const trace = tracePath === undefined ? undefined : startRunTrace(tracePath, {
    source: config.source ?? request.label,
    runId,
    fireAt,
    // Trace times are real time, a virtual-time run's too; its lateness is its own clock's.
    startedAt: host.now(),
    ...(fireAt === undefined ? {} : { lateMs: now().getTime() - Date.parse(fireAt) }),
  }, { stdout: host.stdout, warn: (message) => view.warning(message) });
  if (trace) {
    const { recorder } = trace;
    const viewed = view.wantsEvents;
    options.onEvent = (event) => {
      recorder.event(event);
      if (viewed) view.event(event);
    };
    options.onAttempt = (attempt) => recorder.attempt(attempt);
  } else if (view.wantsEvents) options.onEvent = (event) => view.event(event);
  if (request.clock) options.clock = request.clock;
  // The run's one start instant (its id's, its lock's, its history line's), unless a virtual clock
  // gives the run its own times.
  else options.startedAtMs = Date.parse(startedAt);
  if (request.state !== undefined) options.state = request.state;
  // Held until the run's line is written: a run killed before leaves it, for the next run to see.
  using mark = request.virtualTime ? undefined : host.markRun(files.outDir, {
    runId,
    startedAt,
    ...(files.configId === undefined ? {} : { config: files.configId }),
    ...request.history,
  });
  /** The run's own line is being written: an exit at once then writes none (it would be twice). */
  let recording = false;
  const recordNow = (exitCode: number) => {
    if (recording || request.virtualTime) return;
    const path = files.historyPath;
    const lineOf = (entry: HistoryEntry) => historyLineOf(request, entry);
    recordAtExit({ path, runId, startedAt, lineOf, now, live: () => live, mark }, host, exitCode);
  };
  using _atExit = request.stop?.beforeExit?.(() => {
    // The process ends before the run does: its last lines and its trace are never written.
    const lost = tracePath === undefined || isStdStream(tracePath)
      ? ""
      : `: the trace "${tracePath}" was not written`;
    note(`stopped at once${lost}`, lost !== "");
    recordNow(EXIT_CODES.interrupted);
  });
  // The config's code may end the process itself (`Deno.exit`): named, and recorded as failed.
  using _foreignExit = host.watchForeignExit({
    record: () => recordNow(EXIT_CODES.taskFailed),
    live: () => live,
  });
  const sayStop = () => view.notice(stoppingLine(live));
  if (request.stop?.announce) request.signal.addEventListener("abort", sayStop, { once: true });
  // The start ping goes out beside the tasks; a ping that fails is a warning, never the exit code.
  // A preview pings nothing (see `unsentPingsLine`).
  const pings = request.virtualTime ? undefined : startRunPings(config, {
    config: config.source ?? request.label,
    runId,
    startedAt,
    ...request.history,
  }, (line) => route.view ? route.view.warning(line) : note(`warning: ${line}`, true));
  let report: RunReport | undefined;
  let code: number;
  /** Errors the config's code let go outside any task while the run went (`stray_errors.ts`). */
  let strays = 0;
  try {
    // The run goes on, and says it: such an error fails no task, but something went wrong.
    using _strays = host.watchStrayErrors((message) => {
      strays++;
      view.warning(message);
    });
    try {
      report = await host.run(config, options);
    } finally {
      // Put in place whatever the outcome (an interrupted run's trace shows where it stood), while
      // the views are up to say it cannot be. An interrupt cancelled the fetches that were waiting
      // to go again (see `FetchBook.settle`).
      await trace?.end({ interrupted: report?.interrupted ?? request.signal.aborted });
    }
    code = exitCodeTolerating(report, request.tolerance);
    if (strays > 0 && code === EXIT_CODES.ok) code = EXIT_CODES.taskFailed;
    if (primary instanceof JsonView) primary.tellExitCode(code);
    view.finish(report);
  } catch (error) {
    // With a report, the tasks ran and showing the outcome failed (stdout went away).
    const what = report === undefined ? "run" : "report the run of";
    // Its causes too (a cookie jar that is not JSON says where the parser stopped), one line each;
    // a cause's words are not corun's, so a URL's credentials in them are taken out.
    const message = `Cannot ${what} "${config.source ?? request.label}": ${
      redactCredentials(failureText(error, { stacks: false }))
    }`;
    for (const line of message.split("\n")) note(line, true);
    const aborted = request.signal.aborted;
    code = aborted ? EXIT_CODES.interrupted : EXIT_CODES.taskFailed;
    // No report: `--json` says so where it would have been, and whether the tasks had started.
    if (report === undefined && primary instanceof JsonView) {
      const reason = aborted ? "interrupted" : "error";
      primary.notStarted({ reason, exitCode: code, message, started }, notStartedOf(request));
    }
  } finally {
    request.signal.removeEventListener("abort", sayStop);
    route.view = undefined; // the views are done: later warnings go to stderr
  }
  const endedAt = report?.endedAt ?? now().toISOString();
  recording = true;
  await record(request, host, note, {
    runId,
    startedAt,
    endedAt,
    exitCode: code,
    counts: report?.counts ?? { done: 0, failed: 0, cancelled: 0, skipped: 0 },
  });
  await pings?.end({ exitCode: code, endedAt, report });
  const unsent = request.virtualTime ? unsentPingsLine(config.notify, code) : undefined;
  if (unsent !== undefined) note(unsent);
  return code;
}

/**
 * The files of this run that may sit among the saved ones, which no task may replace (the runner adds
 * the metadata log, the state file, the run history, the config's run lock and the files it reads).
 */
function ownFilesOf(request: RunRequest, tracePath: string | undefined): OwnFile[] {
  const files: OwnFile[] = [];
  // The config's own lock the runner protects, locked or not; a task's schedule has one of its own.
  if (request.lock !== undefined) files.push({ path: request.lock.path, role: RUN_LOCK_ROLE });
  const logFile = fileOf(request.logPath);
  if (logFile !== undefined) files.push({ path: logFile, role: "corun's log file" });
  const traceFile = fileOf(tracePath);
  if (traceFile !== undefined) files.push({ path: traceFile, role: "corun's trace" });
  return files;
}

/**
 * Records the runs found ended without their history line (killed: see lib/schedule
 * `takeLostRuns`) as lost, each said in a warning: this config's, and another config's a week old
 * (renamed or moved, see `isLostRunFor`), under that config's name and not pruned by this config's
 * `keepHistory`. One whose line is there already (killed between its line and its mark's removal)
 * is not recorded twice; those not recorded (a history that cannot be written) are left for a later
 * run, and said again by it.
 */
async function recordLostRuns(
  request: RunRequest,
  host: CliHost,
  files: RunFiles,
  warn: (message: string) => void,
): Promise<void> {
  const lost = await host.takeLostRuns(files.outDir, files.configId, host.now().getTime());
  if (lost.runs.length === 0) return;
  const path = files.historyPath;
  let recorded = false;
  try {
    // Every config's lines: a lost run of another config may be among them.
    const lines = await host.readHistory(path, Infinity);
    recorded = true;
    for (const run of unrecordedRuns(lost.runs, lines)) {
      const own = isRunOfConfig(run, files.configId);
      const keep = own ? historyKeepOf(request.config) : Infinity;
      recorded &&= await appendHistoryLine(host, path, run, keep, warn);
      const of = own ? "" : ` of ${shownConfigOf(run.config!, files.outDir)}`;
      const said = `Run ${run.runId}${of} (started ${run.startedAt}) ${describeUnfinished(run)}`;
      warn(escapeControls(recorded ? `${said}; recorded in "${path}"` : said));
    }
  } catch (error) {
    recorded = false;
    warn(`Cannot record the lost runs in "${path}": ${messageOf(error)}`);
  } finally {
    lost.settle(recorded);
  }
}

/** A run's history line: the entry, with its schedule's fire and task, and its config. */
function historyLineOf(request: RunRequest, entry: HistoryEntry): HistoryEntry {
  const { configId } = request.files;
  return { ...entry, ...request.history, ...(configId === undefined ? {} : { config: configId }) };
}

/**
 * Appends the run's history line, naming its config (configs may share the history), not for a
 * virtual-time preview; a failure is said, not thrown (a failed prune as a warning of its own).
 */
async function record(
  request: RunRequest,
  host: CliHost,
  note: Note,
  entry: HistoryEntry,
): Promise<void> {
  if (request.virtualTime) return;
  const keep = historyKeepOf(request.config);
  const { historyPath } = request.files;
  const warn = (message: string) => note(`warning: ${message}`, true);
  try {
    await appendHistoryLine(host, historyPath, historyLineOf(request, entry), keep, warn);
  } catch (error) {
    // The file system's words name a call ("mkdir"); the config's field says what to change.
    const { config, label, outDir: outDirOverride } = request;
    const why = outDirProblem({ config, label, outDirOverride }) ?? messageOf(error);
    note(`Cannot record the run in "${historyPath}": ${why}`, true);
  }
}
