/**
 * Runs a validated config on a loop of its own and returns the run's report. Each declared task is a
 * child of one root task, so an interrupt cancels them all and every `finally` runs before `run`
 * settles.
 * @module
 */
import {
  type Clock,
  createSemaphore,
  createSystemClock,
  createVirtualClock,
  Loop,
  sleep,
  startChild,
  type TaskRecordOptions,
  withLoop,
} from "../loop/mod.ts";
import { HttpClient } from "../http/mod.ts";
import { loadSha256, OutputDir, STATE_FILE_NAME } from "../sinks/mod.ts";
import { runDeclaredTask } from "./declared_task.ts";
import { launchWithPermits } from "./launcher.ts";
import { resolve } from "./deps.ts";
import type { MetadataLog, RunEnv } from "./env.ts";
import { withLazyTaskList } from "./lazy_task_list.ts";
import { LazyMetadataLog } from "./metadata_log.ts";
import { MetadataRecorder } from "./metadata_recorder.ts";
import { DEFAULT_KEEP_RUNS } from "./metadata_rotation.ts";
import { newRunId } from "./run_id.ts";
import type { LiveRun, RunEvent, RunReport, TaskOutcome } from "./report.ts";
import { RunState } from "./run_state.ts";
import { SavedPaths } from "./saved_paths.ts";
import { METADATA_LOG_ROLE, type OwnFile, STATE_FILE_ROLE } from "./own_files.ts";
import type { ConfigSpec } from "./spec.ts";
import { TaskTable } from "./task_table.ts";

/** Options for {@linkcode run}. */
export interface RunOptions {
  /** Sleeps and timeouts take no real time (a virtual clock). @default false */
  virtualTime?: boolean;
  /** Clock to use instead (tests). Wins over `virtualTime`. */
  clock?: Clock;
  /** Aborting it cancels every task cleanly (their `finally` blocks run); the report says interrupted. */
  signal?: AbortSignal;
  /** Told about every task start and end, warnings and task logs, in order. */
  onEvent?: (event: RunEvent) => void;
  /**
   * Told each warning as it happens (also in `RunReport.warnings`, and a `warning` event): for
   * callers that want warnings without the per-task events.
   */
  onWarning?: (message: string) => void;
  /** Called once the run has started, with a handle for live snapshots. */
  onStart?: (live: LiveRun) => void;
  /** Overrides the config's output directory. */
  outDir?: string;
  /** Plan mode: no I/O at all; fetch and custom tasks complete at once, in virtual time. */
  dryRun?: boolean;
  /**
   * The file that keeps state between runs (ETag / Last-Modified of saved URLs, for conditional
   * requests), or `false` for none. Loaded at the start (a file that is not a state file is reported
   * as a warning and ignored), saved atomically at the end when something changed. Only GET fetch
   * tasks that `save` (without a response callback) use it.
   * @default `<outDir>/.corun-state.json` when some fetch task saves
   */
  state?: string | false;
  /** Replacements for the run's file sinks (tests inject a full disk). @default the real ones */
  sinks?: RunSinks;
  /** The run's id, written on every metadata line (the CLI puts it on the history line too). @default a new one */
  runId?: string;
  /**
   * More of corun's files that no task may save over, write or append to, with what each is (for the
   * error): `{ path: "/srv/out/.corun.lock", role: "corun's run lock" }`. The metadata log and the
   * state file are always protected; the command line adds its lock, history and log file. A path is
   * absolute or relative to the working directory; files outside the output directory are ignored.
   */
  ownFiles?: readonly { path: string; role: string }[];
}

/** The run's file sinks, replaceable. */
export interface RunSinks {
  /** Makes the output directory every saved body goes through. */
  outputDir?: (path: string) => OutputDir;
  /** Used instead of the config's metadata file, when the config keeps one. */
  metadataLog?: MetadataLog;
}

/**
 * Runs every task of `config` and reports how each ended.
 *
 * @param config A validated config (see `loadConfig` / `validateConfig`).
 * @param options Clock, interrupt signal, observers.
 * @returns The run's report; failed tasks are in it, not thrown.
 * @example
 * ```ts ignore
 * import { loadConfig, run } from "../../mod.ts";
 * const report = await run(await loadConfig("tasks/lesson_sleeps.yaml"), { virtualTime: true });
 * console.log(report.counts.done);
 * ```
 */
export async function run(config: ConfigSpec, options: RunOptions = {}): Promise<RunReport> {
  const dryRun = options.dryRun ?? false;
  const clock = options.clock ??
    (options.virtualTime || dryRun ? createVirtualClock() : createSystemClock());
  const loop = new Loop({ clock });
  const baseDir = config.source && !config.source.includes("://")
    ? resolve(config.source, "..")
    : Deno.cwd();
  const outDir = resolve(baseDir, options.outDir ?? config.outDir);
  const emit = options.onEvent ?? (() => {});
  // The one way a warning leaves the run: the report, the warning listener, the event stream.
  const warnings: string[] = [];
  let elapsedMs = () => 0;
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
    emit({ type: "warning", message, atMs: elapsedMs() });
  };
  // A virtual-time run is a preview: it may use the state, never change it.
  const state = options.state === false || dryRun
    ? undefined
    : await RunState.open(config, options.state, outDir, warn, {
      readOnly: clock.kind === "virtual",
    });
  const runId = options.runId ?? newRunId();
  const client = new HttpClient({ perHost: config.perHost });
  let closing = false;
  const metadataLog = config.metadata && !dryRun
    ? options.sinks?.metadataLog ?? new LazyMetadataLog(outDir, config.metadata, (message) => {
      // A log that cannot be opened fails every append too, which the recorder counts.
      if (closing) warn(message);
    }, { runId, keepRuns: config.keepRuns ?? DEFAULT_KEEP_RUNS, warn })
    : undefined;
  const metadata = metadataLog && new MetadataRecorder(metadataLog, runId);
  const startedAt = new Date(clock.wallNow());
  const startMs = clock.now();
  elapsedMs = () => loop.now() - startMs;
  let interrupted = false;
  const env: RunEnv = {
    client,
    output: options.sinks?.outputDir?.(outDir) ?? new OutputDir(outDir),
    baseDir,
    runDate: startedAt,
    networkLimit: createSemaphore(config.concurrency),
    defaults: config.defaults,
    metadata,
    savedPaths: new SavedPaths(outDir, ownFilesOf(config, outDir, options)),
    state,
    dryRun,
    interrupted: () => interrupted,
    emit,
    warn,
    listening: options.onEvent !== undefined,
    virtualTime: clock.kind === "virtual",
    startMs,
    elapsedMs,
    caCache: new Map(),
  };
  const table = new TaskTable(config.tasks, startMs);
  warnAboutInsecureTasks(config, env);
  if (wantsDigest(config, env)) await loadSha256();

  const root = loop.createTask({
    *[Symbol.iterator]() {
      yield* withLoop((task, current) => {
        table.sleepsStartAt(env.elapsedMs()); // the loop's time stands still within one step
        const later: number[] = [];
        for (let index = 0; index < table.size; index++) {
          const options = { name: table.specs[index].name, parent: task, propagate: false };
          const item = table.declared(index);
          if (item === undefined) startPlainSleep(current, table, index, options, env);
          else if (!dryRun && table.startsWithPermit(index)) later.push(index);
          else item.handle = startChild(current, runDeclaredTask(item, env), options);
        }
        if (later.length === 0) return;
        const launcher = launchWithPermits(later, table, env, task);
        startChild(current, launcher, { name: "launcher", parent: task, propagate: false });
      });
    },
  }, { name: "run", propagate: false, waitsForChildren: true });

  const onAbort = () => {
    interrupted = true;
    loop.cancel(root);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const ended = new Promise<void>((settle) => root.observe(() => settle()));
  loop.schedule(root);
  if (options.signal?.aborted) onAbort();
  // Live views read the clock itself: the loop's time only moves when the loop has work to do.
  const liveElapsedMs = () => clock.now() - startMs;
  options.onStart?.({
    snapshot: () => table.snapshot(liveElapsedMs()),
    progress: () => {
      throw new Error("progress() comes with the frontier");
    },
    elapsedMs: liveElapsedMs,
  });
  try {
    await ended;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    client.close();
    await saveState(state, env);
    closing = true;
    await metadataLog?.close?.();
    const lostLines = metadata?.warning();
    if (lostLines !== undefined) warn(lostLines);
  }
  return buildReport(config, table, {
    startedAt,
    endedAt: new Date(clock.wallNow()),
    durationMs: env.elapsedMs(),
    virtualTime: clock.kind === "virtual",
    interrupted,
    warnings,
  });
}

/**
 * corun's files in this run: the metadata log, the state file (also in a run that does not open it:
 * the next run may), and those the caller names.
 */
function ownFilesOf(config: ConfigSpec, outDir: string, options: RunOptions): OwnFile[] {
  const files: OwnFile[] = [...options.ownFiles ?? []];
  if (config.metadata) {
    files.push({ path: resolve(outDir, config.metadata), role: METADATA_LOG_ROLE });
  }
  if (options.state !== false) {
    const path = options.state === undefined ? resolve(outDir, STATE_FILE_NAME) : options.state;
    files.push({ path, role: STATE_FILE_ROLE });
  }
  return files;
}

/** Saves the run's state when it changed; a failure is a warning, the run's results stand. */
async function saveState(state: RunState | undefined, env: RunEnv): Promise<void> {
  try {
    await state?.save();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    env.warn(`Cannot save state file "${state!.path}": ${reason}`);
  }
}

/** A sleep with nothing to wait for runs as the bare sleep: no wrapper coroutine (a million are cheap). */
function startPlainSleep(
  loop: Loop,
  table: TaskTable,
  index: number,
  options: TaskRecordOptions,
  env: RunEnv,
): void {
  const handle = startChild(loop, sleep(table.sleepMs(index)), options);
  table.sleepStarted(index, handle);
  if (!env.listening) return;
  const started = table.result(index, env.elapsedMs());
  env.emit({ type: "task-start", name: started.name, kind: "sleep", atMs: started.startMs! });
  handle.observe(() => {
    const result = table.result(index, env.elapsedMs());
    env.emit({ type: "task-end", result, atMs: result.endMs! });
  });
}

/** A body digest is wanted for the metadata log or a `{sha256}` save path. */
function wantsDigest(config: ConfigSpec, env: RunEnv): boolean {
  return config.tasks.some((spec) =>
    spec.kind === "fetch" && (env.metadata !== undefined || spec.save?.includes("{sha256}"))
  );
}

function warnAboutInsecureTasks(config: ConfigSpec, env: RunEnv): void {
  for (const spec of config.tasks) {
    if (spec.kind === "fetch" && spec.options.insecure) {
      env.warn(
        `Task "${spec.name}": TLS hostname verification is OFF (insecure: true) for ${spec.request.url}`,
      );
    }
  }
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
