/**
 * Lines of JSON gathered as UTF-8 for one write, each written into the batch piece by piece.
 * @module
 */
import { jsonNumber, type JsonOut } from "./json_out.ts";

/** What would cut a line in two (`JSON.stringify` never writes one: it escapes them). */
const LINE_BREAK = /[\n\r]/;

/**
 * Controls `JSON.stringify` leaves raw (DEL and C1, which a server's obs-text header bytes become):
 * escaped, so that no line shown on a terminal (`cat corun.jsonl`) carries one it would act on.
 */
const RAW_CONTROL = /[\u007f-\u009f]/;
const RAW_CONTROLS = /[\u007f-\u009f]/g;

/** `json` with DEL and C1 controls written as `\u00XX` escapes: the same JSON value. */
function escapeRawControls(json: string): string {
  if (!RAW_CONTROL.test(json)) return json;
  return json.replace(RAW_CONTROLS, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/**
 * Whole lines waiting for one write, as UTF-8 each ending with a line break, and after them the line
 * being written. A piece of text is written as it comes: printable ASCII (most of a line) a byte a
 * character, anything else escaped as the log needs and encoded. So neither a line's pieces nor the
 * line are kept as strings (a batch of strings kept for a timer would outlive a collection or two).
 *
 * Room: a line that does not fit after the whole lines has them written first (`makeRoom`), and
 * moves to the start; a line longer than the batch gets a batch of its own size, back to the usual
 * size once it is written.
 */
export class LineBatch implements JsonOut {
  readonly #size: number;
  readonly #makeRoom: () => void;
  readonly #encoder = new TextEncoder();
  #bytes: Uint8Array;
  /** Bytes of whole lines, at the start. */
  #lines = 0;
  /** The end of the line being written, after the whole lines. */
  #end = 0;

  /**
   * @param size Bytes of lines gathered for one write.
   * @param makeRoom Writes the whole lines out, then calls {@linkcode clear}: called when the line
   *   being written does not fit after them.
   */
  constructor(size: number, makeRoom: () => void) {
    this.#size = size;
    this.#makeRoom = makeRoom;
    this.#bytes = new Uint8Array(size);
  }

  /** The whole lines, to be written (a view of the batch: valid until the next change). */
  get lines(): Uint8Array {
    return this.#bytes.subarray(0, this.#lines);
  }

  /** Bytes of whole lines. */
  get length(): number {
    return this.#lines;
  }

  /** Forgets the whole lines (written, or lost); a line being written moves to the start. */
  clear(): void {
    const start = this.#lines;
    const open = this.#end - start;
    if (this.#bytes.length > this.#size && open < this.#size) {
      const bytes = new Uint8Array(this.#size);
      bytes.set(this.#bytes.subarray(start, this.#end));
      this.#bytes = bytes;
    } else if (open > 0) {
      this.#bytes.copyWithin(0, start, this.#end);
    }
    this.#lines = 0;
    this.#end = open;
  }

  /**
   * Appends JSON text, its DEL and C1 controls escaped.
   *
   * @throws {TypeError} When it holds a line break (the line is then unfinished: see `dropLine`).
   */
  json(text: string): void {
    if (this.#ascii(text)) return;
    if (LINE_BREAK.test(text)) {
      throw new TypeError("Cannot write JSON text that holds a line break");
    }
    this.#encode(escapeRawControls(text));
  }

  /** Appends a string value as `JSON.stringify` writes it, DEL and C1 controls escaped. */
  string(value: string): void {
    if (!this.#quoted(value)) this.#encode(escapeRawControls(JSON.stringify(value)));
  }

  /** Appends a number as `JSON.stringify` writes it. */
  number(value: number): void {
    this.#ascii(jsonNumber(value));
  }

  /** Ends the line being written: it joins the whole lines. */
  endLine(): void {
    this.#reserve(0);
    this.#bytes[this.#end++] = 0x0a;
    this.#lines = this.#end;
  }

  /** Forgets the line being written. */
  dropLine(): void {
    this.#end = this.#lines;
  }

  /**
   * Writes `text` a byte a character when it is printable ASCII but DEL.
   *
   * @returns False, having written nothing, when it is not.
   */
  #ascii(text: string): boolean {
    this.#reserve(text.length);
    const bytes = this.#bytes;
    let at = this.#end;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) return false;
      bytes[at++] = c;
    }
    this.#end = at;
    return true;
  }

  /**
   * Writes `value` quoted, a byte a character, when it is printable ASCII but DEL and needs no
   * escape (no `"`, no `\`): then it is what `JSON.stringify` writes.
   *
   * @returns False, having written nothing, when it is not.
   */
  #quoted(value: string): boolean {
    this.#reserve(value.length + 2);
    const bytes = this.#bytes;
    let at = this.#end;
    bytes[at++] = 0x22;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
      bytes[at++] = c;
    }
    bytes[at++] = 0x22;
    this.#end = at;
    return true;
  }

  /** Writes any text as UTF-8. */
  #encode(text: string): void {
    // One byte short of the end: room for the line break.
    const room = this.#bytes.subarray(this.#end, this.#bytes.length - 1);
    let { read, written } = this.#encoder.encodeInto(text, room);
    if (read < text.length) {
      this.#reserve(text.length * 3);
      ({ read, written } = this.#encoder.encodeInto(text, this.#bytes.subarray(this.#end)));
    }
    this.#end += written;
  }

  /** Makes room for `count` more bytes of the line being written, and its line break. */
  #reserve(count: number): void {
    if (this.#end + count < this.#bytes.length) return;
    if (this.#lines > 0) {
      this.#makeRoom();
      if (this.#end + count < this.#bytes.length) return;
    }
    const bytes = new Uint8Array(this.#end + count + 1);
    bytes.set(this.#bytes.subarray(0, this.#end));
    this.#bytes = bytes;
  }
}
