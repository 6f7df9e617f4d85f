/**
 * URLs without their credentials, the one way corun shows a URL that may hold them: a URL's
 * `user:password@` is all that comes before the last `@` of its authority, as the URL parser reads
 * it (`https://u:p@ss@host/` is user `u`, password `p@ss`), so a password's own `@` never splits it.
 * @module
 */

/** `scheme://` at a text's start. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A whole URL's userinfo: up to the last `@` before its path, query or fragment. White space is
 * the userinfo's too (the URL parser percent-encodes it), and a text the parser would refuse is
 * redacted alike: better too much than a password in a log.
 */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/** The userinfo of each URL in a message, where white space ends a URL. */
const USERINFO_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

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

/** Options for {@linkcode withoutCredentials}. */
export interface WithoutCredentialsOptions {
  /** What takes the place of `user:password@` (`""` leaves no trace of it). @default "***@" */
  replacement?: string;
}

/**
 * A URL with its `user:password@` replaced by `***@`. Text the URL parser would refuse or rewrite
 * (a pattern's globs) is kept as it is, but for all before its authority's last `@`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withoutCredentials } from "./url_credentials.ts";
 * assertEquals(withoutCredentials("https://me:p@ss@x.org/a?b"), "https://***@x.org/a?b");
 * assertEquals(withoutCredentials("https://me:pw@x.org/", { replacement: "" }), "https://x.org/");
 * assertEquals(withoutCredentials("https://x.org/{a,b}"), "https://x.org/{a,b}");
 * ```
 *
 * @param url A URL, or a URL pattern.
 * @param options What shows in the credentials' place.
 * @returns The same text without credentials.
 */
export function withoutCredentials(url: string, options: WithoutCredentialsOptions = {}): string {
  const replacement = options.replacement ?? REDACTED;
  return url.replace(USERINFO, (_userinfo, scheme: string) => scheme + replacement);
}

/**
 * A message with the `user:password@` of every URL in it replaced by `***@`. In a message white
 * space ends a URL (the message goes on after it), so a userinfo holding a raw space is not found:
 * the URL parser prints one percent-encoded (`%20`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { redactCredentials } from "./url_credentials.ts";
 * assertEquals(
 *   redactCredentials("from https://u:p@ss@x.org/a to mailto:me@y.org"),
 *   "from https://***@x.org/a to mailto:me@y.org",
 * );
 * ```
 *
 * @param text A message, which may name URLs.
 * @returns The message without credentials.
 */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO_IN_TEXT, (_userinfo, scheme: string) => scheme + REDACTED);
}
