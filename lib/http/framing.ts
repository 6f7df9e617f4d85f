/**
 * How a response body is delimited (RFC 9112 §6.3) and whether its connection can be reused.
 * @module
 */
import { HttpError } from "./errors.ts";
import type { HeaderList } from "./headers.ts";

/** How the body of a response is delimited. */
export type BodyFraming =
  /** No body at all (HEAD, 1xx, 204, 304). */
  | { kind: "none" }
  /** Exactly `length` bytes follow the head. */
  | { kind: "length"; length: number }
  /** Chunked transfer coding: feed a `ChunkedDecoder`. */
  | { kind: "chunked" }
  /** The body runs until the server closes the connection. */
  | { kind: "close" };

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
 *   Content-Length values differ, or when one is not a non-negative integer.
 */
export function bodyFraming(
  requestMethod: string,
  status: number,
  headers: HeaderList,
): BodyFraming {
  if (requestMethod.toUpperCase() === "HEAD" || status < 200 || status === 204 || status === 304) {
    return NONE;
  }
  const transferEncodings = headers.getAll("transfer-encoding");
  const contentLengths = headers.getAll("content-length");
  if (transferEncodings.length > 0) {
    if (contentLengths.length > 0) {
      throw badFraming("the response has both Transfer-Encoding and Content-Length");
    }
    const codings = splitList(transferEncodings);
    // Any coding other than a final chunked leaves no way to find the end but the close.
    return codings.at(-1)?.toLowerCase() === "chunked" ? CHUNKED : CLOSE;
  }
  if (contentLengths.length === 0) return CLOSE;
  if (contentLengths.length === 1 && DIGITS.test(contentLengths[0])) {
    // The usual case: one plain number, nothing to split.
    const value = Number(contentLengths[0]);
    if (Number.isSafeInteger(value)) return { kind: "length", length: value };
  }
  let length = -1;
  for (const text of splitList(contentLengths, true)) {
    const value = DIGITS.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value)) {
      throw badFraming(`Content-Length ${JSON.stringify(text)} is not a valid length`);
    }
    if (length !== -1 && value !== length) {
      throw badFraming(`Content-Length has differing values ${length} and ${value}`);
    }
    length = value;
  }
  return { kind: "length", length };
}

/**
 * Whether the connection may carry another request after this response, judged from the protocol
 * version and the `Connection` fields: HTTP/1.1 persists unless either side said `close`; HTTP/1.0
 * persists only when the response said `keep-alive`. The caller must also have read the whole body,
 * and a `"close"` framing always ends the connection.
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
  const requestOptions = requestHeaders === undefined ? [] : connectionOptions(requestHeaders);
  if (requestOptions.includes("close")) return false;
  const responseOptions = connectionOptions(responseHeaders);
  if (responseOptions.includes("close")) return false;
  return version === "1.1" || responseOptions.includes("keep-alive");
}

/** Lower-cased options of every `Connection` field. */
function connectionOptions(headers: HeaderList | Readonly<Record<string, string>>): string[] {
  let values: string[];
  if (typeof (headers as HeaderList).getAll === "function") {
    values = (headers as HeaderList).getAll("connection");
  } else {
    values = [];
    const record = headers as Readonly<Record<string, string>>;
    for (const name in record) {
      // The length first: most names are not ten letters long, and those skip the lower-casing.
      if (name.length === 10 && name.toLowerCase() === "connection") values.push(record[name]);
    }
  }
  if (values.length === 0) return [];
  return splitList(values).map((option) => option.toLowerCase());
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

function badFraming(state: string): HttpError {
  return new HttpError("BAD_FRAMING", `Cannot frame response body: ${state}`);
}
