/**
 * Whether a 304 proves the saved file unchanged. A 304 is proof only of the validator it was asked
 * about: one that names another ETag than the `If-None-Match` sent, or, when `If-Modified-Since`
 * went alone, another Last-Modified than the date sent, is about another version (a stale cache that
 * has the new version's head). RFC 9111 §4.3.4 forbids a cache to update a stored response with it:
 * corun neither keeps the file on its word nor records its validator beside bytes it is not of.
 * @module
 */
import { etagsWeaklyEqual, type HeaderList, parseHttpDate } from "../http/mod.ts";
import type { PreviousSave } from "./kept_state.ts";

/**
 * Whether a 304 to a conditional request on `previous` is about that save: an ETag it names is the
 * save's (compared weakly, as `If-None-Match` is); a Last-Modified it names is the save's date when
 * the save has no ETag (`If-None-Match` takes precedence where both went, RFC 9110 §13.2.2). A
 * 304 that names neither is taken at its word. An ETag where the save has none matches nothing
 * kept: it is another version's.
 *
 * @param headers The 304's headers.
 * @param previous The save the request named (its validators are what went).
 * @param nowMs The wall clock, for a two-digit year in a date.
 * @returns True when the 304 may keep the saved file and refresh its entry.
 */
export function provesUnchanged(
  headers: HeaderList,
  previous: Pick<PreviousSave, "etag" | "lastModified">,
  nowMs: number,
): boolean {
  const etag = headers.get("etag")?.trim();
  if (etag) return previous.etag !== undefined && etagsWeaklyEqual(etag, previous.etag.trim());
  const lastModified = headers.get("last-modified")?.trim();
  if (!lastModified || previous.etag !== undefined) return true;
  return previous.lastModified !== undefined &&
    sameDate(lastModified, previous.lastModified.trim(), nowMs);
}

/** Two HTTP-dates name the same second, however written (an obsolete form, say); else the same text. */
function sameDate(a: string, b: string, nowMs: number): boolean {
  if (a === b) return true;
  const aMs = parseHttpDate(a, nowMs);
  return aMs !== null && aMs === parseHttpDate(b, nowMs);
}
