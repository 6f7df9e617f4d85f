/**
 * Text as one word of a POSIX shell, for a command a message tells the user to type (a path with a
 * space, a config with quotes in it): left bare when no character in it means anything to the
 * shell, else in single quotes, each `'` of its own closed and reopened.
 * @module
 */

/** Characters no POSIX shell reads as anything but themselves, anywhere in a word. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes text as one shell word, when it needs it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shellWord } from "./shell_word.ts";
 * assertEquals(shellWord("/srv/out/corun.jsonl"), "/srv/out/corun.jsonl");
 * assertEquals(shellWord("/srv/my out/it's.jsonl"), `'/srv/my out/it'\\''s.jsonl'`);
 * ```
 *
 * @param text Any text.
 * @returns The word to type.
 */
export function shellWord(text: string): string {
  return PLAIN_WORD.test(text) ? text : singleQuoted(text);
}

/**
 * Quotes text as one shell word, always in single quotes (a generated script's word lists, quoted
 * alike whatever they hold).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { singleQuoted } from "./shell_word.ts";
 * assertEquals(singleQuoted("run plan"), "'run plan'");
 * assertEquals(singleQuoted("it's"), `'it'\\''s'`);
 * ```
 *
 * @param text Any text.
 * @returns The text in single quotes, each `'` of its own closed and reopened.
 */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
