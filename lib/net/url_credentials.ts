/**
 * URLs without their credentials, the one way corun shows a URL that may hold them. Where a URL's
 * `user:password@` ends:
 *
 * - A URL the URL parser accepts is read as the parser reads it: its authority ends at the first
 *   `/`, `?` or `#` (and `\` for `http`, `https`, `ws`, `wss`, `ftp` and `file`), and its userinfo
 *   is all before the authority's last `@` (`https://u:p@ss@host/` is user `u`, password `p@ss`).
 *   An `@` further on (`https://host/a@b?x=y@z`) is not userinfo, so neither is a password the
 *   parser reads as a host and fragment (`https://me#pw@host` is host `me`, fragment `pw@host`).
 * - A URL the parser refuses is redacted up to its last `@`: a password holding a raw `#`, `?`,
 *   `/` or `\` (`https://u:p#ss@host/`) makes the parser refuse it, and there is no telling where
 *   the password ends. Better too much than a password.
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
 * decides, and a URL it refuses has all up to its last `@` taken for userinfo.
 */
function userinfoEnd(url: string, scheme: string): number {
  if (URL.parse(url) === null) return url.lastIndexOf("@");
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
