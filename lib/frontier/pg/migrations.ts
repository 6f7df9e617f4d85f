/**
 * The tables of the shared frontier, as numbered migrations. Each runs once, in order, in a
 * transaction that holds an advisory lock, so two processes starting at once migrate once; a
 * database newer than this corun is refused rather than written with an older idea of its tables.
 * @module
 */
import type { Sql } from "./deps.ts";
import { firstAnswer } from "./first_answer.ts";
import { upgradeRefused } from "./upgrade_refused.ts";

/** One step of the schema: applied once, never edited after release (add a new one instead). */
interface Migration {
  version: number;
  what: string;
  sql: string;
}

/** Every migration, oldest first. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    what: "jobs, origins, fires, workers and results",
    sql: `
      CREATE TABLE corun_jobs (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        task text NOT NULL,
        origin text NOT NULL,
        url text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'queued'
          CHECK (state IN ('queued', 'leased', 'done', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        not_before timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_until timestamptz,
        last_error text,
        fire_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX corun_jobs_queued ON corun_jobs (queue, origin, id) WHERE state = 'queued';
      CREATE INDEX corun_jobs_leased ON corun_jobs (queue, origin) WHERE state = 'leased';
      CREATE INDEX corun_jobs_lease_owner ON corun_jobs (lease_owner) WHERE state = 'leased';
      CREATE INDEX corun_jobs_fire ON corun_jobs (fire_id) WHERE fire_id IS NOT NULL;

      CREATE TABLE corun_origins (
        queue text NOT NULL,
        origin text NOT NULL,
        per_host integer NOT NULL,
        gap_ms integer NOT NULL,
        jitter_ms integer NOT NULL,
        next_start_at timestamptz NOT NULL DEFAULT '-infinity',
        paused_until timestamptz NOT NULL DEFAULT '-infinity',
        PRIMARY KEY (queue, origin)
      );

      CREATE TABLE corun_fires (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        schedule text NOT NULL,
        fire_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        owner text NOT NULL,
        outcome text NOT NULL,
        jobs integer NOT NULL DEFAULT 0,
        UNIQUE (queue, schedule, fire_at)
      );

      CREATE TABLE corun_workers (
        id text PRIMARY KEY,
        queue text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        stopped_at timestamptz,
        done integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0
      );

      CREATE TABLE corun_results (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        worker text NOT NULL,
        line jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX corun_results_queue ON corun_results (queue, id);
    `,
  },
  {
    version: 2,
    what: "claims in one call (corun_claim)",
    // One statement from the worker instead of a transaction of several: an origin's row is then
    // locked only while the server runs the function, not across the client's round trips (with
    // a busy worker those took ~10 ms a claim, and a third of three workers' claims found the one
    // origin locked and came back empty).
    sql: `
      -- A job a worker's own coroutine waits for (ctx.fetch): only that worker may claim it.
      ALTER TABLE corun_jobs ADD COLUMN reserved_for text;

      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        got_now integer;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF site.gap_ms > 0 OR site.jitter_ms > 0 THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          RETURN QUERY
            UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
              lease_until = now() + p_lease_ms * interval '1 millisecond'
            WHERE j.id IN (
              SELECT k.id FROM corun_jobs k
              WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
                AND k.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
              ORDER BY k.id
              LIMIT room
              FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt;
          GET DIAGNOSTICS got_now = ROW_COUNT;
          got := got + got_now;
          IF got_now > 0 AND (site.gap_ms > 0 OR site.jitter_ms > 0) THEN
            UPDATE corun_origins o SET next_start_at = now() +
              (site.gap_ms + random() * site.jitter_ms) * interval '1 millisecond'
            WHERE o.queue = p_queue AND o.origin = site.origin;
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `,
  },
  {
    version: 3,
    what: "indexes for queues of many origins",
    // A claim walks the origins in next-start order and stops at the first with a due job: with
    // this index it does not read every origin first (5,000 origins × 40 jobs: 500 ms → 9 ms a
    // claim). `status` lists the latest failures from the second; an idle worker finds each origin's
    // earliest waiting job with the third.
    sql: `
      CREATE INDEX corun_origins_next ON corun_origins (queue, next_start_at);
      CREATE INDEX corun_jobs_failed ON corun_jobs (queue, finished_at) WHERE state = 'failed';
      CREATE INDEX corun_jobs_due ON corun_jobs (queue, origin, not_before) WHERE state = 'queued';
    `,
  },
  {
    version: 4,
    what: "each worker's lease, to remove the reserved jobs of a worker that is gone",
    // A `ctx.fetch` job is reserved for its worker: killed, that worker's reserved jobs could be
    // claimed by nobody and kept `--drain` workers waiting for ever. Its owner is gone once the job's
    // lease ran out, or, for a job that waits queued (a retry, a pause) and so has no lease, once
    // its worker was last seen longer ago than that worker's lease. The index keeps the reaper,
    // which looks for such jobs every second, off a queue's other rows.
    sql: `
      ALTER TABLE corun_workers ADD COLUMN lease_ms integer NOT NULL DEFAULT 30000;

      CREATE INDEX corun_jobs_reserved_open ON corun_jobs (queue)
        WHERE reserved_for IS NOT NULL AND state IN ('queued', 'leased');

      CREATE FUNCTION corun_owner_gone(p_worker text) RETURNS boolean
      LANGUAGE sql STABLE AS $gone$
        SELECT EXISTS (SELECT 1 FROM corun_workers w
          WHERE w.id = p_worker AND (w.stopped_at IS NOT NULL
            OR w.last_seen < now() - w.lease_ms * interval '1 millisecond'))
      $gone$;
    `,
  },
  {
    version: 5,
    what: "one rule of a paced origin and of its next start (corun_paced, corun_next_start)",
    // A claim (corun_claim), the claim's answer to the worker (is the job's turn to be taken
    // again?) and a worker taking a turn again (takeTurn) each decided these on their own, and
    // did not agree on an origin of jitter alone. corun_claim is migration 2's, now calling them.
    sql: `
      CREATE FUNCTION corun_paced(p_gap_ms integer, p_jitter_ms integer) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS $paced$
        SELECT p_gap_ms > 0 OR p_jitter_ms > 0
      $paced$;

      CREATE FUNCTION corun_next_start(p_gap_ms integer, p_jitter_ms integer)
      RETURNS timestamptz
      LANGUAGE sql VOLATILE AS $next$
        SELECT now() + (p_gap_ms + random() * p_jitter_ms) * interval '1 millisecond'
      $next$;

      CREATE OR REPLACE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        got_now integer;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          RETURN QUERY
            UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
              lease_until = now() + p_lease_ms * interval '1 millisecond'
            WHERE j.id IN (
              SELECT k.id FROM corun_jobs k
              WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
                AND k.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
              ORDER BY k.id
              LIMIT room
              FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt;
          GET DIAGNOSTICS got_now = ROW_COUNT;
          got := got + got_now;
          IF got_now > 0 AND corun_paced(site.gap_ms, site.jitter_ms) THEN
            UPDATE corun_origins o SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
            WHERE o.queue = p_queue AND o.origin = site.origin;
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `,
  },
  {
    version: 6,
    what: "jobs left out (a crawled link that redirected off the crawl's origins), apart from done",
    // Such a job was marked done, so status counted more done than files saved. The new state is
    // added to the check, which keeps every state before it: a worker of version 5 still running
    // writes 'done' for such a job, as it did. The workers' row counts them too (default 0, which
    // an older worker's report leaves as it is).
    sql: `
      ALTER TABLE corun_jobs DROP CONSTRAINT corun_jobs_state_check;
      ALTER TABLE corun_jobs ADD CONSTRAINT corun_jobs_state_check
        CHECK (state IN ('queued', 'leased', 'done', 'failed', 'skipped'));
      ALTER TABLE corun_workers ADD COLUMN skipped integer NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 7,
    what: "each crawl's links once, whichever worker found them",
    // A worker kept the links it had queued in memory only: with three workers, each page of a
    // crawl was fetched up to three times. A link now joins the crawl of the page that linked to
    // it (every seed of one submit or fire shares one: its transaction's id), and the index keeps
    // one row per crawl and URL (its md5: a URL may be longer than an index entry). A worker of
    // version 6 still running inserts its links without a crawl, so they are not kept once, as
    // before.
    sql: `
      ALTER TABLE corun_jobs ADD COLUMN crawl bigint;
      ALTER TABLE corun_jobs ADD COLUMN linked_from bigint;
      CREATE UNIQUE INDEX corun_jobs_crawled ON corun_jobs (crawl, md5(url))
        WHERE linked_from IS NOT NULL;
    `,
  },
  {
    version: 8,
    what: "an origin's next start counted from the moment its turn is taken",
    // now() is the time the claim's transaction began: a claim that ran a few ms (up to 11 ms with
    // three busy workers on two cores) set the next start that much less than a gap after the
    // moment it took the turn, and requests reached the server closer than the gap. The check
    // that a turn has come still reads now(): earlier than the clock, it never lets one come early.
    // A worker of version 7 still running calls this function too (through corun_claim).
    sql: `
      CREATE OR REPLACE FUNCTION corun_next_start(p_gap_ms integer, p_jitter_ms integer)
      RETURNS timestamptz
      LANGUAGE sql VOLATILE AS $next$
        SELECT clock_timestamp() + (p_gap_ms + random() * p_jitter_ms) * interval '1 millisecond'
      $next$;
    `,
  },
  {
    version: 9,
    what: "a claim returns the turn it took (its origin's next start), for the worker to move it",
    // A worker confirms a paced job's turn as its request is written: when a connection was opened
    // in between, the turn is moved to that moment, if it is still the origin's last (its next
    // start is still the one this claim set), rather than the request going out late and close
    // to the next one. The jobs are locked first and the origin's next start set before they are
    // returned, with it. Another column in the function's result: it is made again. A worker of
    // version 8 still running reads the columns it knows.
    sql: `
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND l.origin = o.origin AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND l.origin = site.origin AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond'
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `,
  },
  {
    version: 10,
    what: "a redirected fetch holds its place under perHost at the origin it went to",
    // A fetch redirected to another origin opened a connection there that no claim counted: its
    // place stayed under the perHost of the origin it left (the in-memory frontier moves it, see
    // Frontier.turnAt). A leased job now counts where held_at says (NULL: its own origin; another
    // origin: a redirect's, which corun_redirect_turn granted; '(waiting)', which is no origin:
    // nowhere, while the redirect waits for a place, having given back the one it left). Claims
    // count by it (the index replaces corun_jobs_leased) and a claim sets it back to NULL. A worker
    // of version 9 still running counts its redirects nowhere, as before.
    sql: `
      ALTER TABLE corun_jobs ADD COLUMN held_at text;
      DROP INDEX corun_jobs_leased;
      CREATE INDEX corun_jobs_held ON corun_jobs (queue, (coalesce(held_at, origin)))
        WHERE state = 'leased';

      CREATE OR REPLACE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;

      -- A held job's redirect to p_origin takes the origin's turn (its gap, its pause) and a place
      -- under its perHost, giving back the one it holds, in one statement. Refused, it holds no
      -- place while it waits (two origins that redirect to each other never wait for each other);
      -- wait_ms says how long the gap or pause still holds, full that perHost refused it. An
      -- origin the queue has no rule for gets p_rule's, as a crawled link's does.
      CREATE FUNCTION corun_redirect_turn(p_queue text, p_origin text, p_job bigint,
        p_worker text, p_per_host integer, p_gap_ms integer, p_jitter_ms integer)
      RETURNS TABLE (granted boolean, turn timestamptz, gap_ms integer, jitter_ms integer,
        wait_ms float8, per_host_full boolean)
      LANGUAGE plpgsql AS $redirect$
      #variable_conflict use_column
      DECLARE
        site record;
        leased integer;
        was text;
        ok boolean;
        next_at timestamptz;
      BEGIN
        INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
        VALUES (p_queue, p_origin, p_per_host, p_gap_ms, p_jitter_ms)
        ON CONFLICT (queue, origin) DO NOTHING;
        -- The origin's row first, then the job's: the order of a claim's locks.
        SELECT o.per_host, o.gap_ms, o.jitter_ms, o.next_start_at, o.paused_until INTO site
        FROM corun_origins o WHERE o.queue = p_queue AND o.origin = p_origin
        FOR UPDATE;
        SELECT coalesce(j.held_at, j.origin) INTO was FROM corun_jobs j
        WHERE j.id = p_job AND j.state = 'leased' AND j.lease_owner = p_worker
        FOR UPDATE;
        SELECT count(*)::int INTO leased FROM corun_jobs l
        WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = p_origin
          AND l.state = 'leased' AND l.id <> p_job;
        ok := site.next_start_at <= now() AND site.paused_until <= now()
          AND leased < site.per_host;
        next_at := NULL;
        IF ok AND corun_paced(site.gap_ms, site.jitter_ms) THEN
          UPDATE corun_origins o SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
          WHERE o.queue = p_queue AND o.origin = p_origin
          RETURNING o.next_start_at INTO next_at;
        END IF;
        UPDATE corun_jobs j SET held_at = CASE WHEN ok THEN p_origin ELSE '(waiting)' END
        WHERE j.id = p_job AND j.state = 'leased' AND j.lease_owner = p_worker;
        -- A place given back where the job held one: the workers waiting for one there look again
        -- (the channel of new work, WAKE_CHANNEL).
        IF was IS NOT NULL AND was <> '(waiting)' AND was <> p_origin THEN
          PERFORM pg_notify('corun_jobs', p_queue);
        END IF;
        RETURN QUERY SELECT ok, next_at, site.gap_ms, site.jitter_ms,
          -- now() among them: the times start at -infinity, which cannot be subtracted.
          CASE WHEN ok THEN 0::float8 ELSE (extract(epoch FROM
            greatest(site.next_start_at, site.paused_until, now()) - now()) * 1000)::float8 END,
          leased >= site.per_host;
      END
      $redirect$;
    `,
  },
  {
    version: 11,
    what: "each save path of a submit once, whichever worker saves it (corun_claim_save)",
    // Two workers (on two machines sharing a mount, or one after the other) saved two fetches
    // to one path, the second silently replacing the first, where a run fails it (SAVE_COLLISION).
    // A save path is now claimed here before its body is read, as a run claims it in memory: the
    // unique index decides which of two workers claiming at once has it, before either writes a
    // byte (a claim at the rename would come after both bodies were in; one in the report, after
    // both renames). Paths are kept per crawl (every seed of one submit or fire and the links found
    // from them: what a run is), so a later submit saving there again is no collision. A file's
    // folders are rows too, so a file where another save needs a folder (a/b and a/b/c.html) meets
    // it under the same index. Keys are taken in one order (C collation: a folder before what is in
    // it), so two claims never wait for each other in a circle; a claim that meets another's file
    // (or folder) takes none of its rows (the inner block is rolled back). md5: a path may be
    // longer than an index entry.
    sql: `
      CREATE TABLE corun_saves (
        crawl bigint NOT NULL,
        path text NOT NULL,
        queue text NOT NULL,
        folder boolean NOT NULL,
        file text NOT NULL,
        task text NOT NULL,
        url text NOT NULL,
        per_fetch boolean NOT NULL,
        job bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX corun_saves_path ON corun_saves (crawl, md5(path));
      CREATE INDEX corun_saves_job ON corun_saves (job) WHERE NOT folder;

      -- Claims p_path (and its folders, p_folders) for job p_job's save in the job's crawl. Returns
      -- nothing when the claim holds; else the row it met: the same file another task saves (or
      -- another fetch, when either names it per fetch: {filename}), a folder some file needs where
      -- this one saves a file, or a file where this one needs a folder.
      CREATE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[], p_task text,
        p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key (a row being inserted is waited for; one
            -- removed meanwhile, a released claim, is inserted again).
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key)
              FOR SHARE;
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;
    `,
  },
  {
    version: 12,
    what: "a save claim reads the rows it meets without locking them (corun_claim_save)",
    // Migration 11's claim took each row it met FOR SHARE: a row lock written (to the row, the WAL,
    // a MultiXact with several workers) on the rows many saves of a crawl meet (the folders they
    // share) on every save, and released at the claim's commit, before the body is saved: it kept
    // nothing from a release, and protected nothing. The same function reads them instead (see
    // below); its rows and its answers are unchanged.
    sql: `
      CREATE OR REPLACE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[],
        p_task text, p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key, read without a lock: the unique index
            -- decides. The insert waits for another claim's insert of the key to commit or roll
            -- back, so a conflict is a committed row, which the SELECT after it (a statement of
            -- its own, with its own snapshot) sees; one removed meanwhile (a released claim) is
            -- inserted again, and one being removed is read as it was, as it would be a moment
            -- before. No statement updates a row: what it says is what a lock would have read.
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key);
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;
    `,
  },
  {
    version: 13,
    what: "a claim returns each job's crawl and its origin's pacing (corun_claim)",
    // The worker read them beside the claim, in the statement that called it: a job or an origin
    // row committed while the claim ran is leased by it, yet not in that statement's snapshot, so
    // its crawl took a second statement, and its origin was taken as paced with no gap (its turn
    // asked for again before it started). The function has both as it leases the job: the row it
    // updates, and the origin's row it holds locked. More columns in the result: it is made again,
    // as in migration 9. A worker of version 12 still running reads the columns it knows.
    sql: `
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz, crawl bigint, gap_ms integer, jitter_ms integer)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at,
                coalesce(j.crawl, j.id), site.gap_ms, site.jitter_ms;
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `,
  },
  {
    version: 14,
    what: "a save path stays claimed while another fetch of its task holds it (holders)",
    // A claim that met its own task's file (its fetch's, for a name a server gave) held by another
    // job added no row: when that job then failed, its report deleted the one row, though this
    // job had saved (or was saving) there, and a fetch of another task saved over the file. Such
    // a claim now adds its job to the row's holders (an update, which waits for a report deleting
    // or handing on the row; one gone meanwhile is claimed anew), and a report of jobs that did
    // not end done takes them out of the holders, hands each row they held to a holder that
    // saved there, else to its next (naming its URL), and deletes the rows nobody holds
    // (corun_release_saves). A row one of its jobs saved is never given up, so a claim meeting it
    // adds nothing: holders are the fetches in flight before the first save (a crawl whose pages
    // render one path does not rewrite an ever longer array); a folder row is never updated.
    sql: `
      ALTER TABLE corun_saves ADD COLUMN holders bigint[] NOT NULL DEFAULT '{}';
      CREATE INDEX corun_saves_holders ON corun_saves USING gin (holders)
        WHERE holders <> '{}';

      CREATE OR REPLACE FUNCTION corun_claim_save(p_job bigint, p_path text, p_folders text[],
        p_task text, p_url text, p_per_fetch boolean)
      RETURNS TABLE (held_path text, held_folder boolean, held_file text, held_task text,
        held_url text)
      LANGUAGE plpgsql AS $save$
      DECLARE
        v_queue text;
        v_crawl bigint;
        v_key text;
        v_hit corun_saves%ROWTYPE;
        v_met boolean := false;
      BEGIN
        SELECT j.queue, coalesce(j.crawl, j.id) INTO v_queue, v_crawl
        FROM corun_jobs j WHERE j.id = p_job;
        IF NOT FOUND THEN RETURN; END IF; -- removed by hand: no crawl to claim in
        BEGIN
          FOR v_key IN SELECT k.key FROM unnest(array_append(p_folders, p_path)) AS k(key)
            ORDER BY k.key COLLATE "C"
          LOOP
            -- Inserted, or the row that holds the key, read without a lock (migration 12).
            LOOP
              v_hit := NULL;
              INSERT INTO corun_saves (crawl, path, queue, folder, file, task, url, per_fetch, job)
              VALUES (v_crawl, v_key, v_queue, v_key <> p_path, p_path, p_task, p_url,
                p_per_fetch, p_job)
              ON CONFLICT (crawl, md5(path)) DO NOTHING;
              EXIT WHEN FOUND;
              SELECT * INTO v_hit FROM corun_saves s
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key);
              CONTINUE WHEN NOT FOUND;
              -- This task's file (this fetch's) held by another job: this one holds it too. The
              -- update waits for a report changing the row, and reads the row as it left it: gone
              -- (or another's), the key is claimed again.
              EXIT WHEN v_key <> p_path OR v_hit.folder OR v_hit.task <> p_task
                OR v_hit.per_fetch <> p_per_fetch OR (p_per_fetch AND v_hit.url <> p_url)
                OR v_hit.job = p_job OR p_job = ANY(v_hit.holders);
              -- Saved by one of them (done, for good): the row is never given up again, so
              -- this job adds nothing (holders stay the fetches in flight before a success;
              -- a crawl's pages rendering one path do not grow the row with each).
              EXIT WHEN EXISTS (SELECT 1 FROM corun_jobs j
                WHERE j.id = ANY(v_hit.job || v_hit.holders) AND j.state = 'done');
              UPDATE corun_saves s SET holders = s.holders || p_job
              WHERE s.crawl = v_crawl AND md5(s.path) = md5(v_key) AND NOT s.folder
                AND s.task = p_task AND s.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR s.url = p_url);
              EXIT WHEN FOUND;
            END LOOP;
            IF v_hit.crawl IS NOT NULL AND (v_hit.folder <> (v_key <> p_path)
              OR (NOT v_hit.folder AND NOT (v_hit.task = p_task AND v_hit.per_fetch = p_per_fetch
                AND (NOT p_per_fetch OR v_hit.url = p_url))))
            THEN
              v_met := true;
              RAISE EXCEPTION USING ERRCODE = 'CR001';
            END IF;
          END LOOP;
        EXCEPTION WHEN SQLSTATE 'CR001' THEN
          NULL; -- the rows this claim took are gone with the block
        END;
        IF v_met THEN
          RETURN QUERY SELECT v_hit.path, v_hit.folder, v_hit.file, v_hit.task, v_hit.url;
        END IF;
      END
      $save$;

      -- Gives back the files claimed by jobs p_jobs that did not end done (queued again, or
      -- failed; not one another worker holds now): each leaves the holders of the rows it was
      -- one of; a row it claimed goes to its next holder, or is deleted when it has none. The
      -- folders they needed stay claimed for the crawl.
      CREATE FUNCTION corun_release_saves(p_jobs bigint[])
      RETURNS void
      LANGUAGE plpgsql AS $release$
      DECLARE
        v_gone bigint[];
      BEGIN
        SELECT coalesce(array_agg(j.id), '{}') INTO v_gone FROM corun_jobs j
        WHERE j.id = ANY(p_jobs) AND j.state IN ('queued', 'failed');
        IF cardinality(v_gone) = 0 THEN RETURN; END IF;
        -- Locked first, in one order: a claim that added its job to a row's holders (uncommitted)
        -- is waited for, and seen by the statements below; a claim after waits for this report.
        PERFORM 1 FROM corun_saves s
        WHERE (s.job = ANY(v_gone) OR (s.holders && v_gone AND s.holders <> '{}')) AND NOT s.folder
        ORDER BY s.crawl, md5(s.path)
        FOR UPDATE;
        -- The jobs leave the holders, and so do those that ended without a save meanwhile
        -- (reported by a worker before version 14, which left them in): a row is handed on only to
        -- a fetch under way or done.
        UPDATE corun_saves s
        SET holders = ARRAY(SELECT h FROM unnest(s.holders) AS h
          WHERE NOT h = ANY(v_gone) AND EXISTS (SELECT 1 FROM corun_jobs j
            WHERE j.id = h AND j.state IN ('leased', 'done')))
        WHERE (s.job = ANY(v_gone) OR s.holders && v_gone) AND s.holders <> '{}' AND NOT s.folder;
        -- A row whose job is gone goes to a holder that saved there, if any (the row is then
        -- never given up: its other holders are dropped), else to the first still fetching.
        UPDATE corun_saves s SET (job, url, holders) = (
          SELECT h.id, coalesce(j.url, s.url),
            CASE WHEN j.state = 'done' THEN '{}'::bigint[] ELSE array_remove(s.holders, h.id) END
          FROM unnest(s.holders) WITH ORDINALITY AS h(id, n) LEFT JOIN corun_jobs j ON j.id = h.id
          ORDER BY j.state = 'done' DESC NULLS LAST, h.n
          LIMIT 1)
        WHERE s.job = ANY(v_gone) AND NOT s.folder AND s.holders <> '{}';
        DELETE FROM corun_saves s WHERE s.job = ANY(v_gone) AND NOT s.folder;
      END
      $release$;
    `,
  },
  {
    version: 15,
    what: "each job's run time, its submit's or fire's, for {date} (corun_claim)",
    // A worker rendered {date} from its own start: one that ran for days saved every day's fetch
    // under its first day, each over the one before. A job now keeps the time of the submit or
    // fire that queued its crawl (a crawled link, its page's), and a claim returns it. A row from
    // before (or a link a worker of version 14 still running queues) has none: its creation time
    // stands in. More columns in the result: the function is made again, as in migration 13.
    sql: `
      ALTER TABLE corun_jobs ADD COLUMN run_at timestamptz;
      DROP FUNCTION corun_claim(text, text, integer, float8, bigint, boolean);
      CREATE FUNCTION corun_claim(p_queue text, p_worker text, p_want integer,
        p_lease_ms float8, p_only bigint, p_nested boolean)
      RETURNS TABLE (id bigint, task text, origin text, url text, payload jsonb, attempt integer,
        turn timestamptz, crawl bigint, gap_ms integer, jitter_ms integer, run_at timestamptz)
      LANGUAGE plpgsql AS $claim$
      #variable_conflict use_column
      DECLARE
        site record;
        tried text[] := '{}';
        got integer := 0;
        room integer;
        leased integer;
        ids bigint[];
        next_at timestamptz;
      BEGIN
        WHILE got < p_want LOOP
          -- The origin whose next start came first, among those not locked by another claim,
          -- not paused, with a due job, and (unless nested) a free connection.
          SELECT o.origin, o.per_host, o.gap_ms, o.jitter_ms, busy.n AS leased INTO site
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM corun_jobs l
            WHERE l.queue = o.queue AND coalesce(l.held_at, l.origin) = o.origin
              AND l.state = 'leased') busy
          WHERE o.queue = p_queue AND o.next_start_at <= now() AND o.paused_until <= now()
            AND NOT (o.origin = ANY(tried))
            AND (p_nested OR busy.n < o.per_host)
            AND EXISTS (SELECT 1 FROM corun_jobs j
              WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
                AND j.not_before <= now()
                AND (CASE WHEN p_only IS NULL THEN j.reserved_for IS NULL ELSE j.id = p_only END))
          ORDER BY o.next_start_at
          LIMIT 1
          FOR UPDATE OF o SKIP LOCKED;
          EXIT WHEN NOT FOUND;
          tried := tried || site.origin;
          -- Counted again now that the row is ours: the count above may predate another claim
          -- of this origin that committed while this one waited for its turn.
          SELECT count(*)::int INTO leased FROM corun_jobs l
          WHERE l.queue = p_queue AND coalesce(l.held_at, l.origin) = site.origin
            AND l.state = 'leased';
          -- A paced origin starts one job per gap; a nested fetch takes its own job only.
          IF p_nested THEN room := 1;
          ELSIF leased >= site.per_host THEN room := 0;
          ELSIF corun_paced(site.gap_ms, site.jitter_ms) THEN room := 1;
          ELSE room := site.per_host - leased;
          END IF;
          room := least(room, p_want - got);
          CONTINUE WHEN room <= 0;
          SELECT coalesce(array_agg(pick.id), '{}') INTO ids FROM (
            SELECT k.id FROM corun_jobs k
            WHERE k.queue = p_queue AND k.origin = site.origin AND k.state = 'queued'
              AND k.not_before <= now()
              AND (CASE WHEN p_only IS NULL THEN k.reserved_for IS NULL ELSE k.id = p_only END)
            ORDER BY k.id
            LIMIT room
            FOR UPDATE SKIP LOCKED) pick;
          IF cardinality(ids) > 0 THEN
            next_at := NULL;
            IF corun_paced(site.gap_ms, site.jitter_ms) THEN
              UPDATE corun_origins o
              SET next_start_at = corun_next_start(site.gap_ms, site.jitter_ms)
              WHERE o.queue = p_queue AND o.origin = site.origin
              RETURNING o.next_start_at INTO next_at;
            END IF;
            RETURN QUERY
              UPDATE corun_jobs j SET state = 'leased', lease_owner = p_worker,
                lease_until = now() + p_lease_ms * interval '1 millisecond', held_at = NULL
              WHERE j.id = ANY(ids)
              RETURNING j.id, j.task, j.origin, j.url, j.payload, j.attempt, next_at,
                coalesce(j.crawl, j.id), site.gap_ms, site.jitter_ms,
                coalesce(j.run_at, j.created_at);
            got := got + cardinality(ids);
          END IF;
          EXIT WHEN p_only IS NOT NULL;
        END LOOP;
      END
      $claim$;
    `,
  },
  {
    version: 16,
    what: "the fetches under way when their queue was cancelled queue no links (db cancel)",
    // `corun db cancel` removes a queue's waiting fetches and leaves those leased to finish: their
    // pages' links would grow a cancelled crawl again. It marks every fetch of the crawls it
    // cancels left open, and a link of a marked page is not queued (insertLinks). A worker of
    // version 15 still running queues them, as before.
    sql: `ALTER TABLE corun_jobs ADD COLUMN cancelled_at timestamptz;`,
  },
];

/** The schema version this corun writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Two processes migrating at once: the second waits for the first (an arbitrary, fixed key). */
const MIGRATION_LOCK = 0x636f72756e; // "corun"

/**
 * Brings the database's corun tables up to {@linkcode SCHEMA_VERSION}.
 *
 * @param sql A connected client.
 * @param target The version to stop at: an older corun's tables, for a test of an upgrade.
 * @returns The versions applied now (empty when it was up to date).
 * @throws {Error} When the database was migrated by a newer corun, or its older tables cannot be
 *   upgraded by the role connected (both versions and the fix; the server's error as the cause).
 */
export async function migrate(sql: Sql, target = SCHEMA_VERSION): Promise<number[]> {
  await firstAnswer(sql);
  const steps = MIGRATIONS.filter((step) => step.version <= target);
  // Up to date, nothing is created: a role without the right to create tables (they were made in
  // a deploy step, `corun db migrate`) uses them as they are.
  const present = await appliedVersions(sql);
  if (present !== undefined && isUpToDate(present, steps)) return [];
  try {
    return await upgrade(sql, steps);
  } catch (error) {
    if (present === undefined) throw error;
    const ours = Math.max(0, ...steps.map((step) => step.version));
    throw await upgradeRefused(sql, Math.max(0, ...present), ours, error);
  }
}

/** Applies the steps not yet applied, in one transaction, under the migration lock. */
function upgrade(sql: Sql, steps: readonly Migration[]): Promise<number[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM corun_migrations`;
    const have = new Set(rows.map((row) => row.version));
    if (isUpToDate(have, steps)) return [];
    const applied: number[] = [];
    for (const step of steps) {
      if (have.has(step.version)) continue;
      await tx.unsafe(step.sql);
      await tx`INSERT INTO corun_migrations (version, what) VALUES (${step.version}, ${step.what})`;
      applied.push(step.version);
    }
    return applied;
  });
}

/** The versions applied, or undefined when the database has no corun tables yet. */
async function appliedVersions(sql: Sql): Promise<Set<number> | undefined> {
  const [table] = await sql<{ found: boolean }[]>`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;
  if (!table.found) return undefined;
  const rows = await sql<{ version: number }[]>`SELECT version FROM corun_migrations`;
  return new Set(rows.map((row) => row.version));
}

/**
 * Whether every one of `steps` was applied.
 *
 * @throws {Error} When the database was migrated beyond them (by a newer corun).
 */
function isUpToDate(have: ReadonlySet<number>, steps: readonly Migration[]): boolean {
  const newest = Math.max(0, ...have);
  const ours = Math.max(0, ...steps.map((step) => step.version));
  if (newest > ours) {
    throw new Error(
      `The database's corun tables are at version ${newest}, newer than this corun's ` +
        `${ours}: upgrade corun on this machine`,
    );
  }
  return steps.every((step) => have.has(step.version));
}
