/**
 * `corun plan` as text: a table of tasks, their start order, and an ASCII timeline in which
 * overlapping tasks show as overlapping bars.
 * @module
 */
import { formatRate } from "../config/mod.ts";
import { formatMs } from "../loop/mod.ts";
import type { Plan, PlannedOrigin, PlannedTask } from "./plan.ts";
import { renderSchedules } from "./plan_schedules.ts";
import { renderSettings } from "./plan_settings_render.ts";
import { alignColumns, displayWidth, escapeControls, formatBytes, formatCount } from "./format.ts";
import { MAX_TASK_ORIGINS } from "./plan_reach.ts";

const MIN_CHART_CHARS = 10;
/**
 * How wide a task's `after` cell grows before its other names are counted instead. Every row is
 * padded to the widest cell, so one task after 10,000 others would pad all rows to 60 KB each.
 */
const MAX_AFTER_CHARS = 40;
const MAX_CHART_CHARS = 60;

/**
 * Renders a plan.
 *
 * @param plan From `buildPlan`.
 * @param columns Terminal width (or 80), which bounds the timeline's width.
 * @returns Lines joined with `\n`, ending with a newline. ASCII apart from task text.
 */
export function renderPlan(given: Plan, columns: number): string {
  const plan = shownPlan(given);
  const count = plan.tasks.length;
  const lines = [
    `plan${plan.source === undefined ? "" : ` for ${plan.source}`}: ${count} ${
      count === 1 ? "task" : "tasks"
    }, files under ${plan.outDir}`,
    "",
    ...renderTable(plan.tasks),
    "",
    `start order: ${renderStartOrder(plan)}`,
    "",
    ...renderTimeline(plan, columns),
    ...(plan.run === undefined ? [] : ["", ...renderSettings(plan)]),
    ...(plan.origins === undefined || plan.origins.length === 0
      ? []
      : ["", ...renderOrigins(plan.origins)]),
    ...renderRunExtras(plan),
    ...(plan.schedules === undefined ? [] : ["", ...renderSchedules(plan.schedules)]),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * A plan with the text a config chose (task names, what a task does) escaped as the plain lines of
 * a run escape it (`a\u202eb`): a control character would move the cursor, a bidirectional one
 * reorder the rest of a row. Escaped before the columns are aligned, so they stay aligned.
 * `plan --json` keeps the names as they are.
 */
function shownPlan(plan: Plan): Plan {
  return {
    ...plan,
    startOrder: plan.startOrder.map(escapeControls),
    tasks: plan.tasks.map((task) => ({
      ...task,
      name: escapeControls(task.name),
      after: task.after.map(escapeControls),
      does: escapeControls(task.does),
    })),
    origins: plan.origins?.map((origin) => ({
      ...origin,
      tasks: origin.tasks.map(escapeControls),
    })),
    schedules: plan.schedules?.map((schedule) => ({
      ...schedule,
      label: escapeControls(schedule.label),
    })),
  };
}

function renderTable(tasks: readonly PlannedTask[]): string[] {
  return alignColumns([
    ["name", "kind", "after", "does"],
    ...tasks.map((task) => [
      task.name,
      task.kind,
      renderAfter(task.after),
      task.does + renderTaskExtras(task),
    ]),
  ]);
}

/**
 * The tasks a task runs after, as many names as fit in {@linkcode MAX_AFTER_CHARS} (at least
 * one), then a count of the rest: `t0,t1,t2 +9,996 more`. `plan --json` lists them all.
 */
function renderAfter(after: readonly string[]): string {
  if (after.length === 0) return "-";
  let shown = after[0];
  for (let index = 1; index < after.length; index++) {
    const rest = after.length - index - 1;
    const next = `${shown},${after[index]}`;
    const room = MAX_AFTER_CHARS - (rest === 0 ? 0 : moreText(rest).length);
    if (next.length > room) return `${shown}${moreText(after.length - index)}`;
    shown = next;
  }
  return shown;
}

function moreText(count: number): string {
  return ` +${formatCount(count)} more`;
}

/** A task's URL count and its download settings: ` (100 URLs; resume)`. */
function renderTaskExtras(task: PlannedTask): string {
  const extras: string[] = [];
  // An empty list: a run fails its task (EMPTY_LIST), unless the task allows it.
  if (task.urls === 0) {
    extras.push(
      task.allowEmptyList
        ? "no URLs: a run ends the task done, as allowEmptyList allows"
        : "no URLs: a run fails the task, unless allowEmptyList: true",
    );
  } else if (task.urls !== undefined) {
    extras.push(`${formatCount(task.urls)} ${task.urls === 1 ? "URL" : "URLs"}`);
  }
  if (task.otherOriginUrls !== undefined) {
    extras.push(
      `${formatCount(task.otherOriginUrls)} on origins past its first ${MAX_TASK_ORIGINS}`,
    );
  }
  if (task.downloads !== undefined) extras.push(...task.downloads);
  return extras.length === 0 ? "" : ` (${extras.join("; ")})`;
}

/** The rules each origin's requests follow, and the tasks known to go there. */
function renderOrigins(origins: readonly PlannedOrigin[]): string[] {
  return [
    "origins (each rule is an origins: entry's, else its tasks' (per task when they differ)):",
    ...alignColumns([
      ["origin", "perHost", "rate", "delay", "jitter", "proxy", "pipeline", "rules", "tasks"],
      ...origins.map((origin) => [
        origin.origin === "*" ? "any other" : origin.origin,
        String(origin.perHost),
        perTaskOr(origin.rate, (rate) => rate === null ? "none" : formatRate(rate)),
        perTaskOr(origin.delayMs, formatMs),
        perTaskOr(origin.jitterMs, formatMs),
        origin.proxy,
        String(origin.pipeline),
        origin.from === "origins" ? "origins:" : "defaults",
        origin.tasks.length === 0 ? "-" : origin.tasks.join(","),
      ]),
    ]),
  ];
}

/** A rule as its column says it: `per task` when an origin's tasks differ on it. */
function perTaskOr<T>(rule: T | "per task", format: (rule: T) => string): string {
  return rule === "per task" ? "per task" : format(rule as T);
}

/** The run's cookie jar and pings, when the config has them. */
function renderRunExtras(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.bandwidth !== undefined) {
    lines.push(`bandwidth: ${formatBytes(plan.bandwidth)}/s, the run's bodies all together`);
  }
  if (plan.cookies !== undefined) lines.push(`cookies: ${plan.cookies}`);
  if (plan.notify !== undefined) {
    const pings = Object.entries(plan.notify).map(([kind, host]) => `${kind} -> ${host}`);
    lines.push(`notify: ${pings.join(", ")}`);
  }
  return lines.length === 0 ? [] : ["", ...lines];
}

function renderStartOrder(plan: Plan): string {
  if (plan.startOrder.length === 0) return "(no task starts)";
  const byName = new Map(plan.tasks.map((task) => [task.name, task]));
  return plan.startOrder.map((name) => {
    const task = byName.get(name);
    if (task === undefined || task.startMs === null) return name;
    return `${name} (${formatMs(task.startMs)}${task.plusUnknown ? " + ?" : ""})`;
  }).join(", ");
}

/**
 * One bar per task across the run's virtual duration: `#` while it runs, a single `#` for a task
 * that takes no time, and nothing for a task that never starts. A task whose end only the run can
 * tell (a fetch waits for the network) is `#?`, and a time that leaves such a time out is `+ ?`:
 * without any, the timeline is as exact as its sleeps.
 */
function renderTimeline(plan: Plan, columns: number): string[] {
  // Loops, not `Math.max(...list)`: spreading 200,000 tasks into arguments overflows the stack.
  let labelChars = 0;
  let totalMs = plan.durationMs;
  let unknown = false;
  for (const task of plan.tasks) {
    labelChars = Math.max(labelChars, displayWidth(task.name));
    totalMs = Math.max(totalMs, task.endMs ?? 0);
    unknown ||= task.startMs !== null &&
      (task.endMs === null || task.endsBy !== undefined || task.plusUnknown === true);
  }
  const width = Math.max(
    MIN_CHART_CHARS,
    Math.min(MAX_CHART_CHARS, columns - labelChars - 30),
  );
  const column = (ms: number) => totalMs === 0 ? 0 : Math.round((ms / totalMs) * width);
  const rows = plan.tasks.map((task) => {
    const label = `  ${task.name}${" ".repeat(labelChars - displayWidth(task.name))} `;
    if (task.startMs === null) {
      return `${label}|${" ".repeat(width)}| never starts (${task.outcome})`;
    }
    const plus = task.plusUnknown ? " + ?" : "";
    const start = `${formatMs(task.startMs)}${plus}`;
    if (task.endsBy !== undefined || task.endMs === null) {
      const from = Math.min(column(task.startMs), width - 2);
      const bar = `${" ".repeat(from)}#?${" ".repeat(width - from - 2)}`;
      const by = task.endsBy === undefined ? "" : ` (${ENDS_BY_TEXT[task.endsBy]})`;
      return `${label}|${bar}| ${start} -> ?${by}`;
    }
    const from = Math.min(column(task.startMs), width - 1);
    const to = Math.max(from + 1, column(task.endMs));
    const bar = " ".repeat(from) + "#".repeat(to - from) + " ".repeat(width - to);
    return `${label}|${bar}| ${start} -> ${formatMs(task.endMs)}${plus}`;
  });
  const start = "0ms";
  const end = `${formatMs(totalMs)}${unknown ? " + ?" : ""}`;
  const axis = `  ${" ".repeat(labelChars)}  ${start}${end.padStart(width - start.length)}`;
  const heading = unknown
    ? "timeline (virtual time; ? is time only the run can tell):"
    : "timeline (virtual time):";
  return [heading, ...rows, axis];
}

/** What a task's end waits for, as its row says. */
const ENDS_BY_TEXT: Readonly<Record<NonNullable<PlannedTask["endsBy"]>, string>> = {
  network: "network",
  code: "its code",
};
