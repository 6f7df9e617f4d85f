/**
 * Reading a file or a stream line by line, within a cap per line: a file of millions of lines (a
 * metadata log) is read one piece at a time, never whole, and a line past the cap is dropped as it
 * comes, so what is held is at most one piece and one line of the cap.
 * @module
 */
import type { ByteSource } from "./read_capped.ts";

/** Bytes asked of the source per read. */
const PIECE_BYTES = 256 * 1024;

/** What {@linkcode readLines} left out. */
export interface LinesLeftOut {
  /** Lines longer than the cap, dropped. */
  overlong: number;
  /**
   * The 1-based number of the first line dropped, set when it passes the cap: a reader that must
   * not skip a line stops there and says which.
   */
  firstOverlong?: number;
}

/**
 * Reads `source` to its end as UTF-8 text (invalid bytes as U+FFFD), in batches of lines: each
 * line without its `\n`, one batch per piece read (no batch is empty). A source that does not end
 * with `\n` ends with the text after its last one, as `split("\n")` gives it (a file cut mid-line:
 * its parse tells a cut line).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { readLines } from "./read_lines.ts";
 * const bytes = new TextEncoder().encode("one\nseven chars\ntwo\n{cut");
 * let read = false;
 * const source = {
 *   read: (buffer: Uint8Array) => {
 *     if (read) return Promise.resolve(null);
 *     read = true;
 *     buffer.set(bytes);
 *     return Promise.resolve(bytes.length);
 *   },
 * };
 * const leftOut = { overlong: 0 };
 * const lines: string[] = [];
 * for await (const batch of readLines(source, 5, leftOut)) lines.push(...batch);
 * assertEquals([lines, leftOut.overlong], [["one", "two", "{cut"], 1]);
 * ```
 *
 * @param source Where the bytes come from (left open).
 * @param maxLineChars The cap, in UTF-16 code units (a line of more UTF-8 bytes may pass).
 * @param leftOut Counts the lines dropped, when given.
 * @returns Batches of lines, in order.
 */
export async function* readLines(
  source: ByteSource,
  maxLineChars: number,
  leftOut: LinesLeftOut = { overlong: 0 },
): AsyncGenerator<string[]> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(PIECE_BYTES);
  const line = new PendingLine(maxLineChars, leftOut);
  for (let read = await source.read(buffer); read !== null; read = await source.read(buffer)) {
    const text = decoder.decode(buffer.subarray(0, read), { stream: true });
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const whole = line.end(text.slice(start, end));
      if (whole !== undefined) lines.push(whole);
      start = end + 1;
    }
    line.add(text.slice(start));
    if (lines.length > 0) yield lines;
  }
  line.add(decoder.decode());
  const last = line.end("");
  if (last) yield [last];
}

/** The line whose end is not read yet: kept within the cap, dropped once past it. */
class PendingLine {
  readonly #maxChars: number;
  readonly #leftOut: LinesLeftOut;
  #text = "";
  /** Past the cap: the rest of it is dropped as it comes. */
  #dropping = false;
  /** This line's 1-based number. */
  #number = 1;

  constructor(maxChars: number, leftOut: LinesLeftOut) {
    this.#maxChars = maxChars;
    this.#leftOut = leftOut;
  }

  /** Keeps `text` as the start of the line, unless the line passes the cap with it. */
  add(text: string): void {
    if (this.#dropping || text === "") return;
    if (this.#text.length + text.length > this.#maxChars) this.#drop();
    else this.#text += text;
  }

  /** The line, ending with `tail`; undefined when it passed the cap. */
  end(tail: string): string | undefined {
    this.add(tail);
    const text = this.#dropping ? undefined : this.#text;
    this.#text = "";
    this.#dropping = false;
    this.#number++;
    return text;
  }

  #drop(): void {
    this.#dropping = true;
    this.#text = "";
    this.#leftOut.overlong++;
    this.#leftOut.firstOverlong ??= this.#number;
  }
}
