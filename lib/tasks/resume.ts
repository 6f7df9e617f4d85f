/**
 * Continuing a body that broke off instead of fetching it again: what a later attempt needs to know
 * (plain data, carried by the frontier's retry), the `Range` / `If-Range` request that asks for the
 * missing bytes, and the check that a `206` answers exactly that (or that a `416` says nothing is
 * missing). Only a GET without a `Range` of the user's, whose response named a strong validator and
 * whose body was saved as sent (not decoded from a `Content-Encoding`), is continued.
 * @module
 */
import {
  dispositionFileName,
  type HeaderList,
  headersOver,
  HttpError,
  type HttpResponse,
  quoteReceived,
} from "../http/mod.ts";
import { downloadFileName } from "../sinks/mod.ts";
import {
  contentCodingOf,
  type KeptVersion,
  namedValidatorOf,
  otherVersionOf,
} from "./resume_validator.ts";

/**
 * The first bytes of a body, kept in a temporary for a later attempt. Plain data (a frontier kept
 * outside the process stores it as it is): no object references.
 */
export interface PartialBody extends KeptVersion {
  /** The temporary holding them, relative to the output directory. */
  path: string;
  /** How many bytes it holds: the next request asks from here. */
  bytes: number;
  /** The URL they came from. */
  url: string;
  /** Named after the final path with a record beside it (`resume: true`): it outlives the run. */
  named: boolean;
  /**
   * The Content-Type of the response they came with (absent when it named none, or for a record
   * written before it was kept): the save path's `{ext}` when they turn out to be the whole file.
   */
  contentType?: string;
  /**
   * How long the whole file is, as the response they came with said (absent when it did not say,
   * or for a record written before it was kept): a 206 of a file of another length is another file.
   */
  total?: number;
  /**
   * The `{filename}` the response they came with gave (absent when the save has none, or for a
   * record written before it was kept): the saved file's name, whatever a 206 names.
   */
  fileName?: string;
}

/**
 * Why a fetch is never continued where its body broke off, or undefined when it may be: only a
 * plain GET whose body corun saves to a file itself (no `onResponse`, not standard output), with no
 * `Range` of the user's, is. The fetch decides by it, and `plan` shows `resume` by it.
 *
 * @param method The request's method.
 * @param headers The request's own headers.
 * @param savesToFile Its body is saved to a file by corun.
 * @param hasCallback An `onResponse` takes the response.
 * @returns Why not (`only a GET is resumed`, ...), or undefined when a broken-off body is continued.
 */
export function resumeRefusal(
  method: string,
  headers: Readonly<Record<string, string>>,
  savesToFile: boolean,
  hasCallback: boolean,
): string | undefined {
  if (method.toUpperCase() !== "GET") return "only a GET is resumed";
  if (hasCallback) return "onResponse takes its body";
  if (!savesToFile) return 'corun saves no file of its body (no save, or save "-")';
  if (hasOwnRange(headers)) return "it asks for a Range of its own";
  return undefined;
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
 * for bytes kept without a coding `Accept-Encoding: identity` (a range counts bytes of the
 * representation sent, coding included). Bytes kept coded (`KeptVersion.encoding`) ask as their
 * first request did, for the representation of that coding.
 *
 * @param headers The request's own headers (not changed).
 * @param partial What is kept.
 * @returns New headers.
 */
export function resumeHeaders(
  headers: Readonly<Record<string, string>>,
  partial: PartialBody,
): Record<string, string> {
  const range = { "Range": `bytes=${partial.bytes}-`, "If-Range": partial.validator };
  return headersOver(
    headers,
    partial.encoding === undefined ? { ...range, "Accept-Encoding": "identity" } : range,
  );
}

/** Errors of a body cut off on the way, which a later attempt may continue. */
export const BROKEN_BODY_CODES: ReadonlySet<string> = new Set([
  "EARLY_EOF",
  "TIMEOUT_IDLE",
  "TIMEOUT_TOTAL",
  "CONNECTION_CLOSED",
]);

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

/** A 206 to a request that asked for no range, of less than the whole file: nothing is saved. */
export class UnaskedPartialError extends Error {
  /** Stable code. */
  readonly code = "PARTIAL_CONTENT";

  /**
   * @param url The URL that answered.
   * @param what What the 206 holds (`bytes 0-9 of 1000`).
   */
  constructor(url: string, what: string) {
    super(
      `Cannot fetch ${url}: the server answered 206 Partial Content with ${what}, and no range was ` +
        "asked for; a piece of a file is not saved as the file",
    );
    this.name = "UnaskedPartialError";
  }
}

/**
 * Checks a 206 to a request of corun's own that asked for no range (neither a resume nor a `Range`
 * of the user's): saved as the file only when its `Content-Range` is the whole of it
 * (`bytes 0-9/10`), since otherwise a body the server says is part of a longer file would be
 * reported done.
 *
 * @param response The 206.
 * @throws {UnaskedPartialError} Saying what the 206 holds.
 */
export function checkUnaskedPartial(response: HttpResponse): void {
  const header = response.headers.get("content-range");
  const range = parseContentRange(header);
  if (range !== undefined && range.first === 0 && range.complete === range.last + 1) return;
  const what = header === null
    ? "no Content-Range"
    : range === undefined
    ? `the Content-Range ${quoteReceived(header)}, which is not a byte range`
    : `bytes ${range.first}-${range.last} of ${range.complete ?? "a length it does not give"}`;
  throw new UnaskedPartialError(response.url, what);
}

/**
 * Checks that a 206 continues `partial`: its `Content-Range` starts exactly at the partial's size
 * and gives the file's length the partial's response gave (when both say one), its body has the
 * partial's Content-Encoding (none, or the one kept as sent) and is saved as sent, and it names the
 * partial's own validator (the `If-Range` sent) and no other ETag than the partial's response did.
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
  const otherLength = otherLengthOf(range, partial);
  if (otherLength !== undefined) {
    throw new ResumeRefusedError(
      response.url,
      asked,
      `the 206 is of a file of ${otherLength} (Content-Range ${
        quoteReceived(header!)
      }), and the kept bytes are of one of ${partial.total} bytes`,
    );
  }
  const otherCoding = otherCodingOf(response, partial);
  if (otherCoding !== undefined) throw new ResumeRefusedError(response.url, asked, otherCoding);
  const otherVersion = otherVersionOf(response.headers, partial);
  if (otherVersion !== undefined) throw new ResumeRefusedError(response.url, asked, otherVersion);
  return range;
}

/**
 * Checks that a continued body filled its 206's range and that the file is now whole. A 206 may
 * carry less than the rest (a server that serves a file in pieces, a body whose Content-Length
 * says less than its range): the file is not whole, and saving it would pass a truncated file for
 * the body. That is a body broken off (`EARLY_EOF`): kept, and the next attempt asks for the rest.
 * The whole is the 206's total, else (a total of `*`) the length the partial's own response gave,
 * else the end of the 206's range.
 *
 * @param fileBytes The file's size with the 206's body appended.
 * @param range The 206's range, from {@linkcode checkContinues}.
 * @param partial The partial the 206 continued.
 * @throws {HttpError} `EARLY_EOF` when the file is short of the whole.
 * @throws {ResumeRefusedError} When the body ran past its range.
 */
export function checkFilled(fileBytes: number, range: ContentRange, partial: PartialBody): void {
  const url = partial.url;
  const sent = `bytes ${range.first}-${range.last}/${range.complete ?? "*"}`;
  if (fileBytes > range.last + 1) {
    throw new ResumeRefusedError(
      url,
      `bytes=${range.first}-`,
      `the 206 sent ${fileBytes - range.first} bytes for its Content-Range ${sent}`,
    );
  }
  const whole = range.complete ?? partial.total ?? range.last + 1;
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
  // The file the partial came from was longer: this one of the partial's length is another.
  if (partial.total !== undefined && partial.total !== partial.bytes) return false;
  const named = namedValidatorOf(response.headers, partial);
  return named !== undefined ? named === partial.validator : options.checksum === true;
}

/**
 * Whether a response gives the file that is saved: a 2xx, whose body is; or a 416 to a resume that
 * said the kept partial is the whole file (`keptWhole`, see {@linkcode holdsWholeFile}), saved as it
 * is. Any other status fails the fetch. The run goes by this, and so does the replay of a killed
 * run's metadata lines into the state (`state_recovery.ts`).
 *
 * @param status The response's status.
 * @param keptWhole A 416 said the kept partial is the whole file.
 * @returns True when the fetch saves a file.
 */
export function savesFile(status: number, keptWhole: boolean): boolean {
  return (status >= 200 && status <= 299) || (status === 416 && keptWhole);
}

/**
 * The Content-Type a body's save path is rendered with (its `{ext}`): the response's; but for a
 * body that continues a partial, or is one (a whole partial saved on a 416), the one its first
 * bytes came with, so a download that broke off is saved under the name it would have had whole (a
 * 206 often names no Content-Type, and a 416's is its own message's).
 *
 * @param response The response being saved.
 * @param partial The partial it continues (a 206) or saves as the file (a 416), if any.
 * @returns The Content-Type, or null when there is none.
 */
export function savedContentType(
  response: HttpResponse,
  partial: PartialBody | undefined,
): string | null {
  if (partial === undefined) return response.headers.get("content-type");
  if (partial.contentType !== undefined) return partial.contentType;
  // A partial whose record kept none (an earlier version's): a 206 names the file's, a 416 not.
  return response.status === 206 ? response.headers.get("content-type") : null;
}

/**
 * The `{filename}` a body is saved under: the name the response's Content-Disposition gives (made
 * safe), else the last segment of the URL it came from, after any redirect; but for a body that
 * continues a partial, or is one, the name its first bytes came with, as for the Content-Type
 * (`savedContentType`): a 206 seldom repeats the name.
 *
 * @param url The URL that answered, after any redirect.
 * @param headers The response's headers.
 * @param partial The partial it continues (a 206) or saves as the file (a 416), if any.
 * @returns A safe, non-empty file name.
 */
export function savedFileName(
  url: URL,
  headers: HeaderList,
  partial: PartialBody | undefined,
): string {
  if (partial?.fileName !== undefined) return partial.fileName;
  const given = dispositionFileName(headers.get("content-disposition"));
  return downloadFileName(given, url.pathname);
}

/**
 * Why a 206's body is not coded as the kept bytes are, if it is not: a range counts the bytes of
 * one coding, and the kept bytes are as sent.
 */
function otherCodingOf(response: HttpResponse, partial: PartialBody): string | undefined {
  const coding = contentCodingOf(response.headers);
  const kept = partial.encoding === undefined
    ? "are not coded"
    : `are of the Content-Encoding ${quoteReceived(partial.encoding)}`;
  if (coding !== partial.encoding) {
    return coding === undefined
      ? `the 206 is not coded, and the kept bytes ${kept}`
      : `the 206 is of the Content-Encoding ${quoteReceived(coding)}, and the kept bytes ${kept}`;
  }
  const decodedFrom = response.body.decodedFrom;
  if (decodedFrom === undefined) return undefined;
  return `the 206 is decoded from its Content-Encoding ${
    quoteReceived(decodedFrom)
  }, and the kept bytes are as sent`;
}

/**
 * The length a 206's range says its file has, when that is not the length the partial's response
 * gave: its total, or with a total of `*` a range that runs past the partial's file's end.
 */
function otherLengthOf(range: ContentRange, partial: PartialBody): string | undefined {
  if (partial.total === undefined) return undefined;
  if (range.complete !== undefined) {
    return range.complete === partial.total ? undefined : `${range.complete} bytes`;
  }
  return range.last < partial.total ? undefined : `more than ${range.last} bytes`;
}

/**
 * How long the whole file is, as a response to be saved says: for a body continuing a partial, what
 * the partial's own response said, else its 206's Content-Range total; for a 200, its
 * Content-Length (a resumable body is saved as sent, so that counts the file's bytes).
 *
 * @param response The response being saved.
 * @param from The partial it continues, if any.
 * @param range That 206's range.
 * @returns The length, or undefined when nothing says it.
 */
export function fileLengthOf(
  response: HttpResponse,
  from: PartialBody | undefined,
  range: ContentRange | undefined,
): number | undefined {
  if (from !== undefined) return from.total ?? range?.complete;
  return response.body.declaredLength ?? undefined;
}
