/**
 * Header fields: an ordered list for received heads and trailers, request-header validation, and the
 * byte-level field-line parser that the head and trailer parsers share.
 * @module
 */
import { HttpError } from "./errors.ts";

// RFC 9110 §5.6.2 tchar: "!#$%&'*+-.^_`|~", digits and letters.
const TOKEN_BYTES = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_BYTES[c.charCodeAt(0)] = 1;
}
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INJECTION = /[\r\n\0]/;
// What `toLowerCase` may change: A-Z, and any character beyond ASCII.
const MAY_LOWER = /[A-Z\u0080-\uffff]/;

/**
 * The lower case of names servers send in this case on most responses, made once: lower-casing each
 * received `Content-Type` would make a new string per response.
 */
const KNOWN_LOWER: ReadonlyMap<string, string> = new Map(
  [
    "Accept-Ranges",
    "Age",
    "Cache-Control",
    "Connection",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "Date",
    "ETag",
    "Expires",
    "Keep-Alive",
    "Last-Modified",
    "Location",
    "Server",
    "Set-Cookie",
    "Transfer-Encoding",
    "Vary",
  ].map((name) => [name, name.toLowerCase()]),
);

/**
 * `name` in lower case. A name already in lower case (most look-ups, and many received names) is
 * used as it is: `toLowerCase` would make a new string of it all the same.
 */
function lowerCaseOf(name: string): string {
  if (!MAY_LOWER.test(name)) return name;
  return KNOWN_LOWER.get(name) ?? name.toLowerCase();
}

/**
 * An ordered list of received header fields, kept as sent (names keep their case, repeats stay
 * separate), with case-insensitive look-ups.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HeaderList } from "./headers.ts";
 * const headers = new HeaderList([["Vary", "Accept"], ["vary", "Origin"]]);
 * assertEquals(headers.get("VARY"), "Accept, Origin");
 * ```
 */
export class HeaderList {
  #names: string[] = [];
  #lowerNames: string[] = [];
  #values: string[] = [];

  /**
   * A list holding `pairs` (none by default).
   *
   * @param pairs Initial `[name, value]` fields, in order.
   */
  constructor(pairs?: Iterable<readonly [string, string]>) {
    if (pairs) { for (const [name, value] of pairs) this.append(name, value); }
  }

  /** How many fields the list holds (repeats counted separately). */
  get size(): number {
    return this.#names.length;
  }

  /**
   * Appends one field as received. No validation: parsers validate bytes before appending.
   *
   * @param name Field name, in any case.
   * @param value Field value, already trimmed.
   */
  append(name: string, value: string): void {
    this.#names.push(name);
    this.#lowerNames.push(lowerCaseOf(name));
    this.#values.push(value);
  }

  /**
   * Looks up a field by name, case-insensitively. Repeated fields are joined with `", "`, except
   * `Set-Cookie`, whose values cannot be joined safely: the first one is returned (see `getAll`).
   *
   * @param name Field name, in any case.
   * @returns The value, or `null` when the field is absent.
   */
  get(name: string): string | null {
    const lower = lowerCaseOf(name);
    let found: string | null = null;
    for (let i = 0; i < this.#lowerNames.length; i++) {
      if (this.#lowerNames[i] !== lower) continue;
      if (found === null) {
        found = this.#values[i];
        if (lower === "set-cookie") return found;
      } else {
        found += ", " + this.#values[i];
      }
    }
    return found;
  }

  /**
   * Every value of a field, in the order received.
   *
   * @param name Field name, in any case.
   * @returns The values; empty when the field is absent.
   */
  getAll(name: string): string[] {
    const lower = lowerCaseOf(name);
    const values: string[] = [];
    for (let i = 0; i < this.#lowerNames.length; i++) {
      if (this.#lowerNames[i] === lower) values.push(this.#values[i]);
    }
    return values;
  }

  /**
   * Whether a field is present.
   *
   * @param name Field name, in any case.
   * @returns `true` when at least one field has that name.
   */
  has(name: string): boolean {
    return this.#lowerNames.includes(lowerCaseOf(name));
  }

  /**
   * The fields as received: original name case, repeats separate, in order.
   *
   * @returns An iterator of `[name, value]` pairs.
   */
  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i], this.#values[i]];
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * A plain object for reports: lower-case names, repeated values joined with `", "`, except
   * `set-cookie` values, which are joined with `"\n"` (they may contain commas, never a newline).
   *
   * @returns A new object; changing it does not change the list.
   */
  toRecord(): Record<string, string> {
    // Built in place (one per metadata line, so no Map and no array of pairs on the way); a field
    // named "__proto__" is defined as an own property, never set as the prototype.
    const record: Record<string, string> = {};
    for (let i = 0; i < this.#lowerNames.length; i++) {
      const name = this.#lowerNames[i];
      const separator = name === "set-cookie" ? "\n" : ", ";
      const value = Object.hasOwn(record, name)
        ? record[name] + separator + this.#values[i]
        : this.#values[i];
      if (name === "__proto__") {
        Object.defineProperty(record, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else record[name] = value;
    }
    return record;
  }
}

/**
 * Whether `text` is an RFC 9110 token (the form of a method or a header name).
 *
 * @param text The text to check.
 * @returns `true` when it is one or more tchar.
 */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Checks that a request header name is an RFC 9110 token.
 *
 * @param name The header name to send.
 * @throws {HttpError} `BAD_REQUEST_HEADER` when the name is empty or holds a non-token character.
 */
export function validateHeaderName(name: string): void {
  if (!TOKEN.test(name)) {
    throw new HttpError(
      "BAD_REQUEST_HEADER",
      `Cannot send header ${JSON.stringify(name)}: the name is not a valid token`,
    );
  }
}

/**
 * Checks that a request header value cannot inject header lines: no CR, LF or NUL.
 *
 * @param name The header name, for the message.
 * @param value The header value to send.
 * @throws {HttpError} `BAD_REQUEST_HEADER` when the value holds CR, LF or NUL.
 */
export function validateHeaderValue(name: string, value: string): void {
  if (INJECTION.test(value)) {
    throw new HttpError(
      "BAD_REQUEST_HEADER",
      `Cannot send header "${name}": the value contains CR, LF or NUL`,
    );
  }
}

/**
 * Decodes bytes one to one into a string (ISO-8859-1), so no received byte is lost or replaced.
 *
 * @param buf The bytes.
 * @param start First byte.
 * @param end One past the last byte.
 * @returns The string, one character per byte.
 */
export function decodeLatin1(buf: Uint8Array, start: number, end: number): string {
  // ASCII reads the same in every encoding, and the native UTF-8 decoder is several times faster
  // than fromCharCode on a whole head; below a few dozen bytes the native call costs more.
  if (end - start >= 32 && isAscii(buf, start, end)) {
    return ASCII_DECODER.decode(buf.subarray(start, end));
  }
  // TextDecoder("latin1") is windows-1252, which remaps 0x80-0x9F; fromCharCode is exact.
  let text = "";
  for (let at = start; at < end; at += 8192) {
    const view = buf.subarray(at, Math.min(end, at + 8192));
    text += String.fromCharCode.apply(null, view as unknown as number[]);
  }
  return text;
}

const ASCII_DECODER = new TextDecoder();

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return false;
  return true;
}

/**
 * Parses one field line (`name: value`, without its line ending) and appends it to a list.
 *
 * @param buf Bytes holding the line.
 * @param start First byte of the line.
 * @param end One past the last byte, line ending excluded.
 * @param into The list to append to.
 * @param context What is being parsed, for messages (`"response head"`, `"chunked trailer"`).
 * @param decoded The same bytes already decoded (a whole head), to take the name and value from.
 * @throws {HttpError} `BAD_HEADER` on obs-fold, a missing colon, a non-token name (including
 *   whitespace before the colon), or a control character other than HTAB in the value (RFC 9110
 *   §5.5 calls them invalid; refused so that no ESC or CR reaches a log or a terminal).
 */
export function parseFieldLine(
  buf: Uint8Array,
  start: number,
  end: number,
  into: HeaderList,
  context: string,
  decoded?: DecodedBytes,
): void {
  const first = buf[start];
  if (first === 0x20 || first === 0x09) {
    throw badHeader(context, "a header line starts with whitespace (obsolete line folding)");
  }
  let colon = start;
  while (colon < end && buf[colon] !== 0x3a) {
    if (buf[colon] >= 128 || TOKEN_BYTES[buf[colon]] === 0) {
      // Quoted up to the fault only: what follows may be a value, and a cookie's is a credential.
      const state = buf[colon] === 0x20 || buf[colon] === 0x09
        ? `${quote(buf, start, colon)} has whitespace before the colon`
        : `${quote(buf, start, colon + 1)} is not a valid token`;
      throw badHeader(context, `header name ${state}`);
    }
    colon++;
  }
  if (colon === end) {
    // A line without a colon may be a bare value (a session token split off its Set-Cookie): only
    // its start is shown, too short to be of use to anyone who reads the log.
    const shown = quote(buf, start, end, NO_COLON_QUOTE_CHARS);
    throw badHeader(context, `header line ${shown} (${end - start} bytes) has no colon`);
  }
  if (colon === start) throw badHeader(context, "a header line has an empty name");
  let valueStart = colon + 1;
  let valueEnd = end;
  while (valueStart < valueEnd && (buf[valueStart] === 0x20 || buf[valueStart] === 0x09)) {
    valueStart++;
  }
  while (valueEnd > valueStart && (buf[valueEnd - 1] === 0x20 || buf[valueEnd - 1] === 0x09)) {
    valueEnd--;
  }
  for (let i = valueStart; i < valueEnd; i++) {
    const byte = buf[i];
    if ((byte < 0x20 && byte !== 0x09) || byte === 0x7f) {
      throw badHeader(
        context,
        `the value of header ${quote(buf, start, colon)} contains the control character 0x${
          byte.toString(16).padStart(2, "0")
        }`,
      );
    }
  }
  if (decoded) {
    // Slices of a string decoded once for the whole head: no decoding call per field.
    const at = decoded.offset;
    into.append(
      decoded.text.slice(start - at, colon - at),
      decoded.text.slice(valueStart - at, valueEnd - at),
    );
  } else {
    into.append(decodeLatin1(buf, start, colon), decodeLatin1(buf, valueStart, valueEnd));
  }
}

/** Bytes already decoded with `decodeLatin1`: `text[i]` is the byte at `offset + i`. */
export interface DecodedBytes {
  text: string;
  offset: number;
}

function badHeader(context: string, state: string): HttpError {
  return new HttpError("BAD_HEADER", `Cannot parse ${context}: ${state}`);
}

/** How much of a line without a colon a message quotes. */
const NO_COLON_QUOTE_CHARS = 16;

/** Quotes at most `maxChars` bytes of a line for a message. */
function quote(buf: Uint8Array, start: number, end: number, maxChars = 64): string {
  const shown = decodeLatin1(buf, start, Math.min(end, start + maxChars));
  return quoteReceived(end - start > maxChars ? shown + "…" : shown);
}

/**
 * Quotes text a server sent, for a message: JSON string syntax with every control character
 * escaped. JSON.stringify escapes only U+0000-U+001F; DEL and the C1 controls U+0080-U+009F (the
 * bytes 0x80-0x9F of a head decoded byte per character) would reach a log or a terminal as they
 * are, and a terminal may act on U+009B as on ESC [.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { quoteReceived } from "./headers.ts";
 * assertEquals(quoteReceived("a\x1b[2J\x9b2J"), '"a\\u001b[2J\\u009b2J"');
 * ```
 *
 * @param text Received text (a status line, a header name or value).
 * @returns The quoted text, with no control character left.
 */
export function quoteReceived(text: string): string {
  return JSON.stringify(text).replace(C1_OR_DEL, escapeControl);
}

const C1_OR_DEL = /[\x7f-\x9f]/g;

function escapeControl(char: string): string {
  return "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0");
}
