/**
 * One run's output directory: checks paths against it by their text, and writes and opens files in it
 * through its `ConfinedDir` (made, and its real path taken, on first use).
 * @module
 */
import { relativeInside } from "./confine.ts";
import { AtomicFile } from "./atomic_file.ts";
import { ConfinedDir } from "./confined_dir.ts";
import { dirname, join } from "./deps.ts";
import { errnoOf, isOsError, problemOf } from "./os_error.ts";

/** The output directory of one run. */
export class OutputDir {
  /** Absolute path of the directory. */
  readonly path: string;
  readonly #startedAtMs: number;
  readonly #onOpen: (() => void) | undefined;
  #confined: ConfinedDir | undefined;

  /**
   * Names the output directory of a run; nothing is touched until the first file.
   *
   * @param path The output directory (made on first write), absolute.
   * @param startedAtMs When the run started: temporaries older than this are swept. @default now
   * @param onOpen Called once the directory is made, before the run's first file in it: a URL
   *   config's run leaves its mark there (lib/tasks `output_mark.ts`).
   */
  constructor(path: string, startedAtMs: number = Date.now(), onOpen?: () => void) {
    this.path = path;
    this.#startedAtMs = startedAtMs;
    this.#onOpen = onOpen;
  }

  /**
   * The confined directory every file of the run goes through (made on first use).
   * @throws The file system's error (its `code` kept) naming the directory, when it cannot be made.
   */
  get confined(): ConfinedDir {
    if (this.#confined !== undefined) return this.#confined;
    try {
      this.#confined = ConfinedDir.openSync(this.path, this.#startedAtMs);
    } catch (error) {
      throw outputDirError(this.path, error);
    }
    this.#onOpen?.();
    return this.#confined;
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

/**
 * Why the output directory cannot be made, naming it: a save's error names only its path inside the
 * directory, and Deno's `File exists` for a symbolic link to nowhere says nothing of the link.
 */
function outputDirError(path: string, error: unknown): unknown {
  if (!isOsError(error)) return error;
  const problem = danglingLinkProblem(path) ?? problemOf(error);
  const named = new Error(
    `the output directory ${JSON.stringify(path)} cannot be made: ${problem}`,
    { cause: error },
  );
  // Still the file system's error to retries and exit codes.
  return Object.assign(named, { code: errnoOf(error) });
}

/**
 * "it is a symbolic link to …, which does not exist", or names the ancestor that is: when a link
 * that leads nowhere, at the directory or the nearest ancestor that is there, is why `mkdir` failed.
 */
function danglingLinkProblem(path: string): string | undefined {
  const nearest = nearestEntry(path);
  if (nearest === undefined) return undefined;
  const problem = brokenLinkProblem(nearest);
  if (problem === undefined) return undefined;
  return `${nearest === path ? "it" : JSON.stringify(nearest)} is ${problem}`;
}

/** The path, or its nearest ancestor, that is there (a link to nowhere is), by `lstat`. */
function nearestEntry(path: string): string | undefined {
  for (let current = path;; current = dirname(current)) {
    try {
      Deno.lstatSync(current);
      return current;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound) || dirname(current) === current) {
        return undefined;
      }
    }
  }
}

/**
 * What is wrong with a symbolic link at `path` that cannot be followed: `a symbolic link to "…",
 * which does not exist` (or `…, which cannot be followed: …`, a loop). A directory cannot be made
 * there, nor through it.
 *
 * @param path A path.
 * @returns The phrase, or undefined when `path` is no link, or one that leads somewhere.
 */
export function brokenLinkProblem(path: string): string | undefined {
  try {
    if (!Deno.lstatSync(path).isSymlink) return undefined;
    const link = `a symbolic link to ${JSON.stringify(Deno.readLinkSync(path))}`;
    try {
      Deno.statSync(path);
      return undefined; // it leads somewhere: the first error says why
    } catch (error) {
      return error instanceof Deno.errors.NotFound
        ? `${link}, which does not exist`
        : `${link}, which cannot be followed: ${problemOf(error)}`;
    }
  } catch {
    return undefined; // gone meanwhile: the first error says why
  }
}
