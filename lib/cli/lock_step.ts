/**
 * `--lock`: take the config's run lock before running, and say who holds it when another run does.
 * @module
 */
import { unreadableFlag, unusableFlag } from "./flag_problem.ts";
import { closestName, formatMs, messageOf, race, runOperation, whenAborted } from "../loop/mod.ts";
import {
  acquireLock,
  LockHeldError,
  type LockHolder,
  type LockMode,
  type LockResult,
  type RunLock,
} from "../schedule/mod.ts";
import { parseDurationFlag } from "./duration_flag.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import type { NotStarted } from "./not_started.ts";
import type { LockShare } from "./schedule_lock_share.ts";
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
    // `--lock skp` is named by the parser (the word is an extra argument there); `--lock=skp` here.
    const suggestion = closestName(value, LOCK_MODES);
    const hint = suggestion === undefined
      ? "write --lock=MODE"
      : `did you mean --lock=${suggestion}?`;
    throw new RangeError(
      unreadableFlag("--lock", `expected skip, wait or fail, got "${value}" (${hint})`),
    );
  }
  return mode;
}

/**
 * Reads `--lock-timeout`, which limits how long `--lock=wait` waits.
 *
 * @param text The flag's value; undefined when it was not given.
 * @param mode The lock mode `--lock` asked for: the flag means something only with `wait`.
 * @returns Milliseconds, or undefined (wait as long as it takes) when the flag was not given.
 * @throws {RangeError} When the text is not a duration, or the mode is not `wait`.
 * @example
 * ```ts
 * import { parseLockTimeout } from "./lock_step.ts";
 * parseLockTimeout("10m", "wait"); // 600_000
 * parseLockTimeout(undefined, "wait"); // undefined
 * ```
 */
export function parseLockTimeout(
  text: string | undefined,
  mode: LockMode | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDurationFlag("--lock-timeout", text);
  // Ignored in silence, it would read as a limit that holds.
  if (mode !== "wait") {
    const fix = mode === undefined ? "give --lock=wait too" : `--lock=${mode} does not wait`;
    throw new RangeError(unusableFlag(
      "--lock-timeout without --lock=wait",
      `it limits how long --lock=wait waits for the lock; ${fix}`,
    ));
  }
  return ms;
}

/** Options of {@linkcode takeLock}. */
export interface TakeLockOptions {
  /** What to do when the lock is held. */
  mode: LockMode;
  /** Aborting it gives up waiting. */
  signal: AbortSignal;
  /** The config whose run takes the lock (`RunFiles.configId`), written into the lock file. */
  config?: string;
  /** The run's start (ISO 8601), written into the lock file. @default when it is taken */
  startedAt?: string;
  /** In mode `"wait"`, told once when the lock is found held: who holds it. */
  onWait?: (holder: LockHolder | undefined) => void;
  /** In mode `"wait"`, give up after this long (`LockHeldError`). @default Infinity */
  waitTimeoutMs?: number;
  /** Told when the lock is taken but who holds it could not be written into its file. */
  onUnrecorded?: (error: unknown) => void;
}

/**
 * Takes the lock at `path`, waiting (mode `"wait"`) until it is free or `signal` aborts.
 *
 * @param path The lock file.
 * @param options The mode, the signal, and whose run takes it.
 * @returns The lock result, or `"aborted"` when `signal` aborted first.
 * @throws {LockHeldError} In mode `"fail"` when it is held, in mode `"wait"` when the wait runs out.
 * @throws {Error} The file system error when the file cannot be opened or locked.
 */
export function takeLock(path: string, options: TakeLockOptions): Promise<LockResult | "aborted"> {
  const { mode, signal, config, startedAt, onWait, waitTimeoutMs, onUnrecorded } = options;
  return runOperation(
    race<LockResult | "aborted">([
      acquireLock(path, { mode, config, startedAt, onWait, waitTimeoutMs, onUnrecorded }),
      whenAborted(signal, "aborted", "interrupt"),
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
 * const files = { outDir: "/srv/out", configId: "../a.yaml" };
 * const holder = { pid: 42, startedAt: "2026-11-25T10:00:00.000Z", hostname: "" };
 * assertEquals(otherConfigRun({ ...holder, config: "../o.yaml" }, files), "a run of /srv/o.yaml");
 * assertEquals(otherConfigRun({ ...holder, config: "../a.yaml" }, files), undefined);
 * assertEquals(otherConfigRun(holder, files), undefined);
 * ```
 */
export function otherConfigRun(
  holder: LockHolder | undefined,
  files: Pick<RunFiles, "configId" | "outDir">,
): string | undefined {
  const theirs = holder?.config;
  if (theirs === undefined || theirs === files.configId) return undefined;
  return `a run of ${shownConfigOf(theirs, files.outDir)}`;
}

/** The lock a run takes, and how messages name its config. */
export interface RunLockRequest {
  path: string;
  mode: LockMode;
  /** `--lock-timeout`: how long mode `"wait"` waits before the run is refused as `"fail"` would be. */
  waitTimeoutMs?: number | undefined;
  /** Runs of one `overlap: allow` schedule hold the lock together. */
  share?: LockShare | undefined;
  /** The config's files: whose run holds the lock is told from them. */
  files: RunFiles;
  /** How messages name the config (the path as given). */
  label: string;
  /** The run's start (ISO 8601), written into the lock file as its holder's. */
  startedAt?: string;
}

/** How {@linkcode lockOrRefusal} waits and speaks. */
export interface LockOrRefusalOptions {
  /** Aborting it gives up waiting. */
  signal: AbortSignal;
  /** Says a line about the lock; `toStderr` for an error (a skip is no error: not on stderr). */
  note: (text: string, toStderr?: boolean) => void;
  /** Says a warning: the lock was taken, but its file could not say who holds it. */
  warn: (message: string) => void;
}

/**
 * Takes a run's lock, or says why the run does not start: the lock is held (exit 0 for `skip`,
 * with `skipped` for the history; 75 for `fail`, and for `wait` past its `waitTimeoutMs`), waiting
 * was interrupted (130), or the lock file cannot be used (1). Each is said once through `note`; `wait` also says whom it waits for.
 *
 * @param request The lock and the config's files.
 * @param options The signal and where lines go.
 * @returns The held lock, or why the run did not start.
 */
export async function lockOrRefusal(
  request: RunLockRequest,
  options: LockOrRefusalOptions,
): Promise<RunLock | NotStarted> {
  const { path, mode, share, files, label, waitTimeoutMs, startedAt } = request;
  const { signal, note, warn } = options;
  const refuse = (refusal: NotStarted, toStderr: boolean): NotStarted => {
    note(refusal.message, toStderr);
    return refusal;
  };
  const known = (holder: LockHolder | undefined) => holder === undefined ? {} : { holder };
  /** Who held the lock when the wait began: a wait cut short names the run it waited for. */
  let waitedFor: LockHolder | undefined;
  try {
    // A wait may be long (a cron log would otherwise show nothing until the run starts): said once.
    const limit = waitTimeoutMs === undefined ? "" : ` (at most ${formatMs(waitTimeoutMs)})`;
    const onWait = (holder: LockHolder | undefined) => {
      waitedFor = holder;
      const other = otherConfigRun(holder, files) ?? "another run";
      const held = `${other} holds it (${describeHolder(holder)})`;
      note(`Waiting for the lock of "${label}"${limit}: ${held}`);
    };
    // The flock keeps other runs out all the same; they only cannot say who holds it.
    const onUnrecorded = (error: unknown) =>
      warn(
        `Cannot write who holds the lock into "${path}": ${messageOf(error)}; the lock is held ` +
          "all the same (other runs see an unknown holder)",
      );
    const take = () =>
      takeLock(path, {
        mode,
        signal,
        config: files.configId,
        startedAt,
        onWait,
        waitTimeoutMs,
        onUnrecorded,
      });
    const result = await (share ? share.take(path, take) : take());
    if (result === "aborted") {
      // Said, as a run cut short says it was: the run never started, so nothing else will.
      const message = `Interrupted while waiting for the lock of "${label}" (${path}): not run`;
      return refuse({
        reason: "interrupted",
        exitCode: EXIT_CODES.interrupted,
        message,
        ...known(waitedFor),
      }, true);
    }
    if (result.acquired) return result.lock;
    const other = otherConfigRun(result.holder, files);
    const held = `holds the lock (${describeHolder(result.holder)})`;
    return refuse({
      reason: "locked",
      exitCode: EXIT_CODES.ok,
      message: `${other ?? `another run of ${label}`} ${held}`,
      ...known(result.holder),
      skipped: `${other ?? "another run"} ${held}`,
    }, false);
  } catch (error) {
    if (error instanceof LockHeldError) {
      const other = otherConfigRun(error.holder, files) ?? "another run";
      const held = `holds the lock (${describeHolder(error.holder)})`;
      // Only --lock-timeout ends a wait without the lock.
      const waited = mode === "wait" && waitTimeoutMs !== undefined
        ? `, still after ${formatMs(waitTimeoutMs)} (--lock-timeout)`
        : "";
      return refuse({
        reason: "locked",
        exitCode: EXIT_CODES.locked,
        message: `Cannot run "${label}": ${other} ${held}${waited}`,
        ...known(error.holder),
      }, true);
    }
    const message = `Cannot run "${label}": cannot take the lock "${path}": ${messageOf(error)}`;
    return refuse({ reason: "lock-error", exitCode: EXIT_CODES.taskFailed, message }, true);
  }
}
