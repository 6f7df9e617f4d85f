/**
 * The task layer's side of the metadata log: a line that cannot be written (a full disk) never
 * changes how a task ended. A task's outcome is what happened to its file; the lines lost are
 * counted and said once, as one warning of the run.
 * @module
 */
import type { FetchRecord } from "../sinks/mod.ts";
import type { MetadataLog } from "./env.ts";

/** Appends fetch records, each stamped with the run's id; counts the ones that could not be written. */
export class MetadataRecorder implements MetadataLog {
  readonly #log: MetadataLog;
  readonly #runId: string;
  #attempted = 0;
  #lost = 0;
  #firstFailure: string | undefined;

  /**
   * @param log Where the lines go.
   * @param runId Written first on every line, so a line can be tied to its run.
   */
  constructor(log: MetadataLog, runId: string) {
    this.#log = log;
    this.#runId = runId;
  }

  /**
   * Appends one record. Never rejects: a failure is counted for {@linkcode warning}.
   *
   * @param record The fetch's record.
   */
  async append(record: FetchRecord): Promise<void> {
    this.#attempted++;
    try {
      await this.#log.append({ runId: this.#runId, ...record });
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
