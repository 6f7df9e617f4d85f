/**
 * Appending bytes to an open file whole or not at all: a write that fails part-way (a full disk, a
 * quota) is cut back to where it started, so the file never ends with part of a record for the next
 * append to be glued onto. The one way corun appends (the metadata log's lines, `ctx.append`).
 * @module
 */
import { type ByteWriterSync, writeAllSync } from "./write_all.ts";

/** Options of {@linkcode appendWholeSync}. */
export interface WholeAppendOptions {
  /** The file's size before the call, when the caller took it already. @default its size now */
  size?: number;
  /** What the bytes are written through (a test's full disk). @default the file */
  writer?: ByteWriterSync;
}

/**
 * Appends every byte of `bytes` to `file`, or none. Synchronous: no other code of this process can
 * append to the file between the size taken and the write, so a cut never removes another append.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { appendWholeSync } from "./whole_append.ts";
 * const path = await Deno.makeTempFile();
 * using file = await Deno.open(path, { append: true });
 * appendWholeSync(file, new TextEncoder().encode("one\n"));
 * assertEquals(await Deno.readTextFile(path), "one\n");
 * await Deno.remove(path);
 * ```
 *
 * @param file The file, open for appending.
 * @param bytes What to append.
 * @param options Its size before, and what to write through.
 * @throws {Error} The write's error; the file is then cut back to its size before the call (unless
 *   even the cut fails: then the bytes written stay).
 */
export function appendWholeSync(
  file: Deno.FsFile,
  bytes: Uint8Array,
  options: WholeAppendOptions = {},
): void {
  const size = options.size ?? file.statSync().size;
  try {
    writeAllSync(options.writer ?? file, bytes);
  } catch (error) {
    try {
      file.truncateSync(size);
    } catch {
      // Best effort: the write's error is the one to tell.
    }
    throw error;
  }
}
