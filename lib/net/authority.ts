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
