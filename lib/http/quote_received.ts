/**
 * Quoting text corun did not write (a server's header, a line of a file, a config's key or value)
 * for a message, with nothing in it invisible.
 * @module
 */

/**
 * Quotes text a server sent or a file held (a list's line, a config's key or value), for a message: JSON
 * string syntax with every control and invisible character escaped. JSON.stringify escapes only
 * U+0000-U+001F; DEL and the C1 controls U+0080-U+009F (the bytes 0x80-0x9F of a head decoded byte
 * per character) would reach a log or a terminal as they are, and a terminal may act on U+009B as on
 * ESC [. Format characters (a zero-width space U+200B, as pasted from a web page, U+2060, a BOM
 * U+FEFF, the bidi controls) and the line and paragraph separators would be invisible, or reorder
 * the text shown: a URL quoted with a zero-width space first looks like one that should work.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { quoteReceived } from "./quote_received.ts";
 * assertEquals(quoteReceived("a\x1b[2J\x9b2J"), '"a\\u001b[2J\\u009b2J"');
 * assertEquals(quoteReceived("\u200bhttps://x.org/"), '"\\u200bhttps://x.org/"');
 * ```
 *
 * @param text Received text (a status line, a header name or value, a line of a file, a config's
 *   key or value).
 * @returns The quoted text, with no control or invisible character left.
 */
export function quoteReceived(text: string): string {
  return JSON.stringify(text).replace(UNSEEN, escapeUnseen);
}

/** DEL, the C1 controls, the format characters and the line and paragraph separators. */
const UNSEEN = /[\x7f-\x9f\p{Cf}\u2028\u2029]/gu;

/** `\u200b`: each UTF-16 unit, as JSON writes an escape (a tag character takes two). */
function escapeUnseen(char: string): string {
  let escaped = "";
  for (let i = 0; i < char.length; i++) {
    escaped += "\\u" + char.charCodeAt(i).toString(16).padStart(4, "0");
  }
  return escaped;
}

/**
 * The invisible characters {@linkcode quoteReceived} escapes that a text holds, each once, as
 * `U+200B`: what a message names when a key or name differs from a known one only by them.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unseenCharacters } from "./quote_received.ts";
 * assertEquals(unseenCharacters("sle\u200beep\u200b"), { visible: "sleeep", names: ["U+200B"] });
 * ```
 *
 * @param text Any text.
 * @returns The text without them, and their code points (none when it holds none).
 */
export function unseenCharacters(text: string): { visible: string; names: string[] } {
  const names = new Set<string>();
  const visible = text.replace(UNSEEN, (char) => {
    names.add(`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
    return "";
  });
  return { visible, names: [...names] };
}

/**
 * The hint for a word that is a known one but for its invisible characters: a "did you mean" would
 * show the same text twice.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unseenHint } from "./quote_received.ts";
 * const known = new Set(["sleep"]);
 * assertEquals(
 *   unseenHint("sleep\u200b", (word) => known.has(word)),
 *   " (it holds an invisible character U+200B)",
 * );
 * assertEquals(unseenHint("slep", (word) => known.has(word)), "");
 * ```
 *
 * @param word The unknown word.
 * @param isKnown Whether a word is one of those it may have meant.
 * @returns The hint with a leading space, or an empty string.
 */
export function unseenHint(word: string, isKnown: (word: string) => boolean): string {
  const unseen = unseenCharacters(word);
  if (unseen.names.length === 0 || !isKnown(unseen.visible)) return "";
  const characters = unseen.names.length === 1 ? "an invisible character" : "invisible characters";
  return ` (it holds ${characters} ${unseen.names.join(", ")})`;
}
