/**
 * Header fields: an ordered list for received heads and trailers, request-header validation, and the
 * byte-level field-line parser that the head and trailer parsers share.
 * @module
 */
import { HttpError } from "./errors.ts";
import { lineLimitPassed } from "./field_section.ts";
import type { LimitNamer } from "./limit_names.ts";
import { quoteReceived } from "./quote_received.ts";

// RFC 9110 §5.6.2 tchar: "!#$%&'*+-.^_`|~", digits and letters.
const TOKEN_BYTES = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_BYTES[c.charCodeAt(0)] = 1;
}
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * The control characters a request header's value may not hold, as a character class's body: all
 * but tab (RFC 9110 §5.5). CR, LF and NUL would end or split its line, and strict servers answer
 * 400 to the rest (ESC, DEL). The guard of every line the client writes, values corun received
 * included (the state file's validators, a jar's cookies); a value given as text has one more
 * rule, {@linkcode HEADER_TEXT_CONTROLS}.
 */
const HEADER_VALUE_CONTROLS = "\\x00-\\x08\\x0A-\\x1F\\x7F";
/** A character of {@linkcode HEADER_VALUE_CONTROLS}. */
export const HEADER_VALUE_CONTROL: RegExp = new RegExp(`[${HEADER_VALUE_CONTROLS}]`);
/**
 * The control characters a header value given as text may not hold: {@linkcode
 * HEADER_VALUE_CONTROLS} and the C1 controls U+0080–U+009F, which would go out as UTF-8 (`C2 85`)
 * that no server reads as meant (text from a windows-1252 source, a `\u0085` written for `…`). The
 * one rule of a config's header values, content type and credentials and of `ctx.fetch`'s headers
 * (`requestHeaderProblem`). Not of the client's guard: a value corun received is bytes decoded one
 * to one, where 0x80–0x9F are bytes of UTF-8 text (an ETag's `€` is E2 82 AC) that go back as sent.
 */
export const HEADER_TEXT_CONTROLS = `${HEADER_VALUE_CONTROLS}\\x80-\\x9F`;
const HEADER_TEXT_CONTROL = new RegExp(`[${HEADER_TEXT_CONTROLS}]`);
// What `toLowerCase` may change: A-Z, and any character beyond ASCII.
const MAY_LOWER = /[A-Z\u0080-\uffff]/;

/** Names servers send on most responses, spelled as most send them. */
const COMMON_NAMES = [
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
];

/**
 * The lower case of common names, made once: lower-casing each received `Content-Type` would make
 * a new string per response.
 */
const KNOWN_LOWER: ReadonlyMap<string, string> = new Map(
  COMMON_NAMES.map((name) => [name, name.toLowerCase()]),
);

/**
 * A common name as received (in its usual spelling, or in lower case, as HTTP/2-minded servers
 * send it), with the last value received under it.
 */
interface KnownName {
  readonly name: string;
  /** False for Set-Cookie: a credential, and one that differs from one response to the next. */
  readonly remembersValue: boolean;
  lastValue: string | undefined;
}

/**
 * Known names by length: a received field line whose name is one of them takes its string from here,
 * none made per response, and so does a value the same as the last one under that name (a server
 * sends the same `Server`, `Content-Type`, `Connection` and, within a second, `Date` each time).
 */
const KNOWN_BY_LENGTH: KnownName[][] = [];
for (const spelling of [...COMMON_NAMES, ...KNOWN_LOWER.values()]) {
  const remembersValue = spelling.toLowerCase() !== "set-cookie";
  (KNOWN_BY_LENGTH[spelling.length] ??= []).push({
    name: spelling,
    remembersValue,
    lastValue: undefined,
  });
}

/** The known name spelled `buf[start, end)` exactly, if any. */
function knownNameAt(buf: Uint8Array, start: number, end: number): KnownName | undefined {
  const candidates = KNOWN_BY_LENGTH[end - start];
  if (candidates === undefined) return undefined;
  // Indexed: a for-of makes an iterator per field until the function is optimized.
  for (let i = 0; i < candidates.length; i++) {
    if (spellsText(buf, start, end, candidates[i].name)) return candidates[i];
  }
  return undefined;
}

/**
 * Whether `buf[start, end)` decodes (see {@linkcode decodeLatin1}) to `text`: a text received before
 * may then be used again, none made.
 *
 * @param buf The bytes.
 * @param start First byte.
 * @param end One past the last byte.
 * @param text The text to compare with.
 * @returns `true` when each byte is the code of the character at the same place.
 */
export function spellsText(buf: Uint8Array, start: number, end: number, text: string): boolean {
  if (text.length !== end - start) return false;
  for (let i = start; i < end; i++) if (buf[i] !== text.charCodeAt(i - start)) return false;
  return true;
}

/** The value `buf[start, end)` of a field under `known`: its last one again when the bytes match. */
function knownValueAt(known: KnownName, buf: Uint8Array, start: number, end: number): string {
  const last = known.lastValue;
  if (last !== undefined && spellsText(buf, start, end, last)) return last;
  const value = decodeLatin1(buf, start, end);
  if (known.remembersValue) known.lastValue = value;
  return value;
}

/**
 * `name` in lower case. A name already in lower case (most look-ups, and many received names) is
 * used as it is: `toLowerCase` would make a new string of it all the same.
 */
function lowerCaseOf(name: string): string {
  if (!MAY_LOWER.test(name)) return name;
  return KNOWN_LOWER.get(name) ?? name.toLowerCase();
}

/**
 * A list's array of entries (see `HeaderList.#fields`), for this module only: the field-line
 * parser joins a folded line to the value of the field before it, which no caller may do.
 */
let fieldsOf: (list: HeaderList) => string[];

/**
 * An ordered list of received header fields, kept as sent (names keep their case, repeats stay
 * separate), with case-insensitive look-ups.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HeaderList } from "@corun/corun";
 * const headers = new HeaderList([["Vary", "Accept"], ["vary", "Origin"]]);
 * assertEquals(headers.get("VARY"), "Accept, Origin");
 * ```
 */
export class HeaderList {
  static {
    fieldsOf = (list) => list.#fields;
  }

  /**
   * Each field as three entries, its name as received, its name in lower case and its value: one
   * array per list, made at its final size by a parser that counted the lines first.
   */
  #fields: string[];
  #size = 0;

  /**
   * A list holding `pairs` (none by default).
   *
   * @param pairs Initial `[name, value]` fields, in order.
   */
  constructor(pairs?: Iterable<readonly [string, string]>) {
    this.#fields = [];
    if (pairs) { for (const [name, value] of pairs) this.append(name, value); }
  }

  /**
   * An empty list with room for `fieldCount` fields: appending them makes no larger array on the way.
   *
   * @param fieldCount How many fields will be appended (more may be: the list then grows).
   * @returns The empty list.
   */
  static withRoomFor(fieldCount: number): HeaderList {
    const list = new HeaderList();
    list.#fields = new Array(fieldCount * FIELD_ENTRIES);
    return list;
  }

  /** How many fields the list holds (repeats counted separately). */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one field as received. No validation: parsers validate bytes before appending.
   *
   * @param name Field name, in any case.
   * @param value Field value, already trimmed.
   */
  append(name: string, value: string): void {
    const fields = this.#fields;
    const at = this.#size * FIELD_ENTRIES;
    if (at < fields.length) {
      fields[at] = name;
      fields[at + LOWER_NAME] = lowerCaseOf(name);
      fields[at + VALUE] = value;
    } else fields.push(name, lowerCaseOf(name), value);
    this.#size++;
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
    const fields = this.#fields;
    const end = this.#size * FIELD_ENTRIES;
    let found: string | null = null;
    for (let at = 0; at < end; at += FIELD_ENTRIES) {
      if (fields[at + LOWER_NAME] !== lower) continue;
      if (found === null) {
        found = fields[at + VALUE];
        if (lower === "set-cookie") return found;
      } else {
        found += ", " + fields[at + VALUE];
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
    const fields = this.#fields;
    const end = this.#size * FIELD_ENTRIES;
    const values: string[] = [];
    for (let at = 0; at < end; at += FIELD_ENTRIES) {
      if (fields[at + LOWER_NAME] === lower) values.push(fields[at + VALUE]);
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
    const lower = lowerCaseOf(name);
    const fields = this.#fields;
    const end = this.#size * FIELD_ENTRIES;
    for (let at = 0; at < end; at += FIELD_ENTRIES) {
      if (fields[at + LOWER_NAME] === lower) return true;
    }
    return false;
  }

  /**
   * The fields as received: original name case, repeats separate, in order.
   *
   * @returns An iterator of `[name, value]` pairs.
   */
  *entries(): IterableIterator<[string, string]> {
    const fields = this.#fields;
    for (let at = 0; at < this.#size * FIELD_ENTRIES; at += FIELD_ENTRIES) {
      yield [fields[at], fields[at + VALUE]];
    }
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
    const fields = this.#fields;
    const end = this.#size * FIELD_ENTRIES;
    for (let at = 0; at < end; at += FIELD_ENTRIES) {
      const name = fields[at + LOWER_NAME];
      const separator = name === "set-cookie" ? "\n" : ", ";
      const value = Object.hasOwn(record, name)
        ? record[name] + separator + fields[at + VALUE]
        : fields[at + VALUE];
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

/** Entries per field in a `HeaderList`, and where its lower-case name and its value are. */
const FIELD_ENTRIES = 3;
const LOWER_NAME = 1;
const VALUE = 2;

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
 * What is wrong with a request header given as text (a task's), if anything: a name that is no
 * RFC 9110 token, or a value with a control character other than tab ({@linkcode
 * HEADER_TEXT_CONTROLS}: CR, LF and NUL would inject header lines, C1 would go out as UTF-8, the
 * others are refused by servers). The value is never quoted: it may be a credential.
 *
 * @param name The header name to send.
 * @param value The header value to send.
 * @returns `header "X-A": the value contains a control character other than tab (U+001B)`, or
 *   undefined.
 */
export function requestHeaderProblem(name: string, value: string): string | undefined {
  return headerNameProblem(name) ?? headerValueProblem(name, value, HEADER_TEXT_CONTROL);
}

function headerNameProblem(name: string): string | undefined {
  if (name === "") return 'header "": a name cannot be empty';
  const fault = headerNameFault(name);
  if (fault === undefined) return undefined;
  return `header ${fault.quoted}: the name is not a valid token (${fault.why})`;
}

/** How a message shows a header name that is no token, and why it is none. */
export interface HeaderNameFault {
  /** The name up to its first wrong character, quoted, and "…" when more follows. */
  quoted: string;
  /** The name as a message's key may show it: the same, unquoted (`Authorization…`). */
  shown: string;
  /** `":" may not be in a name; the 27 characters after it are not shown: …`. */
  why: string;
}

/**
 * What is wrong with a header name that is no RFC 9110 token, quoting it only up to its first
 * wrong character: a name written with its value (`Authorization: Bearer …`, curl's `-H` habit)
 * must not carry the credential into an error, a log, the metadata or a config problem. The one
 * rule for `ctx.fetch`'s headers and the config's alike.
 *
 * @param name A header name, not empty.
 * @returns How to show it and why it is none, or undefined for a token.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { headerNameFault } from "./headers.ts";
 * assertEquals(headerNameFault("Authorization: Bearer x")?.shown, "Authorization…");
 * assertEquals(headerNameFault("X-Key:")?.shown, "X-Key:");
 * ```
 */
export function headerNameFault(name: string): HeaderNameFault | undefined {
  if (name === "" || TOKEN.test(name)) return undefined;
  const at = name.search(NOT_TOKEN_CHAR);
  const char = quoteReceived(name[at]);
  if (at + 1 === name.length) {
    return { quoted: quoteReceived(name), shown: name, why: `${char} may not be in a name` };
  }
  return {
    quoted: `${quoteReceived(name.slice(0, at))}…`,
    shown: `${name.slice(0, at)}…`,
    why: `${char} may not be in a name; the ${name.length - at - 1} characters after it are not ` +
      "shown: a value belongs apart from its name",
  };
}

/** The first character a header name may not hold. */
const NOT_TOKEN_CHAR = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;

function headerValueProblem(name: string, value: string, controls: RegExp): string | undefined {
  const control = controls.exec(value)?.[0];
  if (control === undefined) return undefined;
  const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `header "${name}": the value contains a control character other than tab (U+${code})`;
}

/**
 * Checks that a request header name is an RFC 9110 token.
 *
 * @param name The header name to send.
 * @throws {HttpError} `BAD_REQUEST_HEADER` when the name is empty or holds a non-token character.
 */
export function validateHeaderName(name: string): void {
  refuseHeader(headerNameProblem(name));
}

/**
 * Checks that a request header value cannot inject header lines nor be refused for a control
 * character: none but tab ({@linkcode HEADER_VALUE_CONTROLS}).
 *
 * @param name The header name, for the message.
 * @param value The header value to send.
 * @throws {HttpError} `BAD_REQUEST_HEADER` when the value holds a control character other than tab.
 */
export function validateHeaderValue(name: string, value: string): void {
  refuseHeader(headerValueProblem(name, value, HEADER_VALUE_CONTROL));
}

function refuseHeader(problem: string | undefined): void {
  if (problem !== undefined) throw new HttpError("BAD_REQUEST_HEADER", `Cannot send ${problem}`);
}

/**
 * A received field value, or a part of one, without the spaces and tabs around it (RFC 9110 §5.6.3's
 * OWS) and nothing else: `String.prototype.trim` also strips U+00A0, which in a value decoded byte
 * per character ({@linkcode decodeLatin1}) is the byte 0xA0, the last of `à` in UTF-8 (C3 A0), so a
 * Location `/voilà` led to `/voil%C3`.
 *
 * @param text The value.
 * @returns The value without leading and trailing spaces and tabs.
 */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === " " || text[start] === "\t")) start++;
  while (end > start && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
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
  if (end - start <= SHORT_TEXT_BYTES) return decodeShort(buf, start, end - start);
  // ASCII reads the same in every encoding, and the native UTF-8 decoder is several times faster
  // than fromCharCode on a long text.
  if (isAscii(buf, start, end)) return ASCII_DECODER.decode(buf.subarray(start, end));
  // TextDecoder("latin1") is windows-1252, which remaps 0x80-0x9F; fromCharCode is exact.
  let text = "";
  for (let at = start; at < end; at += 8192) {
    const view = buf.subarray(at, Math.min(end, at + 8192));
    text += String.fromCharCode.apply(null, view as unknown as number[]);
  }
  return text;
}

/** Up to this length a native decoding call costs more than the text (a typical field value). */
const SHORT_TEXT_BYTES = 32;

/** One array of character codes per short length, reused: no view of the bytes made per text. */
const SHORT_CODES: number[][] = [];

function decodeShort(buf: Uint8Array, start: number, length: number): string {
  const codes = SHORT_CODES[length] ??= new Array<number>(length).fill(0);
  for (let i = 0; i < length; i++) codes[i] = buf[start + i];
  return String.fromCharCode.apply(null, codes);
}

const ASCII_DECODER = new TextDecoder();

function isAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return false;
  return true;
}

/**
 * Parses one field line (`name: value`, without its line ending) and appends it to a list. A line
 * that starts with whitespace continues the field before it (obsolete line folding, see
 * {@linkcode joinFoldedLine}).
 *
 * @param buf Bytes holding the line.
 * @param start First byte of the line.
 * @param end One past the last byte, line ending excluded.
 * @param into The list to append to.
 * @param context What is being parsed, for messages (`"response head"`, `"chunked trailer"`).
 * @param limits The longest line, which a field joined from folded lines is held to as well
 *   (none by default).
 * @throws {HttpError} `BAD_HEADER` on a missing colon, a non-token name (including whitespace
 *   before the colon), a control character other than HTAB in the value (RFC 9110 §5.5 calls them
 *   invalid; refused so that no ESC or CR reaches a log or a terminal), or a folded line that
 *   {@linkcode joinFoldedLine} refuses; `LINE_TOO_LONG` when a joined field passes
 *   `limits.maxLineBytes`.
 */
export function parseFieldLine(
  buf: Uint8Array,
  start: number,
  end: number,
  into: HeaderList,
  context: string,
  limits?: FieldLineLimits,
): void {
  const first = buf[start];
  if (first === 0x20 || first === 0x09) {
    return joinFoldedLine(buf, start, end, into, context, limits);
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
  const valueStart = afterWhitespace(buf, colon + 1, end);
  const valueEnd = beforeWhitespace(buf, valueStart, end);
  const control = controlCharAt(buf, valueStart, valueEnd);
  if (control >= 0) {
    throw badHeader(
      context,
      `the value of header ${quote(buf, start, colon)} contains ${controlCharText(buf[control])}`,
    );
  }
  // A common name, and a value the same as the last under it, are strings already made.
  const known = knownNameAt(buf, start, colon);
  if (known) into.append(known.name, knownValueAt(known, buf, valueStart, valueEnd));
  else into.append(decodeLatin1(buf, start, colon), decodeLatin1(buf, valueStart, valueEnd));
}

/** The limits of a field section that a field joined from folded lines is held to. */
export interface FieldLineLimits {
  /** Longest line, its line ending excluded (see `maxLineBytesOf`, response_head.ts). */
  readonly maxLineBytes: number;
  /** The section's size limit, which messages name as the line's knob. */
  readonly maxHeaderBytes: number;
  /** How a refusal names that limit. @default the client's option names */
  readonly nameLimit?: LimitNamer;
}

/**
 * Joins a folded line (obs-fold: one that starts with SP or HTAB) to the value of the field before
 * it with one SP, its own leading and trailing whitespace dropped, as RFC 9112 §5.2 asks of a user
 * agent: old and embedded servers still fold long values. Each folded line still counts as a line
 * against the section's size and field count limits, and the joined field against the line limit,
 * so a fold chain gets around none of them. Refused where a fold would be dangerous:
 * - before the first field, where it would continue the status line (RFC 9112 §2.2: a recipient
 *   may take a whitespace-led line there for an attempt to smuggle a field past other parsers);
 * - after Content-Length or Transfer-Encoding: parsers read a folded framing field apart (llhttp
 *   takes `chunked` folded with `abc` for a body that runs to the close, h11 refuses it, one that
 *   drops the folded line sees `chunked`), and framing read apart is how responses get smuggled
 *   into one another, refused like conflicting lengths are.
 */
function joinFoldedLine(
  buf: Uint8Array,
  start: number,
  end: number,
  into: HeaderList,
  context: string,
  limits: FieldLineLimits | undefined,
): void {
  if (into.size === 0) {
    throw badHeader(
      context,
      "a header line starts with whitespace (obsolete line folding) before any header it could continue",
    );
  }
  const fields = fieldsOf(into);
  const at = (into.size - 1) * FIELD_ENTRIES;
  const name = fields[at];
  const lower = fields[at + LOWER_NAME];
  if (lower === "content-length" || lower === "transfer-encoding") {
    throw badHeader(
      context,
      `header ${
        quoteReceived(name)
      } is folded onto the next line (obsolete line folding), which leaves the body's framing to each parser's reading`,
    );
  }
  const valueStart = afterWhitespace(buf, start, end);
  const valueEnd = beforeWhitespace(buf, valueStart, end);
  const control = controlCharAt(buf, valueStart, valueEnd);
  if (control >= 0) {
    throw badHeader(
      context,
      `a folded line of header ${quoteReceived(name)} contains ${controlCharText(buf[control])}`,
    );
  }
  if (valueStart === valueEnd) return; // only whitespace: the value's trailing whitespace, trimmed
  const value = fields[at + VALUE];
  const more = decodeLatin1(buf, valueStart, valueEnd);
  const joined = value === "" ? more : value + " " + more;
  // As the line `name: joined` would be.
  if (limits !== undefined && name.length + 2 + joined.length > limits.maxLineBytes) {
    throw new HttpError(
      "LINE_TOO_LONG",
      `Cannot parse ${context}: header ${quoteReceived(name)}, its folded lines joined, ${
        lineLimitPassed(limits.maxLineBytes, limits.maxHeaderBytes, limits.nameLimit)
      }`,
    );
  }
  fields[at + VALUE] = joined;
}

/** The first byte from `start` that is not SP or HTAB (`end` when none is). */
function afterWhitespace(buf: Uint8Array, start: number, end: number): number {
  while (start < end && (buf[start] === 0x20 || buf[start] === 0x09)) start++;
  return start;
}

/** One past the last byte before `end` that is not SP or HTAB (`start` when none is). */
function beforeWhitespace(buf: Uint8Array, start: number, end: number): number {
  while (end > start && (buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end--;
  return end;
}

/**
 * Where a field value holds a control character other than HTAB (RFC 9110 §5.5 calls them invalid;
 * refused so that no ESC or CR reaches a log or a terminal), or -1.
 */
function controlCharAt(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if ((byte < 0x20 && byte !== 0x09) || byte === 0x7f) return i;
  }
  return -1;
}

/** `the control character 0x1b`. */
function controlCharText(byte: number): string {
  return `the control character 0x${byte.toString(16).padStart(2, "0")}`;
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
 * Request headers of `base` under those of `over`: a name `over` gives, in any case, replaces
 * base's (`user-agent` over `User-Agent`), so no header is sent twice. Neither table is changed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { headersOver } from "./headers.ts";
 * assertEquals(
 *   headersOver({ "User-Agent": "a", "X-Team": "1" }, { "user-agent": "b" }),
 *   { "X-Team": "1", "user-agent": "b" },
 * );
 * ```
 *
 * @param base The headers that apply unless replaced (a config's `defaults`).
 * @param over The headers that win.
 * @returns A new table.
 */
export function headersOver(
  base: Readonly<Record<string, string>>,
  over: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  const replaced = new Set(Object.keys(over).map((name) => name.toLowerCase()));
  for (const name of Object.keys(base)) {
    if (!replaced.has(name.toLowerCase())) merged[name] = base[name];
  }
  for (const name of Object.keys(over)) merged[name] = over[name];
  return merged;
}
