/**
 * The files a `save` template will write that the config alone decides: rendered for the URLs the
 * task names (its own, or a pattern's), when nothing of the response goes into the path. So two
 * tasks whose templates render one file (`/page?id=1` and `/page?id=2` under `{host}/{path}`) are
 * found when the config loads, as two literal saves of one file are (save_collisions.ts), not only
 * when the second fetch claims the file. A list's URLs are read only as the run goes: the run checks
 * those (lib/tasks/saved_paths.ts).
 * @module
 */
import { renderPathTemplate } from "../sinks/mod.ts";
import { withoutCredentials } from "../net/mod.ts";
import { CHECKED_PATTERN_URLS, parsedPatternOf, writtenUrlsOf } from "./url_sources.ts";
import { UrlPatternError } from "../frontier/url_pattern.ts";

/** One file a template renders, and the URL (without credentials) it renders it for. */
export interface KnownSave {
  /** The rendered path, relative to the output directory, as the template writes it. */
  rendered: string;
  /** The URL fetched, as a message may show it. */
  url: string;
}

/**
 * Placeholders the response or chance decides (`{uuid}`, `{sha256}`, the server's `{filename}`):
 * a path with one is not known before the fetch (and `{uuid}`, `{sha256}` never collide).
 */
const UNKNOWN_BEFORE_FETCH = /\{(uuid|sha256|filename)\}/;

/**
 * Most URLs of patterns rendered for one config, past each pattern's first: the rest are left to
 * the run's check, so a config of many large patterns loads in time linear in its size.
 */
export const MAX_RENDERED_PATTERN_URLS = 100_000;

/**
 * Renders a task's `save` template for the URLs its config names: its own URL, or each of a
 * pattern's first `CHECKED_PATTERN_URLS` (while the budget lasts). A URL whose path the response
 * would decide (`{ext}` of a URL without an extension) is passed over, and so is one the template
 * cannot render (the template and URL checks report those).
 *
 * @param task A raw task, valid or not, whose `save` has placeholders.
 * @param name The task's name (`{name}`).
 * @param date The run's day (`{date}`), one for the whole config.
 * @param budget What is left of `MAX_RENDERED_PATTERN_URLS`; lowered as pattern URLs are rendered.
 * @returns The paths known now, in the order of the URLs.
 */
export function knownSaves(
  task: Record<string, unknown>,
  name: string,
  date: Date,
  budget: { left: number },
): KnownSave[] {
  const save = task.save;
  if (typeof save !== "string" || UNKNOWN_BEFORE_FETCH.test(save)) return [];
  const urls = writtenUrlsOf(task);
  if (urls?.kind !== "url") return []; // a list's URLs are read as the run goes
  const pattern = parsedPatternOf(task);
  if (pattern instanceof UrlPatternError) return []; // the pattern check reports it
  const known: KnownSave[] = [];
  const add = (url: string, parts: string[] | undefined) => {
    const rendered = renderKnown(save, { url, name, date, parts });
    if (rendered !== undefined) known.push({ rendered, url: withoutCredentials(url) });
  };
  if (pattern === undefined) {
    add(urls.url, undefined);
    return known;
  }
  let number = 0;
  for (const { url, parts } of pattern.items()) {
    if (++number > CHECKED_PATTERN_URLS) break;
    if (number > 1) {
      if (budget.left === 0) break;
      budget.left--;
    }
    add(url, parts);
  }
  return known;
}

/** Two Content-Types of different extensions: `{ext}` that differs between them is the response's. */
const HTML = "text/html";
const JSON_TYPE = "application/json";

/** The path, when the response has no say in it; undefined when it has, or it cannot be rendered. */
function renderKnown(
  save: string,
  vars: { url: string; name: string; date: Date; parts: string[] | undefined },
): string | undefined {
  try {
    const rendered = renderPathTemplate(save, { ...vars, contentType: HTML });
    if (!save.includes("{ext}")) return rendered;
    return renderPathTemplate(save, { ...vars, contentType: JSON_TYPE }) === rendered
      ? rendered
      : undefined;
  } catch {
    return undefined; // a bad URL, a missing part, a name too long: another check says so
  }
}
