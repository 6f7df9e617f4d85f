/**
 * The `CONNECT` exchange that turns a TCP connection to a forward proxy into a tunnel to the target
 * (RFC 9110 §9.3.6), before TLS to the target starts over it.
 * @module
 */
import { authorityOf } from "./authority.ts";
import { proxyAuthProblem, ProxyError } from "./proxy_error.ts";
import { type ProxyEndpoint, proxyLabel } from "./proxy_url.ts";
import { statusWithReason } from "./status_reason.ts";
import { messageOf } from "../loop/mod.ts";

/** The proxy's answer head may be this long at most. */
const MAX_ANSWER_BYTES = 16_384;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Asks the proxy on `tcp` for a tunnel to `hostname:port` and reads its answer head. On a 2xx the
 * connection is the tunnel (nothing after the head is read: the target speaks first after TLS
 * starts). On anything else the caller closes `tcp`. Aborting `signal` closes `tcp`.
 *
 * @param tcp An open connection to the proxy.
 * @param proxy The proxy (for `Proxy-Authorization` and messages).
 * @param hostname The target's host (IPv6 without brackets).
 * @param port The target's port.
 * @param signal Aborts the exchange (deadline or cancellation).
 * @throws ProxyError `PROXY_AUTH_REQUIRED` (407, or 401), `PROXY_TUNNEL_FAILED` (5xx),
 *   `PROXY_REFUSED` (any other non-2xx, or an answer that is not HTTP), `PROXY_CLOSED` (no complete
 *   answer).
 */
export async function openTunnel(
  tcp: Deno.Conn,
  proxy: ProxyEndpoint,
  hostname: string,
  port: number,
  signal: AbortSignal,
): Promise<void> {
  const authority = authorityOf(hostname, port);
  const fail = (
    code: ProxyError["code"],
    why: string,
    status?: number,
    cause?: unknown,
    wait?: { retryAfter?: string; date?: string },
  ) =>
    new ProxyError(
      code,
      `Cannot open a tunnel to ${authority} through proxy ${proxyLabel(proxy)}: ${why}`,
      { proxy: proxy.display, target: authority, status, ...wait },
      cause === undefined ? undefined : { cause },
    );
  let head = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n`;
  if (proxy.authorization) head += `Proxy-Authorization: ${proxy.authorization}\r\n`;
  head += "\r\n";
  const closeOnAbort = () => {
    try {
      tcp.close();
    } catch {
      // Already closed.
    }
  };
  signal.addEventListener("abort", closeOnAbort, { once: true });
  try {
    let answer: Uint8Array;
    try {
      await writeAll(tcp, encoder.encode(head));
      answer = await readHead(tcp);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof AnswerProblem) throw fail(error.code, error.message);
      const reason = messageOf(error);
      throw fail(
        "PROXY_CLOSED",
        `the connection failed before the answer (${reason})`,
        undefined,
        error,
      );
    }
    const text = decoder.decode(answer);
    const match = /^HTTP\/1\.[01] (\d{3})(?: [^\n]*)?\r?\n/.exec(text);
    // Told by its length, not quoted: a proxy's text may echo the Proxy-Authorization it was sent.
    if (!match) throw fail("PROXY_REFUSED", `the answer is not HTTP (${answer.length} bytes)`);
    const status = Number(match[1]);
    if (status >= 200 && status < 300) return;
    // The proxy's own reason phrase is not shown: free text, it may reflect the credentials.
    const said = `it answered ${statusWithReason(status)}`;
    // 401 too: an answer to CONNECT is the proxy's, never the target's, and tinyproxy 1.11 answers
    // a wrong password with 401 where RFC 9110 says 407.
    if (status === 407 || status === 401) {
      throw fail("PROXY_AUTH_REQUIRED", `${said}: ${proxyAuthProblem(proxy)}`, status);
    }
    // 429 too: a proxy that limits its clients' rate wants the tunnel asked for again later.
    if (status >= 500 || status === 429) {
      // Its Retry-After is kept for the retry decision, which waits it as it does a server's.
      const wait = { retryAfter: fieldOf(text, "retry-after"), date: fieldOf(text, "date") };
      throw fail("PROXY_TUNNEL_FAILED", `${said}`, status, undefined, wait);
    }
    throw fail("PROXY_REFUSED", said, status);
  } finally {
    signal.removeEventListener("abort", closeOnAbort);
  }
}

/** Why the answer cannot be read; `openTunnel` names the proxy and target. */
class AnswerProblem extends Error {
  constructor(readonly code: "PROXY_CLOSED" | "PROXY_REFUSED", message: string) {
    super(message);
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/**
 * Reads up to the end of the answer head, and not one byte further: what follows a 2xx belongs to
 * TLS. One byte per read would be exact but slow; a proxy sends nothing after its 2xx head before
 * the client speaks, so reading what is available never takes a byte of the tunnel. A proxy that
 * does send more after a 2xx head is refused.
 */
async function readHead(conn: Deno.Conn): Promise<Uint8Array> {
  const buffer = new Uint8Array(MAX_ANSWER_BYTES);
  let length = 0;
  for (;;) {
    const count = await conn.read(buffer.subarray(length));
    if (count === null) {
      throw new AnswerProblem("PROXY_CLOSED", "the proxy closed the connection before answering");
    }
    length += count;
    const end = headEnd(buffer, length);
    if (end >= 0) {
      if (end < length && isSuccess(buffer)) {
        throw new AnswerProblem("PROXY_REFUSED", "the proxy sent bytes after its 2xx answer");
      }
      return buffer.subarray(0, end);
    }
    if (length === buffer.length) {
      throw new AnswerProblem(
        "PROXY_REFUSED",
        `the answer head exceeds ${MAX_ANSWER_BYTES} bytes, a fixed limit (a proxy's answer to ` +
          "CONNECT is a few short lines)",
      );
    }
  }
}

/** Index just past the blank line ending the head (CRLF CRLF, or bare LF LF), or -1. */
function headEnd(bytes: Uint8Array, length: number): number {
  for (let i = 1; i < length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i - 1] === 0x0a) return i + 1;
    if (i >= 3 && bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a && bytes[i - 3] === 0x0d) {
      return i + 1;
    }
  }
  return -1;
}

/** The first value of a header field in an answer head, or undefined. */
function fieldOf(head: string, name: string): string | undefined {
  for (const line of head.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).toLowerCase() === name) {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

function isSuccess(bytes: Uint8Array): boolean {
  // "HTTP/1.x 2": byte 9 is the status's first digit.
  return bytes[9] === 0x32;
}
