/**
 * Why a file corun was told to read cannot be read, in one set of words: a config's check of the
 * file when it loads and a task's read of it later (a URL list deleted meanwhile) say the same
 * thing, not the check its words and the run the system's text with the call Deno appends.
 * @module
 */
import { refusedAccessText } from "../loop/mod.ts";
import { problemOf } from "./os_error.ts";

/** A file that is not there. */
export const MISSING_FILE = "the file does not exist";

/** A path that is there but is no file (a folder). */
export const NOT_A_FILE = "it is not a file";

/**
 * Why opening or reading a file failed: {@linkcode MISSING_FILE}, {@linkcode NOT_A_FILE}, Deno's
 * refusal with the flag to add, or the system's reason without the call and path Deno appends.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { readProblemOf } from "./read_problem.ts";
 * const error = new Deno.errors.NotFound("No such file or directory (os error 2): open '/x'");
 * assertEquals(readProblemOf(error, "/x"), "the file does not exist");
 * ```
 * @param error What the open or the read threw.
 * @param path The file, absolute.
 * @returns The reason, as a clause.
 */
export function readProblemOf(error: unknown, path: string): string {
  if (error instanceof Deno.errors.NotFound) return MISSING_FILE;
  if (error instanceof Deno.errors.IsADirectory) return NOT_A_FILE;
  return refusedAccessText(error, "read", path) ?? problemOf(error);
}
