/**
 * Whose file or folder a save met, in a run of one writing task, which keeps no claim of each file
 * it saves nor of the folders they need (a list of a million lines would keep a million: see
 * saved_paths.ts): asked only when a save fails because a folder on its way is a file (`ENOTDIR`)
 * or its path is a folder (`EISDIR`). The paths of the last {@linkcode RECENT_FILES} claims are
 * kept with their URLs, so a save in flight, or one just made, is named; for an older one the disk
 * tells: a file (or a folder) there last written since the run started is taken for the run's own,
 * one from before it is not (the save then fails with the system's error, as it always did). Costs
 * a fixed Map of recent claims; the disk is asked only by a failed save.
 * @module
 */
import { resolve, SEPARATOR } from "./deps.ts";
import type { FolderUser } from "./saved_folders.ts";
import { RECENT_FILES, RecentClaims } from "./recent_claims.ts";

/** A file claimed by a save of the run. */
export interface FileClaim {
  /** The task saving it. */
  readonly task: string;
  /** The URL fetched; undefined for a `ctx.write`. */
  readonly url: string | undefined;
}

/** A file or folder found on disk, last written since the run started: the run's, though not named. */
export const WRITTEN_IN_RUN: unique symbol = Symbol("written in run");

/**
 * File systems keep times to the second (ext3, HFS+) or two (FAT), and some take them from a clock
 * that lags the process's by a tick: a file the run wrote may seem this much older than its start.
 */
const FILE_TIME_SLACK_MS = 2_000;

/**
 * The files of a run of one writing task: its recent claims (claimed, released, and looked up as
 * {@linkcode RecentClaims} does), and the disk.
 */
export class SoloFiles extends RecentClaims<FileClaim> {
  readonly #outDir: string;
  readonly #writtenSinceMs: number;

  /**
   * @param outDir The output directory, absolute.
   * @param startedAtMs When the run started (epoch ms): a file last written before is not its own.
   * @param capacity Recent claims kept. @default RECENT_FILES
   */
  constructor(outDir: string, startedAtMs: number, capacity = RECENT_FILES) {
    super(capacity);
    this.#outDir = outDir;
    this.#writtenSinceMs = startedAtMs - FILE_TIME_SLACK_MS;
  }

  /**
   * Tells whose file is at `path`.
   *
   * @param path A normalised path, relative to the output directory.
   * @returns A recent claim of it; else {@linkcode WRITTEN_IN_RUN} when the disk has a file there
   *   last written since the run started; else undefined (none, a folder, or a file from before).
   */
  fileAt(path: string): FileClaim | typeof WRITTEN_IN_RUN | undefined {
    const held = this.get(path);
    if (held !== undefined) return held;
    // Only a file corun could have written: never a link, which it does not make.
    return this.#writtenInRun(path, false) ? WRITTEN_IN_RUN : undefined;
  }

  /**
   * Tells whose save needs `path` as a folder: a failed save found a folder there.
   *
   * @param path A normalised path, relative to the output directory.
   * @returns The newest recent claim of a file inside it; else {@linkcode WRITTEN_IN_RUN} when the
   *   disk has a folder there written in since the run started; else undefined.
   */
  folderAt(path: string): FolderUser | typeof WRITTEN_IN_RUN | undefined {
    const inside = path + "/";
    const insideAlso = SEPARATOR === "\\" ? path + "\\" : inside;
    let user: FolderUser | undefined;
    // A scan of the recent claims, newest last: only a failed save pays it.
    for (const [file, claim] of this) {
      if (file.startsWith(inside) || file.startsWith(insideAlso)) {
        user = { task: claim.task, url: claim.url, file };
      }
    }
    if (user !== undefined) return user;
    return this.#writtenInRun(path, true) ? WRITTEN_IN_RUN : undefined;
  }

  /** Whether a file (or a folder) is at `path`, last written since the run started. */
  #writtenInRun(path: string, folder: boolean): boolean {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(resolve(this.#outDir, path));
    } catch {
      return false; // nothing there (or out of reach): the save's error says what it met
    }
    const writtenMs = (folder ? info.isDirectory : info.isFile) ? info.mtime?.getTime() : undefined;
    return writtenMs !== undefined && writtenMs >= this.#writtenSinceMs;
  }
}
