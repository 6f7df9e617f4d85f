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
  /** The first problems at field paths, in field order (`firstByField`). */
  first: readonly PathIssue[];
  /** How many problems there were in all, located ones included. */
  total: number;
  /** Finds fields in the file, when the format has positions. */
  locate?: Locator;
}

/**
 * The first problems at field paths, in the order their fields appear (`sortByField`).
 *
 * @param issues Problems at field paths.
 * @param value The data the paths are in.
 * @param max How many to keep.
 * @returns At most `max` issues.
 */
export function firstByField(
  issues: readonly PathIssue[],
  value: unknown,
  max: number,
): PathIssue[] {
  return sortByField(issues, value).slice(0, max);
}

/**
 * Chooses the problems to list: the first `max` in file order, then, when there are more, a line
 * saying how many.
 *
 * @param found What the checks found.
 * @param file The file name to report.
 * @param max How many problems to list.
 * @returns The issues to list.
 */
export function listIssues(found: FoundIssues, file: string, max: number): ConfigIssue[] {
  const all = sortIssues([...found.located, ...locateIssues(found.first, file, found.locate)]);
  const issues = all.slice(0, max);
  if (found.total > issues.length) {
    const more = found.total - issues.length;
    const rest = `${more.toLocaleString("en-US")} more ${more === 1 ? "problem" : "problems"}`;
    const listed = max === 1 ? "only the first is listed" : `only the first ${max} are listed`;
    issues.push({ file, path: "", message: `… and ${rest} (${listed})` });
  }
  return issues;
}
