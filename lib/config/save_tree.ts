/**
 * The paths a config's saves take in the output directory, as files and as the folders on their
 * way, and the first save to take each: so two tasks saving one file, and a path one save needs as
 * a file and another as a folder (`a/b` and `a/b/c.html`), are found when the config loads. The
 * run would fail the second of them with `SAVE_COLLISION` after other fetches (for a file and a
 * folder: lib/tasks/saved_folders.ts). Paths are compared exactly, case included, as the run
 * compares two tasks' saves (lib/tasks/saved_paths.ts).
 *
 * Each file and each folder is one Map entry, with the first save that takes it. A save looks its
 * folders up from the deepest and stops at the first one taken, whose own folders were checked
 * when it was: a path costs a few lookups, never a comparison with every other. Measured: 3.4 MB
 * for 100,000 files each in a folder of its own (their paths aside, which the check keeps anyway).
 * @module
 */
import { KNOWN, lastSeparator, newFoldersOf } from "../tasks/folder_walk.ts";

/** One task's save of a path: its literal `save`, or its template rendered for `url`. */
export interface PathSave {
  /** The task's index in `tasks`. */
  index: number;
  /** The task's name. */
  name: string;
  /** The URL the template is rendered for; undefined for a literal save. */
  url?: string;
  /**
   * The file saved, normalised; undefined for the folder a template saves its files in when the
   * config does not decide their names (`pages/{uuid}`).
   */
  file?: string;
}

/** How a save meets one taken before it. */
export type TreeConflict =
  /** `first` saves the same file, in another task. */
  | { kind: "same"; first: PathSave & { file: string } }
  /** `first` saves as a file (`first.file`) a folder the save needs. */
  | { kind: "inFile"; first: PathSave & { file: string } }
  /** `first` needs as a folder the file saved (for `first.file`, when known). */
  | { kind: "onFolder"; first: PathSave };

/**
 * The paths of one kind (every day's, or today's: see {@linkcode SaveTree.file}), each with its
 * first save: a file's own (its `file` is the path), or that of the first file in the folder.
 */
type Taken = Map<string, PathSave>;

/** The files and folders a config's saves take, by normalised path. */
export class SaveTree {
  /** Paths that do not hold `{date}`'s day: the same every day. */
  readonly #everyDay: Taken = new Map();
  /** Paths that hold today's day: compared only with each other, whose day moves with theirs. */
  readonly #today: Taken = new Map();
  /** The folders a save needs that no save took before it, while it is checked. */
  readonly #newFolders: string[] = [];

  /**
   * Records that `save` writes the file `save.file`, and needs its folders.
   *
   * A path rendered with `{date}` holds today's day from `dayAt` on: what holds it is compared only
   * with other such paths (a literal `2026-03-01.json` is another task's file on that day only: the
   * run checks that day's), what comes before it with every path (`logs/{date}.json` needs the
   * folder `logs` every day).
   *
   * @param save The save, its file normalised (see `relativeInside`).
   * @param dayAt Where `{date}`'s day starts in the file's path; -1 when it holds none.
   * @returns How it meets a save taken before; undefined when it does not (then it is taken). The
   *   same file saved twice by one task is none: the last body stays.
   */
  file(save: PathSave & { file: string }, dayAt = -1): TreeConflict | undefined {
    const path = save.file;
    const taken = this.#takenOf(dayAt, path.length);
    const first = taken.get(path);
    if (first?.file === path) {
      return first.index === save.index ? undefined : { kind: "same", first: fileSave(first) };
    }
    if (first !== undefined) return { kind: "onFolder", first };
    const conflict = this.#needFolders(path, lastSeparator(path), save, dayAt);
    if (conflict === undefined) taken.set(path, save);
    return conflict;
  }

  /**
   * Records that `save` saves files in the folder `path` (and needs the folders on its way).
   *
   * @param path The folder, normalised, without `{date}`'s day.
   * @param save The task.
   * @returns The save that takes it, or a folder on its way, as a file; undefined when none does.
   */
  folder(path: string, save: PathSave): TreeConflict | undefined {
    return this.#needFolders(path, path.length, save, -1);
  }

  /**
   * Checks, then takes, the folders of `path` that end at `deepest` and before it, up to the first
   * one taken before: its own were checked when it was.
   */
  #needFolders(
    path: string,
    deepest: number,
    save: PathSave,
    dayAt: number,
  ): TreeConflict | undefined {
    const folders = this.#newFolders;
    const conflict = newFoldersOf<TreeConflict>(path, deepest, folders, (folder, end) => {
      const first = this.#takenOf(dayAt, end).get(folder);
      if (first === undefined) return undefined;
      return first.file === folder ? { kind: "inFile", first: fileSave(first) } : KNOWN;
    });
    if (conflict !== undefined) return conflict;
    for (const folder of folders) this.#takenOf(dayAt, folder.length).set(folder, save);
    return undefined;
  }

  /** The paths the first `length` characters of a path are compared with. */
  #takenOf(dayAt: number, length: number): Taken {
    return dayAt !== -1 && dayAt < length ? this.#today : this.#everyDay;
  }
}

/** A save taken as a file (its `file` is the path it was taken at). */
function fileSave(save: PathSave): PathSave & { file: string } {
  return save as PathSave & { file: string };
}
