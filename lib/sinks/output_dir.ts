/**
 * One run's output directory: confines paths to it, remembers the directories it has made and checked
 * (so ten thousand files cost ten thousand writes, not thirty thousand file-system calls), and writes
 * small files in one synchronous step.
 * @module
 */
import { checkDirInside, resolveInside } from "./confine.ts";
import { dirname, join, SEPARATOR } from "./deps.ts";

/** The output directory of one run. */
export class OutputDir {
  /** Absolute path of the directory. */
  readonly path: string;
  readonly #readyDirs = new Set<string>();

  /** @param path The output directory (made on first write). */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * Resolves a path inside the directory.
   *
   * @param relativePath Where, relative to the output directory.
   * @returns The absolute path.
   * @throws ConfinementError when it would leave the directory (symbolic links included).
   */
  resolve(relativePath: string): string {
    if (this.#isPlainName(relativePath) && this.#readyDirs.has(this.path)) {
      // A bare file name in the checked top directory: nothing to normalise or walk.
      return `${this.path}${SEPARATOR}${relativePath}`;
    }
    const target = join(this.path, relativePath);
    // A directory this run made and checked cannot lead outside; skip the link walk for it.
    if (this.#readyDirs.has(dirname(target)) && !relativePath.includes("..")) return target;
    return resolveInside(this.path, relativePath);
  }

  /**
   * Makes the parent directory of `absolutePath` (once per run per directory).
   *
   * @param absolutePath A path from `resolve`.
   */
  ensureParentSync(absolutePath: string): void {
    this.#ensureDirSync(dirname(absolutePath));
  }

  #ensureDirSync(dir: string): void {
    if (this.#readyDirs.has(dir)) return;
    Deno.mkdirSync(dir, { recursive: true });
    checkDirInside(this.path, dir);
    this.#readyDirs.add(dir);
  }

  /**
   * Writes a whole small file atomically (temporary name, then rename), synchronously: for small
   * bodies one blocking write to the page cache is cheaper than four asynchronous calls.
   *
   * @param relativePath Where, relative to the output directory.
   * @param bytes The content.
   * @returns The absolute path written.
   * @throws ConfinementError, or the file system's error (no temporary file is left behind).
   */
  writeSmallFileSync(relativePath: string, bytes: Uint8Array): string {
    const target = this.resolve(relativePath);
    const dir = dirname(target);
    this.#ensureDirSync(dir);
    const tempPath = `${dir}/.${crypto.randomUUID()}.part`;
    try {
      Deno.writeFileSync(tempPath, bytes, { createNew: true });
      Deno.renameSync(tempPath, target);
    } catch (error) {
      try {
        Deno.removeSync(tempPath);
      } catch {
        // Never created, or already gone: nothing to clean.
      }
      throw error;
    }
    return target;
  }

  /** One path segment that `join` would leave as it is (not empty, `.` or `..`, no separator). */
  #isPlainName(relativePath: string): boolean {
    return relativePath !== "" && relativePath !== "." && relativePath !== ".." &&
      !relativePath.includes("/") && !relativePath.includes("\\");
  }
}
