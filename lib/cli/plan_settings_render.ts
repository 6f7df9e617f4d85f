/**
 * A plan's settings as text: the run-wide limits on one line, the config's `defaults` on one, then
 * the tasks that set their own, those that set the same grouped on one line. Only what differs
 * from corun's built-in is written, so a plan of 1,000 tasks that set nothing has three lines here
 * (`plan --json` has every setting of every task).
 * @module
 */
import { formatRate } from "../config/mod.ts";
import { formatMs, formatSize } from "../loop/mod.ts";
import { pathFromConfig } from "./config_path.ts";
import type { Plan } from "./plan.ts";
import {
  type PlannedRun,
  type PlannedSetting,
  type PlannedSettings,
  type RunSetting,
  settingKind,
  type SettingValue,
} from "./plan_settings.ts";
import type { RateSpec } from "../tasks/mod.ts";

/** Task names written on one line of tasks that set the same, at most. */
export const MAX_GROUP_NAMES = 10;

/**
 * The settings part of a plan's text.
 *
 * @param plan A plan with `run` (from `addSettings`).
 * @returns Its lines; none without `run`.
 */
export function renderSettings(plan: Plan): string[] {
  if (plan.run === undefined) return [];
  const lines = [
    "settings (only those not corun's built-in; a fetch task not named here runs with the defaults):",
    `  run: ${renderRun(plan.run)}`,
  ];
  if (plan.defaults !== undefined) {
    const set = settingItems(plan.defaults, plan.source, (setting) => setting.from !== "built-in");
    lines.push(`  defaults: ${set.length === 0 ? "all built-in" : set.join(", ")}`);
  }
  // Tasks that set the same share a line; tasks that override nothing share one settings object.
  const written = new Map<PlannedSettings, string>();
  const groups = new Map<string, string[]>();
  for (const task of plan.tasks) {
    if (task.settings === undefined) continue;
    let items = written.get(task.settings);
    if (items === undefined) {
      items = settingItems(task.settings, plan.source, isTasksOwn).join(", ");
      written.set(task.settings, items);
    }
    if (items === "") continue;
    const names = groups.get(items);
    if (names === undefined) groups.set(items, [task.name]);
    else names.push(task.name);
  }
  for (const [items, names] of groups) {
    lines.push(`  ${names.length === 1 ? "task" : "tasks"} ${namesText(names)}: ${items}`);
  }
  return lines;
}

/** `concurrency 1; built-in perHost 6, maxIdleConnections 1024, keepRuns 30, keepHistory 1000`. */
function renderRun(run: PlannedRun): string {
  const entries = Object.entries(run) as [string, RunSetting][];
  const text = ([key, setting]: [string, RunSetting]) => `${key} ${setting.value}`;
  const set = entries.filter(([, setting]) => setting.from === "config").map(text);
  const builtin = entries.filter(([, setting]) => setting.from === "built-in").map(text);
  if (builtin.length === 0) return set.join(", ");
  return `${set.length === 0 ? "" : `${set.join(", ")}; `}built-in ${builtin.join(", ")}`;
}

/**
 * What a task sets itself: its own values, and those an `origins:` entry wins over; and what its
 * requests get whatever the settings say (`pipeline 1` for a POST), unlike the defaults' line.
 */
function isTasksOwn(setting: PlannedSetting): boolean {
  return setting.from === "task" || setting.replaces?.from === "task" ||
    setting.from === "request";
}

/** The settings `pick` chooses, as `key value` (with what an `origins:` entry changes). */
function settingItems(
  settings: PlannedSettings,
  source: string | undefined,
  pick: (setting: PlannedSetting) => boolean,
): string[] {
  const items: string[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    if (!pick(setting)) continue;
    const text = (value: SettingValue) => settingText(key, value, source);
    let item = `${key} ${text(setting.value)}`;
    if (setting.why !== undefined) item += ` (${setting.why})`;
    else if (setting.replaces !== undefined) {
      item += ` (origins:, not its own ${text(setting.replaces.value)})`;
    } else if (setting.byOrigin !== undefined) {
      const origins = Object.entries(setting.byOrigin);
      item += origins.length === 1
        ? ` (origins: ${text(origins[0][1])} at ${origins[0][0]})`
        : ` (origins: their own at ${origins.length} of its origins)`;
    }
    items.push(item);
  }
  return items;
}

/**
 * A setting's value as a config writes it: `2m`, `1GiB`, `5/s`, `[429, 503]`; header names as
 * `[User-Agent] (values not shown)`.
 */
function settingText(key: string, value: SettingValue, source: string | undefined): string {
  if (value === null) return "none";
  // Header names: a value may be a credential, so two tasks' headers may differ unseen.
  if (settingKind(key) === "names") return `[${(value as string[]).join(", ")}] (values not shown)`;
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  switch (settingKind(key)) {
    case "duration":
      return formatMs(value as number);
    case "size":
      return formatSize(value as number);
    case "rate":
      return formatRate(value as RateSpec);
    case "path":
      return pathFromConfig(value as string, source);
    default:
      return String(value);
  }
}

/** `a, b, c`, or the first `MAX_GROUP_NAMES` and how many more. */
function namesText(names: readonly string[]): string {
  if (names.length <= MAX_GROUP_NAMES) return names.join(", ");
  return `${names.slice(0, MAX_GROUP_NAMES).join(", ")} and ${names.length - MAX_GROUP_NAMES} more`;
}
