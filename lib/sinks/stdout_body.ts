/**
 * `save: "-"`: a body written to the process's standard output instead of a file, whole and in
 * order, and by one fetch of a run only (two bodies there would be one unreadable stream).
 * @module
 */
import { writeAll } from "./write_all.ts";

/** The save template that means standard output. */
export const STDOUT_SAVE = "-";

/** Where a body for standard output goes: every byte written, in order, before the promise settles. */
export type BodyWriter = (chunk: Uint8Array) => Promise<void>;

/**
 * Writes to the process's standard output (`Deno.stdout`), fully.
 *
 * @param chunk Bytes; the caller may reuse the buffer once the promise settles.
 */
export function writeStdout(chunk: Uint8Array): Promise<void> {
  return writeAll(Deno.stdout, chunk);
}

/** A second fetch of one run would write to standard output. */
export class StdoutTakenError extends Error {
  /** Stable code. */
  readonly code = "STDOUT_TAKEN";

  /**
   * @param url The URL whose body would go there.
   * @param taskName Its task.
   * @param holder The fetch that writes there already (`task "x" (URL)`).
   */
  constructor(url: string, taskName: string, holder: string) {
    super(
      `Cannot write ${url} of task "${taskName}" to standard output (save: "-"): ${holder} writes ` +
        "there in this run, and one run writes one body to standard output",
    );
    this.name = "StdoutTakenError";
  }
}

/** Which fetch of a run writes to standard output, by the run's own object (dropped with the run). */
const holders = new WeakMap<object, string>();

/**
 * Takes standard output for one fetch of a run; the same fetch (its retries) may take it again.
 *
 * @param run An object that lives exactly as long as the run (its saved-paths book).
 * @param taskName The task.
 * @param url The URL of the fetch.
 * @throws {StdoutTakenError} When another fetch of the run has it.
 */
export function claimStdout(run: object, taskName: string, url: string): void {
  const holder = `task "${taskName}" (${url})`;
  const taken = holders.get(run);
  if (taken !== undefined && taken !== holder) throw new StdoutTakenError(url, taskName, taken);
  holders.set(run, holder);
}
