/**
 * The matching rules of RFC 6265 §5.1: which hosts a cookie's domain covers, which paths its path
 * covers, and the default path of a request URL.
 * @module
 */

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const ASCII_DOMAIN = /^[a-z0-9._-]+$/;
// A label left empty (`a..b`, `.a`): no host has one, so such a domain would match none. A single
// dot at the end is no empty label but a fully qualified name, as a URL's host may be written.
const EMPTY_LABEL = /^\.|\.\./;
// Characters that would make a URL parser read a port, a path or credentials out of a Domain.
const NOT_IN_DOMAIN = /[\s/:?#@[\]\\%]/;

/**
 * Whether a host is an IP address (as a URL's `hostname` writes it: dotted IPv4 or bracketed IPv6).
 *
 * @param host A canonical host.
 * @returns `true` for an IP address.
 */
export function isIpAddress(host: string): boolean {
  return host.startsWith("[") || IPV4.test(host);
}

/**
 * Domain-match (§5.1.3): the host is the domain, or a host name (not an IP address) that ends with
 * `.` + the domain.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { domainMatches } from "./cookie_match.ts";
 * assertEquals(domainMatches("www.example.com", "example.com"), true);
 * assertEquals(domainMatches("badexample.com", "example.com"), false);
 * ```
 *
 * @param host The canonical request host.
 * @param domain The cookie's domain.
 * @returns Whether the host is covered by the domain.
 */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.length > domain.length && host.endsWith(domain) &&
    host[host.length - domain.length - 1] === "." && !isIpAddress(host);
}

/**
 * Path-match (§5.1.4): the paths are equal, or the cookie path is a prefix of the request path
 * that ends with `/` or is followed by `/` there.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { pathMatches } from "./cookie_match.ts";
 * assertEquals([pathMatches("/docs/a", "/docs"), pathMatches("/docsx", "/docs")], [true, false]);
 * ```
 *
 * @param requestPath The request URL's path.
 * @param cookiePath The cookie's path.
 * @returns Whether the cookie's path covers the request path.
 */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/**
 * The default path of a cookie set without a Path (§5.1.4): the request path up to, not including,
 * its last `/`, or `/` when that leaves nothing.
 *
 * @param requestPath The request URL's path.
 * @returns The default cookie path.
 */
export function defaultCookiePath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last === 0 ? "/" : requestPath.slice(0, last);
}

/**
 * Canonicalizes a Domain attribute (§5.1.2): already lower case; a non-ASCII name becomes its
 * A-label (punycode) form, as the URL parser writes hosts.
 *
 * @param domain The Domain attribute, lower case, leading dot removed.
 * @returns The canonical domain, or `null` when it cannot be a host name (a label is empty).
 */
export function canonicalDomain(domain: string): string | null {
  if (EMPTY_LABEL.test(domain)) return null;
  if (ASCII_DOMAIN.test(domain)) return domain;
  if (NOT_IN_DOMAIN.test(domain)) return null;
  try {
    const host = new URL(`http://${domain}/`).hostname;
    return EMPTY_LABEL.test(host) ? null : host;
  } catch {
    return null;
  }
}
