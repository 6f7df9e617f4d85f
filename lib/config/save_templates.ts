/**
 * Checks `save:` path templates at load time, so a template that could leave the output directory or
 * names an unknown placeholder is a config error (exit 2, nothing run), not a failed task later.
 * @module
 */
import { validatePathTemplate } from "../sinks/mod.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./zod_issues.ts";

/**
 * Finds problems in every task's `save` template.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per template problem, at `tasks[i].save`.
 */
export function checkSaveTemplates(input: unknown): PathIssue[] {
  const tasks = isRecord(input) && Array.isArray(input.tasks) ? input.tasks : [];
  const issues: PathIssue[] = [];
  tasks.forEach((task, index) => {
    if (!isRecord(task) || typeof task.save !== "string" || task.save === "") return;
    for (const problem of validatePathTemplate(task.save)) {
      issues.push({ path: ["tasks", index, "save"], message: problem.message });
    }
  });
  return issues;
}
