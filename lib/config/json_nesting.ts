/**
 * How deep the brackets of a JSON or JSONC text nest, found before any parser sees it: the parser
 * that knows positions, and the scan for duplicate keys, recurse once per level, so 100,000 `[`
 * would overflow the stack.
 * @module
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Finds the first bracket that opens past `maxDepth` levels. Strings and comments are skipped (a
 * comment in plain JSON is reported by the parser, later); anything else is left to the parser.
 *
 * @param text A JSON or JSONC text.
 * @param maxDepth The most levels of `[` and `{` (the outermost is level 1).
 * @returns The offset of that bracket, or undefined when the text nests no deeper than allowed.
 */
export function tooDeepJsonOffset(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  const length = text.length;
  for (let at = 0; at < length; at++) {
    const code = text.charCodeAt(at);
    if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > maxDepth) return at;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      if (depth > 0) depth--;
    } else if (code === QUOTE) {
      at++;
      while (at < length) {
        const inner = text.charCodeAt(at);
        if (inner === BACKSLASH) at += 2;
        else if (inner === QUOTE || inner === NEWLINE) break; // a string ends at a line's end too
        else at++;
      }
    } else if (code === SLASH && text.charCodeAt(at + 1) === SLASH) {
      const end = text.indexOf("\n", at);
      at = end === -1 ? length : end;
    } else if (code === SLASH && text.charCodeAt(at + 1) === STAR) {
      const end = text.indexOf("*/", at + 2);
      at = end === -1 ? length : end + 1;
    }
  }
  return undefined;
}
