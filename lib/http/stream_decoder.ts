/**
 * The decoding step under every content coding: one runtime zlib or brotli stream, read one bounded
 * piece at a time. It decodes further only as its output is taken, so a small compressed input (a
 * "zip bomb") never holds more than a piece or two of its expansion in memory.
 * @module
 */
import type { Transform, ZlibOptions } from "./deps.ts";
import type { KeptLayer } from "./kept_layer.ts";
import { HttpError } from "./errors.ts";
import { messageOf } from "../loop/mod.ts";

/** Largest decoded piece handed out at once; the decoder waits while one is not taken. */
export const DECODE_STEP_BYTES = 64 * 1024;

/**
 * Decodes a body fed in chunks, pulled one decoded piece at a time. The caller writes a chunk only
 * when `next()` has returned `null` (everything written is decoded and taken), and leaves the chunk's
 * bytes untouched until then: the decoder reads them in place.
 */
export interface BodyDecoder {
  /** The Content-Encoding being decoded, as normalised (`"gzip"`, `"gzip, br"`), for messages. */
  readonly encoding: string;
  /** Encoded bytes decoded so far (written bytes the decoder has not reached yet excluded). */
  readonly consumedBytes: number;
  /**
   * The saved file's own coding, kept unless the server doubled it, when this decoder ends in one
   * (`KeptLayerDecoder`).
   */
  readonly keptLayer?: KeptLayer;
  /**
   * True once it failed because its input ended before its stream's own end (a cut stream, not a
   * corrupt one); undefined for a decoder that does not tell.
   */
  readonly cutShort?: boolean;
  /**
   * Hands over encoded bytes.
   *
   * @param chunk Encoded bytes, read in place until `next()` returns `null`.
   */
  write(chunk: Uint8Array): void;
  /** Ends the input: call once, after the last write has been decoded and taken. */
  end(): void;
  /**
   * Decodes the next piece.
   *
   * @returns At most {@linkcode DECODE_STEP_BYTES} decoded bytes (a fresh buffer), or `null` when
   *   all input so far is decoded and taken (after `end()`: the body is complete).
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt, truncated, or followed by bytes
   *   other than zero padding.
   */
  next(): Promise<Uint8Array | null>;
  /** Releases the decoder without finishing (the body was abandoned). Never throws; safe twice. */
  cancel(): void;
}

/** A runtime decompression stream; `bytesWritten` counts the input its engine has consumed. */
export type ZlibStream = Transform & { readonly bytesWritten: number };

/** Makes one runtime decompression stream. */
export type CreateStream = (options: ZlibOptions) => ZlibStream;

/** Options of a {@linkcode ZlibStreamDecoder}. */
export interface ZlibStreamDecoderOptions {
  /**
   * Whether the runtime stream ends without an error on a cut input (brotli does), so that the end
   * of the input must be probed: one extra byte that a whole stream leaves unread.
   * @default false
   */
  probeEnd?: boolean;
}

/** What the probe of {@linkcode ZlibStreamDecoderOptions.probeEnd} writes. */
const PROBE = new Uint8Array(1);

/** How a stream cut short is said, whatever its coding: zlib's words for a cut gzip. */
const CUT = "unexpected end of file";

/**
 * One runtime zlib / brotli stream, read in paused mode (use `openBodyDecoder`).
 *
 * The body is whole when the stream reaches its own end: bytes the engine leaves unread after it
 * are allowed only as zero padding (as gzip allows after its last member), since anything else
 * is content that no decoder would hand out; a gzip body of several members decodes to their
 * concatenation (the runtime's gunzip goes on with the next member).
 */
export class ZlibStreamDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #stream: ZlibStream;
  readonly #probeEnd: boolean;
  #pendingWrites = 0;
  #writtenBytes = 0;
  /** Input whose write is settled (its callback ran). */
  #settledBytes = 0;
  /** Settled input the engine left unread: it follows the end of the stream, or an error. */
  #unreadBytes = 0;
  /** Some unread input is not zero padding: once the stream's end is seen, the body fails. */
  #contentAfterEnd = false;
  #ending = false;
  #probing = false;
  /** The probe byte was written: from then on, any error of the engine says the stream was cut. */
  #probed = false;
  /** The stream's readable side ended: its end was reached (and, once ending, flushed). */
  #streamEnded = false;
  #cancelled = false;
  #error: HttpError | null = null;
  #cutShort = false;
  #wake: (() => void) | null = null;

  /**
   * @param create Makes the runtime stream.
   * @param encoding The Content-Encoding it undoes, for messages.
   * @param options How its end is told.
   */
  constructor(create: CreateStream, encoding: string, options: ZlibStreamDecoderOptions = {}) {
    this.encoding = encoding;
    this.#probeEnd = options.probeEnd ?? false;
    // Output comes in pieces of chunkSize, and the stream stops decoding while one waits unread.
    this.#stream = create({ chunkSize: DECODE_STEP_BYTES });
    this.#stream.on("readable", this.#wakeUp);
    this.#stream.on("end", () => {
      this.#streamEnded = true;
      this.#wakeUp();
    });
    this.#stream.on("error", this.#engineFailed);
  }

  get consumedBytes(): number {
    return this.#stream.bytesWritten;
  }

  get cutShort(): boolean {
    return this.#cutShort;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.#cancelled || this.#error) return;
    this.#writtenBytes += chunk.length;
    // A stream that has ended takes no more input (the runtime would push past its end).
    if (this.#streamEnded) return this.#noteUnread(chunk, chunk.length);
    this.#pendingWrites++;
    // The callback comes once the chunk is fully decoded (all its output pushed), or the engine has
    // reached the end of the stream.
    this.#stream.write(chunk, (error) => {
      this.#pendingWrites--;
      this.#settledBytes += chunk.length;
      if (error) this.#engineFailed(error);
      else this.#noteUnread(chunk, this.#newlyUnread());
      this.#wakeUp();
    });
  }

  end(): void {
    if (this.#ending) return;
    this.#ending = true;
    // An empty body (Content-Length: 0 with Content-Encoding: gzip) is common and not corrupt.
    if (this.#writtenBytes === 0) this.cancel();
    else if (this.#streamEnded || this.#error) return;
    else if (this.#probeEnd) this.#probe();
    else this.#stream.end();
  }

  async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.#error) throw this.#error;
      if (this.#cancelled) return null;
      const piece = this.#stream.read() as Uint8Array | null;
      if (piece !== null && !this.#probing) return piece;
      if (piece !== null) continue; // decoded from the probe byte: the body is cut, and fails
      if (this.#pendingWrites === 0) {
        if (this.#streamEnded && this.#contentAfterEnd) {
          this.#fail(`bytes other than zero padding follow the end of the ${this.encoding} data`);
          continue;
        }
        if (this.#streamEnded) return null;
        // Unread input means the stream has ended, or an error is on its way: wait for which.
        if (!this.#ending && this.#unreadBytes === 0) return null;
      }
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
  }

  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#stream.destroy();
    this.#wakeUp();
  }

  /** Bytes of the write just settled that the engine left unread. */
  #newlyUnread(): number {
    const unread = this.#settledBytes - this.#stream.bytesWritten;
    const added = unread - this.#unreadBytes;
    this.#unreadBytes = unread;
    return added;
  }

  /**
   * Notes whether the last `count` bytes of `chunk`, left unread, hold anything but zeros. Judged
   * later: the runtime reports corrupt data after the write's callback, with the same bytes unread.
   */
  #noteUnread(chunk: Uint8Array, count: number): void {
    if (count <= 0 || this.#contentAfterEnd) return;
    const after = chunk.subarray(chunk.length - Math.min(count, chunk.length));
    this.#contentAfterEnd = after.some((byte) => byte !== 0);
  }

  /**
   * Writes one byte past the input: a whole stream leaves it unread and ends, a cut one takes it as
   * more of its data. Only then is the stream ended, so what the probe decodes is never handed out.
   */
  #probe(): void {
    this.#probing = this.#probed = true;
    this.#pendingWrites++;
    const consumed = this.#stream.bytesWritten;
    this.#stream.write(PROBE, (error) => {
      this.#pendingWrites--;
      if (error) this.#engineFailed(error);
      else if (this.#stream.bytesWritten > consumed) this.#fail(CUT, undefined, true);
      else {
        // Whole: what the engine's final flush produces is content again, to be handed out.
        this.#probing = false;
        if (!this.#streamEnded) this.#stream.end();
      }
      this.#wakeUp();
    });
  }

  #wakeUp = (): void => {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  };

  /**
   * An error of the engine. Once the probe byte is in, the stream took it as data (at once, or at
   * the final flush, the byte held unread until then): it was cut, whatever the engine made of that
   * byte (brotli may call it a bad Huffman table). zlib's Z_BUF_ERROR comes only from the final
   * flush: the input ended inside the stream.
   */
  #engineFailed = (error: unknown): void => {
    const cut = this.#probed || (error as { code?: unknown } | null)?.code === "Z_BUF_ERROR";
    this.#fail(cut ? CUT : messageOf(error), error, cut);
  };

  /** @param cut The input ended before the stream's own end (`cutShort`). */
  #fail(reason: string, cause?: unknown, cut = false): void {
    if (this.#cancelled || this.#error) return; // a destroyed stream's errors mean nothing
    this.#cutShort = cut;
    this.#error = new HttpError("BAD_ENCODING", `Cannot decode ${this.encoding} body: ${reason}`, {
      cause,
    });
    this.#stream.destroy();
    this.#wakeUp();
  }
}
