/**
 * Opening a file that other processes replace whole (by renaming a new file over it: the history's
 * prune, the state file's save) and holding its exclusive lock on the file the path names now.
 * @module
 */
import { ConfinementError } from "./confine.ts";

/**
 * Opens tried when another process renames a new file into place at the moment of the open. Each
 * retry is a real replacement seen (a link is refused at once), so several processes replacing in
 * turn can need more than a few; 5 ran out under four processes appending at full speed.
 */
const MAX_OPEN_ATTEMPTS = 100;

/** A file opened to be locked, as {@linkcode openLocked} takes it. */
export interface LockableFile {
  /**
   * Takes the file's exclusive lock, waiting for another holder; on a file system without locks,
   * goes on without (see `file_lock.ts`).
   */
  lock(): Promise<void>;
  /** Whether `path` still names this open file (see {@linkcode isFileAt}). */
  isAt(path: string): Promise<boolean>;
  /** Closes the file, which releases its lock. */
  close(): void;
}

/**
 * Opens the file at `path` by `open` and takes its exclusive lock, waiting for another holder. A
 * file that another process renamed a new one over while this one waited is let go and the new one
 * opened: what is written to the old one would be lost. An open refused because the name was
 * replaced between the open's look and its open (refused like a link swapped in, see
 * `ConfinedDir`) is tried again; a link really there is refused.
 *
 * @param path The file, absolute.
 * @param open Opens it (making it when missing), confined.
 * @returns The open file, locked, that `path` names.
 * @throws {ConfinementError} When `path` is a symbolic link, or keeps being replaced.
 * @throws {Error} What `open` or the lock throws.
 */
export async function openLocked<F extends LockableFile>(
  path: string,
  open: () => F | Promise<F>,
): Promise<F> {
  for (let attempt = 1;; attempt++) {
    let file: F;
    try {
      file = await open();
    } catch (error) {
      const replaced = error instanceof ConfinementError && !await isLink(path);
      if (replaced && attempt < MAX_OPEN_ATTEMPTS) continue;
      throw error;
    }
    let holds = false;
    try {
      await file.lock();
      holds = await file.isAt(path);
      if (holds) return file;
    } finally {
      if (!holds) file.close();
    }
  }
}

/**
 * Whether `path` still names the open file, not a file renamed over it since (or nothing).
 *
 * @param file The open file.
 * @param path Its path.
 * @returns False when the path now names another file, or nothing.
 */
export async function isFileAt(file: Deno.FsFile, path: string): Promise<boolean> {
  const [open, named] = await Promise.all([file.stat(), Deno.lstat(path).catch(() => undefined)]);
  return named !== undefined && open.dev === named.dev && open.ino === named.ino;
}

async function isLink(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isSymlink;
  } catch {
    return false;
  }
}
