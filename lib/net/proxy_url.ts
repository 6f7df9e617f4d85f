/**
 * Proxy URLs: `http://[user:password@]host[:port]`, parsed once into where to connect and the
 * `Proxy-Authorization` value, and rendered only without their credentials.
 * @module
 */
import { connectHostOf } from "./authority.ts";
import { encodeBase64 } from "./deps.ts";
import {
  CREDENTIALS_NOT_ENCODED,
  hasUnencodedCredentials,
  urlTextWithoutCredentials,
} from "./url_credentials.ts";

/** Where a forward proxy listens, and how to authenticate to it. */
export interface ProxyEndpoint {
  /** Host name or IP address (an IPv6 address without brackets). */
  readonly hostname: string;
  /** The proxy's port (1080 when its URL names none, as with curl). */
  readonly port: number;
  /** `Basic ...` for `Proxy-Authorization` when the URL has credentials. */
  readonly authorization?: string;
  /**
   * The proxy without credentials, `http://host:port`: the only way it is ever shown (messages
   * add the variable it came from: {@linkcode proxyLabel}).
   */
  readonly display: string;
  /** The environment variable it was read from (`HTTPS_PROXY`), when it came from one. */
  readonly variable?: string;
  /**
   * Tells proxies and credentials apart in pool keys without holding the credentials: a connection
   * opened with one user's credentials is never lent to another's.
   */
  readonly key: string;
}

/**
 * A proxy as messages name it: without credentials, and with the variable it came from, if any
 * (`http://127.0.0.1:3128 (from HTTPS_PROXY)`), so a stale variable is seen for what it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseProxyUrl, proxyLabel } from "./proxy_url.ts";
 * const proxy = parseProxyUrl("http://me:secret@proxy.lan:3128", "from https_proxy");
 * assertEquals(proxyLabel({ ...proxy, variable: "https_proxy" }), "http://proxy.lan:3128 (from https_proxy)");
 * assertEquals(proxyLabel(proxy), "http://proxy.lan:3128");
 * ```
 *
 * @param proxy The proxy.
 * @returns Its URL without credentials, and where it came from when that was a variable.
 */
export function proxyLabel(proxy: ProxyEndpoint): string {
  return proxy.variable === undefined ? proxy.display : `${proxy.display} (from ${proxy.variable})`;
}

/** Curl's port for a proxy URL that names none (not the scheme's 80). */
export const DEFAULT_PROXY_PORT = 1080;

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
/** The scheme of a proxy URL written without one, as curl reads it. */
const IMPLIED_SCHEME = "http://";

/** `scheme:/`, `scheme:\` or `scheme//` at a text's start: a URL, if mistyped. */
const URL_SHAPED = /^[a-z][a-z0-9+.-]*(?::[/\\]|\/\/)/i;

/**
 * Whether text given where a URL belongs is shaped as one, mistyped or not (`postgres://…`,
 * `postgres:/…`, `postgresql//…`): a scheme, then `:/` or `//`. Text that is not (`s3cret`,
 * `host=db password=…`) may be a password put in the URL's place, with nothing to tell where it
 * ends: a message about it shows none of it.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isUrlShaped } from "./proxy_url.ts";
 * assert(isUrlShaped("postgres:/me:pw@db/corun") && !isUrlShaped("s3cret"));
 * ```
 *
 * @param text The text.
 * @returns True when it starts with a scheme and `:/` or `//`.
 */
export function isUrlShaped(text: string): boolean {
  return URL_SHAPED.test(text.trim());
}

/**
 * A `password=` (or `sslpassword=`) of a keyword/value connection string, as libpq takes one
 * (`host=db password=secret`, a value maybe quoted), within a URL-shaped text that is no URL.
 */
const KEYWORD_PASSWORD = /(^|\s)((?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'?|\S*)/gi;

/**
 * A database URL fit to print: no password, neither in its user part nor as a `password` (or
 * `sslpassword`) parameter, as PostgreSQL's URLs may carry it. Text that is not shaped as a URL is
 * not for printing at all ({@linkcode isUrlShaped}).
 *
 * @param url A database URL as given.
 * @returns The same URL without its secrets.
 */
export function redactDatabaseUrl(url: string): string {
  // The keywords first: a password holding an `@` would otherwise be read as a URL's user part.
  return urlTextWithoutCredentials(url.trim().replace(KEYWORD_PASSWORD, "$1$2***"))
    .replace(
      QUERY_PARAMETER,
      (parameter, start: string, name: string) =>
        PASSWORD_NAME.test(decodedName(name)) ? `${start}${name}=***` : parameter,
    );
}

/** A parameter of a URL's query, as written: what starts it, its name, its value. */
const QUERY_PARAMETER = /([?&])([^&#=]*)=[^&#]*/g;

/** The name of a parameter whose value is a password, decoded. */
const PASSWORD_NAME = /^(?:ssl)?password$/i;

/**
 * A parameter's name as the client reads it (`URLSearchParams`): `%70assword` is `password`, and
 * must be hidden as that.
 */
function decodedName(name: string): string {
  return new URLSearchParams(`${name}=`).keys().next().value ?? name;
}

/** Ids of the credentials seen, so pool keys tell them apart without holding them. */
const credentialIds = new Map<string, number>();
/**
 * Credentials given an id kept at most: a process that rotates proxy credentials (a session per
 * run, in a program that runs corun for months) must not keep every one, and its secret, for ever.
 */
const CREDENTIAL_IDS_KEPT = 64;
/** Ids are never given twice: two credentials never share a pool key. */
let nextCredentialId = 1;

/**
 * How many credentials have an id now (at most {@linkcode CREDENTIAL_IDS_KEPT}).
 * @ignore
 *
 * @returns The credentials held.
 */
export function credentialIdsHeld(): number {
  return credentialIds.size;
}

/**
 * Parses a proxy URL as curl does: a URL without a scheme is `http://`, a URL without a port uses
 * 1080, the path is ignored, and `user:password` are percent-decoded.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseProxyUrl } from "./proxy_url.ts";
 * const proxy = parseProxyUrl("http://me:secret@proxy.lan:3128", "proxy");
 * assertEquals([proxy.display, proxy.port], ["http://proxy.lan:3128", 3128]);
 * assertEquals(proxy.authorization, "Basic " + btoa("me:secret"));
 * ```
 *
 * @param text The proxy URL.
 * @param source Where it was set (`proxy`, `HTTPS_PROXY`, ...), for the error message.
 * @returns Where to connect and how to authenticate.
 * @throws {TypeError} When the scheme is not `http://`, the URL does not parse, or a raw `#`, `?`
 *   or `/` cuts its password; the message shows the URL without credentials.
 */
export function parseProxyUrl(text: string, source: string): ProxyEndpoint {
  const trimmed = text.trim();
  const scheme = SCHEME.exec(trimmed)?.[1].toLowerCase();
  const shown = () => `Cannot use proxy ${JSON.stringify(shownProxy(trimmed, scheme))} (${source})`;
  if (scheme !== undefined && scheme !== "http") {
    throw new TypeError(
      `${shown()}: only http:// proxy URLs are supported, not ${scheme}://`,
    );
  }
  const withScheme = scheme === undefined ? IMPLIED_SCHEME + trimmed : trimmed;
  // Curl ignores a proxy URL's path, so `http://me:12#pw@proxy` would connect to host `me`.
  if (hasUnencodedCredentials(withScheme)) {
    throw new TypeError(`${shown()}: ${CREDENTIALS_NOT_ENCODED}`);
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`${shown()}: not a valid URL`);
  }
  if (url.hostname === "") throw new TypeError(`${shown()}: no host`);
  const hostname = connectHostOf(url);
  const port = url.port !== "" ? Number(url.port) : writtenPort(withScheme) ?? DEFAULT_PROXY_PORT;
  const display = `http://${url.host.replace(/:\d+$/, "")}:${port}`;
  let authorization: string | undefined;
  if (url.username !== "" || url.password !== "") {
    const credentials = `${decode(url.username)}:${decode(url.password)}`;
    authorization = "Basic " + encodeBase64(credentials);
  }
  let key = display;
  if (authorization !== undefined) {
    let id = credentialIds.get(authorization);
    if (id === undefined) {
      // Forgotten past the cap, a credential seen again gets a new id: its idle connections are
      // not reused, and no other credential's ever are.
      if (credentialIds.size >= CREDENTIAL_IDS_KEPT) credentialIds.clear();
      credentialIds.set(authorization, id = nextCredentialId++);
    }
    key += `#credentials-${id}`;
  }
  return { hostname, port, authorization, display, key };
}

/**
 * A proxy URL as a message shows it: one written without a scheme is read as curl reads it, after
 * `http://` (`puser:/pw@proxy` is user `puser`, not a scheme).
 */
function shownProxy(text: string, scheme: string | undefined): string {
  if (scheme !== undefined) return urlTextWithoutCredentials(text);
  return urlTextWithoutCredentials(IMPLIED_SCHEME + text).slice(IMPLIED_SCHEME.length);
}

/**
 * The port written in the authority when the URL parser dropped it as the scheme's default
 * (`http://proxy:80` has `url.port === ""`, yet names port 80, not curl's 1080).
 */
function writtenPort(text: string): number | undefined {
  const rest = text.slice(text.indexOf("://") + 3);
  const authority = rest.split(/[/?#]/, 1)[0];
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const match = /:(\d+)$/.exec(hostPort);
  return match && !hostPort.endsWith("]") ? Number(match[1]) : undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
