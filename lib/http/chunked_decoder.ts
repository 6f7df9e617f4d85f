/**
 * An incremental decoder of the chunked transfer coding (RFC 9112 §7.1).
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
import { type FieldLineLimits, HeaderList, parseFieldLine } from "./headers.ts";
import { type LimitNamer, nameRequestOption } from "./limit_names.ts";
import { DEFAULT_RESPONSE_HEAD_LIMITS } from "./response_head.ts";

/**
 * Limits of a {@linkcode ChunkedDecoder}: those of the response head (`maxHeaderSize`), since a
 * trailer section is a field section and a chunk-size line is a line like a header's. Extensions
 * are skipped, not kept, so a long one costs no memory.
 */
export interface ChunkedDecoderOptions {
  /**
   * Longest chunk-size line (size and extensions) and trailer line, line ending excluded.
   * @default 16384
   */
  maxLineBytes?: number;
  /** Largest trailer section in bytes, final empty line included. @default 65536 */
  maxTrailerBytes?: number;
  /** Most trailer fields (`maxHeaderCount`). @default 256 */
  maxTrailerCount?: number;
  /**
   * How a refusal names the limit passed, as the response head's limits (`maxTrailerBytes` is
   * named as the head's size limit, `maxTrailerCount` as its count). @default the client's option
   * names: `maxHeaderBytes (65536)`
   */
  nameLimit?: LimitNamer;
}

/** Receives decoded body bytes `buf[start..end)`: a view of the pushed buffer, valid during the call. */
export type ChunkDataCallback = (buf: Uint8Array, start: number, end: number) => void;

// Decoder states (plain numbers: the hot loop switches on them).
/** Reading the hex digits of a chunk size. */
const SIZE = 0;
/** Whitespace after the size, before `;` or the line end. */
const SIZE_SPACE = 1;
/** Inside chunk extensions, which are ignored. */
const EXTENSION = 2;
/** Saw the CR ending a size line; the LF must follow. */
const SIZE_LF = 3;
const DATA = 4;
/** Chunk data ended; its CRLF must follow. */
const DATA_CR = 5;
const DATA_LF = 6;
const TRAILER = 7;
const DONE = 8;

/** How the errors of a trailer section name it. */
const TRAILERS: FieldSectionNames = {
  action: "Cannot decode chunked body",
  section: "the trailer section",
  line: "a trailer line",
  fields: "fields",
};

/** How the error of an overlong chunk-size line names it: a line like a trailer's. */
const SIZE_LINE: FieldSectionNames = { ...TRAILERS, line: "a chunk-size line" };

const MAX_SIZE_BEFORE_DIGIT = Math.floor((Number.MAX_SAFE_INTEGER - 15) / 16);

/**
 * Decodes a chunked body fed in pieces of any size, down to one byte. Body bytes go to a callback
 * as ranges of the pushed buffer, never copied. Chunk extensions are ignored; trailer fields are
 * collected into `trailers`. Lines may end in CRLF or a bare LF.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ChunkedDecoder } from "./chunked_decoder.ts";
 * const bytes = new TextEncoder().encode("3\r\nabc\r\n0\r\n\r\nNEXT");
 * const decoder = new ChunkedDecoder();
 * let body = "";
 * const used = decoder.push(bytes, 0, bytes.length, (buf, start, end) => {
 *   body += new TextDecoder().decode(buf.subarray(start, end));
 * });
 * assertEquals([body, used, decoder.done], ["abc", 13, true]); // "NEXT" is not the body's
 * ```
 */
export class ChunkedDecoder {
  #state: number = SIZE;
  #size = 0;
  #digits = 0;
  #lineBytes = 0;
  #remaining = 0;
  #trailerBytes: Uint8Array | null = null;
  #trailerLength = 0;
  #trailerLineStart = 0;
  /** Trailer lines parsed: a folded line counts against `maxTrailerCount` as a field does. */
  #trailerLines = 0;
  #trailers = new HeaderList();
  /** The limits a folded trailer is held to, made at the first trailer line (most bodies have none). */
  #trailerLineLimits: FieldLineLimits | undefined;
  readonly #maxLineBytes: number;
  readonly #maxTrailerBytes: number;
  readonly #maxTrailerCount: number;
  readonly #nameLimit: LimitNamer;

  /** @param options Size limits. */
  constructor(options: ChunkedDecoderOptions = {}) {
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_RESPONSE_HEAD_LIMITS.maxLineBytes;
    this.#maxTrailerBytes = options.maxTrailerBytes ?? DEFAULT_RESPONSE_HEAD_LIMITS.maxHeaderBytes;
    this.#maxTrailerCount = options.maxTrailerCount ?? DEFAULT_RESPONSE_HEAD_LIMITS.maxHeaderCount;
    this.#nameLimit = options.nameLimit ?? nameRequestOption;
  }

  /** Whether the last chunk and the trailer section have been read: the body is complete. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /** Whether the last chunk (size 0) has been read: the body's data is complete. */
  get lastChunkRead(): boolean {
    return this.#state >= TRAILER;
  }

  /** Trailer fields received after the last chunk: complete once `done`, empty when there were none. */
  get trailers(): HeaderList {
    return this.#trailers;
  }

  /**
   * Decodes `buf[start..end)`, passing body bytes to `onData` as they are found.
   *
   * @param buf Received bytes.
   * @param start First byte to decode.
   * @param end One past the last byte.
   * @param onData Receives each run of body bytes; may throw to stop decoding.
   * @returns Bytes consumed: `end - start`, or fewer when the body ended inside the range (the
   *   rest belongs to the next response).
   * @throws {HttpError} `BAD_CHUNK` on a malformed size line or missing CRLF after chunk data,
   *   `LINE_TOO_LONG` on an overlong size or trailer line, `HEAD_TOO_LARGE` on an overlong trailer
   *   section, `TOO_MANY_HEADERS` on too many trailer fields, `BAD_HEADER` on a malformed one.
   */
  push(buf: Uint8Array, start: number, end: number, onData: ChunkDataCallback): number {
    let at = start;
    while (at < end) {
      switch (this.#state) {
        case DATA: {
          const stop = Math.min(end, at + this.#remaining);
          this.#remaining -= stop - at;
          if (this.#remaining === 0) this.#state = DATA_CR;
          onData(buf, at, stop);
          at = stop;
          continue;
        }
        case TRAILER: {
          at = this.#readTrailer(buf, at, end);
          if (this.done) return at - start;
          continue;
        }
        case DONE:
          return at - start;
        default:
          this.#readLineByte(buf[at++]);
      }
    }
    return at - start;
  }

  /** Steps the per-byte states: the size line and the CRLF after data. */
  #readLineByte(byte: number): void {
    switch (this.#state) {
      case DATA_CR:
        if (byte === 0x0d) this.#state = DATA_LF;
        else if (byte === 0x0a) this.#state = SIZE;
        else throw badChunk("chunk data is not followed by CRLF");
        return;
      case DATA_LF:
        if (byte !== 0x0a) throw badChunk("chunk data is not followed by CRLF");
        this.#state = SIZE;
        return;
      case SIZE_LF:
        if (byte !== 0x0a) throw badChunk("the chunk-size line has a CR without LF");
        this.#endSizeLine();
        return;
    }
    if (byte === 0x0a) return this.#endSizeLine();
    if (byte === 0x0d) {
      this.#state = SIZE_LF;
      return;
    }
    if (++this.#lineBytes > this.#maxLineBytes) throw this.#lineTooLong(SIZE_LINE);
    if (this.#state === SIZE) {
      const digit = hexValue(byte);
      if (digit !== -1) {
        if (this.#size > MAX_SIZE_BEFORE_DIGIT) throw badChunk("chunk size exceeds 2^53 - 1");
        this.#size = this.#size * 16 + digit;
        this.#digits++;
      } else if (this.#digits > 0 && (byte === 0x3b || byte === 0x20 || byte === 0x09)) {
        this.#state = byte === 0x3b ? EXTENSION : SIZE_SPACE;
      } else {
        throw badChunk(
          `chunk size has the unexpected byte 0x${byte.toString(16).padStart(2, "0")}`,
        );
      }
    } else if (this.#state === SIZE_SPACE) {
      if (byte === 0x3b) this.#state = EXTENSION;
      else if (byte !== 0x20 && byte !== 0x09) throw badChunk("chunk size is followed by junk");
    }
    // EXTENSION: extensions are ignored up to the line end.
  }

  #endSizeLine(): void {
    if (this.#digits === 0) throw badChunk("a chunk-size line has no size");
    this.#remaining = this.#size;
    this.#state = this.#size === 0 ? TRAILER : DATA;
    this.#size = 0;
    this.#digits = 0;
    this.#lineBytes = 0;
  }

  /** Buffers trailer lines up to the empty line; returns where reading stopped. */
  #readTrailer(buf: Uint8Array, at: number, end: number): number {
    const lf = buf.subarray(at, end).indexOf(0x0a);
    const stop = lf === -1 ? end : at + lf + 1;
    const length = this.#trailerLength + stop - at;
    if (length > this.#maxTrailerBytes) {
      throw sectionTooLarge(TRAILERS, this.#maxTrailerBytes, this.#nameLimit);
    }
    if (this.#trailerBytes === null || this.#trailerBytes.length < length) {
      const grown = new Uint8Array(Math.min(this.#maxTrailerBytes, Math.max(256, length * 2)));
      if (this.#trailerBytes) grown.set(this.#trailerBytes.subarray(0, this.#trailerLength));
      this.#trailerBytes = grown;
    }
    this.#trailerBytes.set(buf.subarray(at, stop), this.#trailerLength);
    this.#trailerLength = length;
    if (lf !== -1) this.#endTrailerLine(this.#trailerBytes);
    else if (
      pendingLineBytes(this.#trailerBytes, this.#trailerLineStart, length) > this.#maxLineBytes
    ) {
      throw this.#lineTooLong(TRAILERS);
    }
    return stop;
  }

  /** The error for a chunk-size or trailer line past `maxLineBytes`. */
  #lineTooLong(names: FieldSectionNames): HttpError {
    return lineTooLong(names, this.#maxLineBytes, this.#maxTrailerBytes, this.#nameLimit);
  }

  /** Handles a complete trailer line (LF at the end of the buffered bytes). */
  #endTrailerLine(bytes: Uint8Array): void {
    const lineStart = this.#trailerLineStart;
    const contentEnd = lineEnd(bytes, lineStart, this.#trailerLength - 1);
    if (contentEnd - lineStart > this.#maxLineBytes) {
      throw this.#lineTooLong(TRAILERS);
    }
    if (contentEnd === lineStart) {
      this.#state = DONE;
      this.#trailerBytes = null;
      return;
    }
    if (this.#trailerLines++ >= this.#maxTrailerCount) {
      throw tooManyFields(TRAILERS, this.#maxTrailerCount, this.#nameLimit);
    }
    this.#trailerLineLimits ??= {
      maxLineBytes: this.#maxLineBytes,
      maxHeaderBytes: this.#maxTrailerBytes,
      nameLimit: this.#nameLimit,
    };
    parseFieldLine(
      bytes,
      lineStart,
      contentEnd,
      this.#trailers,
      "chunked trailer",
      this.#trailerLineLimits,
    );
    this.#trailerLineStart = this.#trailerLength;
  }
}

/** The value of a hex digit byte, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

function badChunk(state: string): HttpError {
  return new HttpError("BAD_CHUNK", `Cannot decode chunked body: ${state}`);
}
