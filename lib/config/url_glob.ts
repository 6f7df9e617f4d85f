/**
 * Whether a URL as written has curl's glob syntax, asked of every fetch task's URL by several
 * checks: a native scan for the four characters first, so the plain URLs of a config of a hundred
 * thousand tasks cost one regular expression test each.
 * @module
 */
import { hasUrlGlob } from "../frontier/url_pattern.ts";

const GLOB_CHARACTERS = /[[\]{}]/;

/**
 * Tells whether text must be read as a URL pattern (`hasUrlGlob`): a `[`, `]`, `{` or `}` outside an
 * IPv6 address literal.
 *
 * @param text A URL or URL pattern as written.
 * @returns True when the text has glob syntax.
 */
export function hasGlobSyntax(text: string): boolean {
  return GLOB_CHARACTERS.test(text) && hasUrlGlob(text);
}
