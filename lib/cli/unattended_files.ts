/**
 * Where a config's unattended-run files live: the lock and the run history, in its output directory;
 * and how those files name the config, since configs may share an output directory.
 * @module
 */
import { HISTORY_FILE_NAME, LOCK_FILE_NAME } from "../schedule/mod.ts";
import { configIdOf, configOutDir, type ConfigSpec } from "../tasks/mod.ts";
import { hasUrlScheme } from "../net/mod.ts";
import { STDIN_SOURCE } from "../config/mod.ts";
import { fnv1a } from "../sinks/mod.ts";
import { join, resolve } from "./deps.ts";

/** The files of one config's runs. */
export interface RunFiles {
  /** The output directory, absolute. */
  outDir: string;
  /** `<outDir>/.corun.lock`. */
  lockPath: string;
  /** `<outDir>/.corun-history.jsonl`. */
  historyPath: string;
  /** The metadata log (`<outDir>/corun.jsonl`, or the config's `metadata`), or undefined without. */
  metadataPath: string | undefined;
  /**
   * How the history lines and the lock name the config (`configIdOf`); undefined for a config
   * without a source (made in code), whose lines then count for every config.
   */
  configId: string | undefined;
}

/**
 * Finds the output directory the runner will use (as lib/tasks resolves it: relative to the config
 * file's directory, of a `file:` URL too, or to the working directory for a config from an `http:`
 * URL or from code) and the files in it.
 *
 * @param config The validated config.
 * @param outDirOverride The `--out` directory, if given.
 * @returns Absolute paths.
 * @example
 * ```ts
 * import { runFilesOf } from "./unattended_files.ts";
 * const config = { outDir: "out", metadata: "corun.jsonl", source: "/srv/corun/tasks/a.yaml" };
 * const files = runFilesOf(config as never);
 * files.lockPath; // "/srv/corun/tasks/out/.corun.lock"
 * files.metadataPath; // "/srv/corun/tasks/out/corun.jsonl"
 * ```
 */
export function runFilesOf(config: ConfigSpec, outDirOverride?: string): RunFiles {
  const outDir = configOutDir(config, outDirOverride);
  return {
    outDir,
    lockPath: join(outDir, LOCK_FILE_NAME),
    historyPath: join(outDir, HISTORY_FILE_NAME),
    metadataPath: config.metadata === false ? undefined : resolve(outDir, config.metadata),
    configId: config.source === undefined ? undefined : configIdOf(config.source, outDir),
  };
}

/**
 * A config named by {@linkcode configIdOf}, as messages show it: a path made absolute again, a URL
 * and `<stdin>` as they are.
 *
 * @param configId The name in the output directory's files.
 * @param outDir The absolute output directory.
 * @returns The path or URL.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shownConfigOf } from "./unattended_files.ts";
 * assertEquals(shownConfigOf("../a.yaml", "/srv/corun/out"), "/srv/corun/a.yaml");
 * assertEquals(shownConfigOf("https://x.org/c.yaml", "/srv/out"), "https://x.org/c.yaml");
 * ```
 */
export function shownConfigOf(configId: string, outDir: string): string {
  return hasUrlScheme(configId) || configId === STDIN_SOURCE ? configId : resolve(outDir, configId);
}

/** What a file name may hold, in bytes, on the usual file systems (`NAME_MAX`). */
const MAX_FILE_NAME_BYTES = 255;
/** The most of a long task name's encoded start kept in its lock's name: enough to recognise it. */
const LOCK_NAME_PREFIX_CHARS = 64;

/**
 * The lock of a task's own schedule: `<outDir>/.corun-task-<name>.lock`, so a task's fires and the
 * whole config's fires do not keep each other out, while two fires of one schedule never overlap.
 * The name is percent-encoded (a task name may hold `/`); one whose file name would pass the 255
 * bytes a file name may have (about 238 ASCII characters, 26 CJK ones) is cut to its start plus
 * `+` and a hash of the whole name, so it still has a lock of its own. A `+` is always encoded in
 * a name kept whole, so a cut name never takes the file of another task's name.
 *
 * @param files The config's files.
 * @param taskName The scheduled task.
 * @returns The lock path.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { runFilesOf, taskLockPath } from "./unattended_files.ts";
 * const files = runFilesOf({ outDir: "out", metadata: false, source: "/srv/a.yaml" } as never);
 * assertEquals(taskLockPath(files, "daily copy"), "/srv/out/.corun-task-daily%20copy.lock");
 * assertEquals(taskLockPath(files, "x".repeat(300)).length, "/srv/out/".length + 90);
 * ```
 */
export function taskLockPath(files: RunFiles, taskName: string): string {
  const encoded = encodeURIComponent(taskName); // ASCII: one byte a character
  const whole = `.corun-task-${encoded}.lock`;
  if (whole.length <= MAX_FILE_NAME_BYTES) return join(files.outDir, whole);
  let prefix = "";
  for (const char of taskName) { // whole characters: never half a %XX
    const next = prefix + encodeURIComponent(char);
    if (next.length > LOCK_NAME_PREFIX_CHARS) break;
    prefix = next;
  }
  return join(files.outDir, `.corun-task-${prefix}+${fnv1a(taskName)}.lock`);
}
