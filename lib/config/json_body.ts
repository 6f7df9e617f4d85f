/**
 * A `body: { json }` is sent as `JSON.stringify` writes it, which cannot write some values, or
 * writes them as something else: in a TypeScript config a BigInt throws (the fetch would fail at
 * run time without a field), a function or a symbol is left out, `NaN` and `Infinity` become
 * `null`, a Map or a Set becomes `{}`; in any config binary data (YAML's `!!binary`) becomes an
 * object of byte indexes; and in a YAML or TOML file an unquoted date, which the parser reads as
 * a date, is sent as a UTC time (YAML) or in a form of its own (TOML), not as written. Each is a
 * config error at its place in the body instead. A Date a TypeScript config puts there is meant,
 * and sent as its `toJSON` says.
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
 * @param fromCode Its values were made by code (a TypeScript config), where a Date is meant; else
 *   they were read from a YAML or TOML file, whose dates were written unquoted.
 * @returns One issue per such body, at its first such value.
 */
export function checkJsonBodies(input: unknown, fromCode: boolean): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  const visit = (settings: unknown, at: ConfigPath) => {
    if (!isRecord(settings) || !isRecord(settings.body) || !("json" in settings.body)) return;
    const found = unsendable(settings.body.json, fromCode);
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
function unsendable(
  body: unknown,
  fromCode: boolean,
): { path: ConfigPath; message: string } | undefined {
  const problem = valueProblem(body, fromCode);
  if (problem !== undefined) return { path: [], message: problem };
  if (!isWalked(body)) return undefined;
  return walkValues(body, {
    visit(value, _depth, path) {
      const found = valueProblem(value, fromCode);
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
function valueProblem(value: unknown, fromCode: boolean): string | undefined {
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
      if (value instanceof Date && !fromCode) {
        return `an unquoted date is a date to YAML and TOML, sent in JSON as ${
          JSON.stringify(value)
        }: quote it to send the text as written ("…")`;
      }
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
        return fromCode
          ? "binary data is sent as an object of byte indexes in JSON: encode it, as base64 text"
          : "binary data (!!binary) is sent as an object of byte indexes in JSON: drop the tag " +
            'and quote the base64 text to send it as it is ("…")';
      }
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
