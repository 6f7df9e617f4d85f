/**
 * An append-only file of JSON lines, safe to append to from many coroutines at once.
 * @module
 */
import { resolve } from "./deps.ts";
import type { FetchRecord } from "./fetch_record.ts";
import { LineFile, type LineFileOptions } from "./line_file.ts";

/**
 * A JSON Lines file opened for appending. Appends are serialised and each line is one write to a file
 * opened in append mode, so lines never interleave, also with other processes appending to it. A line
 * is written whole or not at all, and a torn last line left by a kill is closed off (see `LineFile`).
 *
 * @example
 * ```ts
 * import { JsonLinesLog } from "./jsonl_log.ts";
 * const dir = await Deno.makeTempDir();
 * const log = await JsonLinesLog.open<{ n: number }>(`${dir}/log.jsonl`);
 * await Promise.all([log.append({ n: 1 }), log.append({ n: 2 })]);
 * await log.close(); // log.jsonl: {"n":1}\n{"n":2}\n
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class JsonLinesLog<T = FetchRecord> implements AsyncDisposable {
  readonly #file: LineFile;
  readonly #path: string;
  readonly #encoder = new TextEncoder();
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(file: LineFile, path: string) {
    this.#file = file;
    this.#path = path;
  }

  /**
   * Opens (creating it and its directories if needed) a JSON Lines file for appending, never through
   * a symbolic link.
   *
   * @param path The file, absolute or relative to `options.within`.
   * @param options The output directory it is confined to (its own directory unless given).
   * @returns The open log.
   * @throws {ConfinementError} When it is a symbolic link or its directory leads outside.
   * @throws {Error} The file system error when it cannot be opened.
   */
  static async open<T = FetchRecord>(
    path: string,
    options: LineFileOptions = {},
  ): Promise<JsonLinesLog<T>> {
    const file = await LineFile.open(path, options);
    return new JsonLinesLog<T>(file, options.within ? resolve(options.within.path, path) : path);
  }

  /** The file's path. */
  get path(): string {
    return this.#path;
  }

  /**
   * Appends one record as one line. Appends made without awaiting are written in call order.
   *
   * @param record A JSON-serialisable value.
   * @throws {TypeError} When the log is closed or the record cannot be serialised.
   * @throws {Error} The file system error of a failed write (the line is then not in the file; later
   * appends still go ahead).
   */
  append(record: T): Promise<void> {
    if (this.#closed) {
      return Promise.reject(new TypeError(`Cannot append to "${this.#path}": the log is closed`));
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(record);
    } catch (error) {
      return Promise.reject(error);
    }
    if (json === undefined) {
      return Promise.reject(
        new TypeError(`Cannot append to "${this.#path}": the record has no JSON form`),
      );
    }
    const line = this.#encoder.encode(`${json}\n`);
    const written = this.#tail.then(() => this.#file.append(line));
    this.#tail = written.catch(() => {});
    return written;
  }

  /** Waits for pending appends, then closes the file. Later calls do nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    this.#file.close();
  }

  /** Closes the log: the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
