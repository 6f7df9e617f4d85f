/**
 * URLs without their credentials, the one way corun shows a URL that may hold them. Where a URL's
 * `user:password@` ends:
 *
 * - A URL the URL parser accepts is read as the parser reads it: its authority ends at the first
 *   `/`, `?` or `#` (and `\` for `http`, `https`, `ws`, `wss`, `ftp` and `file`), and its userinfo
 *   is all before the authority's last `@` (`https://u:p@ss@host/` is user `u`, password `p@ss`).
 *   An `@` further on (`https://host/a@b?x=y@z`) is not userinfo.
 * - A URL the parser refuses is redacted up to its last `@`: a password holding a raw `#`, `?`,
 *   `/` or `\` (`https://u:p#ss@host/`) makes the parser refuse it, and there is no telling where
 *   the password ends. Better too much than a password.
 * - So does a URL whose password a raw `#`, `?` or `/` cut where the parser still reads a host
 *   ({@linkcode hasUnencodedCredentials}: `https://me:12#pw@host` is host `me`, port 12).
 * - In a message, white space ends a URL (a userinfo holding a raw space is not found: the parser
 *   prints one as `%20`). So do `,` `"` `'` `)` `]` `>` met before the URL's first `@`
 *   (`["https://a.org","me@x.org"]`), but only when what that leaves in view before the `@` holds
 *   no `:`: those characters may be a password's own (`https://me:p,w@x.org`), so a userinfo with
 *   a `:` is hidden all the same.
 * @module
 */

/** `scheme://` at a text's start. */
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `scheme://` and the rest of a URL in a message, up to the white space that ends it. */
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*):\/\/\S*/gi;

/** `scheme://` anywhere in a text. */
const URL_START = /[a-z][a-z0-9+.-]*:\/\//i;

/** Schemes whose authority the URL parser also ends at `\` (its "special" schemes). */
const SPECIAL_SCHEMES = new Set(["http", "https", "ws", "wss", "ftp", "file"]);

/** Characters that end a URL in a message when they come before its first `@`. */
const ENDS_URL_IN_TEXT = /[,"')\]>]/;

/** A `:` as written or percent-encoded: what may start a password. */
const COLON = /:|%3a/i;

/** The mark that takes the place of a URL's credentials. */
const REDACTED = "***@";

/**
 * Tells a URL (`https://…`, `postgres://…`) from a path: it starts with a scheme and `//`.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { hasUrlScheme } from "./url_credentials.ts";
 * assert(hasUrlScheme("https://x.org/c.yaml") && !hasUrlScheme("tasks/c.yaml"));
 * ```
 *
 * @param text A path or a URL.
 * @returns Whether it starts with `scheme://`.
 */
export function hasUrlScheme(text: string): boolean {
  return SCHEME.test(text);
}

/**
 * Why a fetch's URL may not carry credentials, wherever corun takes one (a config, a list line, a
 * link, `ctx.fetch`): the client never sends them, and every log would show them. Callers add where
 * the credentials belong instead.
 */
export const CREDENTIALS_NOT_SENT = "credentials in a URL are not sent and would be logged";

/**
 * For editors, the start of a URL's text that {@linkcode hasCredentials} certainly finds once
 * parsed, as a JSON Schema / ECMAScript regular expression without anchors: `scheme://`, then a
 * user info with a character other than `:` (which the parser keeps: not a tab nor a line break)
 * before an `@`.
 */
export const CREDENTIALS_PATTERN =
  "\\s*[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\\\@]*[^/?#\\\\@:\\t\\n\\r][^/?#\\\\@]*@";

/**
 * Whether a parsed URL carries a user name or a password (`user:password@`).
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { hasCredentials } from "./url_credentials.ts";
 * assert(hasCredentials(new URL("https://me:pw@x.org/")) && !hasCredentials(new URL("https://x.org/")));
 * ```
 *
 * @param url The URL.
 * @returns True when it has either.
 */
export function hasCredentials(url: URL): boolean {
  return url.username !== "" || url.password !== "";
}

/**
 * `scheme:`, any slashes, then an authority that ends in `:` and what would be its port (never a
 * `]`: an IPv6 literal's colons are no port's), then the `#`, `?`, `/` or `\\` that ended it, and
 * the rest.
 */
const CUT_AUTHORITY = /^[a-z][a-z0-9+.-]*:[\\/]*[^\\/?#@]*:([^\\/?#@\]]*)([\\/?#])(.*)$/is;
const DIGITS = /^\d+$/;

/**
 * What a URL whose credentials hold a raw `#`, `?` or `/` is refused with, and how to write them.
 * Callers that take no credentials at all say so first.
 */
export const CREDENTIALS_NOT_ENCODED =
  "its password holds a raw #, ? or /, which ends the host part there: the user name would be " +
  "taken for the host, and the password sent on as the rest of the URL; in a user name or " +
  "password write # as %23, / as %2F and ? as %3F";

/**
 * Whether a URL as written holds credentials that a raw `#`, `?`, `/` or `\\` in the password cut:
 * `https://me:#pw@host/` is host `me` with fragment `pw@host/`, `https://me:12/pw@host/` host `me`,
 * port 12, path `/pw@host/`, and `https://me:pa#ss@host/` no URL at all (port `pa`). The parser
 * sees no credentials in them: the user name would go to DNS, the password into every log (or, in
 * the last, a message that the URL is invalid would show it, or hide the only clue). Told by the
 * text: an authority of a name, a `:` and digits, no port, or a port that is no number, cut by one
 * of those characters, with an `@` after it. After a port and a `/`, the `@` must be within the path's first segment and not
 * start it, as a password's rest is (`12/pw@host`): `https://x.org:8443/@alice` and
 * `https://x.org:8443/a/b@2x.png` are paths.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { hasUnencodedCredentials } from "./url_credentials.ts";
 * assert(hasUnencodedCredentials("https://me:#pw@x.org/") && hasUnencodedCredentials("http://me:12?pw@x.org/"));
 * assert(hasUnencodedCredentials("http://me:pa#ss@x.org:3128") && !hasUnencodedCredentials("http://[::1]/a@b"));
 * assert(!hasUnencodedCredentials("https://me:%23pw@x.org/") && !hasUnencodedCredentials("https://x.org:8443/@alice"));
 * ```
 *
 * @param text A URL as written, with its scheme.
 * @returns True when it holds such credentials.
 */
export function hasUnencodedCredentials(text: string): boolean {
  // Asked of every list line and link: most have no `@`, and then no credentials at all.
  if (!text.includes("@")) return false;
  const cut = CUT_AUTHORITY.exec(text.trim());
  if (cut === null) return false;
  const [, port, mark, rest] = cut;
  if (!rest.includes("@")) return false;
  // A "port" that is no number is in no URL, but a password cut short (`me:pa#ss@host`) makes one.
  if (port === "" || mark === "#" || mark === "?" || !DIGITS.test(port)) return true;
  return rest.split(/[\\/?#]/, 1)[0].indexOf("@") > 0;
}

/**
 * Whether a URL carries credentials: parsed ({@linkcode hasCredentials}), or as written, cut by a
 * raw `#`, `?` or `/` where the parser sees none ({@linkcode hasUnencodedCredentials}).
 *
 * @param url The URL, parsed.
 * @param written The URL as written.
 * @returns True when it carries either.
 */
export function carriesCredentials(url: URL, written: string): boolean {
  return hasCredentials(url) || hasUnencodedCredentials(written);
}

/**
 * {@linkcode CREDENTIALS_NOT_SENT}, for a URL where corun takes no credentials; for one whose
 * credentials a raw `#`, `?` or `/` cut ({@linkcode hasUnencodedCredentials}), also what they
 * would do instead.
 *
 * @param written The URL as written.
 * @returns Why its credentials are refused.
 */
export function credentialsRefusal(written: string): string {
  return hasUnencodedCredentials(written)
    ? `${CREDENTIALS_NOT_SENT}, and ${CREDENTIALS_NOT_ENCODED}`
    : CREDENTIALS_NOT_SENT;
}

/** Options for {@linkcode withoutCredentials}. */
export interface WithoutCredentialsOptions {
  /** What takes the place of `user:password@` (`""` leaves no trace of it). @default "***@" */
  replacement?: string;
}

/**
 * A URL with its `user:password@` replaced by `***@`. The rest is kept as written, also in a
 * pattern's globs; a URL the parser refuses loses all up to its last `@`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withoutCredentials } from "./url_credentials.ts";
 * assertEquals(withoutCredentials("https://me:p@ss@x.org/a?b"), "https://***@x.org/a?b");
 * assertEquals(withoutCredentials("https://me:p#ss@x.org/a"), "https://***@x.org/a");
 * assertEquals(withoutCredentials("https://me:pw@x.org/", { replacement: "" }), "https://x.org/");
 * assertEquals(withoutCredentials("https://x.org/{a,b}"), "https://x.org/{a,b}");
 * ```
 *
 * @param url A URL, or a URL pattern.
 * @param options What shows in the credentials' place.
 * @returns The same text without credentials.
 */
export function withoutCredentials(url: string, options: WithoutCredentialsOptions = {}): string {
  const scheme = SCHEME.exec(url)?.[1];
  if (scheme === undefined) return url;
  const at = userinfoEnd(url, scheme);
  if (at < 0) return url;
  return url.slice(0, scheme.length + 3) + (options.replacement ?? REDACTED) + url.slice(at + 1);
}

/**
 * A message with the `user:password@` of every URL in it replaced by `***@` (see the module doc for
 * where a URL ends in a message).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { redactCredentials } from "./url_credentials.ts";
 * assertEquals(
 *   redactCredentials("from https://u:p@ss@x.org/a to mailto:me@y.org"),
 *   "from https://***@x.org/a to mailto:me@y.org",
 * );
 * assertEquals(redactCredentials('["https://a.org","me@x.org"]'), '["https://a.org","me@x.org"]');
 * ```
 *
 * @param text A message, which may name URLs.
 * @returns The message without credentials.
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_IN_TEXT, redactUrlInText);
}

/**
 * A URL as a user wrote it (a config's, a list line's, a script's), as every message quotes one:
 * {@linkcode redactCredentials}, and the `user:password@` of what the URL parser would not take
 * for a URL with that host, or was mistyped: `https:bob:pw@x.org` and `https:\\\\bob:pw@x.org`
 * (no `//`, which the parser reads as `https://bob:pw@x.org`), `http//bob:pw@x.org` and
 * `http ://bob:pw@x.org` (no URL at all), `bob:pw@x.org/a` (no scheme). What follows the scheme (or
 * the start, for text with none) is read as the parser would read it after `http://`; text with no
 * scheme keeps a user name with no password (`me@x.org`, an address), and so does an address's
 * scheme (`mailto:me@x.org`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { urlTextWithoutCredentials } from "./url_credentials.ts";
 * assertEquals(urlTextWithoutCredentials("http ://me:pw@x.org/a"), "http ://***@x.org/a");
 * assertEquals(urlTextWithoutCredentials("me:pw@x.org/a"), "***@x.org/a");
 * assertEquals(urlTextWithoutCredentials("https://x.org/?to=me@y.org"), "https://x.org/?to=me@y.org");
 * ```
 *
 * @param text The URL (or URL pattern, or list line) as written.
 * @returns It without credentials.
 */
export function urlTextWithoutCredentials(text: string): string {
  return withoutWrittenUserinfo(redactCredentials(text));
}

/**
 * What may start a written URL before its authority: a scheme (white space may follow it), then
 * `:` and any slashes, or two slashes or more with the `:` left out.
 */
const WRITTEN_START = /^([a-z][a-z0-9+.-]*)\s*(?::\s*([\\/]*)|[\\/]{2,})/i;

/** Schemes of addresses (`mailto:someone@x.org`): their `@` is the address's, not a password's end. */
const ADDRESS_SCHEMES = new Set(["mailto", "sip", "sips", "xmpp", "news", "im", "pres"]);

/** What reads a written URL's authority as the parser would. */
const PROBE = "http://";

/** {@linkcode urlTextWithoutCredentials} after {@linkcode redactCredentials}. */
function withoutWrittenUserinfo(text: string): string {
  const start = WRITTEN_START.exec(text);
  // `me:pw@x.org`: a "scheme" with neither slashes nor a parser's reading of its own may be a
  // user name.
  const bare = start !== null && start[2] === "" && !SPECIAL_SCHEMES.has(start[1].toLowerCase());
  if (bare && ADDRESS_SCHEMES.has(start[1].toLowerCase())) return text;
  const from = start === null || bare ? 0 : start[0].length;
  const rest = text.slice(from);
  const at = userinfoEnd(PROBE + rest, "http") - PROBE.length;
  if (at < 0) return text;
  const userinfo = rest.slice(0, at);
  if (userinfo === "***" || (from === 0 && !COLON.test(userinfo))) return text;
  return `${text.slice(0, from)}***${rest.slice(at)}`;
}

/** One URL of a message (to the next white space) without credentials, and any URL within it. */
function redactUrlInText(candidate: string, scheme: string): string {
  const start = scheme.length + 3;
  const at = userinfoEnd(candidate, scheme);
  const end = at < 0 ? -1 : endBeforeUserinfo(candidate.slice(start, at));
  // No userinfo, or the URL ends before it: what follows may name another URL.
  if (at < 0 || end >= 0) {
    const cut = end < 0 ? start : start + end;
    return candidate.slice(0, cut) + redactCredentials(candidate.slice(cut));
  }
  return candidate.slice(0, start) + REDACTED + redactCredentials(candidate.slice(at + 1));
}

/**
 * The index of the `@` that ends a URL's userinfo, or -1 when it has none. The URL parser's reading
 * decides, and a URL it refuses, or whose credentials it reads as host and more, has all up to its
 * last `@` taken for userinfo.
 */
function userinfoEnd(url: string, scheme: string): number {
  if (URL.parse(url) === null || hasUnencodedCredentials(url)) return url.lastIndexOf("@");
  const start = scheme.length + 3;
  const ends = SPECIAL_SCHEMES.has(scheme.toLowerCase()) ? /[/?#\\]/ : /[/?#]/;
  const length = url.slice(start).search(ends);
  const at = url.lastIndexOf("@", (length < 0 ? url.length : start + length) - 1);
  return at >= start ? at : -1;
}

/**
 * Where, in what would be a URL's userinfo in a message, the URL ends instead (`a.org` of
 * `https://a.org,me@x.org`), or -1 when it does not: at a character that ends URLs in messages,
 * before any `@`, when no `:` would be left in view up to the userinfo's end or to the next URL.
 */
function endBeforeUserinfo(userinfo: string): number {
  const end = userinfo.search(ENDS_URL_IN_TEXT);
  const firstAt = userinfo.indexOf("@");
  if (end < 0 || (firstAt >= 0 && firstAt < end)) return -1;
  const nextUrl = userinfo.slice(end).search(URL_START);
  const inView = nextUrl < 0 ? userinfo : userinfo.slice(0, end + nextUrl);
  return COLON.test(inView) ? -1 : end;
}
