/**
 * TOML configs. The parser reports syntax errors with positions; fields are located by `toml_locator.ts`.
 * @module
 */
import { parseToml, TomlError } from "./toml_deps.ts";
import { type ConfigIssue, type ConfigPath, formatPath } from "./config_error.ts";
import { duplicateKeyMessage } from "./duplicate_key.ts";
import { lineStarts, lineText, type ParsedConfig, type Position, positionAt } from "./locate.ts";
import { findTomlOffset, indexToml } from "./toml_locator.ts";
import { DEFAULT_MAX_NESTING_DEPTH, tooDeepMessage } from "./nesting.ts";
import { bareTextHint } from "./bare_text_hint.ts";
import { quoteReceived } from "../http/mod.ts";
import { CREDENTIAL_NOT_SHOWN, HIDDEN_VALUE, mayHoldCredential } from "./credential_place.ts";
import { keyParts, openKeys } from "./open_keys.ts";

/**
 * Parses a TOML config.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @param maxDepth The most levels inline arrays and tables may nest (the parser recurses through
 *   them); dotted keys nest too, which the whole value's check counts (`nesting.ts`).
 * @returns The data (null for a document of comments only) or the syntax problem (duplicate keys
 *   included), and a locator.
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
    const duplicate = redefined !== undefined ? duplicateOf(text, error.line) : undefined;
    if (duplicate !== undefined) {
      const { path, again, first } = duplicate;
      const message = duplicateKeyMessage(String(path.at(-1)), again, first);
      return {
        value: undefined,
        issues: [{ file, ...again, path: formatPath(path), message }],
        usable: false,
      };
    }
    const message = /excessively nested/.test(reason)
      ? tooDeepMessage(maxDepth)
      : redefined !== undefined
      ? `TOML syntax: ${quoteReceived(redefined)} is defined twice (${reason})`
      : `TOML syntax: ${reason}${syntaxHint(text, error.line, error.column)}`;
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
  // A document of comments only: no config, as YAML's null is (not a config that lacks "tasks").
  if (Object.keys(value as Record<string, unknown>).length === 0) {
    return { value: null, issues: [], usable: true };
  }
  const starts = lineStarts(text);
  const single = singleTasksTable(text, value as Record<string, unknown>, starts);
  if (single !== undefined) {
    return { value: undefined, issues: [{ file, ...single }], usable: false };
  }
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
 * `[tasks]` (one table) where `[[tasks]]` (a list of them) was meant: said on its own, as the
 * schema's "expected a list of tasks, got an object" does not tell TOML's fix.
 */
function singleTasksTable(
  text: string,
  value: Record<string, unknown>,
  starts: number[],
): Omit<ConfigIssue, "file"> | undefined {
  const tasks = value.tasks;
  if (typeof tasks !== "object" || tasks === null || Array.isArray(tasks)) return undefined;
  if (tasks instanceof Date) return undefined;
  const { line, column } = positionAt(starts, findTomlOffset(indexToml(text), ["tasks"], "key"));
  return {
    line,
    column,
    path: "tasks",
    message: "expected a list of tasks, got one table: " +
      "write [[tasks]] (two brackets) before each task, not [tasks]",
  };
}

/** What the parser's words leave out: an unquoted value, or a string left open at its line's end. */
function syntaxHint(text: string, lineNumber: number, column: number): string {
  const line = lineText(text, lineNumber);
  const open = openQuoteColumn(line);
  // The parser points at the line's end, or at the quote itself when the file ends there.
  if (open === undefined || (column <= line.length && column !== open)) {
    const table = tableKeys(text, lineNumber);
    const keysAt = (at: number) => [...table, ...openKeys(line.slice(0, at - 1), "TOML")];
    return bareTextHint(line, column, "TOML", keysAt) || colonHint(line, column, keysAt);
  }
  const quote = line[open - 1];
  return ` (the ${quote} at column ${open} starts a string that is never closed on its line: add ` +
    `the closing ${quote}, or write ${quote.repeat(3)} around text of several lines)`;
}

/**
 * `name: "a"`, YAML's way, where the parser finds an illegal character in the key. The value is
 * shown as "…" when it may be a credential.
 */
function colonHint(
  line: string,
  column: number,
  keysAt: (column: number) => readonly string[],
): string {
  const pair = /^([ \t]*)([A-Za-z0-9_-]+|"[^"\n]*")[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
  if (pair === null || column - 1 < pair[1].length + pair[2].length) return "";
  const [, indent, key, value] = pair;
  const secret = mayHoldCredential([...keysAt(indent.length + 1), ...keyParts(key, "TOML")]);
  const shown = value === ""
    ? HIDDEN_VALUE
    : secret
    ? `${HIDDEN_VALUE}; ${CREDENTIAL_NOT_SHOWN}`
    : value;
  return ` (TOML writes key = value, as in ${key} = ${shown})`;
}

/** The keys of the `[table]` or `[[table]]` a line is in, the last one above it. */
function tableKeys(text: string, lineNumber: number): string[] {
  const lines = text.split("\n", lineNumber - 1);
  for (let at = lines.length - 1; at >= 0; at--) {
    const header = /^[ \t]*\[\[?[ \t]*([^\][,=#]+?)[ \t]*\]\]?[ \t]*(?:#.*)?\r?$/.exec(lines[at]);
    if (header !== null) return keyParts(header[1], "TOML");
  }
  return [];
}

/**
 * The 1-based column of the quote that starts a one-line string still open at the line's end
 * (the parser names where the line ends, "control characters are not allowed in strings", or the
 * file's end, "unfinished string"), if one is.
 */
function openQuoteColumn(line: string): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (open === undefined) {
      if (char === "#") return undefined;
      if (char === '"' || char === "'") {
        // A multi-line string may stay open at its line's end.
        if (line.startsWith(char.repeat(3), i)) return undefined;
        open = i;
      }
    } else if (char === "\\" && line[open] === '"') i++;
    else if (char === line[open]) open = undefined;
  }
  return open === undefined ? undefined : open + 1;
}

/**
 * A key or table the parser found defined again on a line, with its path and both places, as JSON's
 * and YAML's duplicate keys are said. The file up to that line parsed, so the locator can index it
 * twice: without the line, and with it; the path the line adds is the one it repeats. Undefined when
 * the first is on the same line (an inline table's), or what repeats is an array (no key of it is
 * written twice): the parser's words then.
 */
function duplicateOf(
  text: string,
  line: number,
): { path: ConfigPath; again: Position; first: Position } | undefined {
  const starts = lineStarts(text);
  const lineStart = starts[line - 1];
  const lineEnd = starts[line] ?? text.length;
  const before = indexToml(text.slice(0, lineStart));
  let found: { path: ConfigPath; again: Position; first: Position } | undefined;
  for (const [key, field] of indexToml(text.slice(0, lineEnd))) {
    const offset = field.key ?? field.value;
    const earlier = before.get(key);
    if (offset < lineStart || earlier === undefined) continue;
    const path: ConfigPath = JSON.parse(key);
    // The deepest: `fetch.url` again also passes through its table `fetch`. An array's element is
    // no key: `[[tasks]]` after `tasks = [...]` gives the array twice, which the parser names.
    if (path.length <= (found?.path.length ?? 0) || typeof path.at(-1) !== "string") continue;
    const first = positionAt(starts, earlier.key ?? earlier.value);
    found = { path, again: positionAt(starts, offset), first };
  }
  return found;
}

/**
 * The key (or table name) written at a 1-based line and column, as far as its `=`, `]` or `,`: what
 * the parser's "trying to redefine" points at but does not name.
 */
function keyAt(text: string, line: number, column: number): string | undefined {
  const key = lineText(text, line).slice(column - 1).split(/[=\],]/)[0].trim();
  return key ? key : undefined;
}
