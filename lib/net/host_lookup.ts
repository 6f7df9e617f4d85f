/**
 * Telling a host name that does not exist from a resolver that could not be asked. `Deno.connect`
 * reports both as a plain `Error` whose message is the system resolver's (getaddrinfo's) text, with
 * no code: "Name or service not known" (EAI_NONAME, glibc) for a name the DNS says does not exist,
 * "Temporary failure in name resolution" (EAI_AGAIN) when no resolver answered. Only the first is
 * final; the second may pass, so it stays a retryable connect failure. A name that cannot be one
 * (`invalid host '$host': invalid char found in FQDN`, a `URIError`) is final too.
 * @module
 */

/** getaddrinfo's texts for "this name has no address", per C library. */
const NO_SUCH_HOST = [
  "Name or service not known", // glibc EAI_NONAME
  "No address associated with hostname", // glibc EAI_NODATA: the name exists, with no address
  "Name does not resolve", // musl EAI_NONAME
  "nodename nor servname provided, or not known", // macOS / BSD EAI_NONAME
  "No such host is known", // Windows WSAHOST_NOT_FOUND
];

/**
 * Whether a failed `Deno.connect` says the host name does not resolve (as opposed to a resolver
 * that could not be reached, or a connect that failed after the lookup).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isUnknownHost } from "./host_lookup.ts";
 * const error = new Error("failed to lookup address information: Name or service not known");
 * assertEquals(isUnknownHost(error), true);
 * ```
 *
 * @param error What `Deno.connect` threw.
 * @returns True for a name with no address, or one that is no host name at all.
 */
export function isUnknownHost(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof Deno.errors.ConnectionRefused) return false;
  const message = error.message;
  // No name with a character no host name has (`$HOST` as written in a config) is looked up:
  // `Deno.connect` refuses it at once, as it would every time.
  if (error instanceof URIError) return message.startsWith("invalid host");
  return message.startsWith("failed to lookup address information") &&
    NO_SUCH_HOST.some((text) => message.includes(text));
}
