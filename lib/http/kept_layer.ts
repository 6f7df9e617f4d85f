/**
 * The coding of a compressed file sent as such (a `.tar.gz` under `Content-Encoding: gzip`), kept
 * as sent unless the server applied it to a file that already had it: its first decoded bytes tell
 * (see `coded_file.ts`).
 * @module
 */
import { HttpError } from "./errors.ts";
import type { BodyDecoder } from "./stream_decoder.ts";

/**
 * Most bytes received before the layer's first decoded bytes are in, past which it is kept: a
 * doubled gzip decodes to its inner header within its first block, a few bytes in.
 */
const MAX_PROBE_BYTES = 64 * 1024;

/** What became of the layer: decided as the body's first bytes are decoded. */
export interface KeptLayer {
  /** The coding (`gzip`), as the Content-Encoding named it. */
  readonly coding: string;
  /** True: undone (the server doubled it); false: kept as sent; undefined: not decided yet. */
  readonly undone: boolean | undefined;
}

/**
 * Decodes the layer's first bytes, and then hands out either the decoded body (it begins with the
 * coding's magic bytes: the server compressed the file again) or the bytes as received (the layer
 * is the file's own). A layer whose first bytes cannot be decoded at all is the file's too: it is
 * not corun's to judge. Until it decides, it keeps a copy of what it was given (a few KiB).
 *
 * Kept, it hands out each chunk it is given as it is, a view valid until its next `write`: its
 * reader, the body, hands it out as such (`ResponseBody.read`).
 *
 * A body that only the close of the connection ends looks whole however early it closes: kept,
 * such a body is still decoded to the end of its stream (the output dropped), and a stream cut
 * short fails with `EARLY_EOF`. A Content-Length or chunked body proves itself whole: it costs no
 * decoding past the first bytes. A stream that is corrupt rather than cut is the file's own, kept.
 */
export class KeptLayerDecoder implements BodyDecoder, KeptLayer {
  readonly encoding: string;
  readonly coding: string;
  readonly #magic: Uint8Array | null;
  /** Kept, `#inner` goes on decoding to see the stream's end: the close frames the body. */
  readonly #checkEnd: boolean;
  /** Undecided or undone: decodes the body. Kept: checks its end, or null. */
  #inner: BodyDecoder | null;
  #undone: boolean | undefined;
  /** Copies of what was written while undecided: handed out if the layer is kept. */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  /** Decoded pieces while undecided: handed out if the layer is undone. */
  #head: Uint8Array[] = [];
  #headBytes = 0;
  /** Pieces to hand out before anything else, once decided. */
  #queue: Uint8Array[] = [];
  /** Kept: the chunk written last, not yet handed out. */
  #input: Uint8Array | null = null;
  #written = 0;
  #ending = false;
  #cancelled = false;

  /**
   * @param inner The layer's own decoder.
   * @param coding The coding, as the Content-Encoding named it.
   * @param magic How a file of the coding begins; null for a coding whose files have no such mark
   *   (`br`): kept from the start.
   * @param checkEnd Decode a kept layer to its end all the same: the body runs to the close.
   */
  constructor(
    inner: BodyDecoder,
    coding: string,
    magic: Uint8Array | null,
    checkEnd: boolean,
  ) {
    this.#inner = inner;
    this.encoding = inner.encoding;
    this.coding = coding;
    this.#magic = magic;
    this.#checkEnd = checkEnd;
    if (magic === null) this.#decide(false, checkEnd);
  }

  get undone(): boolean | undefined {
    return this.#undone;
  }

  get keptLayer(): KeptLayer {
    return this;
  }

  get consumedBytes(): number {
    // Kept, what goes out is what came in: a ratio of 1.
    return this.#undone === false ? this.#written : this.#inner?.consumedBytes ?? 0;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.#cancelled) return;
    this.#written += chunk.length;
    if (this.#undone === false) {
      this.#input = chunk;
      this.#inner?.write(chunk);
      return;
    }
    if (this.#undone === undefined) {
      this.#held.push(chunk.slice());
      this.#heldBytes += chunk.length;
    }
    this.#inner!.write(chunk);
  }

  end(): void {
    if (this.#ending) return;
    this.#ending = true;
    this.#inner?.end();
  }

  async next(): Promise<Uint8Array | null> {
    for (;;) {
      if (this.#cancelled) return null;
      const queued = this.#queue.shift();
      if (queued !== undefined) return queued;
      if (this.#undone === false) {
        const input = this.#input;
        this.#input = null;
        if (input === null) await this.#checkInner();
        return input;
      }
      if (this.#undone === true) return await this.#inner!.next();
      let piece: Uint8Array | null;
      try {
        piece = await this.#inner!.next();
      } catch (error) {
        this.#throwIfCut(error);
        this.#decide(false, false); // not a stream of its coding after all: the file's as it is
        continue;
      }
      if (this.#cancelled) return null;
      if (piece !== null) {
        this.#head.push(piece);
        this.#headBytes += piece.length;
        if (this.#headBytes >= this.#magic!.length) {
          const undone = this.#beginsWithMagic();
          this.#decide(undone, !undone && this.#checkEnd);
        }
        continue;
      }
      // All of it decoded, shorter than the magic; or no decoded byte yet from this much.
      if (this.#ending || this.#heldBytes >= MAX_PROBE_BYTES) {
        this.#decide(false, this.#checkEnd);
        continue;
      }
      return null; // more input, please
    }
  }

  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#inner?.cancel();
    this.#inner = null;
    this.#held = this.#head = this.#queue = [];
    this.#input = null;
  }

  /**
   * Kept and checked: decodes what was written, its output dropped; at the end, a stream cut short
   * fails the body.
   */
  async #checkInner(): Promise<void> {
    try {
      for (let inner = this.#inner; inner !== null && !this.#cancelled; inner = this.#inner) {
        if ((await inner.next()) === null) return;
      }
    } catch (error) {
      this.#throwIfCut(error);
      // Corrupt, not cut: the file's own, kept as sent as any other body would be.
      this.#inner?.cancel();
      this.#inner = null;
    }
  }

  /** @throws {HttpError} `EARLY_EOF` when `error` is the inner decoder's, its stream cut short. */
  #throwIfCut(error: unknown): void {
    if (!this.#checkEnd || this.#inner?.cutShort !== true) return;
    throw new HttpError(
      "EARLY_EOF",
      `The connection closed early (after ${this.#written} bytes, inside the ${this.coding} ` +
        "stream of a compressed file kept as sent)",
      { cause: error },
    );
  }

  #beginsWithMagic(): boolean {
    const magic = this.#magic!;
    let at = 0;
    for (const piece of this.#head) {
      for (let i = 0; i < piece.length && at < magic.length; i++, at++) {
        if (piece[i] !== magic[at]) return false;
      }
      if (at === magic.length) return true;
    }
    return false;
  }

  /** @param check Kept, its inner decoder goes on to see the stream's end (`#checkInner`). */
  #decide(undone: boolean, check: boolean): void {
    this.#undone = undone;
    if (undone) {
      this.#queue = this.#head;
    } else {
      if (!check) {
        this.#inner!.cancel();
        this.#inner = null;
      }
      this.#queue = this.#held;
    }
    this.#head = [];
    this.#held = [];
  }
}
