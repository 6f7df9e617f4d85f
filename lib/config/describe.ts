/**
 * How a config value is shown in messages ("got ..."): short, unambiguous about its type, and
 * without the credentials a text may hold.
 * @module
 */
import { urlTextWithoutCredentials } from "../frontier/url_pattern.ts";

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
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    return JSON.stringify(shown);
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

/**
 * Text that may hold credentials, whether or not it is a URL (a key of `origins:`, a value given
 * where a URL belongs), as a message may show it. A URL with a host (`http://u:pw@h`,
 * `http:/u:pw@h`) goes by `urlTextWithoutCredentials`; other text (`u:pw@h`, `http//u:pw@h`, which
 * the URL parser reads as a scheme and a path, or refuses) loses all before its last `@` when a `:`
 * comes before it: that is how a `user:password@` looks.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { textWithoutCredentials } from "./describe.ts";
 * assertEquals(textWithoutCredentials("http:/u:pw@host"), "http:/***@host");
 * assertEquals(textWithoutCredentials("u:pw@host"), "***@host");
 * assertEquals(textWithoutCredentials("me@x.org"), "me@x.org");
 * ```
 *
 * @param text Any text.
 * @returns It without what may be credentials.
 */
export function textWithoutCredentials(text: string): string {
  if ((URL.parse(text)?.host ?? "") !== "") return urlTextWithoutCredentials(text);
  const at = text.lastIndexOf("@");
  return at > 0 && text.slice(0, at).includes(":") ? `***${text.slice(at)}` : text;
}
