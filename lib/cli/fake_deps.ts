/**
 * Test support: a `CliDeps` whose streams are strings, whose terminal, clock, signals and timers are
 * under the test's control, and scripted stand-ins for `run`. Not part of the public surface.
 * @module
 */
import type {
  ConfigSpec,
  LiveRun,
  RunOptions,
  RunProgress,
  RunReport,
  TaskOutcome,
  TaskPhase,
  TaskResult,
  TaskSnapshot,
} from "../tasks/mod.ts";
import type { HistoryEntry } from "../schedule/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { main } from "./main.ts";

/** The fixed wall-clock time of every fake timestamp. */
export const FAKE_NOW = "2026-11-25T10:00:00.123Z";

/** How to set up a fake world. */
export interface FakeDepsOptions {
  /** What `loadConfig` returns (or throws) per location. Unknown locations throw a TypeError. */
  configs?: Record<string, ConfigSpec | Error>;
  /** The runner. @default scriptedRun() */
  run?: CliDeps["run"];
  /** Whether stdout is a terminal. @default false */
  terminal?: boolean;
  /** Whether NO_COLOR is set. @default false */
  noColor?: boolean;
  /** Terminal width. @default 80 */
  columns?: number;
  /** Terminal height. @default 24 */
  rows?: number;
  /** What `callerDir` says (as `CORUN_CALLER_DIR` under `deno task corun` would). @default undefined */
  callerDir?: string;
}

/** A fake world and the handles to inspect and drive it. */
export interface FakeWorld {
  /** The fake world, to hand to `main` or a command. */
  deps: CliDeps;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Every call of `run`, in order. */
  runCalls: { config: ConfigSpec; options: RunOptions }[];
  /** Delivers an interrupt (as SIGINT would) to the listening scope. */
  interrupt(): void;
  /** Interrupt scopes started and not yet disposed. */
  listening(): number;
  /** Calls every live ticker once, as one timer period passing would. */
  tick(): void;
  /** Tickers started and not yet disposed. */
  tickers(): number;
  /** Run history files, kept in memory, by path. */
  histories: Map<string, HistoryEntry[]>;
}

/**
 * Creates a fake world.
 *
 * @param options Configs, runner and terminal.
 * @returns The deps and the handles.
 */
export function createFakeWorld(options: FakeDepsOptions = {}): FakeWorld {
  let stdout = "";
  let stderr = "";
  const runCalls: FakeWorld["runCalls"] = [];
  const scopes = new Set<AbortController>();
  const tickers = new Set<() => void>();
  const histories = new Map<string, HistoryEntry[]>();
  const run = options.run ?? scriptedRun();
  const deps: CliDeps = {
    run: (config, runOptions = {}) => {
      runCalls.push({ config, options: runOptions });
      return run(config, runOptions);
    },
    loadConfig: (location) => {
      const found = options.configs?.[location];
      if (found === undefined) return Promise.reject(new TypeError(`no fake config "${location}"`));
      return found instanceof Error ? Promise.reject(found) : Promise.resolve(found);
    },
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    isTerminal: () => options.terminal ?? false,
    noColor: () => options.noColor ?? false,
    columns: () => options.columns ?? 80,
    rows: () => options.rows ?? 24,
    now: () => new Date(FAKE_NOW),
    listenForInterrupts: () => {
      const controller = new AbortController();
      scopes.add(controller);
      return { signal: controller.signal, [Symbol.dispose]: () => scopes.delete(controller) };
    },
    every: (_intervalMs, tick) => {
      const entry = () => tick();
      tickers.add(entry);
      return { [Symbol.dispose]: () => tickers.delete(entry) };
    },
    appendHistory: (path, entry) => {
      histories.set(path, [...histories.get(path) ?? [], entry]);
      return Promise.resolve(true);
    },
    readHistory: (path, limit = Infinity) =>
      Promise.resolve(limit <= 0 ? [] : (histories.get(path) ?? []).slice(-limit)),
    callerDir: () => options.callerDir,
  };
  return {
    deps,
    stdout: () => stdout,
    stderr: () => stderr,
    runCalls,
    interrupt: () => scopes.forEach((controller) => controller.abort()),
    listening: () => scopes.size,
    tick: () => [...tickers].forEach((tick) => tick()),
    tickers: () => tickers.size,
    histories,
  };
}

/** How a scripted task ends: its outcome and, for failures, the message. */
export interface ScriptedEnd {
  /** The outcome the task ends with. */
  outcome: TaskOutcome;
  /** A failure's message. */
  message?: string;
}

/**
 * A stand-in for `run` that starts every task at 0 and ends it after its sleep (0 for others), in
 * declaration order, with the given outcomes (default `done`). Calls `onStart`, `onEvent` as `run` does.
 *
 * @param ends Outcomes by task name.
 * @param warnings Warnings the run gives as it starts, as `run` does (listener, event, report).
 * @returns A function shaped like `run`.
 */
export function scriptedRun(
  ends: Record<string, ScriptedEnd> = {},
  warnings: readonly string[] = [],
): CliDeps["run"] {
  return (config, options = {}) => {
    const emit = options.onEvent ?? (() => {});
    for (const message of warnings) {
      options.onWarning?.(message);
      emit({ type: "warning", message, atMs: 0 });
    }
    options.onStart?.(staticLive(config, "waiting"));
    const results: TaskResult[] = config.tasks.map((task) => {
      const durationMs = task.kind === "sleep" ? task.durationMs : 0;
      emit({ type: "task-start", name: task.name, kind: task.kind, atMs: 0 });
      const end = ends[task.name] ?? { outcome: "done" };
      const ran = end.outcome !== "skipped";
      const result: TaskResult = {
        name: task.name,
        kind: task.kind,
        outcome: end.outcome,
        startMs: ran ? 0 : null,
        endMs: ran ? durationMs : null,
        ...(end.message === undefined ? {} : { error: { message: end.message } }),
      };
      emit({ type: "task-end", result, atMs: durationMs });
      return result;
    });
    return Promise.resolve({ ...reportOf(results, options, false), warnings: [...warnings] });
  };
}

/**
 * A stand-in for `run` whose tasks run until the signal aborts, then end `cancelled`.
 *
 * @returns A function shaped like `run`, and a promise that resolves once it has started.
 */
export function runUntilInterrupted(): { run: CliDeps["run"]; started: Promise<void> } {
  const { promise: started, resolve: markStarted } = Promise.withResolvers<void>();
  const run: CliDeps["run"] = (config, options = {}) => {
    options.onStart?.(staticLive(config, "running"));
    markStarted();
    for (const task of config.tasks) {
      options.onEvent?.({ type: "task-start", name: task.name, kind: task.kind, atMs: 0 });
    }
    return new Promise((resolve) => {
      const end = () => {
        const results = config.tasks.map((task): TaskResult => ({
          name: task.name,
          kind: task.kind,
          outcome: "cancelled",
          startMs: 0,
          endMs: 1200,
        }));
        resolve(reportOf(results, options, true));
      };
      if (options.signal?.aborted) end();
      else options.signal?.addEventListener("abort", end, { once: true });
    });
  };
  return { run, started };
}

function staticLive(config: ConfigSpec, phase: TaskSnapshot["phase"]): LiveRun {
  return {
    snapshot: () =>
      config.tasks.map((task) => ({
        name: task.name,
        kind: task.kind,
        phase,
        detail: task.kind === "sleep" ? "sleep" : "",
        elapsedMs: phase === "running" ? 0 : null,
      })),
    progress: () => idleProgress({ [phase]: config.tasks.length }),
    elapsedMs: () => 0,
  };
}

/**
 * A run's progress with no fetch made or in flight.
 *
 * @param tasks How many tasks are in which phase (the others have none).
 * @returns A `RunProgress` as `LiveRun.progress()` gives it.
 */
export function idleProgress(tasks: Partial<Record<TaskPhase, number>> = {}): RunProgress {
  return {
    tasks: { waiting: 0, running: 0, done: 0, failed: 0, cancelled: 0, skipped: 0, ...tasks },
    fetches: { done: 0, failed: 0, active: 0, queued: 0 },
    bytes: 0,
    active: [],
  };
}

/**
 * A run that has not started anything and has no task, for views that are only started.
 *
 * @returns A `LiveRun` with no tasks and no fetches.
 */
export function emptyLiveRun(): LiveRun {
  return { snapshot: () => [], progress: () => idleProgress(), elapsedMs: () => 0 };
}

function reportOf(results: TaskResult[], options: RunOptions, interrupted: boolean): RunReport {
  const counts: Record<TaskOutcome, number> = { done: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (const result of results) counts[result.outcome]++;
  return {
    startedAt: FAKE_NOW,
    endedAt: FAKE_NOW,
    durationMs: Math.max(0, ...results.map((result) => result.endMs ?? 0)),
    virtualTime: options.virtualTime === true || options.dryRun === true,
    interrupted,
    counts,
    warnings: [],
    tasks: results,
  };
}

/**
 * Runs the command line with the real world (config loading and all) but for its output.
 *
 * @param args The command line.
 * @returns The exit code, and what it wrote to stdout and stderr.
 */
export async function mainCapturing(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
  });
  return { code, stdout, stderr };
}
