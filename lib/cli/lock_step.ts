/**
 * `--lock`: take the config's run lock before running, and say who holds it when another run does.
 * @module
 */
import { action, type Operation, race, runOperation } from "../loop/mod.ts";
import { acquireLock, type LockHolder, type LockMode, type LockResult } from "../schedule/mod.ts";

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

/**
 * Takes the lock at `path`, waiting (mode `"wait"`) until it is free or `signal` aborts.
 *
 * @param path The lock file.
 * @param mode What to do when it is held.
 * @param signal Aborting it gives up waiting.
 * @returns The lock result, or `"aborted"` when `signal` aborted first.
 * @throws {LockHeldError} In mode `"fail"` when it is held.
 * @throws {Error} The file system error when the file cannot be opened or locked.
 */
export function takeLock(
  path: string,
  mode: LockMode,
  signal: AbortSignal,
): Promise<LockResult | "aborted"> {
  return runOperation(
    race<LockResult | "aborted">([acquireLock(path, { mode }), whenAborted(signal)]),
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

function whenAborted(signal: AbortSignal): Operation<"aborted"> {
  return action<"aborted">((resolve) => {
    if (signal.aborted) return resolve("aborted");
    const onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
    return () => signal.removeEventListener("abort", onAbort);
  }, "interrupt");
}
