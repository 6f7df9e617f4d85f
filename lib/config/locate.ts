/**
 * From field paths to file positions: the common part of every format's locator.
 * @module
 */
import { type ConfigIssue, type ConfigPath, formatPath } from "./config_error.ts";
import type { PathIssue } from "./path_issue.ts";

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
  /**
   * What the file shows there that explains the value (a YAML anchor that left it empty), added to
   * the message of an issue located there, starting with a space.
   */
  hint?: string;
}

/**
 * Finds where a field is written: its key or its value. When the field is absent, the nearest enclosing
 * field that is present; `undefined` when the format has no positions.
 */
export type Locator = (path: ConfigPath, at: "key" | "value") => Position | undefined;

/**
 * Indexes the start of every line of a text.
 *
 * @param text The whole file.
 * @returns The offset of each line's first character, in order.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let offset = 0; offset < text.length; offset++) {
    if (text[offset] === "\n") starts.push(offset + 1);
  }
  return starts;
}

/**
 * The text of a line, without its line ending: what a syntax error's hint reads.
 *
 * @param text The whole file.
 * @param line A 1-based line number.
 * @param starts Line starts from `lineStarts` (or a parser's, which count lines alike), when known.
 * @returns The line's text; "" for a line the file does not have.
 */
export function lineText(
  text: string,
  line: number,
  starts: readonly number[] = lineStarts(text),
): string {
  if (line < 1 || line > starts.length) return "";
  return text.slice(starts[line - 1], starts[line] ?? text.length).replace(/\r?\n$/, "");
}

/**
 * Converts a character offset to a 1-based line and column.
 *
 * @param starts Line starts from `lineStarts`.
 * @param offset A character offset in the text.
 * @returns The position.
 */
export function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/**
 * Places path issues in a file.
 *
 * @param issues Problems at field paths.
 * @param file The file name to report.
 * @param locate The format's locator, if it has positions.
 * @returns The located issues.
 */
export function locateIssues(
  issues: readonly PathIssue[],
  file: string,
  locate?: Locator,
): ConfigIssue[] {
  return issues.map((issue) => {
    const { hint = "", ...position } = locate?.(issue.path, issue.at ?? "value") ?? {};
    return { file, ...position, path: formatPath(issue.path), message: issue.message + hint };
  });
}

/** A config file parsed by one format, before validation. */
export interface ParsedConfig {
  /** The data, when the file could be parsed. */
  value: unknown;
  /** Syntax problems and others found while parsing, already located. */
  issues: ConfigIssue[];
  /** False when the syntax problems leave no data worth validating. */
  usable: boolean;
  /** Finds fields in the file; absent for formats without positions. */
  locate?: Locator;
  /**
   * Builds `locate` when it is needed (it may be costly to build); called only when there are
   * issues, with the fields that will be located (a format may find only those).
   */
  prepareLocate?: (paths: readonly ConfigPath[]) => Promise<Locator | undefined>;
  /** The error behind the issues, such as the exception of a module that failed to import. */
  cause?: unknown;
}
