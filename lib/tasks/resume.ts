/**
 * Continuing a body that broke off instead of fetching it again: what a later attempt needs to know
 * (plain data, carried by the frontier's retry), the `Range` / `If-Range` request that asks for the
 * missing bytes, and the check that a `206` answers exactly that (or that a `416` says nothing is
 * missing). Only a GET without a `Range` of the user's, whose response named a validator and had no
 * `Content-Encoding`, is continued.
 * @module
 */
import { HeaderList, HttpError, type HttpResponse, quoteReceived } from "../http/mod.ts";

/**
 * The first bytes of a body, kept in a temporary for a later attempt. Plain data (a frontier kept
 * outside the process stores it as it is): no object references.
 */
export interface PartialBody {
  /** The temporary holding them, relative to the output directory. */
  path: string;
  /** How many bytes it holds: the next request asks from here. */
  bytes: number;
  /** What the next request sends as `If-Range`: a strong ETag, else a Last-Modified date. */
  validator: string;
  /** The URL they came from. */
  url: string;
  /** Named after the final path with a record beside it (`resume: true`): it outlives the run. */
  named: boolean;
  /**
   * The Content-Type of the response they came with (absent when it named none, or for a record
   * written before it was kept): the save path's `{ext}` when they turn out to be the whole file.
   */
  contentType?: string;
}

/**
 * The validator a resumed request can send as `If-Range`: a strong ETag, else Last-Modified
 * (RFC 9110 §13.1.5 allows both; a weak ETag never matches a range request).
 *
 * @param headers The response's headers.
 * @returns The value to send, or undefined when the response names none.
 */
export function validatorOf(headers: HeaderList): string | undefined {
  const etag = headers.get("etag")?.trim();
  if (etag && !etag.startsWith("W/") && etag.startsWith('"')) return etag;
  const lastModified = headers.get("last-modified")?.trim();
  return lastModified ? lastModified : undefined;
}

/**
 * Whether the request's headers carry a `Range` the user set: its 206 is the body asked for, never
 * a piece of a larger file, and it is never resumed.
 *
 * @param headers The request's headers.
 * @returns True when a `Range` header is there, in any case.
 */
export function hasOwnRange(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === "range");
}

/**
 * The request headers that ask for the bytes a partial lacks: `Range: bytes=N-`, `If-Range`, and
 * `Accept-Encoding: identity` (a range counts bytes of the representation sent, and the partial
 * holds bytes as they came, unencoded).
 *
 * @param headers The request's own headers (not changed).
 * @param partial What is kept.
 * @returns New headers.
 */
export function resumeHeaders(
  headers: Readonly<Record<string, string>>,
  partial: PartialBody,
): Record<string, string> {
  const replaced = new Set(["range", "if-range", "accept-encoding"]);
  const kept = Object.entries(headers).filter(([name]) => !replaced.has(name.toLowerCase()));
  return {
    ...Object.fromEntries(kept),
    "Range": `bytes=${partial.bytes}-`,
    "If-Range": partial.validator,
    "Accept-Encoding": "identity",
  };
}

/** A `Content-Range: bytes FIRST-LAST/COMPLETE` (COMPLETE undefined for `*`). */
export interface ContentRange {
  first: number;
  last: number;
  complete: number | undefined;
}

/**
 * Parses a `Content-Range` of a 206 (RFC 9110 §14.4).
 *
 * @param value The header's value.
 * @returns The range; undefined when it is not one of bytes, or its numbers do not agree.
 */
export function parseContentRange(value: string | null): ContentRange | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? "");
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  const complete = match[3] === "*" ? undefined : Number(match[3]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first) return undefined;
  if (complete !== undefined && (!Number.isSafeInteger(complete) || last >= complete)) {
    return undefined;
  }
  return { first, last, complete };
}

/** A 206 that does not continue the partial as asked: the partial is dropped, the next attempt starts over. */
export class ResumeRefusedError extends Error {
  /** Stable code. */
  readonly code = "RESUME_REFUSED";

  /**
   * @param url The URL that answered.
   * @param asked The range asked for (`bytes=N-`).
   * @param why What was wrong with the answer.
   */
  constructor(url: string, asked: string, why: string) {
    super(`Cannot resume ${url}: asked for ${asked}, but ${why}; the next attempt starts over`);
    this.name = "ResumeRefusedError";
  }
}

/**
 * Checks that a 206 continues `partial`: its `Content-Range` starts exactly at the partial's size,
 * and its body is not encoded.
 *
 * @param response The 206.
 * @param partial What was kept.
 * @returns The 206's range, for {@linkcode checkFilled} once its body has been read.
 * @throws {ResumeRefusedError} Saying what does not match.
 */
export function checkContinues(response: HttpResponse, partial: PartialBody): ContentRange {
  const asked = `bytes=${partial.bytes}-`;
  const header = response.headers.get("content-range");
  const range = parseContentRange(header);
  if (range === undefined) {
    const why = header === null
      ? "the 206 has no Content-Range"
      : `the 206's Content-Range ${quoteReceived(header)} is not a byte range`;
    throw new ResumeRefusedError(response.url, asked, why);
  }
  if (range.first !== partial.bytes) {
    throw new ResumeRefusedError(
      response.url,
      asked,
      `the server sent bytes ${range.first}-${range.last} (Content-Range ${
        quoteReceived(header!)
      })`,
    );
  }
  const encoding = response.headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") {
    throw new ResumeRefusedError(
      response.url,
      asked,
      `the 206 is encoded (${quoteReceived(encoding)}), and the kept bytes are not`,
    );
  }
  return range;
}

/**
 * Checks that a continued body filled its 206's range and that the file is now whole. A 206 may
 * carry less than the rest (a server that serves a file in pieces, a body whose Content-Length
 * says less than its range): the file is not whole, and saving it would pass a truncated file for
 * the body. That is a body broken off (`EARLY_EOF`): kept, and the next attempt asks for the rest.
 *
 * @param fileBytes The file's size with the 206's body appended.
 * @param range The 206's range, from {@linkcode checkContinues}.
 * @param url The URL that answered.
 * @throws {HttpError} `EARLY_EOF` when the file is short of the whole.
 * @throws {ResumeRefusedError} When the body ran past its range.
 */
export function checkFilled(fileBytes: number, range: ContentRange, url: string): void {
  const sent = `bytes ${range.first}-${range.last}/${range.complete ?? "*"}`;
  if (fileBytes > range.last + 1) {
    throw new ResumeRefusedError(
      url,
      `bytes=${range.first}-`,
      `the 206 sent ${fileBytes - range.first} bytes for its Content-Range ${sent}`,
    );
  }
  const whole = range.complete ?? range.last + 1;
  if (fileBytes < whole) {
    throw new HttpError(
      "EARLY_EOF",
      `Cannot fetch ${url}: the file ends at byte ${fileBytes} of ${whole} after a 206 of ${sent}; ` +
        "the next attempt asks for the rest",
      { url },
    );
  }
}

/** What else {@linkcode holdsWholeFile} goes by. */
export interface HoldsWholeFileOptions {
  /**
   * The saved file must match a checksum (its own, the task's, or its path's in a checksums
   * file): the kept bytes are checked before they are saved.
   * @default false
   */
  checksum?: boolean;
}

/**
 * Whether a 416 to the request for what `partial` lacks says that the partial is the whole file (a
 * run stopped after its last byte, before the rename): its `Content-Range` of an unsatisfied range
 * (`bytes *` then `/` and the length, RFC 9110 §14.4) gives the file's length as exactly the
 * partial's size, so the range asked for starts at its end. The 416 must also say it is about the
 * file the partial came from, by naming the partial's validator (the `If-Range` sent): a server
 * that ignores `If-Range` would answer a changed file of the same length just so. A 416 naming no
 * validator (as many servers send it) is taken only when a checksum checks the bytes; one naming
 * another never is.
 *
 * @param response The 416.
 * @param partial What was kept.
 * @param options Whether a checksum checks the saved file.
 * @returns True when the partial may be saved as the file.
 */
export function holdsWholeFile(
  response: HttpResponse,
  partial: PartialBody,
  options: HoldsWholeFileOptions = {},
): boolean {
  const range = /^\s*bytes\s+\*\/(\d+)\s*$/i.exec(response.headers.get("content-range") ?? "");
  if (range === null || Number(range[1]) !== partial.bytes) return false;
  const own = response.headers.get(validatorField(partial.validator))?.trim();
  return own ? own === partial.validator : options.checksum === true;
}

/**
 * The headers that name a partial's validator, as the response its bytes came with named it: what
 * the state records for a whole partial saved on a 416, whose own headers often name none.
 *
 * @param partial What was kept.
 * @returns An `ETag` or a `Last-Modified` field.
 */
export function validatorHeaders(partial: PartialBody): HeaderList {
  return new HeaderList([[validatorField(partial.validator), partial.validator]]);
}

/**
 * The Content-Type a body's save path is rendered with (its `{ext}`): the response's, but for a
 * whole partial saved on a 416 (whose Content-Type is the 416's own message's) the one its bytes
 * came with.
 *
 * @param response The response being saved.
 * @param wholePartial The partial saved as the file on a 416, if that is what is saved.
 * @returns The Content-Type, or null when there is none.
 */
export function savedContentType(
  response: HttpResponse,
  wholePartial: PartialBody | undefined,
): string | null {
  if (wholePartial !== undefined) return wholePartial.contentType ?? null;
  return response.headers.get("content-type");
}

/** A validator is a strong ETag (quoted) or a Last-Modified date: the field that carries it. */
function validatorField(validator: string): "etag" | "last-modified" {
  return validator.startsWith('"') ? "etag" : "last-modified";
}

/**
 * Whether a response's body may be continued by a later attempt if it breaks off: it names a
 * validator and is not encoded (a range counts encoded bytes; the file holds decoded ones).
 *
 * @param response A 200, or a 206 that continues a partial.
 * @returns The validator to resume with, or undefined.
 */
export function resumableValidator(response: HttpResponse): string | undefined {
  const encoding = response.headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") return undefined;
  return validatorOf(response.headers);
}
