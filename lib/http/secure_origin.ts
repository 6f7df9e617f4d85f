/**
 * Which request URLs count as a secure origin for cookies: the one place that decides where a
 * `Secure` cookie may be set and sent, and where the `__Secure-` and `__Host-` prefixes may be.
 * @module
 */

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether a request to `url` is from and to a secure origin (W3C Secure Contexts, "potentially
 * trustworthy", which RFC 6265bis leaves to the client): https, or http to the loopback host
 * (`localhost`, `*.localhost`, either with a trailing dot, `127.0.0.0/8`, `[::1]`), whose traffic
 * never leaves the machine. So a local development server's `Secure` session cookie is kept and
 * sent back, as curl and the browsers do.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isSecureOrigin } from "./secure_origin.ts";
 * assertEquals(isSecureOrigin(new URL("http://localhost:3000/")), true);
 * assertEquals(isSecureOrigin(new URL("http://example.com/")), false);
 * ```
 *
 * @param url The request URL.
 * @returns `true` for https and for http to the loopback host.
 */
export function isSecureOrigin(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:") return false;
  // A fully qualified `localhost.` is the loopback host too (W3C Secure Contexts' "potentially
  // trustworthy" names "localhost." and ".localhost." alongside the names without the dot).
  const host = url.hostname.endsWith(".") ? url.hostname.slice(0, -1) : url.hostname;
  return host === "localhost" || host.endsWith(".localhost") || LOOPBACK_V4.test(host) ||
    host === "[::1]";
}
