/**
 * The origin a fetch's URL belongs to, the key of its per-origin rules; the page a crawl keys it by.
 * @module
 */

/**
 * The origin of a URL (`"https://example.org"`), or `""` for text that is not a URL (a list line
 * that cannot be read: it fails alone, under no origin's rules).
 *
 * @param url The URL.
 * @returns Its origin.
 */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/** An http(s) URL as a crawl remembers it, and its origin. */
export interface CrawlPage {
  /** The URL as the parser prints it, without its fragment: the key of the run's seen set. */
  key: string;
  /** Its origin, as {@linkcode originOf} gives it. */
  origin: string;
}

/**
 * A URL as a crawl remembers it: printed again by the URL parser (`http://host` is `http://host/`)
 * and without its fragment, which is never sent (`/a#top` is `/a`), so one page is fetched once.
 *
 * @param url An absolute URL.
 * @returns Its key and origin, or undefined when it is not an http(s) URL.
 */
export function crawlPageOf(url: string): CrawlPage | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  parsed.hash = "";
  return { key: parsed.href, origin: parsed.origin };
}

/**
 * A URL as a message shows it: its `user:password@` replaced by `***@`, as everywhere corun
 * redacts (credentials are never logged). Text the URL parser would refuse or rewrite (a pattern's
 * globs) is kept as it is, but for all before the host's last `@`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withoutCredentials } from "./url_origin.ts";
 * assertEquals(withoutCredentials("https://me:p@ss@x.org/a?b"), "https://***@x.org/a?b");
 * assertEquals(withoutCredentials("https://x.org/{a,b}"), "https://x.org/{a,b}");
 * ```
 *
 * @param url A URL, or a URL pattern.
 * @returns The same text without credentials.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, "$1***@");
}
