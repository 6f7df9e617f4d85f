/**
 * Which version of a file kept bytes are of, and whether a response is of the same: the validator a
 * resumed request sends as `If-Range` (a strong ETag, or a strong Last-Modified, RFC 9110 §13.1.5,
 * §8.8.2.2), and the checks that the 206 or 416 answering it names that validator back.
 * @module
 */
import { etagsWeaklyEqual, HeaderList, parseHttpDate, quoteReceived } from "../http/mod.ts";

/** What tells which version of a file kept bytes are of. */
export interface KeptVersion {
  /** What a resumed request sends as `If-Range`: a strong ETag, else a strong Last-Modified date. */
  validator: string;
  /**
   * The weak ETag their response named beside a Last-Modified `validator`, if any: a 206 naming
   * another is of another representation.
   */
  etag?: string;
  /**
   * The Content-Encoding they have, kept as sent (a `.tar.gz` under `gzip`, a body of `decompress:
   * false`), as {@linkcode contentCodingOf} gives it; absent for bytes without one. A range counts
   * the bytes of the representation, coding included (RFC 9110 §8.4, §14.1): a 206 that continues
   * them is coded alike.
   */
  encoding?: string;
}

/**
 * How long before its response's `Date` a `Last-Modified` must be to count as a strong validator:
 * RFC 9110 §8.8.2.2 asks at least a second, and room for two clocks that disagree; Chromium asks a
 * minute, as corun does. A file modified later may have changed twice within that second.
 */
const STRONG_LAST_MODIFIED_MS = 60_000;

/**
 * What a resumed request sends as `If-Range` (and a 206 must name back), with the weak ETag that
 * came beside a Last-Modified one; or why a response gives nothing a 206 could be checked against.
 */
export type ResumeValidator =
  | (KeptVersion & { why?: undefined })
  | { validator?: undefined; etag?: undefined; encoding?: undefined; why: string };

/**
 * The validator a body that breaks off can be resumed with (RFC 9110 §13.1.5): a strong ETag, else
 * a Last-Modified that is strong by §8.8.2.2 (a minute or more before the response's `Date`). A
 * weak ETag never matches a range request, and a Last-Modified close to its Date may name two
 * versions of the file: neither proves a later 206 is of the kept bytes' version. A body decoded
 * from its Content-Encoding is never resumed: a range counts the coded bytes, and its file holds
 * decoded ones. A coded body kept as sent (a `.tar.gz` under `gzip`, `decompress: false`) is: its
 * file holds exactly the bytes a range counts, and the validator comes with their coding.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HeaderList } from "../http/mod.ts";
 * import { resumeValidatorOf } from "./resume_validator.ts";
 * const modified = "Tue, 01 Dec 2026 10:00:00 GMT";
 * const headers = new HeaderList([["Last-Modified", modified], ["Date", "Wed, 02 Dec 2026 10:00:00 GMT"]]);
 * assertEquals(resumeValidatorOf(headers, Date.now()).validator, modified);
 * ```
 *
 * @param headers The response's headers.
 * @param nowMs The wall clock, for a two-digit year in a date.
 * @param decodedFrom The content codings its body was decoded from (`ResponseBody.decodedFrom`),
 *   if any.
 * @returns The validator, or why there is none.
 */
export function resumeValidatorOf(
  headers: HeaderList,
  nowMs: number,
  decodedFrom?: string,
): ResumeValidator {
  if (decodedFrom !== undefined) {
    return {
      why: `it was decoded from its Content-Encoding ${
        quoteReceived(decodedFrom)
      }, and a range counts the coded bytes`,
    };
  }
  const found = validatorOf(headers, nowMs);
  const encoding = contentCodingOf(headers);
  return found.validator === undefined || encoding === undefined ? found : { ...found, encoding };
}

/**
 * The Content-Encoding of a response as kept bytes record it: its codings, trimmed and in lower
 * case, joined by `, `, `identity` left out.
 *
 * @param headers The response's headers.
 * @returns The codings (`gzip`), or undefined for none.
 */
export function contentCodingOf(headers: HeaderList): string | undefined {
  const codings = (headers.get("content-encoding") ?? "").split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  return codings.length === 0 ? undefined : codings.join(", ");
}

/** The strong validator of {@linkcode resumeValidatorOf}, whatever the body's coding. */
function validatorOf(headers: HeaderList, nowMs: number): ResumeValidator {
  const etag = headers.get("etag")?.trim();
  if (etag && etag.startsWith('"')) return { validator: etag };
  const lastModified = headers.get("last-modified")?.trim();
  if (!lastModified) {
    return {
      why: etag
        ? `its ETag ${shownValidator(etag)} is weak, and it names no Last-Modified`
        : "it names no ETag or Last-Modified",
    };
  }
  const modifiedMs = parseHttpDate(lastModified, nowMs);
  if (modifiedMs === null) {
    return { why: `its Last-Modified ${quoteReceived(lastModified)} is not an HTTP-date` };
  }
  const date = headers.get("date")?.trim();
  const dateMs = date ? parseHttpDate(date, nowMs) : null;
  if (dateMs === null) {
    return {
      why: "its Last-Modified is a weak validator with no Date to compare it with " +
        "(RFC 9110 §8.8.2.2)",
    };
  }
  if (modifiedMs > dateMs) {
    // Modified after the response was made: one of the two clocks is wrong, and no date is sure.
    return {
      why: "its Last-Modified is later than its Date (a clock or a server that cannot be " +
        "trusted), a weak validator (RFC 9110 §8.8.2.2)",
    };
  }
  if (dateMs - modifiedMs < STRONG_LAST_MODIFIED_MS) {
    return {
      why: "its Last-Modified is less than a minute before its Date, so the file may have " +
        "changed since within the same second (a weak validator, RFC 9110 §8.8.2.2)",
    };
  }
  return etag ? { validator: lastModified, etag } : { validator: lastModified };
}

/**
 * Why a 206 is not proved to be of the kept bytes' version, if it is not: it must name their
 * validator (the `If-Range` sent) and no other ETag than their response named. A server that
 * ignores If-Range answers a changed file with the new one's bytes, and only the validator the 206
 * names tells: gluing them to the kept ones would make neither file. A 206 that names none proves
 * nothing (RFC 9110 §15.3.7 has it send the ETag a 200 would).
 *
 * @param headers The 206's headers.
 * @param kept The kept bytes' version.
 * @returns Why the 206 is refused, or undefined when it is of their version.
 */
export function otherVersionOf(headers: HeaderList, kept: KeptVersion): string | undefined {
  const named = namedValidatorOf(headers, kept);
  if (named === undefined) {
    return `the 206 names no ${validatorLabel(kept)}, so nothing says it is of the kept bytes' ` +
      `version (${shownValidator(kept.validator)})`;
  }
  if (named !== kept.validator) {
    return `the 206 is of another version of the file (its ${validatorLabel(kept)} is ${
      shownValidator(named)
    }, the kept bytes came with ${shownValidator(kept.validator)})`;
  }
  const etag = headers.get("etag")?.trim();
  if (kept.etag !== undefined && etag && !etagsWeaklyEqual(etag, kept.etag)) {
    return `the 206 is of another representation of the file (its ETag is ${
      shownValidator(etag)
    }, the kept bytes came with ${shownValidator(kept.etag)})`;
  }
  return undefined;
}

/**
 * The validator of the kept bytes' kind (ETag or Last-Modified) that a response names, if any:
 * which version of the file it is about.
 *
 * @param headers The response's headers.
 * @param kept The kept bytes' version.
 * @returns The value named, trimmed; undefined when the response names none.
 */
export function namedValidatorOf(headers: HeaderList, kept: KeptVersion): string | undefined {
  const named = headers.get(validatorField(kept.validator))?.trim();
  return named ? named : undefined;
}

/**
 * The headers that name a partial's validator, as the response its bytes came with named it: what
 * the state records for a whole partial saved on a 416, whose own headers often name none.
 *
 * @param kept The kept bytes' version.
 * @returns An `ETag` or a `Last-Modified` field.
 */
export function validatorHeaders(kept: KeptVersion): HeaderList {
  return new HeaderList([[validatorField(kept.validator), kept.validator]]);
}

/** A validator is a strong ETag (quoted) or a Last-Modified date: the field that carries it. */
function validatorField(validator: string): "etag" | "last-modified" {
  return validator.startsWith('"') ? "etag" : "last-modified";
}

/** The field that carries the kept bytes' validator, as a message names it. */
function validatorLabel(kept: KeptVersion): string {
  return validatorField(kept.validator) === "etag" ? "ETag" : "Last-Modified";
}

/** A validator as a message shows it: as sent when printable (an ETag has its own quotes). */
function shownValidator(validator: string): string {
  return /^[\x20-\x7e]+$/.test(validator) ? validator : quoteReceived(validator);
}
