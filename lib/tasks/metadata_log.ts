/**
 * The run's metadata log, opened on the first record so a run without fetches writes nothing.
 * @module
 */
import {
  ConfinedDir,
  type FetchRecord,
  type JsonLine,
  JsonLinesLog,
  type LineFileOptions,
  relativeInside,
} from "../sinks/mod.ts";
import { problemOf } from "../sinks/os_error.ts";
import { resolve } from "./deps.ts";
import type { MetadataLog } from "./env.ts";
import { rotateMetadata } from "./metadata_rotation.ts";
import { messageOf, refusedAccessText } from "../loop/mod.ts";

/** Whose lines the log receives, and how many runs' lines to keep. */
export interface MetadataRetention {
  /** The run writing now. */
  runId: string;
  /** Runs whose metadata is kept, this one included (see `metadata_rotation.ts`). */
  keepRuns: number;
  /** Told when the earlier runs' lines cannot be archived (this run's lines then follow them). */
  warn: (message: string) => void;
}

/** How a {@linkcode LazyMetadataLog} writes, and what it tells when it opens. */
export interface LazyMetadataLogOptions extends Pick<LineFileOptions, "writerOf"> {
  /**
   * Called once the file is open for this run, before its first line is written: a URL config's
   * run leaves its mark in the output directory (see `output_mark.ts`), and a run marks its state
   * unsaved there (see `unsaved_runs.ts`).
   */
  onOpen?: (within: ConfinedDir) => void;
}

/** Lines a log could not write, and the first reason. */
export interface MetadataLosses {
  /** Lines taken by `write` that are not in the file. */
  lines: number;
  /** `Cannot write the metadata "<path>": …` of the first loss. */
  firstFailure: string | undefined;
}

/**
 * Runs of this process writing each metadata file now (by path). Only the first archives the earlier
 * runs' lines: a run that starts while another of this process writes (`overlap: allow`) appends
 * beside it, so neither run's lines are split across two files (each line says its run).
 */
const writersOf = new Map<string, number>();

/**
 * A JSON-lines log under the output directory that opens lazily. Lines taken by `write` are written
 * in batches (see `JsonLinesLog`): the fetch that made a line never waits for the disk, and `close()`
 * writes whatever is still waiting.
 */
export class LazyMetadataLog implements MetadataLog {
  readonly #outDir: string;
  readonly #relativePath: string;
  readonly #path: string;
  readonly #warn: (message: string) => void;
  readonly #retention: MetadataRetention | undefined;
  readonly #writerOf: LineFileOptions["writerOf"];
  readonly #onOpen: LazyMetadataLogOptions["onOpen"];
  /**
   * When the run started (the log is made as it starts): the log's writes sweep each folder they
   * first make a file in (the archives', the unsaved marks', the log's own) of the temporaries a
   * killed run left there, by the output directory's rule (`ConfinedDir`'s `sweepBeforeMs`).
   */
  readonly #startedAtMs = Date.now();
  /** Undefined until the first line; null when it could not be opened. */
  #log: JsonLinesLog<FetchRecord> | null | undefined;
  #openError: Error | undefined;
  #writing = false;
  #lostLines = 0;
  #firstLoss: string | undefined;

  /**
   * @param outDir The output directory.
   * @param relativePath The log's path inside it.
   * @param warn Told, once, when the log cannot be opened or closed; the run goes on without it.
   * @param retention When given, an earlier run's lines are archived before the first line is
   * written, and old archives pruned.
   * @param options What the lines are written through (the file unless given: a seam for tests of
   * a disk that fills up), and what to call once the log is open.
   * @throws ConfinementError when `relativePath` leaves the output directory (by its text; links
   * are refused when the log is opened).
   */
  constructor(
    outDir: string,
    relativePath: string,
    warn: (message: string) => void,
    retention?: MetadataRetention,
    options: LazyMetadataLogOptions = {},
  ) {
    this.#outDir = outDir;
    this.#relativePath = relativeInside(outDir, relativePath);
    this.#path = resolve(outDir, this.#relativePath);
    this.#warn = warn;
    this.#retention = retention;
    this.#writerOf = options.writerOf;
    this.#onOpen = options.onOpen;
  }

  /**
   * Takes one record as one line, written with the next batch. Never throws: a line that cannot be
   * written (the log cannot be opened, the disk is full, the record has no JSON form) is counted in
   * {@linkcode losses}.
   *
   * @param record The fetch's record.
   */
  write(record: FetchRecord): void {
    const log = this.#openOrLose();
    if (log === null) return;
    try {
      log.write(record);
    } catch (error) {
      this.#lose(1, this.#failure(error));
    }
  }

  /**
   * {@linkcode LazyMetadataLog.write} for a record already serialised by the caller.
   *
   * @param json One record's JSON text, on one line.
   */
  writeJson(json: string): void {
    const log = this.#openOrLose();
    if (log === null) return;
    try {
      log.writeJson(json);
    } catch (error) {
      this.#lose(1, this.#failure(error));
    }
  }

  /**
   * {@linkcode LazyMetadataLog.write} for a line that writes its own JSON text (see
   * `JsonLinesLog.writeLine`).
   *
   * @param line Writes one record's JSON text.
   */
  writeLine(line: JsonLine): void {
    const log = this.#openOrLose();
    if (log === null) return;
    try {
      log.writeLine(line);
    } catch (error) {
      this.#lose(1, this.#failure(error));
    }
  }

  /** The log, opened on first use; null, and the line counted lost, when it cannot be opened. */
  #openOrLose(): JsonLinesLog<FetchRecord> | null {
    const log = this.#log === undefined ? this.#open() : this.#log;
    if (log === null) this.#lose(1, this.#openError!);
    return log;
  }

  /**
   * Appends one record as one line, and waits until it is in the file.
   *
   * @param record The fetch's record.
   * @throws {Error} `Cannot write the metadata "<path>": …` when the log cannot be opened or written.
   */
  async append(record: FetchRecord): Promise<void> {
    const log = this.#log === undefined ? this.#open() : this.#log;
    if (log === null) throw this.#openError!;
    try {
      await log.append(record);
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** Lines taken by `write` that could not be written so far (all of them are tried by `close()`). */
  losses(): MetadataLosses {
    return { lines: this.#lostLines, firstFailure: this.#firstLoss };
  }

  /** Writes the lines still waiting and closes the file, if it was opened. Never throws: a failure is a warning. */
  async close(): Promise<void> {
    try {
      await this.#log?.close();
    } catch (error) {
      this.#warn(this.#failure(error).message);
    } finally {
      this.#stopWriting();
    }
  }

  #open(): JsonLinesLog<FetchRecord> | null {
    // Counted at once, so two runs opening at once do not both archive.
    const first = !writersOf.has(this.#path);
    writersOf.set(this.#path, (writersOf.get(this.#path) ?? 0) + 1);
    this.#writing = true;
    try {
      const within = ConfinedDir.openSync(this.#outDir, this.#startedAtMs);
      if (first) this.#rotate(within);
      this.#log = JsonLinesLog.openSync<FetchRecord>(this.#relativePath, {
        within,
        writerOf: this.#writerOf,
        onLost: (lines, error) => this.#lose(lines, this.#failure(error)),
      });
      this.#onOpen?.(within);
    } catch (error) {
      this.#stopWriting();
      this.#log = null;
      this.#openError = this.#failure(error);
      this.#warn(this.#openError.message);
    }
    return this.#log;
  }

  #lose(lines: number, error: Error): void {
    this.#lostLines += lines;
    this.#firstLoss ??= error.message;
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
      const reason = messageOf(error);
      this.#retention.warn(
        `Cannot archive the earlier runs' metadata in "${this.#path}": ${reason}; this run's lines follow them`,
      );
    }
  }

  /**
   * The system's words without Deno's call and path (the message names the file), and the
   * open-file limit said as such, as a fetch's failure says it; Deno's refusal (a custom task's
   * run is not checked for `--allow-write` up front) in corun's words, with the output directory's
   * flag, which covers the log, its folders and its archives.
   */
  #failure(error: unknown): Error {
    const reason = refusedAccessText(error, "write", resolve(this.#outDir)) ?? problemOf(error);
    return new Error(`Cannot write the metadata "${this.#path}": ${reason}`, { cause: error });
  }
}
