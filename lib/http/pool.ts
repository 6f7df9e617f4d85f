/**
 * Keep-alive connections, pooled per origin (and per proxy), with a limit of requests in flight per
 * origin. A connection goes back to the pool only when its last response was read to the end and
 * both sides allow reuse; once the loop runs out of work it keeps a read armed on each idle one, and
 * one that receives anything or closes is never lent again. For an origin that pipelines
 * (`OriginSettings.pipeline`), a request joins a busy connection with room before a new one is
 * opened (see `pipeline.ts`). `close()` is final: it
 * closes every connection, idle or lent out, and the pool lends none after it; a read that fails on
 * a connection it closed says so (`CLIENT_CLOSED`), and the deadlines of its reader stop.
 *
 * A pool may live for months (a `corun worker` is one run) and meet a new origin with every job:
 * an idle connection unused for `maxIdleMs` is closed, and an origin nothing uses any more is
 * forgotten, so neither sockets nor per-origin state pile up with the origins it ever met; and past
 * `maxIdleConnections` idle connections, over all origins, the one idle longest is closed (as curl's
 * connection cache does), so a pool meeting many origins a minute holds no socket and 256 KiB read
 * buffer for each of them until its `maxIdleMs` is up.
 * @module
 */
import {
  action,
  afterRealTime,
  createSemaphore,
  type Effect,
  immediately,
  type Operation,
  race,
  type Semaphore,
} from "../loop/mod.ts";
import { Parked, removeWaiter } from "../loop/parked.ts";
import { runningLoop } from "../loop/running_task.ts";
import { HttpError } from "./errors.ts";
import { Pipeline } from "./pipeline.ts";
import { DEFAULT_LARGE_READ_BUFFERS } from "./large_reads.ts";
import {
  authorityOf,
  ByteReader,
  connect,
  type Connection,
  type ConnectPhase,
  type ConnectTimings,
  nameConnectOption,
  NetError,
  type ProxyEndpoint,
} from "../net/mod.ts";
import type { LimitNamer } from "./limit_names.ts";
import type { Watchdog } from "./watchdog.ts";

/**
 * How long a connection waits idle before a request that cannot go again (a POST) looks for a close
 * on it (see `ConnectionPool.lookForClose`): servers close kept-alive connections idle for seconds
 * (nginx after 75 s, Apache and Node.js after 5 s), while the look costs a turn of the host's timers
 * (1 to 3 ms), which POSTs sent back to back would pay each time (1,000 to nginx went from 0.7 s to
 * 3.9 s).
 */
const LOOK_AFTER_IDLE_MS = 100;

/**
 * A connection lent again this soon after it went idle and found closed was ended by its server
 * after its last response, not by a keep-alive timeout (servers wait seconds, see
 * `LOOK_AFTER_IDLE_MS`): a server that ends every connection after k responses without saying so
 * (tinyproxy after one).
 */
const CLOSED_AFTER_ANSWER_MS = 250;

/**
 * How long before the end of the idle time a server announced (`PooledConnection.serverIdleMs`) a
 * connection stops being lent: by then its close may be on the wire, and a request sent into it goes
 * again (a POST fails). A second, as undici; half the time for a server that keeps one under two.
 */
const SERVER_IDLE_MARGIN_MS = 1_000;

/** A connection with its read buffer, as lent out by the pool. */
export interface PooledConnection {
  readonly connection: Connection;
  readonly reader: ByteReader;
  /** The pool key it belongs to. */
  readonly key: string;
  /** Responses already read on it (0 for a fresh connection). */
  uses: number;
  /** Time spent opening it (zeros when reused). */
  timings: Readonly<ConnectTimings>;
  /** Its requests in flight, while it is lent to requests that pipeline. */
  line?: Pipeline;
  /** The deadlines of the request whose turn it is to read on it: the pool's `close()` stops them. */
  readerDeadlines?: Watchdog;
  /** The pool's `close()` closed it while it was lent: a read that fails on it failed for that. */
  closedByClient?: boolean;
  /** Idle, its read not yet armed: the loop has not run out of work since (see `#keepOrClose`). */
  unwatched?: boolean;
  /** When it last went idle in the pool (the pool's clock), for `maxIdleMs`. */
  idleSinceMs?: number;
  /**
   * How long its server said it keeps it open idle (`Keep-Alive: timeout=`, see
   * `keepAliveTimeoutMs`): idle nearly that long, it is not lent again (see `SERVER_IDLE_MARGIN_MS`).
   */
  serverIdleMs?: number;
}

/**
 * The error of a read that failed on `pooled`: HttpError "CLIENT_CLOSED" when the pool's `close()`
 * closed the connection under it (the runtime says only "Bad resource ID"), else `error` as it is.
 *
 * @param pooled The connection read from.
 * @param error What the read threw.
 * @param what What could not be done (`read the body of URL`).
 * @param url The URL being fetched.
 * @returns The error to throw.
 */
export function explainClientClose(
  pooled: PooledConnection,
  error: unknown,
  what: string,
  url: string,
): unknown {
  if (!pooled.closedByClient || !(error instanceof NetError)) return error;
  return new HttpError("CLIENT_CLOSED", `Cannot ${what}: the HTTP client was closed`, {
    url,
    cause: error,
  });
}

/** The timings of a connection lent again: opening it took no time of this request's. */
const NOT_OPENED: Readonly<ConnectTimings> = Object.freeze({ connectMs: 0, tlsMs: 0 });

/**
 * How to open connections to one origin. Never changed once used: the client hands the same
 * settings to the requests that follow, and the pool keeps the key it made of them.
 */
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
  /** Caps the connect and the TLS handshake together (see `ConnectOptions.totalTimeoutMs`). */
  totalTimeoutMs: number;
  /**
   * Of `totalTimeoutMs`, what the request used before (the earlier hops of its redirects): the
   * wait for a place, the connect and the handshake get only the rest. Not part of the pool key.
   * @default 0
   */
  spentMs?: number;
  /**
   * How a timeout's message names the limit that ran out (the request's `nameLimit`).
   * @default these settings' own names: `totalTimeoutMs (300000)`
   */
  nameLimit?: LimitNamer;
  /**
   * The forward proxy to go through, or undefined for a direct connection. Part of the pool key: a
   * direct and a proxied connection, or two proxies (or two credentials), never share.
   */
  proxy?: ProxyEndpoint;
  /**
   * Requests in flight on one connection at once (HTTP/1.1 pipelining), for a request that may be
   * pipelined; 1 (or undefined) for one at a time. @default 1
   */
  pipeline?: number;
}

/** Options for {@linkcode ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** Requests in flight per origin at most (so also open connections). @default DEFAULT_PER_HOST (6) */
  perOrigin?: number;
  /** Idle connections kept per origin. @default perOrigin */
  maxIdlePerOrigin?: number;
  /**
   * A request waits at most its `totalTimeoutMs` for the origin's limit to allow it (see
   * `HttpClientOptions.boundedConnectionWait`). @default false
   */
  boundedWait?: boolean;
  /**
   * Connections reading a large body through the larger buffer at once, 1 or more.
   * @default DEFAULT_LARGE_READ_BUFFERS (4)
   */
  largeReadBuffers?: number;
  /**
   * An idle connection unused for longer is closed (by the next request or give-back after that,
   * so no timer keeps a process alive); its socket and its 256 KiB read buffer are freed.
   * @default DEFAULT_MAX_IDLE_MS (2 minutes)
   */
  maxIdleMs?: number;
  /**
   * Idle connections kept over all origins, 1 or more: past it, the one idle longest is closed.
   * @default DEFAULT_MAX_IDLE_CONNECTIONS (1024), or `maxIdlePerOrigin` when that is more
   */
  maxIdleConnections?: number;
  /** The clock of `maxIdleMs`, in milliseconds (a seam for tests). @default performance.now */
  now?: () => number;
}

/**
 * How long an idle connection is kept: longer than the keep-alive timeouts of common servers
 * (nginx 75 s, Apache 5 s), which close it first, as curl's 118 s is; short enough that a pool
 * meeting a new origin with every request holds no socket for each one it ever met.
 */
const DEFAULT_MAX_IDLE_MS = 120_000;

/**
 * Requests in flight per origin at most (so also open connections) when none is set: the pool's
 * `perOrigin`, the client's and a config's `perHost`.
 */
export const DEFAULT_PER_HOST = 6;

/**
 * Idle connections a pool keeps over all origins. A run whose list cycles through more origins
 * than this reuses none (the longest idle goes each time: 256 made every request of a list over 300
 * origins open a connection); one idle connection costs about 115 KB of memory (of its 256 KiB
 * read buffer, measured on Linux), so at most about 120 MB here.
 */
export const DEFAULT_MAX_IDLE_CONNECTIONS = 1024;

interface OriginState {
  permits: Semaphore;
  idle: PooledConnection[];
  /** Busy connections that pipelining requests may join. */
  lines: PooledConnection[];
  /** Connections being opened for pipelining requests. */
  connecting: number;
  /** Requests waiting for a pipelined connection with room. */
  roomWaiters: Parked<void>[];
  /**
   * How many requests the origin's server answered on a pipelined connection before it ended it
   * (`Connection: close`, as nginx does after `keepalive_requests`, a proxy after each) while more
   * were sent on it, or closed it unsaid (tinyproxy, after each): for the rest of the run a line
   * takes no more than that, since the rest would be sent again, and a connection that carried that
   * many is not kept.
   */
  carries?: number;
  /**
   * How many responses the last connection found closed just after it went idle (see
   * `CLOSED_AFTER_ANSWER_MS`) had carried: seen twice alike, with no connection kept past it
   * between, that is what the server `carries`.
   */
  closedAfter?: number;
}

/** Connections for one run, per origin. `close()` ends every connection and refuses new requests. */
export class ConnectionPool {
  readonly #perOrigin: number;
  readonly #maxIdle: number;
  readonly #boundedWait: boolean;
  readonly #maxIdleMs: number;
  readonly #maxIdleConnections: number;
  /** Every idle connection, of any origin, longest idle first (see `maxIdleConnections`). */
  readonly #idleInOrder = new Set<PooledConnection>();
  readonly #now: () => number;
  /** When the idle connections and unused origins are next looked over (see `#sweepIfDue`). */
  #nextSweepMs: number;
  /** The larger read buffers its connections' large bodies share (see `large_reads.ts`). */
  readonly largeReadBuffers: Semaphore;
  readonly #origins = new Map<string, OriginState>();
  /** Connections lent to requests now (a pipelined one once, however many share it). */
  readonly #lent = new Set<PooledConnection>();
  #closed = false;
  /** Idle connections whose read is armed once the loop runs out of work (see `#keepOrClose`). */
  #unwatched: PooledConnection[] = [];
  /** The settings `acquire` saw last, and their key: a client's requests mostly share settings. */
  #lastSettings: OriginSettings | undefined;
  #lastKey = "";

  /** @param options Per-origin limits. */
  constructor(options: ConnectionPoolOptions = {}) {
    // Named as the client's options name them (`HttpClientOptions`): the pool is the client's.
    this.#perOrigin = countOption("perHost", options.perOrigin ?? DEFAULT_PER_HOST);
    this.#maxIdle = options.maxIdlePerOrigin ?? this.#perOrigin;
    this.#boundedWait = options.boundedWait ?? false;
    this.#maxIdleMs = options.maxIdleMs ?? DEFAULT_MAX_IDLE_MS;
    // Never fewer than one origin may keep: a run against one origin closes none of its own.
    this.#maxIdleConnections = countOption(
      "maxIdleConnections",
      options.maxIdleConnections ?? Math.max(DEFAULT_MAX_IDLE_CONNECTIONS, this.#maxIdle),
    );
    this.#now = options.now ?? (() => performance.now());
    this.#nextSweepMs = this.#now() + this.#maxIdleMs;
    this.largeReadBuffers = createSemaphore(
      countOption("largeReadBuffers", options.largeReadBuffers ?? DEFAULT_LARGE_READ_BUFFERS),
    );
  }

  /**
   * Waits for the origin's limit to allow one more request in flight, then lends an idle connection,
   * a busy one with room in its pipeline (`settings.pipeline` above 1), or a new one.
   *
   * @param settings Where and how to connect.
   * @param fresh Never reuse or share a connection (a reused one just failed as stale): a new one,
   *   for this request alone.
   * @param onPhase Told as each phase of opening a new connection begins (see `ConnectOptions`).
   * @returns A connection to give back with `release`.
   * @throws HttpError "CLIENT_CLOSED" once the pool is closed (also while the request waited).
   */
  acquire(
    settings: OriginSettings,
    fresh = false,
    onPhase?: (phase: ConnectPhase) => void,
  ): Operation<PooledConnection> {
    // Most requests find a place and an idle connection at once: no generator for them.
    if (!this.#closed && !fresh && (settings.pipeline ?? 1) === 1) {
      const state = this.#stateFor(this.#keyOf(settings));
      if (state.idle.length > 0 && state.permits.tryAcquire()) {
        const idle = this.#popOpenIdle(state);
        if (idle) {
          idle.timings = NOT_OPENED;
          return immediately(this.#lend(idle));
        }
        state.permits.release(); // nobody waits (or it would not have been free): as untaken
      }
    }
    return this.#acquire(settings, fresh, onPhase);
  }

  /** `acquire`, when it may wait or connect. */
  *#acquire(
    settings: OriginSettings,
    fresh: boolean,
    onPhase: ((phase: ConnectPhase) => void) | undefined,
  ): Generator<Effect, PooledConnection> {
    this.#refuseIfClosed(settings);
    // Here too, not only at give-backs: a pool whose every connect fails gives nothing back.
    this.#sweepIfDue(this.#now());
    const key = this.#keyOf(settings);
    const state = this.#stateFor(key);
    if (!state.permits.tryAcquire()) {
      if (this.#boundedWait) yield* this.#waitForPermit(state, settings);
      else yield* state.permits.acquire();
    }
    const depth = fresh ? 1 : settings.pipeline ?? 1;
    let lent = false;
    let connecting = false;
    try {
      // Pipelining fills ⌈perOrigin / depth⌉ connections rather than opening one per request (each
      // holds at most what the origin's server carries on one).
      const lineLimit = Math.ceil(this.#perOrigin / Math.min(depth, state.carries ?? Infinity));
      this.#refuseIfClosed(settings); // closed while this request waited for its turn
      while (!fresh) {
        const idle = this.#popOpenIdle(state);
        if (idle) {
          idle.timings = NOT_OPENED;
          if (depth > 1) openLine(state, idle, depth);
          lent = true;
          return this.#lend(idle);
        }
        if (depth === 1) break;
        const joined = joinLine(state, depth);
        if (joined) {
          joined.timings = NOT_OPENED;
          lent = true;
          return this.#lend(joined);
        }
        if (state.lines.length + state.connecting < lineLimit) break;
        // Every line is full or still connecting: one of them will have room.
        const parked = new Parked<void>("wait for room on a pipelined connection", (waiter) => {
          removeWaiter(state.roomWaiters, waiter);
        });
        state.roomWaiters.push(parked);
        yield* parked.wait();
        this.#refuseIfClosed(settings);
      }
      if (depth > 1) {
        state.connecting++;
        connecting = true;
      }
      const { connection, timings } = yield* connect({
        hostname: settings.hostname,
        port: settings.port,
        tls: settings.secure
          ? { caCerts: settings.caCerts, insecure: settings.insecure }
          : undefined,
        connectTimeoutMs: settings.connectTimeoutMs,
        tlsTimeoutMs: settings.tlsTimeoutMs,
        totalTimeoutMs: settings.totalTimeoutMs,
        spentMs: settings.spentMs,
        nameLimit: settings.nameLimit,
        proxy: settings.proxy,
        onPhase,
      });
      if (this.#closed) connection.close(); // closed while connecting: this one too
      this.#refuseIfClosed(settings);
      const pooled = { connection, reader: new ByteReader(connection), key, uses: 0, timings };
      if (depth > 1) openLine(state, pooled, depth);
      lent = true;
      return this.#lend(pooled);
    } finally {
      if (connecting) {
        state.connecting--;
        wakeRoomWaiters(state); // a line to join, or room to open one
      }
      // A failed connect, or a task cancelled while connecting (no catch runs then).
      if (!lent) state.permits.release();
    }
  }

  /**
   * Gives a connection back. A reusable one waits in the pool (or serves the next request in its
   * pipeline); any other is closed, and the requests still in its pipeline go elsewhere.
   *
   * @param pooled What `acquire` lent.
   * @param reusable The response was read to its end, both sides allow keep-alive, and no extra bytes
   *   are buffered (unless they are the next pipelined response's).
   * @param serverEnds The response, read whole, ended the connection (`Connection: close`): with
   *   requests behind it in a pipeline, the origin's server carries no more than this on one.
   */
  release(pooled: PooledConnection, reusable: boolean, serverEnds = false): void {
    const state = this.#stateFor(pooled.key);
    pooled.uses++;
    const line = pooled.line;
    if (line) {
      line.inFlight--;
      // Requests behind a response that ends the connection go again: send no more than it carried.
      if (serverEnds && line.inFlight > 0) this.carriedAtMost(pooled);
      wakeRoomWaiters(state);
      // The next response is read by the next request in line, unless the line ends here.
      reusable &&= !pooled.connection.closed && !line.broken && line.answered();
      if (!reusable) line.break();
      if (line.inFlight > 0) {
        if (!reusable) pooled.connection.close();
        state.permits.release();
        return;
      }
      leaveLines(state, pooled);
    }
    this.#keepOrClose(state, pooled, reusable);
    state.permits.release();
  }

  /**
   * Notes that the origin's server ended `pooled` after the responses it carried, with more sent on
   * it: its pipelined lines carry no more than that from now on (see `OriginState.carries`).
   *
   * @param pooled A pipelined connection found ended when a request's turn to read came.
   */
  carriedAtMost(pooled: PooledConnection): void {
    if (pooled.uses > 0) this.#stateFor(pooled.key).carries = pooled.uses;
  }

  /**
   * Notes that `pooled`, lent again to a request that does not pipeline, was found closed by its
   * server: closed just after it went idle, twice after as many responses, it is what the origin's
   * server carries on one (see `OriginState.carries`), and no connection is kept past that.
   *
   * @param pooled A reused connection found ended when its request was sent or read.
   */
  closedWhileIdle(pooled: PooledConnection): void {
    const idleMs = this.#now() - (pooled.idleSinceMs ?? -Infinity);
    if (!(idleMs < CLOSED_AFTER_ANSWER_MS) || pooled.uses === 0) return;
    const state = this.#stateFor(pooled.key);
    if (state.closedAfter === pooled.uses) state.carries = pooled.uses;
    state.closedAfter = pooled.uses;
  }

  /**
   * Gives back a pipelined connection before this request's turn to read: not yet sent (`turn`
   * undefined: nothing of it is on the connection), or sent and given up (see `Pipeline.abandon`).
   *
   * @param pooled What `acquire` lent (with a `line`).
   * @param key The request, as it named itself to the line.
   * @param turn The request's turn to read, once sent.
   */
  leaveLine(pooled: PooledConnection, key: object, turn?: number): void {
    const state = this.#stateFor(pooled.key);
    const line = pooled.line!;
    line.inFlight--;
    if (turn === undefined) line.leave(key);
    const closeNow = turn !== undefined && line.abandon(turn);
    wakeRoomWaiters(state);
    state.permits.release();
    if (closeNow) pooled.connection.close();
    if (line.inFlight > 0) return;
    leaveLines(state, pooled);
    // Sent and unanswered, or broken: the connection carries a response nobody reads.
    this.#keepOrClose(state, pooled, turn === undefined && !line.broken);
  }

  /**
   * A connection nobody uses now: kept idle when it may serve again (and the pool is open), else
   * closed.
   */
  #keepOrClose(state: OriginState, pooled: PooledConnection, reusable: boolean): void {
    this.#lent.delete(pooled);
    pooled.readerDeadlines = undefined;
    const now = this.#now();
    if (state.idle.length >= this.#maxIdle) state.idle = this.#keptIdle(state.idle); // closed while idle
    // One that carried what its server carries on one (`carries`) is ended, said or not: reused, it
    // would only send a request to be sent again.
    const keep = !this.#closed && reusable && !pooled.connection.closed &&
      pooled.reader.available === 0 && state.idle.length < this.#maxIdle &&
      pooled.uses < (state.carries ?? Infinity);
    if (keep) {
      // It carried more than a close seen after k said: that was no rule of the server's.
      if (pooled.uses > (state.closedAfter ?? Infinity)) state.closedAfter = undefined;
      this.#watchWhenIdle(pooled);
      pooled.idleSinceMs = now;
      state.idle.push(pooled);
      this.#idleInOrder.add(pooled);
      if (this.#idleInOrder.size > this.#maxIdleConnections) this.#closeLongestIdle();
    } else pooled.connection.close();
    this.#sweepIfDue(now);
  }

  /** Origins the pool holds state for: those with a connection, idle or lent, or a request waiting. */
  get originCount(): number {
    return this.#origins.size;
  }

  /**
   * Every half `maxIdleMs` at most, as requests come: closes the idle connections unused for
   * `maxIdleMs`, drops those that closed while idle (the server's keep-alive timeout), and forgets
   * every origin left with nothing (no connection, no permit taken, nobody waiting), such as one
   * whose connects failed. A walk over the origins held, so not at every request.
   */
  #sweepIfDue(now: number): void {
    if (now < this.#nextSweepMs) return;
    this.#nextSweepMs = now + this.#maxIdleMs / 2;
    for (const [key, state] of this.#origins) {
      if (state.idle.length > 0) state.idle = this.#keptIdle(state.idle, now);
      if (this.#unused(state)) this.#origins.delete(key);
    }
  }

  /**
   * Nothing holds the origin's state: no connection idle, lent or opening, every permit free and
   * nobody waiting. A request about to use it takes it synchronously from `#stateFor`, so forgetting
   * it here never leaves a request with a state the pool no longer knows.
   */
  #unused(state: OriginState): boolean {
    return state.idle.length === 0 && state.lines.length === 0 && state.connecting === 0 &&
      state.roomWaiters.length === 0 && state.permits.waiting === 0 &&
      state.permits.available >= this.#perOrigin;
  }

  /**
   * Anything the server sends (or a close) before the next request closes an idle connection: never
   * a response. Its read is armed once the loop runs out of work, not at once: a busy run lends the
   * connection again within the same stretch of work, and a TLS read pending while the request is
   * written costs a failed system call each time (Deno's TLS stream wakes its reader on a write).
   */
  #watchWhenIdle(pooled: PooledConnection): void {
    const loop = runningLoop();
    if (loop === undefined) return pooled.reader.watchIdle(); // released outside a loop's step
    pooled.unwatched = true;
    if (this.#unwatched.push(pooled) === 1) loop.whenIdle(this.#watchUnwatched);
  }

  #watchUnwatched = (): void => {
    const unwatched = this.#unwatched;
    this.#unwatched = [];
    for (const pooled of unwatched) {
      if (!pooled.unwatched) continue; // lent again first (or listed twice)
      pooled.unwatched = false;
      if (pooled.connection.closed) continue;
      try {
        pooled.reader.watchIdle();
      } catch {
        pooled.connection.close(); // a connection that cannot be watched is not lent again
      }
    }
  };

  /**
   * Whether `pooled`, lent again, is still open, once a close already on its way has been seen when
   * it waited idle for `LOOK_AFTER_IDLE_MS` or more: its idle read armed (the loop may not have run
   * out of work since), and one turn of the host's timers let pass, so a close the server sent as
   * its keep-alive timeout ran out closes it now. For a request that cannot go again once sent (a
   * POST): a close found now means it was never sent.
   *
   * @param pooled A connection `acquire` lent again, nothing written on it yet.
   * @returns False when it is closed.
   */
  *lookForClose(pooled: PooledConnection): Generator<Effect, boolean> {
    if (pooled.connection.closed) return false;
    const idleMs = this.#now() - (pooled.idleSinceMs ?? Infinity);
    if (!(idleMs >= LOOK_AFTER_IDLE_MS)) return true; // just given back: no wait for every POST
    try {
      pooled.reader.watchIdle(); // armed already: left as it is
    } catch {
      pooled.connection.close();
      return false;
    }
    yield* action<void>(
      (resolve) => afterRealTime(0, resolve),
      "look for a close of the connection",
      { io: true },
    );
    return !pooled.connection.closed;
  }

  /**
   * Closes every connection, idle or lent out, and refuses every later `acquire`. A body still being
   * read then fails (`CLIENT_CLOSED`, see {@linkcode explainClientClose}) whenever it next needs the
   * socket, and no deadline of its stays armed meanwhile, also for a body nobody reads; requests
   * waiting for a connection, or in a pipeline's line, are refused at once. Safe to call twice.
   */
  close(): void {
    this.#closed = true;
    this.#idleInOrder.clear();
    for (const state of this.#origins.values()) {
      for (const idle of state.idle) idle.connection.close();
      state.idle.length = 0;
      // Requests waiting for a turn would wait for bodies nobody may ever read or close: woken, each
      // finds the pool closed, and passes the extra permit on to the next as it gives up.
      if (state.permits.waiting > 0) state.permits.release();
      wakeRoomWaiters(state);
    }
    for (const pooled of this.#lent) {
      pooled.closedByClient = true;
      pooled.connection.close();
      pooled.readerDeadlines?.stop();
      pooled.line?.break();
    }
    this.#lent.clear();
  }

  /** The origin's idle connection last given back and still open; those closed meanwhile go. */
  #popOpenIdle(state: OriginState): PooledConnection | undefined {
    for (let idle = state.idle.pop(); idle; idle = state.idle.pop()) {
      if (!idle.connection.closed && !this.#serverIdleOver(idle)) return idle;
      idle.connection.close();
      this.#idleInOrder.delete(idle);
    }
    return undefined;
  }

  /** Whether `idle` waited nearly as long as its server said it keeps it open (`serverIdleMs`). */
  #serverIdleOver(idle: PooledConnection): boolean {
    const serverIdleMs = idle.serverIdleMs;
    if (serverIdleMs === undefined) return false; // most servers do not say: no clock read for them
    const margin = Math.min(SERVER_IDLE_MARGIN_MS, serverIdleMs / 2);
    return this.#now() - (idle.idleSinceMs ?? -Infinity) >= serverIdleMs - margin;
  }

  /**
   * `idle` less the connections closed while idle (the server's keep-alive timeout), those idle
   * nearly as long as their server said it keeps them (`serverIdleMs`) and, given the time now,
   * those unused for `maxIdleMs`, which are closed.
   */
  #keptIdle(idle: PooledConnection[], nowMs?: number): PooledConnection[] {
    return idle.filter((pooled) => {
      const stale =
        (nowMs !== undefined && nowMs - (pooled.idleSinceMs ?? nowMs) >= this.#maxIdleMs) ||
        this.#serverIdleOver(pooled);
      if (!pooled.connection.closed) {
        if (!stale) return true;
        pooled.connection.close();
      }
      this.#idleInOrder.delete(pooled);
      return false;
    });
  }

  /** Past `maxIdleConnections`: closes the connection idle longest, whichever its origin, and lets it go. */
  #closeLongestIdle(): void {
    const [longest] = this.#idleInOrder;
    this.#idleInOrder.delete(longest);
    longest.connection.close();
    const state = this.#origins.get(longest.key);
    const at = state?.idle.indexOf(longest) ?? -1;
    if (at >= 0) state!.idle.splice(at, 1);
  }

  #lend(pooled: PooledConnection): PooledConnection {
    this.#idleInOrder.delete(pooled);
    pooled.unwatched = false;
    this.#lent.add(pooled);
    return pooled;
  }

  /**
   * Waits for the origin's limit to allow one more request, for at most `totalTimeoutMs` of real
   * time (a virtual clock's jumps must not end it early, nor its pauses stop it). Behind a frontier
   * that keeps requests under the limit, only responses handed out and not read to the end hold it
   * full, and their readers may be waiting here themselves.
   *
   * @throws HttpError "TIMEOUT_TOTAL" (unsent) when no place came free in time.
   */
  *#waitForPermit(state: OriginState, settings: OriginSettings): Generator<Effect, void> {
    const permits = state.permits;
    const limitMs = settings.totalTimeoutMs;
    const leftMs = Math.max(0, limitMs - (settings.spentMs ?? 0));
    let taken = false;
    let kept = false;
    try {
      yield* race([
        function* (): Generator<Effect, void> {
          yield* permits.acquire();
          taken = true;
        }(),
        action<void>((resolve) => afterRealTime(leftMs, resolve), "wait for a connection"),
      ]);
      if (taken) {
        kept = true;
        return;
      }
    } finally {
      // Taken, but the wait was cancelled before it could go on: the place goes back.
      if (taken && !kept) permits.release();
    }
    const authority = authorityOf(settings.hostname, settings.port);
    const limit = (settings.nameLimit ?? nameConnectOption)("total", limitMs);
    throw new HttpError(
      "TIMEOUT_TOTAL",
      `Cannot send a request to ${authority}: all ${this.#perOrigin} requests to it at a time ` +
        `were taken for ${limit}, by responses not yet read to the end; the request was not sent`,
      { unsent: true },
    );
  }

  #refuseIfClosed(settings: OriginSettings): void {
    if (!this.#closed) return;
    const authority = authorityOf(settings.hostname, settings.port);
    throw new HttpError(
      "CLIENT_CLOSED",
      `Cannot send a request to ${authority}: the HTTP client was closed`,
    );
  }

  /** The pool key of `settings`, made again only when they are not the last ones seen. */
  #keyOf(settings: OriginSettings): string {
    if (settings !== this.#lastSettings) {
      this.#lastKey = poolKey(settings);
      this.#lastSettings = settings;
    }
    return this.#lastKey;
  }

  #stateFor(key: string): OriginState {
    let state = this.#origins.get(key);
    if (!state) {
      state = {
        permits: createSemaphore(this.#perOrigin),
        idle: [],
        lines: [],
        connecting: 0,
        roomWaiters: [],
      };
      this.#origins.set(key, state);
    }
    return state;
  }
}

/**
 * Takes a connection whose last pipelined request is done out of the joinable lines; its next
 * request starts a line of its own, or none.
 */
function leaveLines(state: OriginState, pooled: PooledConnection): void {
  const at = state.lines.indexOf(pooled);
  if (at >= 0) state.lines.splice(at, 1);
  pooled.line = undefined;
}

/** Lends `pooled` to the first request of a pipeline others may join. */
function openLine(state: OriginState, pooled: PooledConnection, depth: number): void {
  pooled.line = new Pipeline(depth, pooled.uses, state.carries);
  pooled.line.join();
  state.lines.push(pooled);
}

/** Wakes every request waiting for room: each looks again (they wait only while lines open). */
function wakeRoomWaiters(state: OriginState): void {
  if (state.roomWaiters.length === 0) return;
  for (const waiter of state.roomWaiters.splice(0)) waiter.give();
}

/**
 * The busy connection with the fewest requests in flight and room for one more, taken; fewer than
 * `depth` in flight, the joining request's own limit.
 */
function joinLine(state: OriginState, depth: number): PooledConnection | undefined {
  let best: PooledConnection | undefined;
  for (const pooled of state.lines) {
    const line = pooled.line!;
    if (!line.hasRoom || line.inFlight >= depth || pooled.connection.closed) continue;
    if (best === undefined || line.inFlight < best.line!.inFlight) best = pooled;
  }
  if (best) best.line!.join();
  return best;
}

/**
 * The proxy a plain-http request of `settings` goes to, in absolute form: the proxy answers it, and
 * a failure of its connection is the proxy's to name. None for a direct connection or a `CONNECT`
 * tunnel, whose requests reach the origin's server.
 *
 * @param settings The origin's settings.
 * @returns The proxy, or undefined.
 */
export function plainHttpProxy(settings: OriginSettings): ProxyEndpoint | undefined {
  return settings.secure ? undefined : settings.proxy;
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

/** A count the client needs at least one of; refused, naming the option, when it is not. */
function countOption(name: string, value: number): number {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new RangeError(
    `Cannot make an HTTP client with ${name}: ${value}: expected a whole number of 1 or more`,
  );
}
