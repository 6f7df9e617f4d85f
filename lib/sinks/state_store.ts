/**
 * State kept between scheduled runs: per URL, what the last fetch saw (validators for a conditional
 * request next time, where the body went and its digest). One JSON file, replaced whole on each save
 * (temporary file in the same directory, flushed, then renamed over it), so a crash leaves the old
 * state or the new one, never a torn mix; leftover temporary files are never read.
 * @module
 */
import { AtomicFile } from "./atomic_file.ts";
import { ConfinementError } from "./confine.ts";
import { ConfinedDir } from "./confined_dir.ts";
import { dirname, resolve } from "./deps.ts";
import { readText } from "./read_text.ts";

/** The usual state file, in the output directory. */
export const STATE_FILE_NAME = ".corun-state.json";

const FORMAT_VERSION = 1;
const FIELDS = ["etag", "lastModified", "savedPath", "sha256"] as const;

/** What the last fetch of one URL left behind. */
export interface StateEntry {
  /** The response's `ETag`, sent back as `If-None-Match`. */
  etag?: string;
  /** The response's `Last-Modified`, sent back as `If-Modified-Since`. */
  lastModified?: string;
  /** Where the body was saved, relative to the output directory. */
  savedPath?: string;
  /** Hex SHA-256 of the saved body. */
  sha256?: string;
}

/** The state of one output directory, in memory until `save()`. */
export interface StateStore {
  /** The state file. */
  readonly path: string;
  /** URLs with an entry. */
  readonly size: number;
  /** The entry of `url`, or undefined. */
  get(url: string): Readonly<StateEntry> | undefined;
  /** Replaces the entry of `url` (fields that are undefined are left out). */
  set(url: string, entry: StateEntry): void;
  /** Removes the entry of `url`; returns whether there was one. */
  delete(url: string): boolean;
  /**
   * Writes every entry to the file atomically. Saves started without awaiting land in call order.
   *
   * @throws {Error} The file system error; the file then still holds the previous state.
   */
  save(): Promise<void>;
}

/** Options of {@linkcode openStateStore}. */
export interface OpenStateOptions {
  /**
   * Called with the `SyntaxError` when the file is not a state file corun wrote; the state then
   * starts empty (and the next `save()` replaces the file) instead of `openStateStore` throwing.
   */
  onInvalid?: (error: SyntaxError) => void;
}

/**
 * Opens the state file at `path` (an empty state when it does not exist yet).
 *
 * @param path The state file, usually `<outDir>/.corun-state.json`.
 * @param options What to do with a file that is not a state file.
 * @returns The state, loaded.
 * @throws {SyntaxError} When the file is not a state file corun wrote (the message says what is off)
 *   and no `onInvalid` was given.
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
  let text: string | undefined;
  try {
    using opened = within.openFileSync(file, { read: true, create: false });
    text = await readText(opened);
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
  let entries = new Map<string, StateEntry>();
  try {
    if (text !== undefined) entries = parseState(path, text);
  } catch (error) {
    if (!(error instanceof SyntaxError) || !options.onInvalid) throw error;
    options.onInvalid(error);
  }
  let lastSave: Promise<void> = Promise.resolve();
  return {
    path,
    get size() {
      return entries.size;
    },
    get: (url) => entries.get(url),
    set(url, entry) {
      entries.set(url, cleanEntry(entry));
    },
    delete: (url) => entries.delete(url),
    save() {
      const json = stateText(entries);
      const saved = lastSave.then(() => saveText(file, json, within));
      lastSave = saved.catch(() => {});
      return saved;
    },
  };
}

/**
 * Writes the state file whole, flushed to the disk before the rename; the flush is asynchronous, so
 * the run goes on meanwhile.
 */
async function saveText(file: string, text: string, within: ConfinedDir): Promise<void> {
  await using out = AtomicFile.createSync(file, { sync: true, within });
  await out.write(new TextEncoder().encode(text));
  await out.commit();
}

/**
 * The state file's text: one entry a line, each entry's JSON made on its own (a run of 10,000 URLs
 * saved in half the time of one `JSON.stringify` of the whole, indented, through an object of 10,000
 * keys).
 */
function stateText(entries: ReadonlyMap<string, StateEntry>): string {
  const lines: string[] = [];
  for (const [url, entry] of entries) {
    lines.push(`    ${JSON.stringify(url)}: ${JSON.stringify(entry)}`);
  }
  if (lines.length === 0) return `{ "version": ${FORMAT_VERSION}, "entries": {} }\n`;
  return `{\n  "version": ${FORMAT_VERSION},\n  "entries": {\n${lines.join(",\n")}\n  }\n}\n`;
}

/** A frozen copy holding only the known string fields, always in the same order (one shape). */
function cleanEntry(entry: StateEntry): StateEntry {
  const { etag, lastModified, savedPath, sha256 } = entry;
  const clean: StateEntry = {};
  if (etag !== undefined) clean.etag = String(etag);
  if (lastModified !== undefined) clean.lastModified = String(lastModified);
  if (savedPath !== undefined) clean.savedPath = String(savedPath);
  if (sha256 !== undefined) clean.sha256 = String(sha256);
  return Object.freeze(clean);
}

function parseState(path: string, text: string): Map<string, StateEntry> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new SyntaxError(`Cannot read state file "${path}": ${reason}`, { cause });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`it is not JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(data)) return fail("expected an object at the top");
  if (data.version !== FORMAT_VERSION) {
    return fail(`expected version ${FORMAT_VERSION}, got ${JSON.stringify(data.version)}`);
  }
  if (!isRecord(data.entries)) return fail('expected "entries" to be an object');
  const entries = new Map<string, StateEntry>();
  for (const [url, entry] of Object.entries(data.entries)) {
    if (!isRecord(entry)) return fail(`the entry of "${url}" is not an object`);
    for (const field of FIELDS) {
      if (entry[field] !== undefined && typeof entry[field] !== "string") {
        return fail(`"${field}" of "${url}" is not a string`);
      }
    }
    entries.set(url, cleanEntry(entry as StateEntry));
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
