import{a as Qt,b as Vt,f as Zt}from"./chunk-JDT653LB.js";import{e as Xt,g as ze,l as Kt,m as Xe,x as Jt}from"./chunk-44WRWNLG.js";async function en(t){let e=t.options.connect_timeout+2,n,r=new Promise((i,a)=>{n=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),r])}finally{clearTimeout(n)}}var dt=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `},{version:2,what:"claims in one call (corun_claim)",sql:`
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
    `},{version:3,what:"indexes for queues of many origins",sql:`
      CREATE INDEX corun_origins_next ON corun_origins (queue, next_start_at);
      CREATE INDEX corun_jobs_failed ON corun_jobs (queue, finished_at) WHERE state = 'failed';
      CREATE INDEX corun_jobs_due ON corun_jobs (queue, origin, not_before) WHERE state = 'queued';
    `},{version:4,what:"each worker's lease, to remove the reserved jobs of a worker that is gone",sql:`
      ALTER TABLE corun_workers ADD COLUMN lease_ms integer NOT NULL DEFAULT 30000;

      CREATE INDEX corun_jobs_reserved_open ON corun_jobs (queue)
        WHERE reserved_for IS NOT NULL AND state IN ('queued', 'leased');

      CREATE FUNCTION corun_owner_gone(p_worker text) RETURNS boolean
      LANGUAGE sql STABLE AS $gone$
        SELECT EXISTS (SELECT 1 FROM corun_workers w
          WHERE w.id = p_worker AND (w.stopped_at IS NOT NULL
            OR w.last_seen < now() - w.lease_ms * interval '1 millisecond'))
      $gone$;
    `},{version:5,what:"one rule of a paced origin and of its next start (corun_paced, corun_next_start)",sql:`
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
    `},{version:6,what:"jobs left out (a crawled link that redirected off the crawl's origins), apart from done",sql:`
      ALTER TABLE corun_jobs DROP CONSTRAINT corun_jobs_state_check;
      ALTER TABLE corun_jobs ADD CONSTRAINT corun_jobs_state_check
        CHECK (state IN ('queued', 'leased', 'done', 'failed', 'skipped'));
      ALTER TABLE corun_workers ADD COLUMN skipped integer NOT NULL DEFAULT 0;
    `},{version:7,what:"each crawl's links once, whichever worker found them",sql:`
      ALTER TABLE corun_jobs ADD COLUMN crawl bigint;
      ALTER TABLE corun_jobs ADD COLUMN linked_from bigint;
      CREATE UNIQUE INDEX corun_jobs_crawled ON corun_jobs (crawl, md5(url))
        WHERE linked_from IS NOT NULL;
    `},{version:8,what:"an origin's next start counted from the moment its turn is taken",sql:`
      CREATE OR REPLACE FUNCTION corun_next_start(p_gap_ms integer, p_jitter_ms integer)
      RETURNS timestamptz
      LANGUAGE sql VOLATILE AS $next$
        SELECT clock_timestamp() + (p_gap_ms + random() * p_jitter_ms) * interval '1 millisecond'
      $next$;
    `},{version:9,what:"a claim returns the turn it took (its origin's next start), for the worker to move it",sql:`
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
    `},{version:10,what:"a redirected fetch holds its place under perHost at the origin it went to",sql:`
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
    `},{version:11,what:"each save path of a submit once, whichever worker saves it (corun_claim_save)",sql:`
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
    `}],nn=dt[dt.length-1].version,kr=427071534446;async function ft(t,e=nn){await en(t);let n=dt.filter(i=>i.version<=e),r=await vr(t);return r!==void 0&&tn(r,n)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${kr})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,u=new Set(a.map(c=>c.version));if(tn(u,n))return[];let l=[];for(let c of n)u.has(c.version)||(await i.unsafe(c.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${c.version}, ${c.what})`,l.push(c.version));return l})}async function vr(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let n=await t`SELECT version FROM corun_migrations`;return new Set(n.map(r=>r.version))}function tn(t,e){let n=Math.max(0,...t),r=Math.max(0,...e.map(i=>i.version));if(n>r)throw new Error(`The database's corun tables are at version ${n}, newer than this corun's ${r}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var Mr=new Set(["ECONNREFUSED","ECONNRESET","ECONNABORTED","EPIPE","ETIMEDOUT","EHOSTUNREACH","EHOSTDOWN","ENETUNREACH","ENETDOWN","EAI_AGAIN"]);function Fe(t){let e=ze(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||Mr.has(e)||e.startsWith("08")||e==="57P01"||e==="57P02"||e==="57P03"||e==="57014"||e==="40001"||e==="40P01"||e==="55P03"||e.startsWith("53")}import os from"node:os";import as from"node:fs";var Ke=new Map,ht=new Map,pt=Symbol("OriginError"),ye={},te=class extends Promise{constructor(e,n,r,i,a={}){let u,l;super((c,E)=>{u=c,l=E}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=n,this.handler=r,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=c=>(this.active=!1,u(c)),this.reject=c=>(this.active=!1,l(c)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[pt]=this.handler.debug?new Error:this.tagged&&Fr(this.strings)}get origin(){return(this.handler.debug?this[pt].stack:this.tagged&&ht.has(this.strings)?ht.get(this.strings):ht.set(this.strings,this[pt].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,n){if(this.options.simple=!1,typeof e=="function"&&(n=e,e=1),this.cursorRows=e,typeof n=="function")return this.cursorFn=n,this;let r;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};r&&r();let i=new Promise((a,u)=>{this.cursorFn=l=>(a({value:l,done:!1}),new Promise(c=>r=c)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=l=>(this.active=!1,u(l))});return this.execute(),i},return(){return r&&r(ye),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function Fr(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var ge=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},P={connection:rn,postgres:sn,generic:on,notSupported:an};function rn(t,e,n){let{host:r,port:i}=n||e,a=Object.assign(new Error("write "+t+" "+(e.path||r+":"+i)),{code:t,errno:t,address:e.path||r},e.path?{}:{port:i});return Error.captureStackTrace(a,rn),a}function sn(t){let e=new ge(t);return Error.captureStackTrace(e,sn),e}function on(t,e){let n=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(n,on),n}function an(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,an),e}var $r={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},$e=class{then(){Et()}catch(){Et()}finally(){Et()}},Re=class extends $e{constructor(e){super(),this.value=Ze(e)}},oe=class extends $e{constructor(e,n,r){super(),this.value=e,this.type=n,this.array=r}},He=class extends $e{constructor(e,n){super(),this.first=e,this.rest=n}build(e,n,r,i){let a=Hr.map(([u,l])=>({fn:l,i:e.search(u)})).sort((u,l)=>u.i-l.i).pop();return a.i===-1?wt(this.first,i):a.fn(this.first,this.rest,n,r,i)}};function Ve(t,e,n,r){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=r.transform.undefined:i=t=r.transform.undefined,i===void 0))throw P.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+n.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Qe(t.value)]||t.type||dn(t.value):t.type):(e.push(t),Qe(t)))}var ln=hn($r);function gt(t,e,n,r,i,a){for(let u=1;u<t.strings.length;u++)e+=Nt(e,n,r,i,a)+t.strings[u],n=t.args[u];return e}function Nt(t,e,n,r,i){return e instanceof He?e.build(t,n,r,i):e instanceof te?mt(e,n,r,i):e instanceof Re?e.value:e&&e[0]instanceof te?e.reduce((a,u)=>a+" "+mt(u,n,r,i),""):Ve(e,n,r,i)}function mt(t,e,n,r){return t.fragment=!0,gt(t,t.strings[0],t.args[0],e,n,r)}function cn(t,e,n,r,i){return t.map(a=>"("+r.map(u=>Nt("values",a[u],e,n,i)).join(",")+")").join(",")}function un(t,e,n,r,i){let a=Array.isArray(t[0]),u=e.length?e.flat():Object.keys(a?t[0]:t);return cn(a?t:[t],n,r,u,i)}function Je(t,e,n,r,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return wt(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(l=>(a=t[l],(a instanceof te?mt(a,n,r,i):a instanceof Re?a.value:Ve(a,n,r,i))+" as "+Ze(i.transform.column.to?i.transform.column.to(l):l))).join(",")}var Hr=Object.entries({values:un,in:(...t)=>{let e=un(...t);return e==="()"?"(null)":e},select:Je,as:Je,returning:Je,"\\(":Je,update(t,e,n,r,i){return(e.length?e.flat():Object.keys(t)).map(a=>Ze(i.transform.column.to?i.transform.column.to(a):a)+"="+Nt("values",t[a],n,r,i))},insert(t,e,n,r,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+wt(a,i)+")values"+cn(Array.isArray(t)?t:[t],n,r,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function Et(){throw P.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var Pr=ln.serializers,qr=ln.parsers;function dn(t){return Array.isArray(t)?dn(t[0]):typeof t=="string"?1009:0}var fn=function(t){let e=hn(t||{});return{serializers:Object.assign({},Pr,e.serializers),parsers:Object.assign({},qr,e.parsers)}};function hn(t){return Object.keys(t).reduce((e,n)=>(t[n].from&&[].concat(t[n].from).forEach(r=>e.parsers[r]=t[n].parse),t[n].serialize&&(e.serializers[t[n].to]=t[n].serialize,t[n].from&&[].concat(t[n].from).forEach(r=>e.serializers[r]=t[n].serialize)),e),{parsers:{},serializers:{}})}function wt(t,{transform:{column:e}}){return t.map(n=>Ze(e.to?e.to(n):n)).join(",")}var Ze=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Qe=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Wr=/\\/g,xr=/"/g;function Br(t){return t.replace(Wr,"\\\\").replace(xr,'\\"')}var pn=function t(e,n,r,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],u=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(l=>t(l,n,r,i)).join(u)+"}":"{"+e.map(l=>{if(l===void 0&&(l=r.transform.undefined,l===void 0))throw P.generic("UNDEFINED_VALUE","Undefined values are not allowed");return l===null?"null":'"'+Br(n?n(l.type?l.value:l):""+l)+'"'}).join(u)+"}"},_t={i:0,char:null,str:"",quoted:!1,last:0},En=function(e,n,r){return _t.i=_t.last=0,_n(_t,e,n,r)};function _n(t,e,n,r){let i=[],a=r===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(n?n(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(_n(t,e,n,r));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(n?n(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(n?n(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var Ne=t=>{let e=t[0];for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},we=t=>{let e=t[0].toUpperCase();for(let n=1;n<t.length;n++)e+=t[n]==="_"?t[++n].toUpperCase():t[n];return e},Te=t=>t.replace(/_/g,"-"),Pe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),qe=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),We=t=>t.replace(/-/g,"_");function Tt(t){return function e(n,r){return typeof n=="object"&&n!==null&&(r.type===114||r.type===3802)?Array.isArray(n)?n.map(i=>e(i,r)):Object.entries(n).reduce((i,[a,u])=>Object.assign(i,{[t(a)]:e(u,r)}),{}):n}}Ne.column={from:Ne};Ne.value={from:Tt(Ne)};Pe.column={to:Pe};var At={...Ne};At.column.to=Pe;we.column={from:we};we.value={from:Tt(we)};qe.column={to:qe};var St={...we};St.column.to=qe;Te.column={from:Te};Te.value={from:Tt(Te)};We.column={to:We};var Lt={...Te};Lt.column.to=We;import mn from"node:net";import Xr from"node:tls";import xe from"node:crypto";import Ot from"node:stream";import{performance as gn}from"node:perf_hooks";var Ee=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var ne=Gr;function Gr(t=[]){let e=t.slice(),n=0;return{get length(){return e.length-n},remove:r=>{let i=e.indexOf(r);return i===-1?null:(e.splice(i,1),r)},push:r=>(e.push(r),r),shift:()=>{let r=e[n++];return n===e.length?(n=0,e=[]):e[n-1]=void 0,r}}}var X=Buffer.allocUnsafe(256),Yr="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let n=e.charCodeAt(0);return t[e]=()=>(X[0]=n,D.i=5,D),t},{}),D=Object.assign(zr,Yr,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return et(e),D.i+=X.write(t,D.i,e,"utf8"),D},i16(t){return et(2),X.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(X.writeUInt32BE(t,e),D):(et(4),X.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return et(t),X.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return X=Buffer.concat([X.subarray(0,D.i),t]),D.i=X.length,D},end(t=1){X.writeUInt32BE(D.i-t,t);let e=X.subarray(0,D.i);return D.i=0,X=Buffer.allocUnsafe(256),e}}),_=D;function et(t){if(X.length-D.i<t){let e=X,n=e.length;X=Buffer.allocUnsafe(n+(n>>1)+t),e.copy(X)}}function zr(){return D.i=0,D}var Rt=Tn,Kr=1,_e=_().S().end(),Nn=_().H().end(),Jr=_().i32(8).i32(80877103).end(8),Qr=Buffer.concat([_().E().str(_.N).i32(0).end(),_e]),Vr=_().D().str("S").str(_.N).end(),be=()=>{},Zr=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),es={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function Tn(t,e={},{onopen:n=be,onend:r=be,onclose:i=be}={}){let{sslnegotiation:a,ssl:u,max:l,user:c,host:E,port:f,database:L,parsers:T,transform:A,onnotice:k,onnotify:g,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:re,target_session_attrs:Z}=t,O=ne(),fe=Kr++,ue={pid:null,secret:null},Ae=yt(lt,t.idle_timeout),me=yt(lt,t.max_lifetime),y=yt(zn,t.connect_timeout),p=null,le,V=null,R=new Ee,K=Buffer.alloc(0),Se=t.fetch_types,ce={},d={},N=Math.random().toString(36).slice(2),C=1,q=0,$=0,w=0,b=0,M=0,F=0,W=0,J=null,I=null,de=!1,ae=null,he=null,G=null,v=null,j=null,ee=null,Ge=null,at=null,h=null,Ce=null,Y={queue:e.closed,idleTimer:Ae,connect(s){G=s,xt()},terminate:Me,execute:ke,cancel:xn,end:lt,count:0,id:fe};return e.closed&&e.closed.push(Y),Y;async function Wn(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new mn.Socket}catch(o){Oe(o);return}return s.on("error",Oe),s.on("close",Bt),s.on("drain",qt),s}async function xn({pid:s,secret:o},m,S){try{le=_().i32(16).i32(80877102).i32(s).i32(o).end(16),await Wt(),p.once("error",S),p.once("close",m)}catch(H){S(H)}}function ke(s){if(de)return ve(s,P.connection("CONNECTION_DESTROYED",t));if(j)return ve(s,P.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=ue,h?O.push(s):(h=s,h.active=!0),Yn(s),B(Bn(s))&&!s.describeFirst&&!s.cursorFn&&O.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(o){return O.length===0&&B(_e),se(o),!0}}function Bn(s){if(s.parameters.length>=65534)throw P.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?_().Q().str(s.statement.string+_.N).end():s.describeFirst?Buffer.concat([$t(s),Nn]):s.prepare?s.prepared?Ye(s):Buffer.concat([$t(s),Ye(s)]):Gn(s)}function $t(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types,s.statement.name),jr("S",s.statement.name)])}function Ye(s){return Buffer.concat([Ir(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?zt("",s.cursorRows):Qr])}function Gn(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types),Vr,Ye(s)])}function Yn(s){let o=[],m=[],S=gt(s,s.strings[0],s.args[0],o,m,t);!s.tagged&&s.args.forEach(H=>Ve(H,o,m,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=S,s.signature=s.prepare&&m+S,s.onlyDescribe&&delete d[s.signature],s.parameters=s.parameters||o,s.prepared=s.prepare&&s.signature in d,s.describeFirst=s.onlyDescribe||o.length&&!s.prepared,s.statement=s.prepared?d[s.signature]:{string:S,types:m,name:s.prepare?N+C++:""},typeof t.debug=="function"&&t.debug(fe,S,o,m)}function B(s,o){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),o||ee.length>=1024?Ht(o):(I===null&&(I=setImmediate(Ht)),!0)}function Ht(s){let o=p.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,o}function zn(){se(P.connection("CONNECT_TIMEOUT",t,p)),p.destroy()}async function Pt(){if(a!=="direct"&&(B(Jr),!await new Promise(m=>p.once("data",S=>m(S[0]===83)))&&u==="prefer"))return Le();let s={socket:p,servername:mn.isIP(p.host)?void 0:p.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),u==="require"||u==="allow"||u==="prefer"?s.rejectUnauthorized=!1:typeof u=="object"&&Object.assign(s,u),p.removeAllListeners(),p=Xr.connect(s),p.on("secureConnect",Le),p.on("error",Oe),p.on("close",Bt),p.on("drain",qt)}function qt(){!h&&n(Y)}function ut(s){if(!(ae&&(ae.push(s),$-=s.length,$>0)))for(K=ae?Buffer.concat(ae,M-$):K.length===0?s:Buffer.concat([K,s],K.length+s.length);K.length>4;){if(M=K.readUInt32BE(1),M>=K.length){$=M-K.length,ae=[K];break}try{Xn(K.subarray(0,M+1))}catch(o){h&&(h.cursorFn||h.describeFirst)&&B(_e),se(o)}K=K.subarray(M+1),$=0,ae=null}}async function Wt(){if(de=!1,ce={},p||(p=await Wn()),!!p){if(y.start(),t.socket)return u?Pt():Le();if(p.on("connect",u?Pt:Le),t.path)return p.connect(t.path);p.ssl=u,p.connect(f[w],E[w]),p.host=E[w],p.port=f[w],w=(w+1)%f.length}}function xt(){setTimeout(Wt,q?Math.max(0,q+F-gn.now()):0)}function Le(){try{d={},Se=t.fetch_types,N=Math.random().toString(36).slice(2),C=1,me.start(),p.on("data",ut),ie&&p.setKeepAlive&&p.setKeepAlive(!0,1e3*ie);let s=Cr();B(s)}catch(s){Oe(s)}}function Oe(s){if(!(Y.queue===e.connecting&&t.host[b+1]))for(se(s);O.length;)ve(O.shift(),s)}function se(s){j&&(j.destroy(s),j=null),h&&ve(h,s),G&&(ve(G,s),G=null)}function ve(s,o){if(s.reserve)return s.reject(o);(!o||typeof o!="object")&&(o=new Error(o)),"query"in o||"parameters"in o||Object.defineProperties(o,{stack:{value:o.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(o)}function lt(){return v||(!Y.reserved&&r(Y),!Y.reserved&&!G&&!h&&O.length===0?(Me(),new Promise(s=>p&&p.readyState!=="closed"?p.once("close",s):s())):v=new Promise(s=>Ge=s))}function Me(){de=!0,(j||h||G||O.length)&&Oe(P.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),p&&(p.removeListener("data",ut),p.removeListener("connect",Le),p.readyState==="open"&&p.end(_().X().end())),Ge&&(Ge(),v=Ge=null)}async function Bt(s){if(K=Buffer.alloc(0),$=0,ae=null,clearImmediate(I),p.removeListener("data",ut),p.removeListener("connect",Le),Ae.cancel(),me.cancel(),y.cancel(),p.removeAllListeners(),p=null,G)return xt();!s&&(h||O.length)&&Oe(P.connection("CONNECTION_CLOSED",t,p)),q=gn.now(),s&&t.shared.retries++,F=(typeof re=="function"?re(t.shared.retries):re)*1e3,i(Y,P.connection("CONNECTION_CLOSED",t,p))}function Xn(s,o=s[0]){(o===68?Kn:o===100?Ar:o===65?_r:o===83?Jn:o===90?Qn:o===67?Vn:o===50?Gt:o===49?Zn:o===116?er:o===84?tr:o===82?nr:o===110?ur:o===75?lr:o===69?pr:o===115?mr:o===51?gr:o===71?Nr:o===78?Lr:o===72?wr:o===99?Sr:o===73?Or:o===86?yr:o===118?Rr:o===87?Tr:br)(s)}function Kn(s){let o=7,m,S,H,z=h.isRaw?new Array(h.statement.columns.length):{};for(let Q=0;Q<h.statement.columns.length;Q++)S=h.statement.columns[Q],m=s.readInt32BE(o),o+=4,H=m===-1?null:h.isRaw===!0?s.subarray(o,o+=m):S.parser===void 0?s.toString("utf8",o,o+=m):S.parser.array===!0?S.parser(s.toString("utf8",o+1,o+=m)):S.parser(s.toString("utf8",o,o+=m)),h.isRaw?z[Q]=h.isRaw===!0?H:A.value.from?A.value.from(H,S):H:z[S.name]=A.value.from?A.value.from(H,S):H;h.forEachFn?h.forEachFn(A.row.from?A.row.from(z):z,R):R[W++]=A.row.from?A.row.from(z):z}function Jn(s){let[o,m]=s.toString("utf8",5,s.length-1).split(_.N);ce[o]=m,t.parameters[o]!==m&&(t.parameters[o]=m,x&&x(o,m))}function Qn(s){if(h?V?h.retried?se(h.retried):h.prepared&&Zr.has(V.routine)?Er(h,V):se(V):h.resolve(he||R):V&&se(V),h=he=V=null,R=new Ee,y.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return hr();if(fr(Z,ce))return Me()}if(Se)return G.reserve&&(G=null),cr();G&&!G.reserve&&ke(G),t.shared.retries=b=0,G=null;return}for(;O.length&&(h=O.shift())&&(h.active=!0,h.cancelled);)Tn(t).cancel(h.state,h.cancelled.resolve,h.cancelled.reject);h||(Y.reserved?!Y.reserved.release&&s[5]===73?v?Me():(Y.reserved=null,n(Y)):Y.reserved():v?Me():n(Y))}function Vn(s){W=0;for(let o=s.length-1;o>0;o--)if(s[o]===32&&s[o+1]<58&&R.count===null&&(R.count=+s.toString("utf8",o+1,s.length-1)),s[o-1]>=65){R.command=s.toString("utf8",5,o),R.state=ue;break}if(Ce&&(Ce(),Ce=null),R.command==="BEGIN"&&l!==1&&!Y.reserved)return se(P.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(h.options.simple)return Gt();h.cursorFn&&(R.count&&h.cursorFn(R),B(_e))}function Zn(){h.parsing=!1}function Gt(){!R.statement&&(R.statement=h.statement),R.columns=h.statement.columns}function er(s){let o=s.readUInt16BE(5);for(let m=0;m<o;++m)!h.statement.types[m]&&(h.statement.types[m]=s.readUInt32BE(7+m*4));h.prepare&&(d[h.signature]=h.statement),h.describeFirst&&!h.onlyDescribe&&(B(Ye(h)),h.describeFirst=!1)}function tr(s){R.command&&(he=he||[R],he.push(R=new Ee),R.count=null,h.statement.columns=null);let o=s.readUInt16BE(5),m=7,S;h.statement.columns=Array(o);for(let H=0;H<o;++H){for(S=m;s[m++]!==0;);let z=s.readUInt32BE(m),Q=s.readUInt16BE(m+4),pe=s.readUInt32BE(m+6);h.statement.columns[H]={name:A.column.from?A.column.from(s.toString("utf8",S,m-1)):s.toString("utf8",S,m-1),parser:T[pe],table:z,number:Q,type:pe},m+=18}if(R.statement=h.statement,h.onlyDescribe)return h.resolve(h.statement),B(_e)}async function nr(s,o=s.readUInt32BE(5)){(o===3?rr:o===5?sr:o===10?ir:o===11?or:o===12?ar:o!==0?Dr:be)(s,o)}async function rr(){let s=await ct();B(_().p().str(s).z(1).end())}async function sr(s){let o="md5"+await wn(Buffer.concat([Buffer.from(await wn(await ct()+c)),s.subarray(9)]));B(_().p().str(o).z(1).end())}async function ir(){at=(await xe.randomBytes(18)).toString("base64"),_().p().str("SCRAM-SHA-256"+_.N);let s=_.i;B(_.inc(4).str("n,,n=*,r="+at).i32(_.i-s-4,s).end())}async function or(s){let o=s.toString("utf8",9).split(",").reduce((Q,pe)=>(Q[pe[0]]=pe.slice(2),Q),{}),m=await xe.pbkdf2Sync(await ct(),Buffer.from(o.s,"base64"),parseInt(o.i),32,"sha256"),S=await nt(m,"Client Key"),H="n=*,r="+at+",r="+o.r+",s="+o.s+",i="+o.i+",c=biws,r="+o.r;J=(await nt(await nt(m,"Server Key"),H)).toString("base64");let z="c=biws,r="+o.r+",p="+ns(S,Buffer.from(await nt(await ts(S),H))).toString("base64");B(_().p().str(z).end())}function ar(s){s.toString("utf8",9).split(_.N,1)[0].slice(2)!==J&&(se(P.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),p.destroy())}function ct(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function ur(){if(R.statement=h.statement,R.statement.columns=[],h.onlyDescribe)return h.resolve(h.statement),B(_e)}function lr(s){ue.pid=s.readUInt32BE(5),ue.secret=s.readUInt32BE(9)}async function cr(){Se=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],ke)).forEach(({oid:o,typarray:m})=>dr(o,m))}function dr(s,o){if(t.parsers[o]&&t.serializers[o])return;let m=t.parsers[s];t.shared.typeArrayMap[s]=o,t.parsers[o]=S=>En(S,m,o),t.parsers[o].array=!0,t.serializers[o]=S=>pn(S,t.serializers[s],t,o)}function fr(s,o){return s==="read-write"&&o.default_transaction_read_only==="on"||s==="read-only"&&o.default_transaction_read_only==="off"||s==="primary"&&o.in_hot_standby==="on"||s==="standby"&&o.in_hot_standby==="off"||s==="prefer-standby"&&o.in_hot_standby==="off"&&t.host[b]}function hr(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],ke,null,{simple:!0});s.resolve=([[o],[m]])=>{ce.default_transaction_read_only=o.transaction_read_only,ce.in_hot_standby=m.pg_is_in_recovery?"on":"off"},s.execute()}function pr(s){h?((h.cursorFn||h.describeFirst)&&B(_e),V=P.postgres(tt(s))):se(P.postgres(tt(s)))}function Er(s,o){delete d[s.signature],s.retried=o,ke(s)}function _r(s){if(!g)return;let o=9;for(;s[o++]!==0;);g(s.toString("utf8",9,o-1),s.toString("utf8",o,s.length-1))}async function mr(){try{let s=await Promise.resolve(h.cursorFn(R));W=0,s===ye?B(Ur(h.portal)):(R=new Ee,B(zt("",h.cursorRows)))}catch(s){B(_e),h.reject(s)}}function gr(){R.count&&h.cursorFn(R),h.resolve(R)}function Nr(){j=new Ot.Writable({autoDestroy:!0,write(s,o,m){p.write(_().d().raw(s).end(),m)},destroy(s,o){o(s),p.write(_().f().str(s+_.N).end()),j=null},final(s){p.write(_().c().end()),Ce=s,j=null}}),h.resolve(j)}function wr(){j=new Ot.Readable({read(){p.resume()}}),h.resolve(j)}function Tr(){j=new Ot.Duplex({autoDestroy:!0,read(){p.resume()},write(s,o,m){p.write(_().d().raw(s).end(),m)},destroy(s,o){o(s),p.write(_().f().str(s+_.N).end()),j=null},final(s){p.write(_().c().end()),Ce=s}}),h.resolve(j)}function Ar(s){j&&(j.push(s.subarray(5))||p.pause())}function Sr(){j&&j.push(null),j=null}function Lr(s){k?k(tt(s)):console.log(tt(s))}function Or(){}function yr(){se(P.notSupported("FunctionCallResponse"))}function Rr(){se(P.notSupported("NegotiateProtocolVersion"))}function br(s){console.error("Postgres.js : Unknown Message:",s[0])}function Dr(s,o){console.error("Postgres.js : Unknown Auth:",o)}function Ir(s,o,m="",S=""){let H,z;return _().B().str(S+_.N).str(m+_.N).i16(0).i16(s.length),s.forEach((Q,pe)=>{if(Q===null)return _.i32(4294967295);z=o[pe],s[pe]=Q=z in t.serializers?t.serializers[z](Q):""+Q,H=_.i,_.inc(4).str(Q).i32(_.i-H-4,H)}),_.i16(0),_.end()}function Yt(s,o,m,S=""){return _().P().str(S+_.N).str(s+_.N).i16(o.length),o.forEach((H,z)=>_.i32(m[z]||0)),_.end()}function jr(s,o=""){return _().D().str(s).str(o+_.N).end()}function zt(s="",o=0){return Buffer.concat([_().E().str(s+_.N).i32(o).end(),Nn])}function Ur(s=""){return Buffer.concat([_().C().str("P").str(s+_.N).end(),_().S().end()])}function Cr(){return le||_().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:c,database:L,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,o])=>s+_.N+o).join(_.N)).z(2).end(0)}}function tt(t){let e={},n=5;for(let r=5;r<t.length-1;r++)t[r]===0&&(e[es[t[n]]]=t.toString("utf8",n+1,r),n=r+1);return e}function wn(t){return xe.createHash("md5").update(t).digest("hex")}function nt(t,e){return xe.createHmac("sha256",t).update(e).digest()}function ts(t){return xe.createHash("sha256").update(t).digest()}function ns(t,e){let n=Math.max(t.length,e.length),r=Buffer.allocUnsafe(n);for(let i=0;i<n;i++)r[i]=t[i]^e[i];return r}function yt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:be,start:be};let n;return{cancel(){n&&(clearTimeout(n),n=null)},start(){n&&clearTimeout(n),n=setTimeout(r,e*1e3,arguments)}};function r(i){t.apply(null,i),n=null}}var An=()=>{};function bt(t,e){let n=new Map,r="postgresjs_"+Math.random().toString(36).slice(2),i={},a,u,l=!1,c=L.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){l||(u=null,i.pid=i.secret=void 0,T(await A(c,r,e.publications)),n.forEach(g=>g.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),E=c.end,f=c.close;return c.end=async()=>(l=!0,u&&await new Promise(g=>(u.once("close",g),u.end())),E()),c.close=async()=>(u&&await new Promise(g=>(u.once("close",g),u.end())),f()),L;async function L(g,x,U=An,ie=An){g=is(g),a||(a=A(c,r,e.publications));let re={fn:x,onsubscribe:U},Z=n.has(g)?n.get(g).add(re):n.set(g,new Set([re])).get(g),O=()=>{Z.delete(re),Z.size===0&&n.delete(g)};return a.then(fe=>(T(fe),U(),u&&u.on("error",ie),{unsubscribe:O,state:i,sql:c}))}function T(g){u=g.stream,i.pid=g.state.pid,i.secret=g.state.secret}async function A(g,x,U){if(!U)throw new Error("Missing publication names");let ie=await g.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[re]=ie,Z=await g.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${re.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),O={lsn:Buffer.concat(re.consistent_point.split("/").map(y=>Buffer.from(("00000000"+y).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",fe),Z.on("close",g.close),{stream:Z,state:ie.state};function fe(y){console.error("Unexpected error during logical streaming - reconnecting",y)}function ue(y){y[0]===119?ss(y.subarray(25),O,g.options.parsers,Ae,e.transform):y[0]===107&&y[17]&&(O.lsn=y.subarray(1,9),me())}function Ae(y,p){let le=p.relation.schema+"."+p.relation.table;k("*",y,p),k("*:"+le,y,p),p.relation.keys.length&&k("*:"+le+"="+p.relation.keys.map(V=>y[V.name]),y,p),k(p.command,y,p),k(p.command+":"+le,y,p),p.relation.keys.length&&k(p.command+":"+le+"="+p.relation.keys.map(V=>y[V.name]),y,p)}function me(){let y=Buffer.alloc(34);y[0]=114,y.fill(O.lsn,1),y.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(y)}}function k(g,x,U){n.has(g)&&n.get(g).forEach(({fn:ie})=>ie(x,U,g))}}function rs(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function ss(t,e,n,r,i){let a=(u,[l,c])=>(u[l.charCodeAt(0)]=c,u);Object.entries({R:u=>{let l=1,c=e[u.readUInt32BE(l)]={schema:u.toString("utf8",l+=4,l=u.indexOf(0,l))||"pg_catalog",table:u.toString("utf8",l+1,l=u.indexOf(0,l+1)),columns:Array(u.readUInt16BE(l+=2)),keys:[]};l+=2;let E=0,f;for(;l<u.length;)f=c.columns[E++]={key:u[l++],name:i.column.from?i.column.from(u.toString("utf8",l,l=u.indexOf(0,l))):u.toString("utf8",l,l=u.indexOf(0,l)),type:u.readUInt32BE(l+=1),parser:n[u.readUInt32BE(l)],atttypmod:u.readUInt32BE(l+=4)},f.key&&c.keys.push(f),l+=4},Y:()=>{},O:()=>{},B:u=>{e.date=rs(u.readBigInt64BE(9)),e.lsn=u.subarray(1,9)},I:u=>{let l=1,c=e[u.readUInt32BE(l)],{row:E}=rt(u,c.columns,l+=7,i);r(E,{command:"insert",relation:c})},D:u=>{let l=1,c=e[u.readUInt32BE(l)];l+=4;let E=u[l]===75;r(E||u[l]===79?rt(u,c.columns,l+=3,i).row:null,{command:"delete",relation:c,key:E})},U:u=>{let l=1,c=e[u.readUInt32BE(l)];l+=4;let E=u[l]===75,f=E||u[l]===79?rt(u,c.columns,l+=3,i):null;f&&(l=f.i);let{row:L}=rt(u,c.columns,l+3,i);r(L,{command:"update",relation:c,key:E,old:f&&f.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function rt(t,e,n,r){let i,a,u,l=r.raw?new Array(e.length):{};for(let c=0;c<e.length;c++)i=t[n++],a=e[c],u=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",n+4,n+=4+t.readUInt32BE(n)):a.parser.array===!0?a.parser(t.toString("utf8",n+5,n+=4+t.readUInt32BE(n))):a.parser(t.toString("utf8",n+4,n+=4+t.readUInt32BE(n))),r.raw?l[c]=r.raw===!0?u:r.value.from?r.value.from(u,a):u:l[a.name]=r.value.from?r.value.from(u,a):u;return{i:n,row:r.row.from?r.row.from(l):l}}function is(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,n,r,i]=e;return(n||"*")+(r?":"+(r.indexOf(".")===-1?"public."+r:r):"")+(i?"="+i:"")}import Sn from"node:stream";function Dt(t,e,n=393216){return new Promise(async(r,i)=>{await t.begin(async a=>{let u;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:l}]=await a`select lo_open(${e}, ${n}) as fd`,c={writable:f,readable:E,close:()=>a`select lo_close(${l})`.then(u),tell:()=>a`select lo_tell64(${l})`,read:L=>a`select loread(${l}, ${L}) as data`,write:L=>a`select lowrite(${l}, ${L})`,truncate:L=>a`select lo_truncate64(${l}, ${L})`,seek:(L,T=0)=>a`select lo_lseek64(${l}, ${L}, ${T})`,size:()=>a`
          select
            lo_lseek64(${l}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return r(c),new Promise(async L=>u=L);async function E({highWaterMark:L=2048*8,start:T=0,end:A=1/0}={}){let k=A-T;return T&&await c.seek(T),new Sn.Readable({highWaterMark:L,async read(g){let x=g>k?g-k:g;k-=g;let[{data:U}]=await c.read(x);this.push(U),U.length<g&&this.push(null)}})}async function f({highWaterMark:L=2048*8,start:T=0}={}){return T&&await c.seek(T),new Sn.Writable({highWaterMark:L,write(A,k,g){c.write(A).then(()=>g(),g)}})}}).catch(i)})}Object.assign(st,{PostgresError:ge,toPascal:we,pascal:St,toCamel:Ne,camel:At,toKebab:Te,kebab:Lt,fromPascal:qe,fromCamel:Pe,fromKebab:We,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var It=st;function st(t,e){let n=us(t,e),r=n.no_subscribe||bt(st,{...n}),i=!1,a=ne(),u=ne(),l=ne(),c=ne(),E=ne(),f=ne(),L=ne(),T=ne(),A={connecting:u,reserved:l,closed:c,ended:E,open:f,busy:L,full:T},k=[...Array(n.max)].map(()=>Rt(n,A,{onopen:Se,onend:K,onclose:ce})),g=x(Ae);return Object.assign(g,{get parameters(){return n.parameters},largeObject:Dt.bind(null,g),subscribe:r,CLOSE:ye,END:ye,PostgresError:ge,options:n,reserve:re,listen:U,begin:Z,close:le,end:p}),g;function x(d){return d.debug=n.debug,Object.entries(n.types).reduce((w,[b,M])=>(w[b]=F=>new oe(F,M.to),w),N),Object.assign(C,{types:N,typed:N,unsafe:q,notify:ie,array:ue,json:fe,file:$}),C;function N(w,b){return new oe(w,b)}function C(w,...b){return w&&Array.isArray(w.raw)?new te(w,b,d,y):typeof w=="string"&&!b.length?new Re(n.transform.column.to?n.transform.column.to(w):w):new He(w,b)}function q(w,b=[],M={}){return arguments.length===2&&!Array.isArray(b)&&(M=b,b=[]),new te([w],b,d,y,{prepare:!1,...M,simple:"simple"in M?M.simple:b.length===0})}function $(w,b=[],M={}){return arguments.length===2&&!Array.isArray(b)&&(M=b,b=[]),new te([],b,W=>{as.readFile(w,"utf8",(J,I)=>{if(J)return W.reject(J);W.strings=[I],d(W)})},y,{...M,simple:"simple"in M?M.simple:b.length===0})}}async function U(d,N,C){let q={fn:N,onlisten:C},$=U.sql||(U.sql=st({...n,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([W,{listeners:J}])=>{delete U.channels[W],Promise.all(J.map(I=>U(W,I.fn,I.onlisten).catch(()=>{})))})},onnotify(W,J){W in U.channels&&U.channels[W].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(d in w){w[d].listeners.push(q);let W=await w[d].result;return q.onlisten&&q.onlisten(),{state:W.state,unlisten:F}}w[d]={result:$`listen ${$.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[q]};let M=await w[d].result;return q.onlisten&&q.onlisten(),{state:M.state,unlisten:F};async function F(){if(d in w&&(w[d].listeners=w[d].listeners.filter(W=>W!==q),!w[d].listeners.length))return delete w[d],$`unlisten ${$.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,N){return await g`select pg_notify(${d}, ${""+N})`}async function re(){let d=ne(),N=f.length?f.shift():await new Promise(($,w)=>{let b={reserve:$,reject:w};a.push(b),c.length&&R(c.shift(),b)});O(N,l),N.reserved=()=>d.length?N.execute(d.shift()):O(N,l),N.reserved.release=!0;let C=x(q);return C.release=()=>{N.reserved=null,Se(N)},C;function q($){N.queue===T?d.push($):N.execute($)||O(N,T)}}async function Z(d,N){!N&&(N=d,d="");let C=ne(),q=0,$,w=null;try{return await g.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:M}).execute(),await Promise.race([b($,N),new Promise((F,W)=>$.onclose=W)])}catch(F){throw F}async function b(F,W,J){let I=x(G);I.savepoint=he,I.prepare=v=>w=v.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((v,j)=>{let ee=W(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(v,j)}),de)throw de}catch(v){throw await(J?I`rollback to ${I(J)}`:I`rollback`),v instanceof ge&&v.code==="25P02"&&de||v}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function he(v,j){return v&&Array.isArray(v.raw)?he(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=v,v=null),b(F,j,"s"+q+++(v?"_"+v:"")))}function G(v){v.catch(j=>de||(de=j)),F.queue===T?C.push(v):F.execute(v)||O(F,T)}}function M(F){$=F,O(F,l),F.reserved=()=>C.length?F.execute(C.shift()):O(F,l)}}function O(d,N){return d.queue.remove(d),N.push(d),d.queue=N,N===f?d.idleTimer.start():d.idleTimer.cancel(),d}function fe(d){return new oe(d,3802)}function ue(d,N){return Array.isArray(d)?new oe(d,N||(d.length?Qe(d)||25:0),n.shared.typeArrayMap):ue(Array.from(arguments))}function Ae(d){if(i)return d.reject(P.connection("CONNECTION_ENDED",n,n));if(f.length)return me(f.shift(),d);if(c.length)return R(c.shift(),d);L.length?me(L.shift(),d):a.push(d)}function me(d,N){return d.execute(N)?O(d,L):O(d,T)}function y(d){return new Promise((N,C)=>{d.state?d.active?Rt(n).cancel(d.state,N,C):d.cancelled={resolve:N,reject:C}:(a.remove(d),d.cancelled=!0,d.reject(P.generic("57014","canceling statement due to user request")),N())})}async function p({timeout:d=null}={}){if(i)return i;await 1;let N;return i=Promise.race([new Promise(C=>d!==null&&(N=setTimeout(V,d*1e3,C))),Promise.all(k.map(C=>C.end()).concat(U.sql?U.sql.end({timeout:0}):[],r.sql?r.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(N))}async function le(){await Promise.all(k.map(d=>d.end()))}async function V(d){for(await Promise.all(k.map(N=>N.terminate()));a.length;)a.shift().reject(P.connection("CONNECTION_DESTROYED",n));d()}function R(d,N){return O(d,u),d.connect(N),d}function K(d){O(d,E)}function Se(d){if(a.length===0)return O(d,f);let N=Math.ceil(a.length/(u.length+1)),C=!0;for(;C&&a.length&&N-- >0;){let q=a.shift();if(q.reserve)return q.reserve(d);C=d.execute(q)}C?O(d,L):O(d,T)}function ce(d,N){O(d,c),d.reserved=null,d.onclose&&(d.onclose(N),d.onclose=null),n.onclose&&n.onclose(d.id),a.length&&R(d,a.shift())}}function us(t,e){if(t&&t.shared)return t;let n=process.env,r=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=hs(t),u=[...i.searchParams].reduce((T,[A,k])=>(T[A]=k,T),{}),l=r.hostname||r.host||a||i.hostname||n.PGHOST||"localhost",c=r.port||i.port||n.PGPORT||5432,E=r.user||r.username||i.username||n.PGUSERNAME||n.PGUSER||ps();r.no_prepare&&(r.prepare=!1),u.sslmode&&(u.ssl=u.sslmode,delete u.sslmode),"timeout"in r&&(console.log("The timeout option is deprecated, use idle_timeout instead"),r.idle_timeout=r.timeout),u.sslrootcert==="system"&&(u.ssl="verify-full");let f=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],L={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:ds,max_pipeline:100,backoff:cs,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(l)?l:l.split(",").map(T=>T.split(":")[0]),port:Array.isArray(c)?c:l.split(",").map(T=>parseInt(T.split(":")[1]||c)),path:r.path||l.indexOf("/")>-1&&l+"/.s.PGSQL."+c,database:r.database||r.db||(i.pathname||"").slice(1)||n.PGDATABASE||E,user:E,pass:r.pass||r.password||i.password||n.PGPASSWORD||"",...Object.entries(L).reduce((T,[A,k])=>{let g=A in r?r[A]:A in u?u[A]==="disable"||u[A]==="false"?!1:u[A]:n["PG"+A.toUpperCase()]||k;return T[A]=typeof g=="string"&&f.includes(A)?+g:g,T},{}),connection:{application_name:n.PGAPPNAME||"postgres.js",...r.connection,...Object.entries(u).reduce((T,[A,k])=>(A in L||(T[A]=k),T),{})},types:r.types||{},target_session_attrs:ls(r,i,n),onnotice:r.onnotice,onnotify:r.onnotify,onclose:r.onclose,onparameter:r.onparameter,socket:r.socket,transform:fs(r.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...fn(r.types)}}function ls(t,e,n){let r=t.target_session_attrs||e.searchParams.get("target_session_attrs")||n.PGTARGETSESSIONATTRS;if(!r||["read-write","read-only","primary","standby","prefer-standby"].includes(r))return r;throw new Error("target_session_attrs "+r+" is not supported")}function cs(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function ds(){return 60*(30+Math.random()*30)}function fs(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function hs(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let n=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(n.username),password:decodeURIComponent(n.password),host:n.host,hostname:n.hostname,port:n.port,pathname:n.pathname,searchParams:n.searchParams},multihost:e.indexOf(",")>-1&&e}}function ps(){try{return os.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}var Ln=!1;function On(){Ln||(Ln=!0,globalThis.addEventListener("error",t=>{Es(t.error)&&t.preventDefault()}))}function Es(t){if(!(t instanceof TypeError))return!1;let e=t.stack??"";return/^Cannot read properties of null \(reading 'write'\)$/.test(t.message)?/nextWrite/.test(e)&&/postgres[@/\\].*connection\.js/.test(e)||/\bImmediate\./.test(e):!1}var yn=/\\u(?:0000|d[89a-f])/;function De(t){let e=JSON.stringify(t);return yn.test(e)?JSON.stringify(t,bn):e}function Rn(t){return yn.test(t)?JSON.stringify(JSON.parse(t),bn):t}function bn(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ie="corun_jobs",Ut="corun_pauses";function je(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function Un(t,e={}){return On(),It(t,{max:e.max??4,onnotice:n=>{n.severity==="WARNING"&&e.onNotice?.(String(n.message))},connection:{application_name:"corun"},connect_timeout:Zt(t),backoff:ms,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:n=>String(n),parse:n=>Number(n)},bigintArray:Dn(1016,n=>`{${n.join(",")}}`),textArray:Dn(1009,_s)}})}function Dn(t,e){return{to:t,from:[],serialize:e,parse:n=>n}}function _s(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function ms(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var jt=class t{sql;url;#e=-1/0;#n;constructor(e,n,r=!1){this.sql=e,this.url=n,this.#n=r}async transaction(e){return this.#n?await e(this):await this.sql.begin(n=>e(new t(n,this.url,!0)))}#u(e){return this.#n?e(this.sql):this.sql.begin(n=>e(n))}static async connect(e,n={}){let r=Un(e,n);try{await ft(r)}catch(i){throw await r.end({timeout:1}),i}return new t(r,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,n){if(n.length===0)return;let r=n.map(i=>it(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(r)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,n,r,i){if(n.length===0)return[];let a=r===void 0?[]:[...new Set(n.map(u=>u.origin))].map(r);return await this.#u(async u=>{let l=await In(u,e,n,a,i);return n.some(c=>c.reservedFor===void 0)&&await u`SELECT pg_notify(${Ie}, ${e})`,l})}async claim(e,n,r,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let u=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        coalesce(corun_paced(o.gap_ms, o.jitter_ms), true) AS paced,
        coalesce(o.gap_ms, 0) AS "gapMs", coalesce(o.jitter_ms, 0) AS "jitterMs", c.turn::text
      FROM corun_claim(${e}, ${n}, ${r}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c
      LEFT JOIN corun_origins o ON o.queue = ${e} AND o.origin = c.origin`,l=a!==void 0;return u.map(({turn:c,...E})=>({...E,reserved:l,nextStart:c??void 0})).sort((c,E)=>c.id-E.id)}async takeTurn(e,n,r){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${n} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${n}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;return i.next_start!==null?{waitMs:0,nextStart:i.next_start,gapMs:i.gap_ms??0,jitterMs:i.jitter_ms??0}:i.wait_ms===null?r===void 0?{waitMs:0}:(await this.sql`
        INSERT INTO corun_origins ${this.sql(it(e,r))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,n)):{waitMs:Math.max(1,i.wait_ms)}}async redirectTurn(e,n,r,i,a){let u=it(e,a),[l]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${n}, ${r}::bigint, ${i}, ${u.per_host},
        ${u.gap_ms}, ${u.jitter_ms})`;if(l.granted)return{waitMs:0,nextStart:l.turn??void 0,gapMs:l.gap_ms,jitterMs:l.jitter_ms};let c=l.wait_ms>0?Math.max(1,l.wait_ms):0;return l.per_host_full?{waitMs:c,full:!0}:{waitMs:Math.max(1,c)}}async moveTurn(e,n,r){let[i]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${n}
        AND next_start_at = ${r}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return i?.next_start}async reapExpiredLeases(e){let n=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Ct(this.sql)}
      RETURNING j.id`,r=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${Be(this.sql)}
      RETURNING j.id`,i=n.length+r.length;return i>0&&await this.sql`SELECT pg_notify(${Ie}, ${e})`,i}async reservedWaitMs(e,n){let[r]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${n} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return r?.wait_ms}async claimSave(e,n){let[r]=await this.sql`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${e}::bigint, ${n.path}, ${n.folders}::text[],
        ${n.task}, ${n.url}, ${n.perFetch})`;return r}async report(e,n,r){await this.#u(async i=>{if(r.links.length>0){let E=new Map;for(let{job:f,rule:L}of r.links)E.has(f.origin)||E.set(f.origin,L);await In(i,e,r.links.map(f=>f.job),[...E.values()],void 0)}if(r.pauses.length>0){let E=r.pauses.map(f=>({origin:f.origin,for_ms:f.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${De(E)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${Ut}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}let a=await jn(i,n,"done",r.done),u=await jn(i,n,"skipped",r.leftOut),l=0;if(r.failed.length>0&&(l=kn(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${De(r.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${n}
          RETURNING j.reserved_for IS NULL AS mine`)),r.retries.length>0){let E=r.retries.map(f=>({id:f.id,delay_ms:f.delayMs,payload:f.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${De(E)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${n}`}r.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${r.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${n}`;let c=[...r.failed.map(E=>E.id),...r.retries.map(E=>E.id),...r.released];c.length>0&&await i`
          DELETE FROM corun_saves s USING corun_jobs j
          WHERE s.job = ANY(${c}::bigint[]) AND NOT s.folder AND j.id = s.job
            AND j.state IN ('queued', 'failed')`,r.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${r.dropped}::bigint[]) AND reserved_for = ${n}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${l}, skipped = skipped + ${u}
        WHERE id = ${n}`,await i`SELECT pg_notify(${Ie}, ${e})`})}async releaseUnknown(e,n,r){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${n}::bigint[]))
        AND (${r??null}::bigint IS NULL OR id = ${r??null}::bigint)
      RETURNING id`).length}async heartbeat(e,n,r){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${n} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${r}::bigint[])
      RETURNING id`;return await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`,i.length}async openWork(e){let[n]=await this.sql`
      SELECT
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${e} AND state = 'queued'
          AND (reserved_for IS NULL OR NOT corun_owner_gone(reserved_for))) AS queued,
        EXISTS (SELECT 1 FROM corun_jobs WHERE queue = ${e} AND state = 'leased') AS leased,
        (SELECT (extract(epoch FROM
            min(greatest(o.next_start_at, o.paused_until, due.first)) - now()) * 1000)::float8
          FROM corun_origins o
          CROSS JOIN LATERAL (SELECT min(j.not_before) AS first FROM corun_jobs j
            WHERE j.queue = o.queue AND j.origin = o.origin AND j.state = 'queued'
              AND j.reserved_for IS NULL) due
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:n.queued,leased:n.leased,nextDueMs:n.next_due_ms===null?void 0:Math.max(0,n.next_due_ms)}}async registerWorker(e,n,r,i,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${n}, ${r}, ${i}, ${Math.ceil(a)})`}async stopWorker(e){await this.#u(async n=>{await n`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let r=await n`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(r.map(a=>a.queue)))await n`SELECT pg_notify(${Ie}, ${i})`})}async insertResults(e,n,r){r.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${n}, line::jsonb
      FROM unnest(${r.map(Rn)}::text[]) AS t(line)`}async claimFire(e,n,r,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${n}, ${r}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,n){await this.sql`UPDATE corun_fires SET jobs = ${n} WHERE id = ${e}`}async lastFire(e,n){let[r]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${n} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return r===void 0?void 0:{fireAt:r.fire_at,open:r.open}}async lastFiredAt(e,n){let[r]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${n}`;return r?.at??void 0}};async function In(t,e,n,r,i){if(r.length>0){let c=r.map(E=>it(e,E)).sort((E,f)=>E.origin<f.origin?-1:E.origin>f.origin?1:0);await t`INSERT INTO corun_origins ${t(c)} ON CONFLICT (queue, origin) DO NOTHING`}let a=n.filter(c=>c.parent!==void 0),u=a.length===0?n:n.filter(c=>c.parent===void 0);return[...await gs(t,e,u,i),...await Ns(t,e,a)].sort((c,E)=>c-E)}function Cn(t,e,n){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:n??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function gs(t,e,n,r){return n.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current()
    FROM jsonb_to_recordset(${De(n.map(a=>Cn(e,a,r)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function Ns(t,e,n){return n.length===0?[]:(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${De(n.map(i=>Cn(e,i,void 0)))}
        ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
        delay_ms float8, reserved_for text, parent bigint))
    INSERT INTO corun_jobs (id, queue, task, origin, url, payload, not_before, fire_id,
      reserved_for, crawl, linked_from)
    SELECT g.id, g.queue, g.task, g.origin, g.url, g.payload,
      now() + g.delay_ms * interval '1 millisecond', p.fire_id, g.reserved_for,
      CASE WHEN p.id IS NULL THEN txid_current() ELSE coalesce(p.crawl, p.id) END, p.id
    FROM given g LEFT JOIN corun_jobs p ON p.id = g.parent
    ORDER BY 10, md5(g.url)
    ON CONFLICT (crawl, md5(url)) WHERE linked_from IS NOT NULL DO NOTHING
    RETURNING id`).map(i=>i.id)}function Be(t){return t`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`}function Ct(t){return t`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function jn(t,e,n,r){return r.length===0?0:kn(await t`
    UPDATE corun_jobs SET state = ${n}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${r}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function kn(t){return t.filter(e=>e.mine).length}function it(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var ws=20,ot=[250,500,1e3,2e3,5e3,1e4,3e4],Mt=class{#e;#n;#u;#f;#i=[];#r=new Map;#s=new Map;#o=new Map;#E=new Map;#_=[];#d=!1;#m;#y;#k;#t=je();#R=je();#h;#p;#v=!1;#w;#H=!1;#P=new Set;#T=0;#b=new Set;#q;#W;#a=!1;#A=!1;#x=0;#S;constructor(e){this.#e=e,this.#n=e.store,this.#u=e.leaseMs??3e4,this.#f=e.idleMs??2e3,this.#k=Math.ceil(e.concurrency/4)}async start(){let e=await this.#n.sql.listen(Ie,r=>{r===this.#e.queue&&this.#O()}),n=await this.#n.sql.listen(Ut,r=>this.#fe(r));this.#q=async()=>{await e.unlisten(),await n.unlisten()},this.#W=setInterval(()=>{this.#n.heartbeat(this.#e.worker,this.#u,this.#j()).catch(r=>{Fe(r)?this.#C("extend its leases",r):this.#D(this.#U("extend its leases",r))})},Math.max(100,Math.floor(this.#u/3)))}async shutdown(){this.#a=!0,this.#A=!0,this.#re(),clearInterval(this.#W),await this.#m;for(let e of this.#i.splice(0))this.#t.released.push(e.id);this.#r.clear();for(let e of this.#s.keys())this.#K(e);this.#s.clear();try{if(!await this.#se())throw this.#me()}finally{await this.#q?.().catch(()=>{})}}get reportRefused(){return this.#w!==void 0}#D(e){this.#y??=e,this.interrupt()}interrupt(){this.#a=!0,this.#re()}put(e){return this.#t.links.push({job:this.#B(e,void 0),rule:this.#G(e)}),this.#l(),Jt(void 0)}*#ie(e,n){let[r]=yield*this.#c("put a job",()=>this.#n.insertJobs(this.#e.queue,[this.#B(e,n)],()=>this.#G(e)));return r}#B(e,n){return{task:e.task,origin:e.origin,url:Hn(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:n,parent:n===void 0?e.parent:void 0}}#G(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#y!==void 0)throw this.#H=!0,this.#y;if(this.#a)return null;let e=this.#i.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#i.length<this.#k&&this.#pe(),yield*this.#oe(e))return e;continue}if(this.#A)return null;if(this.#d){let n=new Vt("queued",r=>Qt(this.#_,r));this.#_.push(n),yield*n.wait();continue}this.#d=!0;try{yield*this.#he()}finally{this.#d=!1,this.#te()}}}*#oe(e){let n=this.#r.get(e.id);if(n===void 0||Fn(n))return!0;let r=!1;try{return r=(yield*this.#Y(n))||(yield*this.#ae(n)),r}finally{r||this.#ue(e.id)}}*#Y(e){let n=e.nextStart;if(n===void 0||this.#g(e.origin)>0)return!1;let r=yield*this.#c("move an origin's turn",()=>this.#n.moveTurn(this.#e.queue,e.origin,n));return r===void 0?!1:(Mn(e,r),!0)}*#ae(e){let n=()=>this.#n.takeTurn(this.#e.queue,e.origin),r=yield*this.#c("take an origin's turn",n);return r.waitMs>0&&r.waitMs<=2*e.turnMs&&(yield*this.#L(r.waitMs),this.#a||(r=yield*this.#c("take an origin's turn",n))),r.waitMs!==0||this.#a?!1:(Mn(e,r.nextStart),!0)}*sending(e,n){let r=this.#r.get(e),i=this.#g(n)>0;if(r===void 0){i&&(yield*this.#M(n));return}!i&&r.origin===n&&(Fn(r)||(yield*this.#Y(r)))||(yield*this.turnAt(n,r.task,e))}#I(e){return this.#r.delete(e),this.#s.delete(e)}#ue(e){this.#I(e)&&(this.#t.released.push(e),this.#l())}*acquire(e,n){let r=yield*this.#ie(e,this.#e.worker);return this.#o.set(r,{origin:e.origin,url:Hn(e.payload)}),yield*this.#X(r,n)}*turnAt(e,n,r){let i=r===void 0?void 0:this.#s.get(r);if(i!==void 0&&i!==e)return yield*this.#le(e,n,r);for(;!this.#a;){if(yield*this.#M(e),this.#a)return;let a=yield*this.#c("take an origin's turn",()=>this.#n.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,n)}));if(a.waitMs>0){yield*this.#L(a.waitMs);continue}r!==void 0&&this.#s.has(r)&&this.#z(r,e,n,a);return}}*#le(e,n,r){let{queue:i,worker:a}=this.#e,u={origin:e,...this.#e.rules(e,n)};for(;!this.#a;){if(yield*this.#M(e),this.#a)return;let l=this.#T,c=yield*this.#c("take a redirect's turn",()=>this.#n.redirectTurn(i,e,r,a,u));if(c.waitMs===0&&!c.full){if(!this.#s.has(r))return;this.#s.set(r,e),this.#z(r,e,n,c);return}c.full&&this.#V(As),c.waitMs>0?yield*this.#L(c.waitMs):this.#T===l&&(yield*this.#N(50))}}#z(e,n,r,i){let a={gapMs:i.gapMs??0,jitterMs:i.jitterMs??0};i.nextStart===void 0||a.gapMs===0&&a.jitterMs===0?this.#r.delete(e):this.#r.set(e,qn(n,r,a,i.nextStart))}*again(e,n,r){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,n),yield*this.#X(e,r)}*#X(e,n){let{queue:r,worker:i}=this.#e,a=this.#o.get(e),u;try{for(;;){let l=a===void 0?0:this.#g(a.origin);if(l>0){yield*this.#N(l);continue}let[c]=yield*this.#c("claim a job",()=>this.#n.claim(r,i,1,this.#u,{id:e,nested:n}),()=>this.#n.releaseUnknown(i,this.#j(),e));if(c===void 0){yield*this.#ce(e,a?.url);continue}let E=this.#ne(c);if("problem"in E)throw this.#o.delete(e),new Error(`Cannot fetch ${c.url||`job ${e}`}: ${E.problem}`);if(this.#g(E.origin)>0){this.#t.released.push(e),this.#l();continue}return u=E,this.#s.set(u.id,n?void 0:u.origin),c.paced&&this.#r.set(u.id,vn(c)),u}}finally{u===void 0&&this.#o.has(e)&&this.#de(e)}}*#ce(e,n){let r=yield*this.#c("look for a job",()=>this.#n.reservedWaitMs(this.#e.worker,e));if(r===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${n||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*r<=0?this.#N(50):this.#L(r)}*#L(e){this.#a||(yield*Pn(e,this.#b,"waiting for its time"))}#de(e){this.#o.delete(e),this.#t.dropped.push(e),this.#l()}#K(e){this.#o.delete(e)?this.#t.dropped.push(e):this.#t.released.push(e)}*claimSave(e,n){return yield*this.#c("claim a save path",()=>this.#n.claimSave(e,n))}done(e){this.#J(e,this.#t.done)}leftOut(e){this.#J(e,this.#t.leftOut)}#J(e,n){this.#I(e)&&(this.#o.delete(e),n.push(e),this.#l(),this.#O())}failed(e,n){this.#I(e)&&(this.#a?this.#K(e):(this.#o.delete(e),this.#t.failed.push({id:e,error:n??"failed"})),this.#l(),this.#O())}retryAfter(e,n,r){this.#I(e)&&(this.#t.retries.push({id:e,delayMs:n,payload:r===void 0?null:this.#e.codec.encode(r)}),this.#l(),this.#O())}pauseOrigin(e,n){this.#t.pauses.push({origin:e,forMs:n}),this.#Q(e,n),this.#l()}#fe(e){let n;try{n=JSON.parse(e)}catch{return}n.queue!==this.#e.queue||typeof n.origin!="string"||typeof n.ms=="number"&&n.ms>0&&this.#Q(n.origin,n.ms)}#Q(e,n){let r=performance.now()+n;r>(this.#E.get(e)??0)&&this.#E.set(e,r),this.#V(i=>i.origin!==e)}#V(e){let n=this.#i.filter(e);if(n.length!==this.#i.length){for(let r of this.#i)e(r)||(this.#t.released.push(r.id),this.#r.delete(r.id));this.#i.splice(0,this.#i.length,...n),this.#l()}}*#M(e){for(;;){let n=this.#g(e);if(n<=0||this.#a)return;yield*this.#L(n)}}#g(e){let n=this.#E.get(e);if(n===void 0)return 0;let r=n-performance.now();return r>0?r:(this.#E.delete(e),0)}close(){}get refused(){return this.#x}counts(){return{queued:this.#i.length,leased:this.#s.size}}*#he(){if(this.#a){this.#A=!0;return}let e=this.#Z();if(e<=0){yield*this.#N(this.#f);return}let n=this.#T,r=yield*this.#c("claim jobs",()=>this.#n.claim(this.#e.queue,this.#e.worker,e,this.#u),()=>this.#n.releaseUnknown(this.#e.worker,this.#j()));if(this.#ee(r),this.#i.length>0||!(yield*Xe(()=>this.#se(),"report to the database")))return;let i=yield*this.#c("count open jobs",()=>this.#n.openWork(this.#e.queue));if(this.#e.drain&&!i.queued&&!i.leased&&this.#s.size===0){this.#A=!0;return}if(this.#T!==n)return;let a=i.nextDueMs??this.#f;yield*this.#N(Math.min(this.#f,a<=0?50:Math.max(5,a)))}#Z(){return this.#e.concurrency+this.#k-this.#s.size-this.#i.length}#pe(){let e=this.#Z();if(this.#d||this.#a||e<=0)return;this.#d=!0;let{queue:n,worker:r}=this.#e;this.#m=this.#n.claim(n,r,e,this.#u).then(i=>{this.#ee(i),this.#$()},i=>{if(!Fe(i)){this.#D(this.#U("claim jobs",i));return}return this.#C("claim jobs",i),this.#n.releaseUnknown(r,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#d=!1,this.#m=void 0,this.#te()})}#ee(e){let n=this.#t.released.length;for(let r of e){let i=this.#ne(r);"problem"in i||(this.#g(i.origin)>0?this.#t.released.push(i.id):(this.#i.push(i),r.paced&&this.#r.set(i.id,vn(r))))}this.#t.released.length>n&&this.#l()}#te(){for(let e of this.#_.splice(0))e.give()}#ne(e){let n=this.#e.codec.decode(e.payload,e);return"problem"in n&&n.notMine?(this.#t.released.push(e.id),this.#l(),this.#D(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${n.problem}; it went back to the queue, for a worker with that config`)),n):"problem"in n?(this.#x++,this.#e.warn(`job ${e.id} (${e.url||"no URL"}): ${n.problem}`),this.#t.failed.push({id:e.id,error:n.problem}),this.#l(),n):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:n.payload}}*#N(e){yield*Pn(e,this.#P,"waiting for work")}#Ee(e){return new Promise(n=>{let r=()=>{clearTimeout(i),this.#b.delete(r),n()},i=setTimeout(r,e);this.#b.add(r)})}#O(){this.#T++;for(let e of this.#P)e()}#re(){this.#O();for(let e of this.#b)e()}#l(){if(this.#t.pauses.length>0){clearTimeout(this.#p),this.#p=void 0,this.#F();return}this.#h!==void 0||this.#p!==void 0||(this.#p=setTimeout(()=>{this.#p=void 0,this.#F()},ws))}#F(){this.#h===void 0&&(this.#h=this.#_e().then(e=>{this.#h=void 0,e?vt(this.#t)||this.#l():this.#v=!0}))}async#_e(){for(let e=0;!vt(this.#t);e++){if(this.#w!==void 0)return!1;let n=this.#t;this.#t=je(),this.#R=n;try{return await this.#n.report(this.#e.queue,this.#e.worker,n),this.#R=je(),this.#$(),!0}catch(r){if(this.#R=je(),this.#t=Ss(n,this.#t),!Fe(r))return this.#w=this.#U("report how its fetches ended",r),this.#D(this.#w),!1;if(this.#C("report how its fetches ended",r),this.#A&&e>=2)return!1;await this.#Ee(ot[Math.min(e,ot.length-1)])}}return!0}async#se(){for(this.#v=!1,clearTimeout(this.#p),this.#p=void 0;this.#h!==void 0||!vt(this.#t);)if(this.#h===void 0&&this.#F(),await this.#h,this.#v)return!1;return!0}#me(){let e=kt(this.#t).length,n=this.#w,r=e===0?"A pause an origin asked for could not be reported to the database":`${e} fetch outcomes could not be reported to the database; ${n===void 0?"their leases run out and ":""}other workers do them again`;return n===void 0||this.#H&&this.#y===n?new Error(r):new Error(`${n.message}; ${r[0].toLowerCase()}${r.slice(1)}`,{cause:n.cause})}#j(){return[...this.#s.keys(),...this.#i.map(e=>e.id),...kt(this.#t),...kt(this.#R)]}*#c(e,n,r){for(let i=0;;i++)try{i>0&&r!==void 0&&(yield*Xe(r,e));let a=yield*Xe(n,e);return this.#$(),a}catch(a){if(!Fe(a))throw this.#U(e,a);this.#C(e,a),yield*this.#N(ot[Math.min(i,ot.length-1)])}}#U(e,n){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${$n(n)}`,{cause:n})}#C(e,n){this.#S===void 0&&(this.#S=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${$n(n)}; retrying with backoff`))}#$(){if(this.#S===void 0)return;let e=((Date.now()-this.#S)/1e3).toFixed(1);this.#S=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Ts=2;function vn(t){return qn(t.origin,t.task,t,t.nextStart)}function qn(t,e,n,r){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Ts,n.gapMs/10),turnMs:n.gapMs+n.jitterMs,nextStart:r}}function Mn(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function Fn(t){return performance.now()-t.tookAtMs<=t.graceMs}function As(){return!1}function $n(t){let e=Xt(t),n=ze(t);return n!==void 0&&!e.includes(n)?`${e} (${n})`:e}function Hn(t){let e=t?.url;return typeof e=="string"?e:""}function kt(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function vt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function Ss(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function Pn(t,e,n){return Kt(r=>{let i=setTimeout(r,t),a=()=>r();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},n)}var Ft=class{#e;#n;#u;#f;#i;#r=[];#s;#o;#E=0;#_=0;constructor(e,n,r,i,a={}){this.#i=a.metadataFile,this.#e=e,this.#n=n,this.#u=r,this.#f=i}appendJson(e){this.#r.push(e),this.#r.length>1e5&&(this.#_+=this.#r.length-1e5,this.#r.splice(0,this.#r.length-1e5)),this.#d(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#s,this.#r.length>0&&await this.#m();let e=this.#r.length+this.#_;if(e>0){let n=this.#i===void 0?"":` (they are in the worker's metadata file, ${this.#i})`;this.#f(`${e} metadata lines did not reach the database${n}`)}}#d(e){this.#s!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#s=this.#m().then(n=>{this.#s=void 0,this.#r.length>0&&this.#d(n?100:5e3)})},e))}async#m(){for(;this.#r.length>0;){let e=this.#r.slice(0,500);try{await this.#e.insertResults(this.#n,this.#u,e)}catch(n){return this.#E++===0&&this.#f(`Cannot copy metadata lines to the database: ${n.message}`),!1}this.#r.splice(0,e.length)}return!0}};var Ls=20;async function Os(t,e){return await t.sql.begin("isolation level repeatable read read only",n=>ys(n,e))}async function ys(t,e){let n=e??null,r=await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${n}::text IS NULL OR queue = ${n}
    ORDER BY queue`,i=[];for(let{queue:a}of r){let u=await t`
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
          AND j.state = 'leased' AND j.reserved_for IS NULL AND NOT ${Be(t)}) held
      LEFT JOIN corun_jobs j ON j.queue = o.queue AND j.origin = o.origin
      -- The queue's own jobs; the others are reserved for a worker's callback (ctx.fetch). Each
      -- counted as the next claim finds it: a lapsed lease back in the queue (whether or not a
      -- worker runs to reap it), a lapsed callback's job gone.
      CROSS JOIN LATERAL (SELECT j.reserved_for IS NULL AS mine,
        CASE WHEN j.reserved_for IS NOT NULL AND ${Ct(t)} THEN 'gone'
          WHEN j.state = 'leased' AND j.reserved_for IS NULL AND ${Be(t)} THEN 'queued'
          ELSE j.state END AS state) r
      WHERE o.queue = ${a}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until, held.leased
      ORDER BY o.origin`,l=await t`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${Be(t)})::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${a}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${Ls}`,c=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${a} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,E=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${a}
      ORDER BY fire_at DESC LIMIT 10`;i.push({queue:a,origins:u.map(f=>({origin:f.origin,ready:f.ready,waiting:f.waiting,retries:f.retries,leased:f.leased,done:f.done,failed:f.failed,skipped:f.skipped,inCallbacks:f.in_callbacks,perHost:f.per_host,gapMs:f.gap_ms,jitterMs:f.jitter_ms,pausedUntil:Ue(f.paused_until)})),workers:l.map(f=>({id:f.id,host:f.host,pid:f.pid,startedAt:Ue(f.started_at),lastSeen:Ue(f.last_seen),lastSeenAgoMs:Math.max(0,Math.round(f.seen_ago_ms)),stoppedAt:Ue(f.stopped_at),state:f.stopped_at!==null?"stopped":f.gone?"gone":"running",leases:f.leases,done:f.done,failed:f.failed,skipped:f.skipped})),failures:c.map(f=>({task:f.task,url:f.url,error:f.error,at:Ue(f.finished_at)})),fires:E.map(f=>({schedule:f.schedule,fireAt:Ue(f.fire_at),outcome:f.outcome,jobs:f.jobs,owner:f.owner}))})}return i}function Ue(t){return t instanceof Date?t.toISOString():null}export{Mt as PgFrontier,Ft as PgResultLog,jt as PgStore,nn as SCHEMA_VERSION,ft as migrate,Un as postgresClient,Os as queueStatus};
