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
 * Pieces of text this long are encoded natively: reading them with `charCodeAt` costs more, and
 * below this the native call itself does (measured on 1 KiB metadata lines).
 */
const NATIVE_FROM = 128;
/** The longest piece encoded natively into the scratch; a longer one takes the general way. */
const SCRATCH_BYTES = 4096;

/** Thousandths written from their digits: below 2^42 units (see `LineBatch.thousandths`). */
const MAX_EXACT_THOUSANDTHS = 2 ** 42 * 1000;
/** The longest such number: a sign, 13 whole digits, a point and 3 decimals. */
const MAX_DECIMAL_CHARS = 18;

/** Writes a whole number's decimal digits at `at`; returns where they end. */
function writeDigits(memory: Uint8Array, at: number, whole: number): number {
  let length = 1;
  for (let rest = whole; rest >= 10; rest = Math.floor(rest / 10)) length++;
  for (let i = length - 1, rest = whole; i >= 0; i--, rest = Math.floor(rest / 10)) {
    memory[at + i] = 0x30 + (rest % 10);
  }
  return at + length;
}

/**
 * Whole lines waiting for one write, as UTF-8 each ending with a line break, and after them the line
 * being written. A piece of text is written as it comes: printable ASCII (most of a line) as it is,
 * anything else escaped as the log needs and encoded. So neither a line's pieces nor the line are
 * kept as strings (a batch of strings kept for a timer would outlive a collection or two).
 *
 * Room: a line that does not fit after the whole lines has them written first (`makeRoom`), and
 * moves to the start; a line longer than the batch gets a batch of its own size, back to the usual
 * size once it is written.
 */
export class LineBatch implements JsonOut {
  readonly #size: number;
  readonly #makeRoom: () => void;
  readonly #encoder = new TextEncoder();
  /**
   * The lines (their first `#capacity` bytes), then a scratch: a long piece is encoded into the
   * scratch natively, checked, and moved into its line by `copyWithin` (no view made per piece).
   */
  #memory: Uint8Array;
  #capacity: number;
  /** The scratch: `#memory` from `#capacity` on. */
  #scratch: Uint8Array;
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
    this.#capacity = size;
    this.#memory = new Uint8Array(size + SCRATCH_BYTES);
    this.#scratch = this.#memory.subarray(size);
  }

  /** The whole lines, to be written (a view of the batch: valid until the next change). */
  get lines(): Uint8Array {
    return this.#memory.subarray(0, this.#lines);
  }

  /** Bytes of whole lines. */
  get length(): number {
    return this.#lines;
  }

  /** Forgets the whole lines (written, or lost); a line being written moves to the start. */
  clear(): void {
    const start = this.#lines;
    const open = this.#end - start;
    if (this.#capacity > this.#size && open < this.#size) {
      this.#resize(this.#size, start);
    } else if (open > 0) {
      this.#memory.copyWithin(0, start, this.#end);
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
    if (this.#plain(text, false)) return;
    if (LINE_BREAK.test(text)) {
      throw new TypeError("Cannot write JSON text that holds a line break");
    }
    this.#encode(escapeRawControls(text));
  }

  /** Appends a string value as `JSON.stringify` writes it, DEL and C1 controls escaped. */
  string(value: string): void {
    if (!this.#plain(value, true)) this.#encode(escapeRawControls(JSON.stringify(value)));
  }

  /** Appends a number as `JSON.stringify` writes it. */
  number(value: number): void {
    this.#plain(jsonNumber(value), false);
  }

  /**
   * Appends `thousandths / 1000` as `JSON.stringify` writes it, from its digits: no string made.
   * Below 2^42 the quotient's shortest decimal is the thousandths' own digits (its ulp is under a
   * thousandth, so no shorter decimal rounds to it); beyond, and for NaN, the number's own text.
   */
  thousandths(thousandths: number): void {
    if (!(Math.abs(thousandths) < MAX_EXACT_THOUSANDTHS) || !Number.isInteger(thousandths)) {
      this.number(thousandths / 1000);
      return;
    }
    this.#reserve(MAX_DECIMAL_CHARS);
    const memory = this.#memory;
    let at = this.#end;
    if (thousandths < 0) memory[at++] = 0x2d;
    const magnitude = Math.abs(thousandths);
    const whole = Math.floor(magnitude / 1000);
    at = writeDigits(memory, at, whole);
    let fraction = magnitude - whole * 1000;
    if (fraction !== 0) {
      memory[at++] = 0x2e;
      let digits = 3;
      while (fraction % 10 === 0) {
        fraction /= 10;
        digits--;
      }
      for (let i = digits - 1; i >= 0; i--) {
        memory[at + i] = 0x30 + (fraction % 10);
        fraction = Math.floor(fraction / 10);
      }
      at += digits;
    }
    this.#end = at;
  }

  /** Ends the line being written: it joins the whole lines. */
  endLine(): void {
    this.#reserve(0);
    this.#memory[this.#end++] = 0x0a;
    this.#lines = this.#end;
  }

  /** Forgets the line being written. */
  dropLine(): void {
    this.#end = this.#lines;
  }

  /**
   * Writes `text` as it is when it is printable ASCII but DEL, and, as a quoted string value, holds
   * no quote nor backslash (then it is what `JSON.stringify` writes).
   *
   * @param text The text.
   * @param quoted Written as a string value, between quotes.
   * @returns False, having written nothing, when it is not such text.
   */
  #plain(text: string, quoted: boolean): boolean {
    const length = text.length;
    this.#reserve(quoted ? length + 2 : length);
    const memory = this.#memory;
    let at = this.#end;
    if (quoted) memory[at++] = 0x22;
    if (length < NATIVE_FROM) {
      for (let i = 0; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x20 || c > 0x7e || (quoted && (c === 0x22 || c === 0x5c))) return false;
        memory[at + i] = c;
      }
    } else if (!this.#encodeAscii(text, quoted)) {
      return false;
    } else {
      memory.copyWithin(at, this.#capacity, this.#capacity + length);
    }
    at += length;
    if (quoted) memory[at++] = 0x22;
    this.#end = at;
    return true;
  }

  /**
   * Encodes `text` into the scratch, when it fits there and is printable ASCII but DEL (and, for a
   * string value, no quote nor backslash).
   *
   * @returns False when it is not such text.
   */
  #encodeAscii(text: string, quoted: boolean): boolean {
    const scratch = this.#scratch;
    const { read, written } = this.#encoder.encodeInto(text, scratch);
    // Fewer characters read: longer than the scratch; more bytes written: beyond ASCII.
    if (read !== text.length || written !== read) return false;
    if (!quoted) {
      // JSON text: a line break is refused, DEL escaped (found natively, a scan costs more here).
      return text.indexOf("\x7f") < 0 && text.indexOf("\n") < 0 && text.indexOf("\r") < 0;
    }
    for (let i = 0; i < written; i++) {
      const c = scratch[i];
      if (c < 0x20 || c === 0x7f || c === 0x22 || c === 0x5c) return false;
    }
    return true;
  }

  /** Writes any text as UTF-8. */
  #encode(text: string): void {
    // One byte short of the lines' end: room for the line break.
    const room = this.#memory.subarray(this.#end, this.#capacity - 1);
    let { read, written } = this.#encoder.encodeInto(text, room);
    if (read < text.length) {
      this.#reserve(text.length * 3);
      const room = this.#memory.subarray(this.#end, this.#capacity);
      ({ read, written } = this.#encoder.encodeInto(text, room));
    }
    this.#end += written;
  }

  /** Makes room for `count` more bytes of the line being written, and its line break. */
  #reserve(count: number): void {
    if (this.#end + count < this.#capacity) return;
    if (this.#lines > 0) {
      this.#makeRoom();
      if (this.#end + count < this.#capacity) return;
    }
    this.#resize(this.#end + count + 1, 0);
  }

  /** New memory of `capacity` bytes of lines, holding the bytes from `start` to the line's end. */
  #resize(capacity: number, start: number): void {
    const memory = new Uint8Array(capacity + SCRATCH_BYTES);
    memory.set(this.#memory.subarray(start, this.#end));
    this.#memory = memory;
    this.#capacity = capacity;
    this.#scratch = memory.subarray(capacity);
  }
}
