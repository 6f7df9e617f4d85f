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
import { readProblemOf } from "../sinks/read_problem.ts";
import { UrlListError } from "./url_list_error.ts";
import {
  carriesCredentials,
  credentialsRefusal,
  hasUnencodedCredentials,
  originPrefixOf,
  urlTextWithoutCredentials,
} from "../net/mod.ts";
import { MAX_URL_BYTES, quoteReceived, urlLengthProblem, urlRefusalReason } from "../http/mod.ts";
import { headOf } from "../loop/mod.ts";

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
  /**
   * Its URL column as written, without credentials (as `error` quotes it, not cut short), so the
   * record of the failed item names what was listed; absent when the line is not text (not UTF-8,
   * NUL bytes, over 64 KiB) or its URL column is empty.
   */
  written?: string;
}

/** Tuning for tests. */
export interface UrlListReadOptions {
  /** Bytes read from the file at a time. @default 65536 */
  chunkSize?: number;
}

/** Longest line, in UTF-8 bytes without its line ending: as long as a URL may be anywhere. */
export const MAX_LIST_LINE_BYTES = MAX_URL_BYTES;

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
 * consumer stops early (`break`, `return()`). At most `MAX_OPEN_LISTS` lists are open at once in
 * the process: a reader past that opens its file when another closes.
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
 * @throws {UrlListError} When the file cannot be opened or read, is UTF-16, or changes while it
 *   is read; the message names the path.
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
  const splitter = new LineSplitter((line, text, utf8) => {
    const entry = text === undefined
      ? tooLong(line)
      : utf8
      ? parseListLine(text, line)
      : notUtf8(text, line);
    if (entry === undefined) return;
    batch.push(entry);
    if (batch.length === batchSize) {
      full.push(batch);
      batch = [];
    }
  });
  const chunks = readChunks(path, splitter, options.chunkSize);
  try {
    while (true) {
      let read: IteratorResult<void>;
      try {
        read = await chunks.next();
      } catch (error) {
        // The lines read before a read failed, or the file changed, are whole lines of the list:
        // they go first, so the error's "after line N" is the last line the consumer got.
        while (full.length > 0) yield full.shift()!;
        if (batch.length > 0) yield batch;
        throw error;
      }
      if (read.done) break;
      // Yield between chunks: at most one chunk's worth of entries waits here.
      while (full.length > 0) yield full.shift()!;
    }
  } finally {
    await chunks.return(undefined); // a consumer that stopped early closes the file
  }
  while (full.length > 0) yield full.shift()!;
  if (batch.length > 0) yield batch;
}

/** What `countUrlList` may also tell, and tuning for tests. */
export interface UrlListCountOptions extends UrlListReadOptions {
  /**
   * Called with the origin of each entry the run would fetch (`https://x.org`), in file order; a
   * bad line, which makes no request, has none. Without it no line is parsed.
   */
  onOrigin?: (origin: string) => void;
}

/**
 * Counts the entries (lines that are not blank or comments) without building them, streaming; for
 * `corun plan`. Bad lines count: each is an item the run records as failed.
 *
 * @param path The list file.
 * @param options What else to tell, and tuning for tests.
 * @returns How many entries `readUrlList` yields for the file.
 * @throws {UrlListError} When the file cannot be opened or read, is UTF-16, or changes while it
 *   is read; the message names the path.
 */
export async function countUrlList(
  path: string,
  options: UrlListCountOptions = {},
): Promise<number> {
  const steps = countUrlListSteps(path, options);
  for (;;) {
    const step = await steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@linkcode countUrlList} a chunk of the file at a time: a caller that stops between chunks
 * (`return()`) closes the file then, as a run cancelled while it reads a list's origins ahead does.
 *
 * @param path The list file.
 * @param options What else to tell, and tuning for tests.
 * @returns A step per chunk read, then how many entries `readUrlList` yields for the file.
 * @throws {UrlListError} When the file cannot be opened or read, is UTF-16, or changes while it
 *   is read; the message names the path.
 */
export async function* countUrlListSteps(
  path: string,
  options: UrlListCountOptions = {},
): AsyncGenerator<void, number> {
  let count = 0;
  const { onOrigin } = options;
  const originOf = onOrigin === undefined ? undefined : lineOrigins();
  const splitter = new LineSplitter((_line, text, utf8) => {
    if (text !== undefined && !isEntry(text)) return;
    count++;
    if (originOf === undefined || text === undefined || !utf8) return;
    const origin = originOf(text);
    if (origin !== undefined) onOrigin!(origin);
  });
  // Everything happens in the splitter.
  for await (const _ of readChunks(path, splitter, options.chunkSize)) yield;
  return count;
}

/**
 * Most list files open at once in the process. A list task's file stays open while the frontier
 * drains, and every list task starts reading at once: a run of 300 list tasks opened 300 files, and
 * those past the process's limit (256 by default on macOS) failed with "Too many open files".
 */
export const MAX_OPEN_LISTS = 32;

/** Turns at having a list file open, first come first served. */
class OpenListTurns {
  #open = 0;
  readonly #waiting: (() => void)[] = [];

  async take(): Promise<void> {
    if (this.#open < MAX_OPEN_LISTS) {
      this.#open++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#open--;
    else next(); // the turn passes on, still counted
  }
}

const openLists = new OpenListTurns();

/** `readChunksOf` in a turn at having a list open: the turn is given back as the file closes. */
async function* readChunks(
  path: string,
  splitter: LineSplitter,
  chunkSize = CHUNK_BYTES,
): AsyncGenerator<void> {
  await openLists.take();
  try {
    yield* readChunksOf(path, splitter, chunkSize);
  } finally {
    openLists.give();
  }
}

/** Feeds the file's text to `splitter` one chunk at a time, yielding after each; always closes it. */
async function* readChunksOf(
  path: string,
  splitter: LineSplitter,
  chunkSize: number,
): AsyncGenerator<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const watch = new ListChangeWatch(await statOf(file, path), path);
    const decoder = new TextDecoder(); // drops a leading BOM; bad bytes become U+FFFD
    let cut: Uint8Array = NO_BYTES; // a character the last chunk cut short: the decoder holds it
    let fed = 0;
    const feed = async (bytes: Uint8Array) => {
      // Before the bytes are used: a chunk read after the file changed may be another text's.
      watch.check(await statOf(file, path), fed, splitter.lines);
      fed += bytes.length;
      const text = decoder.decode(bytes, { stream: true });
      // A U+FFFD is a bad byte or the character itself, written correctly: only the bytes tell.
      splitter.feed(text, text.includes("\uFFFD") ? badSegments(join(cut, bytes)) : NONE);
      cut = cutCharacter(bytes.length >= 3 ? bytes : join(cut, bytes));
    };
    const start = await readStart(file, path);
    if (hasUtf16Bom(start)) throw utf16Error(path);
    await feed(start);
    yield;
    const buffer = new Uint8Array(chunkSize);
    while (true) {
      const read = await readInto(file, buffer, path);
      if (read === null) break;
      await feed(buffer.subarray(0, read));
      yield;
    }
    // The end of a list cut short is no end: its last, half line is none of the list's.
    watch.check(await statOf(file, path), fed, splitter.lines);
    const rest = decoder.decode();
    splitter.feed(rest, rest === "" ? NONE : [0]); // the file ends inside a character
    splitter.end();
  } finally {
    file.close();
  }
}

/** The open file's size and time of last change, as `fstat` tells them. */
async function statOf(file: Deno.FsFile, path: string): Promise<Deno.FileInfo> {
  try {
    return await file.stat();
  } catch (error) {
    throw fileError(path, error);
  }
}

/**
 * Tells when a list file changes while it is read: one emptied, cut short or rewritten in place
 * (`generate > urls.txt`) under the reader gave its half line as the last URL, and the lines past
 * it were dropped with the task done. Its size and time of last change as it was opened are
 * compared with each chunk's (one `fstat` a 64 KiB chunk). A list replaced by another file (`mv`)
 * is not seen: the open file is still the old one, whole. Only a regular file has them to compare.
 */
class ListChangeWatch {
  readonly #opened: Deno.FileInfo;
  readonly #path: string;

  constructor(opened: Deno.FileInfo, path: string) {
    this.#opened = opened;
    this.#path = path;
  }

  /**
   * @param now The file's information now.
   * @param read Bytes read and used so far.
   * @param lines Lines read whole so far.
   * @throws {UrlListError} When the file is not as it was opened.
   */
  check(now: Deno.FileInfo, read: number, lines: number): void {
    const opened = this.#opened;
    if (!opened.isFile) return;
    const sameTime = opened.mtime === null || now.mtime === null ||
      opened.mtime.getTime() === now.mtime.getTime();
    if (now.size === opened.size && sameTime) return;
    const how = now.size < read
      ? `it is now ${now.size} bytes, ${read} were read`
      : `it was written to once ${read} of its ${opened.size} bytes were read`;
    throw new UrlListError(
      `Cannot read the URL list "${this.#path}" to its end: it changed while it was read (after ` +
        `line ${lines}: ${how}); write a new list to another file and move it into place (mv), ` +
        "which a run reading the old one does not see",
    );
  }
}

/** Reads into `buffer`; null at the end of the file. */
async function readInto(file: Deno.FsFile, buffer: Uint8Array, path: string) {
  try {
    return await file.read(buffer);
  } catch (error) {
    throw fileError(path, error);
  }
}

/** The file's first two bytes (fewer only when it is that short): enough to tell UTF-16 by. */
async function readStart(file: Deno.FsFile, path: string): Promise<Uint8Array> {
  const start = new Uint8Array(2);
  let filled = 0;
  while (filled < start.length) {
    const read = await readInto(file, start.subarray(filled), path);
    if (read === null) break;
    filled += read;
  }
  return start.subarray(0, filled);
}

/**
 * Whether a file starts with a UTF-16 byte order mark (little or big endian): Windows PowerShell 5
 * writes lists so (`>`, `Out-File`). Read as UTF-8, every line of such a file is a URL with NUL
 * bytes between its letters.
 *
 * @param start The file's first two bytes (fewer when it is shorter).
 * @returns True for a UTF-16 byte order mark.
 */
export function hasUtf16Bom(start: Uint8Array): boolean {
  return start.length >= 2 &&
    ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff));
}

/** Why a file (a list, a config) that starts with a UTF-16 byte order mark is not read, and what to do. */
export const UTF16_TEXT =
  "it is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8";

function utf16Error(path: string): UrlListError {
  return new UrlListError(`Cannot read the URL list "${path}": ${UTF16_TEXT}`);
}

const NO_BYTES = new Uint8Array(0);
const NONE: readonly number[] = Object.freeze([]);

function join(first: Uint8Array, second: Uint8Array): Uint8Array {
  if (first.length === 0) return second;
  const joined = new Uint8Array(first.length + second.length);
  joined.set(first);
  joined.set(second, first.length);
  return joined;
}

/**
 * The bytes of a character that `bytes` ends inside of (a copy), or none. Only the last three
 * bytes can be such a start: a character is at most four bytes long.
 */
function cutCharacter(bytes: Uint8Array): Uint8Array {
  for (let index = bytes.length - 1; index >= 0 && index >= bytes.length - 3; index--) {
    const byte = bytes[index];
    if (byte < 0x80) return NO_BYTES;
    if (byte < 0xc0) continue; // a continuation byte: its lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > bytes.length - index ? bytes.slice(index) : NO_BYTES;
  }
  return NO_BYTES;
}

/**
 * Which of the `\n`-separated segments of `bytes` are not UTF-8 (0 is the rest of the line the last
 * chunk left unfinished). `bytes` starts at a character's start; its last segment may end inside
 * one, which the next chunk finishes. Only for chunks whose text has a U+FFFD: most have none.
 */
function badSegments(bytes: Uint8Array): readonly number[] {
  // Most such chunks hold the character itself, written correctly: one check of the whole says so.
  if (isUtf8(bytes, true)) return NONE;
  const bad: number[] = [];
  let start = 0;
  for (let segment = 0;; segment++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    if (!isUtf8(bytes.subarray(start, end), newline === -1)) bad.push(segment);
    if (newline === -1) return bad;
    start = newline + 1;
  }
}

function isUtf8(bytes: Uint8Array, unfinished: boolean): boolean {
  try {
    STRICT_UTF8.decode(bytes, { stream: unfinished });
    return true;
  } catch {
    return false;
  } finally {
    // After a streamed call the decoder holds the cut character: a last, flushing call ends that
    // stream (its complaint about the cut is not this line's), so the next line starts fresh.
    if (unfinished) {
      try {
        STRICT_UTF8.decode();
      } catch {
        // the cut character the stream ended on
      }
    }
  }
}

/** One strict decoder for every line checked (a decoder per line cost 6× the whole read). */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function fileError(path: string, error: unknown): UrlListError {
  const reason = readProblemOf(error, path);
  return new UrlListError(`Cannot read the URL list "${path}": ${reason}`, { cause: error });
}

/**
 * A line as the splitter hands it on: `text` is undefined for a line past `MAX_LIST_LINE_BYTES`;
 * `utf8` is false when its bytes were not UTF-8 (its text then has U+FFFD in their place).
 */
type OnLine = (line: number, text: string | undefined, utf8: boolean) => void;

/**
 * Cuts text into lines at `\n`, across chunks. A line past `MAX_LIST_LINE_BYTES` is dropped as it
 * comes (reported with `text` undefined, unless it is a comment) so it never grows in memory.
 */
class LineSplitter {
  readonly #onLine: OnLine;
  #pending = "";
  #line = 0;
  /** Inside an overlong line: "entry" reports it once it ends, "comment" drops it silently. */
  #skipping: "entry" | "comment" | undefined;
  /** Some bytes of the pending line were not UTF-8. */
  #notUtf8 = false;

  constructor(onLine: OnLine) {
    this.#onLine = onLine;
  }

  /** Lines ended so far. */
  get lines(): number {
    return this.#line;
  }

  /**
   * @param text The next piece of the file's text.
   * @param badSegments Which of its `\n`-separated segments (0: the rest of the pending line) had
   *   bytes that are not UTF-8, in ascending order.
   */
  feed(text: string, badSegments: readonly number[] = NONE): void {
    let start = 0;
    let nextBad = 0;
    for (let segment = 0;; segment++) {
      if (badSegments[nextBad] === segment) {
        this.#notUtf8 = true;
        nextBad++;
      }
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
    // More UTF-16 units than the limit has bytes: too long whatever the encoding. One more is the
    // CR of a CRLF whose LF the next read brings: a line of exactly the limit is still an entry.
    if (this.#pending.length > MAX_LIST_LINE_BYTES + 1) {
      this.#skipping = /^\s*#/.test(this.#pending) ? "comment" : "entry";
      this.#pending = "";
    }
  }

  #finish(tail: string): void {
    const line = ++this.#line;
    const utf8 = !this.#notUtf8;
    this.#notUtf8 = false;
    if (this.#skipping !== undefined) {
      const skipped = this.#skipping;
      this.#skipping = undefined;
      if (skipped === "entry") this.#onLine(line, undefined, utf8);
      return;
    }
    let text = this.#pending === "" ? tail : this.#pending + tail;
    this.#pending = "";
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.length > MAX_LIST_LINE_BYTES / 3 && utf8Length(text) > MAX_LIST_LINE_BYTES) {
      if (!/^\s*#/.test(text)) this.#onLine(line, undefined, utf8);
      return;
    }
    this.#onLine(line, text, utf8);
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

/**
 * True unless the line is blank or a comment: the one rule of `readUrlList` and `countUrlList`.
 * Blank is what `String.trim` removes, so U+00A0 and the other Unicode spaces count; without them a
 * line that is only a no-break space was counted by `plan` and skipped by the run.
 */
function isEntry(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) continue;
    if (code >= 0x80 && WHITESPACE.test(text[i])) continue;
    return code !== 0x23; // "#"
  }
  return false;
}

/** What `String.trim` removes: JavaScript's white space and line terminators. */
const WHITESPACE = /\s/;

/** A line that is one URL and nothing else: no column, no space, no NUL. */
const URL_ALONE = /^[^\s\0]*$/;

/** Origins `lineOrigins` tells without a parse; past this many it starts its set anew. */
const KNOWN_LINE_ORIGINS = 1024;

/**
 * Tells the origin of each entry line's URL as `parseListLine` reads the line, or undefined for a
 * bad line. A line of a URL alone on an origin an entry before had (most lines of most lists) is
 * told without a parse: a million lines took 13 times as long with one each.
 */
function lineOrigins(): (text: string) => string | undefined {
  const known = new Set<string>();
  return (text) => {
    const prefix = originPrefixOf(text);
    if (known.has(prefix) && URL_ALONE.test(text)) return prefix;
    const entry = parseListLine(text, 0);
    if (entry === undefined || "error" in entry) return undefined;
    const origin = new URL(entry.url).origin;
    if (known.size === KNOWN_LINE_ORIGINS) known.clear();
    known.add(origin);
    return origin;
  };
}

/**
 * A line whose bytes are not UTF-8: an error, unless it is blank or a comment, showing the line (its
 * text has U+FFFD for them; a U+FFFD written correctly looks alike) and what to write instead: a Latin-1 or Windows-1252 list's `é` is one such
 * byte, which a URL carries percent-escaped.
 */
function notUtf8(text: string, line: number): ListLineError | undefined {
  if (!isEntry(text)) return undefined;
  return {
    line,
    error: `the line is not valid UTF-8 (shown with U+FFFD for such bytes: ${quote(text.trim())})` +
      ": write a URL's bytes that are not UTF-8 percent-escaped (Latin-1's é, the byte E9, as " +
      "%E9; saved as UTF-8, é is sent as %C3%A9)",
  };
}

function tooLong(line: number): ListLineError {
  return {
    line,
    error: `the line is longer than ${MAX_LIST_LINE_BYTES / 1024} KiB, a fixed limit: a URL, a ` +
      "save path and a checksum take far less (servers refuse a URL past 8 to 16 KiB)",
  };
}

/**
 * One line of a list (without its line ending) as an entry, or `undefined` for a blank line or a
 * comment.
 *
 * @param text The line's text, decoded from UTF-8 (the reader reports a line that was not itself).
 * @param line Its 1-based number.
 * @returns The entry, an error entry, or undefined.
 */
function parseListLine(text: string, line: number): ListItem | ListLineError | undefined {
  if (!isEntry(text)) return undefined;
  // UTF-16 without a byte order mark: NUL bytes between the letters of every line.
  if (text.includes("\0")) {
    return { line, error: "the line holds NUL bytes (is the file UTF-16? save it as UTF-8)" };
  }
  // An indented line (spaces or TABs) is read as if it were not.
  const columns = text.trim().split("\t");
  const written = columns[0].trim();
  if (columns.length > 3) {
    return badLine(line, written, "a fourth column is not supported (URL, save path, checksum)");
  }
  // Lines that end with a CR alone (classic Mac text) read as one line holding CRs.
  if (written.includes("\r")) {
    return badLine(
      line,
      written,
      "the line holds a carriage return (CR) with no line feed after it: the file's lines end " +
        "with CR alone; save it with LF or CRLF line ends",
    );
  }
  if (WHITESPACE.test(written)) {
    return badLine(
      line,
      written,
      `a URL cannot contain spaces (write them as %20, and a save path after a TAB): ${
        quote(written)
      }`,
    );
  }
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    // `<TAB>save.txt`: a save path with its URL column left empty, not a URL of that name.
    const emptyColumn = columns.length === 1 && /^\s*\t/.test(text);
    if (emptyColumn) {
      return {
        line,
        error: `the URL column is empty (the line starts with a TAB, then ${quote(written)})`,
      };
    }
    // A password a raw `#` cut leaves no URL (`me:pa#ss@`: port "pa"): said as such, not hidden.
    if (hasUnencodedCredentials(written)) return credentialsLine(line, written);
    const reason = urlRefusalReason(written);
    const why = reason === undefined ? "" : ` (${reason})`;
    return badLine(line, written, `not a URL${why}: ${quote(written)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return badLine(line, written, `not an http(s) URL: ${quote(written)}`);
  }
  // As in a config's URLs: the client never sends them, and every log would show them.
  if (carriesCredentials(url, written)) {
    return credentialsLine(line, written);
  }
  // Within the line's limit as written, up to three times longer percent-encoded.
  if (url.href.length > MAX_URL_BYTES) return badLine(line, written, urlLengthProblem(written)!);
  let checksum: Checksum | undefined;
  const sum = columns.length === 3 ? columns[2].trim() : "";
  if (sum !== "") {
    try {
      checksum = parseChecksum(sum);
    } catch (error) {
      return badLine(
        line,
        written,
        `bad checksum in the third column: ${(error as Error).message}`,
      );
    }
  }
  const save = columns.length >= 2 ? columns[1].trim() : "";
  // An empty second column (a spreadsheet's blank cell) means the task's own save template.
  if (save === "") return checksum ? { url: url.href, line, checksum } : { url: url.href, line };
  const problems = validatePathTemplate(save);
  if (problems.length > 0) return badLine(line, written, `bad save path: ${problems[0].message}`);
  const part = highestPartPlaceholder(save);
  if (part > 0) {
    return badLine(
      line,
      written,
      `the save path uses {${part}}, but a list line has no globs to fill it`,
    );
  }
  return checksum ? { url: url.href, save, line, checksum } : { url: url.href, save, line };
}

/** A line whose URL carries credentials: refused, saying where they belong. */
function credentialsLine(line: number, written: string): ListLineError {
  return badLine(
    line,
    written,
    `${
      credentialsRefusal(written)
    }; give the task's fetch an auth, as in fetch: { urls, auth: { username, password } }: ${
      quote(written)
    }`,
  );
}

/** A bad line, with its URL column as written, credentials hidden (see `ListLineError.written`). */
function badLine(line: number, written: string, error: string): ListLineError {
  return { line, error, written: urlTextWithoutCredentials(written) };
}

/**
 * A bad line's text for its error, without the password of any URL in it, also where its slashes
 * are mistyped (`https:/me:pw@x.org`), which the URL parser reads as credentials all the same; an
 * invisible character (a zero-width space pasted with the URL) is shown escaped, `\u200b`.
 */
function quote(text: string): string {
  const shown = urlTextWithoutCredentials(text);
  return quoteReceived(shown.length > QUOTE_CHARS ? `${headOf(shown, QUOTE_CHARS)}…` : shown);
}
