/**
 * The save paths of a worker of a shared queue, whose database says whose each is: the workers'
 * fetches of one submit (or fire, with the links found from it: what a run is) share its paths, as
 * one run's fetches share a run's, whichever worker (on whichever machine) saves them. A fetch's
 * save is claimed there before its body is read, after the worker's own checks (`SavedPaths`: inside
 * the output directory, none of corun's files); a claim another fetch holds fails it with
 * `SAVE_COLLISION`, as in a run. One round trip a save, for the saves a run keeps a claim of or
 * checks against one (in a config of one writing task, only those a server's name may meet:
 * `SavedPaths.claimsShared`).
 * @module
 */
import type { Effect, Operation } from "../loop/mod.ts";
import type { HeldSave, SaveClaim } from "../frontier/pg/mod.ts";
import { lastSeparator, newFoldersOf } from "./folder_walk.ts";
import { heldSaveCollision } from "./save_collision.ts";

/** Where a worker claims its fetches' save paths for every worker of its queue (`PgFrontier`). */
export interface SharedSaves {
  /**
   * Claims a save path for the fetch of a held entry.
   *
   * @param entryId The entry (the queue's job).
   * @param claim The path and its folders, the task, the URL.
   * @returns Undefined when the path is the fetch's to save; else the save it met.
   */
  claimSave(entryId: number, claim: SaveClaim): Operation<HeldSave | undefined>;
}

/**
 * Claims a save path for a fetch in the shared queue. The database compares the path's key: where
 * the output directory's file system folds case or Unicode normalization (`Report.txt` and
 * `report.txt` one file), two spellings of one file are one claim, as in a run (saved_paths.ts).
 * Its rows hold keys; a folder of this save met is named as this save spells it.
 *
 * @param saves The queue's saves.
 * @param entryId The fetch's entry.
 * @param save The path the worker claimed (normalised: `SavedPaths.claim`'s), and its key
 *   (`SavedPaths.keyOf`).
 * @param fetch The task, the URL, and whether its server named the file (`{filename}`).
 * @throws SaveCollisionError naming the other fetch, when it holds the path or a folder of it.
 */
export function* claimSharedSave(
  saves: SharedSaves,
  entryId: number,
  save: { path: string; key: string },
  fetch: { task: string; url: string; perFetch: boolean },
): Generator<Effect, void> {
  const { path, key } = save;
  const folders = foldersOf(key);
  const held = yield* saves.claimSave(entryId, { path: key, folders, ...fetch });
  if (held === undefined) return;
  // What it met, this save's path or one of its folders, named as written here (the key's folders
  // are the keys of the path's folders, one for one).
  const at = folders.indexOf(held.path);
  const met = held.path === key ? path : at >= 0 ? foldersOf(path)[at] : held.path;
  throw heldSaveCollision({ ...held, path: met }, path, fetch.task, fetch.perFetch);
}

/**
 * The folders on a normalised path's way, deepest first.
 *
 * @param path A normalised path.
 * @returns Its folders (none for a file of the output directory itself).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { foldersOf } from "./shared_saves.ts";
 * assertEquals(foldersOf("a/b/c.html"), ["a/b", "a"]);
 * assertEquals(foldersOf("c.html"), []);
 * ```
 */
export function foldersOf(path: string): string[] {
  const folders: string[] = [];
  newFoldersOf(path, lastSeparator(path), folders, () => undefined);
  return folders;
}
