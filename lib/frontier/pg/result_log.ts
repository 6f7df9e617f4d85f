/**
 * A worker's metadata lines, copied to the database (`corun_results`) in batches, so the fetches of
 * every machine can be queried in one place. Lines wait in memory while a batch is sent; a batch
 * that cannot be sent is retried at the next one, and what is still unsent when the worker closes is
 * counted and reported (the worker's own metadata file has every line regardless).
 * @module
 */
import type { PgStore } from "./store.ts";

/** Lines sent in one statement at most. */
const BATCH = 500;

/** Sends metadata lines to `corun_results`. */
export class PgResultLog {
  readonly #store: PgStore;
  readonly #queue: string;
  readonly #worker: string;
  readonly #warn: (message: string) => void;
  #lines: unknown[] = [];
  #sending: Promise<void> | undefined;
  #failures = 0;

  /**
   * @param store The tables.
   * @param queue The queue the lines belong to.
   * @param worker The worker that wrote them.
   * @param warn Told once when lines could not be sent.
   */
  constructor(store: PgStore, queue: string, worker: string, warn: (message: string) => void) {
    this.#store = store;
    this.#queue = queue;
    this.#worker = worker;
    this.#warn = warn;
  }

  /**
   * Keeps one record to send; does not wait for the database.
   *
   * @param record The fetch's metadata record.
   */
  append(record: unknown): Promise<void> {
    this.#lines.push(record);
    if (this.#sending === undefined) this.#sending = this.#send();
    return Promise.resolve();
  }

  /** Sends what is left (one last try). */
  async close(): Promise<void> {
    await this.#sending;
    if (this.#lines.length > 0) await this.#send();
    if (this.#lines.length > 0) {
      this.#warn(
        `${this.#lines.length} metadata lines did not reach the database ` +
          "(they are in the worker's metadata file)",
      );
    }
  }

  async #send(): Promise<void> {
    try {
      while (this.#lines.length > 0) {
        const batch = this.#lines.slice(0, BATCH);
        try {
          await this.#store.insertResults(this.#queue, this.#worker, batch);
        } catch (error) {
          if (this.#failures++ === 0) {
            this.#warn(`Cannot copy metadata lines to the database: ${(error as Error).message}`);
          }
          return;
        }
        this.#lines.splice(0, batch.length);
      }
    } finally {
      this.#sending = undefined;
    }
  }
}
