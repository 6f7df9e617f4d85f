/**
 * The shared frontier's SQL: every statement corun sends to PostgreSQL is here. Jobs are rows of
 * `corun_jobs` claimed with `FOR UPDATE SKIP LOCKED` under a lease; each origin is one row of
 * `corun_origins` that a claim locks, so its `perHost`, its gap between starts and a `Retry-After`
 * pause hold for every worker together; a schedule fires once per fire time because only one
 * process can insert its row in `corun_fires`. Times are the database's (`now()`): the workers'
 * clocks never meet.
 * @module
 */
import {
  checkServerIdentity,
  type ConnectionOptions,
  type Fragment,
  postgres,
  type Sql,
} from "./deps.ts";
import { guardClosedSocketWrites } from "./closed_socket_guard.ts";
import {
  certificateCheck,
  connectTimeoutSeconds,
  POSTGRES_DEFAULT_PORT,
} from "./connection_parameters.ts";
import { DEFAULT_LEASE_MS } from "./lease.ts";
import { migrate } from "./migrations.ts";
import { serverNoticeTeller } from "./server_notices.ts";
import { storableJson, storableJsonText } from "./storable_json.ts";

/** The channel workers listen on; the payload is the queue that has new work. */
export const WAKE_CHANNEL = "corun_jobs";

/**
 * The channel of `Retry-After` pauses, as they commit; the payload is JSON: `queue`, `origin`, `ms`
 * (how long the pause still lasts). Workers hold back the origin's jobs they claimed ahead.
 */
export const PAUSE_CHANNEL = "corun_pauses";

/**
 * The channel of a worker that has a free slot and found no fetch to claim; the payload is the
 * queue. The queue's workers with no free slot give back the fetches they claimed ahead, for it.
 */
export const SHORT_CHANNEL = "corun_short";

/**
 * The advisory lock of a queue's links (its second key is the queue's `hashtext`): held shared by a
 * transaction that queues crawled links, alone by `corun db cancel`. A cancel waits for the links
 * being queued (its removal then sees them), and links wait for a cancel's marks (migration 16) to
 * commit, whose parents they then see marked.
 */
export const LINKS_LOCK = 0x636f7275; // "coru"

/** The per-origin rule the database keeps: the one every worker honours. */
export interface StoredOriginRule {
  origin: string;
  perHost: number;
  gapMs: number;
  jitterMs: number;
}

/** A job to insert. */
export interface NewJob {
  task: string;
  origin: string;
  url: string;
  payload: unknown;
  /** Milliseconds from now before it may start. */
  delayMs?: number;
  /** Only this worker may claim it (a fetch its own coroutine waits for, `ctx.fetch`). */
  reservedFor?: string;
  /**
   * The job whose page linked to it (a crawled link, `ctx.enqueue`): it joins that job's crawl,
   * which keeps each URL once, whichever worker found it, and that job's schedule fire.
   */
  parent?: number;
}

/** A claimed job. */
export interface ClaimedJob {
  id: number;
  task: string;
  origin: string;
  url: string;
  payload: unknown;
  attempt: number;
  /** Reserved for the claiming worker: its own coroutine's fetch (`ctx.fetch`). */
  reserved: boolean;
  /**
   * Its origin spaces its starts (a gap or a jitter: `rate`, `delay`): the claim took the origin's
   * turn, which holds only if the fetch starts at once.
   */
  paced: boolean;
  /** The origin's gap between starts, in milliseconds (0 when not paced). */
  gapMs: number;
  /** The origin's jitter, added to the gap at random, in milliseconds. */
  jitterMs: number;
  /**
   * The origin's next start its claim set, as the database wrote it (to the microsecond): the turn
   * is still this job's while the origin's next start is this one (see
   * {@linkcode PgStore.moveTurn}). Undefined when the claim took no turn (an origin not paced).
   */
  nextStart: string | undefined;
  /**
   * Its crawl (its submit or fire, and the links found from them; a row from before crawls, schema
   * version 7, is a crawl of its own).
   */
  crawl: number;
  /**
   * When the submit or schedule fire that queued its crawl began, by the database's clock (a
   * crawled link: its page's): its fetch's `{date}`, however long the worker has run.
   */
  runAt: Date;
}

/** What a worker asking for an origin's turn is told ({@linkcode PgStore.takeTurn}). */
export interface TurnAnswer {
  /** 0: granted, the job may start now; else milliseconds until the next start or pause's end. */
  waitMs: number;
  /** Granted: the origin's next start the turn set (see {@linkcode ClaimedJob.nextStart}). */
  nextStart?: string;
  /** Granted: the origin's gap between starts, in milliseconds (0 when it is not paced). */
  gapMs?: number;
  /** Granted: the origin's jitter, in milliseconds. */
  jitterMs?: number;
  /**
   * Refused because the origin's `perHost` is taken (a redirect's place, see
   * {@linkcode PgStore.redirectTurn}): a place comes free as a fetch there ends, which no time
   * says; `waitMs` is then what the origin's gap or pause still holds, if anything.
   */
  full?: boolean;
}

/** A save path a worker's fetch claims before its body is read ({@linkcode PgStore.claimSave}). */
export interface SaveClaim {
  /** The path, normalised, relative to the output directory. */
  path: string;
  /** The folders it needs (every one on its way), normalised likewise. */
  folders: readonly string[];
  /** The fetch's task. */
  task: string;
  /** The URL fetched. */
  url: string;
  /** Named by its server (`{filename}`): the fetch's alone, not its task's. */
  perFetch: boolean;
}

/** The save that holds what a claim met: its file, or a folder its file needs. */
export interface HeldSave {
  /** The path met: the claim's own (a file, or a folder another file needs) or one of its folders. */
  path: string;
  /** The path met is a folder that `file` needs. */
  folder: boolean;
  /** The file saved. */
  file: string;
  task: string;
  url: string;
}

/** What a worker reports of its leased jobs, in one batch. */
export interface Outcomes {
  /**
   * Links its callbacks found (`ctx.enqueue`), each with the rule of its origin should the queue
   * have none yet: inserted before the outcomes, so a page's links commit no later than its end.
   */
  links: { job: NewJob; rule: StoredOriginRule }[];
  done: number[];
  /**
   * Left out once started (a crawled link that redirected off the crawl's origins): ended, neither
   * done nor failed (state `skipped`, migration 6).
   */
  leftOut: number[];
  failed: { id: number; error: string }[];
  /** Back to the queue after a delay, as the next attempt (`payload` null: the stored one). */
  retries: { id: number; delayMs: number; payload: unknown }[];
  /** Given back unfinished (the worker stops): the next claim takes them as they were. */
  released: number[];
  /**
   * Jobs reserved for this worker whose coroutine is gone (cancelled while it waited for its turn,
   * or cut off by a stop): nobody else may claim them, so they are removed.
   */
  dropped: number[];
  pauses: { origin: string; forMs: number }[];
  /**
   * Turns given back unused (`PgFrontier.turnUnused`): each origin whose next start is still the
   * one a job's turn set may start again now, as nothing was sent on that turn.
   */
  unusedTurns: { origin: string; nextStart: string }[];
}

/**
 * A report with nothing in it, to fill in.
 *
 * @returns Fresh empty lists.
 */
export function emptyOutcomes(): Outcomes {
  return {
    links: [],
    done: [],
    leftOut: [],
    failed: [],
    retries: [],
    released: [],
    dropped: [],
    pauses: [],
    unusedTurns: [],
  };
}

/** Whether work is open in a queue, and when the earliest waiting job may start. */
export interface OpenWork {
  /** Some job is queued (reserved ones included while their worker is not gone). */
  queued: boolean;
  /** Some job is leased. */
  leased: boolean;
  /** Milliseconds until the earliest queued job's time (its own, its origin's gap or pause). */
  nextDueMs: number | undefined;
}

/** Options of {@linkcode PgStore.connect}. */
export interface PgStoreOptions {
  /** Connections in the pool (a LISTEN takes one more). @default 4 */
  max?: number;
  /**
   * Told the server's warnings, each as a line that names the server
   * (`The database server db:5432 says: …`), once for all the pool's connections.
   */
  onNotice?: (message: string) => void;
}

/**
 * A client for corun's tables (connections open on the first query).
 *
 * @param url A `postgres://` URL.
 * @param options Pool size, notices.
 * @returns The client; `end()` it when done.
 */
export function postgresClient(url: string, options: PgStoreOptions = {}): Sql {
  guardClosedSocketWrites();
  const parsed = new URL(url);
  const tls = verifiedTls(parsed);
  const onNotice = options.onNotice;
  const tellNotice = onNotice && serverNoticeTeller(parsed.host || undefined, onNotice);
  return postgres(url, {
    // Lists, which the client takes as they are (its typings allow a string, which it splits).
    ...ipv6Server(parsed) as { host?: string; port?: number } | undefined,
    // Only when the URL asks for a check: given, it wins over the URL's `sslmode`.
    ...(tls === undefined ? {} : { ssl: tls }),
    max: options.max ?? 4,
    // NOTICEs are chatter ("relation already exists, skipping"); warnings are worth a line.
    onnotice: (notice) => {
      if (notice.severity === "WARNING") tellNotice?.(String(notice.message));
    },
    connection: { application_name: "corun" },
    // Seconds: a connection that does not open by then is retried. Given here, it would win over
    // the URL's own `connect_timeout`: so the URL's is read, else corun's.
    connect_timeout: connectTimeoutSeconds(url),
    // Seconds before a lost connection is opened again. The worker's own retries pace an outage;
    // the client's default backoff grows to 20 s, and a stopping worker waited for it (26 s).
    backoff: reconnectDelaySeconds,
    // The client's first statement on each connection would read the catalog's array types, and
    // a connection cut during it crashes the process and leaves arrays unusable on the next one
    // (porsager/postgres#1192, #1223). corun sends two kinds of array and reads none: their
    // serializers are below, and that statement is never sent.
    fetch_types: false,
    types: {
      // Ids are bigserial: numbers are exact up to 2^53, which a queue never reaches.
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (text: string) => Number(text),
      },
      bigintArray: sentOnly(1016, (values: readonly number[]) => `{${values.join(",")}}`),
      textArray: sentOnly(1009, textArrayLiteral),
    },
  });
}

/**
 * The TLS options that check the server's certificate as the URL's `sslmode` says, or undefined
 * when it asks for no check. The client names no server for an IP address (SNI takes no address),
 * and the name was then checked against `localhost`: a certificate for `localhost` passed for any
 * address, and one for the address was refused. So the name checked is the URL's host, always;
 * `verify-ca` checks the chain alone, as libpq does (the client checked the name there too).
 */
function verifiedTls(url: URL): ConnectionOptions | undefined {
  const check = certificateCheck(url);
  if (check === undefined) return undefined;
  const host = ipv6Address(url) ?? url.hostname;
  return {
    rejectUnauthorized: true,
    checkServerIdentity: check === "ca"
      ? () => undefined
      : (_name, certificate) => checkServerIdentity(host, certificate),
  };
}

/**
 * Where the client connects, for a URL whose server it cannot read: it splits the server at each
 * `:`, so an IPv6 address (`postgres://[::1]:5432/corun`) named the host `[`. Given as lists, the
 * address and the port are taken as they are.
 */
function ipv6Server(url: URL): { host: string[]; port: number[] } | undefined {
  const address = ipv6Address(url);
  return address === undefined
    ? undefined
    : { host: [address], port: [url.port === "" ? POSTGRES_DEFAULT_PORT : Number(url.port)] };
}

/** The URL's IPv6 address, without the brackets a URL writes it in; undefined for another host. */
function ipv6Address(url: URL): string | undefined {
  return /^\[(.*)\]$/.exec(url.hostname)?.[1];
}

/** A parameter type corun sends and never reads back (no column it reads is of the type). */
function sentOnly<T>(oid: number, serialize: (value: T) => string) {
  return { to: oid, from: [], serialize, parse: (text: string) => text };
}

/**
 * A `text[]` literal: each element double-quoted, its backslashes and double quotes escaped by a
 * backslash (PostgreSQL's array input syntax), so commas, braces and `NULL` stay text.
 *
 * @param values The strings.
 * @returns The literal, e.g. `{"a","b \"c\""}`.
 */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}

/**
 * How long the client waits before opening a lost connection again, after `retries` failed in a
 * row: growing, with jitter so that many workers do not reconnect at once, but at most a second.
 *
 * @param retries Failed connections in a row.
 * @returns Seconds.
 */
export function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1);
}

/** What a worker registered with ({@linkcode PgStore.registerWorker}). */
interface WorkerRegistration {
  queue: string;
  host: string;
  pid: number;
  leaseMs: number;
}

/** The frontier's tables on one PostgreSQL database. */
export class PgStore {
  /** The client (for `LISTEN`, and for tests). */
  readonly sql: Sql;
  /** The database's URL (with its credentials: never print it; `redactDatabaseUrl`). */
  readonly url: string;
  #lastReapMs = -Infinity;
  /** The workers registered here, for a heartbeat that finds its row pruned to register again. */
  readonly #registered = new Map<string, WorkerRegistration>();
  /** Bound to one transaction ({@linkcode PgStore.transaction}): statements join it. */
  readonly #inTransaction: boolean;

  private constructor(sql: Sql, url: string, inTransaction = false) {
    this.sql = sql;
    this.url = url;
    this.#inTransaction = inTransaction;
  }

  /**
   * Runs `body` in one transaction: every statement of the store it is given commits together, or
   * none does (a schedule's fire and the fetches it enqueues).
   *
   * @param body What to do with the transaction's store.
   * @returns What `body` returns.
   */
  async transaction<T>(body: (store: PgStore) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return await body(this);
    return await this.sql.begin((tx) =>
      body(new PgStore(tx as unknown as Sql, this.url, true))
    ) as T;
  }

  /** A transaction of its own, or the one this store is bound to. */
  #begin<T>(body: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.#inTransaction) return body(this.sql);
    return this.sql.begin((tx) => body(tx as unknown as Sql)) as Promise<T>;
  }

  /**
   * Connects and brings the tables up to date (`corun db migrate` does only that).
   *
   * @param url A `postgres://` URL.
   * @param options Pool size, notices.
   * @returns The store.
   */
  static async connect(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const sql = postgresClient(url, options);
    try {
      await migrate(sql);
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw error;
    }
    return new PgStore(sql, url);
  }

  /** Closes every connection (waits up to a second for queries in flight). */
  async close(): Promise<void> {
    await this.sql.end({ timeout: 1 });
  }

  /**
   * Records the rules of origins (a submit's): the latest submit's rule for an origin wins.
   *
   * @param queue The queue.
   * @param rules One rule per origin.
   */
  async saveOriginRules(queue: string, rules: readonly StoredOriginRule[]): Promise<void> {
    if (rules.length === 0) return;
    const rows = rules.map((rule) => originRow(queue, rule));
    await this.sql`
      INSERT INTO corun_origins ${this.sql(rows)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`;
  }

  /**
   * Inserts jobs and wakes the workers of the queue. Origins without a rule get `fallback`.
   *
   * @param queue The queue.
   * @param jobs The jobs.
   * @param fallback The rule of an origin not seen before (a crawled link's); none when every
   *   origin's rule was saved already (a submit saves them first).
   * @param fireId The schedule fire that put them.
   * @returns Their ids, in order (a crawled link its crawl has already is not inserted again: see
   *   {@linkcode NewJob.parent}).
   */
  async insertJobs(
    queue: string,
    jobs: readonly NewJob[],
    fallback?: (origin: string) => StoredOriginRule,
    fireId?: number,
  ): Promise<number[]> {
    if (jobs.length === 0) return [];
    const rules = fallback === undefined
      ? []
      : [...new Set(jobs.map((job) => job.origin))].map(fallback);
    return await this.#begin(async (tx) => {
      const ids = await insertRows(tx, queue, jobs, rules, fireId);
      // A job reserved for one worker (a `ctx.fetch`) is claimed by that worker alone: waking the
      // others would only send each of them to claim nothing.
      if (jobs.some((job) => job.reservedFor === undefined)) {
        await tx`SELECT pg_notify(${WAKE_CHANNEL}, ${queue})`;
      }
      return ids;
    });
  }

  /**
   * Leases up to `want` jobs whose turn has come, in one call (`corun_claim`, migration 2): one
   * origin at a time, each origin's row locked while its `perHost` and gap are checked and its next
   * start is set, so every worker sees one origin's rules at once.
   * Leases that expired (a worker that stopped answering) go back to the queue first.
   *
   * @param queue The queue.
   * @param worker The claiming worker's id.
   * @param want Jobs wanted at most.
   * @param leaseMs How long the lease lasts unless extended.
   * @param only Claim this job only (a `ctx.fetch` waiting for its turn); `nested` leaves out the
   *   origin's `perHost` (the caller already holds a turn there).
   * @returns The claimed jobs, oldest first.
   */
  async claim(
    queue: string,
    worker: string,
    want: number,
    leaseMs: number,
    only?: { id: number; nested: boolean },
  ): Promise<ClaimedJob[]> {
    if (performance.now() - this.#lastReapMs > 1_000 || only !== undefined) {
      this.#lastReapMs = performance.now();
      await this.reapExpiredLeases(queue);
    }
    // Each job's crawl and its origin's pacing come from the claim itself (migration 13): a row that
    // committed while the claim ran is leased by it, yet not in this statement's snapshot.
    const rows = await this.sql<(Omit<ClaimedJob, "reserved" | "nextStart"> & { turn: string })[]>`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl, c.run_at AS "runAt"
      FROM corun_claim(${queue}, ${worker}, ${want}, ${leaseMs}, ${only?.id ?? null}::bigint,
        ${only?.nested ?? false}) c`;
    // A claim by id is the only one that takes a reserved job (corun_claim leaves them out of the
    // others), and its id is the one the worker's own insert returned.
    const reserved = only !== undefined;
    return rows.map(({ turn, ...row }) => ({ ...row, reserved, nextStart: turn ?? undefined }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Takes a paced origin's turn again for a job claimed a while ago (it waited in a worker's hand
   * for a free slot): the turn its claim took has passed, and another start may follow it at any
   * moment. Granted only when the origin's next start has come and it is not paused; the next
   * start is then set a gap from now, as a claim does.
   *
   * @param queue The queue.
   * @param origin The job's origin (or a redirect's: see `PgFrontier.turnAt`).
   * @param fallback The rule of an origin the queue has none for yet (a redirect's target that no
   *   submit or crawled link named): recorded, as a crawled link's is, and the turn taken under it.
   * @returns A `waitMs` of 0, the `nextStart` it set and the origin's gap and jitter (whether its
   *   request's write is to confirm the turn) when the job may start now (a `waitMs` of 0 alone
   *   when the queue has no rule for the origin and no `fallback` was given), else the
   *   milliseconds until the origin's next start or the end of its pause.
   */
  async takeTurn(queue: string, origin: string, fallback?: StoredOriginRule): Promise<TurnAnswer> {
    const [row] = await this.sql<
      {
        next_start: string | null;
        gap_ms: number | null;
        jitter_ms: number | null;
        wait_ms: number | null;
      }[]
    >`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${queue} AND origin = ${origin} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${queue} AND origin = ${origin}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;
    if (row.next_start !== null) {
      return {
        waitMs: 0,
        nextStart: row.next_start,
        gapMs: row.gap_ms ?? 0,
        jitterMs: row.jitter_ms ?? 0,
      };
    }
    if (row.wait_ms === null) {
      // No row: no rule holds the origin, until one is recorded (another worker may record it
      // first: then its rule holds). Without that, every worker's redirects reached it unpaced.
      if (fallback === undefined) return { waitMs: 0 };
      await this.sql`
        INSERT INTO corun_origins ${this.sql(originRow(queue, fallback))}
        ON CONFLICT (queue, origin) DO NOTHING`;
      return await this.takeTurn(queue, origin);
    }
    // Refused a moment before its time: the next look is a millisecond on. (Its times start at
    // -infinity, until a first start: hence `now()` among them, as the wait is read before the
    // update.)
    return { waitMs: Math.max(1, row.wait_ms) };
  }

  /**
   * Takes a redirect's turn at `origin` for a job this worker holds, and a place under the origin's
   * `perHost`, which the job holds until it ends, in place of the one it held (at its own origin,
   * or at an earlier redirect's): one statement (`corun_redirect_turn`, migration 10), so that the
   * connection the redirect opens counts for every worker, as a fetch claimed there would. Refused,
   * the job holds no place while it waits: two origins that redirect to each other never wait for
   * each other.
   *
   * @param queue The queue.
   * @param origin The redirect's origin.
   * @param job The redirected job, leased by `worker`.
   * @param worker The worker.
   * @param fallback The rule of an origin the queue has none for yet (recorded, as a crawled
   *   link's is).
   * @returns A `waitMs` of 0, the `nextStart` it set (a paced origin's) and the origin's gap and
   *   jitter when the request may go now; else how long the gap or pause still holds, and whether
   *   the origin's `perHost` is taken (`full`).
   */
  async redirectTurn(
    queue: string,
    origin: string,
    job: number,
    worker: string,
    fallback: StoredOriginRule,
  ): Promise<TurnAnswer> {
    const rule = originRow(queue, fallback);
    const [row] = await this.sql<
      {
        granted: boolean;
        turn: string | null;
        gap_ms: number;
        jitter_ms: number;
        wait_ms: number;
        per_host_full: boolean;
      }[]
    >`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${queue}, ${origin}, ${job}::bigint, ${worker}, ${rule.per_host},
        ${rule.gap_ms}, ${rule.jitter_ms})`;
    if (row.granted) {
      return {
        waitMs: 0,
        nextStart: row.turn ?? undefined,
        gapMs: row.gap_ms,
        jitterMs: row.jitter_ms,
      };
    }
    // Held by the gap or pause: the next look a millisecond on at the least, as `takeTurn`'s.
    const waitMs = row.wait_ms > 0 ? Math.max(1, row.wait_ms) : 0;
    return row.per_host_full ? { waitMs, full: true } : { waitMs: Math.max(1, waitMs) };
  }

  /**
   * Moves a paced origin's turn that a job took a while ago to now (its request goes out late: a
   * connection was opened after the turn, say). Granted only while it is still the origin's last
   * turn, its next start still `nextStart`, the one the turn set (no start has followed it), and
   * the origin is not paused; the next start is then set a gap from now, as a claim does. Else the
   * job must take a turn of its own ({@linkcode PgStore.takeTurn}).
   *
   * @param queue The queue.
   * @param origin The job's origin.
   * @param nextStart The next start its turn set ({@linkcode ClaimedJob.nextStart}).
   * @returns The next start it set now (the moved turn's), or undefined when not granted.
   */
  async moveTurn(queue: string, origin: string, nextStart: string): Promise<string | undefined> {
    // Sent as text: a parameter the server takes for a timestamp, the client rounds to the ms.
    const [row] = await this.sql<{ next_start: string }[]>`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${queue} AND origin = ${origin}
        AND next_start_at = ${nextStart}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;
    return row?.next_start;
  }

  /**
   * Puts the jobs whose lease ran out back into the queue (their worker was killed or lost), and
   * those of a worker that stopped (a claim of its that committed after its stop, which it never
   * received: else held until the lease ran out), and removes the jobs reserved for a worker that
   * is gone (migration 4 says when): nobody else may claim them. Its coroutine's fetch is made
   * again with the job that waited for it, whose callback runs again on its next attempt (that
   * job's lease ran out too).
   *
   * @param queue The queue.
   * @returns How many went back or were removed.
   */
  async reapExpiredLeases(queue: string): Promise<number> {
    const removed = await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${queue} AND j.reserved_for IS NOT NULL AND ${reservationLapsed(this.sql)}
      RETURNING j.id`;
    const back = await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${queue} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${leaseLapsed(this.sql)}
      RETURNING j.id`;
    const count = removed.length + back.length;
    if (count > 0) await this.sql`SELECT pg_notify(${WAKE_CHANNEL}, ${queue})`;
    return count;
  }

  /**
   * How long a job reserved for a worker waits for its turn: its own time, its origin's next start
   * or pause. Undefined once the job is gone (the reaper removes it once its worker was out of
   * touch for longer than its lease).
   *
   * @param worker The worker.
   * @param id The job.
   * @returns Milliseconds (0: due now, held back by `perHost` or another claim), or undefined.
   */
  async reservedWaitMs(worker: string, id: number): Promise<number | undefined> {
    const [row] = await this.sql<{ wait_ms: number }[]>`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${id} AND j.reserved_for = ${worker} AND j.state IN ('queued', 'leased')`;
    return row?.wait_ms;
  }

  /**
   * Claims a save path for a job's fetch in the job's crawl (its submit or fire, and the links
   * found from them), in one statement (`corun_claim_save`, migrations 11, 12 and 14): a worker's
   * save is refused, as a second save of one run is, when another fetch of the crawl saves there,
   * needs it as a folder, or saves a file where it needs one. The claim of a job that does not end
   * done goes with its report ({@linkcode PgStore.report}); a path another job of its task claimed
   * too stays that job's.
   *
   * @param job The job saving.
   * @param claim The path and its folders, the task, the URL.
   * @returns Undefined when the path is the job's to save; else the save it met.
   */
  async claimSave(job: number, claim: SaveClaim): Promise<HeldSave | undefined> {
    const [row] = await this.sql<HeldSave[]>`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${job}::bigint, ${claim.path}, ${claim.folders as string[]}::text[],
        ${claim.task}, ${claim.url}, ${claim.perFetch})`;
    return row;
  }

  /**
   * Records how leased jobs ended, and the links their callbacks found, in one transaction, and
   * wakes the queue's workers (new work; a slot of an origin may have come free); each origin
   * paused is told on {@linkcode PAUSE_CHANNEL}.
   *
   * @param queue The queue.
   * @param worker The worker that held them.
   * @param outcomes Links found; done, left out, failed, retried, released and dropped jobs; origin
   *   pauses.
   * @returns How many of the queue's jobs it was told ended (done, left out, failed) it did not
   *   record so: the worker's lease on them had run out, and another worker took them over (its
   *   ending is the one that counts).
   */
  async report(queue: string, worker: string, outcomes: Outcomes): Promise<number> {
    return await this.#begin(async (tx) => {
      if (outcomes.links.length > 0) {
        const rules = new Map<string, StoredOriginRule>();
        for (const { job, rule } of outcomes.links) {
          if (!rules.has(job.origin)) rules.set(job.origin, rule);
        }
        await insertRows(
          tx,
          queue,
          outcomes.links.map((link) => link.job),
          [...rules.values()],
          undefined,
        );
      }
      if (outcomes.pauses.length > 0) {
        const pauses = outcomes.pauses.map((pause) => ({
          origin: pause.origin,
          for_ms: pause.forMs,
        }));
        // Told to every worker as it commits: the jobs of the origin they claimed ahead wait too.
        await tx`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${storableJson(pauses)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${queue} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${PAUSE_CHANNEL}, json_build_object('queue', ${queue}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`;
      }
      if (outcomes.unusedTurns.length > 0) {
        // A turn's origin could start then: its start before the turn's was due by that time.
        const turns = outcomes.unusedTurns.map(({ origin, nextStart }) => ({
          origin,
          next_start: nextStart,
        }));
        await tx`
          UPDATE corun_origins o SET next_start_at = least(o.next_start_at, now())
          FROM jsonb_to_recordset(${storableJson(turns)}::text::jsonb)
            AS u(origin text, next_start text)
          WHERE o.queue = ${queue} AND o.origin = u.origin
            AND o.next_start_at = u.next_start::timestamptz`;
      }
      // The worker's counts are of the queue's jobs: a callback's fetch (reserved) is not one.
      const done = await finish(tx, worker, "done", outcomes.done);
      const skipped = await finish(tx, worker, "skipped", outcomes.leftOut);
      let failed = 0;
      if (outcomes.failed.length > 0) {
        failed = queueJobs(
          await tx<{ mine: boolean }[]>`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${storableJson(outcomes.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${worker}
          RETURNING j.reserved_for IS NULL AS mine`,
        );
      }
      if (outcomes.retries.length > 0) {
        const retries = outcomes.retries.map((retry) => ({
          id: retry.id,
          delay_ms: retry.delayMs,
          payload: retry.payload,
        }));
        await tx`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${storableJson(retries)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${worker}`;
      }
      if (outcomes.released.length > 0) {
        await tx`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${outcomes.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${worker}`;
      }
      // A save path claimed by a job that did not end done is no longer its (as a run releases a
      // failed save's): once the job is queued again or failed, not while another worker holds it;
      // the path stays claimed while another job of its task holds it (corun_release_saves).
      const unsaved = [
        ...outcomes.failed.map((failure) => failure.id),
        ...outcomes.retries.map((retry) => retry.id),
        ...outcomes.released,
      ];
      if (unsaved.length > 0) {
        await tx`SELECT corun_release_saves(${unsaved}::bigint[])`;
      }
      if (outcomes.dropped.length > 0) {
        await tx`
          DELETE FROM corun_jobs
          WHERE id = ANY(${outcomes.dropped}::bigint[]) AND reserved_for = ${worker}
            AND state IN ('queued', 'leased')`;
      }
      await tx`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${done}, failed = failed + ${failed}, skipped = skipped + ${skipped}
        WHERE id = ${worker}`;
      await tx`SELECT pg_notify(${WAKE_CHANNEL}, ${queue})`;
      const ended = [
        ...outcomes.done,
        ...outcomes.leftOut,
        ...outcomes.failed.map((failure) => failure.id),
      ];
      if (ended.length === 0) return 0;
      const [told] = await tx<{ jobs: number }[]>`
        SELECT count(*)::int AS jobs FROM corun_jobs
        WHERE id = ANY(${ended}::bigint[]) AND reserved_for IS NULL`;
      return told.jobs - done - skipped - failed;
    });
  }

  /**
   * Gives back the jobs a worker holds in the database but does not know of (a claim that
   * committed after its connection was lost).
   *
   * @param worker The worker.
   * @param known The ids it holds.
   * @param only Give back this job only, if it is unknown (a claim of one reserved job).
   * @returns How many went back.
   */
  async releaseUnknown(worker: string, known: readonly number[], only?: number): Promise<number> {
    const rows = await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${worker} AND state = 'leased' AND NOT (id = ANY(${known}::bigint[]))
        AND (${only ?? null}::bigint IS NULL OR id = ${only ?? null}::bigint)
      RETURNING id`;
    return rows.length;
  }

  /**
   * Extends the leases a worker holds (its heartbeat), and notes it seen: a worker registered
   * here whose row `corun db prune` removed while it was cut off registers again.
   *
   * @param worker The worker.
   * @param leaseMs The new lease, from now.
   * @param known The jobs it holds.
   * @returns The jobs whose leases were extended: one of `known` missing is no longer the
   *   worker's (its lease ran out, and another worker may hold it now).
   */
  async heartbeat(worker: string, leaseMs: number, known: readonly number[]): Promise<number[]> {
    const rows = await this.sql<{ id: number }[]>`
      UPDATE corun_jobs SET lease_until = now() + ${leaseMs} * interval '1 millisecond'
      WHERE lease_owner = ${worker} AND state = 'leased' AND id = ANY(${known as number[]}::bigint[])
      RETURNING id`;
    const registered = this.#registered.get(worker);
    if (registered === undefined) {
      await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${worker}`;
    } else {
      // Cut off from the database longer than `db prune`'s cutoff, its row may be gone: without
      // it, the jobs reserved for it would never be removed once it dies (corun_owner_gone).
      const { queue, host, pid, leaseMs } = registered;
      await this.sql`
        INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
        VALUES (${worker}, ${queue}, ${host}, ${pid}, ${leaseMs})
        ON CONFLICT (id) DO UPDATE SET last_seen = now()`;
    }
    return rows.map((row) => row.id);
  }

  /**
   * How much work is open in a queue, and how long until the earliest queued job may start.
   *
   * @param queue The queue.
   * @returns Counts and the wait.
   */
  async openWork(queue: string): Promise<OpenWork> {
    // Probes of the partial indexes, not counts: an idle worker asks this often, and a count of a
    // queue of a million rows reads them all.
    const [row] = await this.sql<
      { queued: boolean; leased: boolean; next_due_ms: number | null }[]
    >`
      SELECT
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${queue} AND state = 'queued'
          AND (reserved_for IS NULL OR NOT corun_owner_gone(reserved_for))) AS queued,
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${queue} AND state = 'leased') AS leased,
        (SELECT (extract(epoch FROM
            min(greatest(o.next_start_at, o.paused_until, due.first)) - now()) * 1000)::float8
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT min(j.not_before) AS first FROM corun_jobs j
            WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
              AND j.reserved_for IS NULL) due
          WHERE o.queue = ${queue} AND due.first IS NOT NULL) AS next_due_ms`;
    return {
      queued: row.queued,
      leased: row.leased,
      // None waiting: undefined (greatest() in SQL would have made it 0, a look every 50 ms).
      nextDueMs: row.next_due_ms === null ? undefined : Math.max(0, row.next_due_ms),
    };
  }

  /**
   * Tells the queue's workers that one of them has a free slot and found no fetch to claim (see
   * {@linkcode SHORT_CHANNEL}).
   *
   * @param queue The queue.
   */
  async tellShort(queue: string): Promise<void> {
    await this.sql`SELECT pg_notify(${SHORT_CHANNEL}, ${queue})`;
  }

  /**
   * Registers a worker.
   *
   * @param worker Its id.
   * @param queue Its queue.
   * @param host Its host name.
   * @param pid Its process id.
   * @param leaseMs Its lease: seen longer ago than that, it is gone, and the jobs reserved for it
   *   are removed.
   */
  async registerWorker(
    worker: string,
    queue: string,
    host: string,
    pid: number,
    leaseMs: number = DEFAULT_LEASE_MS,
  ): Promise<void> {
    await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${worker}, ${queue}, ${host}, ${pid}, ${Math.ceil(leaseMs)})`;
    this.#registered.set(worker, { queue, host, pid, leaseMs: Math.ceil(leaseMs) });
  }

  /**
   * Notes that a worker stopped, and gives back what the database still says it holds: a claim
   * cut off by the stop (Ctrl-C, SIGTERM) may have committed, its answer never read. A claim that
   * commits later still is given back by the next claim of another worker
   * ({@linkcode PgStore.reapExpiredLeases}).
   *
   * @param worker Its id.
   */
  async stopWorker(worker: string): Promise<void> {
    this.#registered.delete(worker);
    await this.#begin(async (tx) => {
      await tx`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${worker}`;
      const back = await tx`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${worker} AND state = 'leased'
        RETURNING queue`;
      for (const queue of new Set(back.map((row) => row.queue as string))) {
        await tx`SELECT pg_notify(${WAKE_CHANNEL}, ${queue})`;
      }
    });
  }

  /**
   * Appends metadata lines (a worker's fetch records).
   *
   * @param queue The queue.
   * @param worker The worker.
   * @param lines The records, as JSON text.
   */
  async insertResults(queue: string, worker: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${queue}, ${worker}, line::jsonb
      FROM unnest(${lines.map(storableJsonText)}::text[]) AS t(line)`;
  }

  /**
   * Claims a schedule's fire time: the one process whose insert succeeds enqueues it.
   *
   * @param queue The queue.
   * @param schedule The schedule's name.
   * @param fireAt The fire time.
   * @param owner Who claims it (host and process).
   * @param outcome What it does with the fire: "enqueued", or why it skips.
   * @returns The fire's id, or undefined when another process had it.
   */
  async claimFire(
    queue: string,
    schedule: string,
    fireAt: Date,
    owner: string,
    outcome: string,
  ): Promise<number | undefined> {
    const rows = await this.sql<{ id: number }[]>`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${queue}, ${schedule}, ${fireAt}, ${owner}, ${outcome})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`;
    return rows[0]?.id;
  }

  /**
   * Sets how many jobs a fire enqueued.
   *
   * @param fireId The fire.
   * @param jobs The count.
   */
  async setFireJobs(fireId: number, jobs: number): Promise<void> {
    await this.sql`UPDATE corun_fires SET jobs = ${jobs} WHERE id = ${fireId}`;
  }

  /**
   * The latest fire of a schedule that enqueued work (by when it was fired: a catch-up fires an old
   * time late), and whether its jobs are all finished.
   *
   * @param queue The queue.
   * @param schedule The schedule's name.
   * @returns Its time and whether some of its jobs are still queued or leased.
   */
  async lastFire(
    queue: string,
    schedule: string,
  ): Promise<{ fireAt: Date; open: boolean } | undefined> {
    const [row] = await this.sql<{ fire_at: Date; open: boolean }[]>`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${queue} AND f.schedule = ${schedule} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;
    return row === undefined ? undefined : { fireAt: row.fire_at, open: row.open };
  }

  /**
   * When a schedule last fired, whatever became of the fire (enqueued or skipped): a scheduler was
   * running then. `catchUp: once` looks for a fire time missed after it.
   *
   * @param queue The queue.
   * @param schedule The schedule's name.
   * @returns The time, or undefined when it never fired.
   */
  async lastFiredAt(queue: string, schedule: string): Promise<Date | undefined> {
    const [row] = await this.sql<{ at: Date | null }[]>`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${queue} AND schedule = ${schedule}`;
    return row?.at ?? undefined;
  }
}

/**
 * Inserts jobs, and first the rules of their origins the queue has none for.
 *
 * @returns The ids of the rows inserted, in order.
 */
async function insertRows(
  tx: Sql,
  queue: string,
  jobs: readonly NewJob[],
  rules: readonly StoredOriginRule[],
  fireId: number | undefined,
): Promise<number[]> {
  if (rules.length > 0) {
    // In one order, whoever inserts: two workers adding the same new origins never wait for each
    // other in a circle.
    const rows = rules.map((rule) => originRow(queue, rule))
      .sort((a, b) => a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0);
    await tx`INSERT INTO corun_origins ${tx(rows)} ON CONFLICT (queue, origin) DO NOTHING`;
  }
  const links = jobs.filter((job) => job.parent !== undefined);
  const others = links.length === 0 ? jobs : jobs.filter((job) => job.parent === undefined);
  const ids = [
    ...await insertOwnCrawls(tx, queue, others, fireId),
    ...await insertLinks(tx, queue, links),
  ];
  return ids.sort((a, b) => a - b);
}

/** A job's row, as `jsonb_to_recordset` reads it. */
function rowOf(queue: string, job: NewJob, fireId: number | undefined) {
  return {
    queue,
    task: job.task,
    origin: job.origin,
    url: job.url,
    payload: job.payload,
    delay_ms: job.delayMs ?? 0,
    fire_id: fireId ?? null,
    reserved_for: job.reservedFor ?? null,
    parent: job.parent ?? null,
  };
}

/**
 * Inserts jobs that no page linked to (a submit's, a fire's, a coroutine's own fetch): each starts
 * a crawl, that of the transaction that inserts it (`txid_current()`), so every seed of one submit
 * or fire is one crawl, run at the time that transaction began (`now()`: its `{date}`).
 */
async function insertOwnCrawls(
  tx: Sql,
  queue: string,
  jobs: readonly NewJob[],
  fireId: number | undefined,
): Promise<number[]> {
  if (jobs.length === 0) return [];
  // JSON as text, cast in SQL: a parameter the server takes for jsonb would be encoded again, by
  // the client, as one JSON string. (storableJson: text the jsonb type takes.)
  const inserted = await tx<{ id: number }[]>`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl, run_at)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current(), now()
    FROM jsonb_to_recordset(${storableJson(jobs.map((job) => rowOf(queue, job, fireId)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`;
  return inserted.map((row) => row.id);
}

/**
 * Inserts crawled links: each joins its parent's crawl, fire and run time, and a link its crawl has
 * already, whichever worker found it, is left out (migration 7's index). Ids are drawn in the order
 * given (claims take an origin's jobs by id); the rows go in in the index's order, so two workers
 * inserting the same links wait for each other in one order, never in a circle (a deadlock). A
 * parent whose crawl is unknown (a row from before migration 7) starts one with its id. The links
 * of a parent that `corun db cancel` left to finish (migration 16), or that is gone (removed by a
 * cancel, or by hand), are left out: the crawl was withdrawn, and its pages under way must not
 * queue it again.
 */
async function insertLinks(tx: Sql, queue: string, jobs: readonly NewJob[]): Promise<number[]> {
  if (jobs.length === 0) return [];
  // A statement of its own, before the insert's snapshot: a cancel under way is waited for, and its
  // marks are then seen.
  await tx`SELECT pg_advisory_xact_lock_shared(${LINKS_LOCK}::int, hashtext(${queue}))`;
  const inserted = await tx<{ id: number }[]>`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${storableJson(jobs.map((job) => rowOf(queue, job, undefined)))}
        ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
        delay_ms float8, reserved_for text, parent bigint))
    INSERT INTO corun_jobs (id, queue, task, origin, url, payload, not_before, fire_id,
      reserved_for, crawl, linked_from, run_at)
    SELECT g.id, g.queue, g.task, g.origin, g.url, g.payload,
      now() + g.delay_ms * interval '1 millisecond', p.fire_id, g.reserved_for,
      coalesce(p.crawl, p.id), p.id, coalesce(p.run_at, p.created_at)
    FROM given g JOIN corun_jobs p ON p.id = g.parent
    WHERE p.cancelled_at IS NULL
    ORDER BY 10, md5(g.url)
    ON CONFLICT (crawl, md5(url)) WHERE linked_from IS NOT NULL DO NOTHING
    RETURNING id`;
  return inserted.map((row) => row.id);
}

/**
 * Of a leased job (`corun_jobs j`), that its worker no longer holds it: its lease ran out, or its
 * worker stopped (a claim that committed after the stop). {@linkcode PgStore.reapExpiredLeases}
 * puts such a job of the queue's own back when a worker next claims; until then `corun status`
 * counts it queued, not leased.
 *
 * @param sql The client.
 * @returns The condition, a fragment of a statement over `corun_jobs j`.
 */
export function leaseLapsed(sql: Sql): Fragment {
  return sql`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`;
}

/**
 * Of a job reserved for a worker's callback (`corun_jobs j`, a `ctx.fetch`), that nobody will take
 * it: it is open, and its lease ran out, or its worker is gone (migration 4). The reaper removes
 * such a job; `corun status` no longer counts it.
 *
 * @param sql The client.
 * @returns The condition, a fragment of a statement over `corun_jobs j`.
 */
export function reservationLapsed(sql: Sql): Fragment {
  return sql`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`;
}

/**
 * Ends jobs that ended well (`done`) or were left out (`skipped`): only those this worker still
 * holds, or that went back to the queue when its lease ran out and nobody took them yet (a job
 * another worker holds now is that worker's to end).
 *
 * @returns How many of them are the queue's own jobs (for the worker's counts).
 */
async function finish(
  tx: Sql,
  worker: string,
  state: "done" | "skipped",
  ids: readonly number[],
): Promise<number> {
  if (ids.length === 0) return 0;
  return queueJobs(
    await tx<{ mine: boolean }[]>`
    UPDATE corun_jobs SET state = ${state}, finished_at = now(), lease_owner = ${worker},
      lease_until = NULL
    WHERE id = ANY(${ids as number[]}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${worker}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`,
  );
}

/** How many of the rows are the queue's own jobs (not reserved for a callback's fetch). */
function queueJobs(rows: readonly { mine: boolean }[]): number {
  return rows.filter((row) => row.mine).length;
}

/** A row of `corun_origins` for `rule`. */
function originRow(queue: string, rule: StoredOriginRule) {
  return {
    queue,
    origin: rule.origin,
    per_host: rule.perHost,
    gap_ms: Math.round(rule.gapMs),
    jitter_ms: Math.round(rule.jitterMs),
  };
}
