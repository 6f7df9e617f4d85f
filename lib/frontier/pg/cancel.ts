/**
 * `corun db cancel --queue NAME`: withdraws a queue's waiting fetches in one transaction (a wrong
 * submit of 300,000 URLs, a crawl gone astray), and leaves the fetches under way to finish.
 *
 * What goes, what stays, and why:
 * - every fetch of the queue that waits: queued (due now, or a retry or a delay waiting for its
 *   time), and one leased whose lease ran out or whose worker stopped (`status` counts it ready:
 *   the next claim would put it back). Its row goes, so `status` no longer counts it; a crawled
 *   link's row leaves its crawl's index (migration 7) with it.
 * - a fetch leased now is left to finish as its worker fetches it (a retry of it, or its worker's
 *   stop, puts it back to wait, and it runs again): its crawl is cancelled, every open fetch of the
 *   crawl marked (migration 16), and the links their pages find are not queued, so the crawl does
 *   not grow again from its pages under way.
 * - a callback's own fetch (`ctx.fetch`, reserved for its worker) stays: a fetch under way waits
 *   for it.
 * - the finished fetches, fires and saved paths stay (`db prune` removes them as they age, and the
 *   saved paths of a crawl left with no fetch whatever their age), as do the queue's origin rules
 *   (`db prune` removes them once the queue has no fetch left).
 * - a submit or fire that commits while it runs, and every one after it, is a crawl of its own,
 *   left whole (its links are kept once in that crawl alone: nothing cancelled holds them back).
 * @module
 */
import type { Sql } from "./deps.ts";
import { queuesIfUnknown } from "./status.ts";
import { leaseLapsed, LINKS_LOCK, type PgStore, WAKE_CHANNEL } from "./store.ts";

/** What a cancel removed, and what it left. */
export interface CancelCounts {
  /** The queue. */
  queue: string;
  /** The database knows the queue (an origin's rule, a worker or a fire names it). */
  found: boolean;
  /** Waiting fetches removed (`corun_jobs`). */
  jobs: number;
  /** Of them, retries (a fetch that had been tried). */
  retries: number;
  /** The crawls they were of (submits and fires). */
  crawls: number;
  /** Fetches leased now, left to finish (their links not queued). */
  leased: number;
  /** When the queue was not found: the queues the database knows, sorted. */
  queues?: string[];
}

/**
 * Removes a queue's waiting fetches, and marks those under way, in one transaction.
 *
 * @param store The tables.
 * @param queue The queue.
 * @returns What went and what was left; `found` false (and the database's queues) when the database
 *   does not know the queue.
 */
export async function cancelQueue(store: PgStore, queue: string): Promise<CancelCounts> {
  return await store.sql.begin((tx) => cancelIn(tx as unknown as Sql, queue)) as CancelCounts;
}

async function cancelIn(sql: Sql, queue: string): Promise<CancelCounts> {
  // Waits for the links being queued (a page's report), and holds new ones back until the marks
  // below are committed (LINKS_LOCK); submits, fires and claims go on meanwhile.
  await sql`SELECT pg_advisory_xact_lock(${LINKS_LOCK}::int, hashtext(${queue}))`;
  const none = { queue, jobs: 0, retries: 0, crawls: 0, leased: 0 };
  const queues = await queuesIfUnknown(sql, queue);
  if (queues !== undefined) return { ...none, found: false, queues };
  // The crawls cancelled are those with a fetch open as it starts (one snapshot): a submit or fire
  // that commits meanwhile is a crawl of its own, left whole.
  const crawls = await sql<{ crawl: number; jobs: number; retries: number }[]>`
    WITH open AS (
      SELECT DISTINCT coalesce(j.crawl, j.id) AS crawl FROM corun_jobs j
      WHERE j.queue = ${queue} AND j.state IN ('queued', 'leased')),
    gone AS (
      DELETE FROM corun_jobs j
      WHERE j.queue = ${queue} AND j.reserved_for IS NULL
        AND (j.state = 'queued' OR (j.state = 'leased' AND ${leaseLapsed(sql)}))
      RETURNING coalesce(j.crawl, j.id) AS crawl, j.attempt > 0 AS retry),
    counted AS (
      SELECT crawl, count(*)::int AS jobs, count(*) FILTER (WHERE retry)::int AS retries
      FROM gone GROUP BY crawl)
    SELECT o.crawl, coalesce(c.jobs, 0) AS jobs, coalesce(c.retries, 0) AS retries
    FROM open o LEFT JOIN counted c ON c.crawl = o.crawl`;
  if (crawls.length === 0) return { ...none, found: true };
  // A statement of its own, after the removal: what a claim took while it ran, or what went back
  // meanwhile (a retry, a stop), is open now, and marked with the rest.
  const [left] = await sql<{ leased: number }[]>`
    WITH marked AS (
      UPDATE corun_jobs j SET cancelled_at = coalesce(j.cancelled_at, now())
      WHERE j.queue = ${queue} AND j.state IN ('queued', 'leased')
        AND coalesce(j.crawl, j.id) = ANY(${crawls.map((row) => row.crawl)}::bigint[])
      RETURNING j.state = 'leased' AND j.reserved_for IS NULL AS leased)
    SELECT count(*) FILTER (WHERE leased)::int AS leased FROM marked`;
  // Idle workers look again: a `--drain` worker ends once the fetches under way have.
  await sql`SELECT pg_notify(${WAKE_CHANNEL}, ${queue})`;
  return {
    ...none,
    found: true,
    jobs: crawls.reduce((sum, row) => sum + row.jobs, 0),
    retries: crawls.reduce((sum, row) => sum + row.retries, 0),
    crawls: crawls.filter((row) => row.jobs > 0).length,
    leased: left.leased,
  };
}
