/**
 * The HTTP/1.1 client: redirects, retries with backoff and Retry-After, host-wide back-off, on top of
 * one attempt (`exchange.ts`) and a keep-alive pool (`pool.ts`).
 * @module
 */
import { type Effect, sleep, withLoop } from "../loop/mod.ts";
import { attempt, type AttemptResult, StaleConnectionError } from "./exchange.ts";
import { HttpError } from "./errors.ts";
import { HostGate } from "./host_gate.ts";
import { ConnectionPool, type OriginSettings } from "./pool.ts";
import { type PreparedRequest, prepareRequest } from "./prepare_request.ts";
import { nextRedirect } from "./redirect.ts";
import {
  type HttpRequest,
  IDEMPOTENT_METHODS,
  type RequestOptions,
  type ResolvedRequestOptions,
  resolveRequestOptions,
} from "./request.ts";
import type { HttpResponse } from "./response.ts";
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from "./retry_policy.ts";

/** The User-Agent sent unless a request sets its own. */
export const DEFAULT_USER_AGENT = "corun/0.1";

/** Options for {@linkcode HttpClient}. */
export interface HttpClientOptions {
  /** Open connections per origin. @default 6 */
  perHost?: number;
  /** User-Agent header. @default "corun/0.1" */
  userAgent?: string;
  /** Source of jitter for backoff. @default Math.random */
  random?: () => number;
  /** Told about each retry, for logs. */
  onRetry?: (info: RetryInfo) => void;
}

/** A retry about to happen. */
export interface RetryInfo {
  url: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Errors that say the request never reached the server, so any method may be sent again. */
const UNSENT_CODES = new Set(["CONNECT_FAILED", "TIMEOUT_CONNECT"]);
/** Errors worth another attempt for idempotent requests. */
const RETRYABLE_CODES = new Set([
  ...UNSENT_CODES,
  "TIMEOUT_TLS",
  "TIMEOUT_HEADERS",
  "TIMEOUT_IDLE",
  "TIMEOUT_TOTAL",
  "CONNECTION_CLOSED",
  "EARLY_EOF",
]);

/**
 * Sends HTTP/1.1 requests over corun's own connections. One client per run; `close()` it at the end.
 *
 * @example
 * ```ts ignore
 * import { HttpClient } from "./mod.ts";
 * import { runOperation } from "../loop/mod.ts";
 * const client = new HttpClient();
 * const text = await runOperation(function* () {
 *   const response = yield* client.request({ url: "http://127.0.0.1:8080/" });
 *   return yield* response.body.text();
 * }());
 * client.close();
 * ```
 */
export class HttpClient {
  /** Keep-alive connections of this client. */
  readonly pool: ConnectionPool;
  /** Hosts that asked to be left alone for a while. */
  readonly gate = new HostGate();
  readonly #userAgent: string;
  readonly #random: () => number;
  readonly #onRetry: ((info: RetryInfo) => void) | undefined;

  /** @param options Pool size, User-Agent, jitter source. */
  constructor(options: HttpClientOptions = {}) {
    this.pool = new ConnectionPool({ perOrigin: options.perHost ?? 6 });
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#random = options.random ?? Math.random;
    this.#onRetry = options.onRetry;
  }

  /**
   * Sends a request, following redirects and retrying as `options` allow, and returns once the final
   * response head has arrived. Read `response.body` to the end or close it.
   *
   * @param request URL, method, headers, body.
   * @param options Limits and policies; defaults in `DEFAULT_REQUEST_OPTIONS`.
   * @returns The final response.
   * @throws HttpError, NetError, TypeError (bad URL or header).
   */
  *request(request: HttpRequest, options: RequestOptions = {}): Generator<Effect, HttpResponse> {
    const resolved = resolveRequestOptions(options);
    const startedAtMs = yield* withLoop((_, loop) => loop.clock.now());
    let current = this.#prepare(request, resolved);
    for (let redirects = 0;; redirects++) {
      const { result, attempts } = yield* this.#withRetries(current, resolved);
      const location = result.head.headers.get("location");
      const redirect = nextRedirect(
        {
          url: current.url,
          method: current.method,
          headers: current.headers,
          hasBody: !!current.body,
        },
        result.head.status,
        location,
        {
          redirectsSoFar: redirects,
          maxRedirects: resolved.maxRedirects,
          allowDowngrade: resolved.allowDowngrade,
        },
      );
      if (!redirect) {
        return {
          url: current.url.href,
          status: result.head.status,
          statusText: result.head.reason,
          version: result.head.version,
          headers: result.head.headers,
          redirects,
          attempts,
          reusedConnection: result.reused,
          timings: {
            connectMs: result.connectMs,
            tlsMs: result.tlsMs,
            firstByteMs: result.firstByteMs,
            startedAtMs,
          },
          body: result.body,
        };
      }
      result.body.close();
      current = this.#prepare(
        {
          url: redirect.url,
          method: redirect.method,
          headers: redirect.headers,
          body: redirect.dropBody ? undefined : current.body,
        },
        resolved,
      );
    }
  }

  /** Closes idle pooled connections. */
  close(): void {
    this.pool.close();
  }

  *#withRetries(
    request: PreparedRequest,
    options: ResolvedRequestOptions,
  ): Generator<Effect, { result: AttemptResult; attempts: number }> {
    const settings = originSettings(request.url, options);
    const origin = request.url.origin;
    const idempotent = IDEMPOTENT_METHODS.has(request.method);
    const sends = { count: 0 };
    for (let attemptNo = 1;; attemptNo++) {
      if (this.gate.heldUntil(origin) > 0) yield* options.whileWaiting(this.gate.wait(origin));
      let result: AttemptResult;
      try {
        result = yield* this.#attemptOnce(settings, request, options, sends);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        const retryable = idempotent ? RETRYABLE_CODES.has(code) : UNSENT_CODES.has(code);
        if (!retryable || attemptNo > options.retries) throw error;
        const delayMs = this.#backoff(attemptNo, options);
        this.#onRetry?.({
          url: request.url.href,
          attempt: attemptNo,
          delayMs,
          reason: String(error),
        });
        yield* options.whileWaiting(sleep(delayMs));
        continue;
      }
      const status = result.head.status;
      const retryableStatus = isRetryableStatus(status, options.retryOn) &&
        (idempotent || status === 429 || status === 503);
      if (!retryableStatus || attemptNo > options.retries) return { result, attempts: sends.count };
      result.body.close();
      const nowMs = yield* withLoop((_, loop) => loop.clock.now());
      const wallNowMs = yield* withLoop((_, loop) => loop.clock.wallNow());
      const retryAfterMs = parseRetryAfter(result.head.headers.get("retry-after"), wallNowMs);
      let delayMs = this.#backoff(attemptNo, options);
      if (retryAfterMs !== null) {
        delayMs = Math.min(Math.max(delayMs, retryAfterMs), options.maxBackoffMs);
        // The host asked for a pause: every request to it waits, not only this one.
        if (status === 429 || status === 503) this.gate.block(origin, nowMs + delayMs);
      }
      this.#onRetry?.({
        url: request.url.href,
        attempt: attemptNo,
        delayMs,
        reason: `status ${status}`,
      });
      yield* options.whileWaiting(sleep(delayMs));
    }
  }

  /** One attempt, sent again at once on a new connection if a pooled one turned out stale. */
  *#attemptOnce(
    settings: OriginSettings,
    request: PreparedRequest,
    options: ResolvedRequestOptions,
    sends: { count: number },
  ): Generator<Effect, AttemptResult> {
    try {
      sends.count++;
      options.onAttempt();
      return yield* attempt(this.pool, settings, request, options, false);
    } catch (error) {
      if (!(error instanceof StaleConnectionError)) throw error;
      // The server may have acted on the request before closing: only a repeatable one goes again.
      if (!IDEMPOTENT_METHODS.has(request.method)) throw error.cause;
      sends.count++;
      options.onAttempt();
      return yield* attempt(this.pool, settings, request, options, true);
    }
  }

  #backoff(attemptNo: number, options: ResolvedRequestOptions): number {
    return backoffDelayMs(attemptNo - 1, options.backoffMs, options.maxBackoffMs, this.#random);
  }

  #prepare(request: HttpRequest, options: ResolvedRequestOptions): PreparedRequest {
    return prepareRequest(request, { userAgent: this.#userAgent, decompress: options.decompress });
  }
}

function originSettings(url: URL, options: ResolvedRequestOptions): OriginSettings {
  const secure = url.protocol === "https:";
  return {
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    secure,
    caCerts: options.caCerts,
    insecure: options.insecure,
    trustKey: trustKeyOf(options.caCerts),
    connectTimeoutMs: options.connectTimeoutMs,
    tlsTimeoutMs: options.tlsTimeoutMs,
  };
}

/** Trust keys of the CA texts seen, so a run's one CA file is not hashed again for every request. */
const trustKeys = new Map<string, string>();

function trustKeyOf(caCerts: string[]): string {
  const text = caCerts.length === 1 ? caCerts[0] : caCerts.join("\n");
  let key = trustKeys.get(text);
  if (key === undefined) {
    key = text.length.toString(36) + ":" + hashText(text);
    if (trustKeys.size >= 64) trustKeys.clear(); // a handful per run; never let it grow unbounded
    trustKeys.set(text, key);
  }
  return key;
}

/** A short non-cryptographic fingerprint (FNV-1a) to tell trust settings apart in pool keys. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export { HttpError };
