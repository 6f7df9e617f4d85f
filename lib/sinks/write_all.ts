/**
 * Writing a whole buffer to a file: one `write` call may take only part of it.
 * @module
 */

/** Something bytes can be written to, a part at a time (a `Deno.FsFile`). */
export interface ByteWriter {
  write(bytes: Uint8Array): Promise<number>;
}

/** Something bytes can be written to synchronously, a part at a time (a `Deno.FsFile`). */
export interface ByteWriterSync {
  writeSync(bytes: Uint8Array): number;
}

/**
 * Writes every byte of `bytes`, calling `write` again after a short write.
 *
 * @example
 * ```ts
 * import { writeAll } from "./write_all.ts";
 * const path = await Deno.makeTempFile();
 * using file = await Deno.open(path, { write: true });
 * await writeAll(file, new TextEncoder().encode("hello\n"));
 * await Deno.remove(path);
 * ```
 * @param file Where to write.
 * @param bytes What to write.
 * @throws {Error} The file system error of a failed write; an unknown prefix may have been written.
 */
export async function writeAll(file: ByteWriter, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) offset += await file.write(bytes.subarray(offset));
}

/**
 * Writes every byte of `bytes` synchronously, calling `writeSync` again after a short write.
 *
 * @example
 * ```ts
 * import { writeAllSync } from "./write_all.ts";
 * const path = Deno.makeTempFileSync();
 * using file = Deno.openSync(path, { write: true });
 * writeAllSync(file, new TextEncoder().encode("hello\n"));
 * Deno.removeSync(path);
 * ```
 * @param file Where to write.
 * @param bytes What to write.
 * @throws {Error} The file system error of a failed write; an unknown prefix may have been written.
 */
export function writeAllSync(file: ByteWriterSync, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) offset += file.writeSync(bytes.subarray(offset));
}
