/**
 * Which retries the live view prints above its frame. A retry storm (a server answering 429 or 503
 * to a 10,000-URL list) would scroll thousands of retry lines past, and with them the failures and
 * warnings that matter: the view prints a run's first few, says once that it prints no more, and
 * the frame counts them all (`RunProgress.retries`). Plain output and a `--log` file still have a
 * line for every one.
 * @module
 */
import type { RunEvent } from "../tasks/mod.ts";
import { plainEventText } from "./plain_log.ts";

/**
 * Retry lines the live view prints in a run. The first few say what is going on (which task, which
 * URLs, which status or error, how long the waits are); ten and the line that says no more are
 * listed stay under half of a 24-row terminal, so they never push a screen of failures away.
 */
export const LISTED_RETRIES = 10;

/** The line after the last retry listed. */
export const RETRIES_NOT_LISTED = "↻ further retries are not listed one by one, only counted below";

/** A `retry` event. */
type RetryEvent = Extract<RunEvent, { type: "retry" }>;

/**
 * The retry lines of one run: each of the first {@linkcode LISTED_RETRIES} retries, then once
 * {@linkcode RETRIES_NOT_LISTED}, then nothing.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { RetryLines } from "./live_retry_lines.ts";
 * const lines = new RetryLines();
 * const retry = {
 *   type: "retry" as const,
 *   name: "pages",
 *   url: "https://x.org/a",
 *   attempt: 1,
 *   retries: 2,
 *   delayMs: 1500,
 *   reason: "status 503",
 *   atMs: 0,
 * };
 * assertEquals(lines.lineOf(retry), "↻ pages retry 1/2 https://x.org/a in 1.5s: status 503");
 * ```
 */
export class RetryLines {
  /** Lines given so far, the one that says no more are listed included: at most one past the cap. */
  #given = 0;

  /**
   * The line to print for a retry.
   *
   * @param retry The event.
   * @returns Its line (the plain line's words), the line that says no more are listed, or
   *   undefined once that was given: the retry is only counted in the frame.
   */
  lineOf(retry: RetryEvent): string | undefined {
    if (this.#given > LISTED_RETRIES) return undefined;
    this.#given++;
    return this.#given > LISTED_RETRIES ? RETRIES_NOT_LISTED : `↻ ${plainEventText(retry)}`;
  }
}
