/**
 * Built-in defaults, applied under a config's own `defaults`.
 * @module
 */
import type { FetchDefaults } from "../tasks/spec.ts";

/** `outDir` when a config gives none, relative to the config file. */
export const DEFAULT_OUT_DIR = "out";
/** `concurrency` when a config gives none. */
export const DEFAULT_CONCURRENCY = 16;
/** `perHost` when a config gives none. */
export const DEFAULT_PER_HOST = 6;
/** `metadata` when a config gives none. */
export const DEFAULT_METADATA = "corun.jsonl";

/**
 * Fetch settings when neither the config's `defaults` nor the task give them.
 *
 * @returns A fresh object, safe to change.
 */
export function builtinFetchDefaults(): FetchDefaults {
  return {
    timeouts: {
      connectMs: 10_000,
      tlsMs: 10_000,
      headersMs: 30_000,
      idleMs: 30_000,
      totalMs: 300_000,
    },
    retries: 2,
    retryOn: [429, 500, 502, 503, 504],
    backoffMs: 500,
    maxBackoffMs: 60_000,
    maxRedirects: 10,
    allowDowngrade: false,
    maxBodyBytes: 2 ** 30,
    maxHeaderBytes: 65_536,
    maxHeaderCount: 256,
    headers: {},
    insecure: false,
    decompress: true,
  };
}
