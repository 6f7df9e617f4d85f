/**
 * URL list files (`fetch: { urls: FILE }`): one URL a line, read lazily in batches so a list of
 * millions of lines never lives in memory whole.
 *
 * ```text
 * # comments and blank lines are skipped
 * https://x.org/a.html
 * https://x.org/b.html<TAB>pages/b.html
 * https://x.org/c.iso<TAB><TAB>sha256:<64 hex digits>
 * ```
 * @module
 */
import { type Checksum, parseChecksum } from "../sinks/checksum.ts";
import { highestPartPlaceholder, validatePathTemplate } from "../sinks/path_template.ts";
import { messageOf } from "../loop/mod.ts";

/** One URL of a list, with the save path its line gives, if any. */
export interface ListItem {
  /** The URL, normalised (`new URL(text).href`); always http: or https:. */
  url: string;
  /** The save path after the TAB, as written (a path template relative to the output directory). */
  save?: string;
  /** The digest its body must have: the third column (`sha256:HEX` or `sha512:HEX`). */
  checksum?: Checksum;
  /** 1-based line number in the file. */
  line: number;
}

/** A line that is not a usable entry: the run records it as a failed item and goes on. */
export interface ListLineError {
  /** 1-based line number in the file. */
  line: number;
  /** What is wrong, e.g. `not an http(s) URL: "ftp://x"`. */
  error: string;
}

/** Tuning for tests. */
export interface UrlListReadOptions {
  /** Bytes read from the file at a time. @default 65536 */
  chunkSize?: number;
}

/** Longest line, in UTF-8 bytes without its line ending. */
export const MAX_LIST_LINE_BYTES = 64 * 1024;

const CHUNK_BYTES = 64 * 1024;
/** How much of a bad line an error quotes. */
const QUOTE_CHARS = 200;

/**
 * Reads `path` in batches of at most `batchSize` (default 1024) entries: one URL a line; blank lines
 * and lines starting with # (after optional whitespace) skipped; an optional TAB then a save path
 * (relative to the output directory, may be empty) after the URL, and an optional TAB then the
 * body's expected digest (`sha256:HEX`, `sha512:HEX`) after that; CRLF and a UTF-8 BOM accepted; a line longer than
 * 64 KiB is an error entry, not a crash. A bad line is yielded as a `ListLineError` (the run records
 * it as a failed item and goes on), never thrown.
 *
 * The file is open only while the generator runs: it is closed at the end, on an error, and when the
 * consumer stops early (`break`, `return()`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { readUrlList } from "./url_list.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "# mirrors\nhttps://example.com/a\thosts/a.html\nftp://example.com/b\n");
 * const seen: string[] = [];
 * for await (const batch of readUrlList(path)) {
 *   for (const entry of batch) seen.push("error" in entry ? `line ${entry.line}: error` : entry.url);
 * }
 * assertEquals(seen, ["https://example.com/a", "line 3: error"]);
 * await Deno.remove(path);
 * ```
 * @param path The list file.
 * @param batchSize Most entries per batch. @default 1024
 * @param options Tuning for tests.
 * @returns Batches of entries in file order; no batch is empty.
 * @throws {Error} When the file cannot be opened or read; the message names the path.
 */
export async function* readUrlList(
  path: string,
  batchSize = 1024,
  options: UrlListReadOptions = {},
): AsyncGenerator<(ListItem | ListLineError)[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`URL list batch size must be a whole number from 1, got ${batchSize}`);
  }
  let batch: (ListItem | ListLineError)[] = [];
  const full: (ListItem | ListLineError)[][] = [];
  const splitter = new LineSplitter((line, text) => {
    const entry = text === undefined ? tooLong(line) : parseListLine(text, line);
    if (entry === undefined) return;
    batch.push(entry);
    if (batch.length === batchSize) {
      full.push(batch);
      batch = [];
    }
  });
  for await (const _ of readChunks(path, splitter, options.chunkSize)) {
    // Yield between chunks: at most one chunk's worth of entries waits here.
    while (full.length > 0) yield full.shift()!;
  }
  while (full.length > 0) yield full.shift()!;
  if (batch.length > 0) yield batch;
}

/**
 * Counts the entries (lines that are not blank or comments) without building them, streaming; for
 * `corun plan`. Bad lines count: each is an item the run records as failed.
 *
 * @param path The list file.
 * @param options Tuning for tests.
 * @returns How many entries `readUrlList` yields for the file.
 * @throws {Error} When the file cannot be opened or read; the message names the path.
 */
export async function countUrlList(
  path: string,
  options: UrlListReadOptions = {},
): Promise<number> {
  let count = 0;
  const splitter = new LineSplitter((_line, text) => {
    if (text === undefined || isEntry(text)) count++;
  });
  for await (const _ of readChunks(path, splitter, options.chunkSize)) {
    // Everything happens in the splitter.
  }
  return count;
}

/** Feeds the file's text to `splitter` one chunk at a time, yielding after each; always closes it. */
async function* readChunks(
  path: string,
  splitter: LineSplitter,
  chunkSize = CHUNK_BYTES,
): AsyncGenerator<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const decoder = new TextDecoder(); // drops a leading BOM; bad bytes become U+FFFD
    const buffer = new Uint8Array(chunkSize);
    while (true) {
      let read: number | null;
      try {
        read = await file.read(buffer);
      } catch (error) {
        throw fileError(path, error);
      }
      if (read === null) break;
      splitter.feed(decoder.decode(buffer.subarray(0, read), { stream: true }));
      yield;
    }
    splitter.feed(decoder.decode());
    splitter.end();
  } finally {
    file.close();
  }
}

function fileError(path: string, error: unknown): Error {
  const reason = messageOf(error);
  return new Error(`Cannot read URL list "${path}": ${reason}`, { cause: error });
}

/**
 * Cuts text into lines at `\n`, across chunks. A line past `MAX_LIST_LINE_BYTES` is dropped as it
 * comes (reported with `text` undefined, unless it is a comment) so it never grows in memory.
 */
class LineSplitter {
  readonly #onLine: (line: number, text: string | undefined) => void;
  #pending = "";
  #line = 0;
  /** Inside an overlong line: "entry" reports it once it ends, "comment" drops it silently. */
  #skipping: "entry" | "comment" | undefined;

  constructor(onLine: (line: number, text: string | undefined) => void) {
    this.#onLine = onLine;
  }

  feed(text: string): void {
    let start = 0;
    while (true) {
      const newline = text.indexOf("\n", start);
      if (newline === -1) {
        this.#keep(text.slice(start));
        return;
      }
      this.#finish(text.slice(start, newline));
      start = newline + 1;
    }
  }

  end(): void {
    if (this.#pending !== "" || this.#skipping !== undefined) this.#finish("");
  }

  #keep(rest: string): void {
    if (this.#skipping !== undefined || rest === "") return;
    this.#pending += rest;
    // More UTF-16 units than the limit has bytes: too long whatever the encoding.
    if (this.#pending.length > MAX_LIST_LINE_BYTES) {
      this.#skipping = /^\s*#/.test(this.#pending) ? "comment" : "entry";
      this.#pending = "";
    }
  }

  #finish(tail: string): void {
    const line = ++this.#line;
    if (this.#skipping !== undefined) {
      const skipped = this.#skipping;
      this.#skipping = undefined;
      if (skipped === "entry") this.#onLine(line, undefined);
      return;
    }
    let text = this.#pending === "" ? tail : this.#pending + tail;
    this.#pending = "";
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.length > MAX_LIST_LINE_BYTES / 3 && utf8Length(text) > MAX_LIST_LINE_BYTES) {
      if (!/^\s*#/.test(text)) this.#onLine(line, undefined);
      return;
    }
    this.#onLine(line, text);
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair counts 2 + 2: four bytes for the code point.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3;
  }
  return bytes;
}

/** True unless the line is blank or a comment. */
function isEntry(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\f" || ch === "\v") continue;
    return ch !== "#";
  }
  return false;
}

function tooLong(line: number): ListLineError {
  return { line, error: `the line is longer than ${MAX_LIST_LINE_BYTES / 1024} KiB` };
}

/**
 * One line of a list (without its line ending) as an entry, or `undefined` for a blank line or a
 * comment.
 */
export function parseListLine(text: string, line: number): ListItem | ListLineError | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return undefined;
  const columns = trimmed.split("\t");
  if (columns.length > 3) {
    return { line, error: "a fourth column is not supported (URL, save path, checksum)" };
  }
  const written = columns[0].trim();
  if (text.includes("\uFFFD")) return { line, error: "the line is not valid UTF-8" };
  if (/\s/.test(written)) {
    return {
      line,
      error: `a URL cannot contain spaces (write them as %20, and a save path after a TAB): ${
        quote(written)
      }`,
    };
  }
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return { line, error: `not a URL: ${quote(written)}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { line, error: `not an http(s) URL: ${quote(written)}` };
  }
  let checksum: Checksum | undefined;
  const sum = columns.length === 3 ? columns[2].trim() : "";
  if (sum !== "") {
    try {
      checksum = parseChecksum(sum);
    } catch (error) {
      return { line, error: `bad checksum in the third column: ${(error as Error).message}` };
    }
  }
  const save = columns.length >= 2 ? columns[1].trim() : "";
  // An empty second column (a spreadsheet's blank cell) means the task's own save template.
  if (save === "") return checksum ? { url: url.href, line, checksum } : { url: url.href, line };
  const problems = validatePathTemplate(save);
  if (problems.length > 0) return { line, error: `bad save path: ${problems[0].message}` };
  const part = highestPartPlaceholder(save);
  if (part > 0) {
    return { line, error: `the save path uses {${part}}, but a list line has no globs to fill it` };
  }
  return checksum ? { url: url.href, save, line, checksum } : { url: url.href, save, line };
}

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text);
}
