/**
 * Turning untrusted text (URL paths, host names, task names) into file-name segments that are safe on
 * common file systems (ext4, APFS, NTFS, FAT) and cannot climb out of a directory.
 * @module
 */
import { cutToBytes } from "./cut_name.ts";

/** Longest segment produced, in UTF-8 bytes; file systems commonly allow 255. */
export const MAX_SEGMENT_BYTES = 200;

/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), as ranges of
 * a regular expression's character class: a URL's `%E2%80%AE` would make `invoice\u202Efdp.exe`
 * show as `invoiceexe.pdf` in a listing or a terminal (Trojan Source's nine). Among what a name may
 * not carry (`UNSEEN_IN_NAMES`); escaped on the terminal.
 */
export const BIDI_CONTROL_RANGES = "\\u202A-\\u202E\\u2066-\\u2069";
/**
 * What a file name may not carry: controls (`Cc`: C0, DEL, C1, which a terminal may take for an
 * escape sequence) and characters drawn as nothing (`Cf`: zero-width spaces and joiners, the bidi
 * marks and controls above, word joiners U+2060–U+2064, the BOM U+FEFF, the soft hyphen U+00AD; and
 * the line and paragraph separators U+2028 / U+2029), with which two names look alike in `ls` or
 * one shows another extension; and a lone surrogate (`Cs`, from a JavaScript string: no character),
 * which the file system gets as U+FFFD, so `a\ud800` and `a\udc00` would be one file that the run's
 * claims tell apart. Dropped from names a URL or server renders (`sanitizeSegment`; controls
 * replaced by `_`), refused in a save template's own text (`path_template.ts`). As Chromium's download names.
 */
const UNSEEN_IN_NAMES = "\\p{Cc}\\p{Cf}\\p{Cs}\\u2028\\u2029";
const UNSEEN = new RegExp(`[${UNSEEN_IN_NAMES}]`, "gu");
const ONE_UNSEEN = new RegExp(`^[${UNSEEN_IN_NAMES}]$`, "u");
const SOME_UNSEEN = new RegExp(`[${UNSEEN_IN_NAMES}]`, "u");

/**
 * Whether one code point is a character a file name may not carry (see `UNSEEN_IN_NAMES`).
 *
 * @param char One code point (one or two UTF-16 units).
 * @returns True for a control, a format character or a line or paragraph separator.
 */
export function isUnseenInName(char: string): boolean {
  return ONE_UNSEEN.test(char);
}

/**
 * Whether a text holds a character {@linkcode isUnseenInName} names.
 *
 * @param text Any text.
 * @returns True when it holds one.
 */
export function hasUnseenInName(text: string): boolean {
  return SOME_UNSEEN.test(text);
}

/**
 * Whether a UTF-16 code unit is one of {@linkcode BIDI_CONTROL_RANGES}.
 *
 * @param code A code unit (`charCodeAt`).
 * @returns True for a bidirectional embedding, override or isolate.
 */
export function isBidiControl(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}
// Characters NTFS or FAT refuse, plus both separators, as a character class's contents.
const ILLEGAL_CHARS = '<>:"/\\\\|?*';
const ILLEGAL = new RegExp(`[${ILLEGAL_CHARS}]`, "g");
// Names Windows reserves for devices, with or without an extension, and with spaces before it
// ("nul .txt" is the device too): also COM0/LPT0, the superscript digits ¹ ² ³, CONIN$ and CONOUT$.
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i;

/**
 * Sanitises text that goes inside a name, where it need not end it (a glob's match in `{1}.html`):
 * as {@linkcode sanitizeSegment} does, but its trailing dots and spaces kept and no device name
 * prefixed, which are the whole name's to decide ({@linkcode finishedName}), as curl's `#1` keeps
 * the dot of `v{1.,2.}0`.
 *
 * @param raw Untrusted text.
 * @returns The cleaned text, possibly empty, never holding a separator.
 */
export function sanitizeNamePart(raw: string): string {
  return cutToBytes(cleaned(raw), MAX_SEGMENT_BYTES - 1);
}

/**
 * Finishes a name whose parts {@linkcode sanitizeNamePart} cleaned: trailing dots and spaces
 * dropped, a Windows device name prefixed with `_`, and an empty name made `_`.
 *
 * @param name A name made of cleaned parts.
 * @returns A non-empty safe segment.
 */
export function finishedName(name: string): string {
  return finished(name) || "_";
}

/**
 * Sanitises one segment: invisible characters (`UNSEEN_IN_NAMES`) removed, controls and illegal
 * characters (including `/` and `\`) replaced by `_`, trailing dots and spaces
 * removed (so `.` and `..` become empty), Windows device names prefixed with `_`, and a result
 * longer than `MAX_SEGMENT_BYTES` cut, with a hash of the whole (`cutToBytes`: two long segments
 * that begin alike stay apart).
 *
 * @param raw Untrusted text.
 * @returns The safe segment, possibly empty.
 */
export function sanitizeSegment(raw: string): string {
  return finished(cutToBytes(cleaned(raw), MAX_SEGMENT_BYTES - 1));
}

/**
 * Sanitises a file name as {@linkcode sanitizeSegment} does, but a name too long is cut before its
 * extension, which stays after the hash of the whole (`<start>~<8 hex>.pdf`, not a `.pdf` cut
 * off), a double one whole (`….tar.gz`, not `….gz`, which would unpack to a name without `.tar`):
 * a server's download name. Two long names that begin alike stay two names.
 *
 * @param raw Untrusted text, one name (separators in it become `_`).
 * @returns The safe name, possibly empty.
 */
export function sanitizeFileName(raw: string): string {
  const name = cleaned(raw);
  const max = MAX_SEGMENT_BYTES - 1;
  // Three bytes a code unit at most: a short name needs no count.
  if (name.length * 3 <= max) return finished(name);
  const ext = SHORT_EXTENSIONS.exec(name)?.[0] ?? "";
  return finished(cutToBytes(name, max, ext.length === name.length ? "" : ext));
}

/**
 * The extensions kept when a long name is cut: the last one or two (`.tar.gz`), each a dot and up
 * to 16 letters or digits.
 */
const SHORT_EXTENSIONS = /(?:\.[\p{L}\p{N}]{1,16}){1,2}$/u;

/**
 * The name `{filename}` saves a download under: the name the server gave (its
 * Content-Disposition's) without any folder before it (`../../etc/passwd` is `passwd`,
 * `..\x.exe` is `x.exe`), made safe by {@linkcode sanitizeFileName}; when it gives none, or none
 * is left, the last segment of the URL's path, percent-decoded and made safe, as `{path}` ends
 * (`index` for a path that ends with `/`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { downloadFileName } from "./sanitize.ts";
 * assertEquals(downloadFileName("../../etc/passwd", "/get"), "passwd");
 * assertEquals(downloadFileName(undefined, "/files/a%20b.pdf"), "a b.pdf");
 * assertEquals(downloadFileName("..", "/files/"), "index");
 * ```
 * @param given The name the server gave, as written (untrusted), or undefined.
 * @param pathname The path of the URL the body came from (percent-encoded).
 * @returns A non-empty safe name.
 */
export function downloadFileName(given: string | undefined, pathname: string): string {
  if (given !== undefined) {
    const name = sanitizeFileName(
      given.slice(Math.max(given.lastIndexOf("/"), given.lastIndexOf("\\")) + 1),
    );
    if (name !== "") return name;
  }
  if (pathname.endsWith("/")) return "index";
  const segments = pathname.split("/");
  for (let i = segments.length - 1; i >= 0; i--) {
    const name = sanitizeFileName(percentDecode(segments[i]));
    if (name !== "") return name;
  }
  return "index";
}

/** Any character {@linkcode cleaned} drops or replaces: most segments have none, and skip its passes. */
const UNCLEAN = new RegExp(`[${UNSEEN_IN_NAMES}${ILLEGAL_CHARS}]`, "u");
/**
 * Invisible characters dropped, and controls and the characters file systems refuse replaced. Not
 * composed (NFC): a server's decomposed name is kept as given, as a checksum file names it and as
 * earlier runs saved it (where the file system takes two spellings for one file, the run's claims
 * tell them apart: name_folding.ts).
 */
function cleaned(raw: string): string {
  if (!UNCLEAN.test(raw)) return raw;
  return raw.replace(CONTROLS, "_").replace(UNSEEN, "").replace(ILLEGAL, "_");
}

/**
 * Controls (`Cc`: C0, DEL, C1), replaced as the characters file systems refuse are: dropped, a
 * URL's `/a.ex%00e` was saved as `a.exe`, an extension it did not have. A character drawn as
 * nothing is dropped instead: the name then reads as the URL did.
 */
const CONTROLS = /\p{Cc}/gu;

/** Trailing dots and spaces dropped (`.` and `..` become empty), Windows device names prefixed. */
function finished(name: string): string {
  const segment = name.replace(/[. ]+$/, "");
  return RESERVED.test(segment) ? `_${segment}` : segment;
}

/**
 * Sanitises text that must become exactly one segment; empty results become `_`.
 *
 * @param raw Untrusted text.
 * @returns A non-empty safe segment.
 */
export function safeSegment(raw: string): string {
  return sanitizeSegment(raw) || "_";
}

/**
 * Turns a URL's path into safe relative segments: each segment is percent-decoded (escapes that are
 * not UTF-8 kept as written) then sanitised, so encoded `%2e%2e` is dropped and encoded `%2f` cannot
 * split a segment; an empty path or a trailing slash ends in `index`.
 *
 * @param pathname A URL's `pathname` (percent-encoded).
 * @returns At least one safe segment.
 */
export function urlPathSegments(pathname: string): string[] {
  const segments = pathname.split("/")
    .map((segment) => sanitizeSegment(percentDecode(segment)))
    .filter((segment) => segment !== "");
  if (segments.length === 0 || pathname.endsWith("/")) segments.push("index");
  return segments;
}

/**
 * Decodes valid percent-escapes and leaves malformed ones as they are. An escaped byte that is not
 * part of a UTF-8 character (a Latin-1 URL's `caf%E9`) is malformed too, and kept as written: read
 * as U+FFFD, every such byte would be one character, and `/caf%E9` and `/caf%E8` one file.
 */
function percentDecode(text: string): string {
  if (!text.includes("%")) return text;
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return decodeUtf8Escapes(run);
    }
  });
}

/** A run of escapes that is not UTF-8 as a whole: its characters decoded, other bytes kept as written. */
function decodeUtf8Escapes(run: string): string {
  const bytes = Uint8Array.from(
    { length: run.length / 3 },
    (_, i) => parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16),
  );
  let text = "";
  for (let i = 0; i < bytes.length;) {
    const size = utf8Length(bytes[i]);
    const char = size === 0 ? undefined : utf8Char(bytes.subarray(i, i + size));
    if (char === undefined) {
      text += run.slice(i * 3, i * 3 + 3);
      i++;
    } else {
      text += char;
      i += size;
    }
  }
  return text;
}

/** The one character the bytes are in UTF-8, or undefined (cut short, overlong, a surrogate). */
function utf8Char(bytes: Uint8Array): string | undefined {
  if (bytes.length < utf8Length(bytes[0])) return undefined;
  try {
    return FATAL_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** How many bytes the UTF-8 character a byte starts takes; 0 for a byte that starts none. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return lead < 0xf5 ? 4 : 0;
}

const FATAL_UTF8 = new TextDecoder("utf-8", { fatal: true });
