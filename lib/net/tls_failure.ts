/**
 * Why a certificate was refused, in words a user can act on. Deno's TLS (rustls) names some refusals
 * only by an identifier (`UnknownIssuer`, `Other(OtherError(CaUsedAsEndEntity))`), which tells a
 * user neither that the certificate is self-signed nor what to do about it.
 * @module
 */

/** rustls's identifier of a refusal, and what it means for the user. */
const EXPLAINED: readonly (readonly [string, string])[] = [
  [
    "UnknownIssuer",
    "no authority trusted here signed the certificate, as with a self-signed one or a private " +
    "CA's: give that CA's certificate as caFile, or in DENO_CERT",
  ],
  [
    "CaUsedAsEndEntity",
    "the server's certificate is a CA certificate, as one made by `openssl req -x509` is by " +
    "default, and Deno's TLS refuses it even when caFile names it: give the server a certificate " +
    "that its CA signed, or a self-signed one with basicConstraints=CA:FALSE",
  ],
];

/**
 * The reason of a failed TLS handshake, with what it means where rustls names it only by an
 * identifier.
 *
 * @param reason The handshake error's message.
 * @returns `reason`, followed by its meaning in parentheses when it is one of those identifiers.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { explainTlsFailure } from "./tls_failure.ts";
 *
 * assertEquals(explainTlsFailure("received fatal alert: HandshakeFailure"), "received fatal alert: HandshakeFailure");
 * ```
 */
export function explainTlsFailure(reason: string): string {
  for (const [identifier, meaning] of EXPLAINED) {
    if (reason.includes(identifier)) return `${reason} (${meaning})`;
  }
  return reason;
}
