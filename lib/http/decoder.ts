/**
 * Content decoding (gzip, deflate, br) of a response body as a stream, on the runtime's native
 * `DecompressionStream`.
 * @module
 */
import { type BodyDecoder, StreamDecoder } from "./stream_decoder.ts";

export type { BodyDecoder };

/** Options of {@linkcode createBodyDecoder}. */
export interface BodyDecoderOptions {
  /**
   * Largest piece of input handed to the native decoder at once. Each piece's output arrives whole,
   * as one chunk, so this is the step at which a budget is checked: gzip expands at most ~1032x
   * (16 KiB of input to 16 MiB); brotli has no such bound.
   * @default 16384
   */
  maxStepBytes?: number;
}

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
 * const chunks = [...await decoder.push(encoded), ...await decoder.finish()];
 * console.assert(new TextDecoder().decode(chunks[0]) === "hello");
 * ```
 *
 * @param contentEncoding The Content-Encoding header value, or `null`.
 * @param options Step size.
 * @returns A decoder, or `null`.
 */
export function createBodyDecoder(
  contentEncoding: string | null,
  options: BodyDecoderOptions = {},
): BodyDecoder | null {
  if (contentEncoding === null) return null;
  const stepBytes = options.maxStepBytes ?? 16_384;
  const codings = contentEncoding.split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return null;
  const decoders: BodyDecoder[] = [];
  for (const coding of codings.reverse()) {
    if (coding === "gzip" || coding === "x-gzip") {
      decoders.push(new StreamDecoder("gzip", coding, stepBytes));
    } else if (coding === "br") {
      decoders.push(new StreamDecoder("brotli", coding, stepBytes));
    } else if (coding === "deflate") {
      decoders.push(new DeflateDecoder(stepBytes));
    } else {
      for (const decoder of decoders) void decoder.cancel();
      return null;
    }
  }
  return decoders.length === 1 ? decoders[0] : new ChainDecoder(decoders);
}
/** Decides between zlib-wrapped and raw deflate from the first two bytes. */
class DeflateDecoder implements BodyDecoder {
  readonly encoding = "deflate";
  readonly #stepBytes: number;
  #inner: StreamDecoder | null = null;
  #firstByte: Uint8Array | null = null;

  constructor(stepBytes: number) {
    this.#stepBytes = stepBytes;
  }

  push(chunk: Uint8Array, maxOutputBytes?: number): Promise<Uint8Array[]> {
    if (this.#inner) return this.#inner.push(chunk, maxOutputBytes);
    if (chunk.length === 0) return Promise.resolve([]);
    if (this.#firstByte === null && chunk.length === 1) {
      this.#firstByte = chunk.slice();
      return Promise.resolve([]);
    }
    const head = this.#firstByte ? [this.#firstByte[0], chunk[0]] : [chunk[0], chunk[1]];
    this.#inner = new StreamDecoder(
      isZlibHeader(head[0], head[1]) ? "deflate" : "deflate-raw",
      "deflate",
      this.#stepBytes,
    );
    if (this.#firstByte === null) return this.#inner.push(chunk, maxOutputBytes);
    const joined = new Uint8Array(chunk.length + 1);
    joined[0] = this.#firstByte[0];
    joined.set(chunk, 1);
    return this.#inner.push(joined, maxOutputBytes);
  }

  async finish(maxOutputBytes?: number): Promise<Uint8Array[]> {
    if (this.#inner === null && this.#firstByte !== null) {
      this.#inner = new StreamDecoder("deflate-raw", "deflate", this.#stepBytes);
      await this.#inner.push(this.#firstByte); // one byte decodes to nothing
    }
    return this.#inner === null ? [] : this.#inner.finish(maxOutputBytes);
  }

  async cancel(): Promise<void> {
    await this.#inner?.cancel();
  }
}

/** RFC 1950: compression method 8 with a window of at most 32 KiB, and a check value. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * Several decoders in decoding order, each feeding the next. Every stage is held to the same budget:
 * an intermediate coding is itself compressed data, no larger than what it decodes to.
 */
class ChainDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #decoders: BodyDecoder[];

  constructor(decoders: BodyDecoder[]) {
    this.#decoders = decoders;
    this.encoding = decoders.map((decoder) => decoder.encoding).reverse().join(", ");
  }

  async push(chunk: Uint8Array, maxOutputBytes = Infinity): Promise<Uint8Array[]> {
    let chunks = [chunk];
    try {
      for (const decoder of this.#decoders) {
        chunks = await pushAll(decoder, chunks, maxOutputBytes);
      }
    } catch (error) {
      void this.cancel();
      throw error;
    }
    return chunks;
  }

  async finish(maxOutputBytes = Infinity): Promise<Uint8Array[]> {
    let chunks: Uint8Array[] = [];
    try {
      for (const decoder of this.#decoders) {
        chunks = await pushAll(decoder, chunks, maxOutputBytes);
        chunks.push(...await decoder.finish(maxOutputBytes - byteLength(chunks)));
      }
    } catch (error) {
      void this.cancel();
      throw error;
    }
    return chunks;
  }

  async cancel(): Promise<void> {
    await Promise.all(this.#decoders.map((decoder) => decoder.cancel()));
  }
}

async function pushAll(
  decoder: BodyDecoder,
  chunks: Uint8Array[],
  maxOutputBytes: number,
): Promise<Uint8Array[]> {
  const decoded: Uint8Array[] = [];
  for (const chunk of chunks) {
    decoded.push(...await decoder.push(chunk, maxOutputBytes - byteLength(decoded)));
  }
  return decoded;
}

function byteLength(chunks: Uint8Array[]): number {
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  return total;
}
