/**
 * Why the URL parser refuses a text that looks like an http(s) URL, for the common cases its bare
 * "not a URL" leaves the user to guess: an IPv6 zone id, a port past 65535, a host that is none (a
 * bad punycode label). Said by a config's URL problem (`httpUrlProblem`), a list's bad line and a
 * redirect's Location alike.
 * @module
 */
import { hasUnencodedCredentials } from "../net/mod.ts";
import { quoteReceived } from "./quote_received.ts";

/** The scheme, any userinfo, the host (a bracketed IPv6 literal or a name) and any port. */
const AUTHORITY = /^\s*[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]?|[^/?#:]*)(?::([^/?#]*))?/i;

/** Largest TCP port. */
const MAX_PORT = 65535;

/**
 * Why `text` is not a URL, when it is one of the common cases.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { urlRefusalReason } from "./url_refusal.ts";
 * assertEquals(urlRefusalReason("http://127.0.0.1:65536/a"), "its port 65536 is past 65535");
 * assertEquals(urlRefusalReason("http://x.org/a"), undefined);
 * ```
 * @param text A text the URL parser refused.
 * @returns The reason, or undefined when the text is none of them (or no URL at all, or one whose
 *   password a raw `#`, `?` or `/` cut, which the reason would quote).
 */
export function urlRefusalReason(text: string): string | undefined {
  // A password a raw `#` cut reads as a port or a host (`me:pa#ss@`: port "pa"): never quoted.
  if (hasUnencodedCredentials(text)) return undefined;
  const authority = AUTHORITY.exec(text);
  if (authority === null) return undefined;
  const [, host, port] = authority;
  if (host.startsWith("[") && host.includes("%")) {
    return "an IPv6 zone id (the part after %) cannot be in a URL: the URL standard has none";
  }
  if (port !== undefined && /^\d+$/.test(port) && Number(port) > MAX_PORT) {
    return `its port ${port} is past ${MAX_PORT}`;
  }
  if (port !== undefined && port !== "" && !/^\d+$/.test(port)) {
    return `its port ${quoteReceived(port)} is not a number`;
  }
  if (host !== "" && URL.parse(`http://${host}/`) === null) {
    const label = host.split(".").find((part) => /^xn--/i.test(part) && isBadLabel(part));
    return label === undefined
      ? `its host ${quoteReceived(host)} is not a host name`
      : `its host's label ${quoteReceived(label)} is not valid punycode`;
  }
  return undefined;
}

/** A label the URL parser refuses on its own (as the host of a URL). */
function isBadLabel(label: string): boolean {
  return URL.parse(`http://${label}/`) === null;
}
