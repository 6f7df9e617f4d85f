/**
 * Content decoding (gzip, deflate, br) of a response body as a stream, on the runtime's zlib and
 * brotli, one bounded piece at a time (see `stream_decoder.ts`).
 * @module
 */
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "./deps.ts";
import { type BodyDecoder, ZlibStreamDecoder } from "./stream_decoder.ts";

export type { BodyDecoder };

/**
 * Creates a decoder for a Content-Encoding value, or returns `null` when there is nothing to
 * decode (absent, empty, `identity`) or an encoding is unknown: the caller then keeps the body as
 * received. Several codings (`gzip, br`) are undone last first.
 *
 * `deflate` should be a zlib stream (RFC 1950), but some servers send raw deflate (RFC 1951); the
 * first two bytes decide which.
 *
 * @example
 * ```ts
 * import { createBodyDecoder } from "./decoder.ts";
 * const encoded = new Uint8Array(await new Response(
 *   new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip")),
 * ).arrayBuffer());
 * const decoder = createBodyDecoder("gzip")!;
 * decoder.write(encoded);
 * const piece = await decoder.next();
 * console.assert(new TextDecoder().decode(piece!) === "hello");
 * decoder.cancel();
 * ```
 *
 * @param contentEncoding The Content-Encoding header value, or `null`.
 * @returns A decoder, or `null`.
 */
export function createBodyDecoder(contentEncoding: string | null): BodyDecoder | null {
  if (contentEncoding === null) return null;
  const codings = contentEncoding.split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return null;
  const decoders: BodyDecoder[] = [];
  for (const coding of codings.reverse()) {
    if (coding === "gzip" || coding === "x-gzip") {
      decoders.push(new ZlibStreamDecoder(createGunzip, coding));
    } else if (coding === "br") {
      decoders.push(new ZlibStreamDecoder(createBrotliDecompress, coding));
    } else if (coding === "deflate") {
      decoders.push(new DeflateDecoder());
    } else {
      for (const decoder of decoders) decoder.cancel();
      return null;
    }
  }
  return decoders.length === 1 ? decoders[0] : new ChainDecoder(decoders);
}

/** Decides between zlib-wrapped and raw deflate from the first two bytes. */
class DeflateDecoder implements BodyDecoder {
  readonly encoding = "deflate";
  #inner: ZlibStreamDecoder | null = null;
  #firstByte: Uint8Array | null = null;
  #cancelled = false;

  get consumedBytes(): number {
    return this.#inner?.consumedBytes ?? 0;
  }

  write(chunk: Uint8Array): void {
    if (this.#inner) return this.#inner.write(chunk);
    if (chunk.length === 0 || this.#cancelled) return;
    if (this.#firstByte === null && chunk.length === 1) {
      this.#firstByte = chunk.slice();
      return;
    }
    const first = this.#firstByte;
    const zlib = first ? isZlibHeader(first[0], chunk[0]) : isZlibHeader(chunk[0], chunk[1]);
    this.#inner = new ZlibStreamDecoder(zlib ? createInflate : createInflateRaw, "deflate");
    if (first) this.#inner.write(first);
    this.#inner.write(chunk);
  }

  end(): void {
    if (this.#inner === null && this.#firstByte !== null && !this.#cancelled) {
      this.#inner = new ZlibStreamDecoder(createInflateRaw, "deflate");
      this.#inner.write(this.#firstByte); // one byte is a truncated stream: the end says so
    }
    this.#inner?.end();
  }

  next(): Promise<Uint8Array | null> {
    return this.#inner ? this.#inner.next() : Promise.resolve(null);
  }

  cancel(): void {
    this.#cancelled = true;
    this.#inner?.cancel();
  }
}

/** RFC 1950: compression method 8 with a window of at most 32 KiB, and a check value. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * Several decoders in decoding order, each fed the next piece of the one before it only when it has
 * nothing left to give: at most one piece per stage is in memory.
 */
class ChainDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #decoders: BodyDecoder[];
  /** How many leading stages have ended their input. */
  #endedStages = 0;
  #ending = false;

  constructor(decoders: BodyDecoder[]) {
    this.#decoders = decoders;
    this.encoding = decoders.map((decoder) => decoder.encoding).reverse().join(", ");
  }

  get consumedBytes(): number {
    return this.#decoders[0].consumedBytes;
  }

  write(chunk: Uint8Array): void {
    this.#decoders[0].write(chunk);
  }

  end(): void {
    this.#ending = true;
    if (this.#endedStages === 0) {
      this.#decoders[0].end();
      this.#endedStages = 1;
    }
  }

  async next(): Promise<Uint8Array | null> {
    try {
      return await this.#pull(this.#decoders.length - 1);
    } catch (error) {
      this.cancel();
      throw error;
    }
  }

  cancel(): void {
    for (const decoder of this.#decoders) decoder.cancel();
  }

  /** The next piece out of stage `index`, feeding it from the stage before as needed. */
  async #pull(index: number): Promise<Uint8Array | null> {
    const decoder = this.#decoders[index];
    for (;;) {
      const piece = await decoder.next();
      if (piece !== null || index === 0 || this.#endedStages > index) return piece;
      const input = await this.#pull(index - 1);
      if (input !== null) {
        decoder.write(input);
      } else if (this.#ending && this.#endedStages === index) {
        decoder.end(); // the stage before is done
        this.#endedStages = index + 1;
      } else {
        return null; // the first stage wants more input
      }
    }
  }
}
