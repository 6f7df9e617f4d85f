/**
 * A scan for the first of several characters, shared by the layers that split text on them (a
 * `Content-Disposition` header's parameters, a save template's separators).
 * @module
 */

/**
 * The first index at or after `from` of any of `chars`, or the text's length when none is there.
 *
 * @example
 * ```ts
 * import { indexOfAny } from "./index_of_any.ts";
 * indexOfAny("a=b; c", ";=", 0); // 1
 * indexOfAny("abc", ";", 0); // 3
 * ```
 *
 * @param text The text to scan.
 * @param chars The characters looked for, each one code unit.
 * @param from Where the scan starts.
 * @returns The index found, or `text.length`.
 */
export function indexOfAny(text: string, chars: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (chars.includes(text[index])) return index;
  }
  return text.length;
}
