/**
 * The run's metadata log, opened on the first record so a run without fetches writes nothing.
 * @module
 */
import { ConfinedDir, type FetchRecord, JsonLinesLog, relativeInside } from "../sinks/mod.ts";
import { resolve } from "./deps.ts";
import type { MetadataLog } from "./env.ts";
import { rotateMetadata } from "./metadata_rotation.ts";

/** Whose lines the log receives, and how many runs' lines to keep. */
export interface MetadataRetention {
  /** The run writing now. */
  runId: string;
  /** Runs whose metadata is kept, this one included (see `metadata_rotation.ts`). */
  keepRuns: number;
  /** Told when the earlier runs' lines cannot be archived (this run's lines then follow them). */
  warn: (message: string) => void;
}

/**
 * Runs of this process writing each metadata file now (by path). Only the first archives the earlier
 * runs' lines: a run that starts while another of this process writes (`overlap: allow`) appends
 * beside it, so neither run's lines are split across two files (each line says its run).
 */
const writersOf = new Map<string, number>();

/** A JSON-lines log under the output directory that opens lazily. */
export class LazyMetadataLog implements MetadataLog {
  readonly #outDir: string;
  readonly #relativePath: string;
  readonly #path: string;
  readonly #warn: (message: string) => void;
  readonly #retention: MetadataRetention | undefined;
  #log: Promise<JsonLinesLog<FetchRecord> | undefined> | undefined;
  #openError: Error | undefined;
  #writing = false;

  /**
   * @param outDir The output directory.
   * @param relativePath The log's path inside it.
   * @param warn Told, once, when the log cannot be opened or closed; the run goes on without it.
   * @param retention When given, an earlier run's lines are archived before the first line is
   * written, and old archives pruned.
   * @throws ConfinementError when `relativePath` leaves the output directory (by its text; links
   * are refused when the log is opened).
   */
  constructor(
    outDir: string,
    relativePath: string,
    warn: (message: string) => void,
    retention?: MetadataRetention,
  ) {
    this.#outDir = outDir;
    this.#relativePath = relativeInside(outDir, relativePath);
    this.#path = resolve(outDir, this.#relativePath);
    this.#warn = warn;
    this.#retention = retention;
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
    } finally {
      this.#stopWriting();
    }
  }

  async #open(): Promise<JsonLinesLog<FetchRecord> | undefined> {
    // Counted before the first await, so two runs opening at once do not both archive.
    const first = !writersOf.has(this.#path);
    writersOf.set(this.#path, (writersOf.get(this.#path) ?? 0) + 1);
    this.#writing = true;
    try {
      const within = ConfinedDir.openSync(this.#outDir);
      if (first) this.#rotate(within);
      return await JsonLinesLog.open<FetchRecord>(this.#relativePath, { within });
    } catch (error) {
      this.#stopWriting();
      this.#openError = this.#failure(error);
      this.#warn(this.#openError.message);
      return undefined;
    }
  }

  #stopWriting(): void {
    if (!this.#writing) return;
    this.#writing = false;
    const left = (writersOf.get(this.#path) ?? 1) - 1;
    if (left > 0) writersOf.set(this.#path, left);
    else writersOf.delete(this.#path);
  }

  /** Archives an earlier run's lines; when that fails, says so and appends after them. */
  #rotate(within: ConfinedDir): void {
    if (!this.#retention) return;
    try {
      rotateMetadata(within, this.#relativePath, this.#retention.runId, this.#retention.keepRuns);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#retention.warn(
        `Cannot archive the earlier runs' metadata in "${this.#path}": ${reason}; this run's lines follow them`,
      );
    }
  }

  #failure(error: unknown): Error {
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`Cannot write metadata "${this.#path}": ${reason}`, { cause: error });
  }
}
