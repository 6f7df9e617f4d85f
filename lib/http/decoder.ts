/**
 * Content decoding (gzip, deflate, br) of a response body as a stream, on the runtime's native
 * `DecompressionStream`.
 * @module
 */
import { HttpError } from "./errors.ts";

/**
 * Decodes a body fed in chunks. Backpressure is the caller's await: it pushes the next chunk only
 * when the previous push has resolved, so at most one input chunk is in flight and nothing queues.
 */
export interface BodyDecoder {
  /** The Content-Encoding being decoded, as normalised (`"gzip"`, `"br, gzip"`), for messages. */
  readonly encoding: string;
  /**
   * Decodes one chunk of the encoded body. The chunk is fully consumed when the promise resolves,
   * so its buffer may then be reused.
   *
   * @param chunk Encoded bytes.
   * @returns Decoded chunks produced so far (often one, possibly none); fresh buffers.
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt.
   */
  push(chunk: Uint8Array): Promise<Uint8Array[]>;
  /**
   * Ends the input: call once, after the last push.
   *
   * @returns The last decoded chunks.
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt or, for gzip and br, truncated.
   */
  finish(): Promise<Uint8Array[]>;
  /** Releases the decoder without finishing (the body was abandoned). Never throws. */
  cancel(): Promise<void>;
}

/** Options of {@linkcode createBodyDecoder}. */
export interface BodyDecoderOptions {
  /**
   * Largest piece of input handed to the native decoder at once. Each piece's output arrives whole,
   * so smaller pieces bound the memory a gzip bomb can claim per step (gzip expands at most ~1032x;
   * brotli has no such bound, so the caller must still check its body limit after each push).
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

const WRITTEN = Symbol("written");

/** One native DecompressionStream driven write by write. */
class StreamDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #stepBytes: number;
  // A read left waiting by a write that produced no output; the next write's output fulfils it.
  #pendingRead: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  #pushedBytes = 0;
  #ended = false;

  constructor(format: CompressionFormat, encoding: string, stepBytes: number) {
    const stream = new DecompressionStream(format);
    this.encoding = encoding;
    this.#writer = stream.writable.getWriter();
    this.#reader = stream.readable.getReader();
    this.#stepBytes = stepBytes;
  }

  async push(chunk: Uint8Array): Promise<Uint8Array[]> {
    const decoded: Uint8Array[] = [];
    try {
      for (let at = 0; at < chunk.length; at += this.#stepBytes) {
        await this.#write(chunk.subarray(at, at + this.#stepBytes), decoded);
      }
    } catch (error) {
      throw this.#fail(error);
    }
    this.#pushedBytes += chunk.length;
    return decoded;
  }

  async finish(): Promise<Uint8Array[]> {
    // An empty body (Content-Length: 0 with Content-Encoding: gzip) is common and not corrupt.
    if (this.#pushedBytes === 0) {
      await this.cancel();
      return [];
    }
    this.#ended = true;
    const decoded: Uint8Array[] = [];
    try {
      const closed = this.#writer.close();
      closed.catch(() => {}); // The read below sees the same failure.
      while (true) {
        const result = await (this.#pendingRead ?? this.#reader.read());
        this.#pendingRead = null;
        if (result.done) break;
        decoded.push(result.value);
      }
      await closed;
    } catch (error) {
      throw this.#fail(error);
    }
    return decoded;
  }

  async cancel(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await Promise.allSettled([this.#writer.abort(), this.#reader.cancel()]);
  }

  /** Writes one piece and collects what it decodes to, until the write is consumed. */
  async #write(piece: Uint8Array, into: Uint8Array[]): Promise<void> {
    const written = this.#writer.write(piece as Uint8Array<ArrayBuffer>).then((): typeof WRITTEN =>
      WRITTEN
    );
    while (true) {
      // The pending read is what lets the transform run (the readable side starts with backpressure).
      this.#pendingRead ??= this.#reader.read();
      const result = await Promise.race([this.#pendingRead, written]);
      if (result === WRITTEN) return;
      this.#pendingRead = null;
      if (result.done) return;
      into.push(result.value);
    }
  }

  #fail(error: unknown): HttpError {
    void this.cancel();
    const reason = error instanceof Error ? error.message : String(error);
    return new HttpError("BAD_ENCODING", `Cannot decode ${this.encoding} body: ${reason}`, {
      cause: error,
    });
  }
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

  push(chunk: Uint8Array): Promise<Uint8Array[]> {
    if (this.#inner) return this.#inner.push(chunk);
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
    if (this.#firstByte === null) return this.#inner.push(chunk);
    const joined = new Uint8Array(chunk.length + 1);
    joined[0] = this.#firstByte[0];
    joined.set(chunk, 1);
    return this.#inner.push(joined);
  }

  async finish(): Promise<Uint8Array[]> {
    if (this.#inner === null && this.#firstByte !== null) {
      this.#inner = new StreamDecoder("deflate-raw", "deflate", this.#stepBytes);
      await this.#inner.push(this.#firstByte);
    }
    return this.#inner === null ? [] : this.#inner.finish();
  }

  async cancel(): Promise<void> {
    await this.#inner?.cancel();
  }
}

/** RFC 1950: compression method 8 with a window of at most 32 KiB, and a check value. */
function isZlibHeader(cmf: number, flg: number): boolean {
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

/** Several decoders in decoding order, each feeding the next. */
class ChainDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #decoders: BodyDecoder[];

  constructor(decoders: BodyDecoder[]) {
    this.#decoders = decoders;
    this.encoding = decoders.map((decoder) => decoder.encoding).reverse().join(", ");
  }

  async push(chunk: Uint8Array): Promise<Uint8Array[]> {
    let chunks = [chunk];
    for (const decoder of this.#decoders) chunks = await pushAll(decoder, chunks);
    return chunks;
  }

  async finish(): Promise<Uint8Array[]> {
    let chunks: Uint8Array[] = [];
    for (const decoder of this.#decoders) {
      chunks = await pushAll(decoder, chunks);
      chunks.push(...await decoder.finish());
    }
    return chunks;
  }

  async cancel(): Promise<void> {
    await Promise.all(this.#decoders.map((decoder) => decoder.cancel()));
  }
}

async function pushAll(decoder: BodyDecoder, chunks: Uint8Array[]): Promise<Uint8Array[]> {
  const decoded: Uint8Array[] = [];
  for (const chunk of chunks) decoded.push(...await decoder.push(chunk));
  return decoded;
}
