/**
 * The one way corun creates, opens, appends to and replaces files under an output directory, so that
 * nothing it writes lands outside, whatever symbolic links are there or appear during the run.
 *
 * Deno has neither `openat` nor `O_NOFOLLOW`, so every operation is one synchronous step: change into
 * the file's directory, ask the kernel where the process now is (`getcwd` reports the real place,
 * whatever links the path went through), refuse unless that is inside the output directory's real
 * path (taken once, when the run starts: the directory itself and its ancestors are trusted), do the
 * operation on the bare file name, and change back. A directory swapped for a link at any moment is
 * either seen (the step refuses) or not taken (the operation happens in the directory that was
 * checked). At the file itself: new files are made with `createNew` (which never follows a link), an
 * existing file is opened without create or truncate and must be the very file `lstat` saw (device and
 * inode), and a rename replaces a link instead of following it.
 *
 * Two runs may write into one output directory at once. A temporary written through an open file
 * (a streamed body, a flushed one) holds a lock while it is open: shared, or exclusive for a named
 * partial's writer. A file another process may be writing is removed only with its exclusive lock,
 * taken without waiting, so the sweep of a killed run's leftovers and the discard of a kept partial
 * never remove a file that is being written through a lock. A small body written whole in one step
 * takes no lock, nor does a temporary kept closed between attempts: the sweep takes only
 * temporaries last changed before its run started, and none this process keeps. On Windows, where a
 * shared lock refuses the writes of its own holder, and on file systems without locks (see
 * `file_lock.ts`), that age is all that tells.
 * @module
 */
import { isGranted } from "../loop/mod.ts";
import { ConfinementError, relativeInside } from "./confine.ts";
import { basename, dirname, isAbsolute, join, relative, resolve, SEPARATOR } from "./deps.ts";
import { lockOrUnsupportedSync, type LockOutcome, tryLockSync } from "./file_lock.ts";
import { isTempName, tempNameFor } from "../http/temp_name.ts";
import { writeAllSync } from "./write_all.ts";

/** Where a temporary made by a {@linkcode ConfinedDir} is, for its commit or removal. */
export interface TempName {
  /** Its directory, relative to the output directory (`.` for the top). */
  readonly dir: string;
  /** Its name in that directory. */
  readonly name: string;
  /**
   * Device and inode of that directory, to know it again at the commit; empty for a temporary made
   * inside an enclosing step (see `inStep`).
   */
  readonly dirKey: string;
  /**
   * The enclosing step (`ConfinedDir.inDirOfSync`) it was made in, if any: it is committed or removed
   * within that step, whose directory needs no second look; after it, it cannot be committed.
   */
  readonly inStep?: number;
  /**
   * Device and inode of the file itself, for a temporary whose name another process may use too
   * (a kept partial): it is committed or removed only while its name still refers to it.
   */
  readonly fileKey?: string;
}

/**
 * A temporary file made by {@linkcode ConfinedDir.createTempSync} or opened by
 * {@linkcode ConfinedDir.openTempSync}, open for writing and locked until it is closed.
 */
export interface TempFile extends TempName {
  /** The open file; write through it, close it before the commit. */
  readonly file: Deno.FsFile;
}

/** How {@linkcode ConfinedDir.openTempSync} opens a kept temporary. */
export interface OpenTempOptions {
  /** Make it (and its directories) when missing: a named partial's first use. */
  create: boolean;
  /**
   * Hold an exclusive lock instead of a shared one, so that no other process writes it too (a named
   * partial).
   */
  exclusive: boolean;
  /**
   * Where it will be committed, when beside it: one made takes the permission bits of the file
   * there, as `createTempSync` does.
   */
  finalPath?: string;
}

/**
 * A temporary that another process removed, or put another file in the place of, while corun wrote
 * it: it is not committed, so nothing of another's bytes lands at the final path.
 */
export class TempReplacedError extends Error {
  /** Stable code. */
  readonly code = "TEMP_REPLACED";

  /**
   * @param path The final path, relative to the output directory.
   * @param tempPath The temporary, relative to the output directory.
   */
  constructor(path: string, tempPath: string) {
    super(
      `Cannot save ${JSON.stringify(path)}: its temporary ${
        JSON.stringify(tempPath)
      } was removed or replaced by another process while corun wrote it; nothing was saved`,
    );
    this.name = "TempReplacedError";
  }
}

/** How {@linkcode ConfinedDir.createFilledTempSync} makes a temporary. */
export interface FilledTempOptions {
  /** Permission bits (before the umask). @default 0o666 */
  mode?: number;
  /** Flush the content to the disk before closing it. @default false */
  sync?: boolean;
}

/** How {@linkcode ConfinedDir.openFileSync} opens a file. */
export interface ConfinedOpenOptions {
  /** Open for reading. */
  read?: boolean;
  /** Open for writing (never truncated: truncate through the handle once it is checked). */
  write?: boolean;
  /** Open for appending. */
  append?: boolean;
  /** Make the file (and its directories) when missing. @default true */
  create?: boolean;
  /** Permission bits of a new file (before the umask). @default 0o666 */
  mode?: number;
}

/** Lock files of this process's own runs (`dev:ino`), which do not keep this process from sweeping. */
const ownRunLocks = new Set<string>();

/**
 * Records that this process holds a run lock, so its own lock does not stop its own sweep.
 *
 * @param file The locked lock file.
 * @returns Call it when the lock is released.
 */
export function registerOwnRunLock(file: Deno.FsFile): () => void {
  const key = fileKey(file.statSync());
  ownRunLocks.add(key);
  return () => ownRunLocks.delete(key);
}

/** Names of run lock files in an output directory (`corun run --lock`, a task's own schedule). */
const RUN_LOCK_NAME = /^\.corun(-task-.*)?\.lock$/s;

/**
 * Attempts at making a directory whose folders another run keeps removing once empty (see
 * `removeEmptyDirSync`): each failed attempt is one such removal, made between two steps.
 */
const MAX_MAKE_ATTEMPTS = 5;

/** Directories remembered as swept, at most (a few MB of names). */
const SWEPT_DIRS_KEPT = 65_536;

/**
 * Names of the files found in swept directories remembered, at most, all together (a few MB): a
 * directory holding more than the room left is remembered without them, and each save there looks
 * for a file it replaces (one `lstat`).
 */
const NAMES_KEPT = 100_000;

/** The names a directory this run made held: none. */
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * An output directory, as one run writes to it. Paths are relative to it; absolute paths inside it
 * are taken too.
 *
 * @example
 * ```ts
 * import { ConfinedDir } from "./confined_dir.ts";
 * const dir = await Deno.makeTempDir();
 * const out = ConfinedDir.openSync(dir);
 * out.openFileSync("a/b.txt", { write: true }).close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class ConfinedDir {
  /** The directory as given, absolute. */
  readonly path: string;
  /** Its real path when the run started: the trust anchor. */
  readonly realPath: string;
  /**
   * When the run started (epoch ms), for a directory that sweeps: corun's temporaries last changed
   * before it that no process holds open are a killed run's leftovers. Undefined: this directory
   * does not sweep.
   */
  readonly sweepBeforeMs: number | undefined;
  readonly #realPrefix: string;
  /**
   * Each directory swept, with the names of the files it held then (corun's temporaries aside): a
   * save there looks for a file it replaces, to keep its permission bits (`#modeToKeep`), only when
   * its name is among them, so a first download costs no look. Undefined names: not known (past
   * `NAMES_KEPT`, or the read failed), and each save there looks.
   */
  readonly #sweptDirs = new Map<string, ReadonlySet<string> | undefined>();
  /** Names held in `#sweptDirs`, all together. */
  #namesKept = 0;
  /** The working directory the last step stepped back to, its read access checked. */
  #home: string | undefined;
  /** The directory (relative) the process is in during a step, checked; undefined between steps. */
  #steppedInto: string | undefined;
  /** The step under way (a number of its own), for the temporaries made inside it. */
  #step: number | undefined;
  /** Steps made so far: the next one's number follows. */
  #steps = 0;
  /** The file of an `inDirOfSync` step under way, as given, and as `relative` makes it. */
  #stepPath: string | undefined;
  #stepRelativePath = "";
  #maySweep: boolean | undefined;
  /**
   * What names in the step's directory are prefixed with: empty when the process changed into it,
   * the real path (with a separator) during a step at the top, which needs no change (see `#within`).
   */
  #here = "";

  readonly #sweptDirsKept: number;

  private constructor(
    path: string,
    realPath: string,
    sweepBeforeMs: number | undefined,
    sweptDirsKept = SWEPT_DIRS_KEPT,
  ) {
    this.path = path;
    this.realPath = realPath;
    this.sweepBeforeMs = sweepBeforeMs;
    this.#sweptDirsKept = sweptDirsKept;
    this.#realPrefix = realPath.endsWith(SEPARATOR) ? realPath : realPath + SEPARATOR;
  }

  /**
   * Makes the directory if needed and takes its real path, once.
   *
   * @param path The output directory.
   * @param sweepBeforeMs For an instance of a run that sweeps (the results' `OutputDir`, the
   * metadata log's, the run's mark's, the state's and the cookie jar's): when the run started. Each
   * directory it first steps into loses corun's temporaries last changed before then that no
   * process holds open, unless another process holds a run lock of this output directory.
   * @param sweptDirsKept Directories remembered as swept, at most. @default SWEPT_DIRS_KEPT
   * @returns The directory.
   * @throws {Error} The file system error when it cannot be made.
   */
  static openSync(
    path: string,
    sweepBeforeMs?: number,
    sweptDirsKept: number = SWEPT_DIRS_KEPT,
  ): ConfinedDir {
    const absolute = resolve(path);
    Deno.mkdirSync(absolute, { recursive: true });
    return new ConfinedDir(absolute, Deno.realPathSync(absolute), sweepBeforeMs, sweptDirsKept);
  }

  /**
   * Opens a file confined to its own directory (see `openFileSync`): for the files kept beside the
   * results (run lock, history, state), whose directory is the trusted output directory itself.
   *
   * @param path The file, absolute or relative to the working directory.
   * @param options Access, and whether to create.
   * @returns The open file.
   */
  static openOwnFileSync(path: string, options: ConfinedOpenOptions): Deno.FsFile {
    const absolute = resolve(path);
    // Errors name the whole path: the directory is the caller's, not one the user configured.
    return ConfinedDir.openSync(dirname(absolute)).#openFile(basename(absolute), options, absolute);
  }

  /**
   * Opens an existing regular file for reading, confined to its own directory like
   * `openOwnFileSync`, and makes nothing (neither the file nor its directory): for reading the run
   * history and a run lock's holder.
   *
   * @param path The file, absolute or relative to the working directory.
   * @returns The file, open for reading.
   * @throws {Deno.errors.NotFound} When the file or its directory does not exist.
   * @throws {ConfinementError} When the file is a symbolic link (wherever it leads) or not a regular
   * file.
   */
  static openToReadSync(path: string): Deno.FsFile {
    const absolute = resolve(path);
    const dir = dirname(absolute);
    return new ConfinedDir(dir, Deno.realPathSync(dir), undefined)
      .#openFile(basename(absolute), { read: true, create: false }, absolute);
  }

  /**
   * Checks a path by its text and makes it relative to the directory.
   *
   * @param path Relative to the directory, or absolute inside it.
   * @returns The normalised relative path.
   * @throws {ConfinementError} When it leaves the directory or is not a file path.
   */
  relative(path: string): string {
    // The file of an enclosing step (`inDirOfSync`) was checked as the step began.
    if (path === this.#stepPath) return this.#stepRelativePath;
    return relativeInside(this.path, isAbsolute(path) ? relative(this.path, path) : path);
  }

  /**
   * Makes a new temporary file (corun's temporary naming) in the directory `path` will be in.
   *
   * @param path Where the file will be committed.
   * @param mode Permission bits. @default those of the file at `path` it will replace (see
   * `#modeToKeep`), else 0o666
   * @returns The open temporary.
   */
  createTempSync(path: string, mode?: number): TempFile {
    return this.#createTemp(path, mode === undefined, (name, kept) => {
      const file = kept !== undefined // looked for only when no mode was given
        ? this.#createWithMode(name, kept, path)
        : Deno.openSync(this.#at(name), { ...TEMP_ACCESS, createNew: true, mode: mode ?? 0o666 });
      try {
        holdWhileOpen(file);
      } catch (error) {
        file.close(); // `#createTemp` removes the file: this handle is nobody else's to close
        throw error;
      }
      return file;
    }) as TempFile;
  }

  /**
   * Makes a new temporary holding `bytes`, closed (flushed to the disk first when asked): a whole
   * small file, ready for `commitSync`. With the default mode and no flush it is one runtime call,
   * not the three of an open file (a fifth of a small file's cost).
   *
   * @param path Where the file will be committed.
   * @param bytes The whole content.
   * @param options Permission bits and durability.
   * @returns The temporary, for `commitSync` or `removeTempSync`.
   * @throws {Error} The file system error; a temporary made but not filled is removed.
   */
  createFilledTempSync(path: string, bytes: Uint8Array, options: FilledTempOptions = {}): TempName {
    return this.#createTemp(path, options.mode === undefined, (name, kept) => {
      const mode = options.mode ?? kept ?? 0o666;
      // `Deno.writeFileSync` with a mode sets it past the umask: a kept one exactly, in the same one
      // call; a mode asked for goes through open.
      if ((options.mode ?? 0o666) === 0o666 && !options.sync) {
        Deno.writeFileSync(
          this.#at(name),
          bytes,
          kept === undefined ? CREATE_NEW : { createNew: true, mode },
        );
        return undefined;
      }
      const file = Deno.openSync(this.#at(name), { ...TEMP_ACCESS, createNew: true, mode });
      try {
        holdWhileOpen(file); // a flush to the disk may take long
        writeAllSync(file, bytes);
        if (options.sync) file.syncDataSync();
      } finally {
        file.close();
      }
      return undefined;
    });
  }

  /**
   * Makes a temporary by `make(name, kept)` in the checked directory of `path`; one `make` fails to
   * fill (a full disk) is removed. Inside an enclosing step the temporary lives no longer than that
   * step: no sweep can meet it, and the directory needs no key (a stat each, a sixth of a small
   * file's cost). `kept`: the permission bits of the file at `path` it will replace, if any (see
   * `#modeToKeep`), when `keepsMode` (the caller gave no mode of its own: no look for one then).
   * `make` returns the temporary's open file, or undefined when it leaves it closed.
   */
  #createTemp(
    path: string,
    keepsMode: boolean,
    make: (name: string, kept: number | undefined) => Deno.FsFile | undefined,
  ): TempName & { file: Deno.FsFile | undefined } {
    const relativePath = this.relative(path);
    const dir = dirOf(relativePath);
    // In an enclosing step into this directory (a whole small file), no step of its own: `#within`
    // would run this at once, and its closure is not made.
    if (this.#steppedInto === dir) {
      return this.#createHere(relativePath, dir, this.#step, keepsMode, make);
    }
    return this.#within(
      relativePath,
      dir,
      true,
      () => this.#createHere(relativePath, dir, undefined, keepsMode, make),
    );
  }

  /** `#createTemp` in the checked directory `dir`, inside the step `inStep` if any. */
  #createHere(
    relativePath: string,
    dir: string,
    inStep: number | undefined,
    keepsMode: boolean,
    make: (name: string, kept: number | undefined) => Deno.FsFile | undefined,
  ): TempName & { file: Deno.FsFile | undefined } {
    const finalName = nameOf(relativePath);
    const name = tempNameFor(finalName);
    const dirKey = inStep ? "" : fileKey(Deno.statSync(this.#at(".")));
    let file: Deno.FsFile | undefined;
    try {
      file = make(name, keepsMode ? this.#modeToKeep(dir, finalName) : undefined);
    } catch (error) {
      // Made but not filled: not left behind. Another's file of that name: not ours to remove.
      if (!(error instanceof Deno.errors.AlreadyExists)) removeQuietly(this.#at(name));
      throw this.#placeError(relativePath, error);
    }
    if (!inStep) liveTemps.add(`${dirKey}/${name}`);
    return { file, dir, name, dirKey, inStep };
  }

  /**
   * The permission bits of the regular file at `name` in the checked `dir`, which a save there will
   * replace: the new file takes them, as curl and wget keep them writing over a file in place (a
   * file made private, `chmod 600`, stays so when the server changes it). Looked for only when
   * the directory held that name when first swept, or is not known: a first download costs nothing.
   * Undefined when there is none, or the look fails (the save goes on with the default mode).
   */
  #modeToKeep(dir: string, name: string): number | undefined {
    const names = this.#sweptDirs.get(dir);
    if (names !== undefined && !names.has(name)) return undefined;
    try {
      const seen = Deno.lstatSync(this.#at(name));
      return seen.isFile && seen.mode !== null ? seen.mode & 0o777 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Makes the new file `name` with exactly the permission bits `mode` (past the umask, as
   * `Deno.writeFileSync` sets them; an open's mode would lose what the umask takes), then opens it
   * for reading and writing as an existing file: the very file made, never through a link put there
   * meanwhile. A mode that does not let its owner read and write (`chmod 444`) goes to the open
   * itself, which could not open the file made otherwise (the umask may take bits from it there).
   */
  #createWithMode(name: string, mode: number, shown: string): Deno.FsFile {
    if ((mode & 0o600) !== 0o600) {
      return Deno.openSync(this.#at(name), { ...TEMP_ACCESS, createNew: true, mode });
    }
    Deno.writeFileSync(this.#at(name), EMPTY, { createNew: true, mode });
    return this.#openHere(name, TEMP_ACCESS, false, shown, "save");
  }

  /**
   * Renames a closed temporary into place (replacing a file, or a link itself, at `path`).
   *
   * @param temp From `createTempSync` or `createFilledTempSync`.
   * @param path Where, relative to the directory.
   * @returns The absolute final path.
   */
  commitSync(temp: TempName, path: string): string {
    const relativePath = this.relative(path);
    const dir = dirOf(relativePath);
    // In an enclosing step into this directory, `#within` would run it at once (see `#createTemp`).
    if (this.#steppedInto === dir) this.#commitHere(temp, relativePath, dir);
    else this.#within(relativePath, dir, true, () => this.#commitHere(temp, relativePath, dir));
    return this.#absolute(relativePath);
  }

  /** `commitSync` in the checked directory `dir`. */
  #commitHere(temp: TempName, relativePath: string, dir: string): void {
    if (
      temp.inStep
        ? temp.inStep !== this.#step
        : temp.dir === dir && fileKey(Deno.statSync(this.#at("."))) !== temp.dirKey
    ) {
      throw this.#dirReplaced(relativePath);
    }
    // Another directory's temporary is named through the trusted real path; only the
    // destination must be where the check stands, and it is.
    const from = temp.dir === dir ? this.#at(temp.name) : join(this.realPath, temp.dir, temp.name);
    if (temp.fileKey !== undefined && keyAt(from) !== temp.fileKey) {
      throw new TempReplacedError(relativePath, join(temp.dir, temp.name));
    }
    try {
      Deno.renameSync(from, this.#at(nameOf(relativePath)));
    } catch (error) {
      throw this.#placeError(relativePath, error);
    }
    if (!temp.inStep) liveTemps.delete(`${temp.dirKey}/${temp.name}`);
  }

  /**
   * Removes a temporary. One whose directory has meanwhile been moved or swapped is left for a later
   * run's sweep rather than removed through a link; one whose name now refers to another file (see
   * `fileKey`) is left to that file's owner.
   *
   * @param temp From `createTempSync`, `createFilledTempSync` or `openTempSync`.
   */
  removeTempSync(temp: TempName): void {
    liveTemps.delete(`${temp.dirKey}/${temp.name}`);
    this.#removeIfThere(temp.dir, temp.name, temp.fileKey);
  }

  /**
   * Removes a file (a symbolic link itself, never its target). One already gone, or whose directory
   * leads outside or was moved meanwhile, is left as it is.
   *
   * @param path The file, relative to the directory.
   */
  removeFileSync(path: string): void {
    const relativePath = this.relative(path);
    this.#removeIfThere(dirname(relativePath), basename(relativePath));
  }

  /**
   * Removes a file another process may hold open (a kept partial body) only while holding its
   * exclusive lock, taken without waiting: never one another open file holds, as a writer's lock
   * (shared on a temporary, exclusive on a named partial) refuses it. Anything else at the name (a
   * symbolic link) is removed as `removeFileSync` would; one already gone counts as removed.
   *
   * @param path The file, relative to the directory.
   * @param before Runs just before the removal, under the lock and in the file's directory (to
   * remove a record beside it first); also when the file is gone already.
   * @returns False when another open file holds it: nothing was removed. True otherwise, also when
   * the directory is gone or leads outside (nothing is removed through a link), and on a file system
   * without locks, where nothing can hold it (see `file_lock.ts`).
   */
  removeUnheldSync(path: string, before?: () => void): boolean {
    const relativePath = this.relative(path);
    const name = basename(relativePath);
    try {
      return this.#within(relativePath, dirname(relativePath), false, () => {
        const at = this.#at(name);
        const seen = lstatIfThere(at);
        if (seen?.isFile) return removeUnheld(at, seen, before);
        before?.();
        if (seen !== undefined) Deno.removeSync(at);
        return true;
      });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof ConfinementError) return true;
      throw error;
    }
  }

  /**
   * Removes an empty directory: for corun's own folders, once a run leaves them empty. One that is
   * not empty, gone already, not a directory (a symbolic link is never followed nor removed), or
   * whose parent leads outside is left as it is. A run making a file in it at that moment makes it
   * again (see `#make`), or, when it already stood in it, fails with `DIR_REPLACED`: a caller that
   * removes a folder others write into retries such a write.
   *
   * @param path The directory, relative to the directory.
   * @returns True when it was removed.
   */
  removeEmptyDirSync(path: string): boolean {
    try {
      const relativePath = this.relative(path);
      const name = basename(relativePath);
      return this.#within(relativePath, dirname(relativePath), false, () => {
        const at = this.#at(name);
        if (!lstatIfThere(at)?.isDirectory) return false;
        Deno.removeSync(at); // not recursive: refused when anything is in it
        return true;
      });
    } catch {
      return false; // not empty (or gone, or refused): best effort
    }
  }

  /**
   * Removes `name` in the checked `dir`, when it is still the file `key` names (if given); nothing
   * when it is gone or the step refuses.
   */
  #removeIfThere(dir: string, name: string, key?: string): void {
    try {
      this.#within(join(dir, name), dir, false, () => {
        const at = this.#at(name);
        if (key === undefined || keyAt(at) === key) Deno.removeSync(at);
      });
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound || error instanceof ConfinementError)) {
        throw error;
      }
    }
  }

  /**
   * Runs `step` with the process in the checked directory of `path` (made when missing), so that
   * every confined operation `step` does in that same directory (make a temporary, commit it, remove
   * it) happens inside this one check instead of a check of its own: a whole small file is then one
   * change of directory, not three.
   *
   * @param path A file whose directory to step into, relative to the directory.
   * @param step Synchronous, and working in that directory only (another directory throws).
   * @returns What `step` returns.
   * @throws {ConfinementError} When the directory leads outside, or is removed or replaced while
   * `step` works in it (`DIR_REPLACED`); else what `step` throws.
   */
  inDirOfSync<T>(path: string, step: () => T): T {
    const relativePath = this.relative(path);
    // `relative` answers for the step's file at once (what it would work out anew is this same text).
    this.#stepPath = path;
    this.#stepRelativePath = relativePath;
    try {
      return this.#within(relativePath, dirOf(relativePath), true, step);
    } finally {
      this.#stepPath = undefined;
    }
  }

  /** A name in the step's directory, as the file system calls take it (see `#here`). */
  #at(name: string): string {
    return name === "." && this.#here !== "" ? this.realPath : this.#here + name;
  }

  /** `join(this.path, relativePath)` for a normalised relative path, without normalising again. */
  #absolute(relativePath: string): string {
    return this.path.endsWith(SEPARATOR)
      ? this.path + relativePath
      : this.path + SEPARATOR + relativePath;
  }

  /**
   * Opens a regular file, making it when missing, never through a symbolic link and never truncating.
   *
   * @param path Where, relative to the directory.
   * @param options Access, and whether to create.
   * @returns The open file.
   * @throws {ConfinementError} When it is a symbolic link or not a regular file, or its directory
   * leads outside.
   * @throws {Deno.errors.NotFound} When missing and `create` is false.
   */
  openFileSync(path: string, options: ConfinedOpenOptions): Deno.FsFile {
    return this.#openFile(this.relative(path), options, undefined);
  }

  /** `openFileSync` of a checked relative path; `shownAs` names the file in errors instead. */
  #openFile(
    relativePath: string,
    options: ConfinedOpenOptions,
    shownAs: string | undefined,
  ): Deno.FsFile {
    const shown = shownAs ?? relativePath;
    const create = options.create ?? true;
    const access = { read: options.read, write: options.write, append: options.append };
    const action = options.write || options.append || create ? "save" : "read";
    return this.#within(
      shown,
      dirname(relativePath),
      create,
      () => this.#openHere(basename(relativePath), access, create, shown, action, options.mode),
    );
  }

  /**
   * Opens a temporary kept between attempts, or across runs (a partial body): an existing one, or
   * with `create` a named one made when missing (its directories too). Never through a link, never
   * truncated (truncate through the handle); read and write. It is locked until closed (see
   * `OpenTempOptions.exclusive`), and counts as this process's own temporary (no sweep of another
   * run in this process removes it) until committed or removed.
   *
   * @param path The temporary, relative to the directory.
   * @param options Whether to make it, and how to lock it.
   * @returns The open temporary, for `commitSync` and `removeTempSync`; undefined when another open
   * file holds a lock that refuses this one (another process writes it, or is removing it), or when
   * an exclusive lock is asked on a file system without locks: two writers of a named partial
   * could not be told apart there (its caller writes a temporary of its own instead).
   * @throws {ConfinementError} When it is a symbolic link or not a regular file, or its directory
   * leads outside.
   * @throws {Deno.errors.NotFound} When missing (also when removed between its opening and its
   * lock) and `create` is false.
   */
  openTempSync(path: string, options: OpenTempOptions): TempFile | undefined {
    const relativePath = this.relative(path);
    const dir = dirname(relativePath);
    const name = basename(relativePath);
    const final = options.finalPath === undefined ? undefined : this.relative(options.finalPath);
    const keptMode = final !== undefined && dirOf(final) === dir
      ? () => this.#modeToKeep(dir, nameOf(final))
      : undefined;
    return this.#within(relativePath, dir, options.create, () => {
      const dirKey = fileKey(Deno.statSync(this.#at(".")));
      const access = { read: true, write: true };
      for (;;) {
        const file = this.#openHere(
          name,
          access,
          options.create,
          relativePath,
          "save",
          undefined,
          keptMode,
        );
        let key: string | undefined;
        try {
          const lock = tryLockTemp(file, options.exclusive);
          if (lock === "busy" || (lock === "unsupported" && options.exclusive)) {
            // No corun writes a named partial there: one this open made is not left behind empty.
            if (lock === "unsupported") removeIfEmpty(this.#at(name), file);
            file.close();
            return undefined;
          }
          key = fileKey(file.statSync());
        } catch (error) {
          file.close();
          throw error;
        }
        // A sweep or a discard may have removed it between the open and the lock.
        if (keyAt(this.#at(name)) === key) {
          liveTemps.add(`${dirKey}/${name}`);
          return { file, dir, name, dirKey, fileKey: key };
        }
        file.close();
        if (!options.create) {
          throw new Deno.errors.NotFound(
            `Cannot continue ${JSON.stringify(relativePath)}: it was removed meanwhile`,
          );
        }
      }
    });
  }

  /**
   * Opens `name` in the checked working directory (see `openFileSync`). `keptMode`: the permission
   * bits a file made takes, if any, for reading and writing (`#createWithMode`).
   */
  #openHere(
    name: string,
    access: { read?: boolean; write?: boolean; append?: boolean },
    create: boolean,
    shown: string,
    action: "read" | "save",
    mode?: number,
    keptMode?: () => number | undefined,
  ): Deno.FsFile {
    for (;;) {
      let seen: Deno.FileInfo;
      try {
        seen = Deno.lstatSync(this.#at(name));
      } catch (error) {
        if (!create || !(error instanceof Deno.errors.NotFound)) throw error;
        try {
          const kept = keptMode?.();
          if (kept !== undefined) return this.#createWithMode(name, kept, shown);
          // createNew never follows a link: a dangling one makes this fail, not its target appear.
          return Deno.openSync(this.#at(name), { ...access, createNew: true, mode });
        } catch (error) {
          if (error instanceof Deno.errors.AlreadyExists) continue; // appeared meanwhile: look again
          // Nothing to create in: the directory is being removed (the kernel refuses a create in
          // it before `getcwd` can tell, so the step's own check may still find it there).
          throw this.#placeError(shown, error);
        }
      }
      if (seen.isSymlink) throw this.#refuseLink(shown, action);
      if (!seen.isFile) {
        throw new ConfinementError(
          "PATH_INVALID",
          shown,
          this.path,
          "it is not a regular file",
          { action },
        );
      }
      const file = Deno.openSync(this.#at(name), access);
      // A swap between the lstat and the open is caught here, before any byte is written.
      if (fileKey(file.statSync()) !== fileKey(seen)) {
        file.close();
        throw this.#refuseLink(shown, action);
      }
      return file;
    }
  }

  /**
   * The error of a failed create or rename in the checked directory. Either can find nothing only
   * when the directory itself (or the temporary in it) was removed or replaced after the check: a
   * confinement failure.
   */
  #placeError(relativePath: string, error: unknown): unknown {
    return error instanceof Deno.errors.NotFound ? this.#dirReplaced(relativePath, error) : error;
  }

  #dirReplaced(relativePath: string, cause?: unknown): ConfinementError {
    return new ConfinementError(
      "DIR_REPLACED",
      relativePath,
      this.path,
      "its directory was moved, removed or replaced while corun was writing into it",
      { cause },
    );
  }

  #refuseLink(relativePath: string, action: "read" | "save"): ConfinementError {
    return new ConfinementError(
      "PATH_ESCAPES_OUTDIR",
      relativePath,
      this.path,
      "the path is a symbolic link, and corun never reads or writes through a symbolic link",
      { action },
    );
  }

  /**
   * Runs `step` with the working directory in `dir`, checked; `shown` names the file in errors.
   * A failure because the directory stepped into vanished or moved meanwhile is `DIR_REPLACED`.
   */
  #within<T>(shown: string, dir: string, make: boolean, step: () => T): T {
    // Already in this very directory, checked, by an enclosing step (`inDirOfSync`).
    if (this.#steppedInto === dir) return step();
    if (this.#steppedInto !== undefined) {
      // Stepping back out would land in the home directory, not in the enclosing step's.
      throw new TypeError(
        `Cannot save ${JSON.stringify(shown)}: a step into another directory is under way`,
      );
    }
    if (dir === "." && (this.sweepBeforeMs === undefined || this.#sweptDirs.has("."))) {
      // The top is the trust anchor, so names under its real path need no change of directory and
      // no look at where the process is (two changes and a getcwd: a quarter of a small file's
      // cost); a top removed meanwhile fails the operation, as a step's own directory would.
      return this.#runStep(dir, this.#realPrefix, step);
    }
    // Absolute: stepping back never resolves a directory that may be gone. Read at every step (~4 µs
    // a file): code that changes the working directory between two steps, the host program's or a
    // custom task's, keeps its change instead of being moved back to where the run's first write was.
    const back = this.#homeFor(shown);
    try {
      const here = this.#enter(shown, dir, make);
      try {
        return this.#runStep(dir, "", step);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound && movedFrom(here)) {
          throw this.#dirReplaced(shown, error);
        }
        throw error;
      }
    } finally {
      Deno.chdir(back);
    }
  }

  /** The working directory to step back to, read before each step. */
  #homeFor(shown: string): string {
    let home: string;
    try {
      home = Deno.cwd();
    } catch (error) {
      throw cannotStepBack(shown, (error as Error).message, error);
    }
    // Stepping back is a chdir, which needs read access to the working directory; `Deno.cwd()` does
    // not. Found out only after a write, it would fail a task whose file is already in place. Asked
    // again only when the directory changed.
    if (home !== this.#home) {
      if (!isGranted({ name: "read", path: home })) {
        throw cannotStepBack(shown, `no read access to "${home}" (--allow-read)`);
      }
      this.#home = home;
    }
    return home;
  }

  /** Runs `step` as the step in the checked `dir`, its names prefixed with `here` (see `#here`). */
  #runStep<T>(dir: string, here: string, step: () => T): T {
    this.#steppedInto = dir;
    this.#step = ++this.#steps;
    this.#here = here;
    try {
      return step();
    } finally {
      this.#steppedInto = undefined;
      this.#step = undefined;
      this.#here = "";
    }
  }

  /** Changes into `dir` (making it when `make`), checked; returns the real path it checked. */
  #enter(shown: string, dir: string, make: boolean): string {
    let here: string;
    /** The directory itself (its last part) was made by this step. */
    let made = false;
    try {
      Deno.chdir(
        dir === "."
          ? this.realPath
          : this.realPath.endsWith(SEPARATOR)
          ? this.realPath + dir
          : this.realPath + SEPARATOR + dir,
      );
      here = this.#checkHere(shown);
    } catch (error) {
      // A file on the way: the walk part by part names it.
      const missing = error instanceof Deno.errors.NotFound ||
        error instanceof Deno.errors.NotADirectory;
      if (!make || !missing) throw error;
      ({ here, made } = this.#make(shown, dir));
    }
    if (this.sweepBeforeMs !== undefined && !this.#sweptDirs.has(dir)) {
      // Bounded: a run saving a folder per page would keep every folder's name. Forgotten ones are
      // read once more if written in again (a sweep finds nothing the second time: harmless).
      if (this.#sweptDirs.size >= this.#sweptDirsKept) {
        this.#sweptDirs.clear();
        this.#namesKept = 0;
      }
      // A directory this step made holds no other run's leftovers, nor files: reading it would find
      // none (a crawl saving a folder per page would pay that read for every page).
      this.#sweptDirs.set(dir, made ? NO_NAMES : this.#sweepHere(this.sweepBeforeMs));
    }
    return here;
  }

  /**
   * Makes `dir` and changes into it, checked. A folder on the way removed meanwhile (another run
   * removed it once empty: see {@linkcode removeEmptyDirSync}) is made again, from the top, up to
   * {@linkcode MAX_MAKE_ATTEMPTS} times; each time every part is checked anew.
   */
  #make(shown: string, dir: string): { here: string; made: boolean } {
    for (let attempt = 1;; attempt++) {
      try {
        return this.#makeOnce(shown, dir);
      } catch (error) {
        const removed = error instanceof ConfinementError && error.code === "DIR_REPLACED";
        if (!removed || attempt === MAX_MAKE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Makes `dir` one level at a time, each checked before the next: no directory appears outside.
   * The bare name is made in (and entered from) the directory just checked. `made`: the last part
   * was made by this call.
   */
  #makeOnce(shown: string, dir: string): { here: string; made: boolean } {
    Deno.chdir(this.realPath);
    let here = this.realPath;
    let made = false;
    let folder = "";
    for (const part of dir.split(SEPARATOR)) {
      folder = folder === "" ? part : `${folder}${SEPARATOR}${part}`;
      try {
        try {
          Deno.mkdirSync(part);
          made = true;
        } catch (error) {
          if (!(error instanceof Deno.errors.AlreadyExists)) {
            throw aboutFolder(error, `cannot make the folder ${JSON.stringify(folder)}`);
          }
          made = false;
        }
        Deno.chdir(part);
      } catch (error) {
        // Either the directory being made into or the one just made was removed meanwhile.
        if (error instanceof Deno.errors.NotFound) throw this.#dirReplaced(shown, error);
        if (error instanceof Deno.errors.NotADirectory) {
          throw aboutFolder(error, `${JSON.stringify(folder)} is a file, not a folder`);
        }
        throw error;
      }
      here = this.#checkHere(shown);
    }
    return { here, made };
  }

  /** Where the process is, when inside the output directory's real path; throws otherwise. */
  #checkHere(shown: string): string {
    let here: string;
    try {
      here = Deno.cwd();
    } catch (error) {
      // The directory just changed into was removed at once: nothing was written in it.
      if (error instanceof Deno.errors.NotFound) throw this.#dirReplaced(shown, error);
      throw error;
    }
    if (here === this.realPath || here.startsWith(this.#realPrefix)) return here;
    throw new ConfinementError(
      "PATH_ESCAPES_OUTDIR",
      shown,
      this.path,
      `its directory leads outside the output directory ${JSON.stringify(this.path)} (to ${
        JSON.stringify(here)
      }) through a symbolic link`,
    );
  }

  /**
   * Removes corun's temporaries in the working directory that a killed run left, unless another
   * run holds a lock of the output directory. Which runs hold one is asked only when there is a
   * leftover (rarely): a clean directory costs one read of its names.
   *
   * @returns The names of the other files there (see `#sweptDirs`), when they fit in what is left
   * of `NAMES_KEPT`.
   */
  #sweepHere(beforeMs: number): ReadonlySet<string> | undefined {
    const { temps, names } = filesHere(NAMES_KEPT - this.#namesKept);
    if (names !== undefined) this.#namesKept += names.size;
    if (temps.length === 0) return names;
    this.#maySweep ??= !this.#otherRunHoldsLock();
    if (!this.#maySweep) return names;
    for (const name of temps) {
      try {
        removeLeftover(name, beforeMs);
      } catch {
        // Gone already, or not ours to remove: the sweep is best effort.
      }
    }
    return names;
  }

  /**
   * Another live process holds a run lock of this directory (looked at without taking it for long).
   * On a file system without locks none can be held: the sweep goes by age alone.
   */
  #otherRunHoldsLock(): boolean {
    try {
      for (const entry of Deno.readDirSync(this.realPath)) {
        if (!entry.isFile || !RUN_LOCK_NAME.test(entry.name)) continue;
        let file: Deno.FsFile;
        try {
          file = Deno.openSync(join(this.realPath, entry.name), { read: true });
        } catch {
          continue;
        }
        try {
          if (ownRunLocks.has(fileKey(file.statSync()))) continue;
          // Shared, so open for reading is what NFS asks.
          if (tryLockSync(file, false) === "busy") return true;
        } finally {
          file.close();
        }
      }
      return false;
    } catch {
      // An unreadable directory or a lock that failed: the sweep is best effort, and not knowing
      // means not sweeping, never failing the write.
      return true;
    }
  }
}

function cannotStepBack(shown: string, reason: string, cause?: unknown): Error {
  return new Error(
    `Cannot save ${JSON.stringify(shown)}: the working directory cannot be read (${reason}); ` +
      "corun steps into each directory it writes to and must step back",
    { cause },
  );
}

/**
 * Whether the working directory is no longer the directory checked at `here`: removed (its path
 * cannot be read) or moved (it has another path now).
 */
function movedFrom(here: string): boolean {
  try {
    return Deno.cwd() !== here;
  } catch {
    return true;
  }
}

/**
 * Temporaries this process made or continued and has not committed or removed
 * (`<dev:ino of their directory>/<name>`): an open one is locked too, but one kept closed between
 * attempts holds no lock, and another run of the same process (`overlap: allow`, two library runs)
 * may sweep its directory meanwhile.
 */
const liveTemps = new Set<string>();

/**
 * corun's temporaries in the working directory that this process is not writing or keeping: a
 * killed run's leftovers, if old enough (see `removeLeftover`); and the names of its other files,
 * unless more than `room` (or the read failed): undefined then. Only names are kept.
 */
function filesHere(room: number): { temps: string[]; names: Set<string> | undefined } {
  const temps: string[] = [];
  let names: Set<string> | undefined = new Set();
  try {
    const here = fileKey(Deno.statSync("."));
    for (const entry of Deno.readDirSync(".")) {
      if (!entry.isFile) continue;
      if (isTempName(entry.name)) {
        if (!liveTemps.has(`${here}/${entry.name}`)) temps.push(entry.name);
      } else if (names !== undefined) {
        names.add(entry.name);
        if (names.size > room) names = undefined;
      }
    }
  } catch {
    // The directory vanished meanwhile: the step's own operation reports it.
    names = undefined;
  }
  return { temps, names };
}

/**
 * Removes a temporary left by a killed run: one last changed before `beforeMs` that no process
 * holds open. A slow body looks just as old, but its writer holds a lock (see `holdWhileOpen`).
 * The age still counts: a temporary made since this run began may not be locked yet, and one
 * written whole in one step (a small body) or kept closed between attempts holds no lock at all;
 * nor does any on a file system without locks, where the age is all that tells.
 */
function removeLeftover(name: string, beforeMs: number): void {
  const seen = Deno.lstatSync(name);
  if (seen.isFile && seen.mtime !== null && seen.mtime.getTime() < beforeMs) {
    removeUnheld(name, seen);
  }
}

/**
 * Removes the regular file at `at`, which `lstat` saw as `seen`, only while holding its exclusive
 * lock, taken without waiting: never a file another open file holds. On a file system without
 * locks nothing can hold it, and it goes (the sweep has checked its age). `before` runs under the
 * lock, just before the removal.
 *
 * @returns False when another open file holds it, or it is no longer the file seen.
 * @throws {Error} The file system error, also of a lock that failed (the file then stays).
 */
function removeUnheld(at: string, seen: Deno.FileInfo, before?: () => void): boolean {
  const file = openToLockExclusive(at);
  try {
    const key = fileKey(file.statSync());
    if (key !== fileKey(seen) || tryLockSync(file, true) === "busy") return false;
    // Still at its name once locked: not removed and made anew meanwhile.
    if (keyAt(at) !== key) return false;
    before?.();
    Deno.removeSync(at);
    return true;
  } finally {
    file.close();
  }
}

/**
 * Opens a file to take its exclusive lock: for writing too, as NFS grants an exclusive lock only to
 * a file open for writing. A leftover made read-only (its mode) is opened for reading, and locked
 * where the file system lets a reader lock (not NFS: there it stays).
 */
function openToLockExclusive(at: string): Deno.FsFile {
  try {
    return Deno.openSync(at, { read: true, write: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.PermissionDenied)) throw error;
    return Deno.openSync(at, { read: true });
  }
}

/**
 * How a temporary is opened: for reading too, as NFS grants its shared lock (`holdWhileOpen`) only
 * to a file open for reading.
 */
const TEMP_ACCESS = { read: true, write: true } as const;
/** A small temporary's write (`createFilledTempSync`): made new, never through a link. */
const CREATE_NEW = { createNew: true } as const;
/** No bytes: a temporary made before it is opened (`#createWithMode`). */
const EMPTY = new Uint8Array(0);

/**
 * Whether a writer may hold a shared lock. Windows locks are mandatory, and a shared one refuses
 * writes even through the handle that holds it: there a temporary holds none, and only its age
 * keeps a sweep off it.
 */
const SHARED_LOCKS = Deno.build.os !== "windows";

/**
 * Holds a shared lock on a temporary for as long as it is open, so that no sweep removes it (see
 * `removeUnheld`). A file system without locks holds none: there only its age keeps a sweep off it.
 *
 * @throws {Error} A lock that failed otherwise (the temporary is then removed, and the save fails).
 */
function holdWhileOpen(file: Deno.FsFile): void {
  if (SHARED_LOCKS) lockOrUnsupportedSync(file, false);
}

/**
 * Locks a continued temporary without waiting: exclusive for a named partial, else shared as
 * `holdWhileOpen` (`"unsupported"` on Windows too).
 */
function tryLockTemp(file: Deno.FsFile, exclusive: boolean): LockOutcome {
  return exclusive || SHARED_LOCKS ? tryLockSync(file, exclusive) : "unsupported";
}

/** Removes the open `file` at `at` when it is empty and still at that name; best effort. */
function removeIfEmpty(at: string, file: Deno.FsFile): void {
  try {
    const info = file.statSync();
    if (info.size === 0 && keyAt(at) === fileKey(info)) Deno.removeSync(at);
  } catch {
    // Gone already, or not to be removed: an empty file misleads no later run.
  }
}

/** The key (`fileKey`) of what is at `at` now, without following a link; undefined when nothing. */
function keyAt(at: string): string | undefined {
  const seen = lstatIfThere(at);
  return seen && fileKey(seen);
}

/** What `lstat` sees at `at`; undefined when nothing is there. */
function lstatIfThere(at: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(at);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * The directory of a checked relative path (`.` at the top), split by hand: it is normalised, and
 * this runs for every small file of a run (std's `dirname` normalises again).
 */
function dirOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf(SEPARATOR);
  return slash === -1 ? "." : relativePath.slice(0, slash);
}

/** The file name of a checked relative path (see `dirOf`). */
function nameOf(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf(SEPARATOR) + 1);
}

function removeQuietly(name: string): void {
  try {
    Deno.removeSync(name);
  } catch {
    // Never made, or gone already.
  }
}

function fileKey(info: Deno.FileInfo): string {
  return `${info.dev}:${info.ino}`;
}

/**
 * `error` (a file system call's, fresh) with the folder it was about in front of its message: the
 * save's message names only the file (`locked/new/a.txt`), not which folder on its way failed.
 */
function aboutFolder(error: unknown, what: string): unknown {
  if (error instanceof Error) error.message = `${what}: ${error.message}`;
  return error;
}
