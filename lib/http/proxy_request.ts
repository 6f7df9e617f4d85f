/**
 * A plain-http request sent to a forward proxy: its head in absolute form (RFC 9112 §3.2.2), with
 * the proxy's credentials. Requests inside a `CONNECT` tunnel keep their origin-form head and never
 * carry the proxy's credentials.
 * @module
 */
import type { ProxyEndpoint } from "../net/mod.ts";
import { type PreparedRequest, requestTarget } from "./prepare_request.ts";

const encoder = new TextEncoder();

/**
 * The head of `request` as sent to `proxy`: `GET http://host:port/path?query HTTP/1.1`, then
 * `Proxy-Authorization` when the proxy URL has credentials, then the request's own fields.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { proxiedHead } from "./proxy_request.ts";
 * import { prepareRequest } from "./prepare_request.ts";
 * import { parseProxyUrl } from "../net/mod.ts";
 * const request = prepareRequest({ url: "http://example.com:8080/a?b" }, {
 *   userAgent: "corun",
 *   decompress: false,
 * });
 * const head = proxiedHead(request, parseProxyUrl("http://proxy:3128", "proxy"));
 * assertEquals(
 *   new TextDecoder().decode(head).split("\r\n")[0],
 *   "GET http://example.com:8080/a?b HTTP/1.1",
 * );
 * ```
 *
 * @param request The prepared request (its head in origin form).
 * @param proxy The proxy it goes to.
 * @returns The head to send instead of `request.head`.
 */
export function proxiedHead(request: PreparedRequest, proxy: ProxyEndpoint): Uint8Array {
  const head = request.head;
  const lineEnd = head.indexOf(0x0a) + 1; // the request line, validated when it was encoded
  const url = request.url;
  let line = `${request.method} ${url.protocol}//${url.host}${requestTarget(url)} HTTP/1.1\r\n`;
  if (proxy.authorization !== undefined) {
    line += `Proxy-Authorization: ${proxy.authorization}\r\n`;
  }
  const first = encoder.encode(line);
  const whole = new Uint8Array(first.length + head.length - lineEnd);
  whole.set(first);
  whole.set(head.subarray(lineEnd), first.length);
  return whole;
}
