/**
 * One declared task from start to result: wait for the tasks it runs `after`, take a network permit
 * when it does network work, run its body, and record how it ended. A failure is recorded, never
 * thrown, so one task cannot take the others down.
 * @module
 */
import { type Effect, join, type Operation, sleep, type Task } from "../loop/mod.ts";
import { isCancelling } from "./cancellation.ts";
import { createTaskContext, type TaskContext } from "./context.ts";
import type { RunEnv } from "./env.ts";
import { FetchStopwatch } from "./fetch_stopwatch.ts";
import { runFetchTask } from "./fetch_task.ts";
import { NetworkPermit } from "./network_permit.ts";
import type { FetchSummary, TaskKind, TaskResult } from "./report.ts";
import type { TaskSpec } from "./spec.ts";

/** The bookkeeping of one declared task inside a run. */
export interface DeclaredTask {
  readonly spec: TaskSpec;
  /** The tasks it runs after (never plain sleeps: those have no record). */
  after: readonly DeclaredTask[];
  result: TaskResult;
  /** The loop task running it, once spawned. */
  handle: Task<void> | undefined;
}

const NO_DEPENDENCIES: readonly DeclaredTask[] = Object.freeze([]);

/**
 * Creates the bookkeeping of a declared task; its `after` is filled in once every task has one.
 *
 * @param spec The declared task.
 * @returns Its record, not yet started.
 */
export function declareTask(spec: TaskSpec): DeclaredTask {
  return {
    spec,
    after: NO_DEPENDENCIES,
    handle: undefined,
    result: {
      name: spec.name,
      kind: spec.kind as TaskKind,
      outcome: "cancelled",
      startMs: null,
      endMs: null,
    },
  };
}

/**
 * Runs a declared task to its result.
 *
 * @param task Its bookkeeping (its result is filled in).
 * @param env The run's shared services.
 * @param permit Its claim on the network limit, already held when a launcher started it.
 */
export function* runDeclaredTask(
  task: DeclaredTask,
  env: RunEnv,
  permit: NetworkPermit = new NetworkPermit(env.networkLimit),
): Generator<Effect, void> {
  const result = task.result;
  for (const dependency of task.after) {
    if (dependency.handle && !dependency.handle.isFinished) yield* waitForEnd(dependency.handle);
    if (dependency.result.outcome !== "done") {
      result.outcome = "skipped";
      result.error = {
        code: "DEPENDENCY",
        message: `it runs after "${dependency.spec.name}", which ${
          describeOutcome(dependency.result.outcome)
        }`,
      };
      env.emit({ type: "task-end", result, atMs: env.elapsedMs() });
      return;
    }
  }
  if (task.spec.kind !== "sleep" && !env.dryRun) yield* permit.acquire();
  // Under a virtual clock a fetch spans no loop time: its real time is counted apart.
  const stopwatch = env.virtualTime && task.spec.kind !== "sleep" && !env.dryRun
    ? new FetchStopwatch()
    : undefined;
  try {
    // Inside the try: an observer that throws here must not keep the permit from the next task.
    result.startMs = env.elapsedMs();
    env.emit({ type: "task-start", name: result.name, kind: result.kind, atMs: result.startMs });
    const fetched = yield* body(task.spec, env, permit, stopwatch);
    // A custom task whose own finally waited without `cleanup` comes back here as if it had
    // returned (see cancellation.ts). A fetch that returns a summary has its file, even one whose
    // cancel landed during its commit: done, as the disk says.
    if (fetched === undefined && (yield* isCancelling(env))) return; // the outcome stays "cancelled"
    if (fetched) result.fetch = fetched;
    result.outcome = "done";
  } catch (error) {
    if (yield* isCancelling(env)) return; // what broke was the cancellation's doing
    result.outcome = "failed";
    result.error = {
      code: (error as { code?: string }).code,
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    permit.release();
    result.endMs = env.elapsedMs();
    if (stopwatch) result.realFetchMs = stopwatch.totalMs;
    env.emit({ type: "task-end", result, atMs: result.endMs });
  }
}

function body(
  spec: TaskSpec,
  env: RunEnv,
  permit: NetworkPermit,
  stopwatch: FetchStopwatch | undefined,
): Operation<FetchSummary | void> {
  switch (spec.kind) {
    case "sleep":
      return sleep(spec.durationMs);
    case "fetch": {
      if (env.dryRun) return sleep(0);
      const fetch = runFetchTask(spec, env, permit);
      return stopwatch ? stopwatch.time(fetch) : fetch;
    }
    case "custom":
      return env.dryRun
        ? sleep(0)
        : runCustomTask(spec.run, createTaskContext(spec.name, env, stopwatch));
  }
}

/** Runs a custom coroutine; what it returns is its own business, not a fetch summary. */
function* runCustomTask(
  run: (ctx: TaskContext) => Operation<unknown>,
  ctx: TaskContext,
): Generator<Effect, void> {
  yield* run(ctx);
}

function* waitForEnd(handle: Task<void>): Generator<Effect, void> {
  try {
    yield* join(handle);
  } catch {
    // Its result record says how it ended; that is what decides.
  }
}

function describeOutcome(outcome: TaskResult["outcome"]): string {
  switch (outcome) {
    case "failed":
      return "failed";
    case "skipped":
      return "was skipped";
    default:
      return "was cancelled";
  }
}
