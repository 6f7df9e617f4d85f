/**
 * Keeping every saved file inside the output directory, whatever a template or a callback asks for:
 * the check of a path's text, and the error of every confinement refusal. What the file system holds
 * (symbolic links, swapped directories) is checked as each file is written, by `ConfinedDir`.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import { isAbsolute, relative, resolve, SEPARATOR } from "./deps.ts";

/** Why a path was refused. */
export type ConfinementErrorCode = "PATH_ESCAPES_OUTDIR" | "PATH_INVALID" | "DIR_REPLACED";

/** Options of a {@linkcode ConfinementError}. */
export interface ConfinementErrorOptions extends ErrorOptions {
  /** What was refused: the message starts `Cannot read` or `Cannot save`. @default "save" */
  action?: "read" | "save";
  /**
   * What was refused, said after `Cannot` in place of the action and the path, by a caller that
   * knows more (`ctx.write "log.txt" for task "app"`). @default the action and the path, quoted
   */
  subject?: string;
}

/**
 * A path that would be written outside the output directory, or that is not a usable file path.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ConfinementError, run, task } from "@corun/corun";
 * const outDir = await Deno.makeTempDir();
 * const seen: string[] = [];
 * await run({
 *   tasks: [task("notes", function* (ctx) {
 *     try {
 *       yield* ctx.write("../notes.txt", "taken today");
 *     } catch (error) {
 *       if (!(error instanceof ConfinementError)) throw error;
 *       seen.push(error.code); // nothing was written outside the output directory
 *       yield* ctx.write("notes.txt", "taken today");
 *     }
 *   })],
 * }, { outDir });
 * seen.push(await Deno.readTextFile(`${outDir}/notes.txt`));
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(seen, ["PATH_ESCAPES_OUTDIR", "taken today"]);
 * ```
 */
export class ConfinementError extends Error {
  static {
    // A TypeScript config run by the bundled command line catches it with mod.ts's class.
    brandClass(this, "ConfinementError");
  }

  /**
   * `PATH_ESCAPES_OUTDIR`: the path is absolute or leaves the output directory (also through a
   * symbolic link);
   * `PATH_INVALID`: empty, NUL, the directory itself, or not a regular file; `DIR_REPLACED`: the
   * file's directory was moved or replaced between its temporary's creation and its rename.
   */
  readonly code: ConfinementErrorCode;
  /** The path as the caller gave it. */
  readonly path: string;
  /** The output directory as the caller gave it. */
  readonly outDir: string;
  /** What is wrong, as the message ends (`the path leaves the output directory "out"`). */
  readonly state: string;

  /**
   * Makes the refusal; its message is `Cannot save "<path>": <state>` (or `Cannot read`, or
   * `Cannot <subject>: <state>`).
   *
   * @param code Why the path was refused.
   * @param path The path as given.
   * @param outDir The output directory as given.
   * @param state What is wrong, completing `Cannot save "<path>": ` (or `Cannot read`).
   * @param options `cause`: the underlying error, if any; `action`: read or save; `subject`: what
   *   the message says was refused, in place of both.
   */
  constructor(
    code: ConfinementErrorCode,
    path: string,
    outDir: string,
    state: string,
    options?: ConfinementErrorOptions,
  ) {
    const subject = options?.subject ?? `${options?.action ?? "save"} ${JSON.stringify(path)}`;
    super(`Cannot ${subject}: ${state}`, options);
    this.name = "ConfinementError";
    this.code = code;
    this.path = path;
    this.outDir = outDir;
    this.state = state;
  }
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
  // Most paths (every saved file of a run goes through here) are already plain: skip the resolving.
  if (isPlainRelative(relativePath) && !outDir.includes("\0")) return relativePath;
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

const SLASH = 47;
const DOT = 46;

/**
 * A relative path that normalising would leave as it is: segments joined by single `/`, none empty,
 * `.` or `..`, no NUL byte, not absolute. Only where `/` is the separator (elsewhere normalising
 * changes the separators).
 */
function isPlainRelative(path: string): boolean {
  if (SEPARATOR !== "/" || path === "" || path.charCodeAt(0) === SLASH) return false;
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    const code = i === path.length ? SLASH : path.charCodeAt(i);
    if (code === 0) return false;
    if (code !== SLASH) continue;
    const length = i - start;
    if (length === 0) return false;
    if (
      path.charCodeAt(start) === DOT &&
      (length === 1 || (length === 2 && path.charCodeAt(start + 1) === DOT))
    ) return false;
    start = i + 1;
  }
  return true;
}

function isStrictlyInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${SEPARATOR}`) && !isAbsolute(rel);
}
