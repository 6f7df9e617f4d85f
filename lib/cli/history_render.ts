/**
 * `corun history` as text: one row per run with its start, duration, exit code, run id and task
 * counts; a skipped run says why instead of counts.
 * @module
 */
import { alignColumns, formatSeconds } from "./format.ts";
import type { HistoryEntry } from "../schedule/mod.ts";

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
 *   runId: "20261125T100000000Z-3f9a1c2b", startedAt: "2026-11-25T10:00:00.000Z",
 *   endedAt: "2026-11-25T10:00:03.000Z", exitCode: 0,
 *   counts: { done: 2, failed: 0, cancelled: 0, skipped: 0 },
 * }]);
 * // "start                     duration  exit  run     id                            tasks\n" +
 * // "2026-11-25T10:00:00.000Z     3.00s     0  config  20261125T100000000Z-3f9a1c2b  2 done\n"
 * ```
 */
export function renderHistory(entries: readonly HistoryEntry[]): string {
  const rows = [
    ["start", "duration", "exit", "run", "id", "tasks"],
    ...entries.map((entry) => [
      entry.startedAt,
      entry.skipped === undefined
        ? formatSeconds(Date.parse(entry.endedAt) - Date.parse(entry.startedAt))
        : "-",
      String(entry.exitCode),
      entry.task === undefined ? "config" : `task ${entry.task}`,
      entry.runId ?? "-",
      entry.skipped === undefined ? describeCounts(entry.counts) : `skipped: ${entry.skipped}`,
    ]),
  ];
  return alignColumns(rows, { rightAligned: new Set([1, 2]), indent: "" }).join("\n") + "\n";
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
