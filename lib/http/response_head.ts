/**
 * Parsing an HTTP/1.x response head (status line and header fields) straight from received bytes.
 * @module
 */
import { HttpError } from "./errors.ts";
import {
  type FieldSectionNames,
  lineEnd,
  lineTooLong,
  pendingLineBytes,
  sectionTooLarge,
  tooManyFields,
} from "./field_section.ts";
import { decodeLatin1, HeaderList, parseFieldLine, spellsText } from "./headers.ts";
import { quoteReceived } from "./quote_received.ts";
import type { LimitNamer } from "./limit_names.ts";

/** Size limits of a response head; each one refuses a server that sends too much. */
export interface ResponseHeadLimits {
  /** Largest head in bytes, status line and final empty line included. */
  maxHeaderBytes: number;
  /** Most header fields; each folded line (obs-fold) counts as one. */
  maxHeaderCount: number;
  /**
   * Longest single line in bytes, its line ending excluded: messages name `maxHeaderBytes` as its
   * knob (see {@linkcode maxLineBytesOf}).
   */
  maxLineBytes: number;
  /**
   * How a refusal names the limit passed (see `RequestOptions.nameLimit`).
   * @default the client's option names: `maxHeaderBytes (65536)`
   */
  nameLimit?: LimitNamer;
}

/** How the errors of a response head name it. */
const HEAD: FieldSectionNames = {
  action: "Cannot parse response head",
  section: "it",
  line: "a line",
  fields: "header fields",
};

/** Limits used by corun unless a task sets its own. */
export const DEFAULT_RESPONSE_HEAD_LIMITS: Readonly<ResponseHeadLimits> = Object.freeze({
  maxHeaderBytes: 65_536,
  maxHeaderCount: 256,
  maxLineBytes: 16_384,
});

/**
 * The largest response head a config's `maxHeaderSize` and a request's `maxHeaderBytes` may allow:
 * 64 MiB. A head is held whole
 * and its lines (a quarter of it, 16 MiB) are decoded into strings, kept in the metadata too; far
 * larger ones pass what the runtime can hold in one string (about 512 MiB).
 */
export const MAX_HEAD_BYTES_CEILING = 64 * 2 ** 20;

/** Why {@linkcode MAX_HEAD_BYTES_CEILING} is the most, as every refusal of a larger limit says. */
export const HEAD_CEILING_WHY = "the largest response head corun holds";

/**
 * The longest header line (and chunk-size line) for a head of at most `maxHeaderBytes`: a quarter
 * of it, at least 16 KiB and at most the whole head. The default head (64 KiB) keeps 16 KiB lines,
 * and raising `maxHeaderSize` lets a long line (a large `Link` or `Content-Security-Policy`)
 * through, which has no knob of its own.
 *
 * @param maxHeaderBytes The largest head.
 * @returns The longest line, its line ending excluded.
 */
export function maxLineBytesOf(maxHeaderBytes: number): number {
  const atLeast = DEFAULT_RESPONSE_HEAD_LIMITS.maxLineBytes;
  return Math.min(maxHeaderBytes, Math.max(atLeast, Math.floor(maxHeaderBytes / 4)));
}

/** A parsed response head. */
export interface ResponseHead {
  /** Protocol version of the response. */
  version: "1.0" | "1.1";
  /** Status code, 100 to 999. */
  status: number;
  /** Reason phrase, possibly empty; control characters other than HTAB replaced by "?". */
  reason: string;
  /** Header fields in the order received. */
  headers: HeaderList;
  /** Bytes the head took from `start`, final empty line included; the body starts there. */
  headBytes: number;
}

/**
 * Parses a response head from `buf[start..end)`, or reports that more bytes are needed. Lines may end
 * in CRLF or a bare LF. The call keeps no state: call it again with the same `start` and a larger
 * `end` when more bytes arrive. Limits are checked on incomplete heads too, so a server that dribbles
 * header bytes forever is refused as soon as it passes one. Empty lines before the status line are
 * skipped (and counted in `headBytes`).
 *
 * A 1xx head (other than 101) is followed by another head: the caller parses again after `headBytes`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { DEFAULT_RESPONSE_HEAD_LIMITS, parseResponseHead } from "./response_head.ts";
 * const bytes = new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
 * const head = parseResponseHead(bytes, 0, bytes.length, DEFAULT_RESPONSE_HEAD_LIMITS);
 * assertEquals([head?.status, head?.headBytes], [200, 38]);
 * ```
 *
 * @param buf Received bytes.
 * @param start Where the head starts.
 * @param end One past the last received byte.
 * @param limits Size limits.
 * @returns The head, or `null` when the bytes so far are a valid but incomplete head.
 * @throws {HttpError} `HEAD_TOO_LARGE`, `TOO_MANY_HEADERS`, `LINE_TOO_LONG`, `BAD_STATUS_LINE` or
 *   `BAD_HEADER`.
 */
export function parseResponseHead(
  buf: Uint8Array,
  start: number,
  end: number,
  limits: ResponseHeadLimits,
): ResponseHead | null {
  const headStart = skipEmptyLines(buf, start, end, limits);
  if (headStart === -1) return null;
  // Empty lines before the status line take their part of the head's bytes.
  const headEnd = findHeadEnd(
    buf,
    headStart,
    end,
    limits,
    limits.maxHeaderBytes - (headStart - start),
  );
  if (headEnd === -1) return null;
  let lf = buf.indexOf(0x0a, headStart);
  const statusLineEnd = lineEnd(buf, headStart, lf);
  const status = checkStatusLine(buf, headStart, statusLineEnd);
  const headers = HeaderList.withRoomFor(fieldLineCount(buf, lf + 1, headEnd));
  for (let lineStart = lf + 1; lineStart < headEnd; lineStart = lf + 1) {
    lf = buf.indexOf(0x0a, lineStart);
    const contentEnd = lineEnd(buf, lineStart, lf);
    if (contentEnd === lineStart) break; // the empty line ending the head
    parseFieldLine(buf, lineStart, contentEnd, headers, "response head", limits);
  }
  return {
    version: buf[headStart + 7] === 0x31 ? "1.1" : "1.0",
    status,
    reason: reasonOf(buf, headStart, statusLineEnd),
    headers,
    headBytes: headEnd - start,
  };
}

/**
 * Skips empty lines (CRLF or a bare LF) before the status line, as peer parsers do: some servers send
 * one after a body or after an interim 1xx head. A bare CR is not an empty line.
 *
 * @returns Where the status line starts, or -1 when only empty-line bytes have arrived so far.
 * @throws {HttpError} `HEAD_TOO_LARGE` when the empty lines alone reach `maxHeaderBytes`.
 */
function skipEmptyLines(buf: Uint8Array, start: number, end: number, limits: ResponseHeadLimits) {
  let at = start;
  while (at < end) {
    if (at - start >= limits.maxHeaderBytes) {
      throw sectionTooLarge(HEAD, limits.maxHeaderBytes, limits.nameLimit);
    }
    if (buf[at] === 0x0a) at++;
    else if (buf[at] !== 0x0d) return at;
    else if (at + 1 === end) return -1; // the LF of this CRLF may be on its way
    else if (buf[at + 1] === 0x0a) at += 2;
    else return at;
  }
  return -1;
}

/**
 * Finds the end of the head with native `indexOf` jumps from line to line, checking the limits.
 * Checks the status line as soon as it is complete, so a peer that does not speak HTTP fails fast.
 *
 * @param maxHeaderBytes What the head may take: `limits.maxHeaderBytes`, less the empty lines
 *   before it (messages name the limit as set).
 * @returns One past the final LF, or -1 when the head is incomplete.
 */
function findHeadEnd(
  buf: Uint8Array,
  start: number,
  end: number,
  limits: ResponseHeadLimits,
  maxHeaderBytes: number,
): number {
  const { maxHeaderCount, maxLineBytes } = limits;
  const limitEnd = Math.min(end, start + maxHeaderBytes);
  // Bytes past `end` may be stale data in the caller's buffer: never scan them. Past the last LF
  // before the limit there is no line end to find (and no view of the bytes to make to stop there).
  // (A negative index would count from the buffer's end: none is passed.)
  const lastLf = limitEnd > start ? buf.lastIndexOf(0x0a, limitEnd - 1) : -1;
  let lineStart = start;
  let fieldCount = 0;
  while (true) {
    const lf = lineStart > lastLf ? -1 : buf.indexOf(0x0a, lineStart);
    if (lf === -1) {
      if (lineStart === start) checkVersionPrefix(buf, start, end);
      if (end - start >= maxHeaderBytes) {
        throw sectionTooLarge(HEAD, limits.maxHeaderBytes, limits.nameLimit);
      }
      if (pendingLineBytes(buf, lineStart, end) > maxLineBytes) {
        throw lineTooLong(HEAD, maxLineBytes, limits.maxHeaderBytes, limits.nameLimit);
      }
      return -1;
    }
    const contentEnd = lineEnd(buf, lineStart, lf);
    if (contentEnd - lineStart > maxLineBytes) {
      throw lineTooLong(HEAD, maxLineBytes, limits.maxHeaderBytes, limits.nameLimit);
    }
    if (lineStart === start) {
      checkStatusLine(buf, start, contentEnd);
    } else if (contentEnd === lineStart) {
      return lf + 1;
    } else if (++fieldCount > maxHeaderCount) {
      throw tooManyFields(HEAD, maxHeaderCount, limits.nameLimit);
    }
    lineStart = lf + 1;
  }
}

/** How many field lines a complete head has from `start` (its second line) to `headEnd`. */
function fieldLineCount(buf: Uint8Array, start: number, headEnd: number): number {
  let lines = 0;
  for (let at = start; at < headEnd; at = buf.indexOf(0x0a, at) + 1) lines++;
  return lines - 1; // the empty line that ends the head
}

/** Refuses a peer whose first bytes already cannot start `HTTP/1.`. */
function checkVersionPrefix(buf: Uint8Array, start: number, end: number): void {
  const length = Math.min(end - start, VERSION_PREFIX.length);
  for (let i = 0; i < length; i++) {
    if (buf[start + i] !== VERSION_PREFIX[i]) checkStatusLine(buf, start, end);
  }
}

// "HTTP/1."
const VERSION_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e];

/**
 * Checks `HTTP/1.x NNN reason` (the space and reason may be missing): the status line is checked as
 * soon as it is complete, and again when the whole head is parsed.
 *
 * @returns The status code.
 * @throws {HttpError} `BAD_STATUS_LINE`.
 */
function checkStatusLine(buf: Uint8Array, start: number, end: number): number {
  let ok = end - start >= 12;
  for (let i = 0; ok && i < VERSION_PREFIX.length; i++) ok = buf[start + i] === VERSION_PREFIX[i];
  const minor = buf[start + 7];
  ok = ok && (minor === 0x30 || minor === 0x31) && buf[start + 8] === 0x20;
  let status = 0;
  for (let i = start + 9; ok && i < start + 12; i++) {
    const digit = buf[i] - 0x30;
    ok = digit >= 0 && digit <= 9;
    status = status * 10 + digit;
  }
  ok = ok && status >= 100 && (end === start + 12 || buf[start + 12] === 0x20);
  for (let i = start + 13; ok && i < end; i++) {
    const byte = buf[i];
    ok = byte !== 0x0d && byte !== 0; // refused, as peer parsers do
  }
  if (!ok) {
    const shown = decodeLatin1(buf, start, Math.min(end, start + 64));
    throw new HttpError(
      "BAD_STATUS_LINE",
      `Cannot parse response head: status line ${
        quoteReceived(shown)
      } is not "HTTP/1.x NNN reason"${tlsRecordHint(buf, start, end)}`,
    );
  }
  return status;
}

/**
 * What the answer is when it starts as a TLS record (an alert or a handshake, version 3.x): a TLS
 * server's answer to a plain request, which its quoted control bytes would not tell a user.
 */
function tlsRecordHint(buf: Uint8Array, start: number, end: number): string {
  const record = end - start >= 2 && (buf[start] === 0x15 || buf[start] === 0x16) &&
    buf[start + 1] === 0x03;
  return record ? " (it is a TLS record: the server wants https on this port)" : "";
}

/** The reason last received: most responses of a run say the same ("OK"), made once then. */
let lastReason = "";

/**
 * The reason phrase of a status line checked by {@linkcode checkStatusLine}, each control character
 * but HTAB replaced by "?" (see {@linkcode isReasonControl}).
 */
function reasonOf(buf: Uint8Array, statusLineStart: number, end: number): string {
  const start = Math.min(statusLineStart + 13, end);
  let controls = false;
  for (let i = start; !controls && i < end; i++) controls = isReasonControl(buf[i]);
  if (!spellsText(buf, start, end, lastReason)) lastReason = decodeLatin1(buf, start, end);
  return controls ? lastReason.replace(REASON_CONTROLS, "?") : lastReason;
}

/**
 * RFC 9112 §4: `reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )`. A reason with other control
 * characters is kept with each one replaced by "?", not refused: the reason is text for people
 * (clients SHOULD ignore it), the status and the body are sound, and a 404 or a 200 turned into a
 * protocol error would help nobody; replaced, no ESC or BEL reaches a message, a log or the
 * metadata. The bytes 0x80-0x9F go too: obs-text for the grammar, but C1 controls once decoded
 * byte per character, and a terminal may act on U+009B as on ESC [.
 */
function isReasonControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09) || (byte >= 0x7f && byte <= 0x9f);
}

/** The characters {@linkcode isReasonControl} flags, once decoded: every control but HTAB. */
const REASON_CONTROLS = /[^\t\P{Cc}]/gu;
