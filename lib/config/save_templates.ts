/**
 * Checks `save:` path templates at load time, so a template that could leave the output directory,
 * names an unknown placeholder, or renders a name too long for the task's own URLs is a config error
 * (exit 2, nothing run), not a failed task later.
 * Literal saves of one file are `save_collisions.ts`'s: they need every task at once.
 * @module
 */
import { renderPathTemplate, validatePathTemplate } from "../sinks/mod.ts";
import { highestPartPlaceholder, NameTooLongError, TemplateError } from "../sinks/path_template.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";
import { CHECKED_PATTERN_URLS, parsedPatternOf, writtenUrlsOf } from "./url_sources.ts";
import { UrlPatternError } from "../frontier/url_pattern.ts";
import { defaultTaskName } from "./task_graph.ts";

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
    if (problems.length > 0) return;
    const message = partProblem(task, task.save) ?? nameLengthProblem(task, index, task.save);
    if (message !== undefined) issues.push({ path: ["tasks", index, "save"], message });
  });
  return issues;
}

/**
 * What the response alone decides, at its fewest bytes: `{ext}` is `js` when the URL gives none
 * (the shortest a Content-Type makes), `{filename}` one character; `{uuid}`, `{sha256}` and
 * `{date}` are as long as ever.
 */
const FEWEST_RESPONSE_VARS = {
  contentType: "text/javascript",
  filename: "_",
  uuid: "00000000-0000-0000-0000-000000000000",
  sha256: "0".repeat(64),
  date: new Date(0),
} as const;

/**
 * A save that renders a name longer than a file system takes for the URLs known now: the task's
 * own, or a pattern's (each of up to `CHECKED_PATTERN_URLS`, else its first, as the URL check
 * does). Every fetch of such a URL would fail; a name only the response makes long is the fetch's
 * to refuse (`NameTooLongError`).
 */
function nameLengthProblem(
  task: Record<string, unknown>,
  index: number,
  save: string,
): string | undefined {
  if (!save.includes("{")) return undefined; // literal names are validatePathTemplate's
  const urls = writtenUrlsOf(task);
  if (urls?.kind !== "url") return undefined;
  const name = typeof task.name === "string" ? task.name : defaultTaskName(index);
  const pattern = parsedPatternOf(task);
  if (pattern instanceof UrlPatternError) return undefined; // the pattern check reports it
  if (pattern === undefined) return renderedNameProblem(save, urls.url, name, undefined);
  const checked = pattern.count <= CHECKED_PATTERN_URLS ? pattern.count : 1;
  let number = 0;
  for (const { url, parts } of pattern.items()) {
    if (++number > checked) break;
    const problem = renderedNameProblem(save, url, name, parts);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The long name `save` renders for `url`, said; any other failure is another check's to report. */
function renderedNameProblem(
  save: string,
  url: string,
  name: string,
  parts: string[] | undefined,
): string | undefined {
  try {
    renderPathTemplate(save, { ...FEWEST_RESPONSE_VARS, url, name, parts });
    return undefined;
  } catch (error) {
    return error instanceof NameTooLongError ? error.message : undefined;
  }
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
