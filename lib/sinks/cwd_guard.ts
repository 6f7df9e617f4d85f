/**
 * Holding the working directory for one synchronous step. Every isolate of a process (workers,
 * parallel test files) shares one working directory, so corun's steps that change into a directory
 * take a process-wide lock first: an OS file lock on the process's own `/proc/<pid>` entry, whose
 * locks no other process takes. Where there is no `/proc` (macOS, Windows) nothing is taken: one
 * isolate per process is then assumed.
 * @module
 */

/**
 * Runs `step` while no other isolate of this process runs one.
 *
 * @param step A synchronous step; it may change the working directory and must restore it.
 * @returns What `step` returns.
 */
export function withCwdHeld<T>(step: () => T): T {
  const lock = openProcessLock();
  if (lock === undefined) return step();
  try {
    lock.lockSync(true);
    return step();
  } finally {
    lock.close(); // closing drops the lock
  }
}

let processLockPath: string | null | undefined;

/** A fresh handle on `/proc/<pid>` (opened per step: a handle kept open would outlive tests). */
function openProcessLock(): Deno.FsFile | undefined {
  if (processLockPath === undefined) {
    processLockPath = Deno.build.os === "linux" ? `/proc/${Deno.pid}` : null;
    if (processLockPath !== null) {
      const read = Deno.permissions.querySync({ name: "read", path: processLockPath }).state;
      if (read !== "granted") processLockPath = null;
    }
  }
  if (processLockPath === null) return undefined;
  try {
    return Deno.openSync(processLockPath, { read: true });
  } catch {
    return undefined;
  }
}
