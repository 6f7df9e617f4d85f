/**
 * Redirect policy: whether a response redirects, where to, and with which method, body and headers.
 * @module
 */
import { redactCredentials } from "../net/mod.ts";
import { HttpError } from "./errors.ts";
import { trimOws } from "./headers.ts";
import { quoteReceived } from "./quote_received.ts";
import { urlLengthProblem, urlRefusalReason } from "./url_refusal.ts";
import { type LimitNamer, nameRequestOption } from "./limit_names.ts";

/** The request that received a redirect. */
export interface RedirectRequest {
  url: URL;
  method: string;
  /** Headers the request was sent with; the next request's headers are derived from them. */
  headers: Readonly<Record<string, string>>;
  hasBody: boolean;
  /** Other headers that hold credentials (see `HttpRequest.credentialHeaders`). */
  credentialHeaders?: readonly string[];
}

/** Redirect limits. */
export interface RedirectOptions {
  /** Redirects already followed for this fetch. */
  redirectsSoFar: number;
  /** Most redirects to follow. */
  maxRedirects: number;
  /** Whether an https URL may redirect to http. */
  allowDowngrade: boolean;
  /**
   * How a refusal names `maxRedirects` or `allowDowngrade` (see `RequestOptions.nameLimit`).
   * @default the client's option names: `maxRedirects (10)`, `allowDowngrade (false)`
   */
  nameLimit?: LimitNamer;
  /**
   * The URLs requested so far, the first and each redirect's (`href`s), when some redirect was
   * followed: a refusal at `maxRedirects` names the loop in them, if any. @default none
   */
  chain?: readonly string[];
}

/** The request to send next. */
export interface Redirect {
  url: URL;
  method: string;
  /** The body must not be sent again (the method became GET). */
  dropBody: boolean;
  /**
   * The origin changed: credentials (Authorization, Cookie, Proxy-Authorization, and the request's
   * `credentialHeaders`) must not follow.
   */
  dropAuth: boolean;
  /** The request headers with those removals done, and `Host` removed when the origin changed. */
  headers: Record<string, string>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Whether a response with this status may redirect (whether it does depends on its Location: see
 * {@linkcode nextRedirect}, which is `null` for any other status).
 *
 * @param status The response status.
 * @returns `true` for 301, 302, 303, 307 and 308.
 */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}
/**
 * Request headers that hold credentials by their name: they go to the origin they were given for,
 * no further. A request never holds `Proxy-Authorization` (a caller's is refused:
 * `RESERVED_REQUEST_HEADERS`): the proxy's credentials come from its URL and go to the proxy on
 * every request, redirects too.
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "cookie",
  "proxy-authorization",
]);

/**
 * Whether a request header holds credentials, in any case: `Authorization`, `Cookie` and
 * `Proxy-Authorization` always, any other when the request declares it one (its
 * `credentialHeaders`: a config's header given as `{ env }` or `{ file }`). The one decision of
 * what a redirect that leaves the origin, and a crawl's link that only a redirect led to, go
 * without.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isCredentialHeader } from "./redirect.ts";
 * assertEquals(isCredentialHeader("Cookie"), true);
 * assertEquals(isCredentialHeader("X-Api-Key"), false);
 * assertEquals(isCredentialHeader("X-Api-Key", ["x-api-key"]), true);
 * ```
 *
 * @param name The header's name.
 * @param declared Other headers the request holds credentials in, by name in any case.
 * @returns True for a header that holds credentials.
 */
export function isCredentialHeader(name: string, declared: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  if (CREDENTIAL_HEADERS.has(lower)) return true;
  for (const other of declared) if (other.toLowerCase() === lower) return true;
  return false;
}

/**
 * Request headers without those that hold credentials (`isCredentialHeader`), as a redirect that
 * leaves the origin sends them.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withoutCredentialHeaders } from "./redirect.ts";
 * const headers = { authorization: "Bearer t", "User-Agent": "bot", Cookie: "a=b", "X-Key": "k" };
 * assertEquals(withoutCredentialHeaders(headers), { "User-Agent": "bot", "X-Key": "k" });
 * assertEquals(withoutCredentialHeaders(headers, ["x-key"]), { "User-Agent": "bot" });
 * ```
 *
 * @param headers The headers as they would go to their own origin.
 * @param declared Other headers that hold credentials (`HttpRequest.credentialHeaders`).
 * @returns A new record of the others.
 */
export function withoutCredentialHeaders(
  headers: Readonly<Record<string, string>>,
  declared: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (!isCredentialHeader(name, declared)) kept[name] = headers[name];
  }
  return kept;
}
// Fetch standard, "HTTP-redirect fetch": headers describing a body that is no longer sent.
const BODY_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "content-language",
  "content-location",
  "transfer-encoding",
]);

/**
 * Decides the request that follows a response: 301 and 302 turn POST into GET, 303 turns every
 * method but HEAD into GET, 307 and 308 keep method and body. A relative Location resolves against
 * the current URL, and the fragment carries over when the Location has none (RFC 9110 §10.2.2).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { nextRedirect } from "./redirect.ts";
 * const current = { url: new URL("https://a.test/form"), method: "POST", headers: {}, hasBody: true };
 * const next = nextRedirect(current, 303, "/done", {
 *   redirectsSoFar: 0,
 *   maxRedirects: 10,
 *   allowDowngrade: false,
 * });
 * assertEquals([next?.url.href, next?.method], ["https://a.test/done", "GET"]);
 * ```
 *
 * @param current The request that got the response.
 * @param status The response status.
 * @param location The Location header, or `null`; or every Location field as received (fields
 *   that repeat one value count once, and differing ones are refused).
 * @param options Limits.
 * @returns The next request, or `null` when the response is final (not a redirect status, or a
 *   3xx without Location).
 * @throws {HttpError} `TOO_MANY_REDIRECTS`, `REDIRECT_DOWNGRADE` (https to http when not allowed),
 *   or `BAD_REDIRECT` (unparsable Location, differing Location fields, or a scheme other than
 *   http and https).
 */
export function nextRedirect(
  current: RedirectRequest,
  status: number,
  locations: string | readonly string[] | null,
  options: RedirectOptions,
): Redirect | null {
  if (!isRedirectStatus(status)) return null;
  const from = current.url.href;
  const given = typeof locations === "string" ? locations : soleLocation(locations ?? [], from);
  if (given === null) return null;
  const location = trimOws(given);
  if (location === "") return null;
  if (options.redirectsSoFar >= options.maxRedirects) {
    const limit = (options.nameLimit ?? nameRequestOption)("redirects", options.maxRedirects);
    const followed = `${options.redirectsSoFar} redirect${options.redirectsSoFar === 1 ? "" : "s"}`;
    const loop = options.chain === undefined ? undefined : loopOf(options.chain);
    // With redirects off, "already followed 0" would say nothing of why; a loop is the server's
    // doing, whatever the limit.
    const why = options.maxRedirects === 0
      ? `the server answered ${status} to ${quoteLocation(location)}, and ${limit} ` +
        "lets none be followed"
      : loop !== undefined
      ? `redirect loop: ${loop.join(" → ")} (stopped after ${followed}, the most ${limit} allows)`
      : `already followed ${followed}, the most ${limit} allows`;
    throw new HttpError("TOO_MANY_REDIRECTS", `Cannot follow redirect from ${from}: ${why}`, {
      url: from,
    });
  }
  let url: URL;
  try {
    url = new URL(encodeLocationBytes(location), current.url);
  } catch (error) {
    const reason = urlRefusalReason(location);
    throw new HttpError(
      "BAD_REDIRECT",
      `Cannot follow redirect from ${from}: Location ${quoteLocation(given)} is not a URL` +
        (reason === undefined ? "" : ` (${reason})`),
      { url: from, cause: error },
    );
  }
  // Credentials a server writes into a Location are never sent (only the task's own auth is), and
  // in the URL they would reach the metadata's finalUrl, or an error's message: dropped first.
  url.username = "";
  url.password = "";
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HttpError(
      "BAD_REDIRECT",
      `Cannot follow redirect from ${from} to ${url.href}: only http and https are followed`,
      { url: from },
    );
  }
  const tooLong = urlLengthProblem(url.href);
  if (tooLong !== undefined) {
    throw new HttpError(
      "BAD_REDIRECT",
      `Cannot follow redirect from ${from}: its Location: ${tooLong}`,
      {
        url: from,
      },
    );
  }
  if (current.url.protocol === "https:" && url.protocol === "http:" && !options.allowDowngrade) {
    const setting = (options.nameLimit ?? nameRequestOption)("downgrade", 0);
    throw new HttpError(
      "REDIRECT_DOWNGRADE",
      `Cannot follow redirect from ${from} to ${url.href}: it downgrades https to http, refused ` +
        `by ${setting}`,
      { url: from },
    );
  }
  if (url.hash === "" && current.url.hash !== "") url.hash = current.url.hash;

  const method = current.method.toUpperCase();
  const toGet = ((status === 301 || status === 302) && method === "POST") ||
    (status === 303 && method !== "GET" && method !== "HEAD");
  const dropAuth = url.origin !== current.url.origin;
  const kept = Object.entries(current.headers).filter(([name]) => {
    const lower = name.toLowerCase();
    if (dropAuth && (lower === "host" || isCredentialHeader(lower, current.credentialHeaders))) {
      return false;
    }
    return !(toGet && BODY_HEADERS.has(lower));
  });
  return {
    url,
    method: toGet ? "GET" : current.method,
    dropBody: toGet && current.hasBody,
    dropAuth,
    headers: Object.fromEntries(kept),
  };
}

/** The first loop in a chain of URLs (`A`, `B`, `A`), or undefined when none repeats. */
function loopOf(chain: readonly string[]): string[] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < chain.length; i++) {
    const first = seen.get(chain[i]);
    if (first !== undefined) return chain.slice(first, i + 1);
    seen.set(chain[i], i);
  }
  return undefined;
}

/**
 * Why a response with a redirect status was not followed, for the error that fails its fetch:
 * it has no Location (or an empty one), which `nextRedirect` takes for a final answer. Without it
 * "the server answered 302 Found" reads as if redirects were not followed at all.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unfollowedRedirectNote } from "./redirect.ts";
 * assertEquals(
 *   unfollowedRedirectNote(302, []),
 *   "without a Location header, so there is nowhere to go",
 * );
 * assertEquals(unfollowedRedirectNote(404, []), undefined);
 * ```
 *
 * @param status The response status.
 * @param locations Its Location fields as received.
 * @returns The note, or undefined for a status that does not redirect.
 */
export function unfollowedRedirectNote(
  status: number,
  locations: readonly string[],
): string | undefined {
  if (!isRedirectStatus(status) || locations.some((location) => trimOws(location) !== "")) {
    return undefined;
  }
  return `${locations.length === 0 ? "without a" : "with an empty"} Location header, so there ` +
    "is nowhere to go";
}

/**
 * The one Location of a response. Fields that repeat one value (a proxy that adds the origin's
 * again) are that value; differing ones are refused: joined as a list they would make a URL no one
 * sent (`/a,%20/b`), and picking one would be a guess.
 */
function soleLocation(locations: readonly string[], from: string): string | null {
  const given = locations.map(trimOws).filter((location) => location !== "");
  const distinct = [...new Set(given)];
  if (distinct.length <= 1) return distinct[0] ?? null;
  throw new HttpError(
    "BAD_REDIRECT",
    `Cannot follow redirect from ${from}: the response has ${distinct.length} differing Location fields (${
      distinct.map(quoteLocation).join(", ")
    })`,
    { url: from },
  );
}

/**
 * A Location as an error quotes it, without credentials: also where its authority starts with
 * backslashes or has no scheme (`//user:pw@host/`, `http:\\user:pw@host/`), as the URL parser
 * reads it against an http(s) URL.
 */
function quoteLocation(location: string): string {
  const start = /^\s*(?:[a-z][a-z0-9+.-]*:)?[/\\]{2}/i.exec(location)?.[0];
  if (start === undefined) return quoteReceived(redactCredentials(location));
  const rest = redactCredentials(`http://${location.slice(start.length)}`).slice("http://".length);
  return quoteReceived(start + rest);
}

/**
 * Heads are decoded byte per character, so each non-ASCII byte of a Location arrives as one
 * character, which the URL parser would encode as UTF-8 (0xE9 as `%C3%A9`): a URL the server never
 * named. Each such byte is percent-encoded as it came instead (`%E9`), as browsers
 * (whatwg/fetch#883) and curl do. Raw UTF-8 then comes out as its text would (`é` as `%C3%A9`, and
 * read as UTF-8 in a host name), and bytes that are not UTF-8 keep their values.
 */
function encodeLocationBytes(location: string): string {
  if (!/[\x80-\xff]/.test(location) || /[\u0100-\u{10ffff}]/u.test(location)) return location;
  return location.replace(
    /[\x80-\xff]/g,
    (byte) => "%" + byte.charCodeAt(0).toString(16).toUpperCase(),
  );
}
