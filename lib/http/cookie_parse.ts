/**
 * Parsing a Set-Cookie header value as RFC 6265 §5.2 says a user agent must (leniently: what cannot
 * be read is ignored, never an error), and the cookie-date algorithm of §5.1.1.
 * @module
 */
import { HEADER_VALUE_CONTROL, trimOws } from "./headers.ts";

/** The largest number of bytes of a cookie's name and value together; a larger one is ignored. */
export const MAX_COOKIE_BYTES = 4096;

/** The largest attribute value (RFC 6265bis §5.6); a longer attribute is ignored, not the cookie. */
const MAX_ATTRIBUTE_VALUE_BYTES = 1024;

/** Latest time a `Date` can hold, in epoch milliseconds: expiries are clamped to it. */
export const MAX_DATE_MS = 8.64e15;

/** A Set-Cookie value as read, before the storage rules of §5.3 judge it against the request. */
export interface ParsedSetCookie {
  /** The name, as the bytes the server sent: one character per byte, as heads are decoded. */
  name: string;
  /** The value, as the bytes the server sent; it goes back as those bytes (`headerBytes`). */
  value: string;
  /** Max-Age in seconds (may be zero or negative: the cookie is deleted). */
  maxAgeSeconds?: number;
  /** Expires, in epoch milliseconds. */
  expiresMs?: number;
  /** Domain, lower-cased, its leading dot removed; never empty. */
  domain?: string;
  /** Path when it starts with `/`; otherwise left out, and the default path applies. */
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  /**
   * SameSite as sent (`Strict`, `Lax`, `None`), kept for the jar file. corun is not a browser: there
   * is no "site" a request comes from, so it never decides what is sent.
   */
  sameSite?: string;
}

/**
 * Reads one Set-Cookie header value (RFC 6265 §5.2). Unknown attributes and attributes whose value
 * cannot be read are skipped; a cookie without `=` or without a name, or larger than
 * {@linkcode MAX_COOKIE_BYTES}, is ignored as a whole.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseSetCookie } from "./cookie_parse.ts";
 * const cookie = parseSetCookie("sid=abc; Path=/app; Max-Age=60; Secure");
 * assertEquals([cookie?.name, cookie?.path, cookie?.maxAgeSeconds], ["sid", "/app", 60]);
 * ```
 *
 * @param header The header value.
 * @returns The cookie, or `null` when it is to be ignored.
 */
export function parseSetCookie(header: string): ParsedSetCookie | null {
  // RFC 6265bis §5.6: a control character other than HTAB makes the whole line suspect.
  if (HEADER_VALUE_CONTROL.test(header)) return null;
  const semicolon = header.indexOf(";");
  const pair = semicolon === -1 ? header : header.slice(0, semicolon);
  const equals = pair.indexOf("=");
  if (equals === -1) return null;
  const name = trimOws(pair.slice(0, equals));
  const value = trimOws(pair.slice(equals + 1));
  // Heads are decoded one byte per character, so a length here is a length in bytes.
  if (name === "" || name.length + value.length > MAX_COOKIE_BYTES) return null;
  const cookie: ParsedSetCookie = {
    name,
    value,
    secure: false,
    httpOnly: false,
  };
  if (semicolon === -1) return cookie;
  for (const attribute of header.slice(semicolon + 1).split(";")) {
    const at = attribute.indexOf("=");
    const key = trimOws(at === -1 ? attribute : attribute.slice(0, at)).toLowerCase();
    const text = at === -1 ? "" : trimOws(attribute.slice(at + 1));
    if (text.length > MAX_ATTRIBUTE_VALUE_BYTES) continue;
    applyAttribute(cookie, key, text);
  }
  return cookie;
}

function applyAttribute(cookie: ParsedSetCookie, key: string, text: string): void {
  switch (key) {
    case "expires": {
      const ms = parseCookieDate(text);
      if (ms !== null) cookie.expiresMs = ms;
      return;
    }
    case "max-age":
      // §5.2.2: an optional minus and digits only; anything else leaves the attribute out.
      if (/^-?[0-9]+$/.test(text)) cookie.maxAgeSeconds = Number(text);
      return;
    case "domain":
      // §5.2.3: an empty Domain is ignored; a leading dot is dropped.
      if (text !== "") cookie.domain = (text.startsWith(".") ? text.slice(1) : text).toLowerCase();
      if (cookie.domain === "") delete cookie.domain;
      return;
    case "path":
      // §5.2.4: a Path that does not start with "/" means the default path.
      if (text.startsWith("/")) cookie.path = text;
      else delete cookie.path;
      return;
    case "secure":
      cookie.secure = true;
      return;
    case "httponly":
      cookie.httpOnly = true;
      return;
    case "samesite":
      cookie.sameSite = text;
      return;
  }
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// §5.1.1: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
// deno-lint-ignore no-control-regex
const DATE_DELIMITERS = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;
const TIME_TOKEN = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/;
const DAY_TOKEN = /^(\d{1,2})(?:\D|$)/;
const YEAR_TOKEN = /^(\d{2,4})(?:\D|$)/;

/**
 * Parses a cookie date with the algorithm of RFC 6265 §5.1.1, which reads every date format
 * servers send (`Wed, 09 Jun 2021 10:18:14 GMT`, `Wednesday, 09-Jun-21 10:18:14 GMT`, asctime).
 *
 * @param text The Expires attribute's value.
 * @returns Epoch milliseconds, or `null` when it is not a date.
 */
export function parseCookieDate(text: string): number | null {
  let time: number[] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  for (const token of text.split(DATE_DELIMITERS)) {
    if (token === "") continue;
    let match: RegExpMatchArray | null;
    if (time === undefined && (match = token.match(TIME_TOKEN))) {
      time = [Number(match[1]), Number(match[2]), Number(match[3])];
    } else if (day === undefined && (match = token.match(DAY_TOKEN))) {
      day = Number(match[1]);
    } else if (month === undefined && MONTHS.includes(token.slice(0, 3).toLowerCase())) {
      month = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
    } else if (year === undefined && (match = token.match(YEAR_TOKEN))) {
      year = Number(match[1]);
    }
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) {
    return null;
  }
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [hour, minute, second] = time;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month, day, hour, minute, second);
  // 31 February and the like roll over into the next month: not a date.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms;
}

/**
 * A Set-Cookie value with the cookie's value left out, for metadata and logs: cookie values are
 * credentials. Attributes stay (they say what the server asked for and hold no secret).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { redactSetCookie } from "./cookie_parse.ts";
 * assertEquals(redactSetCookie("sid=abc; Path=/; HttpOnly"), "sid=[redacted]; Path=/; HttpOnly");
 * ```
 *
 * @param header A Set-Cookie value.
 * @returns The same text with the value, and that of any cookie folded into the line after a
 *   comma, replaced by `[redacted]` (an empty value stays empty).
 */
export function redactSetCookie(header: string): string {
  // A server or proxy that folds Set-Cookie fields into one line joins them with commas; the jar
  // reads the line as one cookie (as browsers and curl do), but every value in it is a secret.
  return header.split(FOLDED_COOKIE).map(redactOneCookie).join(",");
}

/** A comma followed by `name=`: where a folded line starts another cookie (a date's comma is not). */
const FOLDED_COOKIE = /,(?=[ \t]*[^;,=\s]+[ \t]*=)/;

function redactOneCookie(header: string): string {
  const semicolon = header.indexOf(";");
  const pair = semicolon === -1 ? header : header.slice(0, semicolon);
  const equals = pair.indexOf("=");
  // Without "=", the whole pair may be the value (RFC 6265bis nameless cookies).
  if (equals === -1) return "[redacted]" + header.slice(pair.length);
  const value = trimOws(pair.slice(equals + 1));
  return pair.slice(0, equals + 1) + (value === "" ? "" : "[redacted]") +
    header.slice(pair.length);
}
