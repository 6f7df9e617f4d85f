/**
 * The HTTP/1.1 client: one exchange (`exchange.ts`) on a keep-alive pool (`pool.ts`), following
 * redirects. It never waits to try again: the frontier decides retries, for every fetch alike.
 * @module
 */
import {
  currentLoop,
  describeGiven,
  type Effect,
  isPromiseLike,
  type Operation,
} from "../loop/mod.ts";
import {
  connectHostOf,
  connectPortOf,
  hasOriginPrefix,
  type ProxyEnvironment,
  proxyLabel,
} from "../net/mod.ts";
import { type CookieJar, withJarCookies } from "./cookie_jar.ts";
import { attempt, type AttemptResult, StaleConnectionError } from "./exchange.ts";
import { HttpError, locatedError } from "./errors.ts";
import type { HeaderList } from "./headers.ts";
import { ConnectionPool, DEFAULT_PER_HOST, type OriginSettings, plainHttpProxy } from "./pool.ts";
import {
  parseHttpUrl,
  type PreparedRequest,
  type PrepareOptions,
  prepareRequest,
} from "./prepare_request.ts";
import { ProxyRouter } from "./proxy_route.ts";
import { isRedirectStatus, nextRedirect } from "./redirect.ts";
import {
  type HttpRequest,
  IDEMPOTENT_METHODS,
  type RequestOptions,
  type ResolvedRequestOptions,
  resolveRequestOptions,
} from "./request.ts";
import type { HttpResponse } from "./response.ts";
import { VERSION } from "./version.ts";

/** The User-Agent sent unless a request sets its own: `corun/<version>` (`corun/0.1.0`). */
export const DEFAULT_USER_AGENT = `corun/${VERSION}`;

/** Options for {@linkcode HttpClient}. */
export interface HttpClientOptions {
  /** Open connections per origin. @default DEFAULT_PER_HOST (6) */
  perHost?: number;
  /** User-Agent header. @default DEFAULT_USER_AGENT (`corun/<version>`) */
  userAgent?: string;
  /**
   * The proxy variables to honour (`http_proxy`, `HTTPS_PROXY`, `NO_PROXY`, ...) when a request's
   * options give no `proxy`. @default the process's, read once at the first request that needs them
   */
  proxyEnvironment?: ProxyEnvironment;
  /**
   * A request that finds all `perHost` requests to its origin taken waits at most its
   * `timeouts.total` for one to end, then fails unsent with `TIMEOUT_TOTAL`. For a caller that
   * queues requests itself (corun's runs: its frontier), where only responses left unread hold
   * the places, so that waiting longer could wait for good. @default false: it waits its turn
   */
  boundedConnectionWait?: boolean;
  /**
   * Connections that may read a large body (past its first 4 MiB) through a 1 MiB buffer at once,
   * 1 or more; the others keep their 256 KiB one. @default 4 (see `DEFAULT_LARGE_READ_BUFFERS`)
   */
  largeReadBuffers?: number;
  /**
   * Idle keep-alive connections kept over all origins, 1 or more: past it, the one idle longest is
   * closed. @default DEFAULT_MAX_IDLE_CONNECTIONS, or `perHost` when that is more
   */
  maxIdleConnections?: number;
}

/**
 * What one request counts as it goes, what it waits for between its redirects, and what its caller
 * saves its body as.
 */
export interface RequestProgress {
  /** Sends so far, a resend on a fresh connection included (also when the request fails). */
  count: number;
  /**
   * The redirects the request under way has followed, and the URL the last one led to; undefined
   * until it follows one (the client sets it). Where a request that fails after a redirect stopped
   * (a redirect refused there, a timeout or a connect failure of that hop), which no response tells.
   */
  redirected?: FollowedRedirects;
  /** The wait before a redirect's request is sent (its origin's politeness: `Frontier.turnAt`). */
  redirectTurn?(url: URL): Operation<void>;
  /**
   * The wait right before each request is written to `url`, its connection open: the first, each
   * redirect's, and a resend's on a fresh connection. Where the caller's pacing (corun's frontier,
   * `Frontier.sending`) has the start it decided hold, so that opening a connection comes before
   * that start, not between it and the request.
   */
  writeTurn?(url: URL): Operation<void>;
  /**
   * The name the caller saves the body of the response to `url` with these headers as, if it saves
   * one (a path will do: its last segment counts). A body whose Content-Encoding is that file's own
   * compression (`.tar.gz` under `gzip`) is then kept as sent, unless the server compressed the
   * file again (see `coded_file.ts`). Asked only of responses with a Content-Encoding corun would
   * undo; it must not throw.
   */
  saveNameOf?(url: URL, headers: HeaderList): string | undefined;
  /**
   * The name the caller saves the body as, as far as it is known before the response: a path, or
   * a template whose last extension is written out (`{1}.tar.gz`). When it, or a request's URL,
   * names a compressed file, the request asks for no content coding (`Accept-Encoding: identity`),
   * which a server would only apply again (see `coded_file.ts`).
   */
  readonly saveNameAhead?: string;
  /**
   * The caller keeps a body that breaks off to continue it in a later run (`resume: true`): the
   * request asks for no content coding (`Accept-Encoding: identity`, as wget and curl send), since
   * a range counts coded bytes and a body decoded as it came could only start over.
   */
  readonly keepsPartial?: boolean;
  /**
   * The caller hands the body over unread to code that may send more requests before it reads it
   * (a callback, a streamed response): the request is never pipelined, so no request waits in line
   * behind a body that only its own later request would have read.
   */
  readonly handsBodyOver?: boolean;
  /**
   * Told as each phase of an exchange begins, for a trace of the request (set it only then): its
   * connection's `connect` and `tls` when it opens one, and `head` as the request goes out to wait
   * for the response head. An exchange that fails is then known to have reached its phases.
   */
  began?: (phase: RequestPhase) => void;
}

/** Where a request's redirects led: the URL requested last, and how many redirects led there. */
export interface FollowedRedirects {
  /** The URL the last redirect followed led to. */
  readonly url: string;
  /** Redirects followed, 1 or more. */
  readonly count: number;
}

/**
 * A phase of an exchange, as `RequestProgress.began` is told of it: opening a connection (`connect`,
 * then `tls`), then the wait for the response head once the request is sent (`head`).
 */
export type RequestPhase = "connect" | "tls" | "head";

/**
 * Sends HTTP/1.1 requests over corun's own connections. One client per run; `close()` it at the end.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpClient, runOperation } from "@corun/corun";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("hi"));
 * const client = new HttpClient();
 * const text = await runOperation(function* () {
 *   const response = yield* client.request({ url: `http://127.0.0.1:${server.addr.port}/` });
 *   return yield* response.body.text();
 * }());
 * client.close();
 * await server.shutdown();
 * assertEquals(text, "hi");
 * ```
 */
export class HttpClient {
  /** Keep-alive connections of this client. */
  readonly #pool: ConnectionPool;
  /** What requests are prepared with, by their `decompress`: made once, not once per request. */
  readonly #prepareOptions: { plain: PrepareOptions; decompress: PrepareOptions };
  /** The proxy of each hop; the environment's proxy variables are read once, by it. */
  readonly #proxies: ProxyRouter;
  /** The last hop's origin settings, with what they were made from (see `#settingsFor`). */
  #lastSettings:
    | {
      origin: string;
      options: ResolvedRequestOptions;
      pipelines: boolean;
      settings: OriginSettings;
    }
    | undefined;

  /**
   * A client with no connections yet; they open as requests need them.
   *
   * @param options Pool size, User-Agent, proxy variables.
   * @throws {RangeError} When `largeReadBuffers` is not a whole number of 1 or more.
   */
  constructor(options: HttpClientOptions = {}) {
    this.#pool = new ConnectionPool({
      perOrigin: options.perHost ?? DEFAULT_PER_HOST,
      boundedWait: options.boundedConnectionWait ?? false,
      largeReadBuffers: options.largeReadBuffers,
      maxIdleConnections: options.maxIdleConnections,
    });
    const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#prepareOptions = {
      plain: { userAgent, decompress: false },
      decompress: { userAgent, decompress: true },
    };
    this.#proxies = new ProxyRouter(options.proxyEnvironment);
  }

  /**
   * Sends a request, following redirects, and returns once the final response head has arrived.
   * Read `response.body` to the end or close it. A pooled connection that turns out closed is
   * replaced at once (a repeatable request goes again on a new one); any other failure is thrown.
   *
   * @param request URL, method, headers, body.
   * @param options Limits and policies; defaults in `DEFAULT_REQUEST_OPTIONS`.
   * @param sends Counts each send, a resend on a fresh connection included (also when the request
   *   fails): options shared by many requests need no callback of their own per request. Its
   *   `redirectTurn`, when given, is waited for before each redirect's request, and its `writeTurn`
   *   before each request is written (a redirect's and a resend's included).
   * @returns The final response.
   * @throws HttpError ("CLIENT_CLOSED" after `close()`), NetError, ProxyError (a proxy that cannot
   *   be used: never a direct connection then), TypeError (bad URL or header, or a proxy setting
   *   that is not an http:// URL).
   */
  *request(
    request: HttpRequest,
    options: RequestOptions = {},
    sends: RequestProgress = { count: 0 },
  ): Generator<Effect, HttpResponse> {
    const resolved = resolveRequestOptions(options);
    const loop = yield* currentLoop();
    const clock = loop.clock;
    // The loop's reading of this turn: no clock call of its own.
    const startedAtMs = loop.now();
    const jar = resolved.cookies;
    let current = this.#prepare(
      jar ? withCookiesOf(jar, request, clock.wallNow()) : request,
      resolved,
      sends,
    );
    // The hop's headers as the caller gave them: the client's defaults (Accept-Encoding: identity
    // for a compressed file) and the jar's cookies are chosen again for each URL, while a Cookie
    // the caller set follows the redirect rules (dropped when the origin changes).
    let givenHeaders = request.headers ?? {};
    // The URLs requested, once a redirect is followed: a refusal at maxRedirects names a loop.
    let chain: string[] | undefined;
    const sendsBefore = sends.count;
    // A progress that served an earlier request (a resume's second one) starts at its first URL.
    sends.redirected = undefined;
    /** Of `timeout.total`, what the hops before this one used: the limit covers the chain. */
    let spentMs = 0;
    for (let redirects = 0;; redirects++) {
      const origin = this.#settingsFor(current, resolved, sends);
      // A later hop's connect, handshake and wait for a place get what the hops before left.
      const settings = spentMs > 0 ? { ...origin, spentMs } : origin;
      let result: AttemptResult;
      try {
        sends.count++;
        const told = resolved.onAttempt();
        if (told !== undefined) refuseAsyncListener(told, current.url.href);
        result = yield* attempt(this.#pool, settings, current, resolved, false, sends);
      } catch (error) {
        if (!(error instanceof StaleConnectionError)) throw error;
        result = yield* this.#resend(error, settings, current, resolved, sends);
      }
      let redirect: ReturnType<typeof nextRedirect>;
      try {
        if (jar) {
          jar.setCookies(result.head.headers.getAll("set-cookie"), current.url, clock.wallNow());
        }
        // Most responses are final: no arguments to build for nextRedirect then.
        redirect = !isRedirectStatus(result.head.status) ? null : nextRedirect(
          {
            url: current.url,
            method: current.method,
            headers: givenHeaders,
            hasBody: !!current.body,
            credentialHeaders: request.credentialHeaders,
          },
          result.head.status,
          result.head.headers.getAll("location"),
          {
            redirectsSoFar: redirects,
            maxRedirects: resolved.maxRedirects,
            allowDowngrade: resolved.allowDowngrade,
            nameLimit: resolved.nameLimit,
            chain,
          },
        );
        const refused = redirect ? resolved.redirectGate?.(redirect.url) : undefined;
        if (refused !== undefined && typeof refused !== "string") {
          refuseGateAnswer(refused, current.url.href, redirect!.url.href);
        }
        if (refused !== undefined) {
          // An empty reason still refuses, but would end the message at its colon.
          const why = refused.trim() === ""
            ? "the redirectGate refused it, giving no reason"
            : refused;
          throw new HttpError(
            "REDIRECT_REFUSED",
            `Cannot follow redirect from ${current.url.href} to ${redirect!.url.href}: ${why}`,
            { url: current.url.href },
          );
        }
      } catch (error) {
        // A redirect we refuse (too many, a downgrade, a bad Location, the gate) must still let go of the
        // connection its response came on: nobody else will ever close that body.
        result.body.close();
        // The metadata line of the fetch then says which answer was refused.
        if (error instanceof HttpError) error.status ??= result.head.status;
        throw error;
      }
      if (!redirect) {
        return {
          url: current.url.href,
          status: result.head.status,
          statusText: result.head.reason,
          version: result.head.version,
          headers: result.head.headers,
          redirects,
          attempts: sends.count - sendsBefore,
          reusedConnection: result.reused,
          timings: {
            connectMs: result.connectMs,
            tlsMs: result.tlsMs,
            firstByteMs: result.firstByteMs,
            startedAtMs,
          },
          body: result.body,
        };
      }
      result.body.close();
      spentMs = result.usedMs;
      (chain ??= [current.url.href]).push(redirect.url.href);
      sends.redirected = { url: redirect.url.href, count: redirects + 1 };
      if (sends.redirectTurn !== undefined) yield* sends.redirectTurn(redirect.url);
      const next: HttpRequest = {
        url: redirect.url,
        method: redirect.method,
        headers: redirect.headers,
        body: redirect.dropBody ? undefined : current.body,
        receivedHeaders: request.receivedHeaders,
      };
      givenHeaders = redirect.headers;
      current = this.#prepare(
        jar ? withCookiesOf(jar, next, clock.wallNow()) : next,
        resolved,
        sends,
      );
    }
  }

  /**
   * Closes every connection of this client, idle or still carrying a body (reading that body then
   * fails), and refuses later requests with HttpError "CLIENT_CLOSED". Safe to call twice.
   */
  close(): void {
    this.#pool.close();
  }

  /**
   * The proxy a plain-http request to `url` goes through under `options`, as messages name it
   * (`http://host:port`, no credentials; `(from http_proxy)` after it when a variable gave it):
   * what a status error adds, since a proxy answers such a request itself (a 401 for a wrong
   * password) as if it were the server. Asked when a fetch fails, not per response. An https
   * request's proxy only opens its tunnel, whose refusals name it already.
   *
   * @param url The URL that answered.
   * @param options The request's options (`proxy`, `originProxies`).
   * @returns The proxy, or undefined when the request went direct (or is not plain http).
   */
  plainProxyOf(url: string, options: RequestOptions = {}): string | undefined {
    const parsed = URL.parse(url);
    if (parsed?.protocol !== "http:") return undefined;
    try {
      const proxy = this.#proxies.route(parsed, options);
      return proxy && proxyLabel(proxy);
    } catch {
      return undefined; // a setting that cannot be used failed the request before any answer
    }
  }

  /**
   * The attempt that follows one whose pooled connection turned out stale: the same request at once
   * on a new connection, whose write waits for `writeTurn` again (it goes out a connect later than
   * the first, at least). (The first attempt is made in `request` itself: no generator of its own.)
   */
  *#resend(
    stale: StaleConnectionError,
    settings: OriginSettings,
    request: PreparedRequest,
    options: ResolvedRequestOptions,
    sends: RequestProgress,
  ): Generator<Effect, AttemptResult> {
    // The server may have acted on the request before closing: only a repeatable one goes again,
    // or one that was never written.
    if (!stale.unsent && !IDEMPOTENT_METHODS.has(request.method)) {
      // Named as any close before a head is: with the proxy a plain-http request went to.
      const proxy = plainHttpProxy(settings);
      throw locatedError(
        stale.cause ?? stale,
        "fetch",
        request.url.href,
        proxy && proxyLabel(proxy),
      );
    }
    sends.count++;
    const told = options.onAttempt();
    if (told !== undefined) refuseAsyncListener(told, request.url.href);
    return yield* attempt(this.#pool, settings, request, options, true, sends);
  }

  /**
   * The settings of `request`'s origin: those of the hop before when it went to the same origin
   * with the same options (a run's requests share frozen options, and mostly follow one another to
   * one origin), else new ones. Everything in them follows from the origin and the options.
   */
  #settingsFor(
    request: PreparedRequest,
    options: ResolvedRequestOptions,
    sends: RequestProgress,
  ): OriginSettings {
    const last = this.#lastSettings;
    const pipelines = pipelineRefusal(request, sends.handsBodyOver === true) === undefined;
    if (
      last !== undefined && last.options === options && last.pipelines === pipelines &&
      hasOriginPrefix(request.url.href, last.origin)
    ) {
      return last.settings;
    }
    const settings = originSettings(request, options, this.#proxies, pipelines);
    this.#lastSettings = { origin: request.url.origin, options, pipelines, settings };
    return settings;
  }

  #prepare(
    request: HttpRequest,
    options: ResolvedRequestOptions,
    sends: RequestProgress,
  ): PreparedRequest {
    const prepareOptions = this.#prepareOptions;
    return prepareRequest(
      request,
      options.decompress ? prepareOptions.decompress : prepareOptions.plain,
      sends.saveNameAhead,
      sends.keepsPartial === true,
    );
  }
}

/** The request with the jar's cookies for its URL added to its headers. */
function withCookiesOf(jar: CookieJar, request: HttpRequest, nowMs: number): HttpRequest {
  const url = typeof request.url === "string" ? parseHttpUrl(request.url) : request.url;
  const cookies = jar.cookieHeader(url, nowMs);
  return cookies === "" ? request : withJarCookies({ ...request, url }, cookies);
}

function originSettings(
  request: PreparedRequest,
  options: ResolvedRequestOptions,
  proxies: ProxyRouter,
  pipelines: boolean,
): OriginSettings {
  const url = request.url;
  const secure = url.protocol === "https:";
  return {
    proxy: proxies.route(url, options),
    hostname: connectHostOf(url),
    port: connectPortOf(url),
    secure,
    caCerts: options.caCerts,
    insecure: options.insecure,
    trustKey: trustKeyOf(options.caCerts),
    connectTimeoutMs: options.timeouts.connectMs,
    tlsTimeoutMs: options.timeouts.tlsMs,
    // The total limit bounds every phase of an attempt, opening the connection included (the
    // exchange's watchdog counts the time it took against the rest).
    totalTimeoutMs: options.timeouts.totalMs,
    nameLimit: options.nameLimit,
    pipeline: pipelines ? pipelineOf(url, options) : 1,
  };
}

/**
 * Why a request is never pipelined, whatever its `pipeline`: only one a server may see twice (GET,
 * HEAD), with nothing to stream after its head, and whose body is read before the caller may send
 * again is. The client decides by it, and `plan` shows a task's requests by it.
 *
 * @param request Its method (upper case, as sent) and body, if any.
 * @param handsBodyOver Its body goes unread to code that may send more requests first (see
 *   `RequestProgress.handsBodyOver`).
 * @returns Why not, or undefined when it may be pipelined.
 */
export function pipelineRefusal(
  request: { readonly method: string; readonly body?: unknown },
  handsBodyOver: boolean,
): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return "only GET and HEAD are pipelined";
  }
  if (request.body !== undefined) return "a request with a body is never pipelined";
  return handsBodyOver ? "onResponse gets its body unread" : undefined;
}

function pipelineOf(url: URL, options: ResolvedRequestOptions): number {
  const perOrigin = options.originPipelines;
  return (perOrigin !== undefined && Object.hasOwn(perOrigin, url.origin))
    ? perOrigin[url.origin]
    : options.pipeline;
}

/** Trust keys of the CA texts seen, so a run's one CA file is not hashed again for every request. */
const trustKeys = new Map<string, string>();

function trustKeyOf(caCerts: string[]): string {
  const text = caCerts.length === 1 ? caCerts[0] : caCerts.join("\n");
  let key = trustKeys.get(text);
  if (key === undefined) {
    key = text.length.toString(36) + ":" + hashText(text);
    if (trustKeys.size >= 64) trustKeys.clear(); // a handful per run; never let it grow unbounded
    trustKeys.set(text, key);
  }
  return key;
}

/** A short non-cryptographic fingerprint (FNV-1a) to tell trust settings apart in pool keys. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export { HttpError };

/**
 * Refuses a `redirectGate` answer that is neither a reason (text) nor `undefined`: an `async`
 * gate's promise would refuse every redirect with "[object Promise]", and its rejection, which
 * nothing handles, would end the whole process; a `null` would refuse with "null".
 *
 * @throws {TypeError} Always, naming the redirect and what the gate returned.
 */
function refuseGateAnswer(answer: unknown, from: string, to: string): never {
  throw new TypeError(
    `Cannot follow redirect from ${from} to ${to}: the redirectGate returned ` +
      `${describeGiven(answer)}, not a reason (text) or undefined`,
  );
}

/**
 * Refuses an `onAttempt` that answered with a promise (an `async` one): nothing waits for it, and
 * its rejection, which nothing handled, ended the whole process. Any other answer is ignored, as a
 * listener's is (`() => count++`).
 *
 * @throws {TypeError} For a promise, naming the URL.
 */
function refuseAsyncListener(answer: unknown, url: string): void {
  if (!isPromiseLike(answer)) return;
  Promise.resolve(answer).catch(() => {}); // the error below says it
  throw new TypeError(
    `Cannot send to ${url}: the onAttempt option returned a promise (an async function?); it is ` +
      "told as each request is sent, and must not be async",
  );
}
