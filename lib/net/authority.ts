/**
 * `host:port` as messages and `CONNECT` write it: an IPv6 address in brackets (`[::1]:443`), so
 * that its own colons cannot be read as the port's.
 * @module
 */

/**
 * The authority of a host and port (RFC 3986 §3.2.2): `example.com:443`, `[::1]:443`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { authorityOf } from "./authority.ts";
 * assertEquals(authorityOf("example.com", 443), "example.com:443");
 * assertEquals(authorityOf("::1", 8080), "[::1]:8080");
 * ```
 *
 * @param hostname A host name or IP address (an IPv6 address without brackets).
 * @param port The port.
 * @returns `host:port`, with an IPv6 address in brackets.
 */
export function authorityOf(hostname: string, port: number): string {
  return hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}

/**
 * The host a URL's connection goes to, as `Deno.connect` takes it: an IPv6 address without the
 * brackets the URL writes it in.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { connectHostOf } from "./authority.ts";
 * assertEquals(connectHostOf(new URL("http://[::1]:8080/")), "::1");
 * assertEquals(connectHostOf(new URL("https://example.com/")), "example.com");
 * ```
 *
 * @param url An http:// or https:// URL (or a proxy's).
 * @returns Its host name or IP address.
 */
export function connectHostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * The port a request to an http:// or https:// URL connects to: the written one, else the scheme's.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { connectPortOf } from "./authority.ts";
 * assertEquals(connectPortOf(new URL("https://example.com/")), 443);
 * assertEquals(connectPortOf(new URL("http://example.com:8080/")), 8080);
 * ```
 *
 * @param url An http:// or https:// URL.
 * @returns The port.
 */
export function connectPortOf(url: URL): number {
  return url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** A name under `localhost` (RFC 6761 §6.3): `app.localhost`, and `localhost.` written in full. */
const UNDER_LOCALHOST = /^(?:.+\.)?localhost\.?$/i;

/**
 * The name a TCP connection to `hostname` looks up, and so the one Deno's `--allow-net` must
 * grant: a name under `localhost` (`app.localhost`, `localhost.`) is `localhost` itself, as RFC
 * 6761 §6.3 asks of resolvers and as curl and the browsers do. The system resolver would look such
 * a name up in the DNS (and then under the search domains), which has no answer for it or a host
 * far from this machine, while corun counts it as the loopback host (its cookies' secure origin).
 * Every other host is looked up as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { dialHostOf } from "./authority.ts";
 * assertEquals(dialHostOf("app.localhost"), "localhost");
 * assertEquals(dialHostOf("example.com"), "example.com");
 * ```
 *
 * @param hostname A host name or IP address (an IPv6 address without brackets).
 * @returns The name to connect to.
 */
export function dialHostOf(hostname: string): string {
  return UNDER_LOCALHOST.test(hostname) ? "localhost" : hostname;
}
