/**
 * The one list of a run's own files, which no task may save over: the run refuses a save onto one
 * (saved_paths.ts), and the config check refuses a `save` that names one (lib/config
 * save_collisions.ts), from this same list, so `check` and `plan` pass no `save` a run would refuse
 * only after fetching.
 * @module
 */
import { STATE_FILE_NAME } from "../sinks/mod.ts";
import { filesConfigReads } from "./config_reads.ts";
import { resolve } from "./deps.ts";
import {
  HISTORY_FILE_NAME,
  HISTORY_FILE_ROLE,
  landingInside,
  LOCK_FILE_NAME,
  METADATA_LOG_ROLE,
  metadataLogClash,
  type OwnFile,
  OwnFiles,
  RUN_LOCK_ROLE,
  STATE_FILE_ROLE,
} from "./own_files.ts";
import type { ConfigSpec } from "./spec.ts";

/** Where a run puts its files, and what of them its options change. */
export interface RunFilesAt {
  /** Where the config's relative paths resolve (`configBaseDir`). */
  baseDir: string;
  /** The output directory, absolute. */
  outDir: string;
  /** `RunOptions.state`: another state file, or none. @default `<outDir>/.corun-state.json` */
  state?: string | false;
  /**
   * Checksums files and URL lists a task of the run saves, read where `--out` put them
   * (config_reads.ts).
   */
  movedDownloads?: ReadonlyMap<string, string>;
}

/**
 * corun's files in a run of `config`: the files the config reads (config_reads.ts: the config
 * itself, the cookie jar, secret files, URL lists, CA, body and checksums files, which a server
 * that named a download after one would choose for the next run), and its files in the output
 * directory ({@linkcode outDirOwnFiles}).
 *
 * @param config The run's config.
 * @param at Where its files are.
 * @returns The files, absolute, the first of two that are one file saying what it is.
 */
export function runOwnFiles(config: ConfigSpec, at: RunFilesAt): OwnFile[] {
  return [
    ...filesConfigReads(config, at.baseDir, at.movedDownloads),
    ...outDirOwnFiles(at.outDir, config.metadata, at.state),
  ];
}

/**
 * corun's files in the output directory of a run: the metadata log, the state file, the run
 * history and the run lock (these two also in a run that opens neither: the next run may, and a
 * library run's folder may be the command line's). The config check knows these from the config as
 * written, before it knows the files the config reads.
 *
 * @param outDir The output directory, absolute.
 * @param metadata The metadata log (`ConfigSpec.metadata`), or false.
 * @param state `RunOptions.state`: another state file, or none. @default `<outDir>/.corun-state.json`
 * @returns The files, absolute.
 */
export function outDirOwnFiles(
  outDir: string,
  metadata: string | false,
  state?: string | false,
): OwnFile[] {
  const files: OwnFile[] = [];
  if (metadata) files.push({ path: resolve(outDir, metadata), role: METADATA_LOG_ROLE });
  if (state !== false) {
    files.push({ path: state ?? resolve(outDir, STATE_FILE_NAME), role: STATE_FILE_ROLE });
  }
  files.push({ path: resolve(outDir, HISTORY_FILE_NAME), role: HISTORY_FILE_ROLE });
  files.push({ path: resolve(outDir, LOCK_FILE_NAME), role: RUN_LOCK_ROLE });
  return files;
}

/**
 * Why a run of `config` cannot keep its metadata log where the config puts it: the log is another
 * of the run's own files ({@linkcode runOwnFiles}: the config file, a secret file, the cookie jar,
 * a URL list, the state file, ...), inside one or on its way, or in corun's own directory. The
 * config check refuses it at `metadata`, and the output check where `--out` moves it.
 *
 * @param config The run's config.
 * @param at Where its files are.
 * @returns What is wrong (see `metadataLogClash`); undefined when nothing is, or the log leaves
 *   the output directory (the output check's to say).
 */
export function metadataLogProblem(config: ConfigSpec, at: RunFilesAt): string | undefined {
  if (config.metadata === false) return undefined;
  const landing = landingInside(at.outDir, resolve(at.outDir, config.metadata));
  if (landing === undefined) return undefined;
  const others = runOwnFiles({ ...config, metadata: false }, at);
  return metadataLogClash(landing, new OwnFiles(at.outDir, others));
}
