/**
 * The decoding step under every content coding: one native `DecompressionStream` driven write by
 * write, each write's output checked against the caller's budget as it arrives.
 * @module
 */
import { HttpError } from "./errors.ts";

/**
 * Decodes a body fed in chunks. Backpressure is the caller's await: it pushes the next chunk only
 * when the previous push has resolved, so at most one input chunk is in flight and nothing queues.
 *
 * A push or finish may be given a budget: the most decoded bytes it may produce. The decoder stops
 * as soon as its output passes the budget, so a small compressed input (a "zip bomb") holds at most
 * the budget plus one step's output in memory, never its whole expansion.
 */
export interface BodyDecoder {
  /** The Content-Encoding being decoded, as normalised (`"gzip"`, `"br, gzip"`), for messages. */
  readonly encoding: string;
  /**
   * Decodes one chunk of the encoded body. The chunk is fully consumed when the promise resolves,
   * so its buffer may then be reused.
   *
   * @param chunk Encoded bytes.
   * @param maxOutputBytes Most decoded bytes this call may produce. @default Infinity
   * @returns Decoded chunks produced so far (often one, possibly none); fresh buffers.
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt; `BODY_TOO_LARGE` when the output
   *   passes `maxOutputBytes` (the decoder is then cancelled).
   */
  push(chunk: Uint8Array, maxOutputBytes?: number): Promise<Uint8Array[]>;
  /**
   * Ends the input: call once, after the last push.
   *
   * @param maxOutputBytes Most decoded bytes this call may produce. @default Infinity
   * @returns The last decoded chunks.
   * @throws {HttpError} `BAD_ENCODING` when the data is corrupt or, for gzip and br, truncated;
   *   `BODY_TOO_LARGE` when the output passes `maxOutputBytes`.
   */
  finish(maxOutputBytes?: number): Promise<Uint8Array[]>;
  /** Releases the decoder without finishing (the body was abandoned). Never throws. */
  cancel(): Promise<void>;
}

const WRITTEN = Symbol("written");

/** One native DecompressionStream driven write by write (use `createBodyDecoder`). */
export class StreamDecoder implements BodyDecoder {
  readonly encoding: string;
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #stepBytes: number;
  // A read left waiting by a write that produced no output; the next write's output fulfils it.
  #pendingRead: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  #pushedBytes = 0;
  #ended = false;

  /**
   * @param format The native format.
   * @param encoding The Content-Encoding it undoes, for messages.
   * @param stepBytes Largest piece of input written at once.
   */
  constructor(format: CompressionFormat, encoding: string, stepBytes: number) {
    const stream = new DecompressionStream(format);
    this.encoding = encoding;
    this.#writer = stream.writable.getWriter();
    this.#reader = stream.readable.getReader();
    this.#stepBytes = stepBytes;
  }

  async push(chunk: Uint8Array, maxOutputBytes = Infinity): Promise<Uint8Array[]> {
    const output = new Output(maxOutputBytes);
    try {
      for (let at = 0; at < chunk.length; at += this.#stepBytes) {
        await this.#write(chunk.subarray(at, at + this.#stepBytes), output);
      }
    } catch (error) {
      throw this.#fail(error);
    }
    this.#pushedBytes += chunk.length;
    return output.chunks;
  }

  async finish(maxOutputBytes = Infinity): Promise<Uint8Array[]> {
    // An empty body (Content-Length: 0 with Content-Encoding: gzip) is common and not corrupt.
    if (this.#pushedBytes === 0) {
      await this.cancel();
      return [];
    }
    const output = new Output(maxOutputBytes);
    try {
      const closed = this.#writer.close();
      closed.catch(() => {}); // The read below sees the same failure.
      while (true) {
        const result = await (this.#pendingRead ?? this.#reader.read());
        this.#pendingRead = null;
        if (result.done) break;
        output.add(result.value, this.encoding);
      }
      await closed;
    } catch (error) {
      throw this.#fail(error);
    }
    this.#ended = true;
    return output.chunks;
  }

  async cancel(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await Promise.allSettled([this.#writer.abort(), this.#reader.cancel()]);
  }

  /** Writes one piece and collects what it decodes to, until the write is consumed. */
  async #write(piece: Uint8Array, output: Output): Promise<void> {
    const written = this.#writer.write(piece as Uint8Array<ArrayBuffer>).then((): typeof WRITTEN =>
      WRITTEN
    );
    // Left behind when the budget stops this write; the cancel that follows rejects it.
    written.catch(() => {});
    while (true) {
      // The pending read is what lets the transform run (the readable side starts with backpressure).
      this.#pendingRead ??= this.#reader.read();
      const result = await Promise.race([this.#pendingRead, written]);
      if (result === WRITTEN) return;
      this.#pendingRead = null;
      if (result.done) return;
      output.add(result.value, this.encoding);
    }
  }

  #fail(error: unknown): HttpError {
    void this.cancel();
    if (error instanceof HttpError) return error; // over budget: not a decoding failure
    const reason = error instanceof Error ? error.message : String(error);
    return new HttpError("BAD_ENCODING", `Cannot decode ${this.encoding} body: ${reason}`, {
      cause: error,
    });
  }
}

/** Decoded chunks of one call, held to its budget. */
class Output {
  readonly chunks: Uint8Array[] = [];
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Keeps `chunk`, or throws once the output passes the budget. */
  add(chunk: Uint8Array, encoding: string): void {
    this.#bytes += chunk.byteLength;
    if (this.#bytes > this.#maxBytes) {
      throw new HttpError(
        "BODY_TOO_LARGE",
        `Cannot decode ${encoding} body: it decodes to more than ${this.#maxBytes} bytes`,
      );
    }
    this.chunks.push(chunk);
  }
}
