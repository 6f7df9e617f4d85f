/**
 * What the client sends: a request as given by a caller, and the options that bound its exchange.
 * @module
 */
import { pastSizeCeiling } from "../loop/mod.ts";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TLS_TIMEOUT_MS } from "../net/mod.ts";
import type { Bandwidth } from "./bandwidth.ts";
import type { CookieJar } from "./cookie_jar.ts";
import { type LimitNamer, nameRequestOption } from "./limit_names.ts";
import { HEAD_CEILING_WHY, MAX_HEAD_BYTES_CEILING } from "./response_head.ts";

/** A request body: bytes in memory, or a file streamed from disk. */
export type RequestBody =
  | { kind: "bytes"; bytes: Uint8Array; contentType?: string }
  | { kind: "file"; path: string; contentType?: string };

/** One request. */
export interface HttpRequest {
  /** An http: or https: URL. */
  url: URL | string;
  /** The request method. @default "GET" */
  method?: string;
  /**
   * Sent as given after the defaults they override (User-Agent, Accept, Accept-Encoding). Headers
   * that frame or route the message (Host, Content-Length, Connection, ...) are refused.
   */
  headers?: Record<string, string>;
  /** What to send after the head (framed with a Content-Length). @default no body */
  body?: RequestBody;
  /**
   * Headers besides `Authorization` and `Cookie` that hold credentials (an `X-Api-Key`), by name
   * in any case: left out, as those are, when a redirect leaves the origin (`isCredentialHeader`).
   * @default none
   */
  credentialHeaders?: readonly string[];
  /**
   * Headers whose values are bytes a server sent, by name in any case: validators sent back
   * (`If-None-Match`, `If-Range`), which a response's headers give one character per byte. They go
   * back as those bytes, where any other value that is not ASCII is sent as UTF-8. Kept across
   * redirects with the headers. @default none
   */
  receivedHeaders?: readonly string[];
}

/** Per-phase time limits, in milliseconds. */
export interface Timeouts {
  /** TCP connect. @default DEFAULT_CONNECT_TIMEOUT_MS (10_000) */
  connectMs: number;
  /** TLS handshake. @default DEFAULT_TLS_TIMEOUT_MS (10_000) */
  tlsMs: number;
  /** From the request fully sent to the whole response head. @default 30_000 */
  headersMs: number;
  /**
   * Longest wait without progress while sending the request, or while a body read is pending
   * (time the consumer spends between reads does not count). @default 30_000
   */
  idleMs: number;
  /** One attempt, from start to last body byte, its redirects included. @default 300_000 */
  totalMs: number;
}

/**
 * The limits and policies of an exchange: the one settings type from a config to the client (a
 * config's fetch settings extend it, and the client reads them as they are).
 */
export interface FetchSettings {
  /** Per-phase time limits. */
  timeouts: Timeouts;
  /** Most redirects followed before the request fails with `TOO_MANY_REDIRECTS`. @default 10 */
  maxRedirects: number;
  /** Follow a redirect from https to http. @default false */
  allowDowngrade: boolean;
  /** Largest body after decoding. @default 1 GiB */
  maxBodyBytes: number;
  /**
   * Most decoded bytes per encoded byte of a compressed body, judged once it has decoded to more than
   * 1 MiB: past it the body is a decompression bomb. @default 1000
   */
  maxDecodeRatio: number;
  /** Largest response head, in bytes. @default 65_536 */
  maxHeaderBytes: number;
  /** Most header fields in a response head; each folded line counts as one. @default 256 */
  maxHeaderCount: number;
  /**
   * Ask for gzip and deflate (for a compressed file, or a request with its own `Range`,
   * `identity`: see `coded_file.ts`); decode gzip, deflate and br. @default true
   */
  decompress: boolean;
  /** Skip the TLS hostname check. @default false */
  insecure: boolean;
  /**
   * Forward proxy for every origin: `http://[user:password@]host[:port]` (only http:// proxies; a
   * URL without a scheme is http://, without a port 1080, as with curl), or `false` for a direct
   * connection whatever the environment says. @default the environment's `http_proxy`,
   * `https_proxy` / `HTTPS_PROXY`, `all_proxy` / `ALL_PROXY`, less the hosts in `no_proxy` /
   * `NO_PROXY`
   */
  proxy?: string | false;
  /**
   * Hosts reached directly whatever `proxy` or the environment's proxy says, in `NO_PROXY`'s syntax
   * (`"localhost, .corp.example, 10.0.0.0/8"`, `"*"` for all; see `proxy_bypass.ts`): it replaces
   * the environment's `no_proxy` / `NO_PROXY`, as curl's `--noproxy` does. An `originProxies` entry
   * is that origin's own choice, and is not bypassed. @default the environment's `no_proxy` /
   * `NO_PROXY`, which applies to `proxy` too
   */
  noProxy?: string;
  /**
   * Proxy per origin (keys as `new URL(url).origin` gives them: `https://example.org`,
   * `http://127.0.0.1:8080`), the same values as `proxy`; it wins over `proxy` for its origin.
   * Read again for every redirect hop. @default none
   */
  originProxies?: Readonly<Record<string, string | false>>;
  /**
   * Requests in flight on one connection at once (HTTP/1.1 pipelining, RFC 9112 §9.3.2) for GET and
   * HEAD requests without a body: the next goes out before the previous response is read, and all
   * are answered in order. Only for servers known to answer pipelined requests correctly; requests
   * left unanswered when a connection closes go again on a new one. @default 1 (none)
   */
  pipeline: number;
  /** `pipeline` per origin (keys as in `originProxies`); it wins over `pipeline`. @default none */
  originPipelines?: Readonly<Record<string, number>>;
  /**
   * How an error names a limit that was reached, in the words of whoever set it: a config names
   * its keys (`timeout.total (2s)`), a program that reads its own settings may name those.
   * @default these options' own names: `timeouts.totalMs (2000)`, `maxBodyBytes (1024)`
   */
  nameLimit: LimitNamer;
}

/** Limits and policies of one request; every field has a default. */
export interface RequestOptions extends Partial<Omit<FetchSettings, "timeouts">> {
  /** Per-phase time limits; those not given keep their defaults. */
  timeouts?: Partial<Timeouts>;
  /** Extra CA certificates (PEM) trusted for this request's TLS connections. */
  caCerts?: string[];
  /**
   * Told as each request is sent (a resend on a fresh connection, when a pooled one turned out
   * closed, included), so a caller can count the sends of a request that fails. It is not
   * `async`: one that returns a promise ends the request with a TypeError (nothing would wait for
   * it, nor handle its rejection), and one that throws ends it with that error. @default none
   */
  onAttempt?: () => void;
  /**
   * Sends the jar's cookies for each URL (redirects included) and stores every Set-Cookie received,
   * the responses that redirect included. @default none: no Cookie is added, no Set-Cookie kept
   */
  cookies?: CookieJar;
  /**
   * How fast response bodies may arrive, shared by every request given the same one (a run's
   * `bandwidth:`). Its waits come before reads and are added to `timeouts.total`. @default none
   */
  bandwidth?: Bandwidth;
  /**
   * Says why a redirect may not go to a URL, or undefined when it may: a refused one ends the
   * request with HttpError `REDIRECT_REFUSED` before anything is sent there. It answers at once: any
   * other answer (an `async` gate's promise, `null`) ends the request with a TypeError.
   * @default every URL
   */
  redirectGate?: (url: URL) => string | undefined;
}

/** `RequestOptions` with every default filled in. */
export type ResolvedRequestOptions = FetchSettings & {
  caCerts: string[];
  onAttempt: () => void;
  cookies?: CookieJar;
  bandwidth?: Bandwidth;
  redirectGate?: (url: URL) => string | undefined;
};

/** Default request options. */
export const DEFAULT_REQUEST_OPTIONS: Readonly<ResolvedRequestOptions> = Object.freeze({
  timeouts: Object.freeze({
    connectMs: DEFAULT_CONNECT_TIMEOUT_MS,
    tlsMs: DEFAULT_TLS_TIMEOUT_MS,
    headersMs: 30_000,
    idleMs: 30_000,
    totalMs: 300_000,
  }),
  maxRedirects: 10,
  allowDowngrade: false,
  maxBodyBytes: 1024 ** 3,
  maxDecodeRatio: 1000,
  maxHeaderBytes: 65_536,
  maxHeaderCount: 256,
  decompress: true,
  pipeline: 1,
  nameLimit: nameRequestOption,
  caCerts: [],
  insecure: false,
  onAttempt: () => {},
});

/** Options made by {@linkcode frozenRequestOptions}: complete and unchangeable, used as they are. */
const frozenOptions = new WeakSet<object>();

/**
 * Fills in defaults once, for options that many requests share (a task's thousands of fetches): the
 * result is frozen, and the client uses it as it is instead of resolving it again per request.
 *
 * @param options The options; `onAttempt` is left out (count sends with `request`'s counter).
 * @returns Complete, frozen options.
 */
export function frozenRequestOptions(
  options: RequestOptions = {},
): Readonly<ResolvedRequestOptions> {
  const resolved = resolveRequestOptions(options);
  resolved.onAttempt = DEFAULT_REQUEST_OPTIONS.onAttempt;
  Object.freeze(resolved.caCerts);
  frozenOptions.add(Object.freeze(resolved));
  return resolved;
}

/**
 * Fills in defaults; options from {@linkcode frozenRequestOptions} are returned as they are.
 *
 * @param options The options given.
 * @returns Every option set.
 */
export function resolveRequestOptions(options: RequestOptions = {}): ResolvedRequestOptions {
  if (frozenOptions.has(options)) return options as ResolvedRequestOptions;
  const resolved = { ...DEFAULT_REQUEST_OPTIONS } as ResolvedRequestOptions;
  const given = options as Record<string, unknown>;
  // for-in rather than Object.entries: no array of pairs per request.
  for (const key in given) {
    const value = given[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  // Timeouts given in part keep the defaults of the others.
  if (options.timeouts !== undefined) {
    resolved.timeouts = { ...DEFAULT_REQUEST_OPTIONS.timeouts, ...definedOf(options.timeouts) };
  }
  // A head within a far larger limit would outgrow what the runtime holds in one string.
  if (resolved.maxHeaderBytes > MAX_HEAD_BYTES_CEILING) {
    const given = String(resolved.maxHeaderBytes);
    throw new RangeError(
      "Cannot send a request with maxHeaderBytes: " +
        pastSizeCeiling(MAX_HEAD_BYTES_CEILING, HEAD_CEILING_WHY, given),
    );
  }
  return resolved;
}

function definedOf(timeouts: Partial<Timeouts>): Partial<Timeouts> {
  const defined: Partial<Timeouts> = {};
  for (const key in timeouts) {
    const value = timeouts[key as keyof Timeouts];
    if (value !== undefined) defined[key as keyof Timeouts] = value;
  }
  return defined;
}

/** Methods safe to repeat after a failure that may have reached the server. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "PUT",
  "DELETE",
  "OPTIONS",
  "TRACE",
]);
