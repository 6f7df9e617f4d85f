/**
 * The run's metadata log, opened on the first record so a run without fetches writes nothing.
 * @module
 */
import { ConfinedDir, type FetchRecord, JsonLinesLog, relativeInside } from "../sinks/mod.ts";
import { resolve } from "./deps.ts";
import type { MetadataLog } from "./env.ts";

/** A JSON-lines log under the output directory that opens lazily. */
export class LazyMetadataLog implements MetadataLog {
  readonly #outDir: string;
  readonly #relativePath: string;
  readonly #path: string;
  readonly #warn: (message: string) => void;
  #log: Promise<JsonLinesLog<FetchRecord> | undefined> | undefined;
  #openError: Error | undefined;

  /**
   * @param outDir The output directory.
   * @param relativePath The log's path inside it.
   * @param warn Told, once, when the log cannot be opened or closed; the run goes on without it.
   * @throws ConfinementError when `relativePath` leaves the output directory (by its text; links
   * are refused when the log is opened).
   */
  constructor(outDir: string, relativePath: string, warn: (message: string) => void) {
    this.#outDir = outDir;
    this.#relativePath = relativeInside(outDir, relativePath);
    this.#path = resolve(outDir, this.#relativePath);
    this.#warn = warn;
  }

  /**
   * Appends one record as one line.
   *
   * @param record The fetch's record.
   * @throws {Error} `Cannot write metadata "<path>": …` when the log cannot be opened or written.
   */
  async append(record: FetchRecord): Promise<void> {
    const log = await (this.#log ??= this.#open());
    if (!log) throw this.#openError!;
    try {
      await log.append(record);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** Closes the file if it was opened. Never throws: a failure is a warning. */
  async close(): Promise<void> {
    const log = await this.#log;
    try {
      await log?.close();
    } catch (error) {
      this.#warn(this.#failure(error).message);
    }
  }

  async #open(): Promise<JsonLinesLog<FetchRecord> | undefined> {
    try {
      const within = ConfinedDir.openSync(this.#outDir);
      return await JsonLinesLog.open<FetchRecord>(this.#relativePath, { within });
    } catch (error) {
      this.#openError = this.#failure(error);
      this.#warn(this.#openError.message);
      return undefined;
    }
  }

  #failure(error: unknown): Error {
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`Cannot write metadata "${this.#path}": ${reason}`, { cause: error });
  }
}
