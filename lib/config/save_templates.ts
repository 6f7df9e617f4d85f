/**
 * Checks `save:` path templates at load time, so a template that could leave the output directory or
 * names an unknown placeholder is a config error (exit 2, nothing run), not a failed task later.
 * Literal saves of one file are `save_collisions.ts`'s: they need every task at once.
 * @module
 */
import { validatePathTemplate } from "../sinks/mod.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";

/**
 * Finds problems in every task's `save` template.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per template problem, at `tasks[i].save`.
 */
export function checkSaveTemplates(input: unknown): PathIssue[] {
  const tasks = isRecord(input) && Array.isArray(input.tasks) ? input.tasks : [];
  const issues: PathIssue[] = [];
  const verdicts = new Map<string, ReturnType<typeof validatePathTemplate>>(); // templates repeat
  tasks.forEach((task, index) => {
    if (!isRecord(task) || typeof task.save !== "string" || task.save === "") return;
    let problems = verdicts.get(task.save);
    if (problems === undefined) verdicts.set(task.save, problems = validatePathTemplate(task.save));
    for (const problem of problems) {
      issues.push({ path: ["tasks", index, "save"], message: problem.message });
    }
  });
  return issues;
}
