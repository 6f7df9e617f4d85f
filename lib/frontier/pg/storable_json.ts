/**
 * JSON text that PostgreSQL's `jsonb` takes. It refuses a string holding U+0000 or half of a
 * surrogate pair, though both are valid JSON: one such string (a callback's error message, a save
 * template, a metadata line) made the whole batch it was in fail, and a worker sent that batch again
 * for ever, its fetches never reported. Such characters are stored as U+FFFD instead.
 * @module
 */

/** What `JSON.stringify` writes for U+0000 and for a lone surrogate (both escaped, lower case). */
const REFUSED_ESCAPE = /\\u(?:0000|d[89a-f])/;

/**
 * A value as JSON text the database takes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { storableJson } from "./storable_json.ts";
 * assertEquals(storableJson({ error: "bad \u0000 byte" }), '{"error":"bad \uFFFD byte"}');
 * assertEquals(storableJson({ url: "https://a.test/é" }), '{"url":"https://a.test/é"}');
 * ```
 *
 * @param value A JSON value.
 * @returns Its JSON text, with U+0000 and lone surrogates in its strings made U+FFFD.
 */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value);
  // The common case costs one scan; only text that holds such a character is written again.
  return REFUSED_ESCAPE.test(text) ? JSON.stringify(value, storableStrings) : text;
}

/**
 * A line of JSON text (a metadata line) as the database takes it.
 *
 * @param json JSON text.
 * @returns The same text, or, when a string in it holds U+0000 or a lone surrogate, the text again
 *   with those made U+FFFD.
 */
export function storableJsonText(json: string): string {
  return REFUSED_ESCAPE.test(json) ? JSON.stringify(JSON.parse(json), storableStrings) : json;
}

function storableStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.replaceAll("\0", "\uFFFD").toWellFormed() : value;
}
