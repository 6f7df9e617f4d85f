/**
 * YAML parsed with positions (npm:yaml), loaded only when a problem has to be pointed at: it is the
 * slowest part of reading a large config, and a valid config never needs it.
 * @module
 */
import { type ConfigPath, formatPath } from "./config_error.ts";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YamlDocument,
  type YamlNode,
} from "./yaml_deps.ts";
import type { ParsedConfig, Position } from "./locate.ts";
import { duplicateKeyMessage } from "./duplicate_key.ts";
import { reservedStartIn, syntaxIssues } from "./yaml_syntax.ts";

/** What the parser with positions finds: no data, and whether keys are given twice. */
export interface YamlPositions extends ParsedConfig {
  /** Keys given again in their mapping, each an issue naming both places. */
  duplicateKeys: number;
}

/**
 * Parses with positions: slower, but every node knows its line and column.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @returns Syntax problems and keys given twice, and a locator; no data: the values of a YAML
 *   config are std's (`format_yaml.ts`), and building them again here would expand every alias.
 *   The locator works on a text this parser refuses too (std's may take it: a flow sequence less
 *   indented than its key), trusting only what is written before the first error.
 */
export function parseYamlWithPositions(text: string, file: string): YamlPositions {
  const lineCounter = new LineCounter();
  // npm:yaml's own check of unique keys compares each key with every key before it: hours for a
  // million keys. Keys are checked here instead, once each.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const issues = syntaxIssues([...doc.errors, ...doc.warnings], file, lineCounter, text, doc);
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const duplicates = duplicateKeys(doc);
  for (const { key, offset, firstOffset, path } of duplicates) {
    const again = position(offset);
    const message = duplicateKeyMessage(key, again, position(firstOffset));
    issues.push({ file, ...again, path: formatPath(path), message });
  }
  // Past its first error, the document is this parser's guess at the rest: its nodes may sit under
  // other parents than the value std read, so a field there is placed at the nearest one before.
  // A loop, not Math.min(...): a file of 200,000 tab-indented lines has as many errors, past the
  // arguments a call may take.
  let trustedEnd = Infinity;
  for (const error of doc.errors) trustedEnd = Math.min(trustedEnd, error.pos[0]);
  const indexes = new WeakMap<object, Map<string, unknown>>();
  return {
    value: undefined,
    issues,
    // A key given twice still leaves a document whose other fields can be checked.
    usable: doc.errors.length === 0,
    duplicateKeys: duplicates.length,
    locate: (path, at) => {
      const found = findOffset(doc, path, at, indexes, trustedEnd);
      if (found === undefined) return undefined;
      const anchor = at === "value" ? emptyAnchorOf(found.field, text, position) : undefined;
      return anchor === undefined
        ? position(found.offset)
        : { ...position(anchor.offset), hint: anchor.hint };
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

/** A key given again in its mapping: the key, where, where it was first, and its field. */
interface DuplicateKey {
  key: string;
  offset: number;
  firstOffset: number;
  path: ConfigPath;
}

/** One step down from the root, kept for the path of a duplicate (built only for those). */
interface Step {
  parent: Step | undefined;
  segment: string | number;
}

/** Each key given again in its mapping, in document order. */
function duplicateKeys(doc: YamlDocument): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: { node: unknown; at: Step | undefined }[] = [{ node: doc.contents, at: undefined }];
  while (stack.length > 0) {
    const { node, at } = stack.pop()!;
    if (isMap(node)) {
      const seen = new Map<unknown, number>(); // each key's first offset
      for (const pair of node.items) {
        // Scalars are the same key when their values are (1 and "1" are not); others never are.
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const step = { parent: at, segment: keyText(pair.key) ?? "" };
        if (isScalar(pair.key)) {
          const offset = startOf(pair.key) ?? 0;
          const firstOffset = seen.get(key);
          if (firstOffset === undefined) seen.set(key, offset);
          else found.push({ key: String(key), offset, firstOffset, path: pathOf(step) });
        }
        stack.push({ node: pair.key, at }, { node: pair.value, at: step });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) =>
        stack.push({ node: item, at: { parent: at, segment: index } })
      );
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function pathOf(step: Step | undefined): ConfigPath {
  const path: (string | number)[] = [];
  for (let at = step; at !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/**
 * An anchor on an empty value (`save: &x.html`, meant as text): where its `&` is, and the hint that
 * says so; undefined for any other node.
 */
function emptyAnchorOf(
  node: unknown,
  text: string,
  position: (offset: number) => Position,
): { offset: number; hint: string } | undefined {
  if (!isScalar(node) || node.anchor === undefined || node.source !== "" || !node.range) {
    return undefined;
  }
  const offset = text.lastIndexOf(`&${node.anchor}`, node.range[0]);
  if (offset === -1) return undefined;
  const { line, column } = position(offset);
  const hint = reservedStartIn(text, line, column)?.hint;
  return hint === undefined ? undefined : { offset, hint };
}

/**
 * Walks the document along the path; stops at the deepest node present, or at the last one that
 * starts before `trustedEnd`; `field` is the path's own node when it is there. A mapping's keys are indexed the first time a path goes through it,
 * so issues in a mapping of a million keys do not search it once each.
 */
function findOffset(
  doc: YamlDocument,
  path: ConfigPath,
  at: "key" | "value",
  indexes: WeakMap<object, Map<string, unknown>>,
  trustedEnd: number,
): { offset: number; field?: unknown } | undefined {
  const trusted = (found: number | undefined) => found !== undefined && found < trustedEnd;
  let node: unknown = doc.contents;
  const start = startOf(node);
  if (start === undefined || !trusted(start)) return undefined;
  let offset = start;
  for (let depth = 0; depth < path.length; depth++) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[depth];
    const last = depth === path.length - 1;
    let next: number | undefined;
    if (isMap(node)) {
      const pair = pairOf(node, String(segment), doc, indexes);
      if (pair === undefined) return { offset };
      const keyOffset = startOf(pair.key);
      if (last && at === "key") {
        return { offset: keyOffset !== undefined && trusted(keyOffset) ? keyOffset : offset };
      }
      node = pair.value;
      next = (isEmpty(node) ? keyOffset : startOf(node)) ?? keyOffset;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = node.items[segment];
      next = startOf(node);
    } else return { offset };
    if (next === undefined) continue;
    if (!trusted(next)) return { offset };
    offset = next;
  }
  return { offset, field: node };
}

type YamlPair = { key: unknown; value: unknown };

/**
 * A mapping's pair for a key: its own, else the one a merge key (`<<: *base`, `<<: [*a, *b]`)
 * brings in, where the value is written.
 */
function pairOf(
  map: unknown,
  key: string,
  doc: YamlDocument,
  indexes: WeakMap<object, Map<string, unknown>>,
): YamlPair | undefined {
  // Depth first, in the order YAML merges: a mapping's own keys, then each source in turn.
  const pending = [map];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isMap(node) || seen.has(node)) continue;
    seen.add(node);
    const byKey = keyIndexOf(node, indexes);
    const pair = byKey.get(key) as YamlPair | undefined;
    if (pair !== undefined) return pair;
    const merge = (byKey.get(MERGE_KEY) as YamlPair | undefined)?.value;
    const sources = isSeq(merge) ? merge.items : [merge];
    for (let index = sources.length - 1; index >= 0; index--) {
      const source = sources[index];
      pending.push(isAlias(source) ? source.resolve(doc) : source);
    }
  }
  return undefined;
}

/** The key YAML's merge of mappings is written with. */
const MERGE_KEY = "<<";

/**
 * A mapping's pairs by key text, made the first time a path goes through it. A key given twice is
 * found where it is given last: that value is the one read (`format_yaml.ts`).
 */
function keyIndexOf(
  map: { items: unknown[] },
  indexes: WeakMap<object, Map<string, unknown>>,
): Map<string, unknown> {
  let byKey = indexes.get(map);
  if (byKey === undefined) {
    byKey = new Map();
    for (const item of map.items) {
      const text = isPair(item) ? keyText(item.key) : undefined;
      if (text !== undefined) byKey.set(text, item);
    }
    indexes.set(map, byKey);
  }
  return byKey;
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
