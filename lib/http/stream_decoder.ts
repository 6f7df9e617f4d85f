/**
 * The decoding step under every content coding: one runtime zlib or brotli stream, read one bounded
 * piece at a time. It decodes further only as its output is taken, so a small compressed input (a
 * "zip bomb") never holds more than a piece or two of its expansion in memory.
 * @module
 */
import type { Transform, ZlibOptions } from "./deps.ts";
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
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt or, for gzip and deflate, truncated.
   */
  next(): Promise<Uint8Array | null>;
  /** Releases the decoder without finishing (the body was abandoned). Never throws; safe twice. */
  cancel(): void;
}

/** A runtime decompression stream; `bytesWritten` counts the input its engine has consumed. */
export type ZlibStream = Transform & { readonly bytesWritten: number };

/** Makes one runtime decompression stream. */
export type CreateStream = (options: ZlibOptions) => ZlibStream;

/** One runtime zlib / brotli stream, read in paused mode (use `createBodyDecoder`). */
export class ZlibStreamDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #stream: ZlibStream;
  #pendingWrites = 0;
  #writtenBytes = 0;
  #ending = false;
  #done = false;
  #error: HttpError | null = null;
  #wake: (() => void) | null = null;

  /**
   * @param create Makes the runtime stream.
   * @param encoding The Content-Encoding it undoes, for messages.
   */
  constructor(create: CreateStream, encoding: string) {
    this.encoding = encoding;
    // Output comes in pieces of chunkSize, and the stream stops decoding while one waits unread.
    this.#stream = create({ chunkSize: DECODE_STEP_BYTES });
    this.#stream.on("readable", this.#wakeUp);
    this.#stream.on("end", () => {
      this.#done = true;
      this.#wakeUp();
    });
    this.#stream.on("error", (error: unknown) => this.#fail(error));
  }

  get consumedBytes(): number {
    return this.#stream.bytesWritten;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.#done) return;
    this.#writtenBytes += chunk.length;
    this.#pendingWrites++;
    // The callback comes once the chunk is fully decoded (all its output pushed).
    this.#stream.write(chunk, (error) => {
      this.#pendingWrites--;
      if (error) this.#fail(error);
      this.#wakeUp();
    });
  }

  end(): void {
    if (this.#ending) return;
    this.#ending = true;
    // An empty body (Content-Length: 0 with Content-Encoding: gzip) is common and not corrupt.
    if (this.#writtenBytes === 0) this.cancel();
    else this.#stream.end();
  }

  async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.#error) throw this.#error;
      if (this.#done) return null;
      const piece = this.#stream.read() as Uint8Array | null;
      if (piece !== null) return piece;
      if (this.#pendingWrites === 0 && !this.#ending) return null;
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
  }

  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#stream.destroy();
    this.#wakeUp();
  }

  #wakeUp = (): void => {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  };

  #fail(error: unknown): void {
    if (this.#done || this.#error) return; // cancelled: a destroyed stream's errors mean nothing
    const reason = messageOf(error);
    this.#error = new HttpError("BAD_ENCODING", `Cannot decode ${this.encoding} body: ${reason}`, {
      cause: error,
    });
    this.#done = true;
    this.#stream.destroy();
    this.#wakeUp();
  }
}
