/**
 * Reading a checksums file (`checksums:`) whole, within a size cap: it is parsed into memory, and
 * a path that names a huge file, or one that grows while it is read, must cost at most the cap.
 * @module
 */
import { formatSize } from "../loop/mod.ts";

/**
 * The largest checksums file read by default: 16 MiB. A `SHA256SUMS` line is ~100 bytes, so this
 * holds some 160,000 files' digests (a release lists tens to thousands); a list of a million files
 * (~100 MB) asks for `maxChecksumsSize` on purpose.
 */
export const DEFAULT_MAX_CHECKSUMS_BYTES = 16 * 2 ** 20;

/** Bytes asked of the file per read. */
const PIECE_BYTES = 1 << 20;

/**
 * Reads a checksums file as UTF-8 text, refusing one of more than `maxBytes` bytes (reading stops
 * one byte past the cap).
 *
 * @param path The file.
 * @param maxBytes The cap, in bytes (`maxChecksumsSize`).
 * @returns Its text (invalid bytes as U+FFFD, as `Deno.readTextFile` reads them).
 * @throws {RangeError} When the file is larger than the cap; the message says so and names the
 *   knob: `it is larger than 16MiB (maxChecksumsSize)`. Deno's errors when it cannot be read.
 */
export async function readChecksumsText(path: string, maxBytes: number): Promise<string> {
  using file = await Deno.open(path, { read: true });
  const pieces = new Pieces(maxBytes);
  while (true) {
    const count = await file.read(pieces.room());
    if (count === null) return pieces.text();
    pieces.add(count);
  }
}

/**
 * {@linkcode readChecksumsText}, synchronously: for a config's check as it loads.
 *
 * @param path The file.
 * @param maxBytes The cap, in bytes.
 * @returns Its text.
 * @throws {RangeError} When the file is larger than the cap.
 */
export function readChecksumsTextSync(path: string, maxBytes: number): string {
  using file = Deno.openSync(path, { read: true });
  const pieces = new Pieces(maxBytes);
  while (true) {
    const count = file.readSync(pieces.room());
    if (count === null) return pieces.text();
    pieces.add(count);
  }
}

/** The bytes read so far, and the room left under the cap (one byte past it tells it is passed). */
class Pieces {
  readonly #pieces: Uint8Array[] = [];
  readonly #buffer: Uint8Array;
  #total = 0;

  constructor(readonly maxBytes: number) {
    this.#buffer = new Uint8Array(Math.min(PIECE_BYTES, maxBytes + 1));
  }

  room(): Uint8Array {
    return this.#buffer.subarray(0, Math.min(this.#buffer.length, this.maxBytes + 1 - this.#total));
  }

  add(count: number): void {
    this.#pieces.push(this.#buffer.slice(0, count));
    this.#total += count;
    if (this.#total > this.maxBytes) {
      throw new RangeError(`it is larger than ${formatSize(this.maxBytes)} (maxChecksumsSize)`);
    }
  }

  text(): string {
    const whole = new Uint8Array(this.#total);
    let at = 0;
    for (const piece of this.#pieces) {
      whole.set(piece, at);
      at += piece.length;
    }
    return new TextDecoder().decode(whole);
  }
}
