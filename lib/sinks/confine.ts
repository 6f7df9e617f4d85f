/**
 * Keeping every saved file inside the output directory, whatever a template or a callback asks for.
 * @module
 */
import { basename, dirname, isAbsolute, relative, resolve, SEPARATOR } from "./deps.ts";

/** Why a path was refused. */
export type ConfinementErrorCode = "PATH_ESCAPES_OUTDIR" | "PATH_INVALID" | "DIR_REPLACED";

/** A path that would be written outside the output directory, or that is not a usable file path. */
export class ConfinementError extends Error {
  /**
   * `PATH_ESCAPES_OUTDIR`: the path leaves the output directory (also through a symbolic link);
   * `PATH_INVALID`: empty, NUL, the directory itself, or not a regular file; `DIR_REPLACED`: the
   * file's directory was moved or replaced between its temporary's creation and its rename.
   */
  readonly code: ConfinementErrorCode;
  /** The path as the caller gave it. */
  readonly path: string;
  /** The output directory as the caller gave it. */
  readonly outDir: string;

  /**
   * @param code Why the path was refused.
   * @param path The path as given.
   * @param outDir The output directory as given.
   * @param state What is wrong, completing `Cannot save "<path>": `.
   * @param options `cause`: the underlying error, if any.
   */
  constructor(
    code: ConfinementErrorCode,
    path: string,
    outDir: string,
    state: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot save ${JSON.stringify(path)}: ${state}`, options);
    this.name = "ConfinementError";
    this.code = code;
    this.path = path;
    this.outDir = outDir;
  }
}

/**
 * Resolves a path relative to the output directory and checks that it stays inside it, also once
 * symbolic links in existing parent directories are followed. An existing symbolic link at the path
 * itself is refused when it leads outside (or nowhere): appending to it would write through it.
 *
 * The check cannot stop another process from swapping in a symbolic link after it ran; it stops
 * templates, URLs and callbacks from choosing a path outside.
 *
 * @example
 * ```ts
 * import { resolveInside } from "./confine.ts";
 * resolveInside("out", "example.com/index.html"); // "<cwd>/out/example.com/index.html"
 * ```
 * @param outDir The output directory (relative to the working directory, or absolute). It need not exist.
 * @param relativePath Where to save, relative to `outDir`.
 * @returns The absolute path to write.
 * @throws {ConfinementError} With code `PATH_ESCAPES_OUTDIR` when the path leaves `outDir` (also
 * through a symbolic link), or `PATH_INVALID` when it is empty, contains a NUL byte, or names `outDir`
 * itself.
 */
export function resolveInside(outDir: string, relativePath: string): string {
  const refuse = (code: ConfinementErrorCode, state: string) =>
    new ConfinementError(code, relativePath, outDir, state);
  if (relativePath.includes("\0") || outDir.includes("\0")) {
    throw refuse("PATH_INVALID", "the path contains a NUL byte");
  }
  if (relativePath === "") throw refuse("PATH_INVALID", "the path is empty");

  const base = resolve(outDir);
  const target = resolve(base, relativePath);
  if (target === base) {
    throw refuse("PATH_INVALID", `the path names the output directory ${JSON.stringify(outDir)}`);
  }
  const leaves = `the path leaves the output directory ${JSON.stringify(outDir)}`;
  if (isAbsolute(relativePath) || !isStrictlyInside(base, target)) {
    throw refuse("PATH_ESCAPES_OUTDIR", leaves);
  }

  // Follow symbolic links in whatever part of both paths exists already.
  const realBase = realPathOfExisting(base);
  const realParent = realPathOfExisting(dirname(target));
  if (realParent !== realBase && !isStrictlyInside(realBase, realParent)) {
    throw refuse("PATH_ESCAPES_OUTDIR", `${leaves} through a symbolic link`);
  }
  // The file itself may be a link: an append or open would follow it (a rename would replace it).
  if (isLinkLeadingOut(target, realBase)) {
    throw refuse("PATH_ESCAPES_OUTDIR", `${leaves} through a symbolic link`);
  }
  return target;
}

/**
 * Checks a path against the output directory by its text alone (no file system call): not empty, no
 * NUL byte, not absolute, not leaving through `..`, not the directory itself.
 *
 * @param outDir The output directory.
 * @param relativePath Where, relative to `outDir`.
 * @returns The path relative to `outDir`, normalised (`a/./b/../c` → `a/c`).
 * @throws {ConfinementError} `PATH_ESCAPES_OUTDIR` or `PATH_INVALID`.
 */
export function relativeInside(outDir: string, relativePath: string): string {
  const refuse = (code: ConfinementErrorCode, state: string) =>
    new ConfinementError(code, relativePath, outDir, state);
  if (relativePath.includes("\0") || outDir.includes("\0")) {
    throw refuse("PATH_INVALID", "the path contains a NUL byte");
  }
  if (relativePath === "") throw refuse("PATH_INVALID", "the path is empty");
  const base = resolve(outDir);
  const target = resolve(base, relativePath);
  if (target === base) {
    throw refuse("PATH_INVALID", `the path names the output directory ${JSON.stringify(outDir)}`);
  }
  if (isAbsolute(relativePath) || !isStrictlyInside(base, target)) {
    throw refuse(
      "PATH_ESCAPES_OUTDIR",
      `the path leaves the output directory ${JSON.stringify(outDir)}`,
    );
  }
  return relative(base, target);
}

/**
 * Checks that a directory (made already, or about to be) is the output directory or inside it, once
 * symbolic links in its existing part are followed.
 *
 * @param outDir The output directory.
 * @param dir The directory, absolute or relative to the working directory.
 * @throws {ConfinementError} `PATH_ESCAPES_OUTDIR` when it is elsewhere.
 */
export function checkDirInside(outDir: string, dir: string): void {
  const base = resolve(outDir);
  const target = resolve(dir);
  const shown = relative(base, target) || ".";
  const leaves = `the path leaves the output directory ${JSON.stringify(outDir)}`;
  if (target !== base && !isStrictlyInside(base, target)) {
    throw new ConfinementError("PATH_ESCAPES_OUTDIR", shown, outDir, leaves);
  }
  const realBase = realPathOfExisting(base);
  const real = realPathOfExisting(target);
  if (real !== realBase && !isStrictlyInside(realBase, real)) {
    throw new ConfinementError(
      "PATH_ESCAPES_OUTDIR",
      shown,
      outDir,
      `${leaves} through a symbolic link`,
    );
  }
}

/** `path` is a symbolic link that leads outside `realBase`, or to nothing yet (opening creates its target). */
function isLinkLeadingOut(path: string, realBase: string): boolean {
  try {
    if (!Deno.lstatSync(path).isSymlink) return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw error;
  }
  let real: string;
  try {
    real = Deno.realPathSync(path);
  } catch {
    return true; // Dangling or looping: where a write would land is not ours to check.
  }
  return !isStrictlyInside(realBase, real);
}

function isStrictlyInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${SEPARATOR}`) && !isAbsolute(rel);
}

/** The real path of the longest existing prefix of `path`, with the missing rest appended. */
function realPathOfExisting(path: string): string {
  const missing: string[] = [];
  let current = path;
  while (true) {
    try {
      return resolve(Deno.realPathSync(current), ...missing.reverse());
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory)) {
        throw error;
      }
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}
