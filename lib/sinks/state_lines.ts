/**
 * The state file as corun writes it, one entry a line:
 *
 * ```text
 * {
 *   "version": 1,
 *   "entries": {
 *     "https://x/a": {"etag":"\"1\""},
 *     "https://x/b": {"lastModified":"…"}
 *   }
 * }
 * ```
 *
 * written in pieces and read line by line (lines ending in CRLF too, as an editor or a Windows
 * checkout may leave them, and after the UTF-8 BOM an editor may save), each entry line parsed on
 * its own: no string ever holds the whole file, so its size is bounded by nothing but the memory
 * its entries take (which a run holds anyway), where one string is bounded by V8's longest
 * (~512 MiB). A state of no entries is the one line `{ "version": 1, "entries": {} }`. The file
 * stays one JSON object, which any JSON reader (and older corun, within its cap) reads whole.
 * @module
 */
import { type ByteSource, type LinesLeftOut, readLines } from "../loop/mod.ts";
import {
  cleanEntry,
  entryProblem,
  EntryTable,
  FORMAT_VERSION,
  parserMessage,
  type StateEntry,
} from "./state_entries.ts";

/** How the file begins: its first three lines, always the same bytes. */
const HEAD = `{\n  "version": ${FORMAT_VERSION},\n  "entries": {\n`;
/** The head's lines, each without its line end, as read (a CR may precede each LF). */
const HEAD_LINE_BYTES = HEAD.split("\n").slice(0, -1).map((line) => new TextEncoder().encode(line));
const HEAD_LINES = HEAD_LINE_BYTES.length;
/** A UTF-8 byte order mark, which an editor may save before the head. */
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const CR = 0x0d;
const LF = 0x0a;
/** How each entry line begins: the URL's opening quote, indented. */
const ENTRY_START = '    "';
/** Where the URL's JSON string begins in an entry line, and what follows it there. */
const URL_START = ENTRY_START.length - 1;
const AFTER_URL = '": ';
const BACKSLASH = 0x5c;
/** The lines that end the entries, then the file. */
const ENTRIES_END = "  }";
const FILE_END = "}";
/** What JSON allows after the file's end. */
const JSON_SPACE = /^[ \t\r]*$/;
/** Characters gathered before a piece is handed out: few writes, and no string of the whole. */
const PIECE_CHARS = 256 * 1024;

/**
 * The state file's text, in pieces of about 256 KiB (a line is never split): one entry a line,
 * each entry's JSON made on its own (a run of 10,000 URLs saved in half the time of one
 * `JSON.stringify` of the whole, indented, through an object of 10,000 keys).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { statePieces } from "./state_lines.ts";
 * const entries = new Map([["https://x/a", { etag: "1" }], ["https://x/b", {}]]);
 * assertEquals(
 *   [...statePieces(entries)].join(""),
 *   '{\n  "version": 1,\n  "entries": {\n    "https://x/a": {"etag":"1"},\n' +
 *     '    "https://x/b": {}\n  }\n}\n',
 * );
 * assertEquals([...statePieces(new Map())], ['{ "version": 1, "entries": {} }\n']);
 * ```
 *
 * @param entries The entries by URL.
 * @param pieceChars About how many characters a piece holds.
 * @returns The pieces, in order; joined, the whole file.
 */
export function* statePieces(
  entries: ReadonlyMap<string, StateEntry>,
  pieceChars = PIECE_CHARS,
): Generator<string> {
  if (entries.size === 0) {
    yield `{ "version": ${FORMAT_VERSION}, "entries": {} }\n`;
    return;
  }
  let piece = HEAD;
  let separator = "";
  for (const [url, entry] of entries) {
    piece += `${separator}    ${JSON.stringify(url)}: ${JSON.stringify(entry)}`;
    separator = ",\n";
    if (piece.length >= pieceChars) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}\n${ENTRIES_END}\n${FILE_END}\n`;
}

/**
 * A line of a file that begins as corun writes state files and goes on otherwise: a damaged one,
 * or one laid out another way (edited by hand), which may still read whole.
 */
export class OffLayoutError extends SyntaxError {
  /** The line's 1-based number. */
  readonly line: number;
  /** What is off in it, or what was expected there. */
  readonly reason: string;

  /**
   * @param path The file.
   * @param line The line's 1-based number.
   * @param reason What is off in it, or what was expected there.
   */
  constructor(path: string, line: number, reason: string) {
    super(`Cannot read the state file "${path}": line ${line}: ${reason}`);
    this.name = "OffLayoutError";
    this.line = line;
    this.reason = reason;
  }
}

/**
 * Reads a state file line by line, when it begins as corun writes one (a CR may end any line, and
 * one UTF-8 BOM may come first).
 *
 * @param path The file, for messages.
 * @param source The file, open at its start; read from there.
 * @param maxLineChars The longest line read, in UTF-16 code units (each line is one string).
 * @returns Its entries; undefined when it does not begin as corun writes state files (it is left
 *   part-read: read it whole, from its start).
 * @throws {OffLayoutError} When a line is neither an entry as corun writes them nor what ends them,
 *   or is longer than `maxLineChars`.
 * @throws {SyntaxError} `Cannot read the state file "<path>": line N: …` when an entry holds a field of
 *   the wrong type; `… it ends at line N, before …` when the file is cut short.
 */
export async function readStateLines(
  path: string,
  source: ByteSource,
  maxLineChars: number,
): Promise<EntryTable | undefined> {
  if (!await readsHead(source)) return undefined;
  const reader = new LineReader(path);
  const leftOut: LinesLeftOut = { overlong: 0 };
  const tooLong = () =>
    new OffLayoutError(
      path,
      reader.lineNumber,
      `it is longer than ${maxLineChars.toLocaleString("en-US")} characters, the longest line read`,
    );
  for await (const lines of readLines(source, maxLineChars, leftOut)) {
    // A line past the cap is missing from its batch: the lines before it are read, then it fails.
    const stop = leftOut.firstOverlong === undefined
      ? lines.length
      : leftOut.firstOverlong - 1 - reader.linesRead;
    for (let i = 0; i < stop; i++) reader.line(lines[i]);
    if (leftOut.firstOverlong !== undefined) throw tooLong();
  }
  // The last line, dropped, ends no batch.
  if (leftOut.firstOverlong !== undefined) throw tooLong();
  return reader.end();
}

/**
 * Whether `source` begins with the head of a state file as corun writes it, each line ending in LF
 * or CRLF (an editor, a Windows checkout), maybe after a UTF-8 BOM: read past it, and no further.
 */
async function readsHead(source: ByteSource): Promise<boolean> {
  // One UTF-8 BOM may come first (an editor's), as a whole read's TextDecoder drops one: its
  // first byte is no head's, so the first byte read says which begins the file.
  const [first, ...others] = HEAD_LINE_BYTES;
  let start = await readBytes(source, 1);
  if (start?.[0] === BOM[0]) {
    if (!await readsBytes(source, BOM.subarray(1))) return false;
    start = await readBytes(source, 1);
  }
  if (start?.[0] !== first[0] || !await readsLine(source, first.subarray(1))) return false;
  for (const line of others) if (!await readsLine(source, line)) return false;
  return true;
}

/** Whether `source` goes on with `line`, then LF or CRLF: read past them, and no further. */
async function readsLine(source: ByteSource, line: Uint8Array): Promise<boolean> {
  if (!await readsBytes(source, line)) return false;
  let end = (await readBytes(source, 1))?.[0];
  if (end === CR) end = (await readBytes(source, 1))?.[0];
  return end === LF;
}

/** Whether `source` goes on with `bytes`: read past them, and no further. */
async function readsBytes(source: ByteSource, bytes: Uint8Array): Promise<boolean> {
  const read = await readBytes(source, bytes.length);
  return read !== undefined && bytes.every((byte, i) => byte === read[i]);
}

/** The next `count` bytes of `source`; undefined when it ends before. */
async function readBytes(source: ByteSource, count: number): Promise<Uint8Array | undefined> {
  const bytes = new Uint8Array(count);
  let filled = 0;
  while (filled < count) {
    const read = await source.read(bytes.subarray(filled));
    if (read === null) return undefined;
    filled += read;
  }
  return bytes;
}

/** The lines after the head, in order: where the reader is, and the entries so far. */
class LineReader {
  readonly #table = new EntryTable();
  readonly #path: string;
  #linesRead = 0;
  /** What the next line must be. */
  #expect: "entry or end" | "entry" | "end" | "file end" | "nothing" = "entry or end";

  constructor(path: string) {
    this.#path = path;
  }

  /** Lines read after the head. */
  get linesRead(): number {
    return this.#linesRead;
  }

  /** The 1-based number in the file of the line being read. */
  get lineNumber(): number {
    return HEAD_LINES + this.#linesRead + 1;
  }

  /** Reads the next line (a CR at its end is its line end's, as in a CRLF file). */
  line(text: string): void {
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const expect = this.#expect;
    const entry = text.startsWith(ENTRY_START);
    if (entry && (expect === "entry or end" || expect === "entry")) this.#entry(text);
    else if (text === ENTRIES_END && (expect === "entry or end" || expect === "end")) {
      this.#expect = "file end";
    } else if (text === FILE_END && expect === "file end") this.#expect = "nothing";
    else if (expect !== "nothing" || !JSON_SPACE.test(text)) {
      throw new OffLayoutError(this.#path, this.lineNumber, expected[expect]);
    }
    this.#linesRead++;
  }

  /** The entries, once every line is read. */
  end(): EntryTable {
    if (this.#expect === "nothing") return this.#table;
    throw new SyntaxError(
      `Cannot read the state file "${this.#path}": it ends at line ${
        this.lineNumber - 1
      }, before ` +
        `the end of ${this.#expect === "file end" ? "the file" : "its entries"} (cut short)`,
    );
  }

  /** An entry line, `    "URL": {…}`, and the comma that says whether another follows. */
  #entry(text: string): void {
    const more = text.endsWith(",");
    if (!this.#asWritten(text, more ? text.length - 1 : text.length)) this.#members(text, more);
    this.#expect = more ? "entry" : "end";
  }

  /**
   * Reads an entry line as corun writes it, `    "URL": VALUE`: the URL and the value are each
   * parsed from the line's own text, without a copy of the line nor an object around them (a
   * quarter of the time `#members` takes). Both parsed, they are what `#members` would read: one
   * member, that URL and that value.
   *
   * @returns False, having read nothing, for a line written otherwise: `#members` reads it.
   */
  #asWritten(text: string, end: number): boolean {
    const urlEnd = closingQuote(text, URL_START);
    if (urlEnd === -1 || !text.startsWith(AFTER_URL, urlEnd)) return false;
    let url: string;
    let entry: unknown;
    try {
      url = JSON.parse(text.slice(URL_START, urlEnd + 1));
      entry = JSON.parse(text.slice(urlEnd + AFTER_URL.length, end));
    } catch {
      return false;
    }
    this.#add(url, entry);
    return true;
  }

  /**
   * Reads an entry line as the members of a JSON object, whatever its spacing and however many it
   * holds, as a whole read would.
   */
  #members(text: string, more: boolean): void {
    // One character for another: the parser's column is the line's.
    const json = `{${text.slice(1, more ? -1 : undefined)}}`;
    let members: unknown;
    try {
      members = JSON.parse(json);
    } catch (error) {
      const said = parserMessage(error).replace(/\(line 1 column (\d+)\)/, "(column $1)");
      throw new OffLayoutError(
        this.#path,
        this.lineNumber,
        `it is not an entry as corun writes them (${said})`,
      );
    }
    for (const [url, entry] of Object.entries(members as Record<string, unknown>)) {
      this.#add(url, entry);
    }
  }

  /** Sets the entry of `url`, once it is checked. */
  #add(url: string, entry: unknown): void {
    const problem = entryProblem(url, entry);
    if (problem !== undefined) {
      throw new SyntaxError(
        `Cannot read the state file "${this.#path}": line ${this.lineNumber}: ${problem}`,
      );
    }
    this.#table.set(url, cleanEntry(entry as StateEntry));
  }
}

/**
 * Where the JSON string that opens at `text[opening]` ends: its first quote not escaped (after an
 * even run of backslashes). Any other quote would make a text that does not parse as one string.
 *
 * @returns The closing quote's index; -1 when there is none.
 */
function closingQuote(text: string, opening: number): number {
  for (let at = text.indexOf('"', opening + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** What a line that is not was expected to be. */
const expected = {
  "entry or end":
    `expected an entry (${ENTRY_START}URL": {…}) or the end of the entries (${ENTRIES_END})`,
  "entry": `expected an entry (${ENTRY_START}URL": {…}) after the comma`,
  "end": `expected the end of the entries (${ENTRIES_END}) after an entry without a comma`,
  "file end": `expected the end of the file (${FILE_END})`,
  "nothing": "expected nothing after the end of the file",
} as const;
