/**
 * `--lock`: take the config's run lock before running, and say who holds it when another run does.
 * @module
 */
import { action, type Operation, race, runOperation } from "../loop/mod.ts";
import { acquireLock, type LockHolder, type LockMode, type LockResult } from "../schedule/mod.ts";
import { type RunFiles, shownConfigOf } from "./unattended_files.ts";

/** The lock modes `--lock=MODE` accepts; `--lock` alone means `fail`. */
export const LOCK_MODES: readonly LockMode[] = ["skip", "wait", "fail"];

/**
 * Reads the value of `--lock`.
 *
 * @param value What the parser read: undefined (no flag), true (`--lock`), or the text after `=`.
 * @returns The mode, or undefined when no lock was asked for.
 * @throws {RangeError} When the text is not a mode.
 * @example
 * ```ts
 * import { parseLockMode } from "./lock_step.ts";
 * parseLockMode(true); // "fail"
 * parseLockMode("skip"); // "skip"
 * ```
 */
export function parseLockMode(value: string | boolean | undefined): LockMode | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return "fail";
  const mode = LOCK_MODES.find((candidate) => candidate === value);
  if (mode === undefined) {
    throw new RangeError(
      `Cannot read --lock: expected skip, wait or fail, got "${value}" (write --lock=MODE)`,
    );
  }
  return mode;
}

/** Options of {@linkcode takeLock}. */
export interface TakeLockOptions {
  /** What to do when the lock is held. */
  mode: LockMode;
  /** Aborting it gives up waiting. */
  signal: AbortSignal;
  /** The config whose run takes the lock (`RunFiles.configId`), written into the lock file. */
  config?: string;
  /** In mode `"wait"`, told once when the lock is found held: who holds it. */
  onWait?: (holder: LockHolder | undefined) => void;
}

/**
 * Takes the lock at `path`, waiting (mode `"wait"`) until it is free or `signal` aborts.
 *
 * @param path The lock file.
 * @param options The mode, the signal, and whose run takes it.
 * @returns The lock result, or `"aborted"` when `signal` aborted first.
 * @throws {LockHeldError} In mode `"fail"` when it is held.
 * @throws {Error} The file system error when the file cannot be opened or locked.
 */
export function takeLock(path: string, options: TakeLockOptions): Promise<LockResult | "aborted"> {
  const { mode, signal, config, onWait } = options;
  return runOperation(
    race<LockResult | "aborted">([
      acquireLock(path, { mode, config, onWait }),
      whenAborted(signal),
    ]),
    { name: "lock" },
  );
}

/**
 * Says who holds a lock: `pid 4242 since 2026-11-25T10:00:00.000Z` (with the host when known).
 *
 * @param holder From the lock file; undefined when it could not be read.
 * @returns A short phrase.
 */
export function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return "holder unknown";
  const host = holder.hostname === "" ? "" : ` on ${holder.hostname}`;
  return `pid ${holder.pid}${host} since ${holder.startedAt}`;
}

/**
 * Names the run that holds a lock when it is another config's (configs that share an output
 * directory share its lock): `a run of /srv/corun/other.yaml`.
 *
 * @param holder From the lock file; undefined when it could not be read.
 * @param files The files of the config that found the lock held.
 * @returns The phrase; undefined when the holder runs this config too, or its lock file does not
 * say which (written by an older corun).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { otherConfigRun } from "./lock_step.ts";
 * const files = { outDir: "/srv/out", lockPath: "", historyPath: "", configId: "../a.yaml" };
 * const holder = { pid: 42, startedAt: "2026-11-25T10:00:00.000Z", hostname: "" };
 * assertEquals(otherConfigRun({ ...holder, config: "../o.yaml" }, files), "a run of /srv/o.yaml");
 * assertEquals(otherConfigRun({ ...holder, config: "../a.yaml" }, files), undefined);
 * assertEquals(otherConfigRun(holder, files), undefined);
 * ```
 */
export function otherConfigRun(
  holder: LockHolder | undefined,
  files: RunFiles,
): string | undefined {
  const theirs = holder?.config;
  if (theirs === undefined || theirs === files.configId) return undefined;
  return `a run of ${shownConfigOf(theirs, files.outDir)}`;
}

function whenAborted(signal: AbortSignal): Operation<"aborted"> {
  return action<"aborted">((resolve) => {
    if (signal.aborted) return resolve("aborted");
    const onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
    return () => signal.removeEventListener("abort", onAbort);
  }, "interrupt");
}
