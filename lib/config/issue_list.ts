/**
 * Which problems a config error lists: the first ones, in file order, and one last line that counts
 * the others. A generated config can have a million wrong keys; a million lines help nobody, and
 * locating each one would cost more than checking the config.
 * @module
 */
import type { ConfigIssue } from "./config_error.ts";
import { sortIssues } from "./config_error.ts";
import { locateIssues, type Locator } from "./locate.ts";
import { type PathIssue, sortByField } from "./path_issue.ts";

/** How many problems a config error lists by default. */
export const DEFAULT_MAX_LISTED_ISSUES = 100;

/** What the checks of a config found. */
export interface FoundIssues {
  /** Problems located while parsing (syntax, duplicate keys). */
  located: readonly ConfigIssue[];
  /** Problems at field paths, to be located; may be only the first ones found. */
  atPaths: readonly PathIssue[];
  /** Problems found and not kept, beyond `atPaths`. */
  unlisted: number;
  /** The data the paths are in (orders issues of formats without positions). */
  value: unknown;
  /** Finds fields in the file, when the format has positions. */
  locate?: Locator;
}

/**
 * Chooses the problems to list: the first `max` in file order (field order where there are no
 * positions), then, when there are more, a line saying how many.
 *
 * @param found What the checks found.
 * @param file The file name to report.
 * @param max How many problems to list.
 * @returns The issues to list, and how many problems there were in all.
 */
export function listIssues(
  found: FoundIssues,
  file: string,
  max: number,
): { issues: ConfigIssue[]; total: number } {
  const firstAtPaths = sortByField(found.atPaths, found.value).slice(0, max);
  const all = sortIssues([...found.located, ...locateIssues(firstAtPaths, file, found.locate)]);
  const issues = all.slice(0, max);
  const total = found.located.length + found.atPaths.length + found.unlisted;
  if (total > issues.length) {
    const more = (total - issues.length).toLocaleString("en-US");
    issues.push({
      file,
      path: "",
      message: `… and ${more} more problems (only the first ${max} are listed)`,
    });
  }
  return { issues, total };
}
