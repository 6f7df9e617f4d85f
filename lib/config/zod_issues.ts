/**
 * Turns zod's issues into config messages: one per unknown key (with a suggestion), missing keys named,
 * and unions resolved to the branch the value was meant for.
 * @module
 */
import type { z } from "./deps.ts";
import type { ConfigPath } from "./config_error.ts";
import { isRecord } from "./schema_fetch.ts";
import { didYouMean } from "./suggest.ts";

/** A problem at a field path, before it is located in a file. */
export interface PathIssue {
  path: ConfigPath;
  message: string;
  /** Point at the key itself (unknown keys) rather than at its value. */
  at?: "key" | "value";
}

type Issue = z.core.$ZodIssue;

/**
 * Converts the issues of a failed parse.
 *
 * @param issues The issues from `schema.safeParse(input, { reportInput: true })`.
 * @param input The value that was parsed.
 * @param schema The schema it was parsed with, to list the keys an object may have.
 * @returns One issue per problem, without duplicates.
 */
export function issuesFromZod(
  issues: readonly Issue[],
  input: unknown,
  schema: z.core.$ZodType,
): PathIssue[] {
  const out: PathIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: PathIssue) => {
    const key = JSON.stringify([issue.path, issue.message]);
    if (!seen.has(key)) out.push(issue), seen.add(key);
  };
  const visit = (issue: Issue, base: ConfigPath) => {
    const path = [...base, ...issue.path.map(toSegment)];
    if (issue.code === "invalid_union") {
      const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
      if (meant.length > 0) return meant[0].forEach((inner) => visit(inner, path));
    }
    if (issue.code === "invalid_key") {
      for (const inner of issue.issues) add({ path, message: inner.message, at: "key" });
      return;
    }
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        add({
          path: [...path, key],
          message: `unknown key "${key}"${didYouMean(key, known)}`,
          at: "key",
        });
      }
      return;
    }
    if (issue.code === "invalid_type" && path.length > 0) {
      const parent = valueAt(input, path.slice(0, -1));
      const key = path.at(-1)!;
      if (isRecord(parent) && typeof key === "string" && parent[key] === undefined) {
        return add({ path: path.slice(0, -1), message: `missing required key "${key}"` });
      }
    }
    add({ path, message: issue.message });
  };
  for (const issue of issues) visit(issue, []);
  return out;
}

/** A union branch that failed only because the value is of another type (not what was meant). */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  return branch.every((issue) =>
    issue.path.length === 0 &&
    (issue.code === "invalid_type" || issue.code === "invalid_union" ||
      issue.code === "invalid_value")
  );
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
  const rank = (path: ConfigPath): number[] => {
    const ranks: number[] = [];
    let value = input;
    for (const segment of path) {
      if (typeof segment === "number" || typeof value !== "object" || value === null) {
        ranks.push(typeof segment === "number" ? segment : Infinity);
      } else {
        const index = Object.keys(value).indexOf(segment);
        ranks.push(index < 0 ? Infinity : index);
      }
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

function toSegment(segment: PropertyKey): string | number {
  return typeof segment === "number" ? segment : String(segment);
}

function valueAt(root: unknown, path: ConfigPath): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** The parts of zod's schema definitions this walk reads. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
}

/**
 * Lists the keys an object at `path` may have, following the schema down the path.
 *
 * @param schema The root schema.
 * @param path Where the object is.
 * @returns The allowed keys (all object branches, for unions).
 */
export function knownKeysAt(schema: z.core.$ZodType, path: ConfigPath): Set<string> {
  const keys = new Set<string>();
  const walk = (node: z.core.$ZodType, depth: number): void => {
    const def = node._zod.def as unknown as SchemaDef;
    const segment = path[depth];
    if (def.innerType) return walk(def.innerType, depth);
    if (def.type === "pipe" && def.in) return walk(def.in, depth);
    if (def.options) return def.options.forEach((option) => walk(option, depth));
    if (depth === path.length) {
      if (def.shape) Object.keys(def.shape).forEach((key) => keys.add(key));
      return;
    }
    if (def.element && typeof segment === "number") return walk(def.element, depth + 1);
    if (def.valueType) return walk(def.valueType, depth + 1);
    const child = def.shape?.[String(segment)];
    if (child) walk(child, depth + 1);
  };
  walk(schema, 0);
  return keys;
}
