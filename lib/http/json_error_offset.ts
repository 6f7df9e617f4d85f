/**
 * Where a JSON text stops being JSON, found by reading it, not V8's message: `JSON.parse` names a
 * position for some faults only (`Unexpected token ']', "…" is not valid JSON` for a trailing
 * comma, a stray bracket or `tru` names none), and quotes the text around it, which may be secret.
 * @module
 */

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"];
const ESCAPED = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * The offset of the first character that makes `text` not JSON (RFC 8259); the text's length when
 * it ends too soon. Iterative: a jar nested thousands deep does not overflow the stack.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { jsonErrorOffset } from "./json_error_offset.ts";
 * assertEquals(jsonErrorOffset('{"a": [1, 2,]}'), 12);
 * assertEquals(jsonErrorOffset('{"a": tru}'), 6);
 * assertEquals(jsonErrorOffset('{"a": [1]}'), undefined);
 * ```
 *
 * @param text The text `JSON.parse` refused.
 * @returns The offset, or undefined when the text is JSON.
 */
export function jsonErrorOffset(text: string): number | undefined {
  /** The open objects and arrays, innermost last. */
  const open: string[] = [];
  let want: "value" | "key" | "after" = "value";
  let at = skipSpace(text, 0);
  while (true) {
    const char = text[at];
    if (want === "after") {
      if (open.length === 0) return at === text.length ? undefined : at;
      const inside = open[open.length - 1];
      if (char === ",") {
        at = skipSpace(text, at + 1);
        want = inside === "{" ? "key" : "value";
      } else if (char === (inside === "{" ? "}" : "]")) {
        open.pop();
        at = skipSpace(text, at + 1);
      } else return at;
      continue;
    }
    if (want === "key") {
      const key = readString(text, at);
      if ("fault" in key) return key.fault;
      at = skipSpace(text, key.end);
      if (text[at] !== ":") return at;
      at = skipSpace(text, at + 1);
      want = "value";
      continue;
    }
    if (char === "{" || char === "[") {
      open.push(char);
      at = skipSpace(text, at + 1);
      // An empty one closes at once; else its first key or value follows.
      if (text[at] === (char === "{" ? "}" : "]")) {
        open.pop();
        at = skipSpace(text, at + 1);
        want = "after";
      } else want = char === "{" ? "key" : "value";
      continue;
    }
    if (char === '"') {
      const string = readString(text, at);
      if ("fault" in string) return string.fault;
      at = skipSpace(text, string.end);
    } else {
      const end = scalarEnd(text, at);
      if (end === undefined) return at;
      at = skipSpace(text, end);
    }
    want = "after";
  }
}

function skipSpace(text: string, at: number): number {
  WHITESPACE.lastIndex = at;
  WHITESPACE.test(text);
  return WHITESPACE.lastIndex;
}

/** Past a number or a literal at `at`; undefined when none starts there. */
function scalarEnd(text: string, at: number): number | undefined {
  NUMBER.lastIndex = at;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  const literal = LITERALS.find((word) => text.startsWith(word, at));
  return literal === undefined ? undefined : at + literal.length;
}

/**
 * Reads the string that starts at `at`: past its closing quote, or where it goes wrong (no quote
 * there, a control character, a bad escape, the text's end).
 */
function readString(text: string, at: number): { end: number } | { fault: number } {
  if (text[at] !== '"') return { fault: at };
  for (let next = at + 1; next < text.length; next++) {
    const char = text[next];
    if (char === '"') return { end: next + 1 };
    if (char < " ") return { fault: next };
    if (char !== "\\") continue;
    const escaped = text[next + 1];
    if (escaped === "u") {
      HEX4.lastIndex = next + 2;
      if (!HEX4.test(text)) return { fault: next };
      next += 5;
    } else if (ESCAPED.has(escaped)) next++;
    else return { fault: next };
  }
  return { fault: text.length };
}
