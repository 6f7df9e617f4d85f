/**
 * Every task's `save` template rendered, once, for the URLs its config names (its own, or a
 * pattern's), for the two load checks that need it: a name too long for a file system
 * (save_templates.ts), and the files the config alone decides, when nothing of the response goes
 * into the path, so two tasks whose templates render one file (`/page?id=1` and `/page?id=2` under
 * `{host}/{path}`) are found when the config loads, as two literal saves of one file are
 * (save_collisions.ts), not only when the second fetch claims the file. A list's URLs are read only
 * as the run goes: the run checks those (lib/tasks/saved_paths.ts).
 * @module
 */
import { renderPathTemplate } from "../sinks/mod.ts";
import { NameTooLongError, renderedDate } from "../sinks/path_template.ts";
import { withoutCredentials } from "../net/mod.ts";
import { CHECKED_PATTERN_URLS, parsedPatternOf, writtenUrlsOf } from "./url_sources.ts";
import { UrlPatternError } from "../frontier/url_pattern.ts";
import { isRecord } from "./schema_fetch.ts";
import { defaultTaskName } from "./task_graph.ts";

/** One file a template renders, and the URL (without credentials) it renders it for. */
export interface KnownSave {
  /** The rendered path, relative to the output directory, as the template writes it. */
  rendered: string;
  /** The URL fetched, as a message may show it. */
  url: string;
}

/** What one task's `save` renders for the URLs its config names. */
export interface RenderedSave {
  /** The files known now, in the order of the URLs (see {@linkcode renderSaves}). */
  known: KnownSave[];
  /**
   * The `NameTooLongError` message of the first URL whose name is too long however the response
   * goes, of the task's own URL or a pattern's (each of up to `CHECKED_PATTERN_URLS`, else its
   * first, as the URL check does).
   */
  tooLong?: string;
}

/** Every task's rendered `save`, and the day `{date}` rendered. */
export interface RenderedSaves {
  /** `{date}` as rendered: one day for the whole config, as for a run. */
  day: string;
  /** By task index; undefined for a task with nothing rendered (a literal save, a list, …). */
  tasks: readonly (RenderedSave | undefined)[];
}

/**
 * Placeholders the response or chance decides (`{uuid}`, `{sha256}`, the server's `{filename}`):
 * a path with one is not known before the fetch, and never lets one URL's body replace another's
 * (`{uuid}` differs from one URL to the next, `{sha256}` holds the same bytes, a `{filename}` two
 * fetches are given alike fails the second with `SAVE_COLLISION`).
 */
export const UNKNOWN_BEFORE_FETCH = /\{(uuid|sha256|filename)\}/;

/**
 * Most URLs of patterns whose files are known for one config, past each pattern's first: the rest
 * are left to the run's check, so a config of many large patterns keeps few paths to compare.
 */
const MAX_RENDERED_PATTERN_URLS = 100_000;

/**
 * What the response alone decides, at its fewest bytes: `{ext}` is `js` when the URL gives none
 * (the shortest a Content-Type makes), `{filename}` one character; `{uuid}` and `{sha256}` are as
 * long as ever, and so is `{date}`: any day of the years 1000 to 9999 is 10 bytes.
 */
const FEWEST_RESPONSE_VARS = {
  contentType: "text/javascript",
  filename: "_",
  uuid: "00000000-0000-0000-0000-000000000000",
  sha256: "0".repeat(64),
} as const;

/** A Content-Type of another `{ext}` than the fewest's: an `{ext}` that differs is the response's. */
const OTHER_TYPE = "text/html";

/** The day a name-too-long message shows, as it always has: the same whatever the run's day. */
const MESSAGE_DATE = new Date(0);

/** What a template is rendered with, besides the response's part. */
interface UrlVars {
  url: string;
  name: string;
  date: Date;
  parts: string[] | undefined;
}

/**
 * Renders each task's `save` template for the URLs its config names: its own URL, or each of a
 * pattern's first `CHECKED_PATTERN_URLS`. Every URL is rendered once, with the response's fewest
 * bytes (`FEWEST_RESPONSE_VARS`), for both checks. A file is known when the response has no say in
 * its path: no `{uuid}`, `{sha256}` or `{filename}`, and an `{ext}` the URL gives; past each
 * pattern's first URL, only while `MAX_RENDERED_PATTERN_URLS` lasts for the whole config. A URL
 * the template cannot render is passed over (the template and URL checks report those).
 *
 * @param input A raw config, valid or not.
 * @param date The run's day (`{date}`), one for the whole config.
 * @returns What each task's save renders.
 */
export function renderSaves(input: unknown, date: Date = new Date()): RenderedSaves {
  const tasks = isRecord(input) && Array.isArray(input.tasks) ? input.tasks : [];
  const rendered: (RenderedSave | undefined)[] = [];
  const budget = { left: MAX_RENDERED_PATTERN_URLS };
  for (let index = 0; index < tasks.length; index++) {
    const task = tasks[index];
    if (!isRecord(task) || typeof task.save !== "string" || !task.save.includes("{")) continue;
    const name = typeof task.name === "string" ? task.name : defaultTaskName(index);
    rendered[index] = renderSave(task, task.save, { name, date }, budget);
  }
  return { day: renderedDate(date), tasks: rendered };
}

/** One task's template rendered for its URLs; undefined when it names none the config knows. */
function renderSave(
  task: Record<string, unknown>,
  save: string,
  vars: { name: string; date: Date },
  budget: { left: number },
): RenderedSave | undefined {
  const urls = writtenUrlsOf(task);
  if (urls?.kind !== "url") return undefined; // a list's URLs are read as the run goes
  const pattern = parsedPatternOf(task);
  if (pattern instanceof UrlPatternError) return undefined; // the pattern check reports it
  const out: RenderedSave = { known: [] };
  const mayBeKnown = !UNKNOWN_BEFORE_FETCH.test(save);
  if (pattern === undefined) {
    renderFor(save, { ...vars, url: urls.url, parts: undefined }, out, true, mayBeKnown);
    return out;
  }
  const nameChecked = pattern.count <= CHECKED_PATTERN_URLS ? pattern.count : 1;
  let number = 0;
  for (const { url, parts } of pattern.items()) {
    if (++number > CHECKED_PATTERN_URLS) break;
    const checksName = number <= nameChecked && out.tooLong === undefined;
    let known = mayBeKnown;
    if (known && number > 1) {
      if (budget.left === 0) known = false;
      else budget.left--;
    }
    if (!checksName && !known) break;
    renderFor(save, { ...vars, url, parts }, out, checksName, known);
  }
  return out;
}

/** Renders `save` for one URL, into `out`: its name problem, when asked, and its known file. */
function renderFor(
  save: string,
  vars: UrlVars,
  out: RenderedSave,
  checksName: boolean,
  known: boolean,
): void {
  let rendered: string;
  try {
    rendered = renderPathTemplate(save, { ...FEWEST_RESPONSE_VARS, ...vars });
  } catch (error) {
    if (checksName && error instanceof NameTooLongError) {
      out.tooLong = tooLongMessage(save, vars) ?? error.message;
    }
    return; // a bad URL, a missing part: another check says so
  }
  if (!known || (save.includes("{ext}") && !extIsTheUrls(save, vars, rendered))) return;
  out.known.push({ rendered, url: withoutCredentials(vars.url) });
}

/** An `{ext}` rendered the same for another Content-Type: the URL's own, not the response's. */
function extIsTheUrls(save: string, vars: UrlVars, rendered: string): boolean {
  try {
    return renderPathTemplate(save, { ...vars, contentType: OTHER_TYPE }) === rendered;
  } catch {
    return false; // too long with a longer {ext}: not one path whatever the response
  }
}

/** The message of a name too long, with the day it has always shown (only `{date}` changes it). */
function tooLongMessage(save: string, vars: UrlVars): string | undefined {
  try {
    renderPathTemplate(save, { ...FEWEST_RESPONSE_VARS, ...vars, date: MESSAGE_DATE });
    return undefined;
  } catch (error) {
    return error instanceof NameTooLongError ? error.message : undefined;
  }
}
