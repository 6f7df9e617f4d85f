/**
 * The URL a fetch's save path is rendered from (`{host}`, `{path}`, `{ext}`): the URL as asked for,
 * but for one redirect that servers make of a folder's link. A link `/docs` that answers 301 to
 * `/docs/` (nginx, Apache and most static hosts do) is a folder's page: saved from `/docs` it would
 * be the file `docs`, and every page under it (`docs/intro`) would need that file as a folder. So a
 * landing on the same origin, at the same path plus `/`, with the same query (whatever the
 * fragment), renders the path, as any link to `/docs/` does (`docs/index`). Any other redirect
 * leaves the path as asked for.
 * @module
 */

/**
 * The URL a fetch's save path is rendered from, once its response is in.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { saveUrlOf } from "./save_url.ts";
 *
 * assertEquals(saveUrlOf("https://x.org/docs?v=1", "https://x.org/docs/?v=1"), "https://x.org/docs/?v=1");
 * assertEquals(saveUrlOf("https://x.org/docs", "https://x.org/en/docs/"), "https://x.org/docs");
 * ```
 *
 * @param asked The URL the fetch asked for.
 * @param landed The URL its final response came from (`asked` when nothing redirected it).
 * @returns `landed` when it is `asked` with a `/` added to its path, else `asked`.
 */
export function saveUrlOf(asked: string, landed: string): string {
  // A fragment is never sent, and a redirect carries it over (RFC 9110 §10.2.2): `/docs#intro`
  // lands on `/docs/#intro`. An href holds `#` only before its fragment.
  const place = withoutFragment(landed);
  const askedPlace = withoutFragment(asked);
  // Most fetches land where they asked, or elsewhere than one character further: no parse.
  if (place.length !== askedPlace.length + 1) return asked;
  return slashFormOf(askedPlace) === place ? landed : asked;
}

/** The URL without its fragment. */
function withoutFragment(href: string): string {
  const hash = href.indexOf("#");
  return hash === -1 ? href : href.slice(0, hash);
}

/**
 * The URL with a `/` added to its path (its query kept, its fragment dropped), which
 * {@linkcode saveUrlOf} renders a fetch's path from when its redirect lands there; undefined for a
 * URL whose path ends with `/` already, or that is no URL.
 *
 * @param url An absolute URL.
 * @returns The URL its folder's page has.
 */
export function slashFormOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.pathname.endsWith("/")) return undefined;
  parsed.hash = "";
  parsed.pathname += "/";
  return parsed.href;
}
