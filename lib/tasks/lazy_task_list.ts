/**
 * A run report whose `tasks` list is built when first read: a quiet run of 100,000 tasks that all
 * succeeded never needs the records, and building them at the end was the run's last peak of memory.
 * @module
 */
import type { RunReport, TaskResult } from "./report.ts";

/**
 * Completes a report with a `tasks` list built on first read. Reading, JSON, spread,
 * `structuredClone` and `console.log` all see the list; assigning replaces it; a frozen report
 * still builds it.
 *
 * @param report Everything but the list.
 * @param build Makes the list (called once).
 * @returns The same object, now a whole report.
 */
export function withLazyTaskList(
  report: Omit<RunReport, "tasks">,
  build: () => TaskResult[],
): RunReport {
  let tasks: TaskResult[] | undefined;
  Object.defineProperty(report, "tasks", {
    enumerable: true,
    configurable: true,
    get: () => tasks ??= build(),
    set: (value: TaskResult[]) => void (tasks = value),
  });
  // Deno prints an accessor as [Getter/Setter]; print the list instead.
  Object.defineProperty(report, Symbol.for("Deno.customInspect"), {
    value(
      this: RunReport,
      inspect: (value: unknown, options: unknown) => string,
      options: unknown,
    ) {
      return inspect({ ...this }, options);
    },
  });
  return report as RunReport;
}
