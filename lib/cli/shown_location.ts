/**
 * A config's location as corun shows it to others (a ping's body, a trace's facts): a URL's
 * userinfo, query and fragment may carry a credential (`user:pass@`, a presigned or `?token=`
 * URL), so they are left out; a file path is shown as it is.
 * @module
 */

/** A URL with a scheme, as a config's location may be. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The location without what may carry a credential.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shownLocation } from "./shown_location.ts";
 * assertEquals(shownLocation("https://me:pw@x.org/c.yaml?token=s#a"), "https://x.org/c.yaml");
 * assertEquals(shownLocation("https://u:p@ss@x.org/c.yaml"), "https://x.org/c.yaml");
 * assertEquals(shownLocation("tasks/c.yaml"), "tasks/c.yaml");
 * ```
 *
 * @param location A config's path or URL.
 * @returns The path as it is; the URL's scheme, host and path.
 */
export function shownLocation(location: string): string {
  if (!HAS_SCHEME.test(location)) return location;
  const url = URL.parse(location);
  // Unparsable: all that comes before the host's last `@` and after the path goes (a password may
  // hold an `@` of its own).
  if (url === null) {
    return location.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, "$1").replace(/[?#].*$/s, "");
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.href;
}
