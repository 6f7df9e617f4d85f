/**
 * Why the URL parser refuses a text that looks like an http(s) URL, for the common cases its bare
 * "not a URL" leaves the user to guess: an IPv6 address without brackets, an IPv6 zone id, a port
 * past 65535, a host that is none (a bad punycode label). Said by a config's URL problem
 * (`httpUrlProblem`), a list's bad line and a redirect's Location alike.
 * @module
 */
import { hasUnencodedCredentials } from "../net/mod.ts";
import { quoteReceived } from "./quote_received.ts";

/**
 * The scheme, any userinfo, the host (a bracketed IPv6 literal, one whose `]` is missing ending
 * where the authority does, or a name) and any port.
 */
const AUTHORITY =
  /^\s*[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]/?#]*\]?|[^/?#:]*)(?::([^/?#]*))?/i;

/**
 * A host and "port" that are an IPv6 address written without its brackets (`::1:8080`,
 * `fd00::5`): hex digits, colons and an IPv4 tail's dots, with a `::` or eight groups.
 */
const BARE_IPV6 = /^(?=.*::|(?:[^:]*:){7})[0-9a-f:.]+$/i;

/** Largest TCP port. */
const MAX_PORT = 65535;

/**
 * Longest URL corun takes, in bytes, as written (UTF-8) and as sent (percent-encoded, which can be
 * three times longer): a config's, a pattern's, `ctx.fetch`'s, `ctx.enqueue`'s, a list line's
 * (whose whole line has this limit too, `MAX_LIST_LINE_BYTES`) and a redirect's. Servers refuse a
 * request line far shorter (8 to 16 KiB): a longer URL is a mistake (a file pasted in), which would
 * go into every log line and metadata record whole.
 */
export const MAX_URL_BYTES = 64 * 1024;

/**
 * Why a URL is too long to take, as written or as sent, or undefined. The URL is not quoted: the
 * caller says where it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { urlLengthProblem } from "./url_refusal.ts";
 * assertEquals(urlLengthProblem("http://x.org/a"), undefined);
 * assertEquals(
 *   urlLengthProblem("http://x.org/" + "a".repeat(70_000)),
 *   "the URL is 70,013 bytes long, past the limit of 64 KiB (a URL list's line's too); servers " +
 *     "refuse a URL past 8 to 16 KiB",
 * );
 * assertEquals(
 *   urlLengthProblem("http://x.org/" + "é".repeat(30_000)), // 60,013 bytes as written
 *   "the URL is 180,013 bytes long as sent (percent-encoded), past the limit of 64 KiB (a URL " +
 *     "list's line's too); servers refuse a URL past 8 to 16 KiB",
 * );
 * ```
 * @param text A URL, as written.
 * @returns The problem, or undefined for a URL within the limit.
 */
export function urlLengthProblem(text: string): string | undefined {
  // Nine bytes a code unit at most as sent (three of UTF-8, each percent-encoded): a short URL
  // needs no count.
  if (text.length * 9 <= MAX_URL_BYTES) return undefined;
  const written = new TextEncoder().encode(text).length;
  const sent = URL.parse(text)?.href.length ?? 0; // ASCII: its length is its bytes
  if (Math.max(written, sent) <= MAX_URL_BYTES) return undefined;
  const length = sent > written
    ? `${sent.toLocaleString("en-US")} bytes long as sent (percent-encoded)`
    : `${written.toLocaleString("en-US")} bytes long`;
  return `the URL is ${length}, past the limit of ${
    MAX_URL_BYTES / 1024
  } KiB (a URL list's line's too); servers refuse a URL past 8 to 16 KiB`;
}

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
  // The parser reads the first colon as the port's, and its "port" as no number: the brackets are
  // what is missing (`http://::1:8080/`), as the URL standard writes every IPv6 address.
  if (port !== undefined && BARE_IPV6.test(`${host}:${port}`)) {
    return `its host ${quoteReceived(`${host}:${port}`)} looks like an IPv6 address without ` +
      "brackets: a URL writes one in [ ], before any port (http://[::1]:8080/)";
  }
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
