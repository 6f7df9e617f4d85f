/**
 * A problem at a field path, before it is located in a file, and the order of such problems in
 * configs that have no line numbers.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";

/** A problem at a field path, before it is located in a file. */
export interface PathIssue {
  path: ConfigPath;
  message: string;
  /** Point at the key itself (unknown keys) rather than at its value. */
  at?: "key" | "value";
}

/**
 * Orders issues as their fields appear in the input (keys in insertion order, then list indexes), for
 * configs that have no line numbers; an object's own issues come before its fields'.
 *
 * @param issues The issues, in any order.
 * @param input The value they are about.
 * @returns A new sorted array.
 */
export function sortByField(issues: readonly PathIssue[], input: unknown): PathIssue[] {
  // Each object's keys are indexed once, the first time an issue points into it: looking a key up
  // in the key list for every issue made 16,000 unknown keys take half a minute.
  const keyIndexes = new Map<object, Map<string, number>>();
  const indexOf = (value: object, key: string): number => {
    let indexes = keyIndexes.get(value);
    if (indexes === undefined) {
      indexes = new Map(Object.keys(value).map((name, index) => [name, index]));
      keyIndexes.set(value, indexes);
    }
    return indexes.get(key) ?? Infinity;
  };
  const rank = (path: ConfigPath): number[] => {
    const ranks: number[] = [];
    let value = input;
    for (const segment of path) {
      if (typeof segment === "number" || typeof value !== "object" || value === null) {
        ranks.push(typeof segment === "number" ? segment : Infinity);
      } else ranks.push(indexOf(value, segment));
      value = (value as Record<string | number, unknown> | null)?.[segment];
    }
    return ranks;
  };
  const ranked = issues.map((issue, index) => ({ issue, index, ranks: rank(issue.path) }));
  ranked.sort((a, b) => {
    for (let depth = 0; depth < Math.min(a.ranks.length, b.ranks.length); depth++) {
      if (a.ranks[depth] !== b.ranks[depth]) return a.ranks[depth] - b.ranks[depth] || 0;
    }
    return a.ranks.length - b.ranks.length || a.index - b.index;
  });
  return ranked.map(({ issue }) => issue);
}
