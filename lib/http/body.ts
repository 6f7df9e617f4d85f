/**
 * A response body read as a stream of chunks, framed by Content-Length, chunked coding or the close of
 * the connection, decoded when it was compressed, and bounded in size and in decoding ratio. Chunks
 * are views into the connection's read buffer: valid until the next `read()`.
 *
 * A compressed body is decoded one bounded piece per `read()`: the socket is read again only once
 * everything already received is decoded and taken, so memory stays flat whatever it expands to.
 * @module
 */
import { call, type Effect, type Semaphore } from "../loop/mod.ts";
import { DEFAULT_READ_BUFFER_BYTES, NetError } from "../net/mod.ts";
import { type Bandwidth, waitForBandwidth } from "./bandwidth.ts";
import { explainClientClose, type PooledConnection } from "./pool.ts";
import { ChunkedDecoder } from "./chunked_decoder.ts";
import { concat } from "./deps.ts";
import type { BodyDecoder } from "./decoder.ts";
import type { KeptLayer } from "./kept_layer.ts";
import { HttpError, locatedError, whereOf } from "./errors.ts";
import type { BodyFraming } from "./framing.ts";
import { HeaderList } from "./headers.ts";
import { LARGE_BODY_BYTES, LARGE_READ_BUFFER_BYTES } from "./large_reads.ts";
import type { LimitNamer } from "./limit_names.ts";
import { maxLineBytesOf } from "./response_head.ts";
import type { Watchdog } from "./watchdog.ts";

/**
 * What consumers that want throughput (saving to disk, reading a whole body) ask `read()` to gather:
 * the connection's whole read buffer.
 */
export const BULK_READ_BYTES: number = DEFAULT_READ_BUFFER_BYTES;

/**
 * Where the connection goes back when the body ends (the pool): `reusable` says whether it may serve
 * another request, `serverEnds` that the server ended it (`Connection: close`) after a whole body.
 */
export interface BodyConnectionOwner {
  release(pooled: PooledConnection, reusable: boolean, serverEnds?: boolean): void;
}

/**
 * A body that decodes to at most this much is never refused for its ratio: a short page of spaces
 * or zeros compresses far better than 1000:1 and is harmless.
 */
const DECODE_RATIO_FLOOR_BYTES = 1024 * 1024;

/** Settings of one body. */
export interface ResponseBodyOptions {
  framing: BodyFraming;
  decoder: BodyDecoder | null;
  /**
   * The content codings `decoder` undoes for certain, as its Content-Encoding lists them; undefined
   * for none.
   */
  decodedFrom?: string;
  /** The saved file's own coding, undone only when the server doubled it (`KeptLayerDecoder`). */
  keptLayer?: KeptLayer;
  keepAlive: boolean;
  maxBodyBytes: number;
  /** Largest response head: bounds a chunked body's trailer section and its longest line too. */
  maxHeaderBytes: number;
  /** Most response head fields: bounds a chunked body's trailer fields too. */
  maxHeaderCount: number;
  /** Most decoded bytes per encoded byte (past DECODE_RATIO_FLOOR_BYTES). */
  maxDecodeRatio: number;
  /** How a refusal names the limit passed (the request's `nameLimit`). */
  nameLimit: LimitNamer;
  url: string;
  /**
   * The proxy a plain-http body comes through (`http://host:port`, no credentials), named with the
   * URL when the connection fails: it, not the URL's server, is what the connection reached.
   */
  proxy?: string;
  /** The run's limit on how fast bodies are received, shared by all of them. */
  bandwidth?: Bandwidth;
  /**
   * The client's larger read buffers, one taken for a body past `LARGE_BODY_BYTES` while one is
   * free (see `DEFAULT_LARGE_READ_BUFFERS`).
   */
  largeReadBuffers: Semaphore;
}

/**
 * The body of one response. Read it to the end, or `close()` it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpClient, runOperation } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response(new Uint8Array(300_000)),
 * );
 * const client = new HttpClient();
 * const seen = await runOperation(function* () {
 *   const { body } = yield* client.request({ url: `http://127.0.0.1:${server.addr.port}/` });
 *   // In pieces as they arrive, never the whole body in memory: here, only its first 100 KB.
 *   let kept = 0;
 *   for (let piece = yield* body.read(); piece !== null; piece = yield* body.read()) {
 *     kept += piece.byteLength; // write the piece somewhere: the view is valid until the next read
 *     if (kept >= 100_000) break;
 *   }
 *   body.close(); // the rest is not wanted: its connection is closed, not drained
 *   return { length: body.declaredLength, ended: body.ended };
 * }());
 * client.close();
 * await server.shutdown();
 * assertEquals(seen, { length: 300_000, ended: true });
 * ```
 */
export class ResponseBody {
  readonly #pooled: PooledConnection;
  readonly #watchdog: Watchdog;
  readonly #options: ResponseBodyOptions;
  readonly #owner: BodyConnectionOwner;
  #remaining: number;
  #chunked: ChunkedDecoder | undefined;
  #rawDone = false;
  #decoderEnded = false;
  #ended = false;
  /** Why it ended before all of it was handed out, for the error a later read throws. */
  #cutShort: string | undefined;
  #bytes = 0;
  #rawBytes = 0;
  /** It holds one of the client's larger read buffers (`largeReadBuffers`). */
  #largeBuffer = false;

  /**
   * Made by the client for each response, from its own connection and deadlines: not part of the
   * public API.
   *
   * @param pooled The connection the body arrives on.
   * @param watchdog Deadlines of the exchange (silence while a read is pending).
   * @param options Framing, decoding and limits.
   * @param owner Takes the connection back once, when the body ends (no callback per body).
   * @ignore
   */
  constructor(
    pooled: PooledConnection,
    watchdog: Watchdog,
    options: ResponseBodyOptions,
    owner: BodyConnectionOwner,
  ) {
    this.#pooled = pooled;
    this.#watchdog = watchdog;
    this.#options = options;
    this.#owner = owner;
    this.#remaining = options.framing.kind === "length" ? options.framing.length : 0;
    if (options.framing.kind === "chunked") {
      this.#chunked = new ChunkedDecoder({
        maxLineBytes: maxLineBytesOf(options.maxHeaderBytes),
        maxTrailerBytes: options.maxHeaderBytes,
        maxTrailerCount: options.maxHeaderCount,
        nameLimit: options.nameLimit,
      });
    }
    if (options.framing.kind === "none") this.#rawDone = true;
  }

  /**
   * The Content-Encoding its content is decoded from (`gzip`), or undefined when it is read as sent:
   * none, one corun does not decode, `decompress: false`, or a compressed file sent as such (a
   * `.tar.gz` under `Content-Encoding: gzip`, unless the server compressed the file again). Read it
   * once the body is read: a file's own coding is known undone only once its first bytes are in.
   */
  get decodedFrom(): string | undefined {
    const { decodedFrom, keptLayer } = this.#options;
    if (keptLayer?.undone !== true) return decodedFrom;
    // The first applied, first listed.
    return decodedFrom === undefined ? keptLayer.coding : `${keptLayer.coding}, ${decodedFrom}`;
  }

  /**
   * How many bytes the body has on the wire, as its framing decided (RFC 9112 §6.3): its
   * Content-Length (a repeated one of equal values counts once), 0 when the response has no body
   * (HEAD, 1xx, 204, 304), or null when it is chunked or runs to the close. A compressed body's
   * length is before decoding. Read this rather than the header: the framing is what the bytes
   * are delimited by.
   */
  get declaredLength(): number | null {
    const framing = this.#options.framing;
    if (framing.kind === "length") return framing.length;
    return framing.kind === "none" ? 0 : null;
  }

  /** Decoded bytes delivered so far. */
  get bytesRead(): number {
    return this.#bytes;
  }

  /** Bytes received on the wire for the body so far (before decoding). */
  get rawBytesRead(): number {
    return this.#rawBytes;
  }

  /** True once the body was read to its end or closed. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Trailer fields of a chunked body (empty until the body has been read). */
  get trailers(): HeaderList {
    return this.#chunked?.trailers ?? new HeaderList();
  }

  /**
   * Reads the next chunk.
   *
   * @param batchBytes For a consumer that wants throughput, not latency (saving to a file): gather up
   *   to this many bytes of a Content-Length body when they arrive fast, instead of handing out each
   *   TLS record (16 KiB) as it comes. A chunk may then wait for bytes the server is still sending.
   * @returns Decoded bytes (a view valid until the next call), or `null` at the end of the body.
   * @throws HttpError "EARLY_EOF", "BAD_CHUNK", "BAD_ENCODING", "BODY_TOO_LARGE", "TIMEOUT_IDLE",
   *   "TIMEOUT_TOTAL"; "BODY_CLOSED" once the body was closed before its end, or a read of it
   *   failed (what is left would read as a short body, whole); NetError when the connection fails.
   */
  *read(batchBytes = 0): Generator<Effect, Uint8Array | null> {
    if (this.#cutShort !== undefined) {
      const { url } = this.#options;
      throw new HttpError("BODY_CLOSED", `Cannot read the body of ${url}: ${this.#cutShort}`, {
        url,
      });
    }
    // Plain bytes received already (a small body's whole): a small frame, with no operation to run.
    const chunk = this.#options.decoder ? undefined : this.#nextBuffered();
    return chunk !== undefined ? chunk : yield* this.#readMore(batchBytes);
  }

  /** `#nextRaw`, its error handled as `#readMore` handles one. */
  #nextBuffered(): Uint8Array | null | undefined {
    try {
      return this.#nextRaw();
    } catch (error) {
      this.#end(false);
      throw locatedError(error, "read the body of", this.#options.url, this.#options.proxy);
    }
  }

  /** The next chunk, reading the connection for it. */
  *#readMore(batchBytes: number): Generator<Effect, Uint8Array | null> {
    let settled = false;
    try {
      const decoder = this.#options.decoder;
      let chunk: Uint8Array | null | undefined;
      if (decoder) chunk = yield* this.#nextDecoded(decoder, batchBytes);
      else {
        while ((chunk = this.#nextRaw()) === undefined) yield* this.#fillRaw(batchBytes);
      }
      settled = true;
      return chunk;
    } catch (error) {
      // A codec's error (chunked, gzip, ...) names no URL: this one does.
      throw locatedError(error, "read the body of", this.#options.url, this.#options.proxy);
    } finally {
      // Failed, or the task was cancelled mid-read (no catch runs then): the connection is done.
      if (!settled) this.#end(false);
    }
  }

  /** The next chunk of a body without coding, or `undefined` when the connection must be read first. */
  #nextRaw(): Uint8Array | null | undefined {
    for (;;) {
      if (this.#ended) return null;
      if (this.#rawDone) {
        this.#end(true);
        return null;
      }
      const raw = this.#takeRaw();
      if (raw === undefined) return undefined;
      if (raw === null) continue;
      this.#rawBytes += raw.byteLength;
      this.#count(raw.byteLength);
      return raw;
    }
  }

  *#nextDecoded(decoder: BodyDecoder, batchBytes: number): Generator<Effect, Uint8Array | null> {
    for (;;) {
      if (this.#ended) return null;
      const piece = yield* call(() => decoder.next(), "decode");
      if (piece !== null) {
        this.#count(piece.byteLength);
        this.#checkRatio(decoder);
        return piece;
      }
      // Everything handed over is decoded and taken (the read buffer is free again): hand over more,
      // or end.
      if (this.#decoderEnded) {
        this.#end(true);
        return null;
      }
      if (this.#rawDone) {
        this.#decoderEnded = true;
        decoder.end();
        continue;
      }
      let raw = this.#takeRaw();
      while (raw === undefined) {
        yield* this.#fillRaw(batchBytes);
        raw = this.#takeRaw();
      }
      if (raw === null) continue;
      this.#rawBytes += raw.byteLength;
      // Bytes received count too, as a Content-Length does: padding after the end of the stream
      // decodes to nothing, and would otherwise be read for as long as the server sends it.
      if (this.#rawBytes > this.#options.maxBodyBytes) throw this.#tooLarge("as received");
      decoder.write(raw);
    }
  }

  /**
   * Reads the whole body into one buffer (bounded by `maxBodyBytes`).
   *
   * @returns The body.
   */
  *bytes(): Generator<Effect, Uint8Array> {
    const chunks: Uint8Array[] = [];
    for (
      let chunk = yield* this.read(BULK_READ_BYTES);
      chunk;
      chunk = yield* this.read(BULK_READ_BYTES)
    ) {
      chunks.push(chunk.slice());
    }
    return concat(chunks);
  }

  /** Reads the whole body as UTF-8 text. */
  *text(): Generator<Effect, string> {
    return new TextDecoder().decode(yield* this.bytes());
  }

  /** Reads the whole body as JSON. */
  *json(): Generator<Effect, unknown> {
    return JSON.parse(yield* this.text());
  }

  /**
   * Stops reading. A response without a body (HEAD, 204, 304), and a Content-Length body whose rest
   * is already buffered, are done with and their connection kept (a redirect's few bytes cost no new
   * connection, nor a pipeline's requests behind it); any other is closed rather than drained. Safe
   * to call at any time; a read after it, while some of the body was not handed out yet, throws
   * HttpError "BODY_CLOSED".
   *
   * @param when When it was closed, for that error (`when task "x" ended`). @default nothing said
   */
  close(when?: string): void {
    const reader = this.#pooled.reader;
    const framing = this.#options.framing.kind;
    if (!this.#ended && !this.#allHandedOut()) {
      const by = when === undefined ? "" : `, ${when}`;
      this.#cutShort = `it was closed before its end, after ${this.#bytes} bytes${by}`;
    }
    if (
      !this.#ended &&
      (framing === "none" || (framing === "length" && this.#remaining <= reader.available))
    ) {
      reader.consume(this.#remaining);
      this.#rawBytes += this.#remaining;
      this.#remaining = 0;
      this.#rawDone = true;
      this.#options.decoder?.cancel();
      this.#end(true);
      return;
    }
    // A chunked body read to its last chunk is whole: only the read that says so is left.
    this.#end(this.#allHandedOut());
  }

  /** Every byte of the body was handed out: only its end is left to see. */
  #allHandedOut(): boolean {
    if (this.#options.framing.kind === "none") return true;
    // A decoder may hold bytes until its end is seen.
    if (this.#options.decoder) return false;
    return this.#rawDone || (this.#options.framing.kind === "length" && this.#remaining === 0);
  }

  /** Counts delivered bytes; a piece that would pass the limit is refused, never counted. */
  #count(bytes: number): void {
    if (this.#bytes + bytes > this.#options.maxBodyBytes) throw this.#tooLarge();
    this.#bytes += bytes;
  }

  /** @param form Which form of the body passed the limit, when not the decoded one. */
  #tooLarge(form?: "as received"): HttpError {
    const { maxBodyBytes, nameLimit, url } = this.#options;
    const limit = nameLimit("bodySize", maxBodyBytes);
    const codings = form ? undefined : this.#codingsUndone();
    // A decoded body may pass the limit from a few bytes: its Content-Length alone would not.
    const body = form
      ? `it exceeds ${limit} ${form}`
      : codings
      ? `it exceeds ${limit} once decoded from its ${codings} (${this.#rawBytes} bytes received)`
      : `it exceeds ${limit}`;
    return new HttpError("BODY_TOO_LARGE", `Cannot read the body of ${url}: ${body}`, { url });
  }

  /** The codings undone, for a message (`Content-Encoding gzip`); undefined for none. */
  #codingsUndone(): string | undefined {
    const { framing } = this.#options;
    const transfer = framing.kind === "chunked" || framing.kind === "close"
      ? framing.transferCodings
      : undefined;
    const content = this.decodedFrom;
    const named = [
      ...(transfer?.length ? [`Transfer-Encoding ${transfer.join(", ")}`] : []),
      ...(content === undefined ? [] : [`Content-Encoding ${content}`]),
    ];
    return named.length === 0 ? undefined : named.join(" and ");
  }

  /** A body far more compressed than any real content is a decompression bomb: refused early. */
  #checkRatio(decoder: BodyDecoder): void {
    const { maxDecodeRatio, nameLimit, url } = this.#options;
    // The bytes the decoder has actually consumed, not those handed over: exact at every piece.
    const consumed = decoder.consumedBytes;
    if (this.#bytes <= DECODE_RATIO_FLOOR_BYTES || this.#bytes <= maxDecodeRatio * consumed) return;
    const ratio = Math.floor(this.#bytes / Math.max(consumed, 1));
    throw new HttpError(
      "DECODE_RATIO_TOO_HIGH",
      `Cannot read the body of ${url}: it decodes to ${ratio} times its encoded size (${this.#bytes} bytes from ${consumed}), more than ${
        nameLimit("decodeRatio", maxDecodeRatio)
      }`,
      { url },
    );
  }

  /**
   * The next raw bytes of the body already received (a view into the read buffer), `null` at its
   * end, or `undefined` when the connection must be read first (`#fillRaw`). A plain function: a
   * small body is all in the buffer already.
   */
  #takeRaw(): Uint8Array | null | undefined {
    const reader = this.#pooled.reader;
    switch (this.#options.framing.kind) {
      case "length": {
        if (this.#remaining === 0) {
          this.#rawDone = true;
          return null;
        }
        if (reader.available === 0) return undefined;
        const count = Math.min(reader.available, this.#remaining);
        const view = reader.buffer.subarray(reader.start, reader.start + count);
        reader.consume(count);
        this.#remaining -= count;
        if (this.#remaining === 0) this.#rawDone = true;
        return view;
      }
      case "chunked": {
        const chunked = this.#chunked!;
        const pieces: Uint8Array[] = [];
        while (pieces.length === 0 && !chunked.done) {
          if (reader.available === 0) return undefined;
          const used = chunked.push(reader.buffer, reader.start, reader.end, (buf, start, end) => {
            if (end > start) pieces.push(buf.subarray(start, end));
          });
          reader.consume(used);
        }
        if (chunked.done) this.#rawDone = true;
        if (pieces.length === 0) return null;
        if (pieces.length === 1) return pieces[0];
        // Several small chunks in one read: hand them out as one buffer.
        return concat(pieces);
      }
      case "close": {
        if (reader.available === 0) return this.#rawDone ? null : undefined;
        const view = reader.buffer.subarray(reader.start, reader.end);
        reader.consume(view.byteLength);
        return view;
      }
      default:
        this.#rawDone = true;
        return null;
    }
  }

  /** Reads more of the body from the connection, for `#takeRaw`; the close of a `close` body ends it. */
  *#fillRaw(batchBytes: number): Generator<Effect, void> {
    const framing = this.#options.framing.kind;
    if (batchBytes > 0 && this.#rawBytes >= LARGE_BODY_BYTES && this.#takeLargeBuffer()) {
      batchBytes = Math.max(batchBytes, LARGE_READ_BUFFER_BYTES);
    }
    if (framing === "length") {
      // Never more than the body's rest: a read past it would wait for bytes that never come.
      yield* this.#fill("length", Math.min(batchBytes, this.#remaining));
    } else if (framing === "chunked") {
      yield* this.#fill("chunked");
    } else if ((yield* this.#fill("close")) === 0) {
      this.#rawDone = true;
    }
  }

  /**
   * Reads through a larger buffer from now on, when the body has one or one of the client's is
   * free; else the connection's own buffer serves, and the next read asks again.
   */
  #takeLargeBuffer(): boolean {
    if (this.#largeBuffer) return true;
    if (!this.#options.largeReadBuffers.tryAcquire()) return false;
    this.#largeBuffer = true;
    this.#pooled.reader.resize(LARGE_READ_BUFFER_BYTES);
    return true;
  }

  *#fill(framing: "length" | "chunked" | "close", batchBytes = 0): Generator<Effect, number> {
    const bandwidth = this.#options.bandwidth;
    if (bandwidth !== undefined) yield* this.#waitFor(bandwidth);
    let added: number;
    // Only a pending read counts as silence: a consumer busy between reads is not the server's fault.
    this.#watchdog.beginRead();
    try {
      added = yield* this.#pooled.reader.fill(undefined, batchBytes);
    } catch (error) {
      const { url, proxy } = this.#options;
      const expired = this.#watchdog.expired;
      if (expired && error instanceof NetError) {
        throw new HttpError(
          expired,
          `Cannot read the body of ${whereOf(url, proxy)}: ${this.#watchdog.describeExpiry()}`,
          { url, cause: error },
        );
      }
      throw explainClientClose(this.#pooled, error, `read the body of ${url}`, url);
    } finally {
      this.#watchdog.endRead();
      if (bandwidth !== undefined) {
        bandwidth.release();
        bandwidth.chargeReceived(this.#pooled.reader);
      }
    }
    if (added === 0 && framing !== "close") {
      const expected = framing === "length"
        ? `Content-Length promised ${this.#rawBytes + this.#remaining} bytes, got ${this.#rawBytes}`
        : this.#chunked!.lastChunkRead
        ? "the chunked body ended after its last chunk, inside its trailer section"
        : `the chunked body ended after ${this.#rawBytes} bytes without its last chunk`;
      const { url, proxy } = this.#options;
      throw new HttpError(
        "EARLY_EOF",
        `Cannot read the body of ${whereOf(url, proxy)}: the connection closed early (${expected})`,
        { url },
      );
    }
    return added;
  }

  /**
   * Waits before a read until the run's bandwidth allows it, having counted what the connection
   * received before (the head's bytes, a chunk's size line). The wait is the run's choice, not the
   * server's delay: the time it takes (late timers of a busy machine included) is added to the
   * attempt's `timeouts.total`, and is no silence (`idle`).
   *
   * The read's share is then held for it until `release` (the reader takes no more: see
   * `attempt`).
   */
  *#waitFor(bandwidth: Bandwidth): Generator<Effect, void> {
    bandwidth.chargeReceived(this.#pooled.reader);
    this.#watchdog.beginOwnWait();
    try {
      yield* waitForBandwidth(bandwidth, bandwidth.readQuantum);
    } finally {
      this.#watchdog.endOwnWait();
    }
    bandwidth.hold();
  }

  #end(complete: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    if (!complete) this.#cutShort ??= "an earlier read of it failed or was cancelled";
    this.#watchdog.stop();
    // Whatever the connection received for this response is counted before another may use it.
    this.#options.bandwidth?.chargeReceived(this.#pooled.reader);
    if (!complete) this.#options.decoder?.cancel();
    const reusable = complete && this.#options.keepAlive && this.#options.framing.kind !== "close";
    // A large body's buffer goes with it: a pooled connection keeps only its own size (one that
    // closes keeps none, and may still have a read pending into the buffer), and another body may
    // take the client's larger buffer it held.
    if (reusable) this.#pooled.reader.resize(DEFAULT_READ_BUFFER_BYTES);
    if (this.#largeBuffer) {
      this.#largeBuffer = false;
      this.#options.largeReadBuffers.release();
    }
    // Read whole, and the server's `Connection: close` ends the connection (see `carries`).
    this.#owner.release(this.#pooled, reusable, complete && !this.#options.keepAlive);
  }
}
