/**
 * The reason phrases RFC 9110 (section 15) gives each status code. A proxy's own reason phrase is
 * free text from the network, and one that reflects the request may carry its
 * `Proxy-Authorization`: a message names a status by these words instead.
 * @module
 */

const REASONS: Readonly<Record<number, string>> = {
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

/**
 * A status code with its standard reason phrase (`407 Proxy Authentication Required`), or the
 * code alone when it has none (`599`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { statusWithReason } from "./status_reason.ts";
 * assertEquals(statusWithReason(502), "502 Bad Gateway");
 * assertEquals(statusWithReason(599), "599");
 * ```
 *
 * @param status The status code.
 * @returns The code, and its reason phrase when it has one.
 */
export function statusWithReason(status: number): string {
  const reason = REASONS[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}
