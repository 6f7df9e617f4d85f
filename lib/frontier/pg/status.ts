/**
 * What `corun status --db` shows of a queue: its depth per origin (ready, waiting for a time,
 * retries waiting, leased, and the jobs ended done, failed or left out; the fetches callbacks make,
 * jobs reserved for their worker, apart), the workers (running, stopped, or gone: not seen for
 * longer than their lease) and the leases they hold, the latest failures, and the schedule's latest
 * fires.
 * @module
 */
import type { Sql } from "./deps.ts";
import { leaseLapsed, type PgStore, reservationLapsed } from "./store.ts";

/** One origin of a queue. */
export interface OriginStatus {
  origin: string;
  /**
   * Queued and due now (held back only by the origin's rules), with the leased whose lease ran out
   * or whose worker stopped: the next claim puts them back in the queue.
   */
  ready: number;
  /** Queued with a later start time (a backoff, a delayed put). */
  waiting: number;
  /** Of the queued, those that are retries. */
  retries: number;
  /**
   * Held by a worker (its lease has not run out), counted where it holds its place under
   * `perHost`, as claims count it: with the fetches redirected here from another origin, without
   * those redirected away, and without one waiting for a place at the origin it was redirected to
   * (which counts at none; its worker's `leases` still count it).
   */
  leased: number;
  done: number;
  failed: number;
  /**
   * Left out once started (a crawled link that redirected off the crawl's origins): ended, no file
   * saved, not a failure (the job's state `skipped`).
   */
  skipped: number;
  /**
   * Fetches that callbacks make (`ctx.fetch`) under way: each is a job reserved for its worker,
   * counted here rather than with the jobs above (those are the fetches put in the queue); not
   * those of a worker that is gone, which the next claim removes.
   */
  inCallbacks: number;
  /**
   * Fetches at once there; null for the row of fetches that cannot be made (origin `""`): they
   * send no request, and no rule holds them.
   */
  perHost: number | null;
  gapMs: number;
  /** A random part up to this added to each gap (`jitter`): an origin of jitter alone is paced too. */
  jitterMs: number;
  /** Paused by a `Retry-After` until then, or null. */
  pausedUntil: string | null;
}

/** One worker of a queue. */
export interface WorkerStatus {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeen: string;
  /** How long ago it was last seen, in the database's clock (the reader's may differ). */
  lastSeenAgoMs: number;
  stoppedAt: string | null;
  /**
   * `stopped` (it said so), `gone` (not seen for longer than its lease: killed, or cut off from the
   * database; its leases go back to the queue as they run out), or `running`.
   */
  state: "running" | "stopped" | "gone";
  /** Jobs it holds whose lease has not run out. */
  leases: number;
  done: number;
  failed: number;
  /** Jobs it left out (see {@linkcode OriginStatus.skipped}). */
  skipped: number;
}

/** A queue's state. */
export interface QueueStatus {
  queue: string;
  origins: OriginStatus[];
  workers: WorkerStatus[];
  failures: { task: string; url: string; error: string; at: string }[];
  fires: { schedule: string; fireAt: string; outcome: string; jobs: number; owner: string }[];
}

/** Workers listed at most per queue: every running one first, then the latest to stop or go. */
const WORKERS_SHOWN = 20;

/**
 * Reads the state of one queue, or of every queue in the database.
 *
 * @param store The tables.
 * @param queue One queue, or undefined for all.
 * @returns One status per queue, by name.
 */
export async function queueStatus(store: PgStore, queue?: string): Promise<QueueStatus[]> {
  // One read-only snapshot, and one `now()` (a transaction's start): read statement by statement,
  // a lease could run out between the origins' counts and the workers', and the two disagree.
  return await store.sql.begin(
    "isolation level repeatable read read only",
    (tx) => statusOf(tx as unknown as Sql, queue),
  ) as QueueStatus[];
}

/**
 * The queues the database knows: those named by an origin's rule, a worker or a fire (every fetch
 * queued writes its origin's rule first, and `db prune` removes a queue's rules only once it has
 * no fetch left).
 *
 * @param sql The client (or a transaction).
 * @param only This queue only (empty when the database does not know it).
 * @returns The names, sorted.
 */
export async function queueNames(sql: Sql, only?: string): Promise<string[]> {
  const rows = await sql<{ queue: string }[]>`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${only ?? null}::text IS NULL OR queue = ${only ?? null}
    ORDER BY queue`;
  return rows.map((row) => row.queue);
}

/**
 * The queues the database knows, when it does not know `queue` (a mistyped name): what `db cancel`
 * and a `--drain` worker name rather than act on a queue with no rows.
 *
 * @param sql The client (or a transaction).
 * @param queue The queue asked for.
 * @returns Undefined when the database knows `queue`; else its queues, sorted.
 */
export async function queuesIfUnknown(sql: Sql, queue: string): Promise<string[] | undefined> {
  // One look at every queue: asking for `queue` alone reads the same tables whole.
  const all = await queueNames(sql);
  return all.includes(queue) ? undefined : all;
}

async function statusOf(sql: Sql, queue: string | undefined): Promise<QueueStatus[]> {
  const result: QueueStatus[] = [];
  for (const name of await queueNames(sql, queue)) {
    const origins = await sql`
      SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms,
        CASE WHEN o.paused_until > now() THEN o.paused_until END AS paused_until,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before <= now() AND mine)::int
          AS ready,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.not_before > now() AND mine)::int
          AS waiting,
        count(j.id) FILTER (WHERE r.state = 'queued' AND j.attempt > 0 AND mine)::int AS retries,
        held.leased,
        count(j.id) FILTER (WHERE r.state = 'done' AND mine)::int AS done,
        count(j.id) FILTER (WHERE r.state = 'failed' AND mine)::int AS failed,
        count(j.id) FILTER (WHERE r.state = 'skipped' AND mine)::int AS skipped,
        count(j.id) FILTER (WHERE r.state IN ('queued', 'leased') AND NOT mine)::int
          AS in_callbacks
      FROM corun_origins o
      -- The queue's own jobs whose lease holds, counted where the claims count their place
      -- (migration 10): here once redirected here, nowhere while waiting for one ('(waiting)').
      CROSS JOIN LATERAL (SELECT count(*)::int AS leased FROM corun_jobs j
        WHERE j.queue = o.queue AND coalesce(j.held_at, j.origin) = o.origin
          AND j.state = 'leased' AND j.reserved_for IS NULL AND NOT ${leaseLapsed(sql)}) held
      LEFT JOIN corun_jobs j ON j.queue = o.queue AND j.origin = o.origin
      -- The queue's own jobs; the others are reserved for a worker's callback (ctx.fetch). Each
      -- counted as the next claim finds it: a lapsed lease back in the queue (whether or not a
      -- worker runs to reap it), a lapsed callback's job gone.
      CROSS JOIN LATERAL (SELECT j.reserved_for IS NULL AS mine,
        CASE WHEN j.reserved_for IS NOT NULL AND ${reservationLapsed(sql)} THEN 'gone'
          WHEN j.state = 'leased' AND j.reserved_for IS NULL AND ${leaseLapsed(sql)} THEN 'queued'
          ELSE j.state END AS state) r
      WHERE o.queue = ${name}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until, held.leased
      ORDER BY o.origin`;
    const workers = await sql`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${
      leaseLapsed(sql)
    })::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${name}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${WORKERS_SHOWN}`;
    const failures = await sql`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${name} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`;
    const fires = await sql`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${name}
      ORDER BY fire_at DESC LIMIT 10`;
    result.push({
      queue: name,
      origins: origins.map((row) => ({
        origin: row.origin,
        ready: row.ready,
        waiting: row.waiting,
        retries: row.retries,
        leased: row.leased,
        done: row.done,
        failed: row.failed,
        skipped: row.skipped,
        inCallbacks: row.in_callbacks,
        perHost: row.origin === "" ? null : row.per_host,
        gapMs: row.gap_ms,
        jitterMs: row.jitter_ms,
        pausedUntil: iso(row.paused_until),
      })),
      workers: workers.map((row) => ({
        id: row.id,
        host: row.host,
        pid: row.pid,
        startedAt: iso(row.started_at)!,
        lastSeen: iso(row.last_seen)!,
        lastSeenAgoMs: Math.max(0, Math.round(row.seen_ago_ms)),
        stoppedAt: iso(row.stopped_at),
        state: row.stopped_at !== null ? "stopped" : row.gone ? "gone" : "running",
        leases: row.leases,
        done: row.done,
        failed: row.failed,
        skipped: row.skipped,
      })),
      failures: failures.map((row) => ({
        task: row.task,
        url: row.url,
        error: row.error,
        at: iso(row.finished_at)!,
      })),
      fires: fires.map((row) => ({
        schedule: row.schedule,
        fireAt: iso(row.fire_at)!,
        outcome: row.outcome,
        jobs: row.jobs,
        owner: row.owner,
      })),
    });
  }
  return result;
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : null;
}
