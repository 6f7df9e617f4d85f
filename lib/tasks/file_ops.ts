/**
 * A task's own files: written whole (atomic, a loop operation) or appended to whole (one synchronous
 * step). A task cancelled at any point leaves either the whole file (or record) in place or nothing,
 * and nothing appears after the task has ended. Creating the temporary and renaming
 * it are each one synchronous step, so a cancel lands before, between or after them, never inside.
 * A cancelled write throws `CancelledError` once the file is whole or gone, so its caller stops.
 * @module
 */
import { call, cleanup, type Effect } from "../loop/mod.ts";
import {
  appendWholeSync,
  AtomicFile,
  type ConfinedDir,
  lockOrUnsupportedSync,
} from "../sinks/mod.ts";

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
 * link, whole or not at all: one synchronous step, so a cancel cannot cut it short, nothing is
 * written after its task ended, and no other append of this process lands inside it; a write that
 * fails part-way (a full disk) is cut back to where it started, so the file never ends with part of
 * a record. It holds the file's exclusive lock (`flock`) meanwhile, as the metadata log's writes do:
 * a cut never removes what another run appended (held for one write, so waiting for it is short).
 *
 * @param path The file: relative to `within`, or absolute inside it.
 * @param data The bytes; text is written as UTF-8.
 * @param within The output directory.
 * @throws {Error} The file system's error; the file is then as it was.
 */
export function appendToFile(path: string, data: Uint8Array | string, within: ConfinedDir): void {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const file = within.openFileSync(path, { append: true });
  try {
    lockOrUnsupportedSync(file, true); // released with the close
    appendWholeSync(file, bytes);
  } finally {
    file.close();
  }
}
