/**
 * An append-only file of JSON lines, written in batches: one write per batch of whole lines.
 * @module
 */
import { startHostTimer } from "../loop/mod.ts";
import { resolve } from "./deps.ts";
import type { FetchRecord } from "./fetch_record.ts";
import type { JsonLine } from "./json_out.ts";
import { LineBatch } from "./line_batch.ts";
import { LineFile, type LineFileOptions } from "./line_file.ts";

/** Bytes of lines gathered for one write: a line that would not fit has the batch written first. */
export const BATCH_BYTES = 64 * 1024;
/** The longest a line taken by `write` waits before it is written. */
export const FLUSH_AFTER_MS = 25;

/** What would cut a line in two (`JSON.stringify` never writes one: it escapes them). */
const LINE_BREAK = /[\n\r]/;

/** Options of {@linkcode JsonLinesLog.open}. */
export interface JsonLinesLogOptions extends LineFileOptions {
  /**
   * Told when lines taken by {@linkcode JsonLinesLog.write} could not be written (a full disk): how
   * many, and the file system error. Without it, the first such error is thrown by `close()`.
   */
  onLost?: (lines: number, error: Error) => void;
}

/**
 * A JSON Lines file opened for appending. Lines are gathered and written as one batch (one write to
 * a file opened in append mode), so they never interleave, also with other processes appending to
 * it. A batch is written whole or not at all, and a torn last line left by a kill is closed off (see
 * `LineFile`).
 *
 * Two ways in: {@linkcode JsonLinesLog.append} returns a promise that settles once the line is in
 * the file (every append of one synchronous stretch of code is one write, at its end);
 * {@linkcode JsonLinesLog.write} returns nothing and the line waits for the batch to fill
 * ({@linkcode BATCH_BYTES}) or for {@linkcode FLUSH_AFTER_MS}, whichever comes first: the cheap way
 * for many lines, whose failures go to `onLost`. `flush()` and `close()` write what is waiting.
 *
 * @example
 * ```ts
 * import { JsonLinesLog } from "./jsonl_log.ts";
 * const dir = await Deno.makeTempDir();
 * const log = await JsonLinesLog.open<{ n: number }>(`${dir}/log.jsonl`);
 * await Promise.all([log.append({ n: 1 }), log.append({ n: 2 })]);
 * log.write({ n: 3 });
 * await log.close(); // log.jsonl: {"n":1}\n{"n":2}\n{"n":3}\n
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class JsonLinesLog<T = FetchRecord> implements AsyncDisposable {
  readonly #file: LineFile;
  readonly #path: string;
  readonly #onLost: ((lines: number, error: Error) => void) | undefined;
  /** Lines waiting to be written, as UTF-8: a line that does not fit has them written first. */
  readonly #batch = new LineBatch(BATCH_BYTES, () => this.flush());
  /** How many of the waiting lines came through `write` (their loss goes to `onLost`). */
  #pendingWrites = 0;
  /** Settles when the waiting lines are written: made for the first `append` of a batch. */
  #appended: PromiseWithResolvers<void> | undefined;
  /** Cancels the pending flush's timer. */
  #cancelTimer: (() => void) | undefined;
  /** A loss of `write` lines nobody was told of (no `onLost`): thrown by `close()`. */
  #unreported: Error | undefined;
  #closed = false;

  private constructor(file: LineFile, path: string, onLost: JsonLinesLogOptions["onLost"]) {
    this.#file = file;
    this.#path = path;
    this.#onLost = onLost;
  }

  /**
   * Opens (creating it and its directories if needed) a JSON Lines file for appending, never through
   * a symbolic link.
   *
   * @param path The file, absolute or relative to `options.within`.
   * @param options The output directory it is confined to (its own directory unless given), and who
   * hears of lost lines.
   * @returns The open log.
   * @throws {ConfinementError} When it is a symbolic link or its directory leads outside.
   * @throws {Error} The file system error when it cannot be opened.
   */
  static openSync<T = FetchRecord>(
    path: string,
    options: JsonLinesLogOptions = {},
  ): JsonLinesLog<T> {
    const file = LineFile.openSync(path, options);
    const absolute = options.within ? resolve(options.within.path, path) : path;
    return new JsonLinesLog<T>(file, absolute, options.onLost);
  }

  /**
   * {@linkcode JsonLinesLog.openSync}, for callers that await.
   *
   * @param path The file, absolute or relative to `options.within`.
   * @param options Confinement, and who hears of lost lines.
   * @returns The open log.
   */
  static open<T = FetchRecord>(
    path: string,
    options: JsonLinesLogOptions = {},
  ): Promise<JsonLinesLog<T>> {
    try {
      return Promise.resolve(JsonLinesLog.openSync<T>(path, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The file's path. */
  get path(): string {
    return this.#path;
  }

  /**
   * Takes one record as one line, written with the next batch. Lines are written in call order.
   *
   * @param record A JSON-serialisable value.
   * @throws {TypeError} When the log is closed or the record cannot be serialised (nothing is
   * taken). A failed write is told to `onLost`, never thrown here.
   */
  write(record: T): void {
    this.#take(this.#lineOf(record));
  }

  /**
   * {@linkcode JsonLinesLog.write} for a record already serialised: for a caller that builds the
   * JSON text of its records itself, faster than `JSON.stringify` of an object made for the purpose.
   *
   * @param json One record's JSON text, on one line (as `JSON.stringify` makes it: no line break).
   * @throws {TypeError} When the log is closed, or the text holds a line break (nothing is taken).
   */
  writeJson(json: string): void {
    if (this.#closed) throw this.#closedError();
    if (LINE_BREAK.test(json)) {
      throw new TypeError(`Cannot append to "${this.#path}": the JSON text holds a line break`);
    }
    this.#take(json);
  }

  /**
   * {@linkcode JsonLinesLog.write} for a line that writes its own JSON text: written straight into
   * the batch, piece by piece, without the text ever made a string.
   *
   * @param line Writes one record's JSON text (with no line break in it).
   * @throws {TypeError} When the log is closed, or the line throws (nothing is taken).
   */
  writeLine(line: JsonLine): void {
    if (this.#closed) throw this.#closedError();
    try {
      line.writeTo(this.#batch);
    } catch (error) {
      this.#batch.dropLine();
      throw error;
    }
    this.#ended();
  }

  /** Takes one line of JSON text, given without its line break. */
  #take(json: string): void {
    this.#batch.json(json);
    this.#ended();
  }

  /** Ends a line taken by a `write`: it waits for the batch to fill, or for the timer. */
  #ended(): void {
    this.#batch.endLine();
    this.#pendingWrites++;
    this.#cancelTimer ??= startHostTimer(FLUSH_AFTER_MS, this.#flushWhenFree);
  }

  /**
   * The timer's flush: when another process holds the file (its run archiving it), the lines wait
   * for the next tick instead of the run waiting for the disk; a batch that fills up meanwhile, and
   * `close()`, wait for the lock.
   */
  #flushWhenFree = (): void => {
    this.#cancelTimer = undefined;
    if (!this.flushIfFree()) {
      this.#cancelTimer = startHostTimer(FLUSH_AFTER_MS, this.#flushWhenFree);
    }
  };

  /**
   * Appends one record as one line. Appends made without awaiting are written in call order, as
   * one write.
   *
   * @param record A JSON-serialisable value.
   * @returns Settles once the line is in the file.
   * @throws {TypeError} When the log is closed or the record cannot be serialised.
   * @throws {Error} The file system error of a failed write (the line is then not in the file, nor
   * are the others of its batch; later appends still go ahead).
   */
  append(record: T): Promise<void> {
    let line: string;
    try {
      line = this.#lineOf(record);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#batch.json(line);
    this.#batch.endLine();
    if (this.#appended === undefined) {
      this.#appended = Promise.withResolvers<void>();
      queueMicrotask(() => this.flush());
    }
    return this.#appended.promise;
  }

  /**
   * Writes the waiting lines now, as one write, waiting while another writer holds the file (see
   * `LineFile`). A failure goes to `onLost` and `append`'s callers.
   */
  flush(): void {
    this.#flush(true);
  }

  /**
   * {@linkcode JsonLinesLog.flush} unless another writer holds the file's lock now (another run
   * archiving it): the lines then stay for a later flush.
   *
   * @returns False when the lines were left waiting; true when there were none, or they were
   * written or lost.
   */
  flushIfFree(): boolean {
    return this.#flush(false);
  }

  #flush(wait: boolean): boolean {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#batch.length === 0) return true;
    const bytes = this.#batch.lines;
    let written = true;
    try {
      if (wait) this.#file.appendSync(bytes);
      else written = this.#file.tryAppendSync(bytes);
    } catch (caught) {
      this.#lose(caught instanceof Error ? caught : new Error(String(caught)));
      return true;
    }
    if (!written) return false;
    this.#appended?.resolve();
    this.#emptyBatch();
    return true;
  }

  /** Drops the waiting lines of a failed write: its appends reject, its writes go to `onLost`. */
  #lose(error: Error): void {
    const writes = this.#pendingWrites;
    const appended = this.#appended;
    this.#emptyBatch();
    appended?.reject(error);
    if (writes === 0) return;
    if (this.#onLost) this.#onLost(writes, error);
    else this.#unreported ??= error;
  }

  #emptyBatch(): void {
    this.#batch.clear();
    this.#pendingWrites = 0;
    this.#appended = undefined;
  }

  /**
   * Writes the waiting lines, then closes the file. Later calls do nothing.
   *
   * @throws {Error} Without `onLost`: the first file system error that lost lines taken by `write`.
   */
  // deno-lint-ignore require-await
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.flush();
    this.#file.close();
    if (this.#unreported) throw this.#unreported;
  }

  /** Closes the log: the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #lineOf(record: T): string {
    if (this.#closed) throw this.#closedError();
    const json = JSON.stringify(record);
    if (json === undefined) {
      throw new TypeError(`Cannot append to "${this.#path}": the record has no JSON form`);
    }
    return json;
  }

  #closedError(): TypeError {
    return new TypeError(`Cannot append to "${this.#path}": the log is closed`);
  }
}
