/**
 * What the client returns: status, headers, and a streaming body.
 * @module
 */
import type { ResponseBody } from "./body.ts";
import type { HeaderList } from "./headers.ts";
import { statusWithReason } from "../net/mod.ts";

/** How long the phases of the last attempt took, in milliseconds. */
export interface ResponseTimings {
  /** Name resolution and TCP connect (0 on a reused connection). */
  connectMs: number;
  /** TLS handshake (0 on plain or reused connections). */
  tlsMs: number;
  /** From the request's first byte sent to the whole response head received. */
  firstByteMs: number;
  /** Loop-clock time when the fetch (first attempt) began. */
  startedAtMs: number;
}

/** A response whose head has arrived. Its body must be read to the end or closed. */
export interface HttpResponse {
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** The status code, such as 200 or 404. */
  readonly status: number;
  /**
   * The reason phrase as the server sent it (`"OK"`, `"Not Found"`), possibly empty, each control
   * character other than HTAB replaced by "?" (it reaches messages, logs and terminals).
   */
  readonly statusText: string;
  /** The server's HTTP version. */
  readonly version: "1.0" | "1.1";
  /** The response's header fields, in order, repeats kept. */
  readonly headers: HeaderList;
  /** Redirects followed to get here. */
  readonly redirects: number;
  /**
   * Requests sent for this fetch: one per hop (so `redirects + 1` when each was answered at once),
   * plus each resend on a new connection when a pooled one turned out closed.
   */
  readonly attempts: number;
  /** True when the connection had served earlier requests. */
  readonly reusedConnection: boolean;
  /** How long the last attempt's phases took. */
  readonly timings: ResponseTimings;
  /** The body, streamed from the connection: read it to the end or close it. */
  readonly body: ResponseBody;
}

/**
 * A response's status as a message shows it: with the server's reason phrase, or, when it came
 * through a plain-http proxy, with the standard one: the proxy's own text may echo the request's
 * `Proxy-Authorization` (as a `CONNECT` refusal's is kept out for).
 *
 * @param response Its status and reason phrase.
 * @param proxied It came through a plain-http proxy (see `HttpClient.plainProxyOf`).
 * @returns `404 Not Found`, as the server or the standard says it.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shownStatus } from "./response.ts";
 * assertEquals(shownStatus({ status: 403, statusText: "Denied for Basic YWxpY2U6" }, true), "403 Forbidden");
 * assertEquals(shownStatus({ status: 299, statusText: "" }, false), "299");
 * ```
 */
export function shownStatus(
  response: { readonly status: number; readonly statusText: string },
  proxied: boolean,
): string {
  return proxied
    ? statusWithReason(response.status)
    : `${response.status} ${response.statusText}`.trimEnd();
}
