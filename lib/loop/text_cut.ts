/**
 * Text cut to a length in UTF-16 units (`String.length`), never inside a surrogate pair: half an
 * emoji is no character, and a message, a file or a JSON body that held one would show U+FFFD, or
 * be refused (PostgreSQL's `jsonb`).
 * @module
 */

/**
 * The start of `text`, at most `units` UTF-16 units long, one less when the cut would split a
 * surrogate pair.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { headOf } from "./text_cut.ts";
 * assertEquals(headOf("ab😀c", 3), "ab");
 * assertEquals(headOf("ab😀c", 4), "ab😀");
 * ```
 * @param text Any text.
 * @param units The most UTF-16 units kept.
 * @returns Its start.
 */
export function headOf(text: string, units: number): string {
  if (text.length <= units) return text;
  const end = units > 0 && isHighSurrogate(text.charCodeAt(units - 1)) ? units - 1 : units;
  return text.slice(0, Math.max(0, end));
}

/**
 * The end of `text`, at most `units` UTF-16 units long, one less when the cut would split a
 * surrogate pair.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { tailOf } from "./text_cut.ts";
 * assertEquals(tailOf("a😀bc", 3), "bc");
 * assertEquals(tailOf("a😀bc", 4), "😀bc");
 * ```
 * @param text Any text.
 * @param units The most UTF-16 units kept.
 * @returns Its end.
 */
export function tailOf(text: string, units: number): string {
  if (units <= 0) return "";
  if (text.length <= units) return text;
  const start = text.length - units;
  return text.slice(isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
