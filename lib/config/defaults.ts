/**
 * Built-in defaults, applied under a config's own `defaults`.
 * @module
 */
import { DEFAULT_REQUEST_OPTIONS } from "../http/mod.ts";
import type { FetchDefaults } from "../tasks/spec.ts";

/** `outDir` when a config gives none, relative to the config file. */
export const DEFAULT_OUT_DIR = "out";
/** `concurrency` when a config gives none. */
export const DEFAULT_CONCURRENCY = 16;
/** `perHost` when a config gives none. */
export const DEFAULT_PER_HOST = 6;
/** `crawl.maxDepth` when no config gives one (wget's recursion depth). */
export const DEFAULT_CRAWL_DEPTH = 5;
/** `crawl.maxFetches` when no config gives one. */
export const DEFAULT_CRAWL_FETCHES = 10_000;
/** `metadata` when a config gives none. */
export const DEFAULT_METADATA = "corun.jsonl";

/**
 * Fetch settings when neither the config's `defaults` nor the task give them: the HTTP client's own
 * defaults, so there is one source of truth for every limit.
 *
 * @returns A fresh object, safe to change.
 */
export function builtinFetchDefaults(): FetchDefaults {
  const http = DEFAULT_REQUEST_OPTIONS;
  return {
    timeouts: {
      connectMs: http.connectTimeoutMs,
      tlsMs: http.tlsTimeoutMs,
      headersMs: http.headersTimeoutMs,
      idleMs: http.idleTimeoutMs,
      totalMs: http.totalTimeoutMs,
    },
    retries: http.retries,
    retryOn: [...http.retryOn],
    backoffMs: http.backoffMs,
    maxBackoffMs: http.maxBackoffMs,
    maxRedirects: http.maxRedirects,
    allowDowngrade: http.allowDowngrade,
    maxBodyBytes: http.maxBodyBytes,
    maxDecodeRatio: http.maxDecodeRatio,
    maxHeaderBytes: http.maxHeaderBytes,
    maxHeaderCount: http.maxHeaderCount,
    headers: {},
    insecure: http.insecure,
    decompress: http.decompress,
    delayMs: 0,
    jitterMs: 0,
    crawl: { maxDepth: DEFAULT_CRAWL_DEPTH, origins: [], maxFetches: DEFAULT_CRAWL_FETCHES },
  };
}
