/**
 * Runs a validated config on a loop of its own and returns the run's report. Sleeps and custom tasks
 * are children of one root task; fetch tasks are entries in the run's frontier, taken by worker
 * children of the same root. An interrupt cancels the root, so every `finally` runs before `run`
 * settles.
 * @module
 */
import {
  action,
  afterRealTime,
  all,
  call,
  cleanup,
  type Clock,
  createSystemClock,
  createVirtualClock,
  type Effect,
  join,
  Loop,
  messageOf,
  openFileLimit,
  type Operation,
  refusedAccessText,
  sleep,
  startChild,
  type TaskRecord,
  withLoop,
} from "../loop/mod.ts";
import { Bandwidth, HttpClient } from "../http/mod.ts";
import { type Frontier, MemoryFrontier } from "../frontier/mod.ts";
import { type ConfinedDir, OutputDir } from "../sinks/mod.ts";
import { type NameFolding, probeNameFolding } from "../sinks/name_folding.ts";
import { customTaskOperation } from "./callback.ts";
import { isCancelling } from "./cancellation.ts";
import { catchStrayErrors } from "./stray_errors.ts";
import { StalledTasks } from "./stalled_tasks.ts";
import { CallbackRuns } from "./callback_runs.ts";
import { watchRunStall } from "./stall_watch.ts";
import { CallTlsOffWarnings, configTlsOffWarnings } from "./tls_off_warning.ts";
import { proxyBypassWarnings } from "./proxy_bypass_warning.ts";
import { unusableProxyWarnings } from "./unusable_proxy_variable.ts";
import { createTaskContext, type OwnedContext } from "./context.ts";
import { dirname, resolve } from "./deps.ts";
import { createRunReporter, type MetadataLog, type RunEnv, type RunReporter } from "./env.ts";
import { FetchBook } from "./fetch_book.ts";
import type { FetchItem } from "./fetch_item.ts";
import { enqueuedFetchSpec, fetchWorker } from "./fetch_worker.ts";
import { withLazyTaskList } from "./lazy_task_list.ts";
import { LazyMetadataLog, type MetadataRetention } from "./metadata_log.ts";
import { type MetadataCopy, MetadataRecorder } from "./metadata_recorder.ts";
import { DEFAULT_KEEP_RUNS } from "./metadata_rotation.ts";
import { canPace, longestGap, originClientSettings, originRules } from "./politeness.ts";
import { KeptPartials } from "./resume_partials.ts";
import { StdoutSlot } from "../sinks/stdout_body.ts";
import { openRunCookies, saveCookiesEvery, saveRunCookies } from "./cookie_session.ts";
import { checkedRunId, newRunId } from "./run_id.ts";
import { checkedRunOptions } from "./run_options_check.ts";
import { missingPermissions, permissionProblem } from "./run_permissions.ts";
import { refuseSecretsNotRead } from "./secrets_not_read.ts";
import type { AttemptEvent, LiveRun, RunEvent, RunReport, TaskOutcome } from "./report.ts";
import { RunState } from "./kept_state.ts";
import { recoverState } from "./state_recovery.ts";
import { UnsavedRuns } from "./unsaved_runs.ts";
import { outputMarkOf } from "./output_mark.ts";
import { configIdOf } from "./config_id.ts";
import { isFixedSave, SavedPaths, savingOf } from "./saved_paths.ts";
import type { SharedSaves } from "./shared_saves.ts";
import { runOwnFiles } from "./run_own_files.ts";
import type { ConfigSpec, FetchTaskSpec, TaskSpec } from "./spec.ts";
import { configBaseDir, configOutDir, fetchItemsOf, ownOriginsOf } from "./task_items.ts";
import { EMPTY_LIST_ALLOWED, emptyListEnd, EmptyListError } from "./empty_list.ts";
import { TaskTable } from "./task_table.ts";
import { openFileWarning } from "./open_file_budget.ts";
import { AttemptTracer } from "./trace_attempts.ts";

/** Options for {@linkcode run}. */
export interface RunOptions {
  /**
   * Sleeps and timeouts take no real time (a virtual clock). Such a run is a preview: it saves no
   * state nor cookies, and archives or prunes no metadata. @default false
   */
  virtualTime?: boolean;
  /** Clock to use instead (tests). Wins over `virtualTime`; a virtual one makes a preview too. */
  clock?: Clock;
  /** Aborting it cancels every task cleanly (their `finally` blocks run); the report says interrupted. */
  signal?: AbortSignal;
  /**
   * Told about every task start and end, warnings and task logs, in order. A listener that throws
   * (or an async one that rejects) is a warning of the run (`A run listener failed on the start of
   * "x": …`), never a task's failure; one that throws on a warning is kept in
   * `RunReport.warnings`, told to no one.
   */
  onEvent?: (event: RunEvent) => void;
  /**
   * Told each attempt of a task's fetch as it ends, with its waits and phase times (a trace of the
   * run). Without it the run times nothing of the kind. `ctx.fetch` calls are told too. One that
   * throws is a warning of the run (`A run listener failed on an attempt of "x": …`), never a fetch's
   * failure.
   */
  onAttempt?: (event: AttemptEvent) => void;
  /**
   * Told each warning as it happens (also in `RunReport.warnings`, and a `warning` event): for
   * callers that want warnings without the per-task events. One that throws is kept in
   * `RunReport.warnings` (`A run listener failed on a warning: …`), told to no one.
   */
  onWarning?: (message: string) => void;
  /**
   * Write a `save: "-"` body to standard output even when it is a terminal and the body is binary
   * (it holds a NUL byte): refused by default, as curl refuses it, since its bytes would garble
   * the screen. @default false
   */
  binaryToTerminal?: boolean;
  /** Called once the run has started, with a handle for live snapshots (one that throws is a warning). */
  onStart?: (live: LiveRun) => void;
  /** Overrides the config's output directory (not empty: `""` is refused, as the config's is). */
  outDir?: string;
  /** Plan mode: no I/O at all; fetch and custom tasks complete at once, in virtual time. */
  dryRun?: boolean;
  /**
   * The file that keeps state between runs (ETag / Last-Modified of saved URLs, for conditional
   * requests), or `false` for none. Loaded at the start (a damaged state file is a warning, and
   * replaced; a file that is no state file of corun's is a warning, and left as it is), saved
   * atomically at the end when something changed (an empty path is refused). Only GET fetch
   * tasks that `save` (without a response callback) use it.
   * @default `<outDir>/.corun-state.json` when some fetch task saves
   */
  state?: string | false;
  /**
   * The run's id, written on every metadata line (the CLI puts it on the history line too), of the
   * form `newRunId()` makes (`20261125T100000123Z-3f9a1c2b`): it names the run's metadata archive.
   * @default a new one
   */
  runId?: string;
  /**
   * When the run started, in wall-clock epoch ms, as the caller recorded it with `runId` (its lock,
   * its history line): the report's `startedAt` and the `{date}` of its saves. Durations are the
   * run's own clock's. @default now
   */
  startedAtMs?: number;
  /**
   * More of corun's files that no task may save over, write or append to, with what each is (for the
   * error): `{ path: "/srv/out/corun.log", role: "corun's log file" }`. The metadata log, the
   * state file, the files the config reads (the config file, a `cookies:` jar file, secret files,
   * URL lists, CA, body and checksums files: these four saved only by a task whose `save` names
   * them as written), the run history (`.corun-history.jsonl`) and the run lock (`.corun.lock`) are
   * always protected; the command line adds its log file and trace. A path is absolute or relative
   * to the working directory; files outside the output directory are ignored.
   */
  ownFiles?: readonly { path: string; role: string }[];
}

/**
 * corun's own hooks into a run, made of its internal types: the command line's (`corun worker`)
 * and its tests'. The library's `run` refuses them; a `CliHost` whose `run` wraps corun's
 * passes them on as given.
 */
export interface RunHooks {
  /**
   * Replacements for the run's file sinks (tests inject a full disk). @default the real ones
   * @ignore
   */
  sinks?: RunSinks;
  /**
   * Run as one worker of a shared queue (`corun worker`): fetches come from this frontier, which
   * other processes fill, instead of from the config's tasks (which are not put, and whose sleeps
   * and custom tasks do not run). The config's fetch tasks supply each fetch's settings and count
   * what this worker did; the run ends when `take` returns null (the queue drained, or a stop).
   * @ignore
   */
  sharedFrontier?: Frontier<FetchItem>;
  /**
   * With `sharedFrontier`: where the worker claims its fetches' save paths for every worker of the
   * queue (its database), instead of keeping them itself.
   * @ignore
   */
  sharedSaves?: SharedSaves;
  /**
   * The config's `defaults` and tasks as they are now: the same but for the credentials' texts,
   * asked before each request in place of the config's (a task's fetch, a custom task's enqueued
   * URL, a `ctx.fetch`). `corun worker` gives one that follows a secret file rotated while it runs
   * (lib/config `followSecrets`).
   * @ignore
   */
  secretsNow?: () => Pick<ConfigSpec, "defaults" | "tasks">;
  /**
   * Also save a `cookies:` jar file this often while the run goes on, not only at its end: a
   * `corun worker` runs for days, and a worker killed without its stop would lose what it learnt.
   * @ignore
   */
  saveCookiesEveryMs?: number;
}

/** The run's file sinks, replaceable. */
export interface RunSinks {
  /** Makes the output directory every saved body goes through. */
  outputDir?: (path: string) => OutputDir;
  /** Used instead of the config's metadata file, when the config keeps one. */
  metadataLog?: MetadataLog;
  /**
   * Also given every metadata line (a shared queue's database), whether or not the config keeps a
   * metadata file.
   */
  metadataCopy?: MetadataCopy;
  /**
   * How the output directory's file system compares names (case, Unicode normalization), in place
   * of asking it (`probeNameFolding`, once a run that keeps its save paths).
   */
  nameFolding?: NameFolding;
}

/**
 * Runs every task of `config` and reports how each ended.
 *
 * While it is pending, a promise rejection nothing awaited or a throw from a timer, which would end
 * the process, is a warning of the run instead (on stderr too when the run has no listener), and
 * the tasks go on (`stray_errors.ts`): any in the process, a custom task's helper left running or
 * the host program's own code, whose it was cannot be told. A listener the host added before the
 * run's that handles it (`preventDefault`) keeps it: the run then says nothing.
 *
 * Should Deno's event loop drain under it (nothing pending but promises nothing will settle: a
 * custom task awaiting one that never resolves), the tasks stuck fail with code `STALLED`, naming
 * what each waited on (`stalled_tasks.ts`): a custom task, or the fetch whose response callback is
 * stuck, alone, the rest of the run going on; a stall with nothing new to name ends the run as an
 * interrupted one (the report is not `interrupted`).
 *
 * @param config A validated config (see `loadConfig` / `validateConfig`).
 * @param options Clock, interrupt signal, observers; and corun's own hooks.
 * @returns The run's report; failed tasks are in it, not thrown.
 * @throws {Deno.errors.NotCapable} Before anything is opened or fetched, when Deno does not grant
 *   (without a prompt) `--allow-net` for a host of a fetch task's own URL or `--allow-write` for the
 *   output directory: the message names each, and the flags that grant them (not for a plan, nor
 *   a run whose `signal` is already aborted: neither fetches or writes).
 * @throws {SecretsNotReadError} Before anything is opened or fetched, when `config` was loaded
 *   without reading its `{ env }` / `{ file }` credentials (`readSecrets: false`): a plan too.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "../../mod.ts";
 * import { run } from "./runner.ts";
 * const spec = validateConfig({ tasks: [{ sleep: "3s" }, { sleep: "2s" }] }, "inline");
 * const report = await run(spec, { virtualTime: true });
 * assertEquals([report.counts.done, report.durationMs], [2, 3000]);
 * ```
 */
export async function run(
  config: ConfigSpec,
  given: RunOptions & RunHooks = {},
): Promise<RunReport> {
  // Checked before anything is opened: refused options, or a refused id, leave nothing behind.
  const options = checkedRunOptions(given, "hooks");
  // A plan too: it would look as if it could run.
  refuseSecretsNotRead(config);
  const runId = options.runId === undefined ? newRunId() : checkedRunId(options.runId);
  const dryRun = options.dryRun ?? false;
  const clock = options.clock ??
    (options.virtualTime || dryRun ? createVirtualClock() : createSystemClock());
  const loop = new Loop({ clock });
  const baseDir = configBaseDir(config);
  const outDir = configOutDir(config, options.outDir);
  // Refused before anything is opened or fetched; a plan, or a run stopped before it starts (its
  // report says interrupted), needs no permission.
  if (!dryRun && !options.signal?.aborted) {
    refuseMissingPermissions(config, options, outDir, clock.kind === "virtual");
  }
  let elapsedMs = () => 0;
  // The one way anything leaves the run: the report, the warning listener, the event stream.
  const reporter = createRunReporter(options, () => elapsedMs());
  const { emit, warn, warnings } = reporter;
  // Before any fetch: past the limit, fetches fail with "Too many open files" at once.
  const overLimit = dryRun ? undefined : openFileWarning(config.concurrency, openFileLimit());
  if (overLimit !== undefined) warn(overLimit);
  // Read before anything is fetched: a jar file that is not one is an error of the run, not a
  // silent start without the login it holds.
  const cookies = dryRun ? undefined : await openRunCookies(config, clock.wallNow(), warn);
  // A virtual-time run is a preview: it may use the state, never change it.
  const state = options.state === false || dryRun
    ? undefined
    : await RunState.open(config, options.state, outDir, warn, {
      readOnly: clock.kind === "virtual",
    });
  // A run that saves its state, and has a metadata file of its own to recover it from when killed.
  const unsaved =
    state && clock.kind !== "virtual" && config.metadata && !options.sinks?.metadataLog
      ? new UnsavedRuns(
        outDir,
        config.metadata,
        runId,
        config.source === undefined ? undefined : configIdOf(config.source, outDir),
      )
      : undefined;
  if (state && unsaved) await recoverState(state, config, unsaved, warn);
  // The frontier decides how many fetches an origin gets; the pool's own bound only leaves room
  // for the most any origin may have, plus the fetches callbacks make while holding theirs.
  const connectionsPerOrigin = poolBound(config);
  const client = new HttpClient({
    perHost: connectionsPerOrigin,
    boundedConnectionWait: true,
    maxIdleConnections: config.maxIdleConnections,
  });
  let closing = false;
  // A preview's lines (its fetches are real) follow the latest run's in the file: it archives and
  // prunes nothing, so every real run's lines (a killed one's, to recover) stay, and the next real
  // run archives them with the lines before them.
  const retention: MetadataRetention | undefined = clock.kind === "virtual" ? undefined : {
    runId,
    keepRuns: config.keepRuns ?? DEFAULT_KEEP_RUNS,
    warn,
  };
  // Left by whichever the run writes first into the output directory: its results or its metadata.
  const mark = outputMarkOf(config, outDir, warn);
  const onOpen = (within: ConfinedDir) => {
    mark?.leave();
    unsaved?.mark(within);
  };
  const metadataLog = config.metadata && !dryRun
    ? options.sinks?.metadataLog ?? new LazyMetadataLog(
      outDir,
      config.metadata,
      (message) => {
        // A log that cannot be opened fails every append too, which the recorder counts.
        if (closing) warn(message);
      },
      retention,
      { onOpen },
    )
    : undefined;
  // A shared queue's copy is the queue's record of its fetches: kept with no file (`metadata:
  // false`) too.
  const metadataCopy = dryRun ? undefined : options.sinks?.metadataCopy;
  const metadata = metadataLog || metadataCopy
    ? new MetadataRecorder(metadataLog, runId, metadataCopy)
    : undefined;
  const startedAt = new Date(options.startedAtMs ?? clock.wallNow());
  const startMs = clock.now();
  elapsedMs = () => loop.now() - startMs;
  // The clock itself, not the loop's reading of it (once a batch of steps): a task's start and end
  // and the run's end read it, once a task, so a task that ran seconds of synchronous code after its
  // last wait ends when it really did, not at the instant it resumed. Fetches keep the loop's time.
  const clockElapsedMs = () => clock.now() - startMs;
  let interrupted = false;
  /** The tasks that Deno's event loop draining under the run failed (at each such stall). */
  const callbacks = new CallbackRuns();
  const stalled = new StalledTasks(callbacks);
  /** A stall found nothing new to cancel alone, and cancelled the run's root. */
  let stallStopped = false;
  const table = new TaskTable(config.tasks);
  const rules = originRules(config);
  const frontier = options.sharedFrontier ??
    new MemoryFrontier<FetchItem>({
      concurrency: config.concurrency,
      rules,
      paced: canPace(config),
      longestGapMs: longestGap(config),
    });
  const tracer = options.onAttempt &&
    new AttemptTracer(toldSafely(options.onAttempt, reporter), rules);
  const output = options.sinks?.outputDir?.(outDir) ??
    new OutputDir(outDir, undefined, mark && (() => mark.leave()));
  const movedDownloads = movedDownloadsOf(config, outDir);
  const saving = savingOf(config);
  // Asked only of a run that keeps its save paths (a run of one writing task keeps only the names
  // servers give), and never of a plan, which writes nothing.
  const folding = dryRun || (saving.solo && !saving.serverNamed)
    ? undefined
    : options.sinks?.nameFolding ?? probeNameFolding(outDir);
  const env: RunEnv = {
    client,
    connectionsPerOrigin,
    output,
    baseDir,
    runDate: startedAt,
    frontier: tracer ? tracer.watch(frontier) : frontier,
    random: Math.random,
    defaults: config.defaults,
    metadata,
    savedPaths: new SavedPaths(
      outDir,
      [
        ...options.ownFiles ?? [],
        ...runOwnFiles(config, { baseDir, outDir, state: options.state, movedDownloads }),
      ],
      {
        ...saving,
        shared: options.sharedSaves !== undefined,
        folding,
      },
    ),
    sharedSaves: options.sharedSaves,
    secretsNow: options.secretsNow,
    state,
    dryRun,
    stopping: () => interrupted || stallStopped,
    callbacks,
    emit,
    warn,
    tlsOffCalls: new CallTlsOffWarnings(warn),
    tell: reporter.tell,
    listening: options.onEvent !== undefined,
    virtualTime: clock.kind === "virtual",
    startMs,
    elapsedMs,
    caCache: new Map(),
    checksumsCache: new Map(),
    movedDownloads,
    keptPartials: new KeptPartials(output),
    stdout: new StdoutSlot({ binaryToTerminal: options.binaryToTerminal }),
    ...originClientSettings(config),
    cookies,
    ...(config.bandwidth === undefined
      ? {}
      : { bandwidth: new Bandwidth(config.bandwidth, clock) }),
  };
  const book = new FetchBook(table, env, { sharedFrontier: options.sharedFrontier !== undefined });
  for (const warning of configTlsOffWarnings(config)) env.warn(warning);
  for (const warning of proxyBypassWarnings(config)) env.warn(warning);
  for (const warning of unusableProxyWarnings(config)) env.warn(warning);

  const root = loop.createTask({
    *[Symbol.iterator]() {
      if (options.sharedFrontier) yield* runSharedWorkers(table, env, book, config, tracer);
      else {
        yield* runTasks(table, env, book, config.concurrency, tracer, {
          taskTimeMs: clockElapsedMs,
          stallFailure: (index) => stalled.failure(index),
        });
      }
    },
  }, { name: "run", propagate: false, waitsForChildren: true });
  const onAbort = () => {
    interrupted = true;
    loop.cancel(root);
  };
  // Nothing will settle what the stuck tasks wait on: they fail with the reason. A custom task and
  // a response callback are loop tasks of their own, cancelled alone: the rest of the run goes on
  // (under a virtual clock, the sleeps that a pending `call` held still). A stall that names no new
  // one (a cancelled one's `finally` stuck too) has nothing to cancel alone: the run ends as an
  // interrupted one does. Stalled again after that, it cannot end.
  const onStall = () => {
    if (stallStopped || root.isFinished) return false;
    const stuck = stalled.add(table.snapshot(clockElapsedMs()), (index) => table.handle(index));
    if (stuck.length > 0) {
      for (const task of stuck) loop.cancel(task);
    } else {
      stallStopped = true;
      loop.cancel(root);
    }
    return true;
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const ended = new Promise<void>((settle) => root.observe(() => settle()));
  loop.schedule(root);
  if (options.signal?.aborted) onAbort();
  // Live views read the clock itself: the loop's time only moves when the loop has work to do.
  // Once the run has ended, it stands still at the report's `durationMs`.
  let endedElapsedMs: number | undefined;
  const liveElapsedMs = () => endedElapsedMs ?? clockElapsedMs();
  /** The book has ended every task: what progress() says then is how the run's fetches ended. */
  let settled = false;
  const live: LiveRun = {
    snapshot: () => table.snapshot(liveElapsedMs()),
    progress: () => {
      const fetches = book.progress();
      // Settled, the book counts as cancelled every fetch that had not ended: the frontier still
      // holds an interrupted run's queued ones, which must not count twice.
      const active = settled ? [] : fetches.active;
      return {
        tasks: table.phaseCounts(),
        fetches: {
          done: fetches.done,
          failed: fetches.failed,
          cancelled: fetches.cancelled,
          active: active.length,
          queued: settled ? 0 : env.frontier.counts().queued,
        },
        bytes: fetches.bytes,
        retries: reporter.retries,
        active,
      };
    },
    elapsedMs: liveElapsedMs,
  };
  // A listener that throws is a warning, as on any event: the run is under way and must settle.
  reporter.tell("the start of the run", () => options.onStart?.(live));
  // An error let go outside any task would end the process, every task cut short: a warning
  // instead. The catch is the process's: the host's own code is caught too, and said as such.
  using _strays = catchStrayErrors(reporter.warnAloud, "process");
  using _stall = watchRunStall(onStall);
  // A preview saves no cookies; a worker saves its jar as it goes too (see `saveCookiesEveryMs`).
  const stopSavingCookies = options.saveCookiesEveryMs === undefined || clock.kind === "virtual"
    ? () => Promise.resolve()
    : saveCookiesEvery(
      cookies,
      config,
      options.saveCookiesEveryMs,
      () => clock.wallNow(),
      warn,
      startedAt.getTime(),
    );
  try {
    await ended;
    // A worker of a shared queue whose fetch workers broke (the store failed in a way it does not
    // retry) did not finish the queue: that is the run's failure, not a report of fewer fetches.
    if (options.sharedFrontier && root.state === "failed" && !interrupted) throw root.error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await book.settle();
    settled = true;
    table.settleUnwatched(startMs);
    client.close();
    const saved = await saveState(state, env);
    unsaved?.settle(saved);
    await stopSavingCookies();
    if (clock.kind !== "virtual") {
      await saveRunCookies(cookies, config, clock.wallNow(), warn, startedAt.getTime());
    }
    closing = true;
    await metadataLog?.close?.();
    if (metadata) await options.sinks?.metadataCopy?.close();
    const lostLines = metadata?.warning();
    if (lostLines !== undefined) warn(lostLines);
    endedElapsedMs = clockElapsedMs();
  }
  const report = buildReport(config, table, {
    startedAt,
    endedAt: new Date(clock.wallNow()),
    durationMs: endedElapsedMs,
    virtualTime: clock.kind === "virtual",
    interrupted,
    warnings,
  });
  reporter.close();
  return report;
}

/** What the root of a run's tasks reads from the run as it goes. */
interface RunTasksHooks {
  /** Run-relative now, by the clock itself: a task's start and end. */
  taskTimeMs: () => number;
  /** The failure of a task that a stall cancelled, if it was stuck (`StalledTasks.failure`). */
  stallFailure: (index: number) => { code: string; message: string } | undefined;
}

/**
 * The run's root: starts the fetch workers and every task whose `after` tasks are done (others as
 * they become ready), and returns once every task has ended; the workers then stop.
 */
function* runTasks(
  table: TaskTable,
  env: RunEnv,
  book: FetchBook,
  concurrency: number,
  tracer: AttemptTracer | undefined,
  { taskTimeMs, stallFailure }: RunTasksHooks,
): Generator<Effect, void> {
  const [root, loop] = yield* withLoop((task, current) => [task, current] as const);
  let allEnded: (() => void) | undefined;
  book.onTaskEnd = endTask;
  const fetchSpecs = new Map<number, FetchTaskSpec>();
  const fetchSpecOf = (index: number) => {
    const spec = table.specs[index];
    if (spec.kind === "fetch") return spec;
    let made = fetchSpecs.get(index);
    if (made === undefined) fetchSpecs.set(index, made = enqueuedFetchSpec(spec, env));
    return made;
  };
  const child = (name: string) => ({ name, parent: root, propagate: false });

  function endTask(index: number, ended: TaskOutcome): void {
    const atMs = taskTimeMs();
    // Cancelled by a stall while it waited on what nothing would settle: that is its failure.
    const stuck = ended === "cancelled" ? stallFailure(index) : undefined;
    if (stuck !== undefined) table.detail(index).error = stuck;
    const outcome = stuck === undefined ? ended : "failed";
    const released = table.end(index, outcome, atMs);
    emitEnd(index, atMs);
    for (const skipped of released.skipped) emitEnd(skipped, atMs);
    startTasks(released.ready);
    if (table.unended === 0) allEnded?.();
  }

  /** Tells the listener, when there is one (a task's result is built only then). */
  function emitEnd(index: number, atMs: number): void {
    if (env.listening) env.emit({ type: "task-end", result: table.result(index, atMs), atMs });
  }

  function startTasks(indexes: readonly number[]): void {
    if (env.dryRun) return startPlanned(indexes);
    const fetches: number[] = [];
    for (const index of indexes) {
      const spec = table.specs[index];
      if (spec.kind === "sleep") startTimed(index, sleep(spec.durationMs));
      else if (spec.kind === "custom") startCustom(index, spec);
      else {
        book.open(index, spec.urls !== undefined);
        // A list or pattern gets a producer of its own, so a long one never holds back the
        // tasks declared after it; single URLs share one, in declaration order.
        if (spec.urls === undefined) fetches.push(index);
        else startChild(loop, produce([index]), child(`producer ${spec.name}`));
      }
    }
    if (fetches.length > 0) startChild(loop, produce(fetches), child("producer"));
  }

  /**
   * Plan mode: fetch and custom tasks end at once. Tasks released together start in the order a run
   * starts them (see `runStartRank`), which `plan` shows.
   */
  function startPlanned(indexes: readonly number[]): void {
    // A stable sort: ties keep declaration order, as the run does.
    const ranked = [...indexes].sort((a, b) =>
      runStartRank(table.specs[a]) - runStartRank(table.specs[b])
    );
    for (const index of ranked) {
      const spec = table.specs[index];
      startTimed(index, sleep(spec.kind === "sleep" ? spec.durationMs : 0));
    }
  }

  /** A sleep (or, in plan mode, any task): its loop task is the whole of it. */
  function startTimed(index: number, operation: Operation<void>): void {
    const spec = table.specs[index];
    // The loop's time, which its sleep counts from: it runs no code of its own to leave out.
    const atMs = env.elapsedMs();
    table.start(index, atMs);
    const handle = startChild(loop, operation, child(spec.name));
    table.setHandle(index, handle);
    // Nobody listens and nothing runs after it: the root waits for its loop task anyway, and its
    // end is read off that task when the run is over, so 100,000 sleeps need no observer each.
    if (!env.listening && !table.hasDependents(index)) {
      table.unwatched(index);
      return;
    }
    if (env.listening) env.emit({ type: "task-start", name: spec.name, kind: spec.kind, atMs });
    handle.observe(() => endTask(index, handle.state === "done" ? "done" : "cancelled"));
  }

  function startCustom(index: number, spec: TaskSpec & { kind: "custom" }): void {
    book.open(index, false);
    const context = createTaskContext(spec.name, env, {
      index,
      book,
      stopwatch: book.stopwatch(index),
    });
    const handle = startChild(loop, runCustom(index, spec, context), child(spec.name));
    table.setHandle(index, handle);
    // The loop says how the task's own work ended: done; failed with what it threw, or with what a
    // teardown threw while it was cancelled (an interrupted run too); or cancelled, also when its
    // own `finally` waited without `cleanup` and so came back as if it had returned. One cancelled
    // before its first step never started: the run settles it so, as any task that never started.
    handle.observe(() => {
      if (table.started(index)) book.producerDone(index, ownEnd(handle));
    });
  }

  function* runCustom(
    index: number,
    spec: TaskSpec & { kind: "custom" },
    context: OwnedContext,
  ): Generator<Effect, void> {
    const atMs = taskTimeMs();
    table.start(index, atMs);
    env.emit({ type: "task-start", name: spec.name, kind: "custom", atMs });
    try {
      yield* context.watched(customTaskOperation(spec.name, spec.run, context.ctx));
    } finally {
      context.end();
    }
  }

  /** Puts the fetches of tasks into the frontier, in order, reading lists as the frontier drains. */
  function* produce(indexes: number[]): Generator<Effect, void> {
    for (const index of indexes) {
      const spec = table.specs[index] as FetchTaskSpec;
      try {
        const empty = emptyListEnd(spec, yield* putFetches(index, spec, env, book));
        if (empty === EMPTY_LIST_ALLOWED) table.detail(index).emptyList = true;
        book.producerDone(index, empty instanceof EmptyListError ? { error: empty } : undefined);
      } catch (error) {
        if (yield* isCancelling(env)) throw error;
        book.producerDone(index, { error });
      }
    }
  }

  for (let worker = 0; worker < concurrency && !env.dryRun; worker++) {
    startChild(
      loop,
      fetchWorker(env, book, fetchSpecOf, tracer),
      child(`fetch worker ${worker + 1}`),
    );
  }
  const ready: number[] = [];
  for (let index = 0; index < table.size; index++) {
    if (!table.waitsForOthers(index)) ready.push(index);
  }
  startTasks(ready);
  if (table.unended > 0) {
    yield* action<void>((resolve) => {
      allEnded = () => resolve();
    }, "tasks");
  }
  env.frontier.close();
}

/**
 * A worker's root: `concurrency` fetch workers take from the shared frontier until it returns null;
 * then each fetch task's books close, so its result counts what this worker did for it.
 */
function* runSharedWorkers(
  table: TaskTable,
  env: RunEnv,
  book: FetchBook,
  config: ConfigSpec,
  tracer: AttemptTracer | undefined,
): Generator<Effect, void> {
  const [root, loop] = yield* withLoop((task, current) => [task, current] as const);
  const fetchTasks: number[] = [];
  for (let index = 0; index < table.size; index++) {
    if (table.specs[index].kind !== "fetch") continue;
    book.open(index, true);
    fetchTasks.push(index);
  }
  const workers = [];
  for (let worker = 0; worker < config.concurrency; worker++) {
    workers.push(startChild(
      loop,
      fetchWorker(env, book, (index) => table.specs[index] as FetchTaskSpec, tracer),
      { name: `fetch worker ${worker + 1}`, parent: root, propagate: false },
    ));
  }
  yield* all(workers.map((worker) => join(worker)));
  for (const index of fetchTasks) book.producerDone(index);
}

/**
 * Where a task comes among those a run releases at one moment: sleeps start at once, custom tasks
 * on their first step, then fetches as workers take them: single URLs (put at once), patterns (put
 * after a turn), lists (put once their file has been read).
 */
function runStartRank(spec: TaskSpec): number {
  if (spec.kind !== "fetch") return spec.kind === "sleep" ? 0 : 1;
  return spec.urls === undefined ? 2 : spec.urls.kind === "pattern" ? 3 : 4;
}

/** How a custom task's own work ended, as the books take it: undefined when it was done. */
function ownEnd(handle: TaskRecord<void>): { error: unknown } | { cancelled: true } | undefined {
  if (handle.state === "failed") return { error: handle.error };
  return handle.state === "cancelled" ? { cancelled: true } : undefined;
}

/** Puts every fetch of a fetch task, reading its list as the frontier drains; returns how many. */
function* putFetches(
  index: number,
  spec: FetchTaskSpec,
  env: RunEnv,
  book: FetchBook,
): Generator<Effect, number> {
  // One URL needs no reader (a config of 10,000 single-URL tasks waits for no promise).
  if (spec.urls === undefined) {
    yield* book.put({ task: index, url: spec.request.url, depth: 0 });
    return 1;
  }
  if (book.crawlRules.needsOwnOriginsAhead(index)) {
    // Its links may go to the origins of all its own URLs, from its first page on: the list is
    // read once ahead for them (only they are kept), not only as far as its fetches were put.
    const tell = (origin: string) => book.crawlRules.ownOrigin(index, origin);
    yield* stepThrough(
      ownOriginsOf(spec, env.baseDir, env.movedDownloads, tell),
      `read the origins of ${spec.name}`,
      function* () {},
    );
  }
  let put = 0;
  yield* stepThrough(
    fetchItemsOf(index, spec, env.baseDir, env.movedDownloads),
    `read the fetches of ${spec.name}`,
    function* (items) {
      yield* book.putAll(items);
      put += items.length;
    },
  );
  return put;
}

/** Takes each step of a list's reader in turn; one stopped early (a cancel) closes its file. */
function* stepThrough<T>(
  steps: AsyncGenerator<T, void>,
  label: string,
  each: (value: T) => Generator<Effect, void>,
): Generator<Effect, void> {
  let finished = false;
  try {
    for (;;) {
      const next = yield* call(() => steps.next(), label);
      if (next.done) break;
      yield* each(next.value);
    }
    finished = true;
  } finally {
    // Close the list file before the run ends.
    if (!finished) yield* cleanup(call(() => steps.return(undefined), "close list"));
  }
}

/**
 * Throws when Deno does not grant what the run is known to need (its fetch tasks' hosts, its output
 * directory): one error naming every host and the flags, rather than a failure per task.
 */
function refuseMissingPermissions(
  config: ConfigSpec,
  options: RunOptions & RunHooks,
  outDir: string,
  preview: boolean,
): void {
  const label = config.source ?? "the config";
  const missing = missingPermissions(config, {
    label,
    outDir,
    outDirWhere: options.outDir === undefined ? `${label}: outDir` : "the outDir option",
    writes: "surely",
    // A preview saves no cookies (the jar's folder is not written).
    savesCookies: !preview,
  });
  if (missing.length > 0) {
    throw new Deno.errors.NotCapable(missing.map(permissionProblem).join("\n"));
  }
}

/**
 * Saves the run's state when it changed; a failure is a warning, the run's results stand.
 *
 * @returns False when the save failed.
 */
async function saveState(state: RunState | undefined, env: RunEnv): Promise<boolean> {
  let stopNotice: (() => void) | undefined;
  // Said only when the wait lasts: runs that share a state file hold its lock for milliseconds.
  const waiting = () =>
    stopNotice ??= afterRealTime(STATE_LOCK_NOTICE_MS, () =>
      env.warn(
        `Waiting for the lock on the state file "${state!.path}": another process holds it (the ` +
          "run's files are saved; its state is, once the lock is free)",
      ));
  try {
    await state?.save(waiting);
    return true;
  } catch (error) {
    // A new file is renamed over it in its folder: that is what Deno refuses.
    const reason = refusedAccessText(error, "write", dirname(resolve(state!.path))) ??
      messageOf(error);
    env.warn(`Cannot save the state file "${state!.path}": ${reason}`);
    return false;
  } finally {
    stopNotice?.();
  }
}

/** How long the state's save waits for another holder of its lock before the run says so. */
const STATE_LOCK_NOTICE_MS = 1_000;

/**
 * The attempt listener, told as the other listeners are: one that throws is a warning of the run. Let
 * through, its error ended the fetch worker that told it (a run of more fetches than workers then
 * never ended) or failed the custom task whose `ctx.fetch` it timed.
 */
function toldSafely(
  onAttempt: (event: AttemptEvent) => void,
  reporter: RunReporter,
): (event: AttemptEvent) => void {
  return (event) => reporter.tell(`an attempt of "${event.task}"`, () => onAttempt(event));
}

/** Connections one origin may need at once: its largest `perHost`, plus a nested fetch per slot. */
function poolBound(config: ConfigSpec): number {
  let perHost = config.perHost;
  for (const rules of Object.values(config.origins)) {
    perHost = Math.max(perHost, rules.perHost ?? 0);
  }
  return perHost + config.concurrency;
}

/**
 * The `checksums` files and `urls` lists that tasks of the run download, from where the config's
 * `outDir` would have them to where the run's own has them when it names another (`--out`): each is
 * read where its task saved it.
 *
 * @returns The moves, or undefined when there are none.
 */
function movedDownloadsOf(
  config: ConfigSpec,
  outDir: string,
): ReadonlyMap<string, string> | undefined {
  const configsOutDir = configOutDir(config);
  if (configsOutDir === outDir) return undefined;
  const named = new Set<string | undefined>([config.defaults.checksumsFile]);
  for (const spec of config.tasks) {
    if (spec.kind !== "fetch") continue;
    named.add(spec.options.checksumsFile);
    if (spec.urls?.kind === "list") named.add(spec.urls.path);
  }
  let moved: Map<string, string> | undefined;
  for (const spec of config.tasks) {
    if (spec.kind !== "fetch" || spec.save === undefined || !isFixedSave(spec.save)) continue;
    const file = resolve(configsOutDir, spec.save);
    if (named.has(file)) (moved ??= new Map()).set(file, resolve(outDir, spec.save));
  }
  return moved;
}

interface ReportTimes {
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  virtualTime: boolean;
  interrupted: boolean;
  warnings: string[];
}

function buildReport(config: ConfigSpec, table: TaskTable, times: ReportTimes): RunReport {
  const counts: Record<TaskOutcome, number> = { done: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (let index = 0; index < table.size; index++) counts[table.outcome(index)]++;
  const report = {
    source: config.source,
    startedAt: times.startedAt.toISOString(),
    endedAt: times.endedAt.toISOString(),
    durationMs: times.durationMs,
    virtualTime: times.virtualTime,
    interrupted: times.interrupted,
    counts,
    warnings: times.warnings,
  };
  return withLazyTaskList(report, () => table.results(times.durationMs));
}
