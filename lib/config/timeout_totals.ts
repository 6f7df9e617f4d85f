/**
 * `timeout.total` ends each attempt, so a `timeout.headers` or `timeout.idle` (a bare `timeout`
 * sets both) longer than the `total` in force where it is written never applies: `timeout: 10m`
 * under the built-in `total` of 5m fails slow answers at 5m. Each is a config error at its place,
 * naming both values, where the `total` comes from, and the fix. Only phases written at a place are
 * compared, with the `total` in force there (given with them, from `defaults`, or the built-in
 * default): a task that lowers `total` below a phase it inherits means the lower limit.
 * @module
 */
import { formatMs } from "../loop/mod.ts";
import type { ConfigPath } from "./config_error.ts";
import { builtinFetchDefaults } from "./defaults.ts";
import { durationProblem, parseDuration, timeLimitProblem } from "./duration.ts";
import type { PathIssue } from "./path_issue.ts";
import { isRecord } from "./schema_fetch.ts";

/** The `total` in force at a place, and where it comes from, completing `timeout.total (5m, …)`. */
interface Total {
  ms: number;
  from: string;
}

/**
 * Finds phase limits longer than the `total` in force where they are written: in `defaults`, on a
 * task, or in a task's `fetch`.
 *
 * @param input A raw config, valid or not (values the schema refuses are left to it).
 * @returns One issue per such limit, at `…timeout` (a bare duration) or `…timeout.headers` /
 *   `…timeout.idle`.
 */
export function checkTimeoutTotals(input: unknown): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  const builtin = { ms: builtinFetchDefaults().timeouts.totalMs, from: "the built-in default" };
  const defaults = isRecord(input.defaults)
    ? checkPlace(input.defaults.timeout, builtin, ["defaults"], issues)
    : builtin;
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task, index) => {
    if (!isRecord(task)) return;
    // A task gives its fetch settings on itself or in its `fetch`, not both (the schema says so).
    const fetch = isRecord(task.fetch) && task.timeout === undefined ? task.fetch : undefined;
    const at: ConfigPath = fetch === undefined ? ["tasks", index] : ["tasks", index, "fetch"];
    checkPlace((fetch ?? task).timeout, defaults, at, issues);
  });
  return issues;
}

/**
 * Checks the phases one place's `timeout` gives against the `total` in force there.
 *
 * @returns The `total` in force below it (for tasks, below `defaults`).
 */
function checkPlace(
  timeout: unknown,
  inherited: Total,
  at: ConfigPath,
  issues: PathIssue[],
): Total {
  if (!isRecord(timeout)) {
    const ms = limitMs(timeout);
    if (ms !== undefined && ms > inherited.ms) {
      const shown = formatMs(ms);
      issues.push({
        path: [...at, "timeout"],
        message: `${shown} (for headers and idle) ${longerThan(inherited)}: raise total with it, ` +
          `as in timeout: { headers: ${shown}, idle: ${shown}, total: ${shown} }`,
      });
    }
    return inherited;
  }
  const own = limitMs(timeout.total);
  const total = own === undefined ? inherited : { ms: own, from: "given with it" };
  for (const phase of ["headers", "idle"]) {
    const ms = limitMs(timeout[phase]);
    if (ms === undefined || ms <= total.ms) continue;
    const shown = formatMs(ms);
    issues.push({
      path: [...at, "timeout", phase],
      message: `${shown} ${longerThan(total)}: raise total to at least ${shown}`,
    });
  }
  return own === undefined ? inherited : { ms: own, from: "from defaults" };
}

function longerThan(total: Total): string {
  return `is longer than timeout.total (${formatMs(total.ms)}, ${total.from}), which ends each ` +
    "attempt first, so it would never apply";
}

/** A time limit's milliseconds; undefined for a value the schema refuses (or none). */
function limitMs(value: unknown): number | undefined {
  if (durationProblem(value) !== undefined) return undefined;
  const limit = value as string | number;
  return timeLimitProblem(limit) === undefined ? parseDuration(limit) : undefined;
}
