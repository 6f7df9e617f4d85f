/**
 * JSON and JSONC configs. JSONC allows comments and trailing commas; plain JSON does not.
 * @module
 */
import type { ConfigIssue, ConfigPath } from "./config_error.ts";
import { formatPath } from "./config_error.ts";
import {
  getNodeValue,
  type JsonNode,
  type JsonParseError,
  parseTree,
  printParseErrorCode,
  visitJson,
} from "./json_deps.ts";
import { bareTextHint } from "./bare_text_hint.ts";
import { openKeys } from "./open_keys.ts";
import { duplicateKeyMessage } from "./duplicate_key.ts";
import { locateJsonPaths } from "./json_locator.ts";
import { tooDeepJsonOffset } from "./json_nesting.ts";
import { lineStarts, lineText, type ParsedConfig, positionAt } from "./locate.ts";
import { DEFAULT_MAX_NESTING_DEPTH, tooDeepMessage } from "./nesting.ts";

/** Options of `parseJsonConfig`. */
export interface JsonConfigOptions {
  /** Allow comments and trailing commas (JSONC). @default false */
  comments?: boolean;
  /** The most levels of `[` and `{`. @default 1,000 (`DEFAULT_MAX_NESTING_DEPTH`) */
  maxDepth?: number;
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or a closing bracket',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "comments are not allowed in JSON (use a .jsonc file)",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

/**
 * Parses a JSON or JSONC config. Plain JSON is read by the runtime's parser first (a large generated
 * config in a fraction of the time and memory); the tree that knows every position is built only
 * when there is something to point at: a syntax error, a duplicate key, or a problem validation found.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @param options Whether comments and trailing commas are allowed; how deep brackets may nest.
 * @returns The data, syntax problems and duplicate keys, and a locator.
 */
export function parseJsonConfig(
  text: string,
  file: string,
  options: JsonConfigOptions = {},
): ParsedConfig {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  const tooDeep = tooDeepJsonOffset(text, maxDepth);
  if (tooDeep !== undefined) {
    const at = positionAt(lineStarts(text), tooDeep);
    const message = tooDeepMessage(maxDepth);
    return { value: undefined, issues: [{ file, ...at, path: "", message }], usable: false };
  }
  if (!options.comments) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return parseJsonWithPositions(text, file, options);
    }
    if (!hasDuplicateKeys(text)) {
      return {
        value,
        issues: [],
        usable: true,
        // Only the fields to point at are looked for, in one pass: no tree of every node.
        prepareLocate: (paths) => Promise.resolve(locateJsonPaths(text, paths, false)),
      };
    }
  }
  return parseJsonWithPositions(text, file, options);
}

/** Scans for a key given twice in one object (the runtime's parser keeps the last one silently). */
function hasDuplicateKeys(text: string): boolean {
  // One key set per nesting depth, emptied for every object at that depth: a generated config has
  // a hundred thousand small objects, and a set for each would be garbage to collect.
  const keysAtDepth: Set<string>[] = [];
  let depth = -1;
  let found = false;
  visitJson(text, {
    onObjectBegin: () => {
      depth++;
      (keysAtDepth[depth] ??= new Set()).clear();
    },
    onObjectEnd: () => void depth--,
    onObjectProperty: (name: string) => {
      const keys = keysAtDepth[depth];
      if (keys.has(name)) found = true;
      keys.add(name);
    },
  });
  return found;
}

/** Parses with a tree of nodes that know their offsets. */
function parseJsonWithPositions(
  text: string,
  file: string,
  options: JsonConfigOptions,
): ParsedConfig {
  const comments = options.comments ?? false;
  const starts = lineStarts(text);
  const errors: JsonParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: !comments,
    allowTrailingComma: comments,
    allowEmptyContent: false,
  });
  const at = (offset: number) => positionAt(starts, offset);
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const { message, offset, recoverable } = syntaxProblem(error, text, comments);
    const { line, column } = at(offset);
    const lineStart = starts[line - 1];
    const keysAt = (at: number) => openKeys(text.slice(0, lineStart + at - 1), "JSON");
    const hint = recoverable ? "" : quotingHint(text, offset) ||
      bareTextHint(lineText(text, line, starts), column, "JSON", keysAt);
    const issue = { file, line, column, path: "", message: `JSON syntax: ${message}${hint}` };
    const key = `${issue.line}:${issue.column}:${message}`;
    if (!seen.has(key)) issues.push(issue), seen.add(key);
    if (!recoverable) break; // later errors are mostly echoes of this one
  }
  if (errors.length > 0 || root === undefined) return { value: undefined, issues, usable: false };
  for (const { node, first, path } of duplicateKeys(root)) {
    const again = at(node.offset);
    const message = duplicateKeyMessage(String(node.value), again, at(first.offset));
    issues.push({ file, ...again, path: formatPath(path), message });
  }
  const indexes = new WeakMap<JsonNode, Map<unknown, JsonNode>>();
  return {
    value: getNodeValue(root),
    issues,
    usable: true,
    locate: (path, target) => {
      const { node, key } = findNode(root, path, indexes);
      return at(target === "key" && key ? key.offset : node.offset);
    },
  };
}

/**
 * The message of a parse error, where to point (a trailing comma rather than the bracket after it), and
 * whether the parser went on unharmed (comments and trailing commas).
 */
function syntaxProblem(
  error: JsonParseError,
  text: string,
  comments: boolean,
): { message: string; offset: number; recoverable: boolean } {
  const name = printParseErrorCode(error.error);
  if (name === "InvalidCommentToken") {
    return { message: SYNTAX_MESSAGES[name], offset: error.offset, recoverable: true };
  }
  const closing = text[error.offset] === "}" || text[error.offset] === "]";
  if (!comments && closing && (name === "PropertyNameExpected" || name === "ValueExpected")) {
    let comma = error.offset - 1;
    while (comma > 0 && /\s/.test(text[comma])) comma--;
    return {
      message: "trailing commas are not allowed in JSON (use a .jsonc file)",
      offset: text[comma] === "," ? comma : error.offset,
      recoverable: true,
    };
  }
  return { message: SYNTAX_MESSAGES[name] ?? name, offset: error.offset, recoverable: false };
}

/** A key written bare (`{ name: "a" }`) or text in single quotes, as JavaScript allows and JSON not. */
const UNQUOTED_KEY = /[A-Za-z_$][\w$-]*(?=[ \t]*:)/y;
const SINGLE_QUOTED = /'[^'\n]*'/y;

/**
 * The hint for an unexpected character that starts a key written as in JavaScript: JSON quotes every
 * key, and every string in double quotes, which the parser's own words do not say.
 *
 * @returns The hint, starting with a space, or "" when the offset starts neither.
 */
function quotingHint(text: string, offset: number): string {
  UNQUOTED_KEY.lastIndex = SINGLE_QUOTED.lastIndex = offset;
  const key = UNQUOTED_KEY.exec(text)?.[0];
  // Only where a key goes: after `{` or `,` (`"fetch": https://…` is a value, bareTextHint's).
  if (key !== undefined && /[{,]\s*$/.test(text.slice(Math.max(0, offset - 200), offset))) {
    return ` (keys are quoted in JSON: "${key}")`;
  }
  // The text itself is not repeated: it may be a password.
  return SINGLE_QUOTED.test(text) ? " (JSON quotes text with double quotes, not single)" : "";
}

/**
 * Walks the tree along the path; stops at the deepest node present. Each object's properties are
 * indexed the first time a path goes through it, so locating issues in an object of a million keys
 * does not search it once per issue.
 */
function findNode(
  root: JsonNode,
  path: ConfigPath,
  indexes: WeakMap<JsonNode, Map<unknown, JsonNode>>,
): { node: JsonNode; key?: JsonNode } {
  let node = root;
  let key: JsonNode | undefined;
  for (const segment of path) {
    const children = node.children ?? [];
    if (node.type === "object") {
      let byName = indexes.get(node);
      if (byName === undefined) {
        // The last property of a name wins, as in the parsed value.
        byName = new Map(children.map((child) => [child.children?.[0].value, child]));
        indexes.set(node, byName);
      }
      const property = byName.get(segment);
      const value = property?.children?.[1];
      if (!property || !value) return { node };
      key = property.children![0];
      node = value;
    } else if (node.type === "array" && typeof segment === "number" && children[segment]) {
      key = undefined;
      node = children[segment];
    } else return { node };
  }
  return { node, key };
}

/** Keys given twice in one object; the later one is reported (JSON parsers keep only one). */
function duplicateKeys(root: JsonNode): { node: JsonNode; first: JsonNode; path: ConfigPath }[] {
  const found: { node: JsonNode; first: JsonNode; path: ConfigPath }[] = [];
  // One path, pushed and popped on the way: copied only for a duplicate.
  const path: (string | number)[] = [];
  const walk = (node: JsonNode) => {
    const children = node.children ?? [];
    if (node.type === "array") {
      for (let index = 0; index < children.length; index++) {
        path.push(index);
        walk(children[index]);
        path.pop();
      }
      return;
    }
    if (node.type !== "object") return;
    const seen = new Map<string, JsonNode>(); // each key's first node
    for (const child of children) {
      if (!child.children) continue;
      const [key, value] = child.children;
      const name = String(key.value);
      path.push(name);
      const first = seen.get(name);
      if (first !== undefined) found.push({ node: key, first, path: [...path] });
      else seen.set(name, key);
      if (value) walk(value);
      path.pop();
    }
  };
  walk(root);
  return found;
}
