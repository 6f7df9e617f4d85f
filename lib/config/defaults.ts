/**
 * Built-in defaults, applied under a config's own `defaults`.
 * @module
 */
import { DEFAULT_REQUEST_OPTIONS } from "../http/mod.ts";
export { DEFAULT_MAX_IDLE_CONNECTIONS, DEFAULT_PER_HOST } from "../http/mod.ts";
import { DEFAULT_RETRY_SETTINGS } from "../frontier/mod.ts";
import { DEFAULT_METADATA_FILE } from "../tasks/metadata_rotation.ts";
import type { FetchDefaults } from "../tasks/spec.ts";
import { DEFAULT_MAX_CHECKSUMS_BYTES } from "../sinks/mod.ts";
import { nameConfigKey } from "./limit_names.ts";

/** `outDir` when a config gives none, relative to the config file. */
export const DEFAULT_OUT_DIR = "out";
/** `concurrency` when a config gives none. */
export const DEFAULT_CONCURRENCY = 16;
/** `crawl.maxDepth` when no config gives one (wget's recursion depth). */
export const DEFAULT_CRAWL_DEPTH = 5;
/** `crawl.maxFetches` when no config gives one. */
export const DEFAULT_CRAWL_FETCHES = 10_000;
/** `metadata` when a config gives none: the file whose archives go to `.corun/metadata/` itself. */
export const DEFAULT_METADATA = DEFAULT_METADATA_FILE;

/**
 * `callbackTimeout` when no config gives one: long enough for any callback that is working (a
 * crawler's, Crawlee's `requestHandlerTimeoutSecs` is 60 s), short enough that one stuck on I/O that
 * never ends does not hold its fetch, and the run, forever.
 */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** `delay` and `jitter` when no config gives them: no least gap between two requests to an origin. */
const DEFAULT_DELAY_MS = 0;

/**
 * Fetch settings when neither the config's `defaults` nor the task give them: the HTTP client's own
 * defaults and its retry settings (which the frontier applies), so there is one source of truth for
 * every limit. No `rate`: requests to an origin are limited by `perHost` alone.
 *
 * @returns A fresh object, safe to change.
 */
export function builtinFetchDefaults(): FetchDefaults {
  const http = DEFAULT_REQUEST_OPTIONS;
  const retry = DEFAULT_RETRY_SETTINGS;
  return {
    timeouts: { ...http.timeouts },
    retries: retry.retries,
    retryOn: [...retry.retryOn],
    backoffMs: retry.backoffMs,
    maxBackoffMs: retry.maxBackoffMs,
    maxRedirects: http.maxRedirects,
    allowDowngrade: http.allowDowngrade,
    maxBodyBytes: http.maxBodyBytes,
    maxDecodeRatio: http.maxDecodeRatio,
    maxHeaderBytes: http.maxHeaderBytes,
    maxHeaderCount: http.maxHeaderCount,
    headers: {},
    insecure: http.insecure,
    decompress: http.decompress,
    pipeline: http.pipeline,
    // An error names a limit by the config key that raises it, not by the client's option.
    nameLimit: nameConfigKey,
    resume: false,
    callbackTimeoutMs: DEFAULT_CALLBACK_TIMEOUT_MS,
    sha256: false,
    maxChecksumsBytes: DEFAULT_MAX_CHECKSUMS_BYTES,
    delayMs: DEFAULT_DELAY_MS,
    jitterMs: DEFAULT_DELAY_MS,
    crawl: {
      maxDepth: DEFAULT_CRAWL_DEPTH,
      origins: [],
      maxFetches: DEFAULT_CRAWL_FETCHES,
      robots: true,
    },
  };
}
