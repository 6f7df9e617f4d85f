/**
 * A worker's metadata lines, copied to the database (`corun_results`) in batches, so the fetches of
 * every machine can be queried in one place. Lines wait in memory and go out at most one statement
 * every {@linkcode SEND_EVERY_MS} (a statement a fetch would cost the worker more than the fetch).
 * A batch that cannot be sent is reported once and kept for the next try; what is still unsent when
 * the worker closes is counted and reported (the worker's own metadata file, if it keeps one, has
 * every line).
 * @module
 */
import type { PgStore } from "./store.ts";

/** Lines sent in one statement at most. */
const BATCH = 500;

/** Milliseconds a line waits to be sent with others. */
const SEND_EVERY_MS = 100;

/** Milliseconds before a batch that failed is tried again. */
const RETRY_MS = 5_000;

/** Lines kept while the database cannot take them; older ones are dropped (the file has them). */
const MAX_KEPT = 100_000;

/** Options of {@linkcode PgResultLog}. */
export interface PgResultLogOptions {
  /**
   * The worker's metadata file (the config's `metadata`, where the run keeps it: in its output
   * directory), which has every line: named when lines are lost. None when it keeps none
   * (`metadata: false`).
   */
  metadataFile?: string;
}

/** Sends metadata lines to `corun_results`. */
export class PgResultLog {
  readonly #store: PgStore;
  readonly #queue: string;
  readonly #worker: string;
  readonly #warn: (message: string) => void;
  readonly #metadataFile: string | undefined;
  #lines: string[] = [];
  #sending: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #dropped = 0;

  /**
   * @param store The tables.
   * @param queue The queue the lines belong to.
   * @param worker The worker that wrote them.
   * @param warn Told once when lines could not be sent.
   * @param options Where the worker's own metadata file is.
   */
  constructor(
    store: PgStore,
    queue: string,
    worker: string,
    warn: (message: string) => void,
    options: PgResultLogOptions = {},
  ) {
    this.#metadataFile = options.metadataFile;
    this.#store = store;
    this.#queue = queue;
    this.#worker = worker;
    this.#warn = warn;
  }

  /**
   * Keeps one line to send; does not wait for the database.
   *
   * @param json A fetch's metadata line, as JSON text.
   */
  appendJson(json: string): void {
    this.#lines.push(json);
    if (this.#lines.length > MAX_KEPT) {
      this.#dropped += this.#lines.length - MAX_KEPT;
      this.#lines.splice(0, this.#lines.length - MAX_KEPT);
    }
    this.#schedule(SEND_EVERY_MS);
  }

  /** Sends what is left (one last try). */
  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sending;
    if (this.#lines.length > 0) await this.#send();
    const lost = this.#lines.length + this.#dropped;
    if (lost > 0) {
      const kept = this.#metadataFile === undefined
        ? ""
        : ` (they are in the worker's metadata file, ${this.#metadataFile})`;
      this.#warn(`Cannot copy ${lost} metadata lines to the database${kept}`);
    }
  }

  #schedule(delayMs: number): void {
    if (this.#sending !== undefined || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#sending = this.#send().then((sent) => {
        this.#sending = undefined;
        // Lines kept while this batch was out go with the next; after a failure, later.
        if (this.#lines.length > 0) this.#schedule(sent ? SEND_EVERY_MS : RETRY_MS);
      });
    }, delayMs);
  }

  /** Sends every kept line; false when the database refused (the lines stay). */
  async #send(): Promise<boolean> {
    while (this.#lines.length > 0) {
      const batch = this.#lines.slice(0, BATCH);
      try {
        await this.#store.insertResults(this.#queue, this.#worker, batch);
      } catch (error) {
        if (this.#failures++ === 0) {
          this.#warn(`Cannot copy metadata lines to the database: ${(error as Error).message}`);
        }
        return false;
      }
      this.#lines.splice(0, batch.length);
    }
    return true;
  }
}
