/**
 * Whether a value in a config may be a credential, judged from the keys that lead to it: the one
 * rule for every hint that would repeat a value the config's parser could not read (a syntax
 * error's "quote it, as in …"), where the schema, which knows each field, has not had its say. A
 * value under `headers` or `auth`, or whose key names a credential as people write one
 * (`password`, `bearer`, `username`, `token`, `api_key`, `secret`, `Cookie`, a `proxy` URL), is not repeated: a
 * config error goes to a terminal, a CI log, a `--log` file. Any other value is shown, as it helps.
 * @module
 */

/** What a problem says in place of a value that may be a credential. */
export const CREDENTIAL_NOT_SHOWN = "not shown: it may be a credential";

/** The example value a hint quotes in place of one that may be a credential. */
export const HIDDEN_VALUE = "…";

/** Tables whose every value may be a credential: request headers, and `auth`. */
const CREDENTIAL_TABLES: ReadonlySet<string> = new Set(["headers", "auth"]);

/**
 * A key that names a credential, in corun's words or another tool's; and `proxy`, whose URL may
 * hold its `user:password@`. Not `cookies` (a jar's path) nor `maxCookieJarSize`.
 */
const CREDENTIAL_KEY =
  /pass|secret|token|bearer|auth|credential|api[-_]?key|private[-_]?key|^(?:cookie|user|username|login|pw|proxy)$/i;

/**
 * Whether the value at the end of a path of keys may be a credential.
 *
 * @param keys The keys that lead to the value, outermost first, the value's own key last (list
 *   positions left out).
 * @returns True for a value under `headers` or `auth`, or whose key names a credential.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { mayHoldCredential } from "./credential_place.ts";
 * assert(mayHoldCredential(["tasks", "fetch", "auth", "password"]));
 * assert(mayHoldCredential(["defaults", "headers", "X-Api-Key"]));
 * assert(!mayHoldCredential(["tasks", "save"]));
 * ```
 */
export function mayHoldCredential(keys: readonly string[]): boolean {
  const own = keys.at(-1);
  return keys.some((key) => CREDENTIAL_TABLES.has(key)) ||
    (own !== undefined && CREDENTIAL_KEY.test(own));
}
