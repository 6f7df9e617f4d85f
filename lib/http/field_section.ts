/**
 * The rules a field section is read by, a response head's header fields and a chunked body's
 * trailers alike (RFC 9112 §2.2, §5, §7.1.2): a line ends in CRLF or a bare LF; a line not ended yet
 * does not count a CR at its end, whose LF may be on its way; the section's size, each line's length
 * and the number of fields have limits, each refused with its own error. Each field line itself is
 * checked by `parseFieldLine` (headers.ts), which joins a folded line to the field before it.
 * @module
 */
import { HttpError } from "./errors.ts";
import { type LimitNamer, nameRequestOption } from "./limit_names.ts";

/**
 * One past a line's content: before the CR of a CRLF, or at a bare LF.
 *
 * @param buf The bytes.
 * @param lineStart Where the line starts.
 * @param lf Where its LF is.
 * @returns Where its content ends.
 */
export function lineEnd(buf: Uint8Array, lineStart: number, lf: number): number {
  return lf > lineStart && buf[lf - 1] === 0x0d ? lf - 1 : lf;
}

/**
 * How long a line that has no LF yet is so far, for its limit: a CR at its end may be the start of
 * the CRLF, so it does not count yet.
 *
 * @param buf The bytes.
 * @param lineStart Where the line starts.
 * @param end One past the last byte received.
 * @returns Its length in bytes, that CR left out.
 */
export function pendingLineBytes(buf: Uint8Array, lineStart: number, end: number): number {
  return end - lineStart - (end > lineStart && buf[end - 1] === 0x0d ? 1 : 0);
}

/** How a field section's errors name what could not be done, the section, its lines and fields. */
export interface FieldSectionNames {
  /** `Cannot parse response head`. */
  action: string;
  /** `it`, `the trailer section`. */
  section: string;
  /** `a line`, `a trailer line`. */
  line: string;
  /** `header fields`, `fields`. */
  fields: string;
}

/**
 * Says that a line is longer than the section's size limit lets one be (see `maxLineBytesOf`,
 * response_head.ts), naming that limit as its knob: a line has none of its own.
 *
 * @param maxLineBytes The longest line.
 * @param maxSectionBytes The size limit it follows from.
 * @param nameLimit How the limit is named.
 * @returns `exceeds 16384 bytes, the longest maxHeaderSize (64KiB) allows`.
 */
export function lineLimitPassed(
  maxLineBytes: number,
  maxSectionBytes: number,
  nameLimit: LimitNamer = nameRequestOption,
): string {
  return `exceeds ${maxLineBytes} bytes, the longest ${
    nameLimit("headerSize", maxSectionBytes)
  } allows`;
}

/**
 * The error for a section past its size limit.
 *
 * @param names How the section is named.
 * @param maxBytes The limit.
 * @param nameLimit How the limit is named.
 * @returns `HEAD_TOO_LARGE`.
 */
export function sectionTooLarge(
  names: FieldSectionNames,
  maxBytes: number,
  nameLimit: LimitNamer = nameRequestOption,
): HttpError {
  return new HttpError(
    "HEAD_TOO_LARGE",
    `${names.action}: ${names.section} exceeds ${nameLimit("headerSize", maxBytes)}`,
  );
}

/**
 * The error for a section with more fields than its limit.
 *
 * @param names How the section is named.
 * @param maxCount The limit.
 * @param nameLimit How the limit is named.
 * @returns `TOO_MANY_HEADERS`.
 */
export function tooManyFields(
  names: FieldSectionNames,
  maxCount: number,
  nameLimit: LimitNamer = nameRequestOption,
): HttpError {
  return new HttpError(
    "TOO_MANY_HEADERS",
    `${names.action}: ${names.section} has more ${names.fields} than ${
      nameLimit("headerCount", maxCount)
    }`,
  );
}

/**
 * The error for a line longer than its limit.
 *
 * @param names How the section's lines are named.
 * @param maxLineBytes The limit.
 * @param maxSectionBytes The section's size limit the line's follows from.
 * @param nameLimit How the limit is named.
 * @returns `LINE_TOO_LONG`.
 */
export function lineTooLong(
  names: FieldSectionNames,
  maxLineBytes: number,
  maxSectionBytes: number,
  nameLimit: LimitNamer = nameRequestOption,
): HttpError {
  return new HttpError(
    "LINE_TOO_LONG",
    `${names.action}: ${names.line} ${lineLimitPassed(maxLineBytes, maxSectionBytes, nameLimit)}`,
  );
}
