/**
 * The folders the saves of one run need, each with the first save that needed it: so a file saved
 * where another save of the run needs a folder (`a/b` after `a/b/c.html`), or inside a file the run
 * saves (`a/b/c.html` after `a/b`), fails naming the other before any byte is written (a `{sha256}`
 * path, known only from its body: once the body is in its temporary), instead of with the system's
 * `Is a directory` or `Not a directory` once its body is in. The config check
 * (lib/config/save_tree.ts) finds what the config alone decides; this finds what only the run
 * knows: a list's names, `{ext}` from a Content-Type, `{filename}`, enqueued links.
 *
 * One Map entry per folder, however many files it holds: a save looks its folders up from the
 * deepest and stops at the first one known, whose own folders were checked when it was taken
 * (folder_walk.ts). Kept only in a run of several writing tasks: a run of one keeps none
 * (saved_paths.ts), and is told the same from the system's error when a save meets one.
 * @module
 */
import { KNOWN, lastSeparator, newFoldersOf } from "./folder_walk.ts";

/** A save that needs a folder: the first of the run to need it is named when a file is in its way. */
export interface FolderUser {
  /** The task saving. */
  readonly task: string;
  /** The URL fetched; undefined for a `ctx.write` or `ctx.append`. */
  readonly url: string | undefined;
  /** The file it saves, normalised. */
  readonly file: string;
}

/**
 * The folders one run's saves need, by normalised path: as the output directory's file system
 * compares them (`A/b` is `a/b` where it folds case), when a key is given.
 */
export class SavedFolders {
  readonly #users = new Map<string, FolderUser>();
  /** The folders a save needs that no save needed before it, while it is checked. */
  readonly #newFolders: string[] = [];
  readonly #key: (path: string) => string;

  /**
   * @param key What a folder is compared by (name_folding.ts `pathKeyOf`). @default the path itself
   */
  constructor(key: (path: string) => string = (path) => path) {
    this.#key = key;
  }

  /**
   * Tells which save of the run first needed `path` as a folder.
   *
   * @param path A normalised path, relative to the output directory.
   * @returns The save, or undefined when no save of the run needs `path` as a folder.
   */
  userOf(path: string): FolderUser | undefined {
    return this.#users.size === 0 ? undefined : this.#users.get(this.#key(path));
  }

  /**
   * Records that `user` needs the folders of `user.file`, unless one of them is a file of the run.
   * Nothing is recorded when one is.
   *
   * @param user The save.
   * @param fileAt Whose file a folder no save needed before is, if it is a file of the run: asked
   *   from the deepest folder up to the first one known.
   * @returns The folder that is a file, and whose it is; undefined when none is.
   */
  need<T>(
    user: FolderUser,
    fileAt: (folder: string) => T | undefined,
  ): { folder: string; owner: T } | undefined {
    const path = user.file;
    const users = this.#users;
    const folders = this.#newFolders;
    const key = this.#key;
    const inFile = newFoldersOf(path, lastSeparator(path), folders, (folder) => {
      if (users.has(key(folder))) return KNOWN;
      const owner = fileAt(folder);
      return owner === undefined ? undefined : { folder, owner };
    });
    if (inFile !== undefined) return inFile;
    for (const folder of folders) users.set(key(folder), user);
    return undefined;
  }

  /**
   * Forgets that a save needed `path` as a folder (its save failed, and no folder is there).
   *
   * @param path A normalised path, relative to the output directory.
   */
  forget(path: string): void {
    this.#users.delete(this.#key(path));
  }

  /** Folders recorded (for a test that a run keeps them as it should). */
  get size(): number {
    return this.#users.size;
  }
}
