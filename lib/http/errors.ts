/**
 * The one error class of the HTTP layer. Callers branch on `code`, never on the message.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import { NetError } from "../net/mod.ts";

/**
 * Why an HTTP exchange failed. Stable: callers (retries, reports, exit codes) branch on these.
 *
 * Codec codes (raised by the pure parsers in this folder):
 * - `HEAD_TOO_LARGE`: the response head (or a chunked trailer section) exceeds its byte limit.
 * - `TOO_MANY_HEADERS`: more header fields than allowed.
 * - `LINE_TOO_LONG`: one head line (a folded header's lines joined), or one chunk-size line, exceeds
 *   its byte limit.
 * - `BAD_STATUS_LINE`: the first line is not `HTTP/1.x NNN reason`.
 * - `BAD_HEADER`: a malformed response header or trailer field (bad name, CR/NUL in value, obs-fold
 *   before the first field or in Content-Length or Transfer-Encoding).
 * - `BAD_FRAMING`: the body length cannot be known safely (Content-Length with Transfer-Encoding,
 *   conflicting or malformed Content-Length), or a transfer coding before chunked cannot be undone.
 * - `BAD_CHUNK`: malformed chunked transfer coding.
 * - `BAD_ENCODING`: the body cannot be decoded with its Content-Encoding or a transfer coding
 *   (corrupt, truncated, or followed by bytes other than zero padding).
 * - `BODY_TOO_LARGE`: the body exceeds the caller's limit.
 * - `DECODE_RATIO_TOO_HIGH`: the body decodes to more times its encoded size than the caller allows
 *   (a decompression bomb).
 * - `EARLY_EOF`: the connection closed before the message was complete.
 * - `BAD_REQUEST_HEADER`: a request header name is not a token, or a value holds a control character
 *   other than tab (CR, LF, NUL, ESC, DEL…).
 * - `TOO_MANY_REDIRECTS`, `REDIRECT_DOWNGRADE` (https to http), `BAD_REDIRECT` (unparsable Location
 *   or a scheme other than http/https), `REDIRECT_REFUSED` (a URL the request's `redirectGate`
 *   refuses; never retried).
 *
 * Client codes (raised by the client's own deadlines and state): `TIMEOUT_HEADERS`, `TIMEOUT_IDLE`,
 * `TIMEOUT_TOTAL`, `CLIENT_CLOSED` (a request on an `HttpClient` after its `close()`, or a head or
 * body read on a connection `close()` closed; never retried), and `BODY_CLOSED` (a read of a body
 * closed before its end: by its `close()`, its task's end, or an earlier read that failed or was
 * cancelled; what is left would read as a short body, whole).
 *
 * A connection that cannot be made or used (`CONNECT_FAILED`, `HOST_NOT_FOUND`, `TIMEOUT_CONNECT`,
 * `TIMEOUT_TLS`, `TLS_FAILED`, `CONNECTION_CLOSED`, …) is a `NetError` (`NetErrorCode`), and a
 * proxy's failure a `ProxyError`, never an `HttpError`.
 */
export type HttpErrorCode =
  | "HEAD_TOO_LARGE"
  | "TOO_MANY_HEADERS"
  | "LINE_TOO_LONG"
  | "BAD_STATUS_LINE"
  | "BAD_HEADER"
  | "BAD_FRAMING"
  | "BAD_CHUNK"
  | "BAD_ENCODING"
  | "BODY_TOO_LARGE"
  | "DECODE_RATIO_TOO_HIGH"
  | "EARLY_EOF"
  | "BODY_CLOSED"
  | "BAD_REQUEST_HEADER"
  | "TOO_MANY_REDIRECTS"
  | "REDIRECT_DOWNGRADE"
  | "BAD_REDIRECT"
  | "REDIRECT_REFUSED"
  | "TIMEOUT_HEADERS"
  | "TIMEOUT_IDLE"
  | "TIMEOUT_TOTAL"
  | "CLIENT_CLOSED";

/** Options of {@linkcode HttpError}. */
export interface HttpErrorOptions {
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** The URL being fetched, when known. */
  url?: string;
  /** The request was never sent: any method may go again. */
  unsent?: boolean;
  /** The status of the response the error is about, when one arrived. */
  status?: number;
}

/**
 * An HTTP exchange failed in a way a caller may branch on (retry, report, give up).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpError } from "@corun/corun";
 * const error = new HttpError("BAD_CHUNK", "Cannot decode chunked body: chunk size is not hex");
 * assertEquals(error.code, "BAD_CHUNK");
 * ```
 */
export class HttpError extends Error {
  static {
    brandClass(this, "HttpError");
  }

  /** Stable code for callers that branch. */
  readonly code: HttpErrorCode;
  /** The URL being fetched, when known; the client fills it in for errors raised by the codec. */
  url?: string;
  /**
   * True when the request was never sent (its connection took all of `timeouts.total` to open): it
   * may go again whatever its method, as after a failed connect.
   */
  readonly unsent?: true;
  /**
   * The status of the response the error is about, when one arrived (a redirect that cannot be
   * followed, a success refused by its Content-Length): the fetch's metadata line records it.
   */
  status?: number;

  /**
   * Makes the error of one failed exchange.
   *
   * @param code Why the exchange failed.
   * @param message What could not be done, then the state (std style).
   * @param options The cause, the URL and the response's status, when known.
   */
  constructor(code: HttpErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HttpError";
    this.code = code;
    if (options.url !== undefined) this.url = options.url;
    if (options.unsent) this.unsent = true;
    if (options.status !== undefined) this.status = options.status;
  }
}

/**
 * An error that names no URL (a codec's: a response head, a framing, a chunk, a gzip stream; or a
 * socket's, which names only `host:port`), told again with what could not be done and where:
 * `Cannot fetch http://x/a: cannot parse response head: ...`. Its class and code stay, so
 * retries and reports treat it as before; an HttpError that already names its URL, and any other
 * error, is returned as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpError, locatedError } from "./errors.ts";
 * const error = new HttpError("BAD_CHUNK", "Cannot decode chunked body: chunk size is not hex");
 * const located = locatedError(error, "read the body of", "http://x.test/a") as HttpError;
 * assertEquals(located.url, "http://x.test/a");
 * assertEquals(
 *   located.message,
 *   "Cannot read the body of http://x.test/a: cannot decode chunked body: chunk size is not hex",
 * );
 * ```
 *
 * @param error What was thrown.
 * @param what What could not be done, before the URL (`fetch`, `read the body of`).
 * @param url The URL being fetched.
 * @param proxy The proxy a plain-http request went through (shown without credentials), named
 *   after the URL: it, not the URL's server, is what the connection reached.
 * @returns The error naming `url`.
 */
export function locatedError(error: unknown, what: string, url: string, proxy?: string): unknown {
  const where = whereOf(url, proxy);
  const located = (message: string) => `Cannot ${what} ${where}: ${lowerFirst(message)}`;
  if (error instanceof NetError) {
    return new NetError(error.code, located(error.message), error.address, { cause: error });
  }
  if (!(error instanceof HttpError) || error.url !== undefined) return error;
  return new HttpError(error.code, located(error.message), {
    url,
    cause: error.cause ?? error,
    status: error.status,
    // Never sent stays so: a POST that was not sent may go again (frontier/retry.ts).
    unsent: error.unsent,
  });
}

/**
 * A URL as a message of its connection's failure names it: with the proxy a plain-http request went
 * through (`http://x/a through proxy http://p:3128`), which is all the connection reached.
 *
 * @param url The URL being fetched.
 * @param proxy The proxy (shown without credentials), if any.
 * @returns The URL, and the proxy after it.
 */
export function whereOf(url: string, proxy: string | undefined): string {
  return proxy === undefined ? url : `${url} through proxy ${proxy}`;
}

/** `message` with its first letter lower case, to follow a colon in another message. */
export function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
