/**
 * A config's location as corun names it wherever it is shown: its messages (the config's errors, the
 * lock's), `ConfigSpec.source` and so the `--json` report, and what others see (a ping's body, a
 * trace's facts, the history). A URL's userinfo, query and fragment may carry a credential
 * (`user:pass@`, a presigned or `?token=` URL), so they are left out; a file path is shown as it is.
 * @module
 */
import {
  hasUnencodedCredentials,
  hasUrlScheme,
  withoutCredentials,
  type WithoutCredentialsOptions,
} from "./url_credentials.ts";

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
 * // Saying that a URL's credentials are refused: that it had some is shown.
 * assertEquals(
 *   shownLocation("https://me:pw@x.org/c.yaml?t=s", { replacement: "***@" }),
 *   "https://***@x.org/c.yaml",
 * );
 * ```
 *
 * @param location A config's path or URL.
 * @param options What shows in the place of a URL's userinfo (`""`, nothing, unless told).
 * @returns The path as it is; the URL's scheme, host and path.
 */
export function shownLocation(location: string, options: WithoutCredentialsOptions = {}): string {
  if (!hasUrlScheme(location)) return location;
  const replacement = options.replacement ?? "";
  const url = URL.parse(location);
  // Unparsable, or its password cut into host and path: its userinfo and all after the path go
  // all the same.
  if (url === null || hasUnencodedCredentials(location)) {
    return withoutCredentials(location, { replacement }).replace(/[?#].*$/s, "");
  }
  const hadUserinfo = url.username !== "" || url.password !== "";
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  // The first `//` is the one before the host.
  return hadUserinfo ? url.href.replace("//", `//${replacement}`) : url.href;
}
