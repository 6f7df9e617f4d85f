/**
 * Encoding an HTTP/1.1 request head (request line and header fields) into bytes.
 * @module
 */
import { isToken, validateHeaderName, validateHeaderValue } from "./headers.ts";

// Controls (C0, DEL, C1) and space, which would end or split the request line.
const TARGET_FORBIDDEN = /[\p{Cc} ]/u;
/** A character past ASCII: a value without one is its own bytes in every encoding. */
const NOT_ASCII = /[\u0080-\uffff]/;
/** A character past U+00FF: a text with one is no string of bytes (one character per byte). */
const NOT_BYTE = /[\u0100-\uffff]/;
const encoder = new TextEncoder();

/**
 * The request line `METHOD target HTTP/1.1` with its line ending, validated so that no
 * caller-supplied text can inject a line, as the bytes it is sent as (see {@linkcode encodeHead}).
 * `prepareRequest` writes a request's head with it and {@linkcode fieldLine}.
 *
 * @param method Request method, a token such as `GET`.
 * @param target Request target.
 * @returns The line.
 * @throws {TypeError} When the method is not a token, or the target is empty or holds whitespace or
 *   control characters.
 */
export function requestLine(method: string, target: string): string {
  const problem = methodProblem(method);
  if (problem !== undefined) throw new TypeError(`Cannot encode request: ${problem}`);
  if (target === "" || TARGET_FORBIDDEN.test(target)) {
    throw new TypeError(
      `Cannot encode request: target ${
        JSON.stringify(target)
      } is empty or contains whitespace or control characters`,
    );
  }
  // A URL's target is ASCII (percent-encoded); other text goes as UTF-8, as a config's value does.
  const sent = NOT_ASCII.test(target) ? utf8Bytes(target) : target;
  return method + " " + sent + " HTTP/1.1\r\n";
}

/**
 * What is wrong with a request's method, if anything: not a token, or `CONNECT`, whose target is a
 * host and port, not a path, and whose 2xx answer turns the connection into a tunnel (corun sends it
 * itself for an https URL through a proxy).
 *
 * @param method The method as given.
 * @returns The problem, or undefined for a method corun can send.
 */
export function methodProblem(method: string): string | undefined {
  if (!isToken(method)) return `method ${JSON.stringify(method)} is not a token`;
  if (method === "CONNECT") {
    return "the method CONNECT asks a proxy for a tunnel, which corun opens itself for an https " +
      "URL given a proxy: it is no method for a fetch";
  }
  return undefined;
}

/**
 * One header field `name: value` with its line ending, validated so that no caller-supplied text
 * can inject a line (as `prepareRequest` writes every field), as the bytes it is sent as (one
 * character per byte, for {@linkcode encodeHead}; see {@linkcode headerBytes}).
 *
 * @param name Header name.
 * @param value Header value.
 * @param received The value is bytes a server sent, as corun decoded them. @default false
 * @returns The line.
 * @throws {HttpError} `BAD_REQUEST_HEADER` when the name is not a token or the value holds a
 *   control character other than tab.
 */
export function fieldLine(name: string, value: string, received = false): string {
  validateHeaderName(name);
  validateHeaderValue(name, value);
  return name + ": " + headerBytes(value, received) + "\r\n";
}

/**
 * A request header value as the bytes it is sent as, one character per byte: the one place a
 * request's header value is given its encoding. ASCII is its own bytes. A value received from a
 * server (`received`: a validator sent back in `If-None-Match` or `If-Range`, a cookie from the
 * jar) was decoded one character per byte (`decodeLatin1`), so it goes back as those same bytes,
 * or a server's ETag with a byte past 0x7F would never match; any other non-ASCII value (a
 * config's, which is text) is sent as UTF-8.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { headerBytes } from "./request_head.ts";
 * assertEquals(headerBytes("caf\xe9", true), "caf\xe9");
 * assertEquals(headerBytes("caf\xe9"), "caf\xc3\xa9");
 * ```
 *
 * @param value Header value.
 * @param received The value is bytes a server sent, as corun decoded them. @default false
 * @returns The bytes, one character per byte.
 */
export function headerBytes(value: string, received = false): string {
  if (!NOT_ASCII.test(value)) return value;
  return received && !NOT_BYTE.test(value) ? value : utf8Bytes(value);
}

/** Text as its UTF-8 bytes, one character per byte. */
function utf8Bytes(value: string): string {
  let bytes = "";
  for (const byte of encoder.encode(value)) bytes += String.fromCharCode(byte);
  return bytes;
}

/**
 * The bytes of a head: its request line and field lines (from {@linkcode requestLine} and
 * {@linkcode fieldLine}), then the empty line that ends it.
 *
 * @param lines The head's lines, each with its line ending, one character per byte.
 * @returns The encoded head, ready to write.
 */
export function encodeHead(lines: string): Uint8Array {
  const head = lines + "\r\n";
  // TextEncoder's ASCII path is native and copies byte per character, faster than a JS loop.
  if (!NOT_ASCII.test(head)) return encoder.encode(head);
  const bytes = new Uint8Array(head.length);
  for (let at = 0; at < head.length; at++) bytes[at] = head.charCodeAt(at);
  return bytes;
}
