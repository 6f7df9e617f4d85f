/**
 * Checks `save:` path templates at load time, so a template that could leave the output directory,
 * names an unknown placeholder, or renders a name too long for the task's own URLs is a config error
 * (exit 2, nothing run), not a failed task later. The names a template renders for the URLs the
 * config names are rendered once for this check and the collisions' (known_saves.ts).
 * Literal saves of one file are `save_collisions.ts`'s: they need every task at once.
 * @module
 */
import { validatePathTemplate } from "../sinks/mod.ts";
import { highestPartPlaceholder, TemplateError } from "../sinks/path_template.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";
import { parsedPatternOf, writtenUrlsOf } from "./url_sources.ts";
import { UrlPatternError } from "../frontier/url_pattern.ts";
import { type RenderedSaves, renderSaves } from "./known_saves.ts";

/**
 * Finds problems in every task's `save` template.
 *
 * @param input A raw config, valid or not.
 * @param rendered Its saves rendered for the URLs it names, when already done.
 * @returns One issue per template problem, at `tasks[i].save`: a name that renders too long for a
 *   URL the config names as well (`RenderedSave.tooLong`), every fetch of which would fail.
 */
export function checkSaveTemplates(
  input: unknown,
  rendered: RenderedSaves = renderSaves(input),
): PathIssue[] {
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
    if (problems.length > 0) return;
    const message = partProblem(task, task.save) ?? rendered.tasks[index]?.tooLong;
    if (message !== undefined) issues.push({ path: ["tasks", index, "save"], message });
  });
  return issues;
}

/** A numbered placeholder may be in the text. */
const NUMBERED = /\{[0-9]/;

/**
 * `{n}` is what the n-th glob of the task's URL pattern matched: a save that names a part the URL
 * does not have could never be rendered.
 */
function partProblem(task: Record<string, unknown>, save: string): string | undefined {
  if (!NUMBERED.test(save)) return undefined; // most saves: no template parse per task
  const highest = highestPartPlaceholder(save);
  if (highest === 0) return undefined;
  const urls = writtenUrlsOf(task);
  if (urls === undefined) return undefined; // not a fetch task, or its URL is not text: reported
  const pattern = parsedPatternOf(task);
  if (pattern instanceof UrlPatternError) return undefined; // the pattern check reports it
  const placeholder = `{${highest}}`;
  let problem: string;
  if (pattern === undefined || pattern.globs === 0) {
    const why = urls.kind === "list"
      ? "its URLs come from a list"
      : urls.glob
      ? "its URL is not a pattern"
      : "its URL is taken as written (glob: false)";
    problem = `${placeholder} is a part a URL pattern matched, and ${why}`;
  } else if (highest > pattern.globs) {
    const has = pattern.globs === 1
      ? "1 glob ({1})"
      : `${pattern.globs} globs ({1} to {${pattern.globs}})`;
    problem = `${placeholder} is a part the URL pattern does not have: it has ${has}`;
  } else return undefined;
  return new TemplateError(save, save.indexOf(placeholder) + 1, problem).message;
}
