/**
 * `corun db prune`: removes the rows of a shared queue's database that nothing needs any more, in
 * one transaction: the fetches of crawls that ended before a cutoff, with their saves' rows; the
 * workers' metadata lines older than it; the schedules' fires older than it but those the
 * schedulers read; the rows of workers gone before it that no open fetch names.
 *
 * What each keeps, and why:
 * - a crawl (a submit or fire and the links found from it) with a fetch queued or leased keeps
 *   every row: its finished fetches keep each link queued once (migration 7's index), its saves'
 *   rows keep two fetches off one path (migration 11). A crawl goes whole, once its last fetch
 *   ended before the cutoff: `status` counts a crawl's fetches together.
 * - each schedule's newest fire (by fire time and by when it was fired) and its newest fire that
 *   enqueued: `catchUp: once` fires a time missed after the newest, `overlap: skip` reads the
 *   newest that enqueued, and a fire time is claimed once by its row. A fire whose fetches are
 *   still open stays too.
 * - a worker that holds a lease or has a job reserved for it: `corun_owner_gone` (migration 4)
 *   reads its row, and a job reserved for a worker without one would look alive for ever.
 * - `corun_results` are read by nothing in corun (`status` and the fires do not): lines older than
 *   the cutoff go, whatever their crawl (a line names no crawl).
 * - the origin rows (`corun_origins`) of a queue left with no fetch at all, whatever their age:
 *   `status` would list the queue for ever, all zeros. A submit, a fire or a worker's link writes
 *   its origin's row again before its fetches. A queue with an origin still paused by a
 *   `Retry-After` keeps its rows until the pause ends (a submit meanwhile would not wait for it).
 * @module
 */
import type { Sql } from "./deps.ts";
import type { PgStore } from "./store.ts";

/** What a prune removed. */
export interface PruneCounts {
  /** The cutoff, in the database's clock (ISO 8601): rows that ended before it went. */
  before: string;
  /** Finished fetches (`corun_jobs`), of the crawls below and of callbacks' `ctx.fetch`. */
  jobs: number;
  /** Crawls whose fetches went (submits and fires; a callback's `ctx.fetch` is not one). */
  crawls: number;
  /** Save paths and the folders they needed (`corun_saves`), of crawls with no fetch left. */
  saves: number;
  /** Metadata lines (`corun_results`). */
  results: number;
  /** Schedule fires (`corun_fires`). */
  fires: number;
  /** Workers (`corun_workers`). */
  workers: number;
  /**
   * Queues left with no fetch at all whose origin rows went (`corun_origins`): `status` lists such a
   * queue no more, unless a fire or a worker still names it.
   */
  queues: number;
}

/**
 * Removes what ended before `olderThanMs` ago, in every queue of the database, in one transaction.
 *
 * @param store The tables.
 * @param olderThanMs How long ago the cutoff is (above 0).
 * @returns What was removed, by table.
 */
export async function pruneDatabase(store: PgStore, olderThanMs: number): Promise<PruneCounts> {
  return await store.sql.begin((tx) => pruneIn(tx as unknown as Sql, olderThanMs)) as PruneCounts;
}

async function pruneIn(sql: Sql, olderThanMs: number): Promise<PruneCounts> {
  // One cutoff for every table: from the transaction's start (now() does not move within it).
  const cutoff = () => sql`(now() - ${olderThanMs} * interval '1 millisecond')`;
  const [{ before }] = await sql<{ before: Date }[]>`SELECT ${cutoff()} AS before`;
  // A crawl goes whole when every fetch of it ended before the cutoff (none queued or leased). A row
  // from before crawls (migration 7) is a crawl of its own, as corun_claim_save counts it.
  const [jobs] = await sql<{ jobs: number; crawls: number }[]>`
    WITH ended AS (
      SELECT coalesce(crawl, id) AS crawl FROM corun_jobs
      GROUP BY 1
      HAVING bool_and(state IN ('done', 'failed', 'skipped') AND finished_at < ${cutoff()})),
    gone AS (
      DELETE FROM corun_jobs j USING ended e WHERE coalesce(j.crawl, j.id) = e.crawl
      RETURNING e.crawl, j.reserved_for IS NULL AS mine)
    SELECT count(*)::int AS jobs, count(DISTINCT crawl) FILTER (WHERE mine)::int AS crawls
    FROM gone`;
  // No fetch of the crawl is left to save (nor can one come: a link joins its page's crawl, and a
  // submit or fire starts a crawl of its own), so its paths hold nothing off (those the above
  // removed, and those of crawls whose rows were removed by hand).
  const saves = await sql`
    DELETE FROM corun_saves s
    WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE coalesce(j.crawl, j.id) = s.crawl)`;
  const results = await sql`DELETE FROM corun_results WHERE at < ${cutoff()}`;
  const fires = await sql`
    WITH newest AS (
      SELECT id, max(fired_at) OVER schedule AS fired, max(fire_at) OVER schedule AS fire_time,
        max(fired_at) FILTER (WHERE outcome = 'enqueued') OVER schedule AS enqueued
      FROM corun_fires
      WINDOW schedule AS (PARTITION BY queue, schedule))
    DELETE FROM corun_fires f USING newest n
    WHERE f.id = n.id AND f.fired_at < ${cutoff()} AND f.fire_at < ${cutoff()}
      AND f.fired_at < n.fired AND f.fire_at < n.fire_time
      AND (f.outcome <> 'enqueued' OR f.fired_at < n.enqueued)
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased'))`;
  // Every transaction that queues a fetch writes its origin's row first (a submit's or fire's
  // rules, a link's or a callback's fetch's fallback): the table lock waits for those under way,
  // whose fetches the statement then sees, and holds back new ones until this commits (they then
  // write the rows again). Taken after the fetches went (a queue is empty once they have) and
  // before the workers (a worker's report writes an origin, then its own row: the other order
  // could wait in a circle); held for the one statement below and the workers' delete.
  await sql`LOCK TABLE corun_origins IN SHARE ROW EXCLUSIVE MODE`;
  const [origins] = await sql<{ queues: number }[]>`
    WITH gone AS (
      DELETE FROM corun_origins o
      WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE j.queue = o.queue)
        AND NOT EXISTS (SELECT 1 FROM corun_origins p
          WHERE p.queue = o.queue AND p.paused_until > now())
      RETURNING o.queue)
    SELECT count(DISTINCT queue)::int AS queues FROM gone`;
  // Gone: stopped, or not seen for longer than its lease (corun_owner_gone), before the cutoff.
  const workers = await sql`
    DELETE FROM corun_workers w
    WHERE coalesce(w.stopped_at, w.last_seen + w.lease_ms * interval '1 millisecond') < ${cutoff()}
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.reserved_for = w.id AND j.state IN ('queued', 'leased'))
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state IN ('queued', 'leased'))`;
  return {
    before: before.toISOString(),
    jobs: jobs.jobs,
    crawls: jobs.crawls,
    saves: saves.count,
    results: results.count,
    fires: fires.count,
    workers: workers.count,
    queues: origins.queues,
  };
}
