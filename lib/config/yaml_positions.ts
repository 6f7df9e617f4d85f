/**
 * YAML parsed with positions (npm:yaml), loaded only when a problem has to be pointed at: it is the
 * slowest part of reading a large config, and a valid config never needs it.
 * @module
 */
import type { ConfigIssue, ConfigPath } from "./config_error.ts";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YamlDocument,
  type YAMLError,
  type YamlNode,
} from "./yaml_deps.ts";
import type { ParsedConfig, Position } from "./locate.ts";

/**
 * Parses with positions: slower, but every node knows its line and column.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @returns Syntax problems (duplicate keys included) and a locator; no data: the values of a YAML
 *   config are std's (`format_yaml.ts`), and building them again here would expand every alias.
 */
export function parseYamlWithPositions(text: string, file: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues = [...doc.errors, ...doc.warnings].map((error) =>
    syntaxIssue(error, file, lineCounter)
  );
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) return { value: undefined, issues, usable: false };
  return {
    value: undefined,
    issues,
    usable: true,
    locate: (path, at) => {
      const offset = findOffset(doc, path, at);
      return offset === undefined ? undefined : position(offset);
    },
  };
}

/** Where an alias is written: its position and the field it is the value (or key) of. */
export interface AliasPlace extends Position {
  path: ConfigPath;
}

/**
 * Finds an alias by its line and its rank among the aliases of that line.
 *
 * @param text The file's content.
 * @param line The 1-based line.
 * @param nthOnLine 0 for the line's first alias, 1 for the second…
 * @returns Where it is, or undefined when no such alias is found.
 */
export function findAlias(text: string, line: number, nthOnLine: number): AliasPlace | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  let seen = 0;
  // Depth first, in document order, without recursion: nesting can be as deep as the file is long.
  const stack: { node: unknown; path: ConfigPath }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isAlias(node)) {
      const start = startOf(node);
      if (start === undefined) continue;
      const position = lineCounter.linePos(start);
      if (position.line === line && seen++ === nthOnLine) {
        return { line: position.line, column: position.col, path };
      }
    } else if (isMap(node)) {
      for (let index = node.items.length - 1; index >= 0; index--) {
        const pair = node.items[index];
        const key = keyText(pair.key) ?? "";
        stack.push({ node: pair.value, path: [...path, key] });
        stack.push({ node: pair.key, path });
      }
    } else if (isSeq(node)) {
      for (let index = node.items.length - 1; index >= 0; index--) {
        stack.push({ node: node.items[index], path: [...path, index] });
      }
    }
  }
  return undefined;
}

function syntaxIssue(error: YAMLError, file: string, lineCounter: LineCounter): ConfigIssue {
  const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  const message = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
  return { file, line, column: col, path: "", message: `YAML syntax: ${message}` };
}

/** Walks the document along the path; stops at the deepest node present. */
function findOffset(doc: YamlDocument, path: ConfigPath, at: "key" | "value"): number | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (let depth = 0; depth < path.length; depth++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[depth];
    const last = depth === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) return offset;
      const keyOffset = startOf(pair.key);
      if (last && at === "key") return keyOffset ?? offset;
      node = pair.value;
      offset = (isEmpty(node) ? keyOffset : startOf(node)) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = node.items[segment];
      offset = startOf(node) ?? offset;
    } else return offset;
  }
  return offset;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** `key:` with nothing after it: pointing at the key reads better than at the end of the line. */
function isEmpty(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
}

function startOf(node: unknown): number | undefined {
  const range = (node as YamlNode | null)?.range;
  return range ? range[0] : undefined;
}
