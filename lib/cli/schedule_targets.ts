/**
 * The schedules of a config: its own `schedule:` (each fire runs the whole config) and each task's
 * `schedule:` (each fire runs that task alone, as a one-task config whose `after` list is dropped:
 * the tasks it waits for are not run with it).
 * @module
 */
import { validateFireTimeSpec } from "../schedule/mod.ts";
import type { ConfigSpec, ScheduleSpec } from "../tasks/mod.ts";

/** One schedule and what each of its fires runs. */
export interface ScheduleTarget {
  /** `config`, or `task NAME`: how lines and messages name it. */
  label: string;
  /** The task of a task-level schedule. */
  task?: string;
  spec: ScheduleSpec;
  /** What one fire runs. */
  config: ConfigSpec;
}

/**
 * Lists a config's schedules, the whole config's first.
 *
 * @param config The validated config.
 * @returns One target per schedule; empty when nothing is scheduled.
 * @example
 * ```ts
 * import { validateConfig } from "../config/mod.ts";
 * import { scheduleTargetsOf } from "./schedule_targets.ts";
 * const config = validateConfig({ tasks: [{ name: "a", sleep: "1s", schedule: "@hourly" }] }, "x");
 * scheduleTargetsOf(config).map((target) => target.label); // ["task a"]
 * ```
 */
export function scheduleTargetsOf(config: ConfigSpec): ScheduleTarget[] {
  const { schedule: _whole, ...unscheduled } = config;
  const targets: ScheduleTarget[] = [];
  if (config.schedule) targets.push({ label: "config", spec: config.schedule, config });
  for (const task of config.tasks) {
    if (!task.schedule) continue;
    targets.push({
      label: `task ${task.name}`,
      task: task.name,
      spec: task.schedule,
      config: { ...unscheduled, tasks: [{ ...task, after: [] }] },
    });
  }
  return targets;
}

/**
 * Checks every schedule's cron expression and time zone.
 *
 * @param targets From {@linkcode scheduleTargetsOf}.
 * @returns One message per bad schedule: `schedule of task a: Cannot parse cron expression …`.
 */
export function scheduleProblems(targets: readonly ScheduleTarget[]): string[] {
  const problems: string[] = [];
  for (const target of targets) {
    try {
      validateFireTimeSpec(target.spec);
    } catch (error) {
      problems.push(`schedule of ${target.label}: ${(error as Error).message}`);
    }
  }
  return problems;
}
