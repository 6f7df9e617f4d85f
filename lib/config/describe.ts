/**
 * How a config value is shown in messages ("got ..."): short and unambiguous about its type.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { headOf } from "../loop/mod.ts";

const MAX_SHOWN_CHARS = 40;

/**
 * Describes a value for an error message: strings quoted, objects and arrays named, long text cut.
 *
 * @param value Any value found in a config.
 * @returns A short description such as `"3 parsecs"`, `42`, `true`, `null`, `an object`, `a list`
 *   or `binary data`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > MAX_SHOWN_CHARS ? `${headOf(value, MAX_SHOWN_CHARS)}…` : value;
    return quoteReceived(shown);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return "binary data";
  if (value instanceof Map) return "a Map";
  if (value instanceof Set) return "a Set";
  if (value instanceof RegExp) return "a regular expression";
  if (typeof value === "object") return "an object";
  return typeof value;
}
