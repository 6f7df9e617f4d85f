/**
 * How a response body is delimited (RFC 9112 §6.3) and whether its connection can be reused.
 * @module
 */
import { HttpError } from "./errors.ts";
import type { HeaderList } from "./headers.ts";
import { quoteReceived } from "./quote_received.ts";

/** How the body of a response is delimited. */
export type BodyFraming =
  /** No body at all (HEAD, 1xx, 204, 304). */
  | { kind: "none" }
  /** Exactly `length` bytes follow the head. */
  | { kind: "length"; length: number }
  /**
   * Chunked transfer coding: feed a `ChunkedDecoder`. `transferCodings`, when present, are the
   * codings applied before chunked (`gzip` of `gzip, chunked`), in the order applied: undo them next.
   */
  | { kind: "chunked"; transferCodings?: readonly string[] }
  /**
   * The body runs until the server closes the connection. `transferCodings`, when present, are
   * codings applied to it (`Transfer-Encoding: gzip`), in the order applied: undo them.
   */
  | { kind: "close"; transferCodings?: readonly string[] };

const NONE: BodyFraming = Object.freeze({ kind: "none" });
const CHUNKED: BodyFraming = Object.freeze({ kind: "chunked" });
const CLOSE: BodyFraming = Object.freeze({ kind: "close" });
const DIGITS = /^[0-9]+$/;

/**
 * Decides how a response body is delimited, per RFC 9112 §6.3. Ambiguous framing is refused rather
 * than guessed, since guessing is how responses get smuggled into one another.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { bodyFraming } from "./framing.ts";
 * import { HeaderList } from "./headers.ts";
 * const framing = bodyFraming("GET", 200, new HeaderList([["Content-Length", "42"]]));
 * assertEquals(framing, { kind: "length", length: 42 });
 * ```
 *
 * @param requestMethod Method of the request this responds to.
 * @param status Response status code.
 * @param headers Response header fields.
 * @returns The framing. A `"close"` framing means the connection cannot be reused.
 * @throws {HttpError} `BAD_FRAMING` when Content-Length comes with Transfer-Encoding, when
 *   Content-Length values differ, when one is not a non-negative integer, or when a coding before
 *   a final chunked is one corun cannot undo.
 */
export function bodyFraming(
  requestMethod: string,
  status: number,
  headers: HeaderList,
): BodyFraming {
  if (requestMethod.toUpperCase() === "HEAD" || status < 200 || status === 204 || status === 304) {
    return NONE;
  }
  if (headers.has("transfer-encoding")) {
    if (headers.has("content-length")) {
      // RFC 9112 §6.3: it "ought to be handled as an error" (a smuggled or split response), not
      // guessed at; the close that §6.1 asks after it would be corun's only defence otherwise.
      throw badFraming("the response has both Transfer-Encoding and Content-Length", status);
    }
    return transferFraming(splitList(headers.getAll("transfer-encoding")), status);
  }
  const contentLength = headers.get("content-length");
  if (contentLength === null) return CLOSE;
  if (DIGITS.test(contentLength)) {
    // The usual case: one plain number, nothing to split (repeated fields are joined with ", ").
    const value = Number(contentLength);
    if (Number.isSafeInteger(value)) return { kind: "length", length: value };
  }
  let length = -1;
  for (const text of splitList(headers.getAll("content-length"), true)) {
    const value = DIGITS.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) {
      throw badFraming(`Content-Length ${quoteReceived(text)} is not a valid length`, status);
    }
    if (length !== -1 && value !== length) {
      throw badFraming(`Content-Length has differing values ${length} and ${value}`, status);
    }
    length = value;
  }
  return { kind: "length", length };
}

/**
 * Framing by Transfer-Encoding (RFC 9112 §6.3): chunked when it is the final coding, else the
 * close. The other codings belong to the message, not to the content, so they are undone (by
 * Content-Encoding's decoders) even with `decompress: false`: saved as they came, they would give
 * the user gzip bytes for a plain file. Before a final chunked, a coding that cannot be undone is
 * refused. Without a final chunked, a body with such a coding (`chunked, deflate`, `x-foo`) is kept
 * as received, as peer parsers keep it: RFC 9112 §6.3 only says it runs to the close, and the
 * conformance vectors expect its bytes.
 *
 * @param received The codings, in the order applied, as received.
 * @param status The response's status, for the error.
 */
function transferFraming(received: string[], status: number): BodyFraming {
  const codings = received.map((coding) => coding.toLowerCase());
  const chunked = codings.at(-1) === "chunked";
  // `identity` means no coding (RFC 7230 dropped it; some servers still send it).
  const applied = (chunked ? codings.slice(0, -1) : codings).filter((c) => c !== "identity");
  if (applied.length === 0) return chunked ? CHUNKED : CLOSE;
  const unknown = applied.findIndex((coding) => !UNDONE_TRANSFER_CODINGS.has(coding));
  if (unknown === -1) return { kind: chunked ? "chunked" : "close", transferCodings: applied };
  if (!chunked) return CLOSE;
  throw badFraming(
    `Transfer-Encoding ${quoteReceived(received.join(", "))} applies ${
      quoteReceived(applied[unknown])
    } before chunked, and corun undoes only gzip, x-gzip and deflate there`,
    status,
  );
}

/** Transfer codings undone with the decoders of Content-Encoding (see `decoder.ts`). */
const UNDONE_TRANSFER_CODINGS = new Set(["gzip", "x-gzip", "deflate"]);

/**
 * Whether the connection may carry another request after this response, judged from the protocol
 * version and the `Connection` fields: HTTP/1.1 persists unless either side said `close`; HTTP/1.0
 * persists only when the response said `keep-alive`, and never when it has a Transfer-Encoding
 * (RFC 9112 §6.1: a 1.0 message with one has faulty framing, so the connection closes after it). The
 * caller must also have read the whole body, and a `"close"` framing always ends the connection.
 *
 * @param version Protocol version of the response.
 * @param requestHeaders Headers the request was sent with, when known.
 * @param responseHeaders Headers of the response.
 * @returns `true` when the connection may be reused.
 */
export function isKeepAlive(
  version: "1.0" | "1.1",
  requestHeaders: HeaderList | Readonly<Record<string, string>> | undefined,
  responseHeaders: HeaderList,
): boolean {
  if (requestHeaders !== undefined && hasConnectionOption(requestHeaders, "close")) return false;
  if (hasConnectionOption(responseHeaders, "close")) return false;
  if (version === "1.1") return true;
  return hasConnectionOption(responseHeaders, "keep-alive") &&
    !responseHeaders.has("transfer-encoding");
}

/**
 * How long the server keeps the connection open idle after this response, as its `Keep-Alive`
 * field says (`timeout=5, max=100`: Apache and Node.js send one; RFC 2068 §19.7.1.1).
 *
 * @param responseHeaders Headers of the response.
 * @returns Milliseconds, or undefined when the response does not say.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { keepAliveTimeoutMs } from "./framing.ts";
 * import { HeaderList } from "./headers.ts";
 * assertEquals(keepAliveTimeoutMs(new HeaderList([["Keep-Alive", "timeout=5, max=100"]])), 5000);
 * assertEquals(keepAliveTimeoutMs(new HeaderList([["Keep-Alive", "max=100"]])), undefined);
 * ```
 */
export function keepAliveTimeoutMs(responseHeaders: HeaderList): number | undefined {
  const value = responseHeaders.get("keep-alive");
  if (value === null) return undefined;
  const seconds = KEEP_ALIVE_TIMEOUT.exec(value)?.[1];
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

/** The `timeout` parameter of a `Keep-Alive` field, in whole seconds. */
const KEEP_ALIVE_TIMEOUT = /(?:^|[\s,;])timeout\s*=\s*"?(\d{1,9})(?![\d.])/i;

/** Whether a `Connection` field lists `option` (lower case), in any case. */
function hasConnectionOption(
  headers: HeaderList | Readonly<Record<string, string>>,
  option: string,
): boolean {
  if (typeof (headers as HeaderList).getAll === "function") {
    // Repeated fields come joined as one list: the same elements.
    const value = (headers as HeaderList).get("connection");
    return value !== null && hasListElement(value, option);
  }
  const record = headers as Readonly<Record<string, string>>;
  for (const name in record) {
    // The length first: most names are not ten letters long, and those skip the lower-casing.
    if (
      name.length === 10 && name.toLowerCase() === "connection" &&
      hasListElement(record[name], option)
    ) {
      return true;
    }
  }
  return false;
}

/** Whether the comma-separated list `value` has `element` (lower case), in any case. */
function hasListElement(value: string, element: string): boolean {
  // Most lists hold one element: nothing to split.
  if (!value.includes(",")) return isListElement(value, element);
  return value.split(",").some((part) => isListElement(part, element));
}

/** Whether a list element, trimmed, is `element` (lower case), in any case. */
function isListElement(part: string, element: string): boolean {
  const trimmed = part.trim();
  // The length first: an element of another length skips the lower-casing (a new string).
  return trimmed.length === element.length && trimmed.toLowerCase() === element;
}

/** Splits comma-separated list fields into trimmed elements, dropping empty ones unless kept. */
function splitList(values: string[], keepEmpty = false): string[] {
  const elements: string[] = [];
  for (const value of values) {
    for (const part of value.split(",")) {
      const element = part.trim();
      if (element !== "" || keepEmpty) elements.push(element);
    }
  }
  return elements;
}

/** @param status The response's: its head came, so the fetch's metadata line records it. */
function badFraming(state: string, status: number): HttpError {
  return new HttpError("BAD_FRAMING", `Cannot frame response body: ${state}`, { status });
}
