/**
 * State kept between scheduled runs: per URL, what the last fetch saw (validators for a conditional
 * request next time, where the body went, its size, when it was saved and its digest). One JSON
 * file, one entry a line (`state_lines.ts`), replaced whole on each save (written in pieces to a
 * temporary file in the same directory, flushed, then renamed over it), so a crash leaves the old
 * state or the new one, never a torn mix; leftover temporary files are never read.
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
  fileKeyOf,
  NotStateFileError,
  parseState,
  type StateEntry,
} from "./state_entries.ts";
import { OffLayoutError, readStateLines, statePieces } from "./state_lines.ts";

export type { StateEntry } from "./state_entries.ts";

/** The usual state file, in the output directory. */
export const STATE_FILE_NAME = ".corun-state.json";

/**
 * The longest text a state file is read as, one string: 500 MiB, fixed, as V8's longest string is
 * 2^29 - 24 characters (~512 MiB). A file laid out as corun writes it is read line by line, so this
 * bounds one line of it, and its size nothing (its entries are in memory anyway). A file laid out
 * otherwise (edited by hand) is read whole, so this bounds its size: one past it is not read (nor
 * replaced: it may be a good state whose entries the run cannot keep).
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
   * Removes the entry, whichever URL's, whose body is at `savedPath` of the output directory
   * `outDir` names (`StateEntry.outDir`; the file holds another body now), also from the file at
   * the next save; returns whether this store had one.
   */
  forgetSavedPath(savedPath: string, outDir?: string): boolean;
  /**
   * Applies the changes made since the last save to the file as it is now, atomically (see the
   * module doc). Saves started without awaiting land in call order.
   *
   * @param onLockBusy Called when another process holds the file's lock, before the save waits
   *   for it (a run then says why it does not end).
   * @throws {NotStateFileError} When the file there now is no state file (see `openStateStore`).
   * @throws {Error} The file system error; the file then still holds the previous state, and the
   * changes are kept for the next save.
   */
  save(onLockBusy?: () => void): Promise<void>;
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
   * When the run started (epoch ms): the open sweeps the state file's folder of corun's
   * temporaries last changed before then that no process holds (a save a killed run left, as large
   * as the state), by the output directory's rule (`ConfinedDir`). Without it nothing is swept.
   */
  sweepBeforeMs?: number;
  /**
   * The longest text read as one string, in bytes: the size of a state file laid out otherwise than
   * corun writes it (read whole), or one line of one laid out so (read line by line, whatever its
   * size). More than {@linkcode MAX_STATE_FILE_BYTES} counts as that.
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
 *   laid out otherwise than corun writes it (from its start, or from some line on: the message
 *   names it) and larger than `maxBytes` (the message says its size and the limit).
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
  const within = ConfinedDir.openSync(dirname(file), options.sweepBeforeMs);
  const maxBytes = Math.min(options.maxBytes ?? MAX_STATE_FILE_BYTES, MAX_STATE_FILE_BYTES);
  let table = new EntryTable();
  let version: string | undefined;
  try {
    using opened = within.openFileSync(file, { read: true, create: false });
    const info = await opened.stat();
    version = versionOf(info);
    table = await readState(path, opened, info.size, maxBytes);
  } catch (error) {
    if (error instanceof ConfinementError && error.code === "PATH_ESCAPES_OUTDIR") {
      // Said as what it is: callers put it after `Cannot read the state file "<path>": `.
      throw new Error(
        `${JSON.stringify(path)} is a symbolic link; corun never reads or writes through one`,
        { cause: error },
      );
    }
    if (error instanceof SyntaxError && options.onInvalid) options.onInvalid(error);
    else if (!(error instanceof Deno.errors.NotFound)) throw error;
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
    forgetSavedPath(savedPath, outDir) {
      const file = fileKeyOf(savedPath, outDir);
      changes.forgottenPaths.add(file);
      const url = table.deleteSavedPath(file);
      if (url === undefined) return false;
      changes.byUrl.set(url, null);
      return true;
    },
    save(onLockBusy) {
      const batch = changes;
      changes = new Changes();
      const saved = lastSave.then(() =>
        saveMerged(file, within, batch, loaded, maxBytes, onLockBusy)
      );
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
 * The entries of the state file open as `file`: line by line when it is laid out as corun writes
 * it, else whole, as one string, within `maxBytes` (a file edited by hand reads as any JSON does).
 *
 * @param path The file, for messages.
 * @param file The file, open at its start.
 * @param size Its size, as its `stat` said when it was opened.
 * @param maxBytes The longest text read as one string.
 * @throws {SyntaxError} When it is a damaged state file (see `parseState`, `readStateLines`).
 * @throws {NotStateFileError} When it is no state file, or one read whole (from its start or from
 *   some line on laid out otherwise than corun writes it) larger than `maxBytes`.
 */
async function readState(
  path: string,
  file: Deno.FsFile,
  size: number,
  maxBytes: number,
): Promise<EntryTable> {
  try {
    const table = await readStateLines(path, file, maxBytes);
    if (table !== undefined) return table;
  } catch (error) {
    // Laid out otherwise from some line on: edited by hand, or damaged; read whole, it tells
    // (past the cap it cannot, and the file is left to whoever edited it).
    if (!(error instanceof OffLayoutError)) throw error;
    if (size > maxBytes) throw tooLargeToReadWhole(path, error, size, maxBytes);
  }
  await file.seek(0, Deno.SeekMode.Start);
  return parseState(path, await readStateText(path, file, size, maxBytes));
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
  const found = size > maxBytes
    ? `${size.toLocaleString("en-US")} bytes`
    : `larger than ${formatSize(maxBytes)}`;
  throw new NotStateFileError(
    path,
    `it is ${found}, and not laid out one entry a line as corun writes state files: such a file ` +
      `is read whole, ${asOneString(maxBytes)}; is it the right file? Give the run another ` +
      "(--state) or remove this one",
  );
}

/**
 * The error of a file that begins as corun's do but goes on otherwise at some line (or holds a line
 * past the cap), too large to be read whole instead. corun never writes such a line (its saves are
 * whole, and a save cut short is told as such), so someone edited it; read whole, it may be a good
 * state: never replaced, as a file of another layout that large is not.
 */
function tooLargeToReadWhole(
  path: string,
  error: OffLayoutError,
  size: number,
  maxBytes: number,
): NotStateFileError {
  return new NotStateFileError(
    path,
    `line ${error.line}: ${error.reason}; from there it is not laid out one entry a line as corun ` +
      `writes state files, and such a file is read whole, ${asOneString(maxBytes)}, but this one ` +
      `is ${size.toLocaleString("en-US")} bytes: put line ${error.line} back as corun writes it, ` +
      "or give the run another (--state) or remove this one",
    error,
  );
}

/** How large a file read whole may be, for messages: the default says why it is fixed. */
function asOneString(maxBytes: number): string {
  const why = maxBytes === MAX_STATE_FILE_BYTES
    ? " (a fixed limit, near the longest string JavaScript makes)"
    : "";
  return `as one string, up to ${formatSize(maxBytes)}${why}`;
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
  onLockBusy?: () => void,
): Promise<void> {
  const locked = await openLocked(file, () => openToLock(file, within), onLockBusy);
  try {
    const info = await locked.file.stat();
    const table = await entriesToSave(file, locked.file, info, changes, loaded, maxBytes);
    // The new file takes the old one's permission bits (ConfinedDir.createTempSync): a state made
    // private (`chmod 600`: its URLs may carry tokens) stays so.
    await saveEntries(file, table.byUrl, within);
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
  info: Deno.FileInfo,
  changes: Changes,
  loaded: Loaded,
  maxBytes: number,
): Promise<EntryTable> {
  if (loaded.version === versionOf(info)) return loaded.table;
  let table: EntryTable;
  try {
    table = await readState(file, locked, info.size, maxBytes);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    table = loaded.table.copy();
  }
  changes.applyTo(table);
  return table;
}

/**
 * Writes the state file whole, a piece at a time (no string of the whole is made), flushed to the
 * disk before the rename; the flush is asynchronous, so the run goes on meanwhile.
 */
async function saveEntries(
  file: string,
  entries: ReadonlyMap<string, StateEntry>,
  within: ConfinedDir,
): Promise<void> {
  await using out = AtomicFile.createSync(file, { sync: true, within });
  const encoder = new TextEncoder();
  for (const piece of statePieces(entries)) out.write(encoder.encode(piece));
  await out.commit();
}
