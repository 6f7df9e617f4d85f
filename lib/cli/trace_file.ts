/**
 * `--trace FILE`: where a run's trace goes and how it gets there. The trace is written as the run
 * goes (each task and fetch once it ended) into a temporary file beside `FILE`, renamed into place
 * when the run has ended (interrupted too): `FILE` is whole or absent, never half-written. Each fire
 * of `corun schedule` writes a trace of its own, named with its run id (`trace.json` →
 * `trace.20261202T140000000Z-1a2b3c4d.json`), so a schedule that runs for weeks never rewrites one
 * growing file. `--trace -` writes it to standard output as it goes (`std_stream.ts`).
 * @module
 */
import { messageOf, refusedAccessText } from "../loop/mod.ts";
import { AtomicFile, stdoutFailureReason } from "../sinks/mod.ts";
import { basename, dirname, join, resolve } from "../sinks/deps.ts";
import type { TextSink } from "./cli_host.ts";

/**
 * The file a run's trace goes to: `path` itself, or for one run of many (a schedule's) `path` with
 * the run id before its extension.
 *
 * @param path `--trace`'s value.
 * @param runId The run's id, when the trace is one run of many.
 * @returns The path to write.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { traceFilePath } from "./trace_file.ts";
 * const path = traceFilePath("out/trace.json", "20261202T140000000Z-1a2b3c4d");
 * assertEquals(path, "out/trace.20261202T140000000Z-1a2b3c4d.json");
 * ```
 */
export function traceFilePath(path: string, runId?: string): string {
  if (runId === undefined) return path;
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot) : "";
  const stem = name.slice(0, name.length - extension.length);
  return join(dirname(path), `${stem}.${runId}${extension || ".json"}`);
}

/** Text gathered before it is handed to the file (fewer, larger writes). */
const FLUSH_CHARS = 256 * 1024;

/** Where a run's trace is written: its pieces as they come, then `commit` once the run ended. */
export interface TraceOutput {
  /** Takes the next piece of the trace's text. */
  readonly write: (text: string) => void;
  /**
   * Writes what is left.
   * @throws {Error} Naming where, when it could not be written.
   */
  commit(): Promise<void>;
}

/**
 * The trace's pieces gathered to 256 KiB and handed on in one write. The first write that fails
 * is kept, for `commit` to say once the run has ended, and nothing more is written.
 */
class BatchedText {
  readonly #send: (text: string) => void;
  #pieces: string[] = [];
  #chars = 0;
  /** The first write's failure, if one failed. */
  failure: unknown;

  /** @param send Writes one batch; what it throws stops the writing. */
  constructor(send: (text: string) => void) {
    this.#send = send;
  }

  /** Takes the next piece. */
  readonly write = (text: string): void => {
    this.#pieces.push(text);
    this.#chars += text.length;
    if (this.#chars >= FLUSH_CHARS) this.flush();
  };

  /** Hands on what is gathered. */
  flush(): void {
    if (this.#pieces.length === 0 || this.failure !== undefined) return;
    const text = this.#pieces.join("");
    this.#pieces = [];
    this.#chars = 0;
    try {
      this.#send(text);
    } catch (error) {
      this.failure = error;
    }
  }
}

/**
 * `--trace -`: the trace on a stream (standard output), in pieces of 256 KiB as the run goes. What
 * went out cannot be taken back: a stream has no "whole or not at all".
 */
export class TraceStreamOutput implements TraceOutput {
  readonly #out: TextSink;
  readonly #text: BatchedText;
  /** Takes the next piece of the trace's text. */
  readonly write: (text: string) => void;

  /** @param out The stream. */
  constructor(out: TextSink) {
    this.#out = out;
    this.#text = new BatchedText((text) => out.write(text));
    this.write = this.#text.write;
  }

  /**
   * Writes what is left.
   *
   * @throws {Error} When a write failed (the reader went away): the rest was dropped.
   */
  commit(): Promise<void> {
    this.#text.flush();
    // The process's stdout keeps its first failure and drops the rest, rather than throw.
    const failure = this.#text.failure ?? this.#out.failure;
    if (failure === undefined) return Promise.resolve();
    return Promise.reject(
      new Error(
        `Cannot write the trace to standard output: ${
          stdoutFailureReason(failure)
        }; the trace is cut short`,
        { cause: failure },
      ),
    );
  }
}

/** A trace being written: text goes to a temporary file, renamed into place by `commit`. */
export class TraceFileOutput implements TraceOutput {
  readonly #path: string;
  readonly #file: AtomicFile;
  readonly #text: BatchedText;
  /** Takes the next piece of the trace's text (a failed write is told by `commit`). */
  readonly write: (text: string) => void;

  private constructor(path: string, file: AtomicFile) {
    this.#path = path;
    this.#file = file;
    const encoder = new TextEncoder();
    const text = this.#text = new BatchedText((batch) => {
      // A failure aborts the file and is kept for `commit` to say.
      try {
        file.write(encoder.encode(batch));
      } catch (error) {
        text.failure ??= error;
      }
    });
    this.write = text.write;
  }

  /**
   * Opens the temporary file beside `path` (its folders are made).
   *
   * @param path Where the trace goes.
   * @returns The open output.
   * @throws {Error} Naming the file, when it cannot be made.
   */
  static open(path: string): TraceFileOutput {
    try {
      return new TraceFileOutput(path, AtomicFile.createSync(path));
    } catch (error) {
      // The file is made beside its place, in its folder: that is what Deno refuses.
      const why = refusedAccessText(error, "write", dirname(resolve(path))) ?? messageOf(error);
      throw new Error(`Cannot write the trace "${path}": ${why}`, { cause: error });
    }
  }

  /**
   * Writes what is left and renames the file into place.
   *
   * @throws {Error} Naming the file, when a write or the rename failed (nothing is left behind).
   */
  async commit(): Promise<void> {
    this.#text.flush();
    try {
      if (this.#text.failure !== undefined) throw this.#text.failure;
      await this.#file.commit();
    } catch (error) {
      await this.#file.abort().catch(() => {});
      throw new Error(
        `Cannot write the trace "${this.#path}": ${messageOf(error)}; no trace was written`,
        { cause: error },
      );
    }
  }
}
