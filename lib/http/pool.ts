/**
 * Keep-alive connections, pooled per origin (and per proxy), with a limit of open connections per
 * origin. A connection
 * goes back to the pool only when its last response was read to the end and both sides allow reuse;
 * while idle it keeps a read armed, and one that receives anything or closes is never lent again.
 * @module
 */
import { createSemaphore, type Effect, type Semaphore } from "../loop/mod.ts";
import {
  ByteReader,
  connect,
  type Connection,
  type ConnectTimings,
  type ProxyEndpoint,
} from "../net/mod.ts";

/** A connection with its read buffer, as lent out by the pool. */
export interface PooledConnection {
  readonly connection: Connection;
  readonly reader: ByteReader;
  /** The pool key it belongs to. */
  readonly key: string;
  /** Responses already read on it (0 for a fresh connection). */
  uses: number;
  /** Time spent opening it (zeros when reused). */
  timings: ConnectTimings;
}

/** How to open connections to one origin. */
export interface OriginSettings {
  hostname: string;
  port: number;
  secure: boolean;
  caCerts: string[];
  insecure: boolean;
  /** Distinguishes trust settings in the pool key (connections with other CAs are not shared). */
  trustKey: string;
  connectTimeoutMs: number;
  tlsTimeoutMs: number;
  /**
   * The forward proxy to go through, or undefined for a direct connection. Part of the pool key: a
   * direct and a proxied connection, or two proxies (or two credentials), never share.
   */
  proxy?: ProxyEndpoint;
}

/** Options for {@linkcode ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** Open connections per origin at most. @default 6 */
  perOrigin?: number;
  /** Idle connections kept per origin. @default perOrigin */
  maxIdlePerOrigin?: number;
}

interface OriginState {
  permits: Semaphore;
  idle: PooledConnection[];
}

/** Connections for one run, per origin. `close()` ends every idle connection. */
export class ConnectionPool {
  readonly #perOrigin: number;
  readonly #maxIdle: number;
  readonly #origins = new Map<string, OriginState>();

  /** @param options Per-origin limits. */
  constructor(options: ConnectionPoolOptions = {}) {
    this.#perOrigin = options.perOrigin ?? 6;
    this.#maxIdle = options.maxIdlePerOrigin ?? this.#perOrigin;
  }

  /**
   * Waits for the origin's limit to allow one more connection in use, then lends an idle connection
   * or opens a new one.
   *
   * @param settings Where and how to connect.
   * @param fresh Never reuse an idle connection (a reused one just failed as stale).
   * @returns A connection to give back with `release`.
   */
  *acquire(settings: OriginSettings, fresh = false): Generator<Effect, PooledConnection> {
    const key = poolKey(settings);
    const state = this.#stateFor(key);
    yield* state.permits.acquire();
    let lent = false;
    try {
      if (!fresh) {
        for (let idle = state.idle.pop(); idle; idle = state.idle.pop()) {
          if (!idle.connection.closed) {
            idle.timings = { connectMs: 0, tlsMs: 0 };
            lent = true;
            return idle;
          }
        }
      }
      const { connection, timings } = yield* connect({
        hostname: settings.hostname,
        port: settings.port,
        tls: settings.secure
          ? { caCerts: settings.caCerts, insecure: settings.insecure }
          : undefined,
        connectTimeoutMs: settings.connectTimeoutMs,
        tlsTimeoutMs: settings.tlsTimeoutMs,
        proxy: settings.proxy,
      });
      lent = true;
      return { connection, reader: new ByteReader(connection), key, uses: 0, timings };
    } finally {
      // A failed connect, or a task cancelled while connecting (no catch runs then).
      if (!lent) state.permits.release();
    }
  }

  /**
   * Gives a connection back. A reusable one waits in the pool; any other is closed.
   *
   * @param pooled What `acquire` lent.
   * @param reusable The response was read to its end, no extra bytes are buffered, and both sides
   *   allow keep-alive.
   */
  release(pooled: PooledConnection, reusable: boolean): void {
    const state = this.#stateFor(pooled.key);
    pooled.uses++;
    if (state.idle.length >= this.#maxIdle) {
      state.idle = state.idle.filter((idle) => !idle.connection.closed); // closed while idle
    }
    const keep = reusable && !pooled.connection.closed && pooled.reader.available === 0 &&
      state.idle.length < this.#maxIdle;
    if (keep) {
      // Anything the server sends (or a close) before the next request closes it: never a response.
      pooled.reader.watchIdle();
      state.idle.push(pooled);
    } else pooled.connection.close();
    state.permits.release();
  }

  /** Closes every idle connection. Connections still lent out are closed by their users. */
  close(): void {
    for (const state of this.#origins.values()) {
      for (const idle of state.idle) idle.connection.close();
      state.idle.length = 0;
    }
  }

  #stateFor(key: string): OriginState {
    let state = this.#origins.get(key);
    if (!state) {
      state = { permits: createSemaphore(this.#perOrigin), idle: [] };
      this.#origins.set(key, state);
    }
    return state;
  }
}

function poolKey(settings: OriginSettings): string {
  const scheme = settings.secure ? "https" : "http";
  const trust = settings.secure
    ? `|${settings.insecure ? "insecure" : "verified"}|${settings.trustKey}`
    : "";
  // The proxy's key names credentials by an id, never by their text.
  const via = settings.proxy ? `|via ${settings.proxy.key}` : "";
  return `${scheme}://${settings.hostname}:${settings.port}${trust}${via}`;
}
