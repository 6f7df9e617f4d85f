/**
 * Why a certificate was refused, in words a user can act on. Deno's TLS (rustls) names some refusals
 * only by an identifier (`UnknownIssuer`, `Other(OtherError(CaUsedAsEndEntity))`), which tells a
 * user neither that the certificate is self-signed nor what to do about it; and a certificate's
 * dates only as UNIX seconds.
 * @module
 */

/** rustls's identifier of a refusal, and what it means for the user. */
const EXPLAINED: readonly (readonly [string, string])[] = [
  [
    "UnknownIssuer",
    "no authority trusted here signed the certificate, as with a self-signed one or a private " +
    "CA's: name that CA's certificate in the fetch's caFile, or in DENO_CERT (also for a config " +
    "read from an https URL, which no caFile reaches); a CA installed in the system's store is " +
    "trusted only with DENO_TLS_CA_STORE=mozilla,system (Deno's own roots are Mozilla's); or the " +
    "server sends its certificate without the intermediate ones between it and that CA (a server " +
    "given its own certificate alone, not its chain: curl fails it too)",
  ],
  [
    "CaUsedAsEndEntity",
    "the server's certificate is a CA certificate, as one made by `openssl req -x509` is by " +
    "default, and Deno's TLS refuses it even when caFile names it: give the server a certificate " +
    "that its CA signed, or a self-signed one with basicConstraints=CA:FALSE",
  ],
  [
    // TLS 1.3's alert to a client that sent none; TLS 1.2 servers say only "HandshakeFailure".
    "CertificateRequired",
    "the server asks for a client certificate, which corun cannot send",
  ],
  [
    // Deno's words when the file DENO_CERT (or `deno run --cert`) names cannot be read: no caFile is
    // read here (a config error names one that cannot be), and every https connection fails so.
    "Failed opening CA file",
    "the CA file the DENO_CERT variable (or deno's --cert) names cannot be read: fix or unset it",
  ],
  [
    // A server on TLS 1.0 or 1.1 only (`openssl s_server -tls1_1`) answers the ClientHello so.
    "received fatal alert: ProtocolVersion",
    "the server speaks no TLS version Deno's TLS does: it offers TLS 1.2 and 1.3 only, and the " +
    "server wants an older one",
  ],
  [
    "received fatal alert: HandshakeFailure",
    "the server refused the handshake: it may want a client certificate, which corun cannot send, " +
    "or share no TLS version or cipher suite",
  ],
  [
    // What the first bytes of a plain-http answer (`HTTP/1.1 400`) are taken for.
    "InvalidContentType",
    "the server did not answer in TLS, as a plain-http server does: check the URL's port and " +
    "scheme; an http:// URL sends the request unencrypted",
  ],
];

/** rustls's words for a certificate outside its dates: the time it checked at, and the bound. */
const OUT_OF_DATE =
  /verification time (\d+) \(UNIX\), but certificate is not valid (after|before) (\d+)/;

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
 * assertEquals(explainTlsFailure("received fatal alert: DecodeError"), "received fatal alert: DecodeError");
 * ```
 */
export function explainTlsFailure(reason: string): string {
  for (const [identifier, meaning] of EXPLAINED) {
    if (reason.includes(identifier)) return `${reason} (${meaning})`;
  }
  const dates = OUT_OF_DATE.exec(reason);
  if (dates === null) return reason;
  const [, nowSeconds, bound, boundSeconds] = dates;
  const clock = `this machine's clock says ${dateOf(nowSeconds)}`;
  return bound === "after"
    ? `${reason} (it was valid until ${dateOf(boundSeconds)}; ${clock})`
    // A certificate not valid yet is most often a clock set wrong (a board with no battery).
    : `${reason} (it is valid from ${dateOf(boundSeconds)}; ${clock}: a clock set wrong makes ` +
      "certificates look so)";
}

/**
 * Alerts by which a server refuses the session itself (RFC 8446 §6.2): what it wants of the client
 * (a certificate, a version), never what went wrong with bytes on their way. Others (`BadRecordMac`,
 * `DecodeError`) end a connection that may work again, as a reset does.
 */
const REFUSALS = new Set([
  "CertificateRequired",
  "HandshakeFailure",
  "BadCertificate",
  "UnsupportedCertificate",
  "CertificateRevoked",
  "CertificateExpired",
  "CertificateUnknown",
  "UnknownCA",
  "AccessDenied",
  "ProtocolVersion",
  "InsufficientSecurity",
]);

/**
 * Whether a read or write failed on a TLS alert by which the peer refused the session (such as a
 * client certificate wanted): final, not a connection that broke.
 *
 * @param reason The error's message.
 * @returns Whether it is rustls's `received fatal alert: …` with one of those alerts.
 */
export function isTlsRefusal(reason: string): boolean {
  const alert = /received fatal alert: (\w+)/.exec(reason)?.[1];
  return alert !== undefined && REFUSALS.has(alert);
}

/** UNIX seconds as an ISO date to the second. */
function dateOf(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}
