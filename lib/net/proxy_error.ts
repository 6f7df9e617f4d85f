/**
 * The error of a forward proxy that could not be used, with stable codes. Its message names the
 * proxy (`http://host:port`, never its credentials) and the target.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import type { ProxyEndpoint } from "./proxy_url.ts";

/**
 * Codes of {@linkcode ProxyError}:
 * - `PROXY_CONNECT_FAILED`: the proxy could not be reached (refused, unreachable, reset). Retryable,
 *   like a connect error: nothing was sent to the target.
 * - `PROXY_NOT_FOUND`: the proxy's host name does not resolve. Final.
 * - `PROXY_AUTH_REQUIRED`: the proxy answered 407 (no credentials, or wrong ones), or 401 to
 *   `CONNECT` (tinyproxy's answer to a wrong password). Final.
 * - `PROXY_REFUSED`: the proxy answered `CONNECT` with another non-2xx status below 500 but 429
 *   (403: the target or port is not allowed), or answered `CONNECT` or a plain-http request with
 *   something that is not HTTP. Final.
 * - `PROXY_TUNNEL_FAILED`: the proxy answered `CONNECT` with a 5xx: it could not reach the target
 *   (502, 503, 504); or with 429: it limits its clients' rate. Retryable, like a connect error.
 * - `PROXY_CLOSED`: the proxy closed the connection before answering `CONNECT`, or the tunnel closed
 *   during the TLS handshake with the target. Retryable, like a connect error.
 */
export type ProxyErrorCode =
  | "PROXY_CONNECT_FAILED"
  | "PROXY_NOT_FOUND"
  | "PROXY_AUTH_REQUIRED"
  | "PROXY_REFUSED"
  | "PROXY_TUNNEL_FAILED"
  | "PROXY_CLOSED";

/**
 * A proxy could not be used to reach a target. Never followed by a direct connection.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpClient, proxyEnvironmentFrom, ProxyError, runOperation } from "@corun/corun";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const proxy = `http://127.0.0.1:${listener.addr.port}`;
 * listener.close(); // the proxy is down
 * const env: Record<string, string> = { http_proxy: proxy };
 * const client = new HttpClient({ proxyEnvironment: proxyEnvironmentFrom((name) => env[name]) });
 * const outcome = await runOperation(function* () {
 *   try {
 *     yield* client.request({ url: "http://example.com/" });
 *     return "fetched";
 *   } catch (error) {
 *     if (!(error instanceof ProxyError)) throw error;
 *     return [error.code, error.proxy, error.target]; // nothing went to example.com
 *   }
 * }());
 * client.close();
 * assertEquals(outcome, ["PROXY_CONNECT_FAILED", proxy, "example.com:80"]);
 * ```
 */
export class ProxyError extends Error {
  static {
    brandClass(this, "ProxyError");
  }

  /** Stable code. */
  readonly code: ProxyErrorCode;
  /** The proxy as `http://host:port`, without credentials. */
  readonly proxy: string;
  /** `host:port` of the target the proxy was asked for. */
  readonly target: string;
  /** The proxy's answer status, when it answered. */
  readonly status?: number;
  /**
   * The `Retry-After` of the proxy's answer to `CONNECT` (a 503 or 429 that asks to be left alone
   * for a while), as sent; the retry decision waits that long, as for a server's.
   */
  readonly retryAfter?: string;
  /** The `Date` of that answer: what a date in `retryAfter` is measured from. */
  readonly date?: string;

  /**
   * Makes the error of a proxy that could not be used.
   *
   * @param code Stable code.
   * @param message What could not be done, naming proxy and target (never credentials).
   * @param details The proxy (without credentials), the target, the proxy's status, its
   *   `Retry-After` and `Date`, if any.
   * @param options The underlying error as `cause`.
   */
  constructor(
    code: ProxyErrorCode,
    message: string,
    details: {
      proxy: string;
      target: string;
      status?: number;
      retryAfter?: string;
      date?: string;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ProxyError";
    this.code = code;
    this.proxy = details.proxy;
    this.target = details.target;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfter !== undefined) this.retryAfter = details.retryAfter;
    if (details.date !== undefined) this.date = details.date;
  }
}

/**
 * Why a proxy answered 407 (or 401 to `CONNECT`), as its `PROXY_AUTH_REQUIRED` says it, to
 * `CONNECT` and to a plain-http request alike: the credentials its URL gave were refused, or it
 * wants some.
 *
 * @param proxy The proxy that answered.
 * @returns The reason, in words.
 */
export function proxyAuthProblem(proxy: ProxyEndpoint): string {
  return proxy.authorization
    ? "the proxy refused the credentials given in its URL"
    : "the proxy requires credentials (give them in its URL: http://user:password@host:port)";
}
