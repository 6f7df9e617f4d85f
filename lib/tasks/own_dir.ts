/**
 * corun's own folders in the output directory (`.corun/` and those in it), which come and go with
 * the runs: a run removes one once it leaves it empty, so that an output directory that had none is
 * left without any (but for the mark a URL config's run leaves, `output_mark.ts`); and a run making
 * a file in one retries when another run's end removed it on the way. Two runs in one folder share
 * them: a folder holding another run's file is never empty, so it stays.
 * @module
 */
import { type ConfinedDir, ConfinementError, type TempFile } from "../sinks/mod.ts";
import { dirname } from "./deps.ts";
import { ownDirRoleOf } from "./own_files.ts";

/**
 * Attempts at making a file in a folder that other runs remove meanwhile: each failed attempt is
 * one such removal, between this run's step into the folder and its file there.
 */
const MAX_OWN_FILE_ATTEMPTS = 5;

/**
 * Runs `step`, which makes a file in one of corun's own folders, again when another run's end
 * removed that folder after this one made or stepped into it (`DIR_REPLACED`).
 *
 * @param step Makes the file (through a `ConfinedDir`, which makes its folder when missing).
 * @returns What `step` returns.
 * @throws What `step` throws; `DIR_REPLACED` only once {@linkcode MAX_OWN_FILE_ATTEMPTS} attempts
 *   all met a removal.
 */
export function inOwnDirSync<T>(step: () => T): T {
  for (let attempt = 1;; attempt++) {
    try {
      return step();
    } catch (error) {
      const removed = error instanceof ConfinementError && error.code === "DIR_REPLACED";
      if (!removed || attempt === MAX_OWN_FILE_ATTEMPTS) throw error;
    }
  }
}

/**
 * Makes a temporary for `path`, a file in one of corun's own folders. A folder that another run's
 * end removed after this one made or stepped into it is made again; once the temporary is in it, no
 * run removes it.
 *
 * @param within The output directory.
 * @param path The file the temporary is for, relative to it.
 * @returns The temporary (see `ConfinedDir.createTempSync`).
 * @throws {ConfinementError} Or the file system error, as `createTempSync` does (see
 *   {@linkcode inOwnDirSync}).
 */
export function createOwnTempSync(within: ConfinedDir, path: string): TempFile {
  return inOwnDirSync(() => within.createTempSync(path));
}

/**
 * Removes `dir`, one of corun's own folders, when it is empty, then each folder above it up to
 * `.corun/` itself while each is left empty. Stops at the first one that stays: it holds something
 * (another run's mark, an archive), or another run removed it already and goes on up itself.
 * Best effort: a folder that cannot be removed stays.
 *
 * @param within The output directory.
 * @param dir The folder, relative to it: `.corun/` or a folder in it (any other is left alone).
 */
export function removeEmptyOwnDirs(within: ConfinedDir, dir: string): void {
  // Never above `.corun/`: the output directory and the user's folders are not corun's to remove.
  for (let at = dir; ownDirRoleOf(at) !== undefined && within.removeEmptyDirSync(at);) {
    at = dirname(at);
  }
}
