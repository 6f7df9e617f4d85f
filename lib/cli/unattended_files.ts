/**
 * Where a config's unattended-run files live: the lock and the run history, in its output directory.
 * @module
 */
import { HISTORY_FILE_NAME, LOCK_FILE_NAME } from "../schedule/mod.ts";
import type { ConfigSpec } from "../tasks/mod.ts";
import { join, resolve } from "./deps.ts";

/** The files of one config's runs. */
export interface RunFiles {
  /** The output directory, absolute. */
  outDir: string;
  /** `<outDir>/.corun.lock`. */
  lockPath: string;
  /** `<outDir>/.corun-history.jsonl`. */
  historyPath: string;
}

/**
 * Finds the output directory the runner will use (as lib/tasks resolves it: relative to the config
 * file's directory, or to the working directory for a config from a URL or from code) and the files in it.
 *
 * @param config The validated config.
 * @param outDirOverride The `--out` directory, if given.
 * @returns Absolute paths.
 * @example
 * ```ts
 * import { runFilesOf } from "./unattended_files.ts";
 * const files = runFilesOf({ outDir: "out", source: "/srv/corun/tasks/a.yaml" } as never);
 * files.lockPath; // "/srv/corun/tasks/out/.corun.lock"
 * ```
 */
export function runFilesOf(config: ConfigSpec, outDirOverride?: string): RunFiles {
  const baseDir = config.source && !config.source.includes("://")
    ? resolve(config.source, "..")
    : Deno.cwd();
  const outDir = resolve(baseDir, outDirOverride ?? config.outDir);
  return {
    outDir,
    lockPath: join(outDir, LOCK_FILE_NAME),
    historyPath: join(outDir, HISTORY_FILE_NAME),
  };
}

/**
 * The lock of a task's own schedule: `<outDir>/.corun-task-<name>.lock`, so a task's fires and the
 * whole config's fires do not keep each other out, while two fires of one schedule never overlap.
 *
 * @param files The config's files.
 * @param taskName The scheduled task.
 * @returns The lock path.
 */
export function taskLockPath(files: RunFiles, taskName: string): string {
  return join(files.outDir, `.corun-task-${encodeURIComponent(taskName)}.lock`);
}
