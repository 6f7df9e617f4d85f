/**
 * One run's output directory: checks paths against it by their text, and writes and opens files in it
 * through its `ConfinedDir` (made, and its real path taken, on first use).
 * @module
 */
import { relativeInside } from "./confine.ts";
import { AtomicFile } from "./atomic_file.ts";
import { ConfinedDir } from "./confined_dir.ts";
import { join } from "./deps.ts";

/** The output directory of one run. */
export class OutputDir {
  /** Absolute path of the directory. */
  readonly path: string;
  readonly #startedAtMs: number;
  #confined: ConfinedDir | undefined;

  /**
   * Names the output directory of a run; nothing is touched until the first file.
   *
   * @param path The output directory (made on first write), absolute.
   * @param startedAtMs When the run started: temporaries older than this are swept. @default now
   */
  constructor(path: string, startedAtMs: number = Date.now()) {
    this.path = path;
    this.#startedAtMs = startedAtMs;
  }

  /** The confined directory every file of the run goes through (made on first use). */
  get confined(): ConfinedDir {
    return this.#confined ??= ConfinedDir.openSync(this.path, this.#startedAtMs);
  }

  /**
   * Resolves a path inside the directory, by its text (the file system is checked when the file is
   * written, by `confined`).
   *
   * @param relativePath Where, relative to the output directory.
   * @returns The absolute path.
   * @throws ConfinementError when it would leave the directory.
   */
  resolve(relativePath: string): string {
    return join(this.path, relativeInside(this.path, relativePath));
  }

  /**
   * Writes a whole small file atomically (`AtomicFile.writeWholeSync` into `confined`): the run's one
   * place where a small body is saved, so a test may stand another disk in for it.
   *
   * @param relativePath Where, relative to the output directory.
   * @param bytes The content.
   * @returns The absolute path written.
   * @throws ConfinementError, or the file system's error (no temporary file is left behind).
   */
  writeSmallFileSync(relativePath: string, bytes: Uint8Array): string {
    return AtomicFile.writeWholeSync(relativePath, bytes, { within: this.confined });
  }
}
