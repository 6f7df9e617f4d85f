/**
 * Turning a caller's request into one ready to send: the URL parsed, the header fields completed
 * with defaults and framing, the head encoded, and the body's length fixed.
 * @module
 */
import { resolve } from "./deps.ts";
import { asksNoCoding } from "./coded_file.ts";
import type { HttpRequest, RequestBody } from "./request.ts";
import { encodeHead, fieldLine, requestLine } from "./request_head.ts";

/** A request body with the length announced for it: exactly that many bytes are sent. */
export type PreparedBody = RequestBody & { readonly length: number };

/** A request ready to send: its encoded head, and the body to follow it. */
export interface PreparedRequest {
  url: URL;
  method: string;
  /**
   * Headers as sent (names as given, Host and framing left out), for keep-alive rules and redirects:
   * the default fields' own record when the caller gave none.
   */
  headers: Readonly<Record<string, string>>;
  head: Uint8Array;
  body?: PreparedBody;
}

/** Settings of {@linkcode prepareRequest}. */
export interface PrepareOptions {
  /** Sent as User-Agent unless the request sets its own. */
  userAgent: string;
  /**
   * Ask for gzip and deflate unless the request sets Accept-Encoding (not br: see decoder.ts); for
   * a compressed file, or a body kept to be continued later, for none.
   */
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
 * Accept-Encoding unless given (`identity` for a compressed file, see `asksNoCoding`, a body
 * kept to be continued, or a request with its own `Range`), Content-Type
 * from the body, and Content-Length (a file body's length is taken now, and exactly that many bytes
 * are sent).
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
 * @param saveName The name its body is saved as, as far as known before the response (see
 *   `asksNoCoding`); undefined for none.
 * @param keepsPartial A body that breaks off is kept to be continued in a later run: asks for no
 *   content coding, as a range counts the coded bytes (see `RequestProgress.keepsPartial`).
 * @returns The request ready to send.
 * @throws {TypeError} When the URL is not an absolute http(s) URL, the method is not a token, or a
 *   header is one the client sets itself (see {@linkcode RESERVED_REQUEST_HEADERS}).
 * @throws {HttpError} `BAD_REQUEST_HEADER` when a header name or value cannot be sent.
 * @throws {Deno.errors.NotFound} When a file body does not exist.
 */
export function prepareRequest(
  request: HttpRequest,
  options: PrepareOptions,
  saveName?: string,
  keepsPartial = false,
): PreparedRequest {
  const url = typeof request.url === "string" ? parseHttpUrl(request.url) : request.url;
  const method = (request.method ?? "GET").toUpperCase();
  const given = request.headers ?? NO_HEADERS;
  const givenNames = lowerNamesOf(given);
  let body: PreparedBody | undefined;
  let contentLength: number | undefined;
  if (request.body) {
    const source = request.body;
    if (source.kind === "bytes") {
      body = { ...source, length: source.bytes.byteLength };
    } else {
      // Absolute now: the file is opened later, by a thread of the runtime's, when a run's confined
      // write may have stepped into a folder of its output directory (a relative path would name a
      // file there).
      // Not its real path: a link to a file outside a scoped --allow-read is read through the link,
      // and errors name the path as given.
      const path = resolve(source.path);
      body = { ...source, path, length: Deno.statSync(path).size };
    }
    contentLength = body.length;
  } else if (method === "POST" || method === "PUT" || method === "PATCH") {
    contentLength = 0;
  }
  // Written out line by line: no array of pairs per request.
  let lines = requestLine(method, requestTarget(url)) + fieldLine("Host", url.host);
  // A range counts the coded bytes (RFC 9110 §14.1): a coded piece would not decode. So a request
  // for one, a resume's or the caller's own `Range`, asks for none.
  const accept = !options.decompress
    ? "none"
    : keepsPartial || givenNames.has("range") || asksNoCoding(url, saveName)
    ? "identity"
    : "gzip, deflate";
  const defaults = defaultFieldsOf(options.userAgent, accept);
  let headers: Readonly<Record<string, string>>;
  if (givenNames.size === 0) {
    // Most requests: the defaults alone, their record and lines made once for the options.
    headers = defaults.headers;
    lines += defaults.lines;
  } else {
    const merged: Record<string, string> = {};
    for (const name of Object.keys(defaults.headers)) {
      if (!givenNames.has(name.toLowerCase())) merged[name] = defaults.headers[name];
    }
    Object.assign(merged, given);
    const received = request.receivedHeaders;
    for (const name of Object.keys(merged)) {
      lines += fieldLine(name, merged[name], received !== undefined && isNamed(received, name));
    }
    headers = merged;
  }
  if (body?.contentType && !givenNames.has("content-type")) {
    lines += fieldLine("Content-Type", body.contentType);
  }
  if (contentLength !== undefined) lines += fieldLine("Content-Length", String(contentLength));
  return { url, method, headers, head: encodeHead(lines), body };
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Why a caller may not give a header, when it is one the client sets itself
 * ({@linkcode RESERVED_REQUEST_HEADERS}): the one wording of the client's refusal and `ctx.fetch`'s.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { reservedHeaderProblem } from "./prepare_request.ts";
 * assertEquals(
 *   reservedHeaderProblem("Host"),
 *   'header "Host": the client sets the framing and routing headers itself',
 * );
 * assertEquals(reservedHeaderProblem("X-Trace"), undefined);
 * ```
 *
 * @param name A header name, in any case.
 * @returns The problem, naming the header; undefined for one a caller may give.
 */
export function reservedHeaderProblem(name: string): string | undefined {
  if (!RESERVED_REQUEST_HEADERS.has(name.toLowerCase())) return undefined;
  return `header ${JSON.stringify(name)}: the client sets the framing and routing headers itself`;
}

/** Whether `names` (in any case) has `name`. */
function isNamed(names: readonly string[], name: string): boolean {
  const lower = name.toLowerCase();
  return names.some((named) => named.toLowerCase() === lower);
}
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The lower-case names of the fields a caller gives (no set made for none).
 *
 * @throws {TypeError} When one is a field the client sets itself.
 */
function lowerNamesOf(given: Readonly<Record<string, string>>): ReadonlySet<string> {
  const names = Object.keys(given);
  if (names.length === 0) return NO_NAMES;
  const lowerNames = new Set<string>();
  for (const name of names) {
    const reserved = reservedHeaderProblem(name);
    if (reserved !== undefined) throw new TypeError(`Cannot send ${reserved}`);
    lowerNames.add(name.toLowerCase());
  }
  return lowerNames;
}

/** The Accept-Encoding a request asks with: none at all (`decompress: false`), or its value. */
type AcceptEncoding = "none" | "identity" | "gzip, deflate";

/** The default fields made for the last User-Agent, by Accept-Encoding. */
let lastDefaults:
  | {
    userAgent: string;
    byAccept: Map<AcceptEncoding, { headers: Readonly<Record<string, string>>; lines: string }>;
  }
  | undefined;

/**
 * The fields the client adds unless the caller gives them, in the order it sends them, and their
 * lines. A run's requests share one User-Agent: made (and validated) once for each Accept-Encoding,
 * not per request.
 */
function defaultFieldsOf(
  userAgent: string,
  accept: AcceptEncoding,
): { headers: Readonly<Record<string, string>>; lines: string } {
  if (lastDefaults?.userAgent !== userAgent) lastDefaults = { userAgent, byAccept: new Map() };
  const made = lastDefaults.byAccept.get(accept);
  if (made !== undefined) return made;
  const headers: Record<string, string> = { "User-Agent": userAgent, "Accept": "*/*" };
  if (accept !== "none") headers["Accept-Encoding"] = accept;
  let lines = "";
  for (const name of Object.keys(headers)) lines += fieldLine(name, headers[name]);
  // Frozen: the prepared requests that take no fields of their own all share it.
  Object.freeze(headers);
  const fields = { headers, lines };
  lastDefaults.byAccept.set(accept, fields);
  return fields;
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
