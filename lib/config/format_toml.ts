/**
 * TOML configs. The parser reports syntax errors with positions; fields are located by `toml_locator.ts`.
 * @module
 */
import { parseToml, TomlError } from "./toml_deps.ts";
import { lineStarts, type ParsedConfig, positionAt } from "./locate.ts";
import { findTomlOffset, indexToml } from "./toml_locator.ts";
import { DEFAULT_MAX_NESTING_DEPTH, tooDeepMessage } from "./nesting.ts";
import { DURATION_PATTERN } from "./duration.ts";
import { RATE_PATTERN } from "./rate.ts";
import { SIZE_PATTERN } from "./size.ts";

/**
 * Parses a TOML config.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @param maxDepth The most levels inline arrays and tables may nest (the parser recurses through
 *   them); dotted keys nest too, which the whole value's check counts (`nesting.ts`).
 * @returns The data or the syntax problem (duplicate keys included), and a locator.
 */
export function parseTomlConfig(
  text: string,
  file: string,
  maxDepth: number = DEFAULT_MAX_NESTING_DEPTH,
): ParsedConfig {
  let value: unknown;
  try {
    value = parseToml(text, { maxDepth });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    const redefined = /redefine/.test(reason) ? keyAt(text, error.line, error.column) : undefined;
    const message = /excessively nested/.test(reason)
      ? tooDeepMessage(maxDepth)
      : redefined !== undefined
      ? `TOML syntax: ${JSON.stringify(redefined)} is defined twice (${reason})`
      : `TOML syntax: ${reason}${unquotedTextHint(text, error.line)}`;
    return {
      value: undefined,
      issues: [{
        file,
        line: error.line,
        column: error.column,
        path: "",
        message,
      }],
      usable: false,
    };
  }
  const starts = lineStarts(text);
  let fields: ReturnType<typeof indexToml> | undefined;
  return {
    value,
    issues: [],
    usable: true,
    locate: (path, at) => {
      fields ??= indexToml(text);
      return positionAt(starts, findTomlOffset(fields, path, at));
    },
  };
}

/**
 * The key (or table name) written at a 1-based line and column, as far as its `=`, `]` or `,`: what
 * the parser's "trying to redefine" points at but does not name.
 */
function keyAt(text: string, line: number, column: number): string | undefined {
  const lineText = text.split(/\r?\n/)[line - 1];
  const key = lineText?.slice(column - 1).split(/[=\],]/)[0].trim();
  return key ? key : undefined;
}

/** What corun reads from text that a TOML file may hold bare by mistake: `1s`, `30/min`, `10MiB`, a URL. */
const TEXT_VALUES = [DURATION_PATTERN, RATE_PATTERN, SIZE_PATTERN, "^https?://\\S+$"]
  .map((pattern) => new RegExp(pattern, "i"));

/** `key = value  # comment` on one line, the value neither quoted nor a table or array. */
const BARE_VALUE = /^\s*([A-Za-z0-9_-]+)\s*=\s*([^\s"'{[#][^#]*?)\s*(?:#.*)?$/;

/**
 * Why a value is a syntax error when TOML's own words do not say: a duration, rate, size or URL is
 * text, which TOML quotes (`sleep = 1s` reads as a number cut short).
 *
 * @param text The file's content.
 * @param line The 1-based line the error is on.
 * @returns The hint, starting with a space, or "" when the line holds no such value.
 */
function unquotedTextHint(text: string, line: number): string {
  const bare = BARE_VALUE.exec(text.split(/\r?\n/)[line - 1] ?? "");
  if (bare === null || !TEXT_VALUES.some((pattern) => pattern.test(bare[2]))) return "";
  return ` (text is quoted in TOML: ${bare[1]} = ${JSON.stringify(bare[2])})`;
}
