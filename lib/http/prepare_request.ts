/**
 * Turning a caller's request into one ready to send: the URL parsed, the header fields completed
 * with defaults and framing, the head encoded, and the body's length fixed.
 * @module
 */
import type { HttpRequest, RequestBody } from "./request.ts";
import { encodeHead, fieldLine, requestLine } from "./request_head.ts";

/** A request body with the length announced for it: exactly that many bytes are sent. */
export type PreparedBody = RequestBody & { readonly length: number };

/** A request ready to send: its encoded head, and the body to follow it. */
export interface PreparedRequest {
  url: URL;
  method: string;
  /** Headers as sent (names as given, Host and framing left out), for keep-alive rules and redirects. */
  headers: Record<string, string>;
  head: Uint8Array;
  body?: PreparedBody;
}

/** Settings of {@linkcode prepareRequest}. */
export interface PrepareOptions {
  /** Sent as User-Agent unless the request sets its own. */
  userAgent: string;
  /** Ask for gzip and deflate unless the request sets Accept-Encoding (not br: see decoder.ts). */
  decompress: boolean;
}

/**
 * Request headers (lower case) that only the client may set: they frame the message or route it,
 * so a caller's value would be dropped, duplicated or could smuggle a second request.
 */
export const RESERVED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "content-length",
  "transfer-encoding",
  "host",
  "connection",
  "te",
  "upgrade",
  "trailer",
  "keep-alive",
  "proxy-connection",
  // The proxy's credentials come from its URL and go only to the proxy: a caller's value would
  // reach the target (directly, or inside a CONNECT tunnel).
  "proxy-authorization",
]);

/**
 * Completes and encodes a request: Host from the URL, default User-Agent, Accept and
 * Accept-Encoding unless given, Content-Type from the body, and Content-Length (a file body's
 * length is taken now, and exactly that many bytes are sent).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { prepareRequest } from "./prepare_request.ts";
 * const prepared = prepareRequest({ url: "http://example.com/a?b" }, {
 *   userAgent: "corun",
 *   decompress: false,
 * });
 * assertEquals(new TextDecoder().decode(prepared.head).split("\r\n")[0], "GET /a?b HTTP/1.1");
 * ```
 *
 * @param request URL, method, headers, body.
 * @param options Default header values.
 * @returns The request ready to send.
 * @throws {TypeError} When the URL is not an absolute http(s) URL, the method is not a token, or a
 *   header is one the client sets itself (see {@linkcode RESERVED_REQUEST_HEADERS}).
 * @throws {HttpError} `BAD_REQUEST_HEADER` when a header name or value cannot be sent.
 * @throws {Deno.errors.NotFound} When a file body does not exist.
 */
export function prepareRequest(request: HttpRequest, options: PrepareOptions): PreparedRequest {
  const url = typeof request.url === "string" ? parseHttpUrl(request.url) : request.url;
  const method = (request.method ?? "GET").toUpperCase();
  const given = request.headers ?? NO_HEADERS;
  const givenNames = Object.keys(given);
  // Which of the fields the client may add the caller gave itself (no set of names per request).
  let givesUserAgent = false;
  let givesAccept = false;
  let givesAcceptEncoding = false;
  let givesContentType = false;
  for (const name of givenNames) {
    const lower = name.toLowerCase();
    if (RESERVED_REQUEST_HEADERS.has(lower)) {
      throw new TypeError(
        `Cannot send header ${
          JSON.stringify(name)
        }: the client sets the framing and routing headers itself`,
      );
    }
    if (lower === "user-agent") givesUserAgent = true;
    else if (lower === "accept") givesAccept = true;
    else if (lower === "accept-encoding") givesAcceptEncoding = true;
    else if (lower === "content-type") givesContentType = true;
  }
  const headers: Record<string, string> = {};
  if (!givesUserAgent) headers["User-Agent"] = options.userAgent;
  if (!givesAccept) headers["Accept"] = "*/*";
  if (options.decompress && !givesAcceptEncoding) headers["Accept-Encoding"] = "gzip, deflate";
  Object.assign(headers, given);
  let body: PreparedBody | undefined;
  let contentLength: number | undefined;
  if (request.body) {
    const source = request.body;
    const length = source.kind === "bytes"
      ? source.bytes.byteLength
      : Deno.statSync(source.path).size;
    body = { ...source, length };
    contentLength = length;
  } else if (method === "POST" || method === "PUT" || method === "PATCH") {
    contentLength = 0;
  }
  // Written out line by line: no array of pairs per request.
  let lines = requestLine(method, requestTarget(url)) + fieldLine("Host", url.host);
  if (givenNames.length === 0) lines += defaultFieldLines(options);
  else for (const name of Object.keys(headers)) lines += fieldLine(name, headers[name]);
  if (body?.contentType && !givesContentType) lines += fieldLine("Content-Type", body.contentType);
  if (contentLength !== undefined) lines += fieldLine("Content-Length", String(contentLength));
  return { url, method, headers, head: encodeHead(lines), body };
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The default field lines last written, with what they were written from. */
let lastDefaults: { userAgent: string; decompress: boolean; lines: string } | undefined;

/**
 * The field lines of a request that gives no headers: the defaults, in the order `prepareRequest`
 * sets them. A run's requests share one set of options, so they are validated and written once,
 * not once per request.
 */
function defaultFieldLines(options: PrepareOptions): string {
  const last = lastDefaults;
  if (last?.userAgent === options.userAgent && last.decompress === options.decompress) {
    return last.lines;
  }
  let lines = fieldLine("User-Agent", options.userAgent) + fieldLine("Accept", "*/*");
  if (options.decompress) lines += fieldLine("Accept-Encoding", "gzip, deflate");
  lastDefaults = { userAgent: options.userAgent, decompress: options.decompress, lines };
  return lines;
}

/**
 * The origin-form request target of `url`: its path and query. An empty query keeps its `?`
 * (`/p?`), as curl sends it: `url.search` is "" then, while the URL fetched (and reported) has it.
 *
 * @param url The URL fetched.
 * @returns The path and query to send.
 */
export function requestTarget(url: URL): string {
  if (url.search !== "") return url.pathname + url.search;
  // In a serialized URL the first "#" starts the fragment: a "?" right before it ends the query.
  const href = url.href;
  const fragmentAt = href.indexOf("#");
  const beforeFragment = fragmentAt === -1 ? href : href.slice(0, fragmentAt);
  return beforeFragment.endsWith("?") ? url.pathname + "?" : url.pathname;
}

/**
 * Parses an http(s) URL.
 *
 * @param text The URL.
 * @returns The parsed URL.
 * @throws TypeError when it is not an absolute http: or https: URL.
 */
export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`Cannot fetch "${text}": not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`Cannot fetch "${text}": only http: and https: URLs are supported`);
  }
  return url;
}
