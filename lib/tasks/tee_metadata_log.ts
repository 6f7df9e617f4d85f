/**
 * One metadata log that writes every line to two: the run's file and a copy (a shared queue's
 * database). The copy failing never loses the file's line: each log reports its own losses.
 * @module
 */
import type { FetchRecord } from "../sinks/mod.ts";
import type { MetadataLog } from "./env.ts";

/** Writes each record to the first log and to the second. */
export class TeeMetadataLog implements MetadataLog {
  readonly #first: MetadataLog;
  readonly #second: MetadataLog;

  /**
   * @param first The log whose failures count (the file).
   * @param second The copy; its failures are its own to report.
   */
  constructor(first: MetadataLog, second: MetadataLog) {
    this.#first = first;
    this.#second = second;
  }

  async append(record: FetchRecord): Promise<void> {
    const copied = this.#second.append(record).catch(() => {});
    await this.#first.append(record);
    await copied;
  }

  async close(): Promise<void> {
    try {
      await this.#first.close?.();
    } finally {
      await this.#second.close?.();
    }
  }
}
