/**
 * The run's metadata log, opened on the first record so a run without fetches writes nothing.
 * @module
 */
import { type FetchRecord, JsonLinesLog, resolveInside } from "../sinks/mod.ts";
import type { MetadataLog } from "./env.ts";

/** A JSON-lines log under the output directory that opens lazily. */
export class LazyMetadataLog implements MetadataLog {
  readonly #path: string;
  #log: Promise<JsonLinesLog<FetchRecord>> | undefined;

  /**
   * @param outDir The output directory.
   * @param relativePath The log's path inside it.
   */
  constructor(outDir: string, relativePath: string) {
    this.#path = resolveInside(outDir, relativePath);
  }

  /** Appends one record as one line. */
  async append(record: FetchRecord): Promise<void> {
    this.#log ??= JsonLinesLog.open<FetchRecord>(this.#path);
    await (await this.#log).append(record);
  }

  /** Closes the file if it was opened. */
  async close(): Promise<void> {
    if (this.#log) await (await this.#log).close();
  }
}
