/**
 * `corun plan` as text: a table of tasks, their start order, and an ASCII timeline in which
 * overlapping tasks show as overlapping bars.
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import type { Plan, PlannedTask } from "./plan.ts";
import { renderSchedules } from "./plan_schedules.ts";

const MIN_CHART_CHARS = 10;
const MAX_CHART_CHARS = 60;

/**
 * Renders a plan.
 *
 * @param plan From `buildPlan`.
 * @param columns Terminal width (or 80), which bounds the timeline's width.
 * @returns Lines joined with `\n`, ending with a newline. ASCII apart from task text.
 */
export function renderPlan(plan: Plan, columns: number): string {
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
    "timeline (virtual time):",
    ...renderTimeline(plan, columns),
    ...(plan.schedules === undefined ? [] : ["", ...renderSchedules(plan.schedules)]),
  ];
  return `${lines.join("\n")}\n`;
}

function renderTable(tasks: readonly PlannedTask[]): string[] {
  const rows = [
    ["name", "kind", "after", "does"],
    ...tasks.map((task) => [
      task.name,
      task.kind,
      task.after.length === 0 ? "-" : task.after.join(","),
      task.does,
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    `  ${row.map((cell, column) => column < 3 ? cell.padEnd(widths[column]) : cell).join("  ")}`
      .trimEnd()
  );
}

function renderStartOrder(plan: Plan): string {
  if (plan.startOrder.length === 0) return "(no task starts)";
  const startOf = new Map(plan.tasks.map((task) => [task.name, task.startMs]));
  return plan.startOrder.map((name) => {
    const startMs = startOf.get(name);
    return startMs === null || startMs === undefined ? name : `${name} (${formatMs(startMs)})`;
  }).join(", ");
}

/**
 * One bar per task across the run's virtual duration: `#` while it runs, a single `#` for a task
 * that takes no time, and nothing for a task that never starts.
 */
function renderTimeline(plan: Plan, columns: number): string[] {
  const labelChars = Math.max(0, ...plan.tasks.map((task) => task.name.length));
  const width = Math.max(
    MIN_CHART_CHARS,
    Math.min(MAX_CHART_CHARS, columns - labelChars - 30),
  );
  const totalMs = Math.max(plan.durationMs, ...plan.tasks.map((task) => task.endMs ?? 0));
  const column = (ms: number) => totalMs === 0 ? 0 : Math.round((ms / totalMs) * width);
  const rows = plan.tasks.map((task) => {
    const label = `  ${task.name.padEnd(labelChars)} `;
    if (task.startMs === null || task.endMs === null) {
      return `${label}|${" ".repeat(width)}| never starts (${task.outcome})`;
    }
    const from = Math.min(column(task.startMs), width - 1);
    const to = Math.max(from + 1, column(task.endMs));
    const bar = " ".repeat(from) + "#".repeat(to - from) + " ".repeat(width - to);
    return `${label}|${bar}| ${formatMs(task.startMs)} -> ${formatMs(task.endMs)}`;
  });
  const start = "0ms";
  const end = formatMs(totalMs);
  const axis = `  ${" ".repeat(labelChars)}  ${start}${end.padStart(width - start.length)}`;
  return [...rows, axis];
}
