/**
 * What a run says when Deno's event loop has drained under it: what is left of it waits on promises
 * nothing will settle (a custom task awaiting one that never resolves), so it can never end. One
 * text for the library's `run()` and the command line, naming the tasks still waiting and on what.
 * @module
 */
import type { LiveRun } from "./report.ts";

/** How many stuck tasks the text names. */
const SHOWN_STALLED_TASKS = 5;

/**
 * The text of a stalled run.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { stalledText } from "./stalled_text.ts";
 * assertEquals(
 *   stalledText("corun's run() cannot end: what is left of it", []),
 *   "corun's run() cannot end: what is left of it waits on promises that nothing will settle " +
 *     "(a task awaits one that never resolves)",
 * );
 * ```
 *
 * @param lead Who cannot end (`corun's run() cannot end: what is left of it`).
 * @param runs The runs going, their tasks named.
 * @returns One line.
 */
export function stalledText(lead: string, runs: readonly (LiveRun | undefined)[]): string {
  // A task still waiting says on what; a sleep whose end the run reads only once it is over
  // (`TaskTable.unwatched`) shows as running, with nothing to say.
  const waiting = runs.flatMap((live) =>
    live?.snapshot().filter((task) => task.phase === "running" && task.detail) ?? []
  );
  const shown = waiting.slice(0, SHOWN_STALLED_TASKS).map((task) =>
    `"${task.name}" (waiting on ${task.detail})`
  );
  const more = waiting.length - shown.length;
  if (more > 0) shown.push(`${more} more`);
  const tasks = shown.length === 0
    ? ""
    : `: ${waiting.length === 1 ? "task" : "tasks"} ${shown.join(", ")}`;
  return `${lead} waits on promises that nothing will settle ` +
    `(a task awaits one that never resolves)${tasks}`;
}
