/**
 * `NO_PROXY` as curl reads it: a comma-separated list of host names, domains and IP addresses that
 * are reached directly. `*` alone bypasses the proxy for every host; a name matches itself and its
 * subdomains (a leading dot changes nothing: `.example.com` and `example.com` both match
 * `example.com` and `www.example.com`, never `notexample.com`); names compare case-insensitively,
 * trailing dots ignored, a name in Unicode as its A-labels (punycode), as the URL's host is. An IP
 * address (IPv6 without brackets, brackets tolerated) matches that address, or a network in CIDR
 * notation (`10.0.0.0/8`, `fd00::/8`; as with curl 8, a prefix past the address's bits,
 * `127.0.0.1/33`, or one that is no number matches nothing, and `/0` the address alone); IP rules
 * match only targets written as IP addresses, and name rules only names (no lookups). Ports are not
 * part of a rule: `host:8080` matches nothing, as with curl.
 * @module
 */

/** A parsed `NO_PROXY` list. */
export interface ProxyBypass {
  /** `*`: no host goes through the proxy. */
  readonly all: boolean;
  /** Lower-case names without leading or trailing dots. */
  readonly names: readonly string[];
  /** Addresses (4 or 16 bytes) and how many leading bits must match. */
  readonly networks: readonly { readonly bytes: Uint8Array; readonly bits: number }[];
}

/** A list that bypasses nothing. */
export const NO_BYPASS: ProxyBypass = Object.freeze({
  all: false,
  names: Object.freeze([]),
  networks: Object.freeze([]),
});

/**
 * Parses a `NO_PROXY` value. Entries that are neither names nor addresses are kept as names (and
 * then match nothing real), as curl does.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseProxyBypass } from "./proxy_bypass.ts";
 * const bypass = parseProxyBypass("localhost, .corp.example, 10.0.0.0/8");
 * assertEquals([bypass.names.length, bypass.networks.length], [2, 1]);
 * ```
 *
 * @param text The variable's value.
 * @returns The rules.
 */
export function parseProxyBypass(text: string): ProxyBypass {
  if (text.trim() === "*") return { all: true, names: [], networks: [] };
  const names: string[] = [];
  const networks: { bytes: Uint8Array; bits: number }[] = [];
  for (const entry of text.split(/[\s,]+/)) {
    if (entry === "") continue;
    const slash = entry.indexOf("/");
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const bytes = parseIp(address);
    if (bytes) {
      const bits = slash < 0 ? bytes.length * 8 : prefixBits(entry.slice(slash + 1), bytes.length);
      if (bits !== undefined) networks.push({ bytes, bits });
      continue;
    }
    const name = asciiName(entry.toLowerCase().replace(/^\.+/, "").replace(/\.+$/, ""));
    if (name !== "") names.push(name);
  }
  return { all: false, names, networks };
}

/**
 * The bits of an address a `NO_PROXY` CIDR prefix compares, read as curl 8 reads it (`atoi`): its
 * leading digits (`/24x` is 24), none or 0 (`/x`, `/`, `/0`) the whole address; past the address's
 * bits (`127.0.0.1/33`) it matches nothing.
 *
 * @param prefix The text after the slash.
 * @param addressBytes 4 or 16.
 * @returns The bits compared, or undefined for none.
 */
function prefixBits(prefix: string, addressBytes: number): number | undefined {
  const maxBits = addressBytes * 8;
  const bits = Number(/^\d*/.exec(prefix)![0] || "0");
  return bits > maxBits ? undefined : bits === 0 ? maxBits : bits;
}

/**
 * A name as a URL's host has it: one written in Unicode (`bücher.example`) as its A-labels
 * (`xn--bcher-kva.example`), which is the host compared; one the URL parser refuses as it is.
 */
function asciiName(name: string): string {
  if (!/[^\p{ASCII}]/u.test(name)) return name;
  return URL.parse(`http://${name}/`)?.hostname ?? name;
}

/**
 * What is wrong with a `NO_PROXY`-style list given in a config (`noProxy`), if anything: an entry
 * with a scheme or a port would match no host (curl ignores them silently), so a config that lists
 * `http://intranet` or `intranet:8080` would send that host through the proxy all the same.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { proxyBypassProblem } from "./proxy_bypass.ts";
 * assertEquals(proxyBypassProblem("localhost, .corp.example, 10.0.0.0/8, ::1"), undefined);
 * assertEquals(
 *   proxyBypassProblem("intranet:8080"),
 *   'its entry "intranet:8080" has a port, and would match no host: list host names, domains, IP ' +
 *     "addresses and CIDR ranges",
 * );
 * assertEquals(
 *   proxyBypassProblem("*.corp.example"),
 *   'its entry "*.corp.example" has a wildcard (* works only alone; ".corp.example" matches a ' +
 *     "domain and its subdomains), and would match no host: list host names, domains, IP " +
 *     "addresses and CIDR ranges",
 * );
 * ```
 *
 * @param text The list.
 * @returns The problem, or undefined when every entry can match.
 */
export function proxyBypassProblem(text: string): string | undefined {
  if (text.trim() === "*") return undefined;
  for (const entry of text.split(/[\s,]+/)) {
    if (entry === "") continue;
    const slash = entry.indexOf("/");
    const address = slash < 0 ? entry : entry.slice(0, slash);
    const has = entry.includes("://")
      ? "a scheme"
      : entry === "*"
      ? "a * among other entries (* alone means every host)"
      : entry.includes("*")
      ? `a wildcard (* works only alone; ${
        JSON.stringify(entry.replace(/^\*+/, ""))
      } matches a domain and its subdomains)`
      : slash >= 0 && parseIp(address) === null
      ? "a path"
      : address.includes(":") && parseIp(address) === null
      ? (HOST_AND_PORT.test(address) ? "a port" : "colons but is no IPv6 address")
      : undefined;
    if (has !== undefined) {
      return `its entry ${JSON.stringify(entry)} has ${has}, and would match no host: list host ` +
        "names, domains, IP addresses and CIDR ranges";
    }
    const bytes = slash >= 0 ? parseIp(address) : null;
    if (bytes !== null) {
      const maxBits = bytes.length * 8;
      const prefix = entry.slice(slash + 1);
      const wrong = !/^\d+$/.test(prefix)
        ? "a prefix length that is no number (read as curl reads it, its leading digits or 0)"
        : Number(prefix) > maxBits
        ? `a prefix length past the ${maxBits} bits of its address, and would match no host`
        : Number(prefix) === 0
        ? "prefix length 0, and would match that one address, not every address (* alone matches " +
          "every host)"
        : undefined;
      if (wrong !== undefined) {
        return `its entry ${JSON.stringify(entry)} has ${wrong}, as with curl: write a prefix ` +
          `length from 1 to ${maxBits}, or the address alone`;
      }
    }
  }
  return undefined;
}

/**
 * A name or bracketed address and a port (`intranet:8080`, `[::1]:8080`): anything else with a `:`
 * that is no IP address is a mistyped IPv6 address (`fd00::g1`, `[::1`).
 */
const HOST_AND_PORT = /^(?:\[[^\]]*\]|[^:[\]]*):[^:]*$/;

/**
 * Whether a target host is reached directly under `bypass`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { bypassesProxy, parseProxyBypass } from "./proxy_bypass.ts";
 * const bypass = parseProxyBypass(".example.com,::1");
 * assertEquals(bypassesProxy(bypass, "www.example.com"), true);
 * assertEquals(bypassesProxy(bypass, "[::1]"), true);
 * assertEquals(bypassesProxy(bypass, "notexample.com"), false);
 * ```
 *
 * @param bypass Parsed rules.
 * @param hostname The target's host as a URL gives it (`url.hostname`: IPv6 in brackets).
 * @returns True when no proxy is to be used for it.
 */
export function bypassesProxy(bypass: ProxyBypass, hostname: string): boolean {
  if (bypass.all) return true;
  if (bypass.names.length === 0 && bypass.networks.length === 0) return false;
  const address = parseIp(hostname);
  if (address) return bypass.networks.some((network) => inNetwork(address, network));
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  return bypass.names.some((rule) =>
    name === rule || (name.endsWith(rule) && name[name.length - rule.length - 1] === ".")
  );
}

function inNetwork(address: Uint8Array, network: { bytes: Uint8Array; bits: number }): boolean {
  if (address.length !== network.bytes.length) return false;
  const whole = network.bits >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== network.bytes[i]) return false;
  const rest = network.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (address[whole] & mask) === (network.bytes[whole] & mask);
}

/** Bytes of a dotted-quad IPv4 or an IPv6 address (brackets allowed), or null. */
function parseIp(text: string): Uint8Array | null {
  const unbracketed = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return parseIpv4(unbracketed) ?? (unbracketed.includes(":") ? parseIpv6(unbracketed) : null);
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i]) || Number(parts[i]) > 255) return null;
    bytes[i] = Number(parts[i]);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  const zone = text.indexOf("%");
  const address = zone < 0 ? text : text.slice(0, zone);
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === "") return [];
    const groups: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
      else return null;
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}
