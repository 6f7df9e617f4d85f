/**
 * Reading a checksums file (`checksums:`) whole, within a size cap: it is parsed into memory, and
 * a path that names a huge file, or one that grows while it is read, must cost at most the cap.
 * @module
 */
import { formatSize, readCapped, readCappedSync } from "../loop/mod.ts";

/**
 * The largest checksums file read by default: 16 MiB. A `SHA256SUMS` line is ~100 bytes, so this
 * holds some 160,000 files' digests (a release lists tens to thousands); a list of a million files
 * (~100 MB) asks for `maxChecksumsSize` on purpose.
 */
export const DEFAULT_MAX_CHECKSUMS_BYTES = 16 * 2 ** 20;

/**
 * Reads a checksums file as UTF-8 text, refusing one of more than `maxBytes` bytes.
 *
 * @param path The file.
 * @param maxBytes The cap, in bytes (`maxChecksumsSize`).
 * @returns Its text (invalid bytes as U+FFFD, as `Deno.readTextFile` reads them).
 * @throws {RangeError} When the file is larger than the cap; the message says so and names the
 *   knob: `it is larger than 16MiB (maxChecksumsSize)`. Deno's errors when it cannot be read.
 */
export async function readChecksumsText(path: string, maxBytes: number): Promise<string> {
  using file = await Deno.open(path, { read: true });
  return textWithin(await readCapped(file, maxBytes), maxBytes);
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
  return textWithin(readCappedSync(file, maxBytes), maxBytes);
}

function textWithin(bytes: Uint8Array | undefined, maxBytes: number): string {
  if (bytes === undefined) {
    throw new RangeError(`it is larger than ${formatSize(maxBytes)} (maxChecksumsSize)`);
  }
  return new TextDecoder().decode(bytes);
}
