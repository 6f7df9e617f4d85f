/**
 * How deep a config's values nest, and whether one contains itself. Parsers, validation and a JSON
 * body's copy all recurse, so a value nested a hundred thousand levels deep (a TOML dotted key of
 * 100,000 parts, a chain of YAML aliases, a TypeScript config's generated object) would overflow
 * the stack, and a value that contains itself (only code can build one) would never end. The walk
 * here keeps its own stack.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";

/**
 * How many levels a config's values may nest by default: 1,000 (the config itself is level 1, a
 * task's JSON body starts at level 6). Generous for any config written by hand or generated, and
 * well inside what the parsers and checks can recurse through.
 */
export const DEFAULT_MAX_NESTING_DEPTH = 1000;

/** Levels of a path shown when a value nests too deep: where it starts, not all 1,000 steps. */
const SHOWN_LEVELS = 10;

/** A value nested past the limit, or containing itself, at a field path. */
export interface NestingProblem {
  /** Nested past the limit, or containing itself. */
  kind: "depth" | "cycle";
  /** Where: the field that closes the cycle, or the first levels of the way down. */
  path: ConfigPath;
  /** What to tell the user. */
  message: string;
}

/**
 * The message for nesting past the limit, the same for every format.
 *
 * @param maxDepth The limit.
 * @returns The message.
 */
export function tooDeepMessage(maxDepth: number): string {
  return `nested deeper than ${maxDepth.toLocaleString("en-US")} levels ` +
    "(flatten it, or raise the limit: maxNestingDepth in loadConfig or validateConfig)";
}

/** What {@linkcode walkValues} does at each value under its root. */
export interface ValueWalk<R> {
  /**
   * Told each value under the root, with how many objects and arrays hold it and a way to build
   * its path (built only when asked); what it returns other than undefined ends the walk.
   */
  visit(value: unknown, depth: number, path: () => ConfigPath): R | undefined;
  /** Whether the walk goes into a value (an object or array) once visited. */
  enters(value: unknown): value is object;
  /** Told each object or array, the root included, once the walk is done with it. */
  leave?(value: object): void;
}

/** One object or array being walked: its keys (none for an array) and the next one. */
interface Frame {
  value: object;
  keys: readonly string[] | undefined;
  count: number;
  next: number;
}

/**
 * Walks the values under `root` depth first, with a stack of its own: a value may nest deeper than
 * the call stack would allow a recursion.
 *
 * @param root The object or array to walk.
 * @param walk What to do at each value.
 * @returns What `visit` ended the walk with, or undefined once every value was visited.
 */
export function walkValues<R>(root: object, walk: ValueWalk<R>): R | undefined {
  const stack: Frame[] = [frameOf(root)];
  // The path to the value just taken; built only when asked.
  const path = () => stack.map((frame) => frame.keys?.[frame.next - 1] ?? frame.next - 1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next === top.count) {
      stack.pop();
      walk.leave?.(top.value);
      continue;
    }
    const key = top.keys === undefined ? top.next : top.keys[top.next];
    top.next++;
    const value = (top.value as Record<string | number, unknown>)[key];
    const found = walk.visit(value, stack.length, path);
    if (found !== undefined) return found;
    if (walk.enters(value)) stack.push(frameOf(value));
  }
  return undefined;
}

/**
 * Finds the first value nested past `maxDepth`, or contained in itself. A value shared by many
 * fields is walked at each (as validation and normalisation walk it): the walk costs what they do.
 *
 * @param value A config's raw value.
 * @param maxDepth The most levels of objects and arrays (the value itself is level 1).
 * @returns The problem, or undefined when there is none.
 */
export function findNestingProblem(value: unknown, maxDepth: number): NestingProblem | undefined {
  if (!isContainer(value)) return undefined;
  const open = new Set<object>([value]);
  return walkValues<NestingProblem>(value, {
    visit(child, depth, path) {
      if (!isContainer(child)) return undefined;
      if (open.has(child)) {
        const message = "this value contains itself (a cycle), which no config can mean";
        return { kind: "cycle", path: path(), message };
      }
      if (depth >= maxDepth) {
        return {
          kind: "depth",
          path: path().slice(0, SHOWN_LEVELS),
          message: tooDeepMessage(maxDepth),
        };
      }
      open.add(child);
      return undefined;
    },
    enters: isContainer,
    leave: (done) => open.delete(done),
  });
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

function frameOf(value: object): Frame {
  if (Array.isArray(value)) return { value, keys: undefined, count: value.length, next: 0 };
  const keys = Object.keys(value);
  return { value, keys, count: keys.length, next: 0 };
}
