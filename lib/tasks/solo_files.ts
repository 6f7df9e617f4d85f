/**
 * Whose file is at a path, for a run of one writing task, which keeps no claim of each file it saves
 * (a list of a million lines would keep a million: see saved_paths.ts): asked only when a save needs
 * that path as a folder no save of the run needed before. The last {@linkcode RECENT_FILES} paths
 * the task claimed are kept with their URLs, so a save in flight, or one just made, is named; for
 * an older one the disk tells: a file there last written since the run started is taken for the
 * run's own, one from before it is not (the save then meets it as it always did). Costs a fixed
 * Map of recent claims, and one `lstat` per folder no save of the run needed before.
 * @module
 */
import { resolve } from "./deps.ts";

/** A file claimed by a save of the run. */
export interface FileClaim {
  /** The task saving it. */
  readonly task: string;
  /** The URL fetched; undefined for a `ctx.write`. */
  readonly url: string | undefined;
}

/** A file found on disk, last written since the run started: the run's, though not named. */
export const WRITTEN_IN_RUN: unique symbol = Symbol("written in run");

/**
 * Recent claims kept. Enough for every save in flight at once (`concurrency`, in the tens) with many
 * saves made meanwhile, and a list sorted by path (`a/b` just before `a/b/c.html`) names the other
 * URL; a fixed cost (~200 bytes each), whatever the length of the list.
 */
export const RECENT_FILES = 1024;

/**
 * File systems keep times to the second (ext3, HFS+) or two (FAT), and some take them from a clock
 * that lags the process's by a tick: a file the run wrote may seem this much older than its start.
 */
const FILE_TIME_SLACK_MS = 2_000;

/** The files of a run of one writing task: its recent claims, and the disk. */
export class SoloFiles {
  readonly #recent = new Map<string, FileClaim>();
  readonly #outDir: string;
  readonly #writtenSinceMs: number;
  readonly #capacity: number;

  /**
   * @param outDir The output directory, absolute.
   * @param startedAtMs When the run started (epoch ms): a file last written before is not its own.
   * @param capacity Recent claims kept. @default RECENT_FILES
   */
  constructor(outDir: string, startedAtMs: number, capacity = RECENT_FILES) {
    this.#outDir = outDir;
    this.#writtenSinceMs = startedAtMs - FILE_TIME_SLACK_MS;
    this.#capacity = capacity;
  }

  /**
   * Records a claim of `path`, the newest; the oldest kept goes when there are too many.
   *
   * @param path The normalised path.
   * @param claim Who claimed it.
   */
  claimed(path: string, claim: FileClaim): void {
    const recent = this.#recent;
    recent.delete(path);
    recent.set(path, claim);
    if (recent.size > this.#capacity) recent.delete(recent.keys().next().value!);
  }

  /**
   * Forgets a claim whose save failed (no file was committed there).
   *
   * @param path The normalised path.
   * @param task The task that claimed it.
   */
  released(path: string, task: string): void {
    if (this.#recent.get(path)?.task === task) this.#recent.delete(path);
  }

  /**
   * Tells whose file is at `path`.
   *
   * @param path A normalised path, relative to the output directory.
   * @returns A recent claim of it; else {@linkcode WRITTEN_IN_RUN} when the disk has a file there
   *   last written since the run started; else undefined (none, a folder, or a file from before).
   */
  fileAt(path: string): FileClaim | typeof WRITTEN_IN_RUN | undefined {
    const claim = this.#recent.get(path);
    if (claim !== undefined) return claim;
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(resolve(this.#outDir, path));
    } catch {
      return undefined; // nothing there (or out of reach): the save finds out for itself
    }
    // Only a file corun could have written: never a link, which it does not make.
    const writtenMs = info.isFile ? info.mtime?.getTime() : undefined;
    return writtenMs !== undefined && writtenMs >= this.#writtenSinceMs
      ? WRITTEN_IN_RUN
      : undefined;
  }
}
