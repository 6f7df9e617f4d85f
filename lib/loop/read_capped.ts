/**
 * Reading a file or a stream whole, within a size cap: what is parsed into memory (a config, a
 * checksums file, a partial body's record) must cost at most the cap, whatever the path names (a
 * link to `/dev/zero`, a FIFO that never ends, a file that grows while it is read). Reading stops
 * one byte past the cap, which tells a file at the cap from one past it.
 * @module
 */

/** What a capped read takes its bytes from: an open file, standard input. */
export interface ByteSource {
  /** Reads into `buffer`; the count read, or null at the end. */
  read(buffer: Uint8Array): Promise<number | null>;
}

/** {@linkcode ByteSource}, synchronously. */
export interface SyncByteSource {
  /** Reads into `buffer`; the count read, or null at the end. */
  readSync(buffer: Uint8Array): number | null;
}

/** Bytes asked of the source per read. */
const PIECE_BYTES = 1 << 20;

/**
 * Reads `source` to its end.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { readCapped } from "./read_capped.ts";
 * const chunks = [[1, 2], [3]];
 * const source = () => ({
 *   read: (buffer: Uint8Array) => {
 *     const chunk = chunks.shift();
 *     if (chunk === undefined) return Promise.resolve(null);
 *     buffer.set(chunk);
 *     return Promise.resolve(chunk.length);
 *   },
 * });
 * assertEquals(await readCapped(source(), 3), new Uint8Array([1, 2, 3]));
 * chunks.push([1, 2], [3]);
 * assertEquals(await readCapped(source(), 2), undefined);
 * ```
 *
 * @param source Where the bytes come from (left open).
 * @param maxBytes The cap, in bytes.
 * @returns The bytes, or undefined when there are more than `maxBytes`.
 */
export async function readCapped(
  source: ByteSource,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const pieces = new Pieces(maxBytes);
  for (let count = await source.read(pieces.room()); count !== null;) {
    if (!pieces.add(count)) return undefined;
    count = await source.read(pieces.room());
  }
  return pieces.whole();
}

/**
 * {@linkcode readCapped}, synchronously.
 *
 * @param source Where the bytes come from (left open).
 * @param maxBytes The cap, in bytes.
 * @returns The bytes, or undefined when there are more than `maxBytes`.
 */
export function readCappedSync(source: SyncByteSource, maxBytes: number): Uint8Array | undefined {
  const pieces = new Pieces(maxBytes);
  for (let count = source.readSync(pieces.room()); count !== null;) {
    if (!pieces.add(count)) return undefined;
    count = source.readSync(pieces.room());
  }
  return pieces.whole();
}

/** The bytes read so far, and the room left under the cap (one byte past it tells it is passed). */
class Pieces {
  readonly #pieces: Uint8Array[] = [];
  readonly #buffer: Uint8Array;
  readonly #maxBytes: number;
  #total = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
    this.#buffer = new Uint8Array(Math.min(PIECE_BYTES, maxBytes + 1));
  }

  room(): Uint8Array {
    return this.#buffer.subarray(
      0,
      Math.min(this.#buffer.length, this.#maxBytes + 1 - this.#total),
    );
  }

  /** Keeps `count` bytes read into `room()`; false once they pass the cap. */
  add(count: number): boolean {
    this.#pieces.push(this.#buffer.slice(0, count));
    this.#total += count;
    return this.#total <= this.#maxBytes;
  }

  whole(): Uint8Array {
    if (this.#pieces.length === 1) return this.#pieces[0];
    const whole = new Uint8Array(this.#total);
    let at = 0;
    for (const piece of this.#pieces) {
      whole.set(piece, at);
      at += piece.length;
    }
    return whole;
  }
}
