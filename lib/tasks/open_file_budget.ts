/**
 * Whether a run's `concurrency` fits the open-file limit of its process: each running fetch holds a
 * socket and the file it saves to, and past the limit both fail with "Too many open files" (the
 * retries of a connect come in the same burst, when no fetch has ended to free one). Told once, at
 * the start, with both ways out.
 * @module
 */

/** A running fetch's open files: its socket and the file it saves to. */
const FILES_PER_FETCH = 2;

/**
 * Files open besides the fetches': Deno's own (about 20 at start: its standard streams, its event
 * loop, its threads' pipes) and corun's (metadata log, history, state, lock, cookie jar, lists).
 */
const OWN_OPEN_FILES = 32;

/**
 * The warning of a `concurrency` whose fetches may need more open files than the process may have.
 *
 * @param concurrency Fetches the run makes at once, at most.
 * @param limit The process's soft open-file limit (`ulimit -n`); undefined when unknown.
 * @returns The warning; undefined when it fits, or the limit is unknown.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { openFileWarning } from "./open_file_budget.ts";
 * assertEquals(openFileWarning(16, 1024), undefined);
 * assertEquals(openFileWarning(64, 64)?.startsWith("concurrency 64 may need about 160 open files"), true);
 * ```
 */
export function openFileWarning(
  concurrency: number,
  limit: number | undefined,
): string | undefined {
  if (limit === undefined) return undefined;
  const needed = concurrency * FILES_PER_FETCH + OWN_OPEN_FILES;
  if (needed <= limit) return undefined;
  const fits = Math.max(1, Math.floor((limit - OWN_OPEN_FILES) / FILES_PER_FETCH));
  return `concurrency ${concurrency} may need about ${needed} open files (a socket and a file ` +
    `for each running fetch, and about ${OWN_OPEN_FILES} of Deno's and corun's own), but this ` +
    `process may open only ${limit} (ulimit -n): fetches past the limit fail with "Too many open ` +
    `files"; raise it (ulimit -n ${needed}) or lower concurrency to ${fits}`;
}
