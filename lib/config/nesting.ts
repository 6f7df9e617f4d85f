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
    "(flatten it, or raise the limit: maxNestingDepth)";
}

/** One object or array being walked: its keys (none for an array) and the next one. */
interface Frame {
  value: object;
  keys: readonly string[] | undefined;
  count: number;
  next: number;
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
  const stack: Frame[] = [frameOf(value)];
  // The path to the child just taken; built only for a problem.
  const path = () => stack.map((frame) => frame.keys?.[frame.next - 1] ?? frame.next - 1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.count) {
      const key = top.keys === undefined ? top.next : top.keys[top.next];
      top.next++;
      const child = (top.value as Record<string | number, unknown>)[key];
      if (!isContainer(child)) continue;
      if (open.has(child)) {
        const message = "this value contains itself (a cycle), which no config can mean";
        return { kind: "cycle", path: path(), message };
      }
      if (stack.length >= maxDepth) {
        const at = path().slice(0, SHOWN_LEVELS);
        return { kind: "depth", path: at, message: tooDeepMessage(maxDepth) };
      }
      open.add(child);
      stack.push(frameOf(child));
      continue;
    }
    stack.pop();
    open.delete(top.value);
  }
  return undefined;
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

function frameOf(value: object): Frame {
  if (Array.isArray(value)) return { value, keys: undefined, count: value.length, next: 0 };
  const keys = Object.keys(value);
  return { value, keys, count: keys.length, next: 0 };
}
