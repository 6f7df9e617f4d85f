/**
 * Turning a caller's request into one ready to send: the URL parsed, the header fields completed
 * with defaults and framing, the head encoded, and the body's length fixed.
 * @module
 */
import type { HttpRequest, RequestBody } from "./request.ts";
import { encodeHeadWithLines, headerLines } from "./request_head.ts";

/** A request body with the length announced for it: exactly that many bytes are sent. */
export type PreparedBody = RequestBody & { readonly length: number };

/** A request ready to send: its encoded head, and the body to follow it. */
export interface PreparedRequest {
  url: URL;
  method: string;
  /** Headers as sent (names as given, Host and framing left out), for keep-alive rules and redirects. */
  headers: Readonly<Record<string, string>>;
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
  const method = request.method === undefined ? "GET" : request.method.toUpperCase();
  const block = headerBlockOf(request.headers ?? NO_HEADERS, options);
  let lines = "Host: " + url.host + "\r\n" + block.lines;
  let body: PreparedBody | undefined;
  if (request.body) {
    const source = request.body;
    const length = source.kind === "bytes"
      ? source.bytes.byteLength
      : Deno.statSync(source.path).size;
    body = { ...source, length };
    const framing: [string, string][] = [];
    if (body.contentType && !block.given.has("content-type")) {
      framing.push(["Content-Type", body.contentType]);
    }
    framing.push(["Content-Length", String(length)]);
    lines += headerLines(framing);
  } else if (method === "POST" || method === "PUT" || method === "PATCH") {
    lines += "Content-Length: 0\r\n";
  }
  const head = encodeHeadWithLines(method, requestTarget(url), lines);
  return { url, method, headers: block.headers, head, body };
}

/** A request's own header fields completed with the defaults, checked and written out. */
interface HeaderBlock {
  /** The options it was made with. */
  userAgent: string;
  decompress: boolean;
  /** The fields sent (Host and framing left out), frozen: requests made with it share it. */
  headers: Readonly<Record<string, string>>;
  /** Lower-case names of the request's own fields. */
  given: ReadonlySet<string>;
  /** The fields as `name: value` lines, validated. */
  lines: string;
  /** The request's own fields when it was made, names and values in turn: a changed object misses. */
  fields: string[];
}

/** Stands for a request without headers of its own. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Blocks by the headers object they were made from: a task's fetches share one, so its fields are
 * checked and written out once, not per request. An object changed since (a caller reusing its
 * own) is seen by comparing its fields, and gets a new block.
 */
const headerBlocks = new WeakMap<object, HeaderBlock>();

function headerBlockOf(given: Record<string, string>, options: PrepareOptions): HeaderBlock {
  const known = headerBlocks.get(given);
  if (
    known !== undefined && known.userAgent === options.userAgent &&
    known.decompress === options.decompress && hasFields(given, known.fields)
  ) {
    return known;
  }
  const block = makeHeaderBlock(given, options);
  headerBlocks.set(given, block);
  return block;
}

function makeHeaderBlock(given: Record<string, string>, options: PrepareOptions): HeaderBlock {
  const givenNames = new Set<string>();
  for (const name of Object.keys(given)) {
    const lower = name.toLowerCase();
    if (RESERVED_REQUEST_HEADERS.has(lower)) {
      throw new TypeError(
        `Cannot send header ${
          JSON.stringify(name)
        }: the client sets the framing and routing headers itself`,
      );
    }
    givenNames.add(lower);
  }
  const headers: Record<string, string> = {};
  if (!givenNames.has("user-agent")) headers["User-Agent"] = options.userAgent;
  if (!givenNames.has("accept")) headers["Accept"] = "*/*";
  if (options.decompress && !givenNames.has("accept-encoding")) {
    headers["Accept-Encoding"] = "gzip, deflate";
  }
  Object.assign(headers, given);
  return {
    userAgent: options.userAgent,
    decompress: options.decompress,
    headers: Object.freeze(headers),
    given: givenNames,
    lines: headerLines(Object.entries(headers)),
    fields: Object.entries(given).flat(),
  };
}

function hasFields(given: Record<string, string>, fields: readonly string[]): boolean {
  const names = Object.keys(given);
  if (names.length * 2 !== fields.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (fields[2 * i] !== names[i] || fields[2 * i + 1] !== given[names[i]]) return false;
  }
  return true;
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
