/**
 * Telling a URL's origin from its text, without parsing it, when it is the origin of the URL before.
 * @module
 */

const SLASH = 0x2f;

/**
 * Whether URL text starts with `origin` (an http(s) origin as the URL parser writes it) and then a
 * "/": such a URL has that origin, for the authority ends at that "/" (no user info, the same host
 * and port). A false answer says nothing: parse the URL to know.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { hasOriginPrefix } from "./origin_prefix.ts";
 * assert(hasOriginPrefix("http://x.org:8080/a?b", "http://x.org:8080"));
 * assert(!hasOriginPrefix("http://x.org:80800/", "http://x.org:8080"));
 * ```
 *
 * @param text The URL's text.
 * @param origin The origin to look for, such as `"https://example.org"`.
 * @returns True when the text has that origin for certain.
 */
export function hasOriginPrefix(text: string, origin: string): boolean {
  return origin !== "" && text.startsWith(origin) && text.charCodeAt(origin.length) === SLASH;
}

/**
 * The text of a URL up to its path's "/", which is its origin when it is one of origins already
 * known (as {@linkcode hasOriginPrefix} says), and tells nothing otherwise: for a lookup in a set of
 * origins without a parse.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { originPrefixOf } from "./origin_prefix.ts";
 * assertEquals(originPrefixOf("https://x.org:8080/a/b"), "https://x.org:8080");
 * assertEquals(originPrefixOf("https://x.org"), "");
 * ```
 *
 * @param text The URL's text.
 * @returns Its text before the path's "/", or "" when it has no such "/".
 */
export function originPrefixOf(text: string): string {
  const slash = text.indexOf("/", text.indexOf("://") + 3);
  return slash === -1 ? "" : text.slice(0, slash);
}
