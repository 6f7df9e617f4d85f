/**
 * Content decoding (gzip, deflate, br) of a response body as a stream, and of its transfer codings
 * (gzip, deflate), on the runtime's zlib and brotli, one bounded piece at a time (see
 * `stream_decoder.ts`). The runtime's zlib is loaded on the first body that needs it, never at
 * start-up.
 * @module
 */
import { call, type Effect } from "../loop/mod.ts";
import { importZlib, type ZlibModule } from "./deps.ts";
import type { BodyFraming } from "./framing.ts";
import { HttpError } from "./errors.ts";
import { type KeptLayer, KeptLayerDecoder } from "./kept_layer.ts";
import { type BodyDecoder, ZlibStreamDecoder } from "./stream_decoder.ts";

export type { BodyDecoder };

/** The runtime decompressors a decoder is built from (see {@linkcode loadZlibCodecs}). */
export type ZlibCodecs = Pick<
  ZlibModule,
  "createBrotliDecompress" | "createGunzip" | "createInflate" | "createInflateRaw"
>;

let zlibLoading: Promise<ZlibCodecs> | null = null;

/**
 * Loads the runtime's zlib once and keeps it.
 *
 * @returns The decompressors.
 */
export function loadZlibCodecs(): Promise<ZlibCodecs> {
  zlibLoading ??= importZlib().catch((error) => {
    zlibLoading = null; // a failed load is tried again by the next body
    throw error;
  });
  return zlibLoading;
}

/**
 * The codings of a Content-Encoding value that a decoder would undo, in decoding order (last
 * applied first), lower case; `null` when there is nothing to decode (absent, empty, `identity`)
 * or a coding is unknown (the body is then kept as received).
 *
 * @param contentEncoding The Content-Encoding header value, or `null`.
 * @returns The codings, or `null`.
 */
export function contentCodings(contentEncoding: string | null): string[] | null {
  if (contentEncoding === null) return null;
  const codings = contentEncoding.split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity")
    .reverse();
  if (codings.length === 0 || !codings.every((coding) => KNOWN_CODINGS.has(coding))) return null;
  return codings;
}

const KNOWN_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"]);

/**
 * The codings to undo for a response body, in decoding order: its framing's transfer codings
 * (`gzip` of `gzip, chunked`), then the content codings (a sender applies them the other way
 * round); `null` when there is nothing to decode. A plain function: it runs for every response,
 * and most have no coding at all.
 *
 * @param content The content codings to undo ({@linkcode contentCodings}, less those kept), or
 *   `null` for none (also to keep them all: `decompress: false`).
 * @param framing How the body is delimited, with its transfer codings.
 * @returns The codings for {@linkcode openBodyDecoder}, or `null`.
 */
export function bodyCodings(content: string[] | null, framing: BodyFraming): string[] | null {
  if (framing.kind === "none") return null;
  if (content === null && (framing.kind === "length" || !framing.transferCodings)) return null;
  const codings = [
    ...(framing.kind === "length" ? [] : framing.transferCodings ?? []).toReversed(),
    ...(content ?? []),
  ];
  return codings.length === 0 ? null : codings;
}

/**
 * The decoder of a response body, loading the runtime's zlib on first use. Every coding reports a
 * stream cut short (br by the decoder's probe of its end), so a body that only the close of the
 * connection ends is decoded like any other. `deflate` should be a zlib stream (RFC 1950), but some
 * servers send raw deflate (RFC 1951); the first two bytes decide which.
 *
 * @param codings What {@linkcode bodyCodings} found to undo.
 * @param own The last of `codings` is the saved file's own coding, kept as sent (see
 *   {@linkcode OwnLayer}).
 * @returns The decoder.
 * @throws {HttpError} `BAD_ENCODING` for more than {@linkcode MAX_CODINGS} codings.
 */
export function* openBodyDecoder(
  codings: string[],
  own?: OwnLayer,
): Generator<Effect, BodyDecoder> {
  const codecs = yield* call(() => loadZlibCodecs(), "load zlib");
  return decoderOf(codings, codecs, own);
}

/** The saved file's own coding, the last of a body's codings: kept as sent (`KeptLayerDecoder`). */
export interface OwnLayer {
  /**
   * Undone only when the body, decoded once, begins with these bytes (the server compressed the
   * file again); null for a coding whose files have no such mark (`br`), kept always.
   */
  magic: Uint8Array | null;
  /** Decoded to its end all the same, to fail a cut stream: the close of the connection ends it. */
  checkEnd: boolean;
}

/**
 * Most codings undone for one body, transfer and content codings together: curl's and urllib3's
 * limit. Each is a decoder of its own, and a body nested a thousand times in gzip is a few bytes a
 * layer that no `maxDecodeRatio` catches (each layer decodes to about its size), yet costs each
 * piece a pass through every layer: 10,000 layers (60 KiB of head, 1.2 MB of body) ran past ten
 * minutes and 1.3 GB. No server nests more than two; a fixed limit, with no knob.
 */
export const MAX_CODINGS = 5;

/**
 * The decoder of `codings` (from {@linkcode contentCodings}), in decoding order; the last one kept
 * when it is the file's own.
 *
 * @throws {HttpError} `BAD_ENCODING` for more than {@linkcode MAX_CODINGS}, before any is made.
 */
function decoderOf(codings: string[], codecs: ZlibCodecs, own?: OwnLayer): BodyDecoder {
  if (codings.length > MAX_CODINGS) {
    throw new HttpError(
      "BAD_ENCODING",
      `Cannot decode the body: its Transfer-Encoding and Content-Encoding stack ${codings.length} ` +
        `codings, more than the ${MAX_CODINGS} corun undoes (a fixed limit, as curl's: each ` +
        "coding is one more decoder, so a body nested without end would cost time and memory " +
        "without end)",
    );
  }
  const decoders = codings.map((coding): BodyDecoder => {
    if (coding === "br") {
      // The runtime's brotli stream hands out a cut stream's output without an error.
      return new ZlibStreamDecoder(codecs.createBrotliDecompress, coding, { probeEnd: true });
    }
    if (coding === "deflate") return new DeflateDecoder(codecs);
    return new ZlibStreamDecoder(codecs.createGunzip, coding);
  });
  if (own !== undefined) {
    const last = decoders.length - 1;
    decoders[last] = new KeptLayerDecoder(decoders[last], codings[last], own.magic, own.checkEnd);
  }
  return decoders.length === 1 ? decoders[0] : new ChainDecoder(decoders);
}

/** Decides between zlib-wrapped and raw deflate from the first two bytes. */
class DeflateDecoder implements BodyDecoder {
  readonly encoding = "deflate";
  readonly #codecs: ZlibCodecs;
  #inner: ZlibStreamDecoder | null = null;
  #firstByte: Uint8Array | null = null;
  #cancelled = false;

  constructor(codecs: ZlibCodecs) {
    this.#codecs = codecs;
  }

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
    this.#inner = new ZlibStreamDecoder(
      zlib ? this.#codecs.createInflate : this.#codecs.createInflateRaw,
      "deflate",
    );
    if (first) this.#inner.write(first);
    this.#inner.write(chunk);
  }

  end(): void {
    if (this.#inner === null && this.#firstByte !== null && !this.#cancelled) {
      this.#inner = new ZlibStreamDecoder(this.#codecs.createInflateRaw, "deflate");
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

  constructor(decoders: BodyDecoder[]) {
    this.#decoders = decoders;
    this.encoding = decoders.map((decoder) => decoder.encoding).reverse().join(", ");
  }

  get consumedBytes(): number {
    return this.#decoders[0].consumedBytes;
  }

  get keptLayer(): KeptLayer | undefined {
    return this.#decoders[this.#decoders.length - 1].keptLayer;
  }

  write(chunk: Uint8Array): void {
    this.#decoders[0].write(chunk);
  }

  end(): void {
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
      } else if (this.#endedStages === index) {
        decoder.end(); // the stage before is done
        this.#endedStages = index + 1;
      } else {
        return null; // the first stage wants more input
      }
    }
  }
}
