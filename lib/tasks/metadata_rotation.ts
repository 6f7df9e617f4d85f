/**
 * Retention of the metadata log: the file a config names (`corun.jsonl`) holds the latest run's lines;
 * when a new run writes its first line there, the earlier run's file is first copied to
 * `.corun/metadata/<run id>.jsonl` and emptied, and archives beyond `keepRuns` (the file itself
 * counts as one) are removed, oldest first. Another metadata file (`metadata: logs/a.jsonl`) has
 * its archives in a folder of its own, `.corun/metadata/logs/a.jsonl/`, so that the `keepRuns` of
 * one config sharing the output directory never prunes the runs of another. Every step goes through
 * the output directory's `ConfinedDir`, under the file's exclusive lock; the archive appears whole,
 * by a link that never replaces another file (on a file system without hard links, a rename onto a
 * free name), so a crash leaves either no archive (the file is still whole, the next run archives
 * it) or a whole one (the next run copies the file again, to a second name, before emptying it: a
 * duplicate, never a loss).
 * @module
 */
import { ConfinedDir, writeAllSync } from "../sinks/mod.ts";
import { lockOrUnsupportedSync } from "../sinks/file_lock.ts";
import { errnoOf, problemOf } from "../sinks/os_error.ts";
import { createOwnTempSync, removeEmptyOwnDirs } from "./own_dir.ts";
import { OWN_DIR } from "./own_files.ts";
import { isRunId } from "./run_id.ts";

/** Runs whose metadata is kept when a config does not say (`keepRuns`). */
export const DEFAULT_KEEP_RUNS = 30;

/** Where archived runs' metadata goes, relative to the output directory. */
export const METADATA_ARCHIVE_DIR = `${OWN_DIR}/metadata`;

/**
 * The metadata file a config names when it gives none (`metadata`); its archives are in
 * `METADATA_ARCHIVE_DIR` itself.
 */
export const DEFAULT_METADATA_FILE = "corun.jsonl";

/**
 * The folder a metadata file's archives go to: `.corun/metadata/` for `corun.jsonl`, and a folder
 * named by its path below it for any other, so each file's archives are counted (and pruned) apart.
 *
 * @example
 * ```ts
 * import { metadataArchiveDirOf } from "./metadata_rotation.ts";
 * metadataArchiveDirOf("logs/a.jsonl"); // ".corun/metadata/logs/a.jsonl"
 * ```
 * @param relativePath The metadata file, relative to the output directory (normalised).
 * @returns The folder, relative to the output directory.
 */
export function metadataArchiveDirOf(relativePath: string): string {
  return relativePath === DEFAULT_METADATA_FILE
    ? METADATA_ARCHIVE_DIR
    : `${METADATA_ARCHIVE_DIR}/${relativePath}`;
}

/**
 * An archive's name: a run id, or `<start stamp>-legacy` for a file written before run ids; `.2`,
 * `.3`… when that name is taken (runs that overlapped share the file, whose first line names it).
 * Group 1 is the run the archive is of.
 */
const ARCHIVE_NAME = /^(\d{8}T\d{9}Z-(?:[0-9a-f]{8}|legacy))(?:\.\d+)?\.jsonl$/;

/**
 * Whether `name` is that of an archive in an archive folder (see {@linkcode metadataArchiveDirOf}).
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isArchiveName } from "./metadata_rotation.ts";
 * assert(isArchiveName("20261125T100000123Z-3f9a1c2b.2.jsonl") && !isArchiveName("a.unsaved"));
 * ```
 * @param name A file name.
 * @returns True for `<run id>.jsonl`, `<run id>.2.jsonl`…
 */
export function isArchiveName(name: string): boolean {
  return ARCHIVE_NAME.test(name);
}

/** Bytes read to find the run id on a file's first line (a metadata line is a few hundred bytes). */
const FIRST_LINE_BYTES = 64 * 1024;
const COPY_CHUNK_BYTES = 256 * 1024;

/** Options of {@linkcode rotateMetadata}. */
export interface RotateMetadataOptions {
  /**
   * Runs once the earlier lines are copied, before their archive is put in place and the file
   * emptied (the file still locked): a seam for tests of what another writer or another rotation
   * does at that moment.
   */
  afterCopy?: () => void;
}

/**
 * Archives the metadata file when it holds another run's lines, then prunes old archives. The whole
 * look, copy and emptying holds the file's exclusive OS lock, which every writer of the file takes
 * for each batch of lines (see `LineFile`): a line another run appends meanwhile waits, and lands in
 * the emptied file instead of being emptied away; and two runs that start at once archive in turn
 * (the second finds the first's lines, or nothing).
 *
 * @param dir The output directory.
 * @param relativePath The metadata file, relative to it.
 * @param runId The run about to write to it.
 * @param keepRuns How many runs' metadata to keep, this run's included (at least 1).
 * @param options A seam for tests.
 * @throws {ConfinementError} Or the file system error; the metadata file is then left as it was.
 */
export function rotateMetadata(
  dir: ConfinedDir,
  relativePath: string,
  runId: string,
  keepRuns: number,
  options: RotateMetadataOptions = {},
): void {
  const archiveDir = metadataArchiveDirOf(relativePath);
  let file: Deno.FsFile;
  try {
    file = dir.openFileSync(relativePath, { read: true, write: true, create: false });
  } catch {
    // Missing: nothing to archive. Unopenable: the log's own open says why, once.
    return;
  }
  try {
    // On a file system without locks it archives unlocked, as it can (its writers cannot lock
    // either); any other failure of the lock leaves the file as it is.
    lockOrUnsupportedSync(file, true);
    const info = file.statSync();
    if (info.size === 0) return;
    const owner = firstLineRunId(file);
    if (owner === runId) return;
    const archiveId = owner ?? `${stampOf(info.mtime ?? new Date())}-legacy`;
    archive(dir, file, { archiveDir, archiveId }, options.afterCopy);
    file.truncateSync(0);
  } finally {
    file.close(); // and with it the lock
  }
  pruneArchives(dir, archiveDir, Math.max(0, keepRuns - 1));
}

/**
 * `{"runId":"…"` as corun starts every metadata line: read from the line's start, so a first line
 * longer than `FIRST_LINE_BYTES` (large response headers) still names its run.
 */
const RUN_ID_FIRST = /^\{"runId":"([^"\\]*)"/;

/** The `runId` of the file's first line, when it has one. */
function firstLineRunId(file: Deno.FsFile): string | undefined {
  const buffer = new Uint8Array(FIRST_LINE_BYTES);
  file.seekSync(0, Deno.SeekMode.Start);
  const read = file.readSync(buffer) ?? 0;
  const text = new TextDecoder().decode(buffer.subarray(0, read));
  const written = RUN_ID_FIRST.exec(text)?.[1];
  if (isRunId(written)) return written;
  // A line written otherwise (by hand, or by a tool that reordered its keys).
  const newline = text.indexOf("\n");
  if (newline < 0) return undefined;
  try {
    const runId = JSON.parse(text.slice(0, newline))?.runId;
    return isRunId(runId) ? runId : undefined;
  } catch {
    return undefined;
  }
}

/** An archive to make: in which folder (relative to the output directory), for which run. */
interface ArchiveName {
  archiveDir: string;
  archiveId: string;
}

/**
 * Copies the whole file to a temporary, flushed to the disk, and puts it in place as a new archive
 * (see {@linkcode placeAsNewArchive}).
 */
function archive(
  dir: ConfinedDir,
  file: Deno.FsFile,
  name: ArchiveName,
  afterCopy: (() => void) | undefined,
): void {
  const firstChoice = `${name.archiveDir}/${name.archiveId}.jsonl`;
  const temp = createOwnTempSync(dir, firstChoice);
  try {
    try {
      copyAll(file, temp.file);
      // On disk before the log is emptied: a power cut must not leave both empty (once a run).
      temp.file.syncDataSync();
    } finally {
      temp.file.close();
    }
    afterCopy?.();
    dir.inDirOfSync(firstChoice, () => placeAsNewArchive(temp.name, name));
  } finally {
    dir.removeTempSync(temp);
  }
}

/** Copies the file from its start to its end (nobody appends: the caller holds its lock). */
function copyAll(file: Deno.FsFile, to: Deno.FsFile): void {
  const buffer = new Uint8Array(COPY_CHUNK_BYTES);
  file.seekSync(0, Deno.SeekMode.Start);
  for (let read = file.readSync(buffer); read !== null; read = file.readSync(buffer)) {
    writeAllSync(to, buffer.subarray(0, read));
  }
}

/**
 * Gives the temporary `tempName` the name `<id>.jsonl`, or `<id>.2.jsonl`… when that is taken,
 * never replacing a file, so an archive made a moment ago (by a run without the file's lock, where
 * the file system has none) stays whole. Runs inside `ConfinedDir.inDirOfSync`
 * of the archive directory (never the output directory's top), whose step has the process in that
 * checked directory: bare names are the archive directory's.
 *
 * @throws {Error} Naming the archive (relative to the output directory) and the problem.
 */
function placeAsNewArchive(tempName: string, { archiveDir, archiveId }: ArchiveName): void {
  for (let n = 1;; n++) {
    const name = n === 1 ? `${archiveId}.jsonl` : `${archiveId}.${n}.jsonl`;
    try {
      placeIfFree(tempName, name);
      return;
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) continue;
      throw new Error(
        `the archive "${archiveDir}/${name}" cannot be made: ${problemOf(error)}`,
        { cause: error },
      );
    }
  }
}

/** Errno names of a hard link on a file system that has none (vfat, exFAT, some SMB and FUSE). */
const NO_HARD_LINKS = new Set(["EPERM", "ENOSYS", "ENOTSUP", "EOPNOTSUPP"]);

/**
 * Gives `tempName` the name `name` unless it is taken (`AlreadyExists`): by a link, which never
 * replaces a file. Without hard links, by a rename once the name is seen free: a rename replaces
 * what is there, so between the look and the rename the no-replace guarantee rests on the metadata
 * file's exclusive lock, which every corun rotating it holds (two rotations of different metadata
 * files whose first lines name the same run are not kept apart there).
 */
function placeIfFree(tempName: string, name: string): void {
  try {
    Deno.linkSync(tempName, name);
    return;
  } catch (error) {
    if (!NO_HARD_LINKS.has(errnoOf(error) ?? "")) throw error;
  }
  if (existsHere(name)) throw new Deno.errors.AlreadyExists(name);
  Deno.renameSync(tempName, name);
}

function existsHere(name: string): boolean {
  try {
    Deno.lstatSync(name);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Removes the archives of the oldest runs in `archiveDir` beyond `keep` runs (names sort by start
 * time). A run's parts (`<id>.jsonl`, `<id>.2.jsonl`…) count as one run and go or stay together, so
 * no run is kept with its later lines pruned. A folder left empty goes (see `own_dir.ts`).
 */
function pruneArchives(dir: ConfinedDir, archiveDir: string, keep: number): void {
  const partsByRun = new Map<string, string[]>();
  try {
    for (const entry of Deno.readDirSync(`${dir.realPath}/${archiveDir}`)) {
      const run = entry.isFile ? ARCHIVE_NAME.exec(entry.name)?.[1] : undefined;
      if (run === undefined) continue;
      const parts = partsByRun.get(run);
      if (parts) parts.push(entry.name);
      else partsByRun.set(run, [entry.name]);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  const runs = [...partsByRun.keys()].sort();
  const pruned = runs.slice(0, Math.max(0, runs.length - keep));
  for (const run of pruned) {
    for (const name of partsByRun.get(run)!) dir.removeFileSync(`${archiveDir}/${name}`);
  }
  if (pruned.length > 0) removeEmptyOwnDirs(dir, archiveDir); // `keepRuns: 1` keeps no archive
}

/** `20261125T100000123Z`: the time part of a run id. */
function stampOf(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, "");
}
