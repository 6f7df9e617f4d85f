/**
 * Whose file is at a path, for a run of one writing task, which keeps no claim of each file it saves
 * (a list of a million lines would keep a million: see saved_paths.ts): asked only when a save needs
 * that path as a folder no save of the run needed before. The last {@linkcode RECENT_FILES} paths
 * the task claimed are kept with their URLs, so a save in flight, or one just made, is named; an
 * older one is met by the save as the system meets it. Costs a fixed Map of recent claims.
 * @module
 */

/** A file claimed by a save of the run. */
export interface FileClaim {
  /** The task saving it. */
  readonly task: string;
  /** The URL fetched; undefined for a `ctx.write`. */
  readonly url: string | undefined;
}

/**
 * Recent claims kept. Enough for every save in flight at once (`concurrency`, in the tens) with many
 * saves made meanwhile, and a list sorted by path (`a/b` just before `a/b/c.html`) names the other
 * URL; a fixed cost (~200 bytes each), whatever the length of the list.
 */
export const RECENT_FILES = 1024;

/** The files of a run of one writing task: its recent claims. */
export class SoloFiles {
  readonly #recent = new Map<string, FileClaim>();
  readonly #capacity: number;

  /** @param capacity Recent claims kept. @default RECENT_FILES */
  constructor(capacity = RECENT_FILES) {
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
   * @returns A recent claim of it; else undefined.
   */
  fileAt(path: string): FileClaim | undefined {
    return this.#recent.get(path);
  }
}
