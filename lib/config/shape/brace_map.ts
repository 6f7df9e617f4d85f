/**
 * Text that YAML read as a map: a value that starts with `{` is a flow mapping, so an unquoted
 * `save: {filename}` is the map `{ filename: null }`, and `{a,b}` is `{ a: null, b: null }`. Text
 * with more after the `}` (`{1}.html`) is a YAML syntax error, which `yaml_syntax.ts` explains.
 * @module
 */
import { isPlainObject } from "./record.ts";

/**
 * The problem of a map found where text belongs, when it is what an unquoted `{name}` makes: keys
 * that all have no value. It says how the value was read and shows it quoted.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { braceMapProblem } from "./brace_map.ts";
 * assertEquals(
 *   braceMapProblem("a path template", { filename: null }, "save"),
 *   'expected a path template, got a map: in YAML {filename} is a map; quote it: save: "{filename}"',
 * );
 * assertEquals(braceMapProblem("a path template", { host: "x" }, "save"), undefined);
 * ```
 *
 * @param what What belongs there, for `expected <what>`.
 * @param value What was found.
 * @param key The field's key, shown in the quoted example (an index is not).
 * @returns The problem, or undefined when the value is no such map.
 */
export function braceMapProblem(
  what: string,
  value: unknown,
  key: string | number | undefined,
): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const names = Object.keys(value);
  if (names.length === 0 || names.some((name) => value[name] !== null)) return undefined;
  const written = `{${names.join(",")}}`;
  const field = typeof key === "string" ? `${key}: ` : "";
  return `expected ${what}, got a map: in YAML ${written} is a map; quote it: ${field}"${written}"`;
}
