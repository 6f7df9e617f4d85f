/**
 * Text put into a regular expression to match as written.
 * @module
 */

/**
 * `text` with every character a regular expression reads as syntax escaped. Not std's `escape`,
 * which also escapes a leading letter or digit (`\x63…`): callers find their stand-ins in the
 * escaped text again (`templateCouldRender`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { escapeRegExp } from "./regexp_text.ts";
 * assertEquals(escapeRegExp("a.b/[1]"), "a\\.b\\/\\[1\\]");
 * ```
 *
 * @param text Any text.
 * @returns The text, escaped.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * A pattern that matches `text` in any case of its ASCII letters, with no flag: a JSON Schema's
 * `pattern` takes none, and corun reads some words in any case (`SHA256:`, `.Corun-State.json`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { caselessPattern } from "./regexp_text.ts";
 * assertEquals(caselessPattern("a.b1"), "[aA]\\.[bB]1");
 * ```
 *
 * @param text Any text.
 * @returns The pattern, escaped, without anchors.
 */
export function caselessPattern(text: string): string {
  return escapeRegExp(text).replace(
    /[A-Za-z]/g,
    (letter) => `[${letter.toLowerCase()}${letter.toUpperCase()}]`,
  );
}
