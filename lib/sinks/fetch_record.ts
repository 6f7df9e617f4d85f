/**
 * The metadata line written for every fetch: what was asked, what came back, where it went, how long
 * each phase took.
 * @module
 */

/**
 * Milliseconds spent in each phase of a fetch, to the microsecond (0 for a phase that did not happen,
 * e.g. TLS over http).
 */
export interface FetchTimings {
  /** Name lookup and TCP connect. */
  dnsConnectMs: number;
  /** TLS handshake. */
  tlsMs: number;
  /** From request sent to the first response byte. */
  firstByteMs: number;
  /** Reading the body. */
  bodyMs: number;
  /** Writing the body to disk, beyond the time spent reading it. */
  writeMs: number;
  /** The whole fetch, all attempts and redirects included. */
  totalMs: number;
}

/** An expected digest compared with the body's. */
export interface ChecksumRecord {
  algorithm: "sha256" | "sha512";
  expected: string;
  actual: string;
}

/** One JSON line of the metadata log, describing one fetch task's outcome. */
export interface FetchRecord {
  /** The run that made this line (the same id is on the run's history line). */
  runId?: string;
  /** The task's name. */
  task: string;
  /**
   * The URL as declared; for a list line or a pattern's URL that cannot be fetched, its text as
   * written, without credentials (`""` for a list line that is not text).
   */
  url: string;
  /**
   * The URL the body came from, after redirects; of a fetch that failed after a redirect without a
   * response, the URL where it stopped (whose 3xx was refused, or whose request failed).
   */
  finalUrl: string;
  /** The request method. */
  method: string;
  /** The final response's status, or `null` when no response arrived. */
  status: number | null;
  /** The final response's headers, names in lower case. */
  headers: Record<string, string>;
  /**
   * The body's bytes (after decoding); of a body that continued a kept partial, the whole file's,
   * kept bytes included (`resumedFrom` of them came before this run's request).
   */
  bytes: number;
  /**
   * Lower-case hex SHA-256 of the body (one that failed its checksum too), or `null` when no body
   * was read or its digest was not computed; of a 304 (`unchanged`) with `sha256: true`, the kept
   * file's, as the run state has it from its save.
   */
  sha256: string | null;
  /** Where the body was saved, relative to the output directory, `/`-separated; `null` when not saved. */
  savedPath: string | null;
  /** Requests sent: the first, retries, resends on a fresh connection and redirect hops. */
  attempts: number;
  /** Redirects followed (to `finalUrl`, a failed fetch's too). */
  redirects: number;
  /** `true` when the server said the content had not changed (304) and nothing was written. */
  unchanged?: boolean;
  /** The body continued a kept partial of this many bytes: `bytes - resumedFrom` came in this run. */
  resumedFrom?: number;
  /**
   * Beside `resumedFrom`: the `If-Range` sent, the validator (a strong ETag, or a Last-Modified
   * date) of the version the kept bytes are of. The saved file's version, which the headers of a
   * `416` that says the kept bytes are the whole file may not name.
   */
  ifRange?: string;
  /** The expected digest and the body's actual one; `expected !== actual` failed the fetch. */
  checksum?: ChecksumRecord;
  /** Why the fetch failed, when it did. */
  error?: { code: string; message: string };
  /** Time per phase. */
  timings: FetchTimings;
  /** When the fetch started, as an ISO 8601 string. */
  startedAt: string;
}
