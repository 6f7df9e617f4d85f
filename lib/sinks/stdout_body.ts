/**
 * `save: "-"`: a body written to the process's standard output instead of a file, whole and in
 * order, and by one fetch of a run only (two bodies there would be one unreadable stream); never
 * a binary one to a terminal, unless asked (curl's rule).
 * @module
 */
import { codeOf } from "../loop/mod.ts";
import { problemOf } from "./os_error.ts";
import { writeAll } from "./write_all.ts";

/** The save template that means standard output, and the `savedPath` of a body written there. */
export const STDOUT_SAVE = "-";

/**
 * Tells whether a save template means standard output: only `save: "-"` as written. A path that
 * renders to `-` (a `{filename}` the server gives, a URL's `{path}`) is a file of that name.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isStdoutSave } from "./stdout_body.ts";
 * assertEquals(isStdoutSave("-"), true);
 * assertEquals(isStdoutSave("{filename}"), false);
 * ```
 *
 * @param save A save template, or undefined for none.
 * @returns True for `-`.
 */
export function isStdoutSave(save: string | undefined): boolean {
  return save === STDOUT_SAVE;
}

/** Where a body for standard output goes: every byte written, in order, before the promise settles. */
export type BodyWriter = (chunk: Uint8Array) => Promise<void>;

/**
 * Writes to the process's standard output (`Deno.stdout`), fully.
 *
 * @param chunk Bytes; the caller may reuse the buffer once the promise settles.
 * @throws {StdoutWriteError} When a write fails; an unknown part of the chunk may have gone out.
 */
export async function writeStdout(chunk: Uint8Array): Promise<void> {
  try {
    await writeAll(Deno.stdout, chunk);
  } catch (error) {
    throw new StdoutWriteError(error);
  }
}

/**
 * Why a write to standard output failed, in the words every command says it with (after `Cannot
 * write standard output: `): `its reader went away (broken pipe)`, as `corun run … | head` makes
 * it, else the system's description (a full disk).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { stdoutFailureReason } from "./stdout_body.ts";
 * const gone = new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
 * assertEquals(stdoutFailureReason(gone), "its reader went away (broken pipe)");
 * ```
 *
 * @param error What the write threw.
 * @returns The phrase.
 */
export function stdoutFailureReason(error: unknown): string {
  return isBrokenPipe(error) ? "its reader went away (broken pipe)" : problemOf(error);
}

/**
 * Whether a write failed because the reader of what it wrote went away (`EPIPE`).
 *
 * @param error What the write threw.
 * @returns True for a broken pipe.
 */
export function isBrokenPipe(error: unknown): boolean {
  return error instanceof Deno.errors.BrokenPipe || codeOf(error) === "EPIPE";
}

/** A write to standard output failed: its reader went away (`EPIPE`), or its disk filled. */
export class StdoutWriteError extends Error {
  /** The system's code (`EPIPE`, `ENOSPC`), else `ERROR`. */
  readonly code: string;

  /** @param cause What the write threw. */
  constructor(cause: unknown) {
    super(`Cannot write standard output: ${stdoutFailureReason(cause)}`, { cause });
    this.name = "StdoutWriteError";
    this.code = codeOf(cause) ?? "ERROR";
  }
}

/** A second fetch of one run would write to standard output. */
export class StdoutTakenError extends Error {
  /** Stable code. */
  readonly code = "STDOUT_TAKEN";

  /**
   * @param url The URL whose body would go there.
   * @param taskName Its task.
   * @param why Why it cannot (`task "x" (URL) writes there in this run, …`).
   */
  constructor(url: string, taskName: string, why: string) {
    super(`Cannot write ${url} of task "${taskName}" to standard output (save: "-"): ${why}`);
    this.name = "StdoutTakenError";
  }
}

/**
 * Refuses standard output to a save that a fetch item names itself (an enqueued link's `save`, a
 * list line's): only a task whose own `save` is `-` writes there, for the run's view then knows to
 * keep its lines off standard output.
 *
 * @param url The URL whose body would go there.
 * @param taskName Its task.
 * @throws {StdoutTakenError} Always.
 */
export function refuseItemStdout(url: string, taskName: string): never {
  throw new StdoutTakenError(
    url,
    taskName,
    'only a task whose own save is "-" writes there (the run\'s lines then go to standard error); ' +
      "give this URL a file name",
  );
}

/** A binary body would have gone to a terminal, where its bytes would garble the screen. */
export class BinaryToTerminalError extends Error {
  /** Stable code. */
  readonly code = "BINARY_TO_TERMINAL";

  /** @param url The URL whose body it is. */
  constructor(url: string) {
    super(
      `Cannot write ${url} to standard output: it is a terminal, and the body is binary (it holds ` +
        "a NUL byte), which would garble the screen; redirect it (> file) or pipe it (| less), " +
        "or give --binary-to-terminal (binaryToTerminal: true in run's options) to write it " +
        "there anyway",
    );
    this.name = "BinaryToTerminalError";
  }
}

/** Options of a {@linkcode StdoutSlot}. */
export interface StdoutSlotOptions {
  /** Write a binary body to a terminal too. @default false */
  binaryToTerminal?: boolean;
  /** Whether standard output is a terminal. @default Deno.stdout.isTerminal(), asked once */
  isTerminal?: () => boolean;
}

/**
 * Which fetch of one run writes to standard output: one body goes there; and whether a body may go
 * there (not a binary one to a terminal, as curl refuses it).
 */
export class StdoutSlot {
  #holder: string | undefined;
  readonly #binaryToTerminal: boolean;
  readonly #isTerminal: () => boolean;
  /** Chunks are checked for a NUL byte: standard output is a terminal, asked once. */
  #checks: boolean | undefined;

  /** @param options Whether binary may go to a terminal, and how to tell one. */
  constructor(options: StdoutSlotOptions = {}) {
    this.#binaryToTerminal = options.binaryToTerminal ?? false;
    this.#isTerminal = options.isTerminal ?? (() => Deno.stdout.isTerminal());
  }

  /**
   * Refuses a chunk of a body for standard output that holds a NUL byte (curl's test for binary),
   * when standard output is a terminal and binary is not allowed there. Called on each chunk before
   * it is written: a text body's escapes (colors) go through, as they do with curl.
   *
   * @param chunk The bytes about to be written.
   * @param url The URL whose body it is.
   * @throws {BinaryToTerminalError} When the chunk may not go to the terminal.
   */
  checkChunk(chunk: Uint8Array, url: string): void {
    this.#checks ??= !this.#binaryToTerminal && this.#isTerminal();
    if (this.#checks && chunk.indexOf(0) !== -1) throw new BinaryToTerminalError(url);
  }

  /**
   * Takes standard output for one fetch; the same fetch (its retries) may take it again.
   *
   * @param taskName The task.
   * @param url The URL of the fetch.
   * @throws {StdoutTakenError} When another fetch of the run has it.
   */
  claim(taskName: string, url: string): void {
    const holder = `task "${taskName}" (${url})`;
    if (this.#holder !== undefined && this.#holder !== holder) {
      throw new StdoutTakenError(
        url,
        taskName,
        `${this.#holder} writes there in this run, and one run writes one body to standard output`,
      );
    }
    this.#holder = holder;
  }
}
