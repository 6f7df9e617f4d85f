/**
 * `corun history` as text: one row per run with its start, duration, exit code, run id and task
 * counts; a skipped run says why instead of counts, and a run without an end whether it still runs
 * or did not finish.
 * @module
 */
import { alignColumns, escapeControls, formatSeconds } from "./format.ts";
import {
  type DamagedHistoryLine,
  type HistoryRun,
  isUnfinished,
  type UnfinishedRun,
} from "../schedule/mod.ts";
import { countOf } from "../tasks/mod.ts";

const OUTCOME_ORDER = ["done", "failed", "cancelled", "skipped"];

/** Damaged lines named one by one; more are counted. */
const DAMAGED_LINES_SHOWN = 5;

/** Other configs named when a config has no runs in a shared history; more are counted. */
const OTHER_CONFIGS_SHOWN = 3;

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
export function renderHistory(entries: readonly HistoryRun[]): string {
  // A task name or a lock holder's host in a skip reason may hold a newline or an escape sequence:
  // written escaped, a run stays one row and cannot move the cursor.
  const rows = [
    ["start", "duration", "exit", "run", "id", "tasks"],
    ...entries.map((entry) => [
      entry.startedAt,
      isUnfinished(entry) || entry.skipped !== undefined
        ? "-"
        : formatSeconds(Date.parse(entry.endedAt) - Date.parse(entry.startedAt)),
      isUnfinished(entry) ? "-" : String(entry.exitCode),
      entry.task === undefined ? "config" : `task ${entry.task}`,
      entry.runId ?? "-",
      isUnfinished(entry)
        ? describeUnfinished(entry)
        : entry.skipped === undefined
        ? describeCounts(entry.counts)
        : `skipped: ${entry.skipped}`,
    ]),
  ];
  const cells = rows.map((row) => row.map(escapeControls));
  return alignColumns(cells, { rightAligned: new Set([1, 2]), indent: "" }).join("\n") + "\n";
}

/**
 * What became of a run without an end, and where it ran: `did not finish (killed?): pid 4242 on
 * web1`, `running: pid 4242 on web1`, or `unknown (no file locks to tell): pid 4242 on web1`; a
 * run known by its id alone (its mark held on Windows) is `running`.
 *
 * @param run The run, from its history line or its mark.
 * @returns The text (not escaped: a host name is the machine's).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { describeUnfinished } from "./history_render.ts";
 * const run = { runId: "20261125T100000123Z-3f9a1c2b", startedAt: "2026-11-25T10:00:00.123Z" };
 * assertEquals(
 *   describeUnfinished({ ...run, pid: 4242, host: "web1", unfinished: "lost" }),
 *   "did not finish (killed?): pid 4242 on web1",
 * );
 * const going = { ...run, pid: 7, host: "", unfinished: "running" as const };
 * assertEquals(describeUnfinished(going), "running: pid 7");
 * assertEquals(describeUnfinished({ ...run, unfinished: "running" }), "running");
 * ```
 */
export function describeUnfinished(run: UnfinishedRun): string {
  // No pid: a run whose mark it holds cannot be read (Windows), and is known by its id alone.
  if (run.pid === undefined) return UNFINISHED_WORDS[run.unfinished];
  const where = `pid ${run.pid}${run.host ? ` on ${run.host}` : ""}`;
  return `${UNFINISHED_WORDS[run.unfinished]}: ${where}`;
}

/** What each state of a run without an end is called. */
const UNFINISHED_WORDS: Record<UnfinishedRun["unfinished"], string> = {
  lost: "did not finish (killed?)",
  running: "running",
  unknown: "unknown (no file locks to tell)",
};

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

/**
 * Warnings for the lines of a history that are not runs (they are left out): where each is and what
 * is wrong, so a hand edit can be found and mended; the first few, then how many more.
 *
 * @param historyPath The history file, as messages name it.
 * @param damaged From `readHistory`'s `onDamagedLine`.
 * @returns `warning: …` lines, each ending with a newline; empty when there are none.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { describeDamagedLines } from "./history_render.ts";
 * assertEquals(
 *   describeDamagedLines("out/.corun-history.jsonl", [{ line: 3, problem: "not a JSON line" }]),
 *   "warning: out/.corun-history.jsonl:3: not a JSON line; the line is not a run and is left out\n",
 * );
 * ```
 */
export function describeDamagedLines(
  historyPath: string,
  damaged: readonly DamagedHistoryLine[],
): string {
  const shown = damaged.slice(0, DAMAGED_LINES_SHOWN).map(({ line, problem }) => {
    const what = escapeControls(problem);
    return `warning: ${historyPath}:${line}: ${what}; the line is not a run and is left out\n`;
  });
  const more = damaged.length - shown.length;
  if (more > 0) {
    shown.push(`warning: ${historyPath}: ${countOf(more, "more damaged line")} left out\n`);
  }
  return shown.join("");
}

/**
 * What `corun history` says when a config has no runs in its history file. A file that holds runs
 * of other configs (sharing the output directory, or this one before a rename) names a few of them:
 * "no runs recorded" alone reads as an empty file, or one never written.
 *
 * @param historyPath The history file, as messages name it.
 * @param config The config, as messages name it; undefined for one made in code.
 * @param others The other configs whose runs the file holds, as messages name them, newest first.
 * @returns One line, ending with a newline.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { describeNoRuns } from "./history_render.ts";
 * assertEquals(
 *   describeNoRuns("/srv/out/.corun-history.jsonl", "/srv/b.yaml", ["/srv/a.yaml"]),
 *   "no runs of /srv/b.yaml recorded in /srv/out/.corun-history.jsonl; it holds runs of " +
 *     "/srv/a.yaml (a config sharing the output directory, or this one under an earlier name)\n",
 * );
 * ```
 */
export function describeNoRuns(
  historyPath: string,
  config: string | undefined,
  others: readonly string[],
): string {
  const distinct = [...new Set(others)];
  if (config === undefined || distinct.length === 0) return `no runs recorded in ${historyPath}\n`;
  const named = distinct.slice(0, OTHER_CONFIGS_SHOWN).map(escapeControls);
  const more = distinct.length - named.length;
  const list = more > 0
    ? `${named.join(", ")} and ${countOf(more, "other config")}`
    : named.length === 1
    ? named[0]
    : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  return `no runs of ${config} recorded in ${historyPath}; it holds runs of ${list} (a config ` +
    "sharing the output directory, or this one under an earlier name)\n";
}
