/**
 * Atomic files as loop operations: a task cancelled at any point leaves either the whole file in
 * place or nothing, and nothing appears after the task has ended.
 * @module
 */
import { call, type Effect } from "../loop/mod.ts";
import { AtomicFile } from "../sinks/mod.ts";

/**
 * Opens a new temporary file that will become `path`.
 *
 * @param path The final path (already confined to the output directory).
 * @returns The open file; commit or abort it.
 */
export function* createAtomicFile(path: string): Generator<Effect, AtomicFile> {
  // Cancelled while the file was being made: nobody takes the file then, so it removes itself.
  return yield* call(
    (signal) =>
      AtomicFile.create(path).then(async (created) => {
        if (!signal.aborted) return created;
        await created.abort();
        throw signal.reason;
      }),
    "create file",
  );
}

/**
 * Writes a whole file atomically.
 *
 * @param path The final path (already confined to the output directory).
 * @param data The content; text is written as UTF-8.
 */
export function* writeWholeFile(path: string, data: Uint8Array | string): Generator<Effect, void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const file = yield* createAtomicFile(path);
  let committed = false;
  try {
    yield* call(() => file.write(bytes), "write file");
    yield* call(() => file.commit(), "rename file");
    committed = true;
  } finally {
    // Cancelled during the rename, abort() waits for it: the file is then whole, or gone.
    if (!committed) yield* call(() => file.abort(), "remove partial file");
  }
}
