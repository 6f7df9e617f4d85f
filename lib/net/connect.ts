/**
 * Opening connections as operations, with a deadline for the TCP connect and one for the TLS handshake.
 * Both are in real time, whatever clock the loop's sleeps use: a peer that never answers takes real
 * time even in a `--virtual-time` run (whose clock stands still while a socket operation is pending).
 *
 * Through a forward proxy, the TCP connect goes to the proxy; for a TLS target a `CONNECT` tunnel
 * is then asked for, and TLS to the target runs inside it. The connect deadline covers the TCP
 * connect to the proxy and the proxy's answer to `CONNECT` together (both are "reaching the
 * target"); the TLS deadline covers the handshake with the target alone. A total limit, when given,
 * caps both: the connect gets at most all of it, the handshake at most what the connect left.
 * @module
 */
import {
  afterRealTime,
  allowFlags,
  call,
  type Effect,
  messageOf,
  withOpenFileLimit,
} from "../loop/mod.ts";
import { authorityOf, dialHostOf } from "./authority.ts";
import { Connection } from "./connection.ts";
import { NetError } from "./errors.ts";
import { isUnknownHost } from "./host_lookup.ts";
import { ProxyError } from "./proxy_error.ts";
import { openTunnel } from "./proxy_tunnel.ts";
import { type ProxyEndpoint, proxyLabel } from "./proxy_url.ts";
import { explainTlsFailure } from "./tls_failure.ts";

/** The TCP connect's limit when none is set (through a proxy: with its answer to `CONNECT`). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The TLS handshake's limit when none is set. */
export const DEFAULT_TLS_TIMEOUT_MS = 10_000;

/**
 * TLS settings. Certificates are verified against Deno's root store (Mozilla's roots, built in; the
 * system's store too only when `DENO_TLS_CA_STORE` names it; `DENO_CERT`'s) plus `caCerts`.
 */
export interface TlsOptions {
  /** Extra trusted CA certificates (PEM). @default [] */
  caCerts?: string[];
  /** Skip the hostname check (the chain is still verified; Deno offers no more). @default false */
  insecure?: boolean;
}

/** Options for {@linkcode connect}. */
export interface ConnectOptions {
  /** The target's host (an IPv6 address without brackets). */
  hostname: string;
  port: number;
  /** TLS settings, or `undefined` for plain TCP. */
  tls?: TlsOptions;
  /**
   * A forward proxy to go through: a TLS target is reached through a `CONNECT` tunnel (the
   * certificate checked against `hostname`); a plain one is a connection to the proxy itself, to
   * which the caller sends absolute-form requests. @default none (direct)
   */
  proxy?: ProxyEndpoint;
  /**
   * Limit for the TCP connect (through a proxy: and its answer to `CONNECT`).
   * @default DEFAULT_CONNECT_TIMEOUT_MS (10_000)
   */
  connectTimeoutMs?: number;
  /** Limit for the TLS handshake. @default DEFAULT_TLS_TIMEOUT_MS (10_000) */
  tlsTimeoutMs?: number;
  /**
   * Limit for the connect and the TLS handshake together (the HTTP client's whole attempt, which a
   * phase's timeout message then names when it is what cut the phase short). @default none
   */
  totalTimeoutMs?: number;
  /**
   * Of `totalTimeoutMs`, what the request used before this connect (the earlier hops of its
   * redirects): the connect and the handshake get only the rest. @default 0
   */
  spentMs?: number;
  /**
   * How a timeout's message names the limit that ran out and its value, in the words of whoever
   * set it (the HTTP client passes its caller's). @default these options' own names:
   * `connectTimeoutMs (10000)`
   */
  nameLimit?: (limit: ConnectLimit, ms: number) => string;
  /**
   * Told as each phase begins (`connect`, then `tls` for a TLS target), for a trace of the request
   * that opens it: a phase a failure cut short is then known to have begun. @default none
   */
  onPhase?: (phase: ConnectPhase) => void;
}

/** A phase of opening a connection: the TCP connect (through a proxy: and its `CONNECT`), then TLS. */
export type ConnectPhase = "connect" | "tls";

/** The limits of opening a connection: the connect, the TLS handshake, and both together. */
export type ConnectLimit = "connect" | "tls" | "total";

const OPTION_OF_LIMIT: Readonly<Record<ConnectLimit, string>> = {
  connect: "connectTimeoutMs",
  tls: "tlsTimeoutMs",
  total: "totalTimeoutMs",
};

/**
 * `ConnectOptions.nameLimit` by default: the option's own name, `connectTimeoutMs (10000)`.
 *
 * @param limit Which limit ran out.
 * @param ms Its value.
 * @returns The option and its value.
 */
export function nameConnectOption(limit: ConnectLimit, ms: number): string {
  return `${OPTION_OF_LIMIT[limit]} (${ms})`;
}

/** How long each phase of opening a connection took, in milliseconds. */
export interface ConnectTimings {
  /** Name resolution plus TCP connect (through a proxy: plus its answer to `CONNECT`). */
  connectMs: number;
  /** TLS handshake (0 for plain TCP). */
  tlsMs: number;
}

/**
 * Opens a TCP connection, and a TLS session over it when `options.tls` is given; through
 * `options.proxy` when given, never directly then. Cancelling the task while it connects closes
 * whatever was opened.
 *
 * @param options Where to connect and the limits.
 * @returns The connection and how long each phase took.
 * @throws NetError "HOST_NOT_FOUND" (the name does not resolve: final, unlike a resolver that did
 *   not answer, which is "CONNECT_FAILED"), "CONNECT_FAILED" (also a TLS handshake the server
 *   closed the connection during), "TLS_FAILED", "TIMEOUT_CONNECT",
 *   "TIMEOUT_TLS" or "NOT_PERMITTED" (Deno's --allow-net does not cover the host); through a proxy,
 *   ProxyError (see its codes) instead of "HOST_NOT_FOUND" and "CONNECT_FAILED".
 */
export function* connect(
  options: ConnectOptions,
): Generator<Effect, { connection: Connection; timings: ConnectTimings }> {
  const { hostname, port, proxy } = options;
  const target = authorityOf(hostname, port);
  const address = proxy ? `${target} via proxy ${proxyLabel(proxy)}` : target;
  const startMs = performance.now();
  options.onPhase?.("connect");
  const totalMs = options.totalTimeoutMs ?? Infinity;
  const spentBeforeMs = options.spentMs ?? 0;
  const nameLimit = options.nameLimit ?? nameConnectOption;
  const connectLimit = phaseLimit(
    "connect",
    options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    totalMs,
    nameLimit,
    spentBeforeMs,
  );
  const tcp = proxy ? yield* reachThroughProxy(options, proxy, connectLimit) : yield* withDeadline(
    connectLimit,
    (signal) => openTcp(hostname, port, signal),
    "TIMEOUT_CONNECT",
    "CONNECT_FAILED",
    address,
    authorityOf(dialHostOf(hostname), port),
  );
  const connectedMs = performance.now();
  if (!options.tls) {
    return {
      connection: new Connection(tcp, address, false),
      timings: { connectMs: connectedMs - startMs, tlsMs: 0 },
    };
  }
  const tls = options.tls;
  options.onPhase?.("tls");
  let tlsConn: Deno.TlsConn;
  try {
    tlsConn = yield* withDeadline(
      phaseLimit(
        "tls",
        options.tlsTimeoutMs ?? DEFAULT_TLS_TIMEOUT_MS,
        totalMs,
        nameLimit,
        spentBeforeMs + connectedMs - startMs,
      ),
      (signal) => handshake(tcp, hostname, tls, signal),
      "TIMEOUT_TLS",
      "TLS_FAILED",
      address,
      address,
    );
  } catch (error) {
    const ended = handshakeCutShort(error);
    if (ended === undefined) throw error;
    throw proxy
      ? tunnelClosed(ended, error, proxy, target)
      : closedDuringHandshake(ended, error, address);
  }
  return {
    connection: new Connection(tlsConn, address, true),
    timings: { connectMs: connectedMs - startMs, tlsMs: performance.now() - connectedMs },
  };
}

/**
 * The TCP connection to the proxy, made a tunnel to the target by `CONNECT` when the target is TLS,
 * all within the connect deadline. Every failure names the proxy (without credentials) and the
 * target.
 */
function* reachThroughProxy(
  options: ConnectOptions,
  proxy: ProxyEndpoint,
  limit: PhaseLimit,
): Generator<Effect, Deno.TcpConn> {
  const { hostname, port } = options;
  const target = authorityOf(hostname, port);
  const tunnel = options.tls !== undefined;
  const open = async (signal: AbortSignal): Promise<Deno.TcpConn> => {
    const tcp = await openTcp(proxy.hostname, proxy.port, signal);
    if (!tunnel) return tcp;
    try {
      await openTunnel(tcp, proxy, hostname, port, signal);
      if (signal.aborted) throw signal.reason; // answered just as we gave up
    } catch (error) {
      closeQuietly(tcp);
      throw error;
    }
    return tcp;
  };
  try {
    return yield* call(
      (cancelled) => inRealTime(limit.ms, cancelled, open),
      `connect ${target} via proxy ${proxyLabel(proxy)}`,
      closeQuietly,
    );
  } catch (error) {
    throw proxyFailure(error, proxy, target, limit);
  }
}

function proxyFailure(
  error: unknown,
  proxy: ProxyEndpoint,
  target: string,
  limit: PhaseLimit,
): Error {
  const proxyAddress = authorityOf(proxy.hostname, proxy.port);
  if (error instanceof DeadlinePassed) {
    return new NetError(
      "TIMEOUT_CONNECT",
      `Cannot connect to ${target} through proxy ${proxyLabel(proxy)}: ${noAnswer(limit)}`,
      proxyAddress,
    );
  }
  if (error instanceof ProxyError) return error;
  const reason = messageOf(error);
  const what = `Cannot connect to proxy ${proxyLabel(proxy)} (for ${target})`;
  if (isRefused(error)) {
    return new NetError(
      "NOT_PERMITTED",
      `${what}: ${notPermitted(error, authorityOf(dialHostOf(proxy.hostname), proxy.port))}`,
      proxyAddress,
      {
        cause: error,
      },
    );
  }
  const details = { proxy: proxy.display, target };
  if (isUnknownHost(error)) {
    return new ProxyError(
      "PROXY_NOT_FOUND",
      `${what}: the host name ${proxy.hostname} does not resolve (${reason})`,
      details,
      { cause: error },
    );
  }
  return new ProxyError("PROXY_CONNECT_FAILED", `${what}: ${reason}`, details, { cause: error });
}

/**
 * Why a handshake ended with no answer at all: the peer closed or reset the connection (a server
 * restarting or shedding load, a proxy's tunnel ending), which says nothing about its certificate.
 * Any other TLS failure (a certificate refused, an alert) is final, and this is `undefined`.
 */
function handshakeCutShort(error: unknown): Error | undefined {
  if (!(error instanceof NetError) || error.code !== "TLS_FAILED") return undefined;
  const cause = error.cause;
  const ended = cause instanceof Deno.errors.UnexpectedEof ||
    cause instanceof Deno.errors.ConnectionReset || cause instanceof Deno.errors.BrokenPipe;
  return ended ? cause : undefined;
}

/**
 * A direct connection the server closed during the handshake: a connection not made, worth another
 * attempt as a refused connect is (nothing was sent).
 */
function closedDuringHandshake(cause: Error, error: unknown, address: string): NetError {
  return new NetError(
    "CONNECT_FAILED",
    `Cannot finish the TLS handshake with ${address}: the server closed the connection ` +
      `(${cause.message})`,
    address,
    { cause: error },
  );
}

/**
 * A tunnel that ends during the handshake: the proxy said yes to `CONNECT`, then it (or the server
 * behind it) closed. Worth another attempt, like a proxy that closed before answering.
 */
function tunnelClosed(
  cause: Error,
  error: unknown,
  proxy: ProxyEndpoint,
  target: string,
): ProxyError {
  return new ProxyError(
    "PROXY_CLOSED",
    `Cannot finish the TLS handshake with ${target} through proxy ${
      proxyLabel(proxy)
    }: the tunnel ` +
      `closed (the proxy or the server behind it ended it: ${cause.message})`,
    { proxy: proxy.display, target },
    { cause: error },
  );
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Already closed (by the abort listener of the CONNECT exchange).
  }
}

async function openTcp(hostname: string, port: number, signal: AbortSignal): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: dialHostOf(hostname), port, signal });
  if (signal.aborted) {
    conn.close(); // resolved just as we gave up: nobody else will close it
    throw signal.reason;
  }
  conn.setNoDelay(true);
  return conn;
}

async function handshake(
  tcp: Deno.TcpConn,
  hostname: string,
  tls: TlsOptions,
  signal: AbortSignal,
): Promise<Deno.TlsConn> {
  let tlsConn: Deno.TlsConn;
  try {
    tlsConn = await Deno.startTls(tcp, {
      hostname,
      caCerts: tls.caCerts,
      unsafelyDisableHostnameVerification: tls.insecure ?? false,
    });
  } catch (error) {
    tcp.close();
    throw error;
  }
  if (signal.aborted) {
    tlsConn.close(); // given up while starting TLS: the abort listener below would never fire
    throw signal.reason;
  }
  const closeOnAbort = () => tlsConn.close();
  signal.addEventListener("abort", closeOnAbort, { once: true });
  try {
    await tlsConn.handshake();
  } catch (error) {
    if (!signal.aborted) tlsConn.close();
    throw error;
  } finally {
    signal.removeEventListener("abort", closeOnAbort);
  }
  return tlsConn;
}

/** The real-time limit of one connect phase passed (the phase was aborted). */
class DeadlinePassed extends Error {}

/** How long a phase may take: its own limit, or what is left of the total when that is less. */
interface PhaseLimit {
  ms: number;
  /** The limit that bounds the phase, and its value, for the message. */
  limit: ConnectLimit;
  limitMs: number;
  nameLimit: (limit: ConnectLimit, ms: number) => string;
}

function phaseLimit(
  phase: "connect" | "tls",
  ownMs: number,
  totalMs: number,
  nameLimit: (limit: ConnectLimit, ms: number) => string,
  spentMs = 0,
): PhaseLimit {
  const leftMs = Math.max(0, Math.floor(totalMs - spentMs));
  return ownMs <= leftMs
    ? { ms: ownMs, limit: phase, limitMs: ownMs, nameLimit }
    : { ms: leftMs, limit: "total", limitMs: totalMs, nameLimit };
}

/** Why a phase timed out, in words: naming the total when it is what ran out. */
function noAnswer({ limit, limitMs, nameLimit }: PhaseLimit): string {
  return limit === "total"
    ? `no answer before ${nameLimit(limit, limitMs)} ran out`
    : `no answer within ${nameLimit(limit, limitMs)}`;
}

/**
 * Runs `start` on the loop, aborting it when `limit.ms` of real time pass (a host timer: the loop's
 * clock may be virtual) or when the task is cancelled.
 */
function* withDeadline<T extends Deno.Conn>(
  limit: PhaseLimit,
  start: (signal: AbortSignal) => Promise<T>,
  timeoutCode: "TIMEOUT_CONNECT" | "TIMEOUT_TLS",
  failCode: "CONNECT_FAILED" | "TLS_FAILED",
  address: string,
  /** The `host:port` Deno's permissions are asked for (see `dialHostOf`). */
  dialed: string,
): Generator<Effect, T> {
  const what = timeoutCode === "TIMEOUT_CONNECT" ? "connect to" : "finish the TLS handshake with";
  const label = timeoutCode === "TIMEOUT_CONNECT"
    ? `connect ${address}`
    : `TLS handshake ${address}`;
  try {
    // Opened just as the task was cancelled, the connection never reaches it: closed then.
    return yield* call((cancelled) => inRealTime(limit.ms, cancelled, start), label, closeQuietly);
  } catch (error) {
    if (error instanceof DeadlinePassed) {
      throw new NetError(timeoutCode, `Cannot ${what} ${address}: ${noAnswer(limit)}`, address);
    }
    const reason = messageOf(error);
    if (failCode === "CONNECT_FAILED" && isUnknownHost(error)) {
      const host = address.slice(0, address.lastIndexOf(":"));
      throw new NetError(
        "HOST_NOT_FOUND",
        `Cannot connect to ${address}: the host name ${host} does not resolve (${reason})`,
        address,
        { cause: error },
      );
    }
    // Missing permission is the user's setting, not the network's mood: never worth a retry.
    const refused = isRefused(error);
    const code = refused ? "NOT_PERMITTED" : failCode;
    const shown = refused
      ? notPermitted(error, dialed)
      : failCode === "TLS_FAILED"
      ? explainTlsFailure(reason)
      : withOpenFileLimit(reason, error);
    throw new NetError(code, `Cannot ${what} ${address}: ${shown}`, address, { cause: error });
  }
}

/** A connect refused by Deno's permissions or by the system: retrying cannot change it. */
function isRefused(error: unknown): error is Error {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}

/**
 * Why a connect was refused. Deno's permissions (`NotCapable`) name the flags that allow it: a host
 * no config names up front (a list's, a redirect's, an enqueued link's) is only found here. The
 * system's refusal (`PermissionDenied`: a firewall rule, systemd's `IPAddressDeny=`, SELinux) is
 * said as the system said it: no flag of Deno's would help.
 */
function notPermitted(error: Error, address: string): string {
  return error instanceof Deno.errors.NotCapable
    ? `Deno's permissions do not allow it: run again with ${allowFlags("net", [address])}`
    : `the system refused it (${messageOf(error)})`;
}

/** `start(signal)`, whose signal aborts on `cancelled` or once `timeoutMs` of real time pass. */
async function inRealTime<T>(
  timeoutMs: number,
  cancelled: AbortSignal,
  start: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onCancel = () => controller.abort(cancelled.reason);
  cancelled.addEventListener("abort", onCancel, { once: true });
  let timedOut = false;
  const cancelTimer = afterRealTime(timeoutMs, () => {
    timedOut = true;
    controller.abort(new DeadlinePassed());
  });
  try {
    return await start(controller.signal);
  } catch (error) {
    throw timedOut ? new DeadlinePassed() : error;
  } finally {
    cancelTimer();
    cancelled.removeEventListener("abort", onCancel);
  }
}
