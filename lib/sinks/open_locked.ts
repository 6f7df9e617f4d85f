/**
 * Opening a file that other processes replace whole (by renaming a new file over it: the history's
 * prune, the state file's and the cookie jar's saves) and holding its exclusive lock on the file the
 * path names now.
 * @module
 */
import { ConfinementError } from "./confine.ts";
import type { ConfinedDir } from "./confined_dir.ts";
import { lockOrUnsupported } from "./file_lock.ts";

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
   *
   * @param onBusy Called before a wait for another holder, if it can tell one.
   */
  lock(onBusy?: () => void): Promise<void>;
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
 * @param onBusy Called before each wait for another holder of the lock (where the file can tell).
 * @returns The open file, locked, that `path` names.
 * @throws {ConfinementError} When `path` is a symbolic link, or keeps being replaced.
 * @throws {Error} What `open` or the lock throws.
 */
export async function openLocked<F extends LockableFile>(
  path: string,
  open: () => F | Promise<F>,
  onBusy?: () => void,
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
      await file.lock(onBusy);
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

/**
 * {@linkcode isFileAt}, synchronously: for a process about to exit, which cannot wait.
 *
 * @param file The open file.
 * @param path Its path.
 * @returns False when the path now names another file, or nothing.
 */
export function isFileAtSync(file: Deno.FsFile, path: string): boolean {
  let named: Deno.FileInfo;
  try {
    named = Deno.lstatSync(path);
  } catch {
    return false;
  }
  const open = file.statSync();
  return open.dev === named.dev && open.ino === named.ino;
}

/**
 * Whether a path names a symbolic link (false when it names nothing).
 *
 * @param path The path.
 * @returns True for a link.
 */
export async function isLink(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isSymlink;
  } catch {
    return false;
  }
}

/** A file opened by {@linkcode openToLock}: lockable, and readable through `file`. */
export interface FileToLock extends LockableFile {
  /** The open file, to read what it holds under the lock. */
  readonly file: Deno.FsFile;
}

/**
 * Opens a file that is replaced whole on each save (the state file, a cookie jar), to read it and
 * lock it for {@linkcode openLocked}; a file system without locks saves unlocked (see
 * `file_lock.ts`). The file, made empty when missing, is opened for reading and writing: NFS grants
 * an exclusive lock only to a file open for writing. One without write access (made read-only) is
 * still replaced by the rename, as before locks: it is opened for reading only.
 *
 * @param path The file.
 * @param within Its directory, which opens it confined (a symbolic link there is refused).
 * @param mode Permission bits of the file when it is made. @default 0o666
 * @returns The open file.
 * @throws {ConfinementError} When `path` is a symbolic link.
 * @throws {Error} What the open throws.
 */
export function openToLock(path: string, within: ConfinedDir, mode?: number): FileToLock {
  const { file, writable } = openForLock(path, within, mode);
  return {
    file,
    async lock(onBusy) {
      try {
        await lockOrUnsupported(file, true, onBusy);
      } catch (error) {
        // Open for reading only, NFS refuses an exclusive lock (EBADF): saved unlocked, as before.
        if (writable) throw error;
      }
    },
    isAt: (at) => isFileAt(file, at),
    close: () => file.close(),
  };
}

function openForLock(
  path: string,
  within: ConfinedDir,
  mode: number | undefined,
): { file: Deno.FsFile; writable: boolean } {
  try {
    const options = mode === undefined ? {} : { mode };
    return {
      file: within.openFileSync(path, { read: true, write: true, ...options }),
      writable: true,
    };
  } catch (error) {
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
    try {
      return { file: within.openFileSync(path, { read: true, create: false }), writable: false };
    } catch (readError) {
      // Missing, and not to be made here: the first error says why.
      throw readError instanceof Deno.errors.NotFound ? error : readError;
    }
  }
}
