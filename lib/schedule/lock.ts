/**
 * An exclusive run lock for `corun run --lock`: at most one run per lock file at a time, across
 * processes.
 *
 * The lock is an OS file lock (`flock` on Unix, `LockFileEx` on Windows) taken with
 * `Deno.FsFile.tryLock()` on a file that holds `{pid, startedAt, hostname, config}` for messages (the
 * config because configs that share an output directory share its lock). We chose it
 * over a `createNew` lock file with stale-lock detection because the kernel drops the lock when the
 * holder exits or crashes, so there is nothing stale to detect: no pid probing (pids are reused, and
 * mean nothing on another host), no age guesses (a long run is not a dead one), and no race between
 * two processes breaking the same stale file. A lock file left behind by a crash is simply free.
 * The file is never deleted (deleting a lock file others may have open lets two runs hold
 * "the" lock on different files); it is emptied on release. The lock is the `flock`, not the record:
 * a record that cannot be written (a full disk) leaves the lock held, and others read an unknown
 * holder.
 *
 * Limits: the lock is advisory (only corun honours it), and on network file systems it is as good as
 * their `flock` support (NFSv4 and SMB do; some FUSE mounts do not).
 * @module
 */
import { call, type Operation, readCapped, sleep, withLoop } from "../loop/mod.ts";
import { ConfinedDir, isLockUnsupported, registerOwnRunLock, writeAll } from "../sinks/mod.ts";
import { pause } from "./pause.ts";
import { hostnameIfAllowed } from "../net/mod.ts";

/** The usual lock file, in the output directory (named where the config check knows it). */
export { LOCK_FILE_NAME } from "../tasks/own_files.ts";

/** Reads of a lock file found empty before its holder is reported unknown, and the pause between. */
const HOLDER_READ_ATTEMPTS = 5;
const HOLDER_READ_PAUSE_MS = 10;
/**
 * The largest lock file read for its holder: 64 KiB, fixed. A holder's record is a few hundred bytes
 * of JSON; whatever else is there (a file put in its place) is an unknown holder, not read into
 * memory.
 */
export const MAX_LOCK_FILE_BYTES = 64 * 1024;
/** Exclusive tries while only shared locks (other runs' momentary sweep probes) are in the way. */
const PROBE_RETRY_ATTEMPTS = 5;

/** What to do when another run holds the lock. */
export type LockMode = "skip" | "wait" | "fail";

/** Options for {@linkcode acquireLock}. */
export interface LockOptions {
  /** `"skip"`: return `acquired: false`; `"fail"`: throw; `"wait"`: poll until free. @default "fail" */
  mode?: LockMode;
  /** With `"wait"`, give up (throw) after this long. @default Infinity */
  waitTimeoutMs?: number;
  /** With `"wait"`, how often to try again. @default 250 */
  pollMs?: number;
  /** Written into the lock file as the holder's `config`, to say whose run holds it. @default none */
  config?: string;
  /**
   * Written into the lock file as the holder's `startedAt` when the lock is taken at once: its
   * run's start, which its mark and history line give too (ISO 8601). A lock taken after a wait
   * says when it was taken: the run starts then. @default when the lock is taken
   */
  startedAt?: string;
  /** With `"wait"`, told once, when the lock is first found held: who holds it. */
  onWait?: (holder: LockHolder | undefined) => void;
  /**
   * Told when the lock is taken but the holder's record could not be written into its file (a full
   * disk): the lock is held all the same, and others see an unknown holder.
   * @default nothing
   */
  onUnrecorded?: (error: unknown) => void;
}

/** Who holds a lock, as its lock file says. */
export interface LockHolder {
  /** The holding process's id (on its host). */
  pid: number;
  /** ISO 8601 time the lock was taken. */
  startedAt: string;
  /** Empty when the holder could not read its host name (no `--allow-sys`). */
  hostname: string;
  /** The config the holder runs, as it named it; absent in lock files of older versions. */
  config?: string;
}

/** A held lock. Release it when the run ends; exiting or crashing releases it too. */
export interface RunLock extends AsyncDisposable {
  /** The lock file. */
  readonly path: string;
  /** What this process wrote into the lock file (or meant to: see `onUnrecorded`). */
  readonly holder: LockHolder;
  /** Empties the lock file and releases the lock. Later calls do nothing. */
  release(): Promise<void>;
}

/** The outcome of {@linkcode acquireLock}. `holder` is undefined when the file was unreadable. */
export type LockResult =
  | { acquired: true; lock: RunLock }
  | { acquired: false; holder: LockHolder | undefined };

/** Another run holds the lock (mode `"fail"`, or `"wait"` timed out). */
export class LockHeldError extends Error {
  /** Stable code for callers that branch. */
  readonly code = "LOCK_HELD";
  /** The lock file. */
  readonly path: string;
  /** Who holds it, as its lock file says; undefined when that could not be read. */
  readonly holder: LockHolder | undefined;

  /**
   * Makes the error; its message names the lock file and, when known, its holder.
   *
   * @param path The lock file.
   * @param holder Who holds it, if known.
   * @param waitedMs How long we waited, for the message.
   */
  constructor(path: string, holder: LockHolder | undefined, waitedMs = 0) {
    const who = holder
      ? `process ${holder.pid}${
        holder.hostname ? ` on ${holder.hostname}` : ""
      } since ${holder.startedAt}`
      : "another process";
    const waited = waitedMs > 0 ? ` (waited ${waitedMs} ms)` : "";
    super(`Cannot lock "${path}": it is held by ${who}${waited}`);
    this.name = "LockHeldError";
    this.path = path;
    this.holder = holder;
  }
}

/**
 * Takes the run lock at `path` (making its directory), or reports who holds it.
 *
 * @param path The lock file, usually `<outDir>/.corun.lock`.
 * @param options What to do when it is held.
 * @returns The held lock, or (mode `"skip"`) who holds it.
 * @throws {LockHeldError} In mode `"fail"` when held, in mode `"wait"` when the wait times out.
 * @throws {Error} The file system error when the file cannot be opened or locked.
 * @example
 * ```ts
 * import { runOperation } from "../loop/mod.ts";
 * import { acquireLock } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * const result = await runOperation(acquireLock(`${dir}/.corun.lock`, { mode: "skip" }));
 * if (result.acquired) await result.lock.release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function* acquireLock(path: string, options: LockOptions = {}): Operation<LockResult> {
  const mode = options.mode ?? "fail";
  const pollMs = Math.max(1, options.pollMs ?? 250);
  const clock = yield* withLoop((_, loop) => loop.clock);
  const startNowMs = clock.now();
  const deadlineMs = startNowMs + (options.waitTimeoutMs ?? Infinity);
  let toldWait = false;
  for (;;) {
    const holder: LockHolder = {
      pid: Deno.pid,
      startedAt: (toldWait ? undefined : options.startedAt) ??
        new Date(clock.wallNow()).toISOString(),
      hostname: hostnameIfAllowed() ?? "",
      ...(options.config === undefined ? {} : { config: options.config }),
    };
    const attempt = yield* call(
      (signal) => tryLockFile(path, holder, signal, options.onUnrecorded),
      `lock ${path}`,
      (result) => {
        // Cancelled while the attempt was in flight: nobody will receive the lock, so let it go.
        if (result.acquired) result.lock.release().catch(() => {});
      },
    );
    if (attempt.acquired) return attempt;
    if (mode === "skip") return attempt;
    const waitedMs = clock.now() - startNowMs;
    if (mode === "fail" || clock.now() >= deadlineMs) {
      throw new LockHeldError(path, attempt.holder, waitedMs);
    }
    if (!toldWait) options.onWait?.(attempt.holder);
    toldWait = true;
    yield* sleep(Math.min(pollMs, deadlineMs - clock.now()));
  }
}

/**
 * One try: open (creating) the file, try the lock, and on success record ourselves in it. The file is
 * opened confined to its directory: never through a symbolic link, and truncated only once locked.
 */
async function tryLockFile(
  path: string,
  holder: LockHolder,
  signal: AbortSignal,
  onUnrecorded: ((error: unknown) => void) | undefined,
): Promise<LockResult> {
  const file = ConfinedDir.openOwnFileSync(path, { read: true, write: true });
  try {
    if (!(await tryExclusive(file, signal))) {
      file.close();
      return { acquired: false, holder: await readHolderSoon(path, signal) };
    }
    // The file may have been deleted between our open and our lock; a lock on a file no longer at
    // `path` keeps nobody out.
    const [ours, current] = await Promise.all([file.stat(), Deno.stat(path).catch(() => null)]);
    if (ours.ino !== null && ours.ino !== current?.ino) {
      file.close();
      return tryLockFile(path, holder, signal, onUnrecorded);
    }
    await file.truncate(0);
    try {
      await writeAll(file, new TextEncoder().encode(`${JSON.stringify(holder)}\n`));
    } catch (error) {
      // The flock excludes, not the record: keep the lock, and leave no half record to be misread.
      await file.truncate(0).catch(() => {});
      onUnrecorded?.(error);
    }
    return { acquired: true, lock: createRunLock(path, file, holder, registerOwnRunLock(file)) };
  } catch (error) {
    try {
      file.close();
    } catch {
      // Already closed above.
    }
    if (isLockUnsupported(error)) throw new LockUnsupportedError(path, error);
    throw error;
  }
}

/** The run lock's file system has no file locks (some FUSE and SMB mounts, NFS without lockd). */
export class LockUnsupportedError extends Error {
  /** Stable code. */
  readonly code = "LOCK_UNSUPPORTED";

  /**
   * Says which lock cannot be taken, and what to do.
   *
   * @param path The lock file.
   * @param cause The operating system's error.
   */
  constructor(path: string, cause: unknown) {
    super(
      `Cannot take the run lock "${path}": its file system has no file locks (flock); keep the ` +
        "output directory on a file system that has them, or run without --lock",
      { cause },
    );
    this.name = "LockUnsupportedError";
  }
}

/**
 * Tries the exclusive lock. Another run's sweep looks whether a run holds the lock by taking it shared
 * for a moment, which fails an exclusive try just as a holder would; only a holder fails a shared
 * try, so while a shared try succeeds the exclusive one is tried again after a pause.
 */
async function tryExclusive(file: Deno.FsFile, signal: AbortSignal): Promise<boolean> {
  for (let attempt = 1;; attempt++) {
    if (await file.tryLock(true)) return true;
    if (attempt === PROBE_RETRY_ATTEMPTS || !(await file.tryLock(false))) return false;
    await file.unlock();
    if (!(await pause(HOLDER_READ_PAUSE_MS, signal))) return false;
  }
}

function createRunLock(
  path: string,
  file: Deno.FsFile,
  holder: LockHolder,
  forget: () => void,
): RunLock {
  let released: Promise<void> | undefined;
  const release = () =>
    released ??= (async () => {
      try {
        await file.truncate(0);
      } finally {
        forget();
        file.close(); // closing drops the lock
      }
    })();
  return { path, holder, release, [Symbol.asyncDispose]: release };
}

/**
 * Reads who holds the lock at `path`.
 *
 * @param path The lock file.
 * @returns The holder, or undefined when the file is missing, empty, being written, a symbolic link,
 * larger than {@linkcode MAX_LOCK_FILE_BYTES}, or unreadable (Windows locks keep others from
 * reading it).
 */
export async function readHolder(path: string): Promise<LockHolder | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    // Never through a symbolic link: what a link leads to is not a holder's record.
    using file = ConfinedDir.openToReadSync(path);
    bytes = await readCapped(file, MAX_LOCK_FILE_BYTES);
  } catch {
    return undefined;
  }
  if (bytes === undefined) return undefined;
  const text = new TextDecoder().decode(bytes);
  try {
    const value = JSON.parse(text);
    if (
      typeof value?.pid === "number" && typeof value.startedAt === "string" &&
      typeof value.hostname === "string"
    ) {
      const { pid, startedAt, hostname, config } = value;
      return { pid, startedAt, hostname, ...(typeof config === "string" ? { config } : {}) };
    }
  } catch {
    // Empty or half written.
  }
  return undefined;
}

/** Reads the holder, giving one that has just taken the lock a moment to write itself in. */
async function readHolderSoon(
  path: string,
  signal: AbortSignal,
): Promise<LockHolder | undefined> {
  for (let attempt = 1;; attempt++) {
    const holder = await readHolder(path);
    if (holder || attempt === HOLDER_READ_ATTEMPTS) return holder;
    if (!(await pause(HOLDER_READ_PAUSE_MS, signal))) return undefined;
  }
}
