/**
 * Atomic files as loop operations: a task cancelled at any point leaves either the whole file in
 * place or nothing, and nothing appears after the task has ended. Creating the temporary and renaming
 * it are each one synchronous step, so a cancel lands before, between or after them, never inside.
 * A cancelled write throws `CancelledError` once the file is whole or gone, so its caller stops.
 * @module
 */
import { call, cleanup, type Effect } from "../loop/mod.ts";
import { AtomicFile, type ConfinedDir, writeAll } from "../sinks/mod.ts";

/**
 * Writes a whole file atomically.
 *
 * @param path The final path: relative to `within`, or absolute.
 * @param data The content; text is written as UTF-8.
 * @param within The output directory it is confined to. @default the path's own directory
 */
export function* writeWholeFile(
  path: string,
  data: Uint8Array | string,
  within?: ConfinedDir,
): Generator<Effect, void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  // One synchronous step: no cancel can land between the file's creation and its being taken.
  const file = AtomicFile.createSync(path, { within });
  let committed = false;
  try {
    file.write(bytes);
    yield* call(() => file.commit(), "rename file");
    committed = true;
  } finally {
    // Cancelled during the rename, abort() waits for it: the file is then whole, or gone. The
    // caller then stops (CancelledError), instead of carrying on as if the write had returned.
    if (!committed) yield* cleanup(call(() => file.abort(), "remove partial file"));
  }
}

/**
 * Appends bytes to a file under the output directory (made if missing), never through a symbolic
 * link. A cancel does not cut the append short: a write in flight cannot be stopped part-way, so
 * the task waits for it (the bytes land whole) and then stops, and nothing is written after it ended.
 *
 * @param path The file: relative to `within`, or absolute inside it.
 * @param data The bytes; text is written as UTF-8.
 * @param within The output directory.
 */
export function* appendToFile(
  path: string,
  data: Uint8Array | string,
  within: ConfinedDir,
): Generator<Effect, void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const file = within.openFileSync(path, { append: true });
  // Closed when the write is over, never under it (a close does not stop a write in flight).
  const appended = writeAll(file, bytes).finally(() => file.close());
  let over = false;
  try {
    yield* call(() => appended, "append to file");
    over = true;
  } catch (error) {
    over = true;
    throw error;
  } finally {
    // Cancelled mid-write: wait for the rest of it, then stop (CancelledError, or the write's error).
    if (!over) yield* cleanup(call(() => appended, "finish append"));
  }
}
