/**
 * The task layer's side of the metadata log: a line that cannot be written (a full disk) never
 * changes how a task ended. A task's outcome is what happened to its file; the lines lost are
 * counted and said once, as one warning of the run.
 * @module
 */
import { type FetchRecord, type JsonLine, jsonTextOf } from "../sinks/mod.ts";
import type { MetadataLog } from "./env.ts";
import { LazyMetadataLog } from "./metadata_log.ts";
import { messageOf } from "../loop/mod.ts";

/** A second home for the metadata lines, given each as JSON text without waiting. */
export interface MetadataCopy {
  /** Keeps one line (a JSON object's text). */
  appendJson(json: string): void;
  /** Sends what is left; reports its own failures. */
  close(): Promise<void>;
}

/** Appends fetch records, each stamped with the run's id; counts the ones that could not be written. */
export class MetadataRecorder implements MetadataLog {
  /** Written first on every line, so a line can be tied to its run. */
  readonly runId: string;
  /** None when the run keeps no metadata file, only the copy. */
  readonly #log: MetadataLog | undefined;
  readonly #copy: MetadataCopy | undefined;
  /** The log, when it takes lines without waiting (corun's own file). */
  readonly #batched: LazyMetadataLog | undefined;
  #attempted = 0;
  #lost = 0;
  #firstFailure: string | undefined;

  /**
   * @param log Where the lines go; none when only `copy` takes them (`metadata: false`).
   * @param runId Written first on every line, so a line can be tied to its run.
   * @param copy Also given every line as JSON text (a shared queue's database); its own failures
   *   are its to report.
   */
  constructor(log: MetadataLog | undefined, runId: string, copy?: MetadataCopy) {
    this.#log = log;
    this.#copy = copy;
    this.#batched = log instanceof LazyMetadataLog ? log : undefined;
    this.runId = runId;
  }

  /** The log takes lines without waiting, also as JSON text ({@linkcode takeLine}). */
  get batched(): boolean {
    return this.#batched !== undefined;
  }

  /**
   * Hands one record to the log, without waiting when the log batches its lines (the line is then
   * in the file once the log is closed).
   *
   * @param record The fetch's record.
   * @returns Undefined when the record was taken at once; else a promise that settles once the log
   * has it, and never rejects (a failure is counted for {@linkcode warning}).
   */
  take(record: FetchRecord): Promise<void> | undefined {
    this.#attempted++;
    const stamped = { runId: this.runId, ...record };
    this.#copy?.appendJson(JSON.stringify(stamped));
    if (this.#batched) {
      this.#batched.write(stamped);
      return undefined;
    }
    if (this.#log === undefined) return undefined;
    return this.#log.append(stamped).catch((error) => {
      this.#lost++;
      this.#firstFailure ??= messageOf(error);
    });
  }

  /**
   * Hands one line to a {@linkcode batched} log, without waiting: written straight into its batch
   * (as text once, when a copy takes it too).
   *
   * @param line Writes one record's JSON text, starting with this run's `runId` as its first field.
   * @throws {TypeError} When the log is not batched (nothing is counted).
   */
  takeLine(line: JsonLine): void {
    if (!this.#batched) {
      throw new TypeError("Cannot take a JSON line: the metadata log is not batched");
    }
    this.#attempted++;
    if (this.#copy === undefined) {
      this.#batched.writeLine(line);
      return;
    }
    const json = jsonTextOf(line);
    this.#batched.writeJson(json);
    this.#copy.appendJson(json);
  }

  /**
   * Appends one record. Never rejects: a failure is counted for {@linkcode warning}.
   *
   * @param record The fetch's record.
   */
  async append(record: FetchRecord): Promise<void> {
    await this.take(record);
  }

  /**
   * The run's one warning about its metadata, once every line has been tried (after the log is
   * closed).
   *
   * @returns `<first failure> (N of M metadata lines not written)`, or undefined when none was lost.
   */
  warning(): string | undefined {
    const batched = this.#batched?.losses();
    const lost = this.#lost + (batched?.lines ?? 0);
    if (lost === 0) return undefined;
    const first = this.#firstFailure ?? batched?.firstFailure;
    return `${first} (${lost} of ${this.#attempted} metadata lines not written)`;
  }
}
