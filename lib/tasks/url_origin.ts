/**
 * The origin a fetch's URL belongs to, the key of its per-origin rules; the page a crawl keys it by.
 * @module
 */
import { carriesCredentials, hasOriginPrefix } from "../net/mod.ts";
import { httpUrlProblem } from "../frontier/url_pattern.ts";

/**
 * The origin of a URL (`"https://example.org"`), or `""` for text that is not a URL (a list line
 * that cannot be read: it fails alone, under no origin's rules).
 *
 * @param url The URL.
 * @returns Its origin.
 */
export function originOf(url: string): string {
  // A URL that starts with an http(s) origin as the parser writes it, then "/", has that origin:
  // most fetches of a run go where the one before went, and are told so without a parse.
  if (hasOriginPrefix(url, lastOrigin)) return lastOrigin;
  try {
    const parsed = new URL(url);
    // Only a tuple origin: another scheme's is "null", which no URL starts with.
    if (parsed.protocol === "http:" || parsed.protocol === "https:") lastOrigin = parsed.origin;
    return parsed.origin;
  } catch {
    return "";
  }
}

/**
 * The origin a task's own URL is fetched from (`corun plan`'s, a crawl's seed): undefined for one
 * the run refuses (no request is made).
 *
 * @param url The URL, as the task names it (a pattern's host part, expanded).
 * @returns Its origin, or undefined.
 */
export function fetchedOriginOf(url: string): string | undefined {
  return httpUrlProblem(url) === undefined ? originOf(url) : undefined;
}

/**
 * The http origin an https origin is the upgrade of: the same host, both on their default ports
 * (`http://example.org` for `https://example.org`). A redirect from the one to the other is the
 * site moving to TLS, which proves the host is the one asked; a port spelled out is no default.
 *
 * @param origin An origin, as {@linkcode originOf} gives it.
 * @returns The http origin, or undefined when `origin` is not https on its default port.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { upgradedOrigin } from "./url_origin.ts";
 * assertEquals(upgradedOrigin("https://example.org"), "http://example.org");
 * assertEquals(upgradedOrigin("https://[::1]"), "http://[::1]");
 * assertEquals(upgradedOrigin("https://example.org:8443"), undefined);
 * assertEquals(upgradedOrigin("http://example.org"), undefined);
 * ```
 */
export function upgradedOrigin(origin: string): string | undefined {
  if (!origin.startsWith("https://")) return undefined;
  const host = origin.slice("https://".length);
  // The parser leaves a default port out: one written is another (an IPv6 host ends with "]").
  return /:\d+$/.test(host) ? undefined : `http://${host}`;
}

/** The last http(s) origin {@linkcode originOf} parsed. */
let lastOrigin = "";

/**
 * The origin a fetch is queued under: its URL's, or none (`""`) for a fetch that cannot be made (a
 * bad list line, a pattern's URL with credentials). Such a fetch sends no request, so no origin's
 * `delay`, `rate` or `perHost` may hold it back, in a run's frontier or a shared queue.
 *
 * @param item The fetch.
 * @returns The origin to queue it under.
 */
export function queuedOriginOf(item: { url: string; problem?: string }): string {
  return item.problem === undefined ? originOf(item.url) : "";
}

/** An http(s) URL as a crawl remembers it, and its origin. */
export interface CrawlPage {
  /** The URL as the parser prints it, without its fragment: what is fetched. */
  url: string;
  /**
   * The key of the run's seen set: `url` with its escapes written one way (see
   * {@linkcode crawlPageOf}); the same string as `url` when it has none to rewrite.
   */
  key: string;
  /** Its origin, as {@linkcode originOf} gives it. */
  origin: string;
}

/**
 * A URL as a crawl remembers it: printed again by the URL parser (`http://host` is `http://host/`,
 * `HTTP://Host:80` is `http://host/`) and without its fragment, which is never sent (`/a#top` is
 * `/a`); its key also writes escapes one way, as RFC 3986 (6.2.2) makes them equal: an escaped
 * letter, digit, `-`, `.`, `_` or `~` is that character (`/%7euser` is `/~user`), and other escapes
 * have upper-case hex digits (`%c3%a4` is `%C3%A4`, which the parser writes for `ä`). So one page
 * is fetched once, however its links spell it; an escaped `/`, `?` or `&` stays what it is.
 *
 * @param url An absolute URL.
 * @returns Its URL, key and origin, or undefined when it is not an http(s) URL, or has credentials
 *   (`user:password@`, as a config's URLs may not: never sent, they would be logged with it), also
 *   ones a raw `#`, `?` or `/` cut (`http://me:#pw@host`, host `me` to the parser).
 */
export function crawlPageOf(url: string): CrawlPage | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  if (carriesCredentials(parsed, url)) return undefined;
  parsed.hash = "";
  const href = parsed.href;
  // Only the path and query can hold escapes: the parser decodes a host's.
  const key = escapesOneWay(href);
  return { url: href, key: key === href ? href : key, origin: parsed.origin };
}

/** A `%XX` escape. */
const ESCAPE = /%[0-9A-Fa-f]{2}/g;

/**
 * Text with its escapes written one way, as RFC 3986 (6.2.2) makes them equal: an escaped letter,
 * digit, `-`, `.`, `_` or `~` is that character, and other escapes have upper-case hex digits.
 * What a crawl's seen set keys pages by, and what robots.txt rules and links are matched in.
 *
 * @param text A URL, or part of one.
 * @returns The same text, its escapes rewritten (the very string when it has none).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { escapesOneWay } from "./url_origin.ts";
 * assertEquals(escapesOneWay("/%7euser/%c3%a4?q=%2f"), "/~user/%C3%A4?q=%2F");
 * ```
 */
export function escapesOneWay(text: string): string {
  return text.includes("%") ? text.replace(ESCAPE, oneSpelling) : text;
}

/** An escape as the seen set writes it: the character when it is unreserved, else upper case. */
function oneSpelling(escape: string): string {
  const code = parseInt(escape.slice(1), 16);
  return isUnreserved(code) ? String.fromCharCode(code) : escape.toUpperCase();
}

/** RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_`, `~`. */
function isUnreserved(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e || code === 0x5f ||
    code === 0x7e;
}
