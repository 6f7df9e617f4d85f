/**
 * What the client sends: a request as given by a caller, and the options that bound its exchange.
 * @module
 */
/** A request body: bytes in memory, or a file streamed from disk. */
export type RequestBody =
  | { kind: "bytes"; bytes: Uint8Array; contentType?: string }
  | { kind: "file"; path: string; contentType?: string };

/** One request. */
export interface HttpRequest {
  url: URL | string;
  /** @default "GET" */
  method?: string;
  /**
   * Sent as given after the defaults they override (User-Agent, Accept, Accept-Encoding). Headers
   * that frame or route the message (Host, Content-Length, Connection, ...) are refused.
   */
  headers?: Record<string, string>;
  body?: RequestBody;
}

/** Limits and policies of one request; every field has a default. */
export interface RequestOptions {
  /** @default 10_000 */
  connectTimeoutMs?: number;
  /** @default 10_000 */
  tlsTimeoutMs?: number;
  /** From the request fully sent to the whole response head. @default 30_000 */
  headersTimeoutMs?: number;
  /**
   * Longest wait without progress while sending the request, or while a body read is pending
   * (time the consumer spends between reads does not count). @default 30_000
   */
  idleTimeoutMs?: number;
  /** One attempt, from start to last body byte. @default 300_000 */
  totalTimeoutMs?: number;
  /** @default 10 */
  maxRedirects?: number;
  /** Follow a redirect from https to http. @default false */
  allowDowngrade?: boolean;
  /** Largest body after decoding. @default 1 GiB */
  maxBodyBytes?: number;
  /**
   * Most decoded bytes per encoded byte of a compressed body, judged once it has decoded to more than
   * 1 MiB: past it the body is a decompression bomb. @default 1000
   */
  maxDecodeRatio?: number;
  /** @default 65_536 */
  maxHeaderBytes?: number;
  /** @default 256 */
  maxHeaderCount?: number;
  /**
   * Ask for gzip and deflate; decode gzip, deflate and br (a br body only when a Content-Length or
   * chunked framing shows it whole). @default true
   */
  decompress?: boolean;
  /** Extra CA certificates (PEM) trusted for this request's TLS connections. */
  caCerts?: string[];
  /** Skip the TLS hostname check. @default false */
  insecure?: boolean;
  /**
   * Told as each request is sent (a resend on a fresh connection, when a pooled one turned out
   * closed, included), so a caller can count the sends of a request that fails. @default none
   */
  onAttempt?: () => void;
}

/** `RequestOptions` with every default filled in. */
export type ResolvedRequestOptions = Required<Omit<RequestOptions, "caCerts">> & {
  caCerts: string[];
};

/** Default request options. */
export const DEFAULT_REQUEST_OPTIONS: Readonly<ResolvedRequestOptions> = Object.freeze({
  connectTimeoutMs: 10_000,
  tlsTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 300_000,
  maxRedirects: 10,
  allowDowngrade: false,
  maxBodyBytes: 1024 ** 3,
  maxDecodeRatio: 1000,
  maxHeaderBytes: 65_536,
  maxHeaderCount: 256,
  decompress: true,
  caCerts: [],
  insecure: false,
  onAttempt: () => {},
});

/** Options made by {@linkcode frozenRequestOptions}: complete and unchangeable, used as they are. */
const frozenOptions = new WeakSet<object>();

/**
 * Fills in defaults once, for options that many requests share (a task's thousands of fetches): the
 * result is frozen, and the client uses it as it is instead of resolving it again per request.
 *
 * @param options The options; `onAttempt` is left out (count sends with `request`'s counter).
 * @returns Complete, frozen options.
 */
export function frozenRequestOptions(
  options: RequestOptions = {},
): Readonly<ResolvedRequestOptions> {
  const resolved = resolveRequestOptions(options);
  resolved.onAttempt = DEFAULT_REQUEST_OPTIONS.onAttempt;
  Object.freeze(resolved.caCerts);
  frozenOptions.add(Object.freeze(resolved));
  return resolved;
}

/**
 * Fills in defaults; options from {@linkcode frozenRequestOptions} are returned as they are.
 *
 * @param options The options given.
 * @returns Every option set.
 */
export function resolveRequestOptions(options: RequestOptions = {}): ResolvedRequestOptions {
  if (frozenOptions.has(options)) return options as ResolvedRequestOptions;
  const resolved = { ...DEFAULT_REQUEST_OPTIONS } as ResolvedRequestOptions;
  const given = options as Record<string, unknown>;
  // for-in rather than Object.entries: no array of pairs per request.
  for (const key in given) {
    const value = given[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/** Retry settings when a config gives none (the frontier applies them). */
export const DEFAULT_RETRY_SETTINGS = Object.freeze({
  retries: 2,
  retryOn: Object.freeze([429, 500, 502, 503, 504]),
  backoffMs: 500,
  maxBackoffMs: 60_000,
});

/** Methods safe to repeat after a failure that may have reached the server. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "PUT",
  "DELETE",
  "OPTIONS",
  "TRACE",
]);
