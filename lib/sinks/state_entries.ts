/**
 * The state file's entries: what one holds and how one read is checked, the file read whole (one
 * JSON object, an entry per URL: `state_lines.ts` reads and writes it as corun lays it out), and the
 * table a store keeps them in, which holds at most one entry per saved path.
 * @module
 */
import { HEADER_VALUE_CONTROL } from "../http/mod.ts";
import { isJsonObject } from "../loop/mod.ts";

/** The version every state file this corun writes has, and the only one it reads. */
export const FORMAT_VERSION = 1;
/** What the last fetch of one URL left behind. */
export interface StateEntry {
  /** The response's `ETag`, sent back as `If-None-Match`. */
  etag?: string;
  /** The response's `Last-Modified`, sent back as `If-Modified-Since`. */
  lastModified?: string;
  /** Where the body was saved, relative to the output directory. */
  savedPath?: string;
  /**
   * That output directory, relative to the state file's folder; absent when it is that folder (the
   * state file in its output directory, as by default). A state file shared by several output
   * directories (`--state`) has one entry per URL: a file of the same path in another directory is
   * not the one saved.
   */
  outDir?: string;
  /** Hex SHA-256 of the saved body. */
  sha256?: string;
  /** Hex SHA-512 of the saved body, when a checksum had it checked. */
  sha512?: string;
  /** Bytes of the saved file. */
  bytes?: number;
  /** When the file was saved (epoch ms): a file written since is modified later. */
  savedAtMs?: number;
}

/**
 * The file an entry's body is in, as a table indexes it: its saved path within its output directory
 * (`x.html` of one output directory is not another's).
 *
 * @param savedPath The saved path, relative to the output directory.
 * @param outDir The output directory, as the entry names it (`StateEntry.outDir`).
 * @returns The key.
 */
export function fileKeyOf(savedPath: string, outDir: string | undefined): string {
  // NUL is in no path.
  return outDir === undefined ? savedPath : `${outDir}\0${savedPath}`;
}

/** Entries by URL, at most one per saved file (a file holds one body). */
export class EntryTable {
  readonly byUrl = new Map<string, StateEntry>();
  readonly #urlOfFile = new Map<string, string>();

  /**
   * Sets the entry of `url`, dropping another URL's entry of the same saved file.
   *
   * @param url The URL.
   * @param entry Its entry, already clean (`cleanEntry`).
   * @returns The URL whose entry was dropped, if any.
   */
  set(url: string, entry: StateEntry): string | undefined {
    this.#unindex(url);
    let dropped: string | undefined;
    if (entry.savedPath !== undefined) {
      const file = fileKeyOf(entry.savedPath, entry.outDir);
      dropped = this.#urlOfFile.get(file);
      if (dropped !== undefined) this.byUrl.delete(dropped);
      this.#urlOfFile.set(file, url);
    }
    this.byUrl.set(url, entry);
    return dropped;
  }

  /**
   * Removes the entry of `url`.
   *
   * @param url The URL.
   * @returns Whether there was one.
   */
  delete(url: string): boolean {
    this.#unindex(url);
    return this.byUrl.delete(url);
  }

  /**
   * Removes the entry, whichever URL's, whose body is in `file`.
   *
   * @param file The file, as {@linkcode fileKeyOf} gives it (a saved path, in the state file's
   *   own output directory).
   * @returns The URL whose entry it was, if any.
   */
  deleteSavedPath(file: string): string | undefined {
    const url = this.#urlOfFile.get(file);
    if (url !== undefined) this.delete(url);
    return url;
  }

  /** @returns A copy, for a save to change. */
  copy(): EntryTable {
    const copy = new EntryTable();
    for (const [url, entry] of this.byUrl) copy.set(url, entry);
    return copy;
  }

  #unindex(url: string): void {
    const entry = this.byUrl.get(url);
    if (entry?.savedPath === undefined) return;
    const file = fileKeyOf(entry.savedPath, entry.outDir);
    if (this.#urlOfFile.get(file) === url) this.#urlOfFile.delete(file);
  }
}

/** What a store changed since its last save. */
export class Changes {
  /** Each URL's entry as this store last set it; null when removed. */
  readonly byUrl = new Map<string, StateEntry | null>();
  /** Saved files (`fileKeyOf`) whose entry is dropped whoever's it is (`forgetSavedPath`). */
  readonly forgottenPaths = new Set<string>();

  /**
   * Applies the changes to `table`: forgotten paths first, then each URL's latest entry (which, as
   * in memory, drops another URL's entry of its saved path).
   *
   * @param table The entries as the file holds them now.
   */
  applyTo(table: EntryTable): void {
    for (const file of this.forgottenPaths) table.deleteSavedPath(file);
    for (const [url, entry] of this.byUrl) {
      if (entry === null) table.delete(url);
      else table.set(url, entry);
    }
  }

  /**
   * Puts these changes (of a failed save) under `newer` ones, for the next save.
   *
   * @param newer Changes made since these were taken.
   * @returns `newer`, with these where it has none of its own.
   */
  under(newer: Changes): Changes {
    for (const [url, entry] of this.byUrl) {
      if (!newer.byUrl.has(url)) newer.byUrl.set(url, entry);
    }
    for (const file of this.forgottenPaths) newer.forgottenPaths.add(file);
    return newer;
  }
}

/**
 * @param entry An entry as given, or as read.
 * @returns A frozen copy holding only the known fields, always in the same order (one shape).
 */
export function cleanEntry(entry: StateEntry): StateEntry {
  const { etag, lastModified, savedPath, outDir, sha256, sha512, bytes, savedAtMs } = entry;
  const clean: StateEntry = {};
  if (etag !== undefined) clean.etag = String(etag);
  if (lastModified !== undefined) clean.lastModified = String(lastModified);
  if (savedPath !== undefined) clean.savedPath = String(savedPath);
  if (outDir !== undefined) clean.outDir = String(outDir);
  if (sha256 !== undefined) clean.sha256 = String(sha256);
  if (sha512 !== undefined) clean.sha512 = String(sha512);
  if (bytes !== undefined) clean.bytes = Number(bytes);
  if (savedAtMs !== undefined) clean.savedAtMs = Number(savedAtMs);
  return Object.freeze(clean);
}

/**
 * A file where the state should be that corun did not write, or a later version of corun did: it is
 * never replaced (a `--state` pointing at another file by mistake must not cost that file).
 */
export class NotStateFileError extends Error {
  /** Stable code. */
  readonly code = "NOT_STATE_FILE";

  /**
   * @param path The file.
   * @param reason What it is instead.
   * @param cause The JSON parser's error, if that is what said so.
   */
  constructor(path: string, reason: string, cause?: unknown) {
    super(`Cannot read the state file "${path}": ${reason}`, { cause });
    this.name = "NotStateFileError";
  }
}

/** How every state file this version writes begins: text that does is a damaged one of ours. */
const OWN_START = new RegExp(`^\\s*\\{\\s*"version"\\s*:\\s*${FORMAT_VERSION}\\s*,`);

/**
 * Reads a state file's text. An empty file (made by a save taking its lock, then cut short) has no
 * entries.
 *
 * @param path The file, for messages.
 * @param text Its text.
 * @returns Its entries.
 * @throws {SyntaxError} `Cannot read the state file "<path>": …` when it is a damaged state file of this
 *   version (its entries may be replaced).
 * @throws {NotStateFileError} When it is not a state file at all, or one of another version.
 */
export function parseState(path: string, text: string): EntryTable {
  const table = new EntryTable();
  if (text === "") return table;
  const fail = (reason: string, cause?: unknown): never => {
    throw new SyntaxError(`Cannot read the state file "${path}": ${reason}`, { cause });
  };
  const foreign = (reason: string, cause?: unknown): never => {
    throw new NotStateFileError(path, reason, cause);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = `it is not JSON (${parserMessage(error)})`;
    return OWN_START.test(text) ? fail(reason, error) : foreign(reason, error);
  }
  if (!isJsonObject(data) || !("version" in data) || !("entries" in data)) {
    return foreign('it is not a corun state file (no "version" and "entries" at the top)');
  }
  if (data.version !== FORMAT_VERSION) {
    return foreign(
      `it is a state file of version ${JSON.stringify(data.version)}; this corun reads version ` +
        `${FORMAT_VERSION}`,
    );
  }
  if (!isJsonObject(data.entries)) return fail('expected "entries" to be an object');
  for (const [url, entry] of Object.entries(data.entries)) {
    const problem = entryProblem(url, entry);
    if (problem !== undefined) return fail(problem);
    table.set(url, cleanEntry(entry as StateEntry));
  }
  return table;
}

/**
 * What is off in an entry as read, if anything.
 *
 * @param url Its URL.
 * @param entry Its value.
 * @returns Why it cannot be used, naming the URL and the field; undefined when it can.
 */
export function entryProblem(url: string, entry: unknown): string | undefined {
  if (!isJsonObject(entry)) return `the entry of "${url}" is not an object`;
  // Each field read once, by its name: read by names from a list (as keys), a large state's
  // entries took several times as long to check.
  const { etag, lastModified, savedPath, outDir, sha256, sha512, bytes, savedAtMs } = entry;
  const notString = "is not a string";
  if (!isText(etag)) return fieldProblem("etag", url, notString);
  if (!isText(lastModified)) return fieldProblem("lastModified", url, notString);
  if (!isText(savedPath)) return fieldProblem("savedPath", url, notString);
  if (!isText(outDir)) return fieldProblem("outDir", url, notString);
  if (!isText(sha256)) return fieldProblem("sha256", url, notString);
  if (!isText(sha512)) return fieldProblem("sha512", url, notString);
  if (!isNumber(bytes)) return fieldProblem("bytes", url, "is not a number");
  if (!isNumber(savedAtMs)) return fieldProblem("savedAtMs", url, "is not a number");
  // Fields sent back as request headers: else every run would fail this URL's fetch, on a header
  // the task never set.
  const unsendable = "holds a line break or NUL, which no header can carry";
  if (!isSendable(etag)) return fieldProblem("etag", url, unsendable);
  if (!isSendable(lastModified)) return fieldProblem("lastModified", url, unsendable);
  return undefined;
}

/** What is off in one field of the entry of `url`. */
function fieldProblem(field: keyof StateEntry, url: string, problem: string): string {
  return `"${field}" of "${url}" ${problem}`;
}

/** A text field's value: a string, or none. */
function isText(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

/** A number field's value: a finite number, or none. */
function isNumber(value: unknown): boolean {
  return value === undefined || Number.isFinite(value);
}

/** A header field's value, once `isText`: no control character a request header may not carry. */
function isSendable(value: unknown): boolean {
  return value === undefined || !HEADER_VALUE_CONTROL.test(value as string);
}

/**
 * The JSON parser's message, on one line: it quotes the text it stopped at, whose line breaks would
 * split the warning's line.
 *
 * @param error What `JSON.parse` threw.
 * @returns Its message, control characters escaped.
 */
export function parserMessage(error: unknown): string {
  return (error as Error).message.replace(
    // deno-lint-ignore no-control-regex
    /[\x00-\x1f\x7f]/g,
    (char) => JSON.stringify(char).slice(1, -1),
  );
}
