/**
 * OS file locks (`flock` on Unix, `LockFileEx` on Windows) as corun takes them, and the one place
 * that tells "this file system has no locks" from a lock that failed.
 *
 * Some file systems have no `flock` (some SMB and FUSE mounts, NFS without its lock service): a lock
 * there fails with ENOLCK, EOPNOTSUPP or ENOSYS, and these helpers say `"unsupported"` instead of
 * throwing; any other failure throws. NFS has locks, but (as `flock(2)` says) grants an exclusive
 * one only to a file open for writing and a shared one only to a file open for reading (else EBADF):
 * every file corun locks is opened for that.
 *
 * What `"unsupported"` means is each caller's decision, all of them here:
 * - `LineFile` (the metadata log, the history): lines are appended unlocked, as every writer's are.
 * - The metadata log's rotation: it archives unlocked (its writers cannot lock either).
 * - The state file's save: it merges unlocked.
 * - A temporary being written (`ConfinedDir`): it holds no lock, and only its age keeps a sweep off
 *   it (its writes keep it younger than the sweeping run).
 * - The sweep, and `ConfinedDir.removeUnheldSync`: nothing can hold a file, so it is removed; the
 *   sweep still takes only temporaries last changed before its run started.
 * - The sweep's look for another run's run lock: no run can hold one there; the age rule decides.
 * - A named partial (`resume: true`), which one process at a time may write: not used, as two
 *   writers could not be told apart. The body goes to a temporary of its own, and resumes within
 *   the run only.
 * @module
 */
import { errnoOf } from "./os_error.ts";

/** How a lock asked for without waiting turned out. */
export type LockOutcome = "locked" | "busy" | "unsupported";

/** Errno names of a lock on a file system that has no locks. */
const NO_LOCKS = new Set(["ENOLCK", "ENOSYS", "ENOTSUP", "EOPNOTSUPP"]);

/**
 * Whether a lock call failed because the file system has no locks (not because of the lock asked).
 *
 * @param error What `lock`/`tryLock` threw.
 * @returns True for ENOLCK, EOPNOTSUPP, ENOSYS and the like.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isLockUnsupported } from "./file_lock.ts";
 * assert(!isLockUnsupported(Object.assign(new Error("Bad file descriptor (os error 9)"), { code: "EBADF" })));
 * ```
 */
export function isLockUnsupported(error: unknown): boolean {
  return error instanceof Deno.errors.NotSupported || NO_LOCKS.has(errnoOf(error) ?? "");
}

/**
 * Whether a read or a write failed because another open file holds a lock on those bytes: Windows'
 * locks are mandatory (ERROR_LOCK_VIOLATION, os error 33, which Deno reports with the code EBUSY),
 * so a file held there cannot be read by anyone but its holder. `flock` never refuses a read.
 *
 * @param error What the read or write threw.
 * @param os The system that threw it. @default Deno.build.os
 * @returns True for a lock violation.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isLockViolation } from "./file_lock.ts";
 * const held = "The process cannot access the file because another process has locked a portion of the file. (os error 33)";
 * assert(isLockViolation(Object.assign(new Error(held), { code: "EBUSY" }), "windows"));
 * assert(isLockViolation(new Error(held), "windows"));
 * assert(!isLockViolation(Object.assign(new Error("Input/output error (os error 5)"), { code: "EIO" })));
 * ```
 */
export function isLockViolation(error: unknown, os: typeof Deno.build.os = Deno.build.os): boolean {
  return errnoOf(error, os) === "EBUSY";
}

/**
 * Takes the file's lock unless another open file holds one that refuses it; never waits.
 *
 * @param file Open for writing (exclusive) or reading (shared): NFS refuses the lock otherwise.
 * @param exclusive Exclusive, else shared.
 * @returns `"locked"`, `"busy"` (held by another open file) or `"unsupported"` (no locks here).
 * @throws {Error} Any other failure of the lock.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { tryLockSync } from "./file_lock.ts";
 * const path = await Deno.makeTempFile();
 * using file = await Deno.open(path, { read: true, write: true });
 * assertEquals(tryLockSync(file, true), "locked");
 * await Deno.remove(path);
 * ```
 */
export function tryLockSync(file: Deno.FsFile, exclusive: boolean): LockOutcome {
  try {
    return file.tryLockSync(exclusive) ? "locked" : "busy";
  } catch (error) {
    if (isLockUnsupported(error)) return "unsupported";
    throw error;
  }
}

/**
 * Takes the file's lock, waiting (blocking the thread) while another open file holds one that
 * refuses it.
 *
 * @param file Open for writing (exclusive) or reading (shared).
 * @param exclusive Exclusive, else shared.
 * @returns `"locked"`, or `"unsupported"` when the file system has no locks.
 * @throws {Error} Any other failure of the lock.
 */
export function lockOrUnsupportedSync(
  file: Deno.FsFile,
  exclusive: boolean,
): "locked" | "unsupported" {
  try {
    file.lockSync(exclusive);
    return "locked";
  } catch (error) {
    if (isLockUnsupported(error)) return "unsupported";
    throw error;
  }
}

/**
 * {@linkcode lockOrUnsupportedSync}, waiting without blocking the thread.
 *
 * @param file Open for writing (exclusive) or reading (shared).
 * @param exclusive Exclusive, else shared.
 * @param onBusy Called once, before the wait, when another open file holds the lock (so a caller
 *   can say why nothing happens); without it the lock is not tried first.
 * @returns `"locked"`, or `"unsupported"` when the file system has no locks.
 * @throws {Error} Any other failure of the lock.
 */
export async function lockOrUnsupported(
  file: Deno.FsFile,
  exclusive: boolean,
  onBusy?: () => void,
): Promise<"locked" | "unsupported"> {
  if (onBusy !== undefined) {
    const outcome = tryLockSync(file, exclusive);
    if (outcome !== "busy") return outcome;
    onBusy();
  }
  try {
    await file.lock(exclusive);
    return "locked";
  } catch (error) {
    if (isLockUnsupported(error)) return "unsupported";
    throw error;
  }
}
