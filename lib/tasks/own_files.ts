/**
 * The files corun itself keeps in the output directory, which no task may save over, write or append
 * to: the metadata log and the state (the runner's own), what the command line adds (run lock, run
 * history, log file), and its own directory `.corun/` (earlier runs' metadata). Paths are compared
 * as the sinks write them, normalised by `relativeInside` (lib/sinks), so `sub/../meta.jsonl` and
 * `meta.jsonl` are one file everywhere; and without case, as the file systems of macOS and Windows
 * compare them (`.Corun-State.json` is the state file there).
 * @module
 */
import { relativeInside } from "../sinks/mod.ts";
import { relative, resolve } from "./deps.ts";

/** One of corun's files, and what it is (for the error of a task that would replace it). */
export interface OwnFile {
  /** Absolute, or relative to the working directory. */
  path: string;
  /** What it is to corun, completing `… saves to that path`: `"corun's run history"`. */
  role: string;
}

/** How the metadata log is named in errors. */
export const METADATA_LOG_ROLE = "corun's metadata log";
/** How the state file is named in errors. */
export const STATE_FILE_ROLE = "corun's state file";
/** How the run history is named in errors. */
export const HISTORY_FILE_ROLE = "corun's run history";

/** corun's own directory in the output directory: `.corun/metadata/` holds earlier runs' metadata. */
export const OWN_DIR = ".corun";
/** How corun's own directory is named in errors, completing `it is …` / `which is …`. */
export const OWN_DIR_ROLE = `in corun's own directory "${OWN_DIR}"`;

/**
 * Tells whether a path is corun's own directory or inside it, compared without case.
 *
 * @param landing A path relative to the output directory, normalised (see {@linkcode landingInside}).
 * @returns `OWN_DIR_ROLE` when a save there could replace (or be pruned with) corun's files.
 */
export function ownDirRoleOf(landing: string): string | undefined {
  // Most paths do not start with a dot: no lower-casing for them.
  if (landing.charCodeAt(0) !== 0x2e || landing.length < OWN_DIR.length) return undefined;
  const head = landing.slice(0, OWN_DIR.length + 1).toLowerCase();
  return head === OWN_DIR || head === `${OWN_DIR}/` || head === `${OWN_DIR}\\`
    ? OWN_DIR_ROLE
    : undefined;
}

/**
 * Where a file lands inside the output directory, normalised as every sink normalises it.
 *
 * @param outDir The output directory, absolute.
 * @param path Absolute, or relative to the working directory.
 * @returns The path relative to `outDir`, or undefined when the file is not inside it.
 */
export function landingInside(outDir: string, path: string): string | undefined {
  try {
    return relativeInside(outDir, relative(outDir, resolve(path)));
  } catch {
    return undefined; // outside the output directory (or the directory itself): no save reaches it
  }
}

/**
 * corun's files inside the output directory, by their normalised path there in lower case (look a
 * path up lower-cased: macOS and Windows fold case, so another case is the same file there).
 *
 * @param outDir The output directory, absolute.
 * @param files corun's files, wherever they are.
 * @returns Role by normalised, lower-cased relative path, for the files inside `outDir`.
 */
export function ownFilesInside(outDir: string, files: readonly OwnFile[]): Map<string, string> {
  const roles = new Map<string, string>();
  for (const file of files) {
    const landing = landingInside(outDir, file.path)?.toLowerCase();
    if (landing !== undefined && !roles.has(landing)) roles.set(landing, file.role);
  }
  return roles;
}
