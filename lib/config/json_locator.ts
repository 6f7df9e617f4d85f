/**
 * Finds where given fields are written in a JSON or JSONC text, in one streaming pass that keeps
 * only the positions asked for: the tree of every node (`parseTree`) of a config with a million keys
 * takes a few hundred MB, to point at the first hundred problems.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import { visitJson } from "./json_deps.ts";
import type { Locator, Position } from "./locate.ts";

/**
 * Builds a locator for the given fields (and the fields around them, for fields that are absent).
 *
 * @param text A JSON or JSONC text that parses.
 * @param paths The fields that will be located.
 * @param comments Whether comments and trailing commas are allowed (JSONC).
 * @returns A locator that knows those fields; for any other field, the nearest enclosing one known.
 */
export function locateJsonPaths(
  text: string,
  paths: readonly ConfigPath[],
  comments: boolean,
): Locator {
  const wanted = new Set<string>();
  const lengths = new Set<number>();
  for (const path of paths) {
    for (let length = 0; length <= path.length; length++) {
      wanted.add(JSON.stringify(path.slice(0, length)));
      lengths.add(length);
    }
  }
  const found = new Map<string, { key?: Position; value?: Position }>();
  const note = (path: ConfigPath, at: "key" | "value", line: number, character: number) => {
    const id = JSON.stringify(path);
    if (!wanted.has(id)) return;
    const entry = found.get(id) ?? {};
    // A key given twice: the last one is the value's, as JSON parsers keep it.
    entry[at] = { line: line + 1, column: character + 1 };
    if (at === "key") delete entry.value;
    found.set(id, entry);
  };
  // The length of the path of a value that starts now: the number of open containers.
  let depth = 0;
  const value = (line: number, character: number, pathOf: () => ConfigPath) => {
    if (lengths.has(depth)) note(pathOf(), "value", line, character);
  };
  visitJson(text, {
    onObjectBegin: (_offset, _length, line, character, pathOf) => {
      value(line, character, pathOf);
      depth++;
    },
    onArrayBegin: (_offset, _length, line, character, pathOf) => {
      value(line, character, pathOf);
      depth++;
    },
    onObjectEnd: () => void depth--,
    onArrayEnd: () => void depth--,
    onLiteralValue: (_value, _offset, _length, line, character, pathOf) => {
      value(line, character, pathOf);
    },
    onObjectProperty: (property, _offset, _length, line, character, pathOf) => {
      if (lengths.has(depth)) note([...pathOf(), property], "key", line, character);
    },
  }, { disallowComments: !comments, allowTrailingComma: comments });
  return (path, at) => {
    for (let length = path.length; length >= 0; length--) {
      const entry = found.get(JSON.stringify(path.slice(0, length)));
      if (entry === undefined) continue;
      if (length === path.length && at === "key" && entry.key) return entry.key;
      return entry.value ?? entry.key;
    }
    return undefined;
  };
}
