/**
 * The warning of a virtual-time preview that fetches. Its requests are real, but their politeness
 * waits (a rate, a delay, a Retry-After, a retry's backoff) and the bandwidth limit's are on the
 * virtual clock, as they must be for a preview to show them: they take no real time, so a preview of
 * a real crawl sends the site its requests all at once, and takes its bodies at full speed. Said once, before the first run starts: by `run`, and by `schedule` for
 * all its fires.
 * @module
 */
import type { ConfigSpec } from "../tasks/mod.ts";

/**
 * The warning of a virtual-time preview of `configs`, when any of them has a fetch task.
 *
 * @param configs What the preview runs: the config, or each schedule's.
 * @returns The warning; undefined when nothing is fetched (sleeps only).
 * @example
 * ```ts
 * import { validateConfig } from "../config/mod.ts";
 * import { previewFetchWarning } from "./preview_warning.ts";
 * previewFetchWarning([validateConfig({ tasks: [{ sleep: "1h" }] }, "naps.yaml")]); // undefined
 * ```
 */
export function previewFetchWarning(configs: readonly ConfigSpec[]): string | undefined {
  const fetches = configs.some((config) => config.tasks.some((task) => task.kind === "fetch"));
  if (!fetches) return undefined;
  return "--virtual-time sends the fetches as real requests, and their rate, delay, Retry-After, " +
    "retry backoff and bandwidth waits take no real time (the server gets them at once, and sends " +
    "at full speed): preview against a test server, with --out to a scratch directory";
}
