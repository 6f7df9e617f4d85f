/**
 * What `corun plan` shows: the resolved tasks, the order they start in, and when each starts and ends
 * in virtual time, taken from a dry run.
 * @module
 */
import type { ConfigSpec, RunEvent, RunReport, TaskKind, TaskOutcome } from "../tasks/mod.ts";
import { describeTask } from "./format.ts";
import type { PlannedSchedule } from "./plan_schedules.ts";

/** One task in a plan. */
export interface PlannedTask {
  name: string;
  kind: TaskKind;
  /** Tasks that must succeed first. */
  after: string[];
  /** What it does: `sleep 3s`, `GET https://example.com/ → page.html`. */
  does: string;
  /** Virtual milliseconds from the start of the run; null when it would never start. */
  startMs: number | null;
  endMs: number | null;
  /** How the dry run ended it (`done` unless the plan itself shows a problem). */
  outcome: TaskOutcome;
}

/** The whole plan: what `plan --json` prints. */
export interface Plan {
  source?: string;
  outDir: string;
  /** Virtual duration of the whole run in milliseconds. */
  durationMs: number;
  /** Task names in the order they start. */
  startOrder: string[];
  tasks: PlannedTask[];
  /** The config's schedules and their next fire times; absent when nothing is scheduled. */
  schedules?: PlannedSchedule[];
}

/**
 * Records the order tasks start in, from a dry run's events.
 *
 * @returns `onEvent` to hand to `run`, and the names seen so far.
 */
export function recordStartOrder(): { onEvent: (event: RunEvent) => void; names: string[] } {
  const names: string[] = [];
  return { names, onEvent: (event) => event.type === "task-start" && names.push(event.name) };
}

/**
 * Puts a config and its dry run together.
 *
 * @param config The validated config.
 * @param report The dry run's report (virtual time).
 * @param startOrder Names in the order the dry run started them; when empty, start times decide.
 * @returns The plan.
 */
export function buildPlan(config: ConfigSpec, report: RunReport, startOrder: string[]): Plan {
  const results = new Map(report.tasks.map((result) => [result.name, result]));
  const tasks = config.tasks.map((task): PlannedTask => {
    const result = results.get(task.name);
    return {
      name: task.name,
      kind: task.kind,
      after: [...task.after],
      does: describeTask(task),
      startMs: result?.startMs ?? null,
      endMs: result?.endMs ?? null,
      outcome: result?.outcome ?? "skipped",
    };
  });
  const order = startOrder.length > 0 ? [...startOrder] : tasks
    .filter((task) => task.startMs !== null)
    .sort((a, b) => a.startMs! - b.startMs!) // stable: ties keep declaration order
    .map((task) => task.name);
  const plan: Plan = {
    outDir: config.outDir,
    durationMs: report.durationMs,
    startOrder: order,
    tasks,
  };
  const source = report.source ?? config.source;
  return source === undefined ? plan : { source, ...plan };
}
