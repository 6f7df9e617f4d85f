/**
 * One attempt: send a request on a pooled connection and read the response head. The body is left
 * to the caller as a `ResponseBody` that gives the connection back when it ends.
 * @module
 */
import { waitForBandwidth } from "./bandwidth.ts";
import {
  call,
  codeOf,
  currentLoop,
  type Effect,
  immediately,
  type Loop,
  type Operation,
} from "../loop/mod.ts";
import {
  NetError,
  proxyAuthProblem,
  type ProxyEndpoint,
  ProxyError,
  proxyLabel,
} from "../net/mod.ts";
import { ResponseBody } from "./body.ts";
import { ownCodingOf } from "./coded_file.ts";
import { bodyCodings, type BodyDecoder, contentCodings, openBodyDecoder } from "./decoder.ts";
import { HttpError, locatedError, lowerFirst } from "./errors.ts";
import { type BodyFraming, bodyFraming, isKeepAlive, keepAliveTimeoutMs } from "./framing.ts";
import {
  type ConnectionPool,
  explainClientClose,
  type OriginSettings,
  plainHttpProxy,
  type PooledConnection,
} from "./pool.ts";
import type { PreparedBody, PreparedRequest } from "./prepare_request.ts";
import { proxiedHead } from "./proxy_request.ts";
import { IDEMPOTENT_METHODS, type ResolvedRequestOptions } from "./request.ts";
import type { RequestProgress } from "./client.ts";
import { mayHaveAnswered, readEarlyAnswer, readHead } from "./read_head.ts";
import type { ResponseHead } from "./response_head.ts";
import { Watchdog } from "./watchdog.ts";

/** What one attempt produced. */
export interface AttemptResult {
  head: ResponseHead;
  body: ResponseBody;
  reused: boolean;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
  /**
   * Of `timeout.total`, what the request has used when its head came (earlier hops of its redirects
   * included): the next hop's `spentMs`.
   */
  usedMs: number;
}

/**
 * A request went unanswered on a shared connection: a pooled one the server had closed while idle,
 * or a pipelined one that closed before this request's turn, or where what came for it was not HTTP
 * (left over from the response before). It may go again on a new connection.
 */
export class StaleConnectionError extends Error {
  /** Stable code. */
  readonly code = "STALE_CONNECTION";
  /**
   * @param options The close that showed it, as `cause`.
   * @param what What could not be done.
   * @param unsent The close was seen before the request was written: it never reached the server,
   *   so any method may go again.
   */
  constructor(
    options?: ErrorOptions,
    what = "reuse a pooled connection: the server closed it",
    readonly unsent = false,
  ) {
    super(`Cannot ${what}`, options);
    this.name = "StaleConnectionError";
  }
}

/**
 * Why a request waiting for a turn on a pipelined connection got none: its own deadline passed, or
 * the line broke before answering it (then it may go again on a new connection).
 */
function notSent(watchdog: Watchdog, url: string): Error {
  if (watchdog.expired) {
    return new HttpError(watchdog.expired, `Cannot fetch ${url}: ${watchdog.describeExpiry()}`, {
      url,
    });
  }
  return new StaleConnectionError(
    undefined,
    "use a pipelined connection: it closed before answering this request",
  );
}

/** Bodies are written in pieces of this size, each a sign of progress to the watchdog. */
const SEND_CHUNK_BYTES = 64 * 1024;

/**
 * Sends `request` and reads the response head (skipping 1xx interim responses).
 *
 * @param pool Where connections come from.
 * @param settings The origin's connection settings.
 * @param request The prepared request.
 * @param options Limits.
 * @param fresh Do not reuse a pooled connection.
 * @param progress Its `writeTurn`, when given, is waited for once the connection is open, before
 *   the request is written (and before its deadlines start: a wait for a turn is not the server's);
 *   its `began`, when given, is told as each phase begins.
 * @returns The head, and the body to read.
 * @throws StaleConnectionError when a reused connection turned out closed; HttpError / NetError.
 */
export function* attempt(
  pool: ConnectionPool,
  settings: OriginSettings,
  request: PreparedRequest,
  options: ResolvedRequestOptions,
  fresh: boolean,
  progress?: RequestProgress,
): Generator<Effect, AttemptResult> {
  // Over the run's bandwidth, nothing more is asked for until what came is paid for (before the
  // attempt's deadlines start, and holding no connection).
  if (options.bandwidth !== undefined) yield* waitForBandwidth(options.bandwidth, 0);
  // What is not waited for is done in plain functions: a generator's frame holds every register of
  // its code, and one is allocated per attempt.
  let pooled: PooledConnection;
  try {
    pooled = yield* pool.acquire(settings, fresh, progress?.began);
  } catch (error) {
    // After a redirect, "Cannot connect to x.org:443" alone would not say which URL: the fetch's
    // own (which every other message names) is not the one.
    throw progress?.redirected ? locatedError(error, "fetch", request.url.href) : error;
  }
  if (progress?.writeTurn !== undefined) yield* writeTurnOn(pool, pooled, request, progress);
  // Under a bandwidth limit no read takes more than its share, the head's included.
  pooled.reader.maxReadBytes = options.bandwidth?.readQuantum ?? Infinity;
  const line = pooled.line;
  // Behind other requests on its connection, as a reused connection's first request is.
  const shared = pooled.uses > 0 || (line !== undefined && line.inFlight > 1);
  const spentMs = settings.spentMs ?? 0;
  const watchdog = watchdogFor(pool, pooled, request, options, yield* currentLoop(), spentMs);
  /** Bytes of the connection read before this response's first, once its turn to read came. */
  let readBefore: number | undefined;
  const sentAtMs = performance.now(); // real time, even when the loop's clock is virtual
  progress?.began?.("head");
  let handedOver = false;
  /** A write of the request is under way: stopped now, the connection holds half a request. */
  let sending = false;
  /** Its turn to read, while it waits behind the responses before it on a pipelined connection. */
  let turn: number | undefined;
  /** This request reads from the connection now. */
  let reading = line === undefined;
  try {
    // Waiting for a turn, only the total limit counts: ended, the wait returns false.
    if (line) {
      watchdog.waitInLine(line);
      if (!(yield* line.sendTurn(watchdog))) throw notSent(watchdog, request.url.href);
    }
    // A request the server may act on goes out on a connection idle a while only once a close
    // already on its way has been seen (its keep-alive timeout): sent into that close, it could
    // not go again, while one found closed now was never sent.
    if (
      shared && line === undefined && !IDEMPOTENT_METHODS.has(request.method) &&
      !(yield* pool.lookForClose(pooled))
    ) {
      throw new StaleConnectionError(undefined, undefined, true);
    }
    // A slow reader taking a large body is progress, not a missing response: while sending, only
    // a stall counts, and the wait for the head starts once the request is out.
    watchdog.sendRequest(options.timeouts.idleMs);
    sending = true;
    let unsent: NetError | undefined;
    try {
      const head = headToSend(settings, request);
      // A request without a body is one write: no generators of `send` and `writeOut` for it.
      if (request.body === undefined) {
        yield* pooled.connection.write(head);
        watchdog.touch();
      } else yield* send(pooled, request.body, head, watchdog);
    } catch (error) {
      if (!mayHaveAnswered(error, pooled, watchdog) || line) throw error;
      unsent = error;
    }
    sending = false;
    if (line) {
      // The responses before this one are read by their own requests, under their own watchdogs.
      watchdog.waitInLine(line);
      turn = line.sent();
      if (!(yield* line.readTurn(turn, watchdog))) throw notSent(watchdog, request.url.href);
      reading = true;
    }
    // Its turn to read (the body's too): the pool's close() stops these deadlines.
    pooled.readerDeadlines = watchdog;
    readBefore = pooled.reader.totalBytesRead - pooled.reader.available;
    let head: ResponseHead;
    if (unsent) head = yield* readEarlyAnswer(pooled, options, request.url.href, unsent, watchdog);
    else {
      watchdog.waitForHead(options.timeouts.headersMs);
      head = yield* readHead(pooled, options, request.url.href);
    }
    const framing = framingOf(settings, request, options, head);
    const content = options.decompress
      ? contentCodingsToUndo(request, head, framing, progress)
      : null;
    const decoder = yield* decoderOf(content, framing);
    const keepAlive = !unsent && isKeepAlive(head.version, request.headers, head.headers);
    if (keepAlive) pooled.serverIdleMs = keepAliveTimeoutMs(head.headers);
    const body = bodyOf(
      pool,
      pooled,
      watchdog,
      request,
      proxyLabelOf(plainHttpProxy(settings)),
      options,
      framing,
      decoder,
      content,
      keepAlive,
    );
    handedOver = true;
    return {
      head,
      body,
      reused: shared,
      connectMs: pooled.timings.connectMs,
      tlsMs: pooled.timings.tlsMs,
      // The head came in the read that last resumed this task, after the write above suspended it.
      firstByteMs: watchdog.now() - sentAtMs,
      usedMs: watchdog.usedMs(),
    };
  } catch (error) {
    const failure = failureOf(error, settings, pooled, request, shared, watchdog, readBefore);
    // Its turn in line came, after an answer of the line, and the connection had ended (a server that
    // closes after k answers without saying so, as tinyproxy does after one): lines to the origin
    // carry no more than k. Without a line, the pool learns it from connections closed as they idled.
    if (failure instanceof StaleConnectionError) {
      if (line === undefined) pool.closedWhileIdle(pooled);
      else if (reading && line.answeredHere) pool.carriedAtMost(pooled);
    }
    throw failure;
  } finally {
    if (!handedOver) {
      watchdog.stop();
      // Waiting in line, it leaves the requests before it unharmed (see `Pipeline.abandon`).
      if (reading || sending) pool.release(pooled, false);
      else pool.leaveLine(pooled, watchdog, turn);
    }
  }
}

/**
 * Waits for the caller's turn to write the request on `pooled`, open: the connection goes back to
 * the pool unused when the wait fails or is cancelled.
 */
function* writeTurnOn(
  pool: ConnectionPool,
  pooled: PooledConnection,
  request: PreparedRequest,
  progress: RequestProgress,
): Generator<Effect, void> {
  let waited = false;
  try {
    yield* progress.writeTurn!(request.url);
    waited = true;
  } finally {
    if (!waited) {
      if (pooled.line) pool.leaveLine(pooled, request);
      else pool.release(pooled, true);
    }
  }
}

/**
 * The deadlines of an attempt on `pooled`. Opening the connection was part of the attempt: its
 * time counts against the total, as the settings' `spentMs` does (the hops before it of a
 * redirected request: `timeout.total` covers the chain, as curl's `--max-time` does).
 *
 * @throws HttpError "TIMEOUT_TOTAL" (unsent) when opening took all of it; the connection, unused,
 *   goes back to the pool.
 */
function watchdogFor(
  pool: ConnectionPool,
  pooled: PooledConnection,
  request: PreparedRequest,
  options: ResolvedRequestOptions,
  loop: Loop,
  spentMs: number,
): Watchdog {
  const openingMs = pooled.timings.connectMs + pooled.timings.tlsMs;
  const totalMs = options.timeouts.totalMs;
  if (spentMs + openingMs < totalMs) {
    return new Watchdog(loop, pooled.connection, totalMs, spentMs + openingMs, options.nameLimit);
  }
  // Sent now, a request would reach the server after its caller gave up on it (a POST acted on
  // for nothing).
  if (pooled.line) pool.leaveLine(pooled, request);
  else pool.release(pooled, true);
  const url = request.url.href;
  throw new HttpError(
    "TIMEOUT_TOTAL",
    `Cannot fetch ${url}: ${spentMs > 0 ? "the redirects before it and " : ""}opening the ` +
      `connection took all of ${options.nameLimit("total", totalMs)}; the request was not sent`,
    { url, unsent: true },
  );
}

/** The request's head as sent: plain http through a proxy in absolute form, to the proxy. */
function headToSend(settings: OriginSettings, request: PreparedRequest): Uint8Array {
  // In a CONNECT tunnel, as direct.
  const proxy = plainHttpProxy(settings);
  return proxy ? proxiedHead(request, proxy) : request.head;
}

/**
 * How the body of the response `head` is framed. A success whose Content-Length passes
 * `maxBodyBytes` is refused before its body is read; any other status is the caller's to judge (a
 * redirect is followed, a 503 retried) with its body most often unread, and a body that is read is
 * bounded as it comes.
 *
 * @throws ProxyError "PROXY_AUTH_REQUIRED" on a plain proxy's 407; HttpError "BODY_TOO_LARGE".
 */
function framingOf(
  settings: OriginSettings,
  request: PreparedRequest,
  options: ResolvedRequestOptions,
  head: ResponseHead,
): BodyFraming {
  if (head.status === 407 && !settings.secure && settings.proxy) {
    throw proxyFailure(
      "PROXY_AUTH_REQUIRED",
      settings.proxy,
      request.url,
      `it answered 407 Proxy Authentication Required: ${proxyAuthProblem(settings.proxy)}`,
      { status: 407 },
    );
  }
  const framing = bodyFraming(request.method, head.status, head.headers);
  if (
    framing.kind === "length" && framing.length > options.maxBodyBytes && head.status < 300
  ) {
    const url = request.url.href;
    throw new HttpError(
      "BODY_TOO_LARGE",
      `Cannot fetch ${url}: Content-Length ${framing.length} exceeds ` +
        options.nameLimit("bodySize", options.maxBodyBytes),
      // The head came: the fetch's line records its status, as it would a body cut off later.
      { url, status: head.status },
    );
  }
  return framing;
}

/** The decoder of a body with nothing to undo: one operation for all of them. */
const NO_DECODER = immediately(null);

/**
 * The decoder of the response body, if it has codings to undo. Transfer codings are undone even
 * with `content` null (`decompress: false`): they are not part of the content.
 */
function decoderOf(
  content: ContentUndo | null,
  framing: BodyFraming,
): Operation<BodyDecoder | null> {
  const codings = bodyCodings(content?.codings ?? null, framing);
  if (codings === null) return NO_DECODER;
  const own = content?.ownMagic === undefined
    ? undefined
    : { magic: content.ownMagic, checkEnd: framing.kind === "close" };
  return openBodyDecoder(codings, own);
}

/** The content codings of a response to undo. */
interface ContentUndo {
  /** In decoding order. */
  codings: string[];
  /**
   * The last of `codings` is the saved file's own: undone only when, decoded once, the body begins
   * with these bytes still (`KeptLayerDecoder`); null: kept always, only decoded to see the end of
   * a body that the close of the connection ends.
   */
  ownMagic?: Uint8Array | null;
}

/**
 * The content codings of the response to undo, in decoding order, or null for none: all its
 * Content-Encoding's but the first applied when the body is saved as a file of that coding (the name
 * the caller saves it as ends in `.gz` under `gzip`), as browsers decide by the name they save under,
 * unless the server applied it to a file that had it already (`ownCodingOf`). A body that is not
 * saved is decoded: its reader wants the content (`data.json.gz` read as JSON).
 */
function contentCodingsToUndo(
  request: PreparedRequest,
  head: ResponseHead,
  framing: BodyFraming,
  progress: RequestProgress | undefined,
): ContentUndo | null {
  const codings = contentCodings(head.headers.get("content-encoding"));
  if (codings === null) return null;
  const first = codings[codings.length - 1];
  const own = ownCodingOf(first, progress?.saveNameOf?.(request.url, head.headers));
  if (own === "decoded") return { codings };
  if (own !== "kept") return { codings, ownMagic: own };
  // Only its own stream tells a cut body from a whole one that the close ends.
  if (framing.kind === "close") return { codings, ownMagic: null };
  codings.pop();
  return codings.length === 0 ? null : { codings };
}

/** The content codings undone for certain, as the Content-Encoding lists them; undefined for none. */
function decodedFromOf(content: ContentUndo | null): string | undefined {
  if (content === null) return undefined;
  const { codings, ownMagic } = content;
  const undone = ownMagic === undefined ? codings : codings.slice(0, -1);
  return undone.length === 0 ? undefined : undone.toReversed().join(", ");
}

/**
 * The response body, its deadlines started: idle time while a read is pending. `proxy` is the one
 * a plain-http body comes through, for its failures' messages.
 */
function bodyOf(
  pool: ConnectionPool,
  pooled: PooledConnection,
  watchdog: Watchdog,
  request: PreparedRequest,
  proxy: string | undefined,
  options: ResolvedRequestOptions,
  framing: BodyFraming,
  decoder: BodyDecoder | null,
  content: ContentUndo | null,
  keepAlive: boolean,
): ResponseBody {
  watchdog.readBody(options.timeouts.idleMs);
  return new ResponseBody(pooled, watchdog, {
    framing,
    decoder,
    // In its header's order, as the server listed them; a file's own coding once known undone.
    decodedFrom: decodedFromOf(content),
    keptLayer: decoder?.keptLayer,
    keepAlive,
    maxBodyBytes: options.maxBodyBytes,
    maxHeaderBytes: options.maxHeaderBytes,
    maxHeaderCount: options.maxHeaderCount,
    maxDecodeRatio: options.maxDecodeRatio,
    nameLimit: options.nameLimit,
    url: request.url.href,
    proxy,
    bandwidth: options.bandwidth,
    largeReadBuffers: pool.largeReadBuffers,
  }, pool);
}

/** The error an attempt that threw `error` fails with. */
function failureOf(
  error: unknown,
  settings: OriginSettings,
  pooled: PooledConnection,
  request: PreparedRequest,
  shared: boolean,
  watchdog: Watchdog,
  readBefore: number | undefined,
): unknown {
  const url = request.url.href;
  // A plain-http request through a proxy is answered by the proxy: a head that is not HTTP at all
  // is the proxy's doing (an origin's would have come back as the proxy's 502), and the message
  // must say so, as a CONNECT refusal does. The parser's error names no URL; a 101 names its own.
  const proxy = plainHttpProxy(settings);
  if (
    proxy && error instanceof HttpError && error.code === "BAD_STATUS_LINE" &&
    error.url === undefined
  ) {
    const why = `the proxy's answer is not HTTP (${lowerFirst(error.message)})`;
    return proxyFailure("PROXY_REFUSED", proxy, request.url, why, { cause: error });
  }
  const nothingReceived = readBefore === undefined || pooled.reader.totalBytesRead === readBefore;
  const closed = explainClientClose(pooled, error, `fetch ${url}`, url);
  return explain(closed, shared, watchdog, url, nothingReceived, proxyLabelOf(proxy));
}

/** Sends the head and the body of a request that has one. */
function* send(
  pooled: PooledConnection,
  body: PreparedBody,
  head: Uint8Array,
  watchdog: Watchdog,
): Generator<Effect, void> {
  if (body.kind === "bytes" && body.length <= SEND_CHUNK_BYTES) {
    const whole = new Uint8Array(head.byteLength + body.length);
    whole.set(head);
    whole.set(body.bytes.subarray(0, body.length), head.byteLength);
    return yield* writeOut(pooled, watchdog, whole);
  }
  yield* writeOut(pooled, watchdog, head);
  if (body.kind === "bytes") {
    for (let at = 0; at < body.length; at += SEND_CHUNK_BYTES) {
      const chunk = body.bytes.subarray(at, Math.min(at + SEND_CHUNK_BYTES, body.length));
      yield* writeOut(pooled, watchdog, chunk);
    }
    return;
  }
  yield* sendFile(body, (bytes) => writeOut(pooled, watchdog, bytes));
}

/** Writes all of `bytes`; each write done is progress for the watchdog. */
function* writeOut(
  pooled: PooledConnection,
  watchdog: Watchdog,
  bytes: Uint8Array,
): Generator<Effect, void> {
  yield* pooled.connection.write(bytes);
  watchdog.touch();
}

/**
 * Sends exactly the file length announced in Content-Length: a file that grew is cut there, and one
 * that shrank fails the request (its connection is then closed, the message being incomplete).
 */
function* sendFile(
  body: PreparedBody & { kind: "file" },
  write: (bytes: Uint8Array) => Generator<Effect, void>,
): Generator<Effect, void> {
  if (body.length === 0) return;
  const file = yield* call(
    () => Deno.open(body.path, { read: true }),
    `open ${body.path}`,
    (opened) => opened.close(), // cancelled while opening
  );
  try {
    const chunk = new Uint8Array(Math.min(SEND_CHUNK_BYTES, body.length));
    for (let sent = 0; sent < body.length;) {
      const wanted = chunk.subarray(0, Math.min(chunk.length, body.length - sent));
      const count = yield* call(() => file.read(wanted), `read ${body.path}`);
      if (count === null) {
        throw new Error(
          `Cannot send the body file "${body.path}": it shrank from ${body.length} to ${sent} bytes while sending`,
        );
      }
      yield* write(chunk.subarray(0, count));
      sent += count;
    }
  } finally {
    file.close();
  }
}

/**
 * The error of a proxy that answered a plain-http request (absolute form) in a way no origin
 * would: a 407 (an origin server has no business sending it), or an answer that is not HTTP. It
 * names the proxy without its credentials.
 */
function proxyFailure(
  code: "PROXY_AUTH_REQUIRED" | "PROXY_REFUSED",
  proxy: ProxyEndpoint,
  url: URL,
  why: string,
  details: { status?: number; cause?: unknown },
): ProxyError {
  const target = `${url.hostname}:${url.port || "80"}`;
  return new ProxyError(
    code,
    `Cannot fetch ${url.href} through proxy ${proxyLabel(proxy)}: ${why}`,
    { proxy: proxy.display, target, status: details.status },
    details.cause === undefined ? undefined : { cause: details.cause },
  );
}

/**
 * The error of an attempt that failed after its connection was had: a deadline that expired, a
 * stale pooled connection (to send again), or the error named with its URL, and with the proxy a
 * plain-http request went through (`proxy`), which is all that request reached.
 */
function explain(
  error: unknown,
  shared: boolean,
  watchdog: Watchdog,
  url: string,
  nothingReceived: boolean,
  proxy: string | undefined,
): unknown {
  if (watchdog.expired && (error instanceof NetError || isCode(error, "EARLY_EOF"))) {
    const expired = new HttpError(watchdog.expired, watchdog.describeExpiry(), { cause: error });
    return locatedError(expired, "fetch", url, proxy);
  }
  // Stale only if this attempt got no byte at all: a server that answered (even just
  // "100 Continue") and then closed has seen the request.
  const closed = error instanceof NetError || isCode(error, "EARLY_EOF");
  if (shared && closed && nothingReceived) return new StaleConnectionError({ cause: error });
  // After an earlier response on the connection, a head that is no HTTP at all is most likely what
  // that response left over (a body longer than its Content-Length), not this request's answer.
  if (shared && isCode(error, "BAD_STATUS_LINE")) {
    return new StaleConnectionError(
      { cause: error },
      "read a response on a shared connection: what came first was not HTTP",
    );
  }
  // A head or framing error names no URL: a task fetching many URLs must say which one failed.
  return locatedError(error, "fetch", url, proxy);
}

function isCode(error: unknown, code: string): boolean {
  return codeOf(error) === code;
}

/** A plain-http request's proxy as messages name it, if it had one. */
function proxyLabelOf(proxy: ProxyEndpoint | undefined): string | undefined {
  return proxy === undefined ? undefined : proxyLabel(proxy);
}
