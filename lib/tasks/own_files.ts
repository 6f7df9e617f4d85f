/**
 * The files corun itself keeps in an output directory, which no task may save over. The lock and
 * history names are lib/schedule's (a layer above this one; `own_files_test.ts` checks they agree).
 * @module
 */
import { STATE_FILE_NAME } from "../sinks/mod.ts";

/** `corun run --lock`'s lock file, at the top of the output directory. */
export const RUN_LOCK_FILE = ".corun.lock";
/** The run history, at the top of the output directory. */
export const RUN_HISTORY_FILE = ".corun-history.jsonl";
/** A task's own schedule's lock: `.corun-task-<name>.lock`. */
const TASK_LOCK = /^\.corun-task-.*\.lock$/s;

/**
 * What a path at the top of the output directory is to corun, if anything.
 *
 * @param relative A normalised path relative to the output directory (`a/b.txt`, no `.` parts).
 * @param metadata The config's metadata file, normalised the same way, or undefined for none.
 * @returns `"the metadata log"`, `"the run lock"`…, or undefined for a path of the user's.
 */
export function ownFileRole(relative: string, metadata: string | undefined): string | undefined {
  if (relative === metadata) return "corun's metadata log";
  switch (relative) {
    case RUN_LOCK_FILE:
      return "corun's run lock";
    case RUN_HISTORY_FILE:
      return "corun's run history";
    case STATE_FILE_NAME:
      return "corun's state file";
  }
  return TASK_LOCK.test(relative) ? "the lock of a task's schedule" : undefined;
}

/**
 * Normalises a relative path as path templates render it: no empty or `.` segments.
 *
 * @param path A relative path.
 * @returns The same path with `a//./b` written `a/b`.
 */
export function normalizeRelative(path: string): string {
  return path.split("/").filter((segment) => segment !== "" && segment !== ".").join("/");
}
