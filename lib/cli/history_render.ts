/**
 * `corun history` as text: one row per run with its start, duration, exit code and task counts.
 * @module
 */
import { formatSeconds } from "./format.ts";
import type { CliHistoryEntry } from "./run_once.ts";

const OUTCOME_ORDER = ["done", "failed", "cancelled", "skipped"];

/**
 * Renders runs as a table, oldest first.
 *
 * @param entries The runs.
 * @returns Lines joined with `\n`, ending with a newline; a table header even when empty.
 * @example
 * ```ts
 * import { renderHistory } from "./history_render.ts";
 * renderHistory([{
 *   startedAt: "2026-11-25T10:00:00.000Z", endedAt: "2026-11-25T10:00:03.000Z", exitCode: 0,
 *   counts: { done: 2, failed: 0, cancelled: 0, skipped: 0 },
 * }]);
 * // "start                     duration  exit  run     tasks\n" +
 * // "2026-11-25T10:00:00.000Z     3.00s     0  config  2 done\n"
 * ```
 */
export function renderHistory(entries: readonly CliHistoryEntry[]): string {
  const rows = [
    ["start", "duration", "exit", "run", "tasks"],
    ...entries.map((entry) => [
      entry.startedAt,
      formatSeconds(Date.parse(entry.endedAt) - Date.parse(entry.startedAt)),
      String(entry.exitCode),
      entry.task === undefined ? "config" : `task ${entry.task}`,
      describeCounts(entry.counts),
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const rightAligned = new Set([1, 2]);
  return rows.map((row) =>
    row.map((cell, column) => {
      if (column === 4) return cell;
      return rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
    }).join("  ").trimEnd()
  ).join("\n") + "\n";
}

/**
 * Counts as text: `3 done, 1 failed`, outcomes with no task left out.
 *
 * @param counts Tasks by outcome.
 * @returns The text; `no tasks` when every count is 0.
 */
export function describeCounts(counts: Record<string, number>): string {
  const known = OUTCOME_ORDER.filter((outcome) => (counts[outcome] ?? 0) > 0);
  const others = Object.keys(counts).filter((key) =>
    !OUTCOME_ORDER.includes(key) && counts[key] > 0
  );
  const parts = [...known, ...others].map((outcome) => `${counts[outcome]} ${outcome}`);
  return parts.length === 0 ? "no tasks" : parts.join(", ");
}
