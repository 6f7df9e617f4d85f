/**
 * How `corun run` stops on Ctrl-C (or SIGTERM). The first interrupt cancels every task, whose
 * `finally` blocks may take a while: it is said at once (`stopping: cancelling 3 running tasks (once
 * more to exit at once)`), as `schedule` says its stop, so a frame that still shows them running is
 * not taken for a run that ignored it. A second one exits at once.
 * @module
 */
import type { LiveRun } from "../tasks/mod.ts";

/**
 * The line the first interrupt says.
 *
 * @param live The run, once its tasks have started.
 * @returns `stopping: cancelling 3 running tasks (once more to exit at once)`.
 * @example
 * ```ts
 * import { stoppingLine } from "./run_stop.ts";
 * stoppingLine(undefined); // "stopping: cancelling the run (once more to exit at once)"
 * ```
 */
export function stoppingLine(live: LiveRun | undefined): string {
  const running = live?.progress().tasks.running ?? 0;
  const what = running === 0
    ? "the run"
    : `${running.toLocaleString("en-US")} running task${running === 1 ? "" : "s"}`;
  return `stopping: cancelling ${what} (once more to exit at once)`;
}
