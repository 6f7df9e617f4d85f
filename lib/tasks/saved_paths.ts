/**
 * Which task saves each file of a run, so a second task whose `save` renders a path already saved
 * in the run fails, naming both, instead of silently replacing the first task's body. Costs one Map
 * entry per saved file: ~29 bytes measured for the entry (the value is the task's own name string)
 * plus the path string (~16 bytes and its length), so ~8 MB for 100,000 paths of 40 characters.
 * Paths with `{uuid}` (never the same) or `{sha256}` (the same path is the same bytes) are not
 * recorded.
 * @module
 */
import { normalizeRelative, ownFileRole } from "./own_files.ts";

/** A task's body would replace a file another task (or corun itself) has in this run. */
export class SaveCollisionError extends Error {
  /** Stable code. */
  readonly code = "SAVE_COLLISION";
  /** The path both render, relative to the output directory. */
  readonly path: string;

  /**
   * @param path The path, relative to the output directory.
   * @param taskName The task that would replace it.
   * @param owner Whose it is: `task "x"`, or one of corun's own files.
   */
  constructor(path: string, taskName: string, owner: string) {
    super(
      `Cannot save "${path}" for task "${taskName}": ${owner} saves to that path in this run; ` +
        "give the tasks save templates that render different paths",
    );
    this.name = "SaveCollisionError";
    this.path = path;
  }
}

/** The files the tasks of one run save, by path. */
export class SavedPaths {
  readonly #owners = new Map<string, string>();
  readonly #metadata: string | undefined;

  /** @param metadata The config's metadata file (relative), or undefined for none. */
  constructor(metadata: string | undefined) {
    this.#metadata = metadata === undefined ? undefined : normalizeRelative(metadata);
  }

  /**
   * Records that `taskName` saves to `relative`, before its body is read.
   *
   * @param relative The rendered path, relative to the output directory.
   * @param taskName The task saving it.
   * @returns `relative`, to {@linkcode release} should the save fail.
   * @throws SaveCollisionError when another task saves there in this run, or it is corun's own file.
   */
  claim(relative: string, taskName: string): string {
    const owner = this.#owners.get(relative);
    if (owner === taskName) return relative;
    if (owner !== undefined) throw new SaveCollisionError(relative, taskName, `task "${owner}"`);
    const role = ownFileRole(relative, this.#metadata);
    if (role !== undefined) throw new SaveCollisionError(relative, taskName, role);
    this.#owners.set(relative, taskName);
    return relative;
  }

  /**
   * Gives a path back when its task's save failed (no file was committed there).
   *
   * @param relative A path {@linkcode claim} returned.
   * @param taskName The task that claimed it.
   */
  release(relative: string, taskName: string): void {
    if (this.#owners.get(relative) === taskName) this.#owners.delete(relative);
  }
}

/**
 * Tells whether the paths a template renders are worth recording.
 *
 * @param template A `save` template.
 * @returns False for templates with `{uuid}` or `{sha256}`, which cannot collide in a harmful way.
 */
export function mayCollide(template: string): boolean {
  return !template.includes("{uuid}") && !template.includes("{sha256}");
}
