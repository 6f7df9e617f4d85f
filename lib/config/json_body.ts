/**
 * A `body: { json }` is sent as `JSON.stringify` writes it, and only a TypeScript config can hold
 * values that it cannot write, or writes as something else: a BigInt throws (the fetch would fail
 * at run time without a field), a function or a symbol is left out, `NaN` and `Infinity` become
 * `null`, a Map or a Set becomes `{}`. Each is a config error at its place in the body instead.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import type { PathIssue } from "./path_issue.ts";
import { isRecord } from "./schema_fetch.ts";
import { walkValues } from "./nesting.ts";

/**
 * Finds JSON bodies (a task's `fetch: { body: { json } }`) that hold a value JSON cannot carry as
 * it is.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per such body, at its first such value.
 */
export function checkJsonBodies(input: unknown): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  const visit = (settings: unknown, at: ConfigPath) => {
    if (!isRecord(settings) || !isRecord(settings.body) || !("json" in settings.body)) return;
    const found = unsendable(settings.body.json);
    if (found !== undefined) {
      issues.push({ path: [...at, "body", "json", ...found.path], message: found.message });
    }
  };
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task, index) => {
    if (isRecord(task)) visit(task.fetch, ["tasks", index, "fetch"]);
  });
  return issues;
}

/**
 * The first value in a JSON body that `JSON.stringify` cannot write as it is (loading bounded the
 * nesting already, and refused cycles); a path is built only for the value found, as a body of a
 * million keys is walked on every load.
 */
function unsendable(body: unknown): { path: ConfigPath; message: string } | undefined {
  const problem = valueProblem(body);
  if (problem !== undefined) return { path: [], message: problem };
  if (!isWalked(body)) return undefined;
  return walkValues(body, {
    visit(value, _depth, path) {
      const found = valueProblem(value);
      return found === undefined ? undefined : { path: path(), message: found };
    },
    enters: isWalked,
  });
}

/** An object or array whose values JSON writes one by one (not one that writes itself). */
function isWalked(value: unknown): value is object {
  return typeof value === "object" && value !== null && !hasToJson(value);
}

/** Why one value cannot go into JSON as it is, or undefined. */
function valueProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return undefined;
    case "number":
      return Number.isFinite(value)
        ? undefined
        : `${value} is sent as null in JSON: give a number, or null itself`;
    case "object":
      if (value instanceof Map) {
        return "a Map is sent as {} in JSON: convert it, as Object.fromEntries(map) does";
      }
      return value instanceof Set
        ? "a Set is sent as {} in JSON: convert it, as [...set] does"
        : undefined;
    case "bigint":
      return `${value}n is a BigInt, which JSON cannot carry: write it as a number or a string`;
    case "function":
      return "a function is left out of JSON: give the value it stands for";
    default:
      return "a symbol is left out of JSON: give a string";
  }
}

/** A value that writes itself (a Date, a URL): JSON takes what its `toJSON` returns. */
function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
