/**
 * Marks of runs whose state is not saved yet. The state is saved once, when a run ends; a run killed
 * outright (SIGKILL, the OOM killer) never saves it, but its metadata lines say what it fetched. So
 * a run that keeps both makes `<run id>.unsaved` beside its metadata file's archives
 * (`.corun/metadata/`, see `metadataArchiveDirOf`) before its first metadata line is written, holds
 * the mark's exclusive OS lock while it runs (taken before the mark appears under its name), and
 * removes the mark once its state is saved (and its folders, left empty). A mark no process holds is a run that ended without
 * saving its state: the next run of its config takes it over (holding its lock, so two runs never
 * both replay it), replays that run's lines into its own state (`state_recovery.ts`), and removes it
 * once that state is saved; killed too, it lets the mark go with its lock, for the run after it.
 *
 * A mark says which config made it (`{"config":"../a.yaml"}`, as `configIdOf` names it, like the
 * marks of `.corun/running/`): configs sharing the metadata file replay only the lines of their own
 * tasks, so a run of another config would find nothing of that run's to recover and settle its mark
 * all the same. A mark naming no config (of a config made in code, or of an earlier corun), or a
 * run of such a config, counts for every config (`isRunOfConfig`).
 *
 * A run that ended normally leaves no mark, so its lines are never read again; nor does a preview
 * (`--virtual-time`), which never saves the state, nor a run killed before its first line (there is
 * nothing of it to recover). On a file system without locks a mark cannot be held: every mark counts as
 * a run that ended, and one of a run still going has its lines so far replayed (they describe files
 * on disk) and its mark removed.
 * @module
 */
import {
  type ConfinedDir,
  isFileAtSync,
  relativeInside,
  type TempFile,
  writeAllSync,
} from "../sinks/mod.ts";
import { lockOrUnsupportedSync, tryLockSync } from "../sinks/file_lock.ts";
import { readCappedSync } from "../loop/mod.ts";
import { isRunOfConfig } from "./config_id.ts";
import { resolve } from "./deps.ts";
import { isArchiveName, metadataArchiveDirOf } from "./metadata_rotation.ts";
import { createOwnTempSync, removeEmptyOwnDirs } from "./own_dir.ts";
import { isRunId } from "./run_id.ts";

/** How a mark's name ends, after its run's id. */
const MARK_SUFFIX = ".unsaved";

/** The largest mark read, fixed: a mark is a line naming a config; a bigger file is none of corun's. */
const MAX_MARK_BYTES = 64 * 1024;

/** The marks of one metadata file, as one run takes, makes and removes them. */
export class UnsavedRuns {
  /** The output directory. */
  readonly outDir: string;
  /** The metadata file, relative to the output directory (normalised). */
  readonly metadataPath: string;
  readonly #runId: string;
  /** The run's config, as the output directory's files name it; undefined for one made in code. */
  readonly #config: string | undefined;
  /** Where the marks are, relative to the output directory. */
  readonly #markDir: string;
  /** Marks of runs that ended unsaved, held by this run until its state is saved. */
  readonly #taken = new Map<string, Deno.FsFile>();
  /** When the earliest mark taken over was made: no archive made before it holds its run's lines. */
  #takenSinceMs = Infinity;
  #own: Deno.FsFile | undefined;
  #within: ConfinedDir | undefined;

  /**
   * @param outDir The output directory.
   * @param metadata The metadata file, relative to it (as a config names it).
   * @param runId The run.
   * @param config The run's config, as `configIdOf` names it; undefined for a config made in code
   *   (its mark names none, and it takes every config's).
   * @throws {ConfinementError} When `metadata` leaves the output directory.
   */
  constructor(outDir: string, metadata: string, runId: string, config?: string) {
    this.outDir = outDir;
    this.metadataPath = relativeInside(outDir, metadata);
    this.#runId = runId;
    this.#config = config;
    this.#markDir = metadataArchiveDirOf(this.metadataPath);
  }

  /**
   * Takes over the marks no process holds of this run's config: its runs that ended without saving
   * their state. Another config's are left for that config's next run.
   *
   * @param within The output directory, opened (asked for only when there is a mark).
   * @returns Their ids, oldest first; none (and nothing opened) when there is no mark.
   */
  takeEnded(within: () => ConfinedDir): string[] {
    const ids: string[] = [];
    try {
      for (const entry of Deno.readDirSync(resolve(this.outDir, this.#markDir))) {
        const id = entry.isFile && entry.name.endsWith(MARK_SUFFIX)
          ? entry.name.slice(0, -MARK_SUFFIX.length)
          : undefined;
        if (isRunId(id) && id !== this.#runId) ids.push(id);
      }
    } catch {
      return []; // No folder (no run marked one), or none to read: nothing to recover.
    }
    if (ids.length === 0) return [];
    try {
      this.#within = within();
    } catch {
      return []; // The folder could be listed but the directory not opened: left for a next run.
    }
    for (const id of ids.sort()) {
      const mark = this.#takeIfUnheld(id);
      if (mark === undefined) continue;
      this.#taken.set(id, mark);
      this.#takenSinceMs = Math.min(this.#takenSinceMs, madeAtMs(mark));
    }
    return [...this.#taken.keys()];
  }

  /**
   * The files that may hold the lines of the runs {@linkcode takeEnded} returned, oldest first: the
   * metadata file's archives made since the earliest of their marks, then the file itself. A run
   * that wrote to the file after one of them archived its lines there: a config without state, or a
   * run that recovered them and was killed before its own save (a preview archives nothing: its
   * lines follow theirs in the file).
   *
   * @returns Paths relative to the output directory.
   */
  linesFiles(): string[] {
    const archives: { name: string; madeAtMs: number }[] = [];
    const dir = resolve(this.outDir, this.#markDir);
    try {
      for (const entry of Deno.readDirSync(dir)) {
        if (!entry.isFile || !isArchiveName(entry.name)) continue;
        // A file system without times: read it, rather than miss lines.
        const madeAtMs = Deno.statSync(resolve(dir, entry.name)).mtime?.getTime() ?? Infinity;
        if (madeAtMs >= this.#takenSinceMs) archives.push({ name: entry.name, madeAtMs });
      }
    } catch {
      // No folder (nothing archived), or an archive gone meanwhile (pruned): the file stands.
    }
    archives.sort((a, b) => a.madeAtMs - b.madeAtMs || (a.name < b.name ? -1 : 1));
    return [...archives.map(({ name }) => `${this.#markDir}/${name}`), this.metadataPath];
  }

  /**
   * Opens one of the {@linkcode linesFiles} to read.
   *
   * @param path The file, relative to the output directory.
   * @returns The file, or undefined when there is none.
   * @throws {ConfinementError} Or the file system error.
   */
  openLines(path: string): Deno.FsFile | undefined {
    try {
      return this.#within!.openFileSync(path, { read: true, create: false });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  /**
   * Marks this run unsaved, before its first metadata line is written. A mark that cannot be made
   * (a folder that cannot be written) leaves the run unmarked: killed, its state is not recovered.
   *
   * @param within The output directory, as the metadata log opened it.
   */
  mark(within: ConfinedDir): void {
    if (this.#own !== undefined) return;
    this.#within ??= within;
    const path = this.#markPath(this.#runId);
    let temp: TempFile | undefined;
    try {
      // Locked under a temporary name, then named a mark: a run starting meanwhile never finds it
      // unheld. Taken for a run that ended, its lock would stop this one here for that whole run,
      // and its end would remove the mark.
      temp = createOwnTempSync(within, path);
      lockOrUnsupportedSync(temp.file, true);
      const config = this.#config === undefined ? {} : { config: this.#config };
      try {
        writeAllSync(temp.file, new TextEncoder().encode(`${JSON.stringify(config)}\n`));
      } catch {
        // A full disk: marked all the same, empty, which counts for every config.
      }
      within.commitSync(temp, path);
      this.#own = temp.file;
    } catch {
      if (temp !== undefined) discardTemp(within, temp);
    }
  }

  /**
   * The run's state is saved, or could not be: with it saved, this run's mark and the marks it
   * took over go (their lines are in the state now), then their folders once left empty (see
   * `own_dir.ts`); else they stay, let go, for the next run.
   *
   * @param saved Whether the state is saved.
   */
  settle(saved: boolean): void {
    const marks = [...this.#taken];
    if (this.#own !== undefined) marks.push([this.#runId, this.#own]);
    this.#taken.clear();
    this.#own = undefined;
    for (const [id, file] of marks) {
      try {
        // Removed while held: no run sees it let go before it is gone.
        if (saved) this.#within!.removeFileSync(this.#markPath(id));
      } catch {
        // Left in place (the file system refused): at worst the next run replays those lines again.
      } finally {
        file.close();
      }
    }
    if (saved && marks.length > 0) removeEmptyOwnDirs(this.#within!, this.#markDir);
  }

  /**
   * The mark of run `id`, held by this run now; undefined when another process holds it, or it is
   * another config's.
   */
  #takeIfUnheld(id: string): Deno.FsFile | undefined {
    let file: Deno.FsFile | undefined;
    try {
      // For writing too: NFS grants an exclusive lock only to a file open for writing.
      file = this.#within!.openFileSync(this.#markPath(id), {
        read: true,
        write: true,
        create: false,
      });
      // A run that saved its state removes its mark while holding it: one opened just before that
      // is unheld once removed, and no run that ended.
      const path = resolve(this.outDir, this.#markPath(id));
      if (
        tryLockSync(file, true) !== "busy" && isFileAtSync(file, path) &&
        isRunOfConfig({ config: configOfMark(file) }, this.#config)
      ) {
        return file;
      }
    } catch {
      // Gone meanwhile (another run settled it), or not a file corun made: not taken.
    }
    file?.close();
    return undefined;
  }

  #markPath(id: string): string {
    return `${this.#markDir}/${id}${MARK_SUFFIX}`;
  }
}

/**
 * The config a mark names; undefined when it names none (an earlier corun's empty mark), or cannot be
 * read as one: counted for every config, so its lines are recovered rather than left for none.
 */
function configOfMark(mark: Deno.FsFile): string | undefined {
  const bytes = readCappedSync(mark, MAX_MARK_BYTES);
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const config = JSON.parse(new TextDecoder().decode(bytes))?.config;
    return typeof config === "string" ? config : undefined;
  } catch {
    return undefined;
  }
}

/** When a mark was made (written only before it is named): its modification time; 0 when none. */
function madeAtMs(mark: Deno.FsFile): number {
  try {
    return mark.statSync().mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
}

/** Closes and removes a mark's temporary that could not be put in place; best effort. */
function discardTemp(within: ConfinedDir, temp: TempFile): void {
  temp.file.close();
  try {
    within.removeTempSync(temp);
  } catch {
    // Left for a later run's sweep of temporaries.
  }
}
