/**
 * Where a fetch task's URLs come from, read off the raw config: one URL, a URL pattern in curl's
 * globbing syntax (`https://x.org/page/[1-100].html`), or a list file (`fetch: { urls: FILE }`).
 * Patterns are checked when the config loads, so a bad one is a located config error (its column in
 * the pattern in the message), not a failed task later.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import {
  httpUrlProblem,
  parseUrlPattern,
  patternUrlProblem,
  type UrlPattern,
  UrlPatternError,
} from "../frontier/url_pattern.ts";
import type { PathIssue } from "./path_issue.ts";
import { isRecord } from "./schema_fetch.ts";
import { hasGlobSyntax } from "./url_glob.ts";

/** A fetch task's URLs as written. */
export type WrittenUrls =
  /** One URL, or a pattern (`glob` false: taken as written). `at` is the field, from the task. */
  | { kind: "url"; url: string; glob: boolean; at: ConfigPath }
  /** A list file's path, as written. */
  | { kind: "list"; path: string; at: ConfigPath };

const AT_FETCH: ConfigPath = Object.freeze(["fetch"]);
const AT_URL: ConfigPath = Object.freeze(["fetch", "url"]);
const AT_URLS: ConfigPath = Object.freeze(["fetch", "urls"]);

/**
 * Where a raw task's URLs come from.
 *
 * @param task A raw task, valid or not.
 * @returns Its URLs as written, or undefined when it is no fetch task or they are not text.
 */
export function writtenUrlsOf(task: unknown): WrittenUrls | undefined {
  if (!isRecord(task)) return undefined;
  const fetch = task.fetch;
  if (typeof fetch === "string") {
    return { kind: "url", url: fetch, glob: task.glob !== false, at: AT_FETCH };
  }
  if (!isRecord(fetch)) return undefined;
  if (typeof fetch.urls === "string") return { kind: "list", path: fetch.urls, at: AT_URLS };
  if (typeof fetch.url !== "string") return undefined;
  const glob = task.glob !== false && fetch.glob !== false;
  return { kind: "url", url: fetch.url, glob, at: AT_URL };
}

/**
 * The URL pattern a raw task fetches, when its URL is one with at least one glob.
 *
 * @param task A raw task, valid or not.
 * @returns The parsed pattern; undefined for a plain URL, `glob: false`, a list, a pattern of
 *   escaped brackets only, or a pattern that does not parse (`checkUrlPatterns` reports it).
 */
export function patternOf(task: unknown): UrlPattern | undefined {
  const parsed = parsedPatternOf(task);
  return parsed instanceof UrlPatternError || parsed?.globs === 0 ? undefined : parsed;
}

/**
 * A raw task's URL parsed as a pattern, when it has glob syntax and `glob` is not false.
 *
 * @param task A raw task, valid or not.
 * @returns The pattern (maybe with no globs: `\[` escapes only), the reason it does not parse, or
 *   undefined when the task's URLs are no pattern.
 */
export function parsedPatternOf(task: unknown): UrlPattern | UrlPatternError | undefined {
  if (!mayBePattern(task)) return undefined;
  const urls = writtenUrlsOf(task);
  if (urls?.kind !== "url" || !urls.glob) return undefined;
  try {
    return parseUrlPattern(urls.url);
  } catch (error) {
    if (error instanceof UrlPatternError) return error;
    throw error;
  }
}

/**
 * False when a raw task's URL is certainly no pattern (a plain URL, or none), without allocating:
 * the checks ask it of every task.
 *
 * @param task A raw task, valid or not.
 * @returns True when the task's `url` text has glob syntax.
 */
export function mayBePattern(task: unknown): boolean {
  if (!isRecord(task)) return false;
  const fetch = task.fetch;
  const url = typeof fetch === "string" ? fetch : isRecord(fetch) ? fetch.url : undefined;
  return typeof url === "string" && hasGlobSyntax(url);
}

/**
 * A pattern of at most this many URLs has each checked as a URL when the config loads; a larger one
 * has its first URL checked, and the rest as the run reaches them.
 */
export const CHECKED_PATTERN_URLS = 1_000;

/**
 * Finds URL patterns that do not parse or make URLs that are not http(s) URLs, and URLs with
 * brackets or braces that `glob: false` takes as written but that are not URLs then.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per bad pattern or URL, at the field that holds it.
 */
export function checkUrlPatterns(input: unknown): PathIssue[] {
  const tasks = isRecord(input) && Array.isArray(input.tasks) ? input.tasks : [];
  const issues: PathIssue[] = [];
  for (let index = 0; index < tasks.length; index++) {
    if (!mayBePattern(tasks[index])) continue;
    const urls = writtenUrlsOf(tasks[index]);
    // Plain URLs are the schema's: only text with glob syntax is left to this check.
    if (urls?.kind !== "url" || !hasGlobSyntax(urls.url)) continue;
    const message = urls.glob ? patternProblem(urls.url) : httpUrlProblem(urls.url);
    if (message !== undefined) issues.push({ path: ["tasks", index, ...urls.at], message });
  }
  return issues;
}

/** What is wrong with a pattern: its syntax (with the column), or a URL it makes. */
function patternProblem(text: string): string | undefined {
  let pattern: UrlPattern;
  try {
    pattern = parseUrlPattern(text);
  } catch (error) {
    if (error instanceof UrlPatternError) return error.message;
    throw error;
  }
  const checked = pattern.count <= CHECKED_PATTERN_URLS ? pattern.count : 1;
  let number = 0;
  for (const { url } of pattern.items()) {
    if (++number > checked) break;
    const problem = patternUrlProblem(pattern, url, number);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
