/**
 * Every problem found in a config, located, in one error.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import { headerNameFault, quoteReceived } from "../http/mod.ts";
import { urlTextWithoutCredentials } from "../net/mod.ts";

/** A field path inside a config: keys and list indexes from the root. */
export type ConfigPath = readonly (string | number)[];

/** One problem in a config: where it is and what is wrong. */
export interface ConfigIssue {
  /** The config file (as given to the loader) or the source name of a config given as an object. */
  file: string;
  /** 1-based line, when the format has positions. */
  line?: number;
  /** 1-based column, when the format has positions. */
  column?: number;
  /** The field, such as `tasks[2].sleep`; empty for the whole config. */
  path: string;
  /** What is wrong, such as `expected a duration like "3s", got "3 parsecs"`. */
  message: string;
}

/** Options of `ConfigError`. */
export interface ConfigErrorOptions {
  /** The underlying error, when one failure (such as an unreadable file) caused the issues. */
  cause?: unknown;
  /** How many problems were found, when `issues` lists only the first ones. @default issues.length */
  problems?: number;
}

/**
 * A config could not be loaded or validated. `issues` lists every problem at once.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ConfigError } from "@corun/corun";
 * const error = new ConfigError("tasks.yaml", [
 *   { file: "tasks.yaml", line: 3, column: 12, path: "tasks[0].sleep", message: "expected a duration" },
 * ]);
 * assertEquals(error.format(), "tasks.yaml:3:12: tasks[0].sleep: expected a duration");
 * ```
 */
export class ConfigError extends Error {
  static {
    brandClass(this, "ConfigError");
  }

  /** Stable code for callers that branch on the error. */
  readonly code = "CONFIG_INVALID";
  /** The problems, in the order they appear in the file; the first ones, when there are many. */
  readonly issues: ConfigIssue[];
  /**
   * The message's first line, which config and how many problems: `Cannot load the config
   * "x.yaml": found 2 problems` (the command line prints it under `format()`'s lines).
   */
  readonly summary: string;

  /**
   * Makes the error for a config with problems; its message counts them and lists the first ten (so
   * an uncaught one says what is wrong and where), `issues` and `format()` every one listed.
   *
   * @param source The config file or source name.
   * @param issues The problems found; at least one.
   * @param options The cause, if any.
   */
  constructor(source: string, issues: ConfigIssue[], options: ConfigErrorOptions = {}) {
    const problems = options.problems ?? issues.length;
    const count = problems === 1 ? "1 problem" : `${problems.toLocaleString("en-US")} problems`;
    const summary = `Cannot load the config "${source}": found ${count}`;
    super(summaryWithFirstIssues(summary, issues, problems), { cause: options.cause });
    this.name = "ConfigError";
    this.issues = issues;
    this.summary = summary;
  }

  /**
   * Renders the issues, one line each: `file:line:column: path: message`.
   *
   * @returns The lines joined with `\n`.
   */
  format(): string {
    return this.issues.map(formatIssue).join("\n");
  }
}

/** How many issues a `ConfigError`'s message lists (`issues` and `format()` have them all). */
const MESSAGE_ISSUES = 10;

/**
 * The summary, then the first issues one a line, indented: an error nobody catches (a script's
 * `await run({...})`) is printed by its message alone, which must say what is wrong and where.
 */
function summaryWithFirstIssues(
  summary: string,
  issues: readonly ConfigIssue[],
  problems: number,
): string {
  if (issues.length === 0) return summary;
  const shown = issues.length > MESSAGE_ISSUES ? issues.slice(0, MESSAGE_ISSUES) : issues;
  let text = `${summary}:`;
  for (const issue of shown) text += `\n  ${formatIssue(issue)}`;
  if (shown.length < issues.length) {
    const more = problems - shown.length;
    text += `\n  … and ${more.toLocaleString("en-US")} more (the error's \`issues\`)`;
  }
  return text;
}

/**
 * Renders one issue as `file:line:column: path: message`, leaving out what is unknown.
 *
 * @param issue The issue.
 * @returns One line.
 */
export function formatIssue(issue: ConfigIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  return issue.path === ""
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.path}: ${issue.message}`;
}

const IDENTIFIER_RE = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes a field path the way JavaScript would reach it: `tasks[2].fetch.headers["User-Agent"]`.
 * A key is a config's text (an `origins:` key is a URL): a `user:password@` in it is hidden.
 *
 * @param path Keys and indexes from the root.
 * @returns The path as text; empty for the root.
 */
export function formatPath(path: ConfigPath): string {
  let text = "";
  for (const [index, segment] of path.entries()) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER_RE.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${quoteReceived(shownKey(segment, path[index - 1]))}]`;
  }
  return text;
}

/**
 * A key as a path shows it: a header's name as lib/http shows one that is no token, up to its
 * first wrong character (`headers["Authorization…"]`: a name written with its value); any other
 * without what may be credentials.
 */
function shownKey(key: string, parent: string | number | undefined): string {
  const header = parent === "headers" ? headerNameFault(key) : undefined;
  return header?.shown ?? urlTextWithoutCredentials(key);
}

/**
 * Orders issues by file position; issues without a position keep their order, after the located ones.
 *
 * @param issues The issues, in the order they were found.
 * @returns A new sorted array.
 */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) =>
      (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) ||
      (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
      a.index - b.index
    )
    .map(({ issue }) => issue);
}
