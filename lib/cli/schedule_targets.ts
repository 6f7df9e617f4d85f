/**
 * The schedules of a config: its own `schedule:` (each fire runs the whole config) and each task's
 * `schedule:` (each fire runs that task alone, as a one-task config whose `after` list is dropped:
 * the tasks it waits for are not run with it).
 * @module
 */
import { validateFireTimeSpec } from "../schedule/mod.ts";
import type { ConfigSpec, ScheduleSpec, TaskSpec } from "../tasks/mod.ts";

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

/** A spec's targets by label, made once per task list (see `fireConfigOf`). */
const targetsByTasks = new WeakMap<readonly TaskSpec[], ReadonlyMap<string, ScheduleTarget>>();

/**
 * What a fire of a target runs once the config has changed since the targets were made (its
 * credentials read again from their files: lib/config `refreshSecrets`): the target's config,
 * made from the config as it is now.
 *
 * @param target One of {@linkcode scheduleTargetsOf}'s targets.
 * @param config The config as it is now, the same schedules (only credentials differ).
 * @returns The config the target's fire runs.
 */
export function fireConfigOf(target: ScheduleTarget, config: ConfigSpec): ConfigSpec {
  if (target.task === undefined) return config; // the config's own schedule runs all of it
  let targets = targetsByTasks.get(config.tasks);
  if (targets === undefined) {
    targets = new Map(scheduleTargetsOf(config).map((now) => [now.label, now]));
    targetsByTasks.set(config.tasks, targets);
  }
  return targets.get(target.label)?.config ?? target.config;
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
