/**
 * Text shared by every output mode: durations, the one-line summary, what a task does.
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import type { FetchSummary, RunReport, TaskOutcome, TaskResult, TaskSpec } from "../tasks/mod.ts";

const OUTCOME_ORDER: readonly TaskOutcome[] = ["done", "failed", "cancelled", "skipped"];

/**
 * Formats a duration as seconds with two decimals (`3.00s`), with minutes and hours when long.
 *
 * @param ms Milliseconds; negative counts as 0.
 * @returns `0.25s`, `3.00s`, `2m05.50s`, `1h02m05s`.
 * @example
 * ```ts
 * import { formatSeconds } from "./format.ts";
 * formatSeconds(3005); // "3.01s"
 * ```
 */
export function formatSeconds(ms: number): string {
  // Rounded to whole centiseconds first: 3005ms is 3.01s, not toFixed's binary-float 3.00s.
  const totalMs = Math.round(Math.max(0, ms) / 10) * 10;
  if (totalMs < 60_000) return `${(totalMs / 1000).toFixed(2)}s`;
  const totalSeconds = Math.floor(totalMs / 1000);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  if (hours > 0) {
    return `${hours}h${pad2(minutes)}m${pad2(totalSeconds % 60)}s`;
  }
  return `${minutes}m${((totalMs % 60_000) / 1000).toFixed(2).padStart(5, "0")}s`;
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/**
 * The line that ends every run: `4 tasks: 3 done, 1 failed in 3.01s`.
 *
 * @param report The finished run.
 * @returns One line without a newline; outcomes with no task are left out.
 * @example
 * ```ts
 * import { summaryLine } from "./format.ts";
 * summaryLine({
 *   startedAt: "", endedAt: "", durationMs: 3005, virtualTime: false, interrupted: false,
 *   counts: { done: 3, failed: 1, cancelled: 0, skipped: 0 }, tasks: [],
 * }); // "4 tasks: 3 done, 1 failed in 3.01s"
 * ```
 */
export function summaryLine(report: RunReport): string {
  const total = OUTCOME_ORDER.reduce((sum, outcome) => sum + report.counts[outcome], 0);
  const parts = OUTCOME_ORDER.filter((outcome) => report.counts[outcome] > 0)
    .map((outcome) => `${report.counts[outcome]} ${outcome}`);
  const head = `${total} ${total === 1 ? "task" : "tasks"}`;
  let line = parts.length === 0 ? head : `${head}: ${parts.join(", ")}`;
  line += ` in ${formatSeconds(report.durationMs)}`;
  if (report.virtualTime) line += " (virtual time)";
  if (report.interrupted) line += " (interrupted)";
  return line;
}

/**
 * Says what a declared task does: `sleep 3s`, `GET https://example.com/ → {host}/{uuid}.html`.
 *
 * @param task The validated task.
 * @returns A short description for plans and logs.
 */
export function describeTask(task: TaskSpec): string {
  switch (task.kind) {
    case "sleep":
      return `sleep ${formatMs(task.durationMs)}`;
    case "fetch": {
      const request = `${task.request.method} ${task.request.url}`;
      const targets = [
        ...(task.save === undefined ? [] : [task.save]),
        ...(task.onResponse === undefined ? [] : ["callback"]),
      ];
      return targets.length === 0
        ? `${request} (not saved)`
        : `${request} → ${targets.join(" + ")}`;
    }
    case "custom":
      return "custom coroutine";
  }
}

/**
 * How long a finished task ran, as every view shows it: its loop-clock span, plus the real time it
 * spent fetching when the clock was virtual (that clock stands still while a fetch is pending, and
 * runs through sleeps without waiting).
 *
 * @param result The task's record.
 * @returns Milliseconds, or null when it never started.
 */
export function taskDurationMs(result: TaskResult): number | null {
  if (result.startMs === null || result.endMs === null) return null;
  return result.endMs - result.startMs + (result.realFetchMs ?? 0);
}

/**
 * Says where a fetch's body is, for the live view: `a.html`, or `unchanged a.html` when the server
 * answered 304 and the file an earlier run saved was kept.
 *
 * @param fetch What the fetch task fetched, if it is one.
 * @returns The text, or "" when nothing was saved.
 */
export function savedDetail(fetch: FetchSummary | undefined): string {
  if (fetch === undefined) return "";
  const path = fetch.savedPath ?? "";
  return fetch.unchanged ? `unchanged ${path}`.trimEnd() : path;
}

/**
 * Says how a task ended, for logs: `done 3.00s (200, 512 bytes, saved a.html)`,
 * `done 0.02s (304, unchanged a.html)`, `failed 0.52s: Cannot connect…`, `skipped: …`.
 *
 * @param result The task's record.
 * @returns The outcome, its duration when it ran, and the error message when there is one.
 */
export function describeOutcome(result: TaskResult): string {
  const durationMs = taskDurationMs(result);
  let text = durationMs === null
    ? result.outcome
    : `${result.outcome} ${formatSeconds(durationMs)}`;
  if (result.outcome === "done" && result.fetch !== undefined) {
    const { status, bytes, savedPath, unchanged } = result.fetch;
    const facts = [String(status ?? "-")];
    // An unchanged fetch received no body, so no byte count: the file an earlier run saved stands.
    if (unchanged) facts.push(savedDetail(result.fetch));
    else {
      facts.push(`${bytes} bytes`);
      if (savedPath !== null) facts.push(`saved ${savedPath}`);
    }
    text += ` (${facts.join(", ")})`;
  }
  if (result.error !== undefined) text += `: ${result.error.message}`;
  return text;
}
