/**
 * Holding the working directory for one synchronous step. Every isolate of a process (workers,
 * parallel test files) shares one working directory, so corun's steps that change into a directory
 * take a process-wide lock first: an OS file lock (`flock`) on `corun-cwd-<pid>.lock` in the system's
 * temporary directory. Each isolate opens the file for each step; exactly one makes it (`createNew`);
 * after locking, a step checks that the path still names the file it locked, so the file can be
 * removed (under the lock) when the isolate that made it unloads. Without write access everywhere
 * (`--allow-write` with no list) nothing is taken: one isolate per process is then assumed.
 * @module
 */
import { dirname, join } from "./deps.ts";

/**
 * Runs `step` while no other isolate of this process runs one.
 *
 * @param step A synchronous step; it may change the working directory and must restore it.
 * @returns What `step` returns.
 */
export function withCwdHeld<T>(step: () => T): T {
  const lock = takeProcessLock();
  if (lock === undefined) return step();
  try {
    return step();
  } finally {
    lock.close(); // closing drops the lock
  }
}

interface LockPlace {
  path: string;
  /** The owner a lock file must have (null where the platform has none). */
  uid: number | null;
}

let place: LockPlace | null | undefined;

/** Where the lock file goes, found once per isolate (null: no lock can be taken). */
function lockPlace(): LockPlace | null {
  if (place !== undefined) return place;
  // Never a permission prompt: without write access everywhere, the temporary directory is not ours.
  if (Deno.permissions.querySync({ name: "write" }).state !== "granted") return place = null;
  try {
    // A file of our own tells the temporary directory and our user id, with no further permission.
    const probe = Deno.makeTempFileSync({ prefix: "corun-cwd-probe-" });
    const { uid } = Deno.lstatSync(probe);
    Deno.removeSync(probe);
    place = { path: join(dirname(probe), `corun-cwd-${Deno.pid}.lock`), uid };
  } catch {
    place = null;
  }
  return place;
}

/** The lock file, locked; undefined when no lock can be taken. */
function takeProcessLock(): Deno.FsFile | undefined {
  const where = lockPlace();
  if (where === null) return undefined;
  for (;;) {
    const file = openLockFile(where.path);
    if (file === undefined) continue;
    file.lockSync(true);
    const ours = file.statSync();
    let current: Deno.FileInfo | undefined;
    try {
      current = Deno.lstatSync(where.path);
    } catch {
      // Removed between our open and our lock: that lock keeps nobody out; try again.
    }
    if (current !== undefined && current.dev === ours.dev && current.ino === ours.ino) {
      if (!ours.isFile || (where.uid !== null && ours.uid !== where.uid)) {
        file.close();
        throw new Error(
          `Cannot take corun's working-directory lock: "${where.path}" is not a file of this user`,
        );
      }
      return file;
    }
    file.close();
    if (current?.isSymlink) {
      throw new Error(
        `Cannot take corun's working-directory lock: "${where.path}" is a symbolic link`,
      );
    }
  }
}

/** Opens the lock file, making it when missing; undefined when it came and went meanwhile. */
function openLockFile(path: string): Deno.FsFile | undefined {
  try {
    return Deno.openSync(path, { read: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  try {
    const file = Deno.openSync(path, { read: true, write: true, createNew: true, mode: 0o600 });
    removeOnUnload(path);
    return file;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return undefined;
    throw error;
  }
}

let removing = false;

/** The isolate that made the lock file removes it when it unloads, holding the lock meanwhile. */
function removeOnUnload(path: string): void {
  if (removing) return;
  removing = true;
  globalThis.addEventListener("unload", () => {
    try {
      const lock = takeProcessLock();
      try {
        Deno.removeSync(path);
      } finally {
        lock?.close();
      }
    } catch {
      // Left behind: an empty file, reused by no other process.
    }
  });
}
