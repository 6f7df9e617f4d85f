/**
 * JSON text written piece by piece, to wherever it goes: gathered as a string ({@linkcode JsonText}),
 * or straight into a batch of lines as UTF-8 (`LineBatch`). A line made of many pieces (a fetch's
 * metadata) is then written into the batch without its pieces joined into a string first.
 * @module
 */

/** Where JSON text is written, piece by piece. */
export interface JsonOut {
  /** Appends JSON text as it is: a piece of syntax, or a value already serialised. */
  json(text: string): void;
  /** Appends a string value, quoted and escaped as `JSON.stringify` writes it. */
  string(value: string): void;
  /** Appends a number as `JSON.stringify` writes it (`null` for NaN and the infinities). */
  number(value: number): void;
  /** Appends `thousandths / 1000` as {@linkcode JsonOut.number} does (a time to the microsecond). */
  thousandths(thousandths: number): void;
}

/** One line of JSON text, written when asked to (so it can go where it is needed, uncopied). */
export interface JsonLine {
  /** Writes the line's JSON text, without its line break. */
  writeTo(out: JsonOut): void;
}

/** A number as `JSON.stringify` writes it (`null` for NaN and the infinities). */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : "null";
}

/** A {@linkcode JsonOut} that gathers the text as one flat string. */
export class JsonText implements JsonOut {
  // Joined once at the end: appending with `+=` builds a rope of as many strings, which whoever
  // scans the text then copies flat again.
  readonly #pieces: string[] = [];

  json(text: string): void {
    this.#pieces.push(text);
  }

  string(value: string): void {
    this.#pieces.push(JSON.stringify(value));
  }

  number(value: number): void {
    this.#pieces.push(jsonNumber(value));
  }

  thousandths(thousandths: number): void {
    this.number(thousandths / 1000);
  }

  /** @returns The text written so far. */
  toString(): string {
    return this.#pieces.join("");
  }
}

/**
 * A line's JSON text as a string.
 *
 * @param line The line.
 * @returns Its text, without a line break.
 */
export function jsonTextOf(line: JsonLine): string {
  const text = new JsonText();
  line.writeTo(text);
  return text.toString();
}
