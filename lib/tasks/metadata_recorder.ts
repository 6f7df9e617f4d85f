/**
 * The task layer's side of the metadata log: a line that cannot be written (a full disk) never
 * changes how a task ended. A task's outcome is what happened to its file; the lines lost are
 * counted and said once, as one warning of the run.
 * @module
 */
import type { FetchRecord } from "../sinks/mod.ts";
import type { MetadataLog } from "./env.ts";

/** Appends fetch records; counts the ones that could not be written instead of throwing. */
export class MetadataRecorder implements MetadataLog {
  readonly #log: MetadataLog;
  #attempted = 0;
  #lost = 0;
  #firstFailure: string | undefined;

  /** @param log Where the lines go. */
  constructor(log: MetadataLog) {
    this.#log = log;
  }

  /**
   * Appends one record. Never rejects: a failure is counted for {@linkcode warning}.
   *
   * @param record The fetch's record.
   */
  async append(record: FetchRecord): Promise<void> {
    this.#attempted++;
    try {
      await this.#log.append(record);
    } catch (error) {
      this.#lost++;
      this.#firstFailure ??= error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * The run's one warning about its metadata, once every line has been tried.
   *
   * @returns `<first failure> (N of M metadata lines not written)`, or undefined when none was lost.
   */
  warning(): string | undefined {
    if (this.#lost === 0) return undefined;
    return `${this.#firstFailure} (${this.#lost} of ${this.#attempted} metadata lines not written)`;
  }
}
