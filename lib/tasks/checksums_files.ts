/**
 * A task's checksums file (`checksums:`), as the run reads it: once a run for every fetch it
 * checks, its names taken from its own folder, and a file that cannot be read or parsed turned into
 * one error that fails each of those fetches alike. What the file holds is the sinks layer's
 * (`parseChecksumsFile`, `checksumFor`); which fetch asks it is `fetch_item.ts`'s.
 * @module
 */
import { call, type Effect, messageOf } from "../loop/mod.ts";
import { type Checksum, checksumFor, readChecksumsText } from "../sinks/mod.ts";
import { parseChecksumsFile } from "../sinks/checksum.ts";
import type { RunEnv } from "./env.ts";
import { dirname, relative, SEPARATOR } from "./deps.ts";

/** A checksums file that cannot be read, or holds a line that is not a checksum. */
class ChecksumsFileError extends Error {
  /** Stable code. */
  readonly code = "CHECKSUMS_FILE";

  /**
   * @param message What is wrong, naming the file (and its line).
   * @param options The error behind it.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ChecksumsFileError";
  }
}

/** What the digest of a body saved at a path must be, if any. */
export type ExpectedChecksum = (savedPath: string) => Checksum | undefined;

/**
 * The entry of a task's checksums file for the path saved. The file is read once a run: the fetches
 * that start while it is read wait for that read, and a file that cannot be read or parsed (one a
 * task of the run saved may be wrong only now) fails every fetch it checks alike.
 */
export function* checksumsFileEntry(
  file: string,
  maxBytes: number,
  env: RunEnv,
): Generator<Effect, ExpectedChecksum> {
  // Tasks that give the file different caps each judge it by their own.
  const key = `${file}\0${maxBytes}`;
  let entry = env.checksumsCache.get(key);
  if (entry === undefined) {
    const path = env.movedDownloads?.get(file) ?? file;
    // Its names are paths from its own folder, as `sha256sum -c` run there reads them.
    const folder = relative(env.output.path, dirname(path)).replaceAll(SEPARATOR, "/");
    const reading = readChecksumsFile(path, maxBytes).then((sums): ExpectedChecksum | Error =>
      sums instanceof Error ? sums : (savedPath) => checksumFor(sums, savedPath, folder)
    );
    env.checksumsCache.set(key, entry = reading);
    reading.then((expected) => env.checksumsCache.set(key, expected));
  }
  const pending = entry;
  const expected = pending instanceof Promise
    ? yield* call(() => pending, "read checksums file")
    : pending;
  if (expected instanceof Error) throw expected;
  return expected;
}

/** A checksums file's entries, or why it cannot be used; never rejects. */
function readChecksumsFile(
  path: string,
  maxBytes: number,
): Promise<ReadonlyMap<string, Checksum> | Error> {
  return readChecksumsText(path, maxBytes).then(
    (text) => {
      try {
        return parseChecksumsFile(text, path);
      } catch (error) {
        return new ChecksumsFileError(messageOf(error), { cause: error });
      }
    },
    (error) =>
      new ChecksumsFileError(`Cannot read the checksums file "${path}": ${messageOf(error)}`, {
        cause: error,
      }),
  );
}
