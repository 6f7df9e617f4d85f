/**
 * The keys that lead to a place in config text the parser could not read: the collections open
 * there (`{`, `[`) by the keys they are the values of, and the key just written before it
 * (`password: ` in YAML, `X-Api-Key = ` in TOML, `"bearer": ` in JSON). A syntax error's hint asks
 * them whether the value there may be a credential (`credential_place.ts`). Quotes and comments
 * are skipped; YAML's indentation and TOML's `[table]` lines are the callers' to add.
 * @module
 */

/** The syntaxes told apart: which separator ends a key, and how comments are written. */
export type KeySyntax = "YAML" | "TOML" | "JSON";

/**
 * The keys open at the end of a text.
 *
 * @param text The text up to the place (a line's start, or a whole JSON file's).
 * @param syntax How keys, strings and comments are written.
 * @returns The keys, outermost first; a TOML dotted key gives each of its parts.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { openKeys } from "./open_keys.ts";
 * assertEquals(openKeys('{"defaults": {"headers": {"X-Api-Key": ', "JSON"), [
 *   "defaults",
 *   "headers",
 *   "X-Api-Key",
 * ]);
 * assertEquals(openKeys("auth = { username = 'bob', password = ", "TOML"), ["auth", "password"]);
 * ```
 */
export function openKeys(text: string, syntax: KeySyntax): string[] {
  const open: string[][] = [];
  let token = "";
  let pending: string[] = [];
  const separator = syntax === "TOML" ? "=" : ":";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || (char === "'" && syntax !== "JSON")) {
      const end = closingQuote(text, i);
      token += text.slice(i, end + 1);
      i = end;
      continue;
    }
    const comment = commentEnd(text, i, syntax);
    if (comment !== undefined) {
      i = comment - 1;
      continue;
    }
    // A YAML key's ":" is followed by a space (or ends the text): `http://x` is no key.
    if (
      char === separator && (syntax !== "YAML" || /^$|^[\s,{}[\]]/.test(text.slice(i + 1, i + 2)))
    ) {
      pending = keyParts(token, syntax);
      token = "";
    } else if (char === "{" || char === "[") {
      open.push(pending);
      pending = [];
      token = "";
    } else if (char === "}" || char === "]") {
      open.pop();
      pending = [];
      token = "";
    } else if (char === "," || (char === "\n" && syntax !== "JSON")) {
      // A JSON key's value may start on the next line; a YAML or TOML line ends its pair.
      pending = [];
      token = "";
    } else {
      token += char;
    }
  }
  return [...open.flat(), ...pending];
}

/**
 * A key as written, in its parts: unquoted, a YAML list item's `- ` left out, a TOML dotted key
 * (`headers."X-Api-Key"`) split at its dots.
 *
 * @param written The key's text.
 * @param syntax How it is written.
 * @returns Its parts; none for an empty text.
 */
export function keyParts(written: string, syntax: KeySyntax): string[] {
  const key = written.trim().replace(/^(?:-[ \t]+)+/, "");
  if (key === "") return [];
  const parts = syntax === "TOML" ? key.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^.]+/g) ?? [] : [key];
  return parts.map((part) => unquote(part.trim()));
}

function unquote(key: string): string {
  if (key.length >= 2 && (key[0] === '"' || key[0] === "'") && key.at(-1) === key[0]) {
    return key.slice(1, -1);
  }
  return key;
}

/** The index of the quote that closes the one at `start`, or the text's last index. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return text.length - 1;
}

/** Where a comment that starts at `i` ends (its line break, or its closing mark), if one does. */
function commentEnd(text: string, i: number, syntax: KeySyntax): number | undefined {
  const char = text[i];
  const lineEnd = () => {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length : end;
  };
  if (syntax === "TOML") return char === "#" ? lineEnd() : undefined;
  // A YAML comment starts a line or follows white space: `a#b` is text.
  if (syntax === "YAML") {
    return char === "#" && /^$|\s$/.test(text.slice(i - 1, i)) ? lineEnd() : undefined;
  }
  if (char !== "/") return undefined;
  if (text[i + 1] === "/") return lineEnd();
  if (text[i + 1] !== "*") return undefined;
  const close = text.indexOf("*/", i + 2);
  return close === -1 ? text.length : close + 2;
}
