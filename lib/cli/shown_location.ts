/**
 * A config's location as corun shows it to others (a ping's body, a trace's facts): a URL's
 * userinfo, query and fragment may carry a credential (`user:pass@`, a presigned or `?token=`
 * URL), so they are left out; a file path is shown as it is.
 * @module
 */
import { hasUrlScheme, withoutCredentials } from "../net/mod.ts";

/**
 * The location without what may carry a credential.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shownLocation } from "./shown_location.ts";
 * assertEquals(shownLocation("https://me:pw@x.org/c.yaml?token=s#a"), "https://x.org/c.yaml");
 * assertEquals(shownLocation("https://u:p@ss@x.org/c.yaml"), "https://x.org/c.yaml");
 * assertEquals(shownLocation("https://u:p@ss@x.org:99999/c.yaml?t=s"), "https://x.org:99999/c.yaml");
 * assertEquals(shownLocation("tasks/c.yaml"), "tasks/c.yaml");
 * ```
 *
 * @param location A config's path or URL.
 * @returns The path as it is; the URL's scheme, host and path.
 */
export function shownLocation(location: string): string {
  if (!hasUrlScheme(location)) return location;
  const url = URL.parse(location);
  // Unparsable: its userinfo and all after the path go all the same.
  if (url === null) {
    return withoutCredentials(location, { replacement: "" }).replace(/[?#].*$/s, "");
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.href;
}
