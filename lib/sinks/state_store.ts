/**
 * State kept between scheduled runs: per URL, what the last fetch saw (validators for a conditional
 * request next time, where the body went, its size, when it was saved and its digest). One JSON
 * file, replaced whole on each save (temporary file in the same directory, flushed, then renamed over
 * it), so a crash leaves the old state or the new one, never a torn mix; leftover temporary files are
 * never read.
 *
 * Runs of several configs can share the file (their output directory). A save holds the file's
 * exclusive OS lock (where the file system has locks), reads it again (unless it is still the very
 * version the store read) and applies only its own changes (the entries it set and removed since
 * its last save): entries another run saved meanwhile stay. A saved path is one file, so at most
 * one URL's entry names it: setting one drops another URL's entry of that path, in memory and, at
 * the save, in the file.
 * @module
 */
import { AtomicFile } from "./atomic_file.ts";
import { ConfinementError } from "./confine.ts";
import { ConfinedDir } from "./confined_dir.ts";
import { dirname, resolve } from "./deps.ts";
import { formatSize, readCapped } from "../loop/mod.ts";
import { openLocked, openToLock } from "./open_locked.ts";
import {
  Changes,
  cleanEntry,
  EntryTable,
  NotStateFileError,
  parseState,
  type StateEntry,
  stateText,
} from "./state_entries.ts";

export type { StateEntry } from "./state_entries.ts";

/** The usual state file, in the output directory. */
export const STATE_FILE_NAME = ".corun-state.json";

/**
 * The largest state file, read or written: 500 MiB, fixed. Its JSON is read as one string, and
 * V8's longest string is 2^29 - 24 characters (~512 MiB): a larger file could be neither read nor
 * made. An entry is ~250 bytes (~330 with a SHA-256), so this holds some 2 million URLs. A file
 * past it is not read (nor replaced: it may be a good state whose entries the run cannot keep), and
 * a save that would pass it fails, leaving the file as it was.
 */
export const MAX_STATE_FILE_BYTES = 500 * 2 ** 20;

/** The state of one output directory, in memory until `save()`. */
export interface StateStore {
  /** The state file. */
  readonly path: string;
  /** URLs with an entry. */
  readonly size: number;
  /** The entry of `url`, or undefined. */
  get(url: string): Readonly<StateEntry> | undefined;
  /**
   * Replaces the entry of `url` (fields that are undefined are left out). Another URL's entry of
   * the same `savedPath` is removed: that file holds this URL's body now.
   */
  set(url: string, entry: StateEntry): void;
  /** Removes the entry of `url`; returns whether there was one. */
  delete(url: string): boolean;
  /**
   * Removes the entry, whichever URL's, whose body is at `savedPath` (the file holds another body
   * now), also from the file at the next save; returns whether this store had one.
   */
  forgetSavedPath(savedPath: string): boolean;
  /**
   * Applies the changes made since the last save to the file as it is now, atomically (see the
   * module doc). Saves started without awaiting land in call order.
   *
   * @throws {Error} The file system error; the file then still holds the previous state, and the
   * changes are kept for the next save.
   */
  save(): Promise<void>;
}

/** Options of {@linkcode openStateStore}. */
export interface OpenStateOptions {
  /**
   * Called with the `SyntaxError` when the file is a damaged state file; the state then starts
   * empty (and the next `save()` replaces the file) instead of `openStateStore` throwing. A file
   * that is no state file of this version throws `NotStateFileError` whatever this says.
   */
  onInvalid?: (error: SyntaxError) => void;
  /**
   * The largest state file read or saved, in bytes; more than {@linkcode MAX_STATE_FILE_BYTES}
   * counts as that.
   * @default MAX_STATE_FILE_BYTES
   */
  maxBytes?: number;
}

/**
 * Opens the state file at `path` (an empty state when it does not exist yet).
 *
 * @param path The state file, usually `<outDir>/.corun-state.json`.
 * @param options What to do with a file that is not a state file.
 * @returns The state, loaded.
 * @throws {SyntaxError} When the file is a damaged state file (the message says what is off) and no
 *   `onInvalid` was given.
 * @throws {NotStateFileError} When the file is not a state file, or one of another version, or is
 *   larger than `maxBytes` (the message says its size and the limit).
 * @throws {Error} The file system error when it cannot be read, or an error saying the file is a
 * symbolic link (never read or written through; the cause is the `ConfinementError`).
 * @example
 * ```ts
 * import { openStateStore } from "./state_store.ts";
 * const dir = await Deno.makeTempDir();
 * const state = await openStateStore(`${dir}/.corun-state.json`);
 * state.set("https://example.com/", { etag: '"abc"' });
 * await state.save();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openStateStore(
  path: string,
  options: OpenStateOptions = {},
): Promise<StateStore> {
  // Confined to its own directory: read and replaced, never through a symbolic link.
  const file = resolve(path);
  const within = ConfinedDir.openSync(dirname(file));
  const maxBytes = Math.min(options.maxBytes ?? MAX_STATE_FILE_BYTES, MAX_STATE_FILE_BYTES);
  let text: string | undefined;
  let version: string | undefined;
  try {
    using opened = within.openFileSync(file, { read: true, create: false });
    const info = await opened.stat();
    version = versionOf(info);
    text = await readStateText(path, opened, info.size, maxBytes);
  } catch (error) {
    if (error instanceof ConfinementError && error.code === "PATH_ESCAPES_OUTDIR") {
      // Said as what it is: callers put it after `Cannot read state file "<path>": `.
      throw new Error(
        `${JSON.stringify(path)} is a symbolic link; corun never reads or writes through one`,
        { cause: error },
      );
    }
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  let table = new EntryTable();
  try {
    if (text !== undefined) table = parseState(path, text);
  } catch (error) {
    if (!(error instanceof SyntaxError) || !options.onInvalid) throw error;
    options.onInvalid(error);
  }
  const loaded: Loaded = { table, version };
  let changes = new Changes();
  let lastSave: Promise<void> = Promise.resolve();
  return {
    path,
    get size() {
      return table.byUrl.size;
    },
    get: (url) => table.byUrl.get(url),
    set(url, entry) {
      const clean = cleanEntry(entry);
      const dropped = table.set(url, clean);
      if (dropped !== undefined) changes.byUrl.set(dropped, null);
      changes.byUrl.set(url, clean);
    },
    delete(url) {
      if (!table.delete(url)) return false;
      changes.byUrl.set(url, null);
      return true;
    },
    forgetSavedPath(savedPath) {
      changes.forgottenPaths.add(savedPath);
      const url = table.deleteSavedPath(savedPath);
      if (url === undefined) return false;
      changes.byUrl.set(url, null);
      return true;
    },
    save() {
      const batch = changes;
      changes = new Changes();
      const saved = lastSave.then(() => saveMerged(file, within, batch, loaded, maxBytes));
      lastSave = saved.catch(() => {
        changes = batch.under(changes);
      });
      return saved;
    },
  };
}

/** A store's entries, and which version of the file they started from while it is still that one. */
interface Loaded {
  /** The entries as read, with the store's changes since. */
  readonly table: EntryTable;
  /** `versionOf` the file as read; undefined when there was none, or once this store saved. */
  version: string | undefined;
}

/**
 * The text of the state file open as `file`, read within `maxBytes`.
 *
 * @param path The file, for messages.
 * @param file The file, open at its start.
 * @param size Its size, as its `stat` said when it was opened.
 * @param maxBytes The cap.
 * @throws {NotStateFileError} When it is larger than the cap: no save makes such a file.
 */
async function readStateText(
  path: string,
  file: Deno.FsFile,
  size: number,
  maxBytes: number,
): Promise<string> {
  // A file grown since its stat is caught by the capped read.
  const bytes = size > maxBytes ? undefined : await readCapped(file, maxBytes);
  if (bytes !== undefined) return new TextDecoder().decode(bytes);
  const found = size > maxBytes ? `${size.toLocaleString("en-US")} bytes, ` : "";
  throw new NotStateFileError(
    path,
    `it is ${found}larger than ${limitOf(maxBytes)}; is it the right file? Give the run another ` +
      "(--state) or remove this one",
  );
}

/** The cap, for messages: the default one says why it is fixed, and what it holds. */
function limitOf(maxBytes: number): string {
  const why = maxBytes === MAX_STATE_FILE_BYTES
    ? " (a fixed limit, as its JSON is read as one string: ~2 million URLs' entries)"
    : "";
  return `${formatSize(maxBytes)}, the most a state file can be${why}`;
}

/** Device, inode, size and modification time: a file another save renamed into place differs. */
function versionOf(info: Deno.FileInfo): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtime?.getTime()}`;
}

/**
 * Writes `changes` over the state file as it is now, holding its lock from the read to the rename.
 */
async function saveMerged(
  file: string,
  within: ConfinedDir,
  changes: Changes,
  loaded: Loaded,
  maxBytes: number,
): Promise<void> {
  const locked = await openLocked(file, () => openToLock(file, within));
  try {
    const table = await entriesToSave(file, locked.file, changes, loaded, maxBytes);
    await saveText(file, stateBytes(table.byUrl, maxBytes), within);
    loaded.version = undefined;
  } finally {
    locked.close(); // and with it the lock
  }
}

/**
 * The entries to write: the store's own when the file is still the version it read (no other run
 * saved since: nothing to read again), else the file's with `changes` applied. A damaged state file
 * gives way to the store's own entries; a file put there that is no state file fails the save.
 */
async function entriesToSave(
  file: string,
  locked: Deno.FsFile,
  changes: Changes,
  loaded: Loaded,
  maxBytes: number,
): Promise<EntryTable> {
  const info = await locked.stat();
  if (loaded.version === versionOf(info)) return loaded.table;
  let table: EntryTable;
  try {
    table = parseState(file, await readStateText(file, locked, info.size, maxBytes));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    table = loaded.table.copy();
  }
  changes.applyTo(table);
  return table;
}

/**
 * The state file's bytes for `entries`.
 *
 * @throws {RangeError} When they would be more than `maxBytes`: a file no run could read.
 */
function stateBytes(entries: ReadonlyMap<string, StateEntry>, maxBytes: number): Uint8Array {
  // Each character is at least one byte: a text longer than the cap is not even made.
  const text = stateText(entries, maxBytes);
  const bytes = text === undefined ? undefined : new TextEncoder().encode(text);
  if (bytes !== undefined && bytes.length <= maxBytes) return bytes;
  throw new RangeError(
    `the state of ${entries.size.toLocaleString("en-US")} URLs would be larger than ` +
      `${limitOf(maxBytes)}; the file is left as it was: split the URLs among configs with a ` +
      "state file each (--state)",
  );
}

/**
 * Writes the state file whole, flushed to the disk before the rename; the flush is asynchronous, so
 * the run goes on meanwhile.
 */
async function saveText(file: string, bytes: Uint8Array, within: ConfinedDir): Promise<void> {
  await using out = AtomicFile.createSync(file, { sync: true, within });
  out.write(bytes);
  await out.commit();
}
