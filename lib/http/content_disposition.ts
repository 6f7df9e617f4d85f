/**
 * The file name a response's `Content-Disposition` gives (RFC 6266), as the server wrote it: not yet
 * safe as a file name (it may hold folders, `..`, control characters); the sinks layer makes it one.
 * @module
 */
import { indexOfAny } from "../loop/mod.ts";
import { decodeLatin1, trimOws } from "./headers.ts";

/**
 * The file name a `Content-Disposition` value names: `filename*=` (RFC 8187: `UTF-8''na%C3%AFve.txt`,
 * or ISO-8859-1) when it decodes, else `filename=` (a token or a quoted string, unescaped). Parameter
 * names are matched without regard to case, and any disposition type (`attachment`, `inline`) is
 * read alike. A `filename=` whose bytes are UTF-8 (received byte per character) is read as UTF-8, as
 * browsers do.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { dispositionFileName } from "./content_disposition.ts";
 * assertEquals(dispositionFileName(`attachment; filename="a \\"b\\".txt"`), 'a "b".txt');
 * assertEquals(dispositionFileName("inline; FILENAME*=UTF-8''na%C3%AFve.txt; filename=x"), "naïve.txt");
 * assertEquals(dispositionFileName("attachment"), undefined);
 * ```
 * @param value The header's value, or null when the response has none.
 * @returns The name as given, or undefined when the value names none that can be read (none at
 *   all, an empty one, a `filename*` that does not decode and no `filename`).
 */
export function dispositionFileName(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const params = parametersOf(value);
  const extended = params.get("filename*");
  const decoded = extended === undefined ? undefined : decodeExtValue(extended);
  if (decoded !== undefined && decoded !== "") return decoded;
  const plain = params.get("filename");
  if (plain === undefined || plain === "") return undefined;
  return utf8IfItIs(plain);
}

/**
 * The parameters of a header value `type; name=value; name="quoted"`, by lower-case name: the
 * first of each. A parameter without `=` (the type) is skipped; a quoted string never closed is
 * left out (the header was cut short).
 */
function parametersOf(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  while (i < value.length) {
    const nameEnd = indexOfAny(value, ";=", i);
    const name = trimOws(value.slice(i, nameEnd)).toLowerCase();
    if (value[nameEnd] !== "=") {
      i = nameEnd + 1; // the disposition type, or a parameter without a value
      continue;
    }
    let at = nameEnd + 1;
    while (value[at] === " " || value[at] === "\t") at++;
    let text: string | undefined;
    if (value[at] === '"') {
      const quoted = readQuoted(value, at);
      text = quoted?.text;
      at = quoted === undefined ? value.length : indexOfAny(value, ";", quoted.end);
    } else {
      const end = indexOfAny(value, ";", at);
      text = trimOws(value.slice(at, end));
      at = end;
    }
    if (text !== undefined && name !== "" && !params.has(name)) params.set(name, text);
    i = at + 1;
  }
  return params;
}

/** A quoted string starting at `start` (its `"`), unescaped (`\x` is `x`); undefined when unclosed. */
function readQuoted(value: string, start: number): { text: string; end: number } | undefined {
  let text = "";
  for (let i = start + 1; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"') return { text, end: i + 1 };
    if (ch === "\\" && i + 1 < value.length) text += value[++i];
    else text += ch;
  }
  return undefined;
}

/** RFC 8187's `charset'language'value`, UTF-8 or ISO-8859-1; undefined when it does not decode. */
function decodeExtValue(ext: string): string | undefined {
  const match = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)$/.exec(trimOws(ext));
  if (match === null) return undefined;
  const charset = match[1].toLowerCase();
  if (charset !== "utf-8" && charset !== "iso-8859-1") return undefined;
  const bytes = percentBytes(match[2]);
  if (bytes === undefined) return undefined;
  if (charset === "iso-8859-1") return decodeLatin1(bytes, 0, bytes.length);
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return undefined; // not UTF-8: the plain filename, if any
  }
}

/** The bytes of percent-encoded text; undefined for a `%` not followed by two hex digits. */
function percentBytes(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (code > 0x7e || code <= 0x20) {
      return undefined; // RFC 8187 allows only attr-chars and escapes
    } else {
      bytes.push(code);
    }
  }
  return new Uint8Array(bytes);
}

const FATAL_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A header value is received byte per character (ISO-8859-1); a server that writes a UTF-8 name
 * into `filename=` (`naïve.txt` as `naÃ¯ve.txt`) is read as it meant, when the bytes are UTF-8.
 */
function utf8IfItIs(text: string): string {
  let wide = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    if (code > 0x7f) wide = true;
  }
  if (!wide) return text;
  const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return text;
  }
}
