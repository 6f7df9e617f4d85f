import{a as Qt,b as Vt,f as Zt,g as er}from"./chunk-3RLHOPE2.js";import{e as zt,g as Xe,l as Kt,m as ze,x as Jt}from"./chunk-CM6Q5MNP.js";async function tr(t){let e=t.options.connect_timeout+2,r,n=new Promise((i,o)=>{r=setTimeout(()=>{o(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),n])}finally{clearTimeout(r)}}var dt=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `},{version:12,what:"a save claim reads the rows it meets without locking them (corun_claim_save)",sql:`
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
    `},{version:13,what:"a claim returns each job's crawl and its origin's pacing (corun_claim)",sql:`
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
    `},{version:14,what:"a save path stays claimed while another fetch of its task holds it (holders)",sql:`
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
    `},{version:15,what:"each job's run time, its submit's or fire's, for {date} (corun_claim)",sql:`
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
    `}],nr=dt[dt.length-1].version,Hn=427071534446;async function ht(t,e=nr){await tr(t);let r=dt.filter(i=>i.version<=e),n=await Mn(t);return n!==void 0&&rr(n,r)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${Hn})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let o=await i`SELECT version FROM corun_migrations`,l=new Set(o.map(c=>c.version));if(rr(l,r))return[];let u=[];for(let c of r)l.has(c.version)||(await i.unsafe(c.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${c.version}, ${c.what})`,u.push(c.version));return u})}async function Mn(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let r=await t`SELECT version FROM corun_migrations`;return new Set(r.map(n=>n.version))}function rr(t,e){let r=Math.max(0,...t),n=Math.max(0,...e.map(i=>i.version));if(r>n)throw new Error(`The database's corun tables are at version ${r}, newer than this corun's ${n}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var $n=new Set(["ECONNREFUSED","ECONNRESET","ECONNABORTED","EPIPE","ETIMEDOUT","EHOSTUNREACH","EHOSTDOWN","ENETUNREACH","ENETDOWN","EAI_AGAIN"]);function He(t){let e=Xe(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||$n.has(e)||e.startsWith("08")||e==="57P01"||e==="57P02"||e==="57P03"||e==="57014"||e==="40001"||e==="40P01"||e==="55P03"||e.startsWith("53")}import us from"node:os";import cs from"node:fs";var Ke=new Map,Et=new Map,ft=Symbol("OriginError"),Se={},te=class extends Promise{constructor(e,r,n,i,o={}){let l,u;super((c,g)=>{l=c,u=g}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=r,this.handler=n,this.canceller=i,this.options=o,this.state=null,this.statement=null,this.resolve=c=>(this.active=!1,l(c)),this.reject=c=>(this.active=!1,u(c)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[ft]=this.handler.debug?new Error:this.tagged&&qn(this.strings)}get origin(){return(this.handler.debug?this[ft].stack:this.tagged&&Et.has(this.strings)?Et.get(this.strings):Et.set(this.strings,this[ft].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,r){if(this.options.simple=!1,typeof e=="function"&&(r=e,e=1),this.cursorRows=e,typeof r=="function")return this.cursorFn=r,this;let n;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};n&&n();let i=new Promise((o,l)=>{this.cursorFn=u=>(o({value:u,done:!1}),new Promise(c=>n=c)),this.resolve=()=>(this.active=!1,o({done:!0})),this.reject=u=>(this.active=!1,l(u))});return this.execute(),i},return(){return n&&n(Se),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function qn(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var me=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},q={connection:sr,postgres:ir,generic:or,notSupported:ar};function sr(t,e,r){let{host:n,port:i}=r||e,o=Object.assign(new Error("write "+t+" "+(e.path||n+":"+i)),{code:t,errno:t,address:e.path||n},e.path?{}:{port:i});return Error.captureStackTrace(o,sr),o}function ir(t){let e=new me(t);return Error.captureStackTrace(e,ir),e}function or(t,e){let r=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(r,or),r}function ar(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,ar),e}var Wn={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},Me=class{then(){_t()}catch(){_t()}finally(){_t()}},be=class extends Me{constructor(e){super(),this.value=Ze(e)}},oe=class extends Me{constructor(e,r,n){super(),this.value=e,this.type=r,this.array=n}},$e=class extends Me{constructor(e,r){super(),this.first=e,this.rest=r}build(e,r,n,i){let o=Pn.map(([l,u])=>({fn:u,i:e.search(l)})).sort((l,u)=>l.i-u.i).pop();return o.i===-1?Tt(this.first,i):o.fn(this.first,this.rest,r,n,i)}};function Ve(t,e,r,n){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=n.transform.undefined:i=t=n.transform.undefined,i===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+r.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Qe(t.value)]||t.type||dr(t.value):t.type):(e.push(t),Qe(t)))}var ur=Er(Wn);function mt(t,e,r,n,i,o){for(let l=1;l<t.strings.length;l++)e+=gt(e,r,n,i,o)+t.strings[l],r=t.args[l];return e}function gt(t,e,r,n,i){return e instanceof $e?e.build(t,r,n,i):e instanceof te?Nt(e,r,n,i):e instanceof be?e.value:e&&e[0]instanceof te?e.reduce((o,l)=>o+" "+Nt(l,r,n,i),""):Ve(e,r,n,i)}function Nt(t,e,r,n){return t.fragment=!0,mt(t,t.strings[0],t.args[0],e,r,n)}function cr(t,e,r,n,i){return t.map(o=>"("+n.map(l=>gt("values",o[l],e,r,i)).join(",")+")").join(",")}function lr(t,e,r,n,i){let o=Array.isArray(t[0]),l=e.length?e.flat():Object.keys(o?t[0]:t);return cr(o?t:[t],r,n,l,i)}function Je(t,e,r,n,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return Tt(t,i);let o;return(e.length?e.flat():Object.keys(t)).map(u=>(o=t[u],(o instanceof te?Nt(o,r,n,i):o instanceof be?o.value:Ve(o,r,n,i))+" as "+Ze(i.transform.column.to?i.transform.column.to(u):u))).join(",")}var Pn=Object.entries({values:lr,in:(...t)=>{let e=lr(...t);return e==="()"?"(null)":e},select:Je,as:Je,returning:Je,"\\(":Je,update(t,e,r,n,i){return(e.length?e.flat():Object.keys(t)).map(o=>Ze(i.transform.column.to?i.transform.column.to(o):o)+"="+gt("values",t[o],r,n,i))},insert(t,e,r,n,i){let o=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+Tt(o,i)+")values"+cr(Array.isArray(t)?t:[t],r,n,o,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function _t(){throw q.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var xn=ur.serializers,Bn=ur.parsers;function dr(t){return Array.isArray(t)?dr(t[0]):typeof t=="string"?1009:0}var hr=function(t){let e=Er(t||{});return{serializers:Object.assign({},xn,e.serializers),parsers:Object.assign({},Bn,e.parsers)}};function Er(t){return Object.keys(t).reduce((e,r)=>(t[r].from&&[].concat(t[r].from).forEach(n=>e.parsers[n]=t[r].parse),t[r].serialize&&(e.serializers[t[r].to]=t[r].serialize,t[r].from&&[].concat(t[r].from).forEach(n=>e.serializers[n]=t[r].serialize)),e),{parsers:{},serializers:{}})}function Tt(t,{transform:{column:e}}){return t.map(r=>Ze(e.to?e.to(r):r)).join(",")}var Ze=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Qe=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Gn=/\\/g,Yn=/"/g;function Xn(t){return t.replace(Gn,"\\\\").replace(Yn,'\\"')}var fr=function t(e,r,n,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let o=e[0],l=i===1020?";":",";return Array.isArray(o)&&!o.type?"{"+e.map(u=>t(u,r,n,i)).join(l)+"}":"{"+e.map(u=>{if(u===void 0&&(u=n.transform.undefined,u===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return u===null?"null":'"'+Xn(r?r(u.type?u.value:u):""+u)+'"'}).join(l)+"}"},pt={i:0,char:null,str:"",quoted:!1,last:0},_r=function(e,r,n){return pt.i=pt.last=0,pr(pt,e,r,n)};function pr(t,e,r,n){let i=[],o=n===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(r?r(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(pr(t,e,r,n));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===o&&t.p!=="}"&&t.p!=='"'&&(i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(r?r(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var ge=t=>{let e=t[0];for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},Te=t=>{let e=t[0].toUpperCase();for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},we=t=>t.replace(/_/g,"-"),qe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),We=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),Pe=t=>t.replace(/-/g,"_");function wt(t){return function e(r,n){return typeof r=="object"&&r!==null&&(n.type===114||n.type===3802)?Array.isArray(r)?r.map(i=>e(i,n)):Object.entries(r).reduce((i,[o,l])=>Object.assign(i,{[t(o)]:e(l,n)}),{}):r}}ge.column={from:ge};ge.value={from:wt(ge)};qe.column={to:qe};var At={...ge};At.column.to=qe;Te.column={from:Te};Te.value={from:wt(Te)};We.column={to:We};var Ot={...Te};Ot.column.to=We;we.column={from:we};we.value={from:wt(we)};Pe.column={to:Pe};var Rt={...we};Rt.column.to=Pe;import Nr from"node:net";import Qn from"node:tls";import xe from"node:crypto";import Lt from"node:stream";import{performance as mr}from"node:perf_hooks";var _e=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var re=zn;function zn(t=[]){let e=t.slice(),r=0;return{get length(){return e.length-r},remove:n=>{let i=e.indexOf(n);return i===-1?null:(e.splice(i,1),n)},push:n=>(e.push(n),n),shift:()=>{let n=e[r++];return r===e.length?(r=0,e=[]):e[r-1]=void 0,n}}}var z=Buffer.allocUnsafe(256),Kn="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let r=e.charCodeAt(0);return t[e]=()=>(z[0]=r,D.i=5,D),t},{}),D=Object.assign(Jn,Kn,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return et(e),D.i+=z.write(t,D.i,e,"utf8"),D},i16(t){return et(2),z.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(z.writeUInt32BE(t,e),D):(et(4),z.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return et(t),z.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return z=Buffer.concat([z.subarray(0,D.i),t]),D.i=z.length,D},end(t=1){z.writeUInt32BE(D.i-t,t);let e=z.subarray(0,D.i);return D.i=0,z=Buffer.allocUnsafe(256),e}}),_=D;function et(t){if(z.length-D.i<t){let e=z,r=e.length;z=Buffer.allocUnsafe(r+(r>>1)+t),e.copy(z)}}function Jn(){return D.i=0,D}var bt=wr,Vn=1,pe=_().S().end(),gr=_().H().end(),Zn=_().i32(8).i32(80877103).end(8),es=Buffer.concat([_().E().str(_.N).i32(0).end(),pe]),ts=_().D().str("S").str(_.N).end(),ye=()=>{},rs=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),ns={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function wr(t,e={},{onopen:r=ye,onend:n=ye,onclose:i=ye}={}){let{sslnegotiation:o,ssl:l,max:u,user:c,host:g,port:E,database:w,parsers:T,transform:O,onnotice:C,onnotify:N,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:ne,target_session_attrs:Z}=t,L=re(),he=Vn++,le={pid:null,secret:null},Ae=St(ut,t.idle_timeout),Ne=St(ut,t.max_lifetime),S=St(Kr,t.connect_timeout),f=null,ue,V=null,b=new _e,K=Buffer.alloc(0),Oe=t.fetch_types,ce={},d={},m=Math.random().toString(36).slice(2),v=1,W=0,M=0,A=0,y=0,F=0,H=0,P=0,J=null,I=null,de=!1,ae=null,Ee=null,G=null,k=null,j=null,ee=null,Ge=null,at=null,h=null,ve=null,Y={queue:e.closed,idleTimer:Ae,connect(s){G=s,xt()},terminate:Fe,execute:Ce,cancel:Gr,end:ut,count:0,id:he};return e.closed&&e.closed.push(Y),Y;async function Br(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new Nr.Socket}catch(a){Le(a);return}return s.on("error",Le),s.on("close",Bt),s.on("drain",Wt),s}async function Gr({pid:s,secret:a},p,R){try{ue=_().i32(16).i32(80877102).i32(s).i32(a).end(16),await Pt(),f.once("error",R),f.once("close",p)}catch($){R($)}}function Ce(s){if(de)return ke(s,q.connection("CONNECTION_DESTROYED",t));if(j)return ke(s,q.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=le,h?L.push(s):(h=s,h.active=!0),zr(s),B(Yr(s))&&!s.describeFirst&&!s.cursorFn&&L.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(a){return L.length===0&&B(pe),se(a),!0}}function Yr(s){if(s.parameters.length>=65534)throw q.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?_().Q().str(s.statement.string+_.N).end():s.describeFirst?Buffer.concat([Mt(s),gr]):s.prepare?s.prepared?Ye(s):Buffer.concat([Mt(s),Ye(s)]):Xr(s)}function Mt(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types,s.statement.name),Cn("S",s.statement.name)])}function Ye(s){return Buffer.concat([vn(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?Xt("",s.cursorRows):es])}function Xr(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types),ts,Ye(s)])}function zr(s){let a=[],p=[],R=mt(s,s.strings[0],s.args[0],a,p,t);!s.tagged&&s.args.forEach($=>Ve($,a,p,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=R,s.signature=s.prepare&&p+R,s.onlyDescribe&&delete d[s.signature],s.parameters=s.parameters||a,s.prepared=s.prepare&&s.signature in d,s.describeFirst=s.onlyDescribe||a.length&&!s.prepared,s.statement=s.prepared?d[s.signature]:{string:R,types:p,name:s.prepare?m+v++:""},typeof t.debug=="function"&&t.debug(he,R,a,p)}function B(s,a){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),a||ee.length>=1024?$t(a):(I===null&&(I=setImmediate($t)),!0)}function $t(s){let a=f.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,a}function Kr(){se(q.connection("CONNECT_TIMEOUT",t,f)),f.destroy()}async function qt(){if(o!=="direct"&&(B(Zn),!await new Promise(p=>f.once("data",R=>p(R[0]===83)))&&l==="prefer"))return Re();let s={socket:f,servername:Nr.isIP(f.host)?void 0:f.host};o==="direct"&&(s.ALPNProtocols=["postgresql"]),l==="require"||l==="allow"||l==="prefer"?s.rejectUnauthorized=!1:typeof l=="object"&&Object.assign(s,l),f.removeAllListeners(),f=Qn.connect(s),f.on("secureConnect",Re),f.on("error",Le),f.on("close",Bt),f.on("drain",Wt)}function Wt(){!h&&r(Y)}function lt(s){if(!(ae&&(ae.push(s),M-=s.length,M>0)))for(K=ae?Buffer.concat(ae,F-M):K.length===0?s:Buffer.concat([K,s],K.length+s.length);K.length>4;){if(F=K.readUInt32BE(1),F>=K.length){M=F-K.length,ae=[K];break}try{Jr(K.subarray(0,F+1))}catch(a){h&&(h.cursorFn||h.describeFirst)&&B(pe),se(a)}K=K.subarray(F+1),M=0,ae=null}}async function Pt(){if(de=!1,ce={},f||(f=await Br()),!!f){if(S.start(),t.socket)return l?qt():Re();if(f.on("connect",l?qt:Re),t.path)return f.connect(t.path);f.ssl=l,f.connect(E[A],g[A]),f.host=g[A],f.port=E[A],A=(A+1)%E.length}}function xt(){setTimeout(Pt,W?Math.max(0,W+H-mr.now()):0)}function Re(){try{d={},Oe=t.fetch_types,m=Math.random().toString(36).slice(2),v=1,Ne.start(),f.on("data",lt),ie&&f.setKeepAlive&&f.setKeepAlive(!0,1e3*ie);let s=Fn();B(s)}catch(s){Le(s)}}function Le(s){if(!(Y.queue===e.connecting&&t.host[y+1]))for(se(s);L.length;)ke(L.shift(),s)}function se(s){j&&(j.destroy(s),j=null),h&&ke(h,s),G&&(ke(G,s),G=null)}function ke(s,a){if(s.reserve)return s.reject(a);(!a||typeof a!="object")&&(a=new Error(a)),"query"in a||"parameters"in a||Object.defineProperties(a,{stack:{value:a.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(a)}function ut(){return k||(!Y.reserved&&n(Y),!Y.reserved&&!G&&!h&&L.length===0?(Fe(),new Promise(s=>f&&f.readyState!=="closed"?f.once("close",s):s())):k=new Promise(s=>Ge=s))}function Fe(){de=!0,(j||h||G||L.length)&&Le(q.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),f&&(f.removeListener("data",lt),f.removeListener("connect",Re),f.readyState==="open"&&f.end(_().X().end())),Ge&&(Ge(),k=Ge=null)}async function Bt(s){if(K=Buffer.alloc(0),M=0,ae=null,clearImmediate(I),f.removeListener("data",lt),f.removeListener("connect",Re),Ae.cancel(),Ne.cancel(),S.cancel(),f.removeAllListeners(),f=null,G)return xt();!s&&(h||L.length)&&Le(q.connection("CONNECTION_CLOSED",t,f)),W=mr.now(),s&&t.shared.retries++,H=(typeof ne=="function"?ne(t.shared.retries):ne)*1e3,i(Y,q.connection("CONNECTION_CLOSED",t,f))}function Jr(s,a=s[0]){(a===68?Qr:a===100?Ln:a===65?gn:a===83?Vr:a===90?Zr:a===67?en:a===50?Gt:a===49?tn:a===116?rn:a===84?nn:a===82?sn:a===110?dn:a===75?hn:a===69?Nn:a===115?Tn:a===51?wn:a===71?An:a===78?bn:a===72?On:a===99?Sn:a===73?yn:a===86?Dn:a===118?In:a===87?Rn:jn)(s)}function Qr(s){let a=7,p,R,$,X=h.isRaw?new Array(h.statement.columns.length):{};for(let Q=0;Q<h.statement.columns.length;Q++)R=h.statement.columns[Q],p=s.readInt32BE(a),a+=4,$=p===-1?null:h.isRaw===!0?s.subarray(a,a+=p):R.parser===void 0?s.toString("utf8",a,a+=p):R.parser.array===!0?R.parser(s.toString("utf8",a+1,a+=p)):R.parser(s.toString("utf8",a,a+=p)),h.isRaw?X[Q]=h.isRaw===!0?$:O.value.from?O.value.from($,R):$:X[R.name]=O.value.from?O.value.from($,R):$;h.forEachFn?h.forEachFn(O.row.from?O.row.from(X):X,b):b[P++]=O.row.from?O.row.from(X):X}function Vr(s){let[a,p]=s.toString("utf8",5,s.length-1).split(_.N);ce[a]=p,t.parameters[a]!==p&&(t.parameters[a]=p,x&&x(a,p))}function Zr(s){if(h?V?h.retried?se(h.retried):h.prepared&&rs.has(V.routine)?mn(h,V):se(V):h.resolve(Ee||b):V&&se(V),h=Ee=V=null,b=new _e,S.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return pn();if(_n(Z,ce))return Fe()}if(Oe)return G.reserve&&(G=null),En();G&&!G.reserve&&Ce(G),t.shared.retries=y=0,G=null;return}for(;L.length&&(h=L.shift())&&(h.active=!0,h.cancelled);)wr(t).cancel(h.state,h.cancelled.resolve,h.cancelled.reject);h||(Y.reserved?!Y.reserved.release&&s[5]===73?k?Fe():(Y.reserved=null,r(Y)):Y.reserved():k?Fe():r(Y))}function en(s){P=0;for(let a=s.length-1;a>0;a--)if(s[a]===32&&s[a+1]<58&&b.count===null&&(b.count=+s.toString("utf8",a+1,s.length-1)),s[a-1]>=65){b.command=s.toString("utf8",5,a),b.state=le;break}if(ve&&(ve(),ve=null),b.command==="BEGIN"&&u!==1&&!Y.reserved)return se(q.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(h.options.simple)return Gt();h.cursorFn&&(b.count&&h.cursorFn(b),B(pe))}function tn(){h.parsing=!1}function Gt(){!b.statement&&(b.statement=h.statement),b.columns=h.statement.columns}function rn(s){let a=s.readUInt16BE(5);for(let p=0;p<a;++p)!h.statement.types[p]&&(h.statement.types[p]=s.readUInt32BE(7+p*4));h.prepare&&(d[h.signature]=h.statement),h.describeFirst&&!h.onlyDescribe&&(B(Ye(h)),h.describeFirst=!1)}function nn(s){b.command&&(Ee=Ee||[b],Ee.push(b=new _e),b.count=null,h.statement.columns=null);let a=s.readUInt16BE(5),p=7,R;h.statement.columns=Array(a);for(let $=0;$<a;++$){for(R=p;s[p++]!==0;);let X=s.readUInt32BE(p),Q=s.readUInt16BE(p+4),fe=s.readUInt32BE(p+6);h.statement.columns[$]={name:O.column.from?O.column.from(s.toString("utf8",R,p-1)):s.toString("utf8",R,p-1),parser:T[fe],table:X,number:Q,type:fe},p+=18}if(b.statement=h.statement,h.onlyDescribe)return h.resolve(h.statement),B(pe)}async function sn(s,a=s.readUInt32BE(5)){(a===3?on:a===5?an:a===10?ln:a===11?un:a===12?cn:a!==0?Un:ye)(s,a)}async function on(){let s=await ct();B(_().p().str(s).z(1).end())}async function an(s){let a="md5"+await Tr(Buffer.concat([Buffer.from(await Tr(await ct()+c)),s.subarray(9)]));B(_().p().str(a).z(1).end())}async function ln(){at=(await xe.randomBytes(18)).toString("base64"),_().p().str("SCRAM-SHA-256"+_.N);let s=_.i;B(_.inc(4).str("n,,n=*,r="+at).i32(_.i-s-4,s).end())}async function un(s){let a=s.toString("utf8",9).split(",").reduce((Q,fe)=>(Q[fe[0]]=fe.slice(2),Q),{}),p=await xe.pbkdf2Sync(await ct(),Buffer.from(a.s,"base64"),parseInt(a.i),32,"sha256"),R=await rt(p,"Client Key"),$="n=*,r="+at+",r="+a.r+",s="+a.s+",i="+a.i+",c=biws,r="+a.r;J=(await rt(await rt(p,"Server Key"),$)).toString("base64");let X="c=biws,r="+a.r+",p="+is(R,Buffer.from(await rt(await ss(R),$))).toString("base64");B(_().p().str(X).end())}function cn(s){s.toString("utf8",9).split(_.N,1)[0].slice(2)!==J&&(se(q.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),f.destroy())}function ct(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function dn(){if(b.statement=h.statement,b.statement.columns=[],h.onlyDescribe)return h.resolve(h.statement),B(pe)}function hn(s){le.pid=s.readUInt32BE(5),le.secret=s.readUInt32BE(9)}async function En(){Oe=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],Ce)).forEach(({oid:a,typarray:p})=>fn(a,p))}function fn(s,a){if(t.parsers[a]&&t.serializers[a])return;let p=t.parsers[s];t.shared.typeArrayMap[s]=a,t.parsers[a]=R=>_r(R,p,a),t.parsers[a].array=!0,t.serializers[a]=R=>fr(R,t.serializers[s],t,a)}function _n(s,a){return s==="read-write"&&a.default_transaction_read_only==="on"||s==="read-only"&&a.default_transaction_read_only==="off"||s==="primary"&&a.in_hot_standby==="on"||s==="standby"&&a.in_hot_standby==="off"||s==="prefer-standby"&&a.in_hot_standby==="off"&&t.host[y]}function pn(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],Ce,null,{simple:!0});s.resolve=([[a],[p]])=>{ce.default_transaction_read_only=a.transaction_read_only,ce.in_hot_standby=p.pg_is_in_recovery?"on":"off"},s.execute()}function Nn(s){h?((h.cursorFn||h.describeFirst)&&B(pe),V=q.postgres(tt(s))):se(q.postgres(tt(s)))}function mn(s,a){delete d[s.signature],s.retried=a,Ce(s)}function gn(s){if(!N)return;let a=9;for(;s[a++]!==0;);N(s.toString("utf8",9,a-1),s.toString("utf8",a,s.length-1))}async function Tn(){try{let s=await Promise.resolve(h.cursorFn(b));P=0,s===Se?B(kn(h.portal)):(b=new _e,B(Xt("",h.cursorRows)))}catch(s){B(pe),h.reject(s)}}function wn(){b.count&&h.cursorFn(b),h.resolve(b)}function An(){j=new Lt.Writable({autoDestroy:!0,write(s,a,p){f.write(_().d().raw(s).end(),p)},destroy(s,a){a(s),f.write(_().f().str(s+_.N).end()),j=null},final(s){f.write(_().c().end()),ve=s,j=null}}),h.resolve(j)}function On(){j=new Lt.Readable({read(){f.resume()}}),h.resolve(j)}function Rn(){j=new Lt.Duplex({autoDestroy:!0,read(){f.resume()},write(s,a,p){f.write(_().d().raw(s).end(),p)},destroy(s,a){a(s),f.write(_().f().str(s+_.N).end()),j=null},final(s){f.write(_().c().end()),ve=s}}),h.resolve(j)}function Ln(s){j&&(j.push(s.subarray(5))||f.pause())}function Sn(){j&&j.push(null),j=null}function bn(s){C?C(tt(s)):console.log(tt(s))}function yn(){}function Dn(){se(q.notSupported("FunctionCallResponse"))}function In(){se(q.notSupported("NegotiateProtocolVersion"))}function jn(s){console.error("Postgres.js : Unknown Message:",s[0])}function Un(s,a){console.error("Postgres.js : Unknown Auth:",a)}function vn(s,a,p="",R=""){let $,X;return _().B().str(R+_.N).str(p+_.N).i16(0).i16(s.length),s.forEach((Q,fe)=>{if(Q===null)return _.i32(4294967295);X=a[fe],s[fe]=Q=X in t.serializers?t.serializers[X](Q):""+Q,$=_.i,_.inc(4).str(Q).i32(_.i-$-4,$)}),_.i16(0),_.end()}function Yt(s,a,p,R=""){return _().P().str(R+_.N).str(s+_.N).i16(a.length),a.forEach(($,X)=>_.i32(p[X]||0)),_.end()}function Cn(s,a=""){return _().D().str(s).str(a+_.N).end()}function Xt(s="",a=0){return Buffer.concat([_().E().str(s+_.N).i32(a).end(),gr])}function kn(s=""){return Buffer.concat([_().C().str("P").str(s+_.N).end(),_().S().end()])}function Fn(){return ue||_().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:c,database:w,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,a])=>s+_.N+a).join(_.N)).z(2).end(0)}}function tt(t){let e={},r=5;for(let n=5;n<t.length-1;n++)t[n]===0&&(e[ns[t[r]]]=t.toString("utf8",r+1,n),r=n+1);return e}function Tr(t){return xe.createHash("md5").update(t).digest("hex")}function rt(t,e){return xe.createHmac("sha256",t).update(e).digest()}function ss(t){return xe.createHash("sha256").update(t).digest()}function is(t,e){let r=Math.max(t.length,e.length),n=Buffer.allocUnsafe(r);for(let i=0;i<r;i++)n[i]=t[i]^e[i];return n}function St(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:ye,start:ye};let r;return{cancel(){r&&(clearTimeout(r),r=null)},start(){r&&clearTimeout(r),r=setTimeout(n,e*1e3,arguments)}};function n(i){t.apply(null,i),r=null}}var Ar=()=>{};function yt(t,e){let r=new Map,n="postgresjs_"+Math.random().toString(36).slice(2),i={},o,l,u=!1,c=w.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){u||(l=null,i.pid=i.secret=void 0,T(await O(c,n,e.publications)),r.forEach(N=>N.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),g=c.end,E=c.close;return c.end=async()=>(u=!0,l&&await new Promise(N=>(l.once("close",N),l.end())),g()),c.close=async()=>(l&&await new Promise(N=>(l.once("close",N),l.end())),E()),w;async function w(N,x,U=Ar,ie=Ar){N=ls(N),o||(o=O(c,n,e.publications));let ne={fn:x,onsubscribe:U},Z=r.has(N)?r.get(N).add(ne):r.set(N,new Set([ne])).get(N),L=()=>{Z.delete(ne),Z.size===0&&r.delete(N)};return o.then(he=>(T(he),U(),l&&l.on("error",ie),{unsubscribe:L,state:i,sql:c}))}function T(N){l=N.stream,i.pid=N.state.pid,i.secret=N.state.secret}async function O(N,x,U){if(!U)throw new Error("Missing publication names");let ie=await N.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[ne]=ie,Z=await N.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${ne.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),L={lsn:Buffer.concat(ne.consistent_point.split("/").map(S=>Buffer.from(("00000000"+S).slice(-8),"hex")))};return Z.on("data",le),Z.on("error",he),Z.on("close",N.close),{stream:Z,state:ie.state};function he(S){console.error("Unexpected error during logical streaming - reconnecting",S)}function le(S){S[0]===119?as(S.subarray(25),L,N.options.parsers,Ae,e.transform):S[0]===107&&S[17]&&(L.lsn=S.subarray(1,9),Ne())}function Ae(S,f){let ue=f.relation.schema+"."+f.relation.table;C("*",S,f),C("*:"+ue,S,f),f.relation.keys.length&&C("*:"+ue+"="+f.relation.keys.map(V=>S[V.name]),S,f),C(f.command,S,f),C(f.command+":"+ue,S,f),f.relation.keys.length&&C(f.command+":"+ue+"="+f.relation.keys.map(V=>S[V.name]),S,f)}function Ne(){let S=Buffer.alloc(34);S[0]=114,S.fill(L.lsn,1),S.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(S)}}function C(N,x,U){r.has(N)&&r.get(N).forEach(({fn:ie})=>ie(x,U,N))}}function os(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function as(t,e,r,n,i){let o=(l,[u,c])=>(l[u.charCodeAt(0)]=c,l);Object.entries({R:l=>{let u=1,c=e[l.readUInt32BE(u)]={schema:l.toString("utf8",u+=4,u=l.indexOf(0,u))||"pg_catalog",table:l.toString("utf8",u+1,u=l.indexOf(0,u+1)),columns:Array(l.readUInt16BE(u+=2)),keys:[]};u+=2;let g=0,E;for(;u<l.length;)E=c.columns[g++]={key:l[u++],name:i.column.from?i.column.from(l.toString("utf8",u,u=l.indexOf(0,u))):l.toString("utf8",u,u=l.indexOf(0,u)),type:l.readUInt32BE(u+=1),parser:r[l.readUInt32BE(u)],atttypmod:l.readUInt32BE(u+=4)},E.key&&c.keys.push(E),u+=4},Y:()=>{},O:()=>{},B:l=>{e.date=os(l.readBigInt64BE(9)),e.lsn=l.subarray(1,9)},I:l=>{let u=1,c=e[l.readUInt32BE(u)],{row:g}=nt(l,c.columns,u+=7,i);n(g,{command:"insert",relation:c})},D:l=>{let u=1,c=e[l.readUInt32BE(u)];u+=4;let g=l[u]===75;n(g||l[u]===79?nt(l,c.columns,u+=3,i).row:null,{command:"delete",relation:c,key:g})},U:l=>{let u=1,c=e[l.readUInt32BE(u)];u+=4;let g=l[u]===75,E=g||l[u]===79?nt(l,c.columns,u+=3,i):null;E&&(u=E.i);let{row:w}=nt(l,c.columns,u+3,i);n(w,{command:"update",relation:c,key:g,old:E&&E.row})},T:()=>{},C:()=>{}}).reduce(o,{})[t[0]](t)}function nt(t,e,r,n){let i,o,l,u=n.raw?new Array(e.length):{};for(let c=0;c<e.length;c++)i=t[r++],o=e[c],l=i===110?null:i===117?void 0:o.parser===void 0?t.toString("utf8",r+4,r+=4+t.readUInt32BE(r)):o.parser.array===!0?o.parser(t.toString("utf8",r+5,r+=4+t.readUInt32BE(r))):o.parser(t.toString("utf8",r+4,r+=4+t.readUInt32BE(r))),n.raw?u[c]=n.raw===!0?l:n.value.from?n.value.from(l,o):l:u[o.name]=n.value.from?n.value.from(l,o):l;return{i:r,row:n.row.from?n.row.from(u):u}}function ls(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,r,n,i]=e;return(r||"*")+(n?":"+(n.indexOf(".")===-1?"public."+n:n):"")+(i?"="+i:"")}import Or from"node:stream";function Dt(t,e,r=393216){return new Promise(async(n,i)=>{await t.begin(async o=>{let l;!e&&([{oid:e}]=await o`select lo_creat(-1) as oid`);let[{fd:u}]=await o`select lo_open(${e}, ${r}) as fd`,c={writable:E,readable:g,close:()=>o`select lo_close(${u})`.then(l),tell:()=>o`select lo_tell64(${u})`,read:w=>o`select loread(${u}, ${w}) as data`,write:w=>o`select lowrite(${u}, ${w})`,truncate:w=>o`select lo_truncate64(${u}, ${w})`,seek:(w,T=0)=>o`select lo_lseek64(${u}, ${w}, ${T})`,size:()=>o`
          select
            lo_lseek64(${u}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return n(c),new Promise(async w=>l=w);async function g({highWaterMark:w=2048*8,start:T=0,end:O=1/0}={}){let C=O-T;return T&&await c.seek(T),new Or.Readable({highWaterMark:w,async read(N){let x=N>C?N-C:N;C-=N;let[{data:U}]=await c.read(x);this.push(U),U.length<N&&this.push(null)}})}async function E({highWaterMark:w=2048*8,start:T=0}={}){return T&&await c.seek(T),new Or.Writable({highWaterMark:w,write(O,C,N){c.write(O).then(()=>N(),N)}})}}).catch(i)})}Object.assign(st,{PostgresError:me,toPascal:Te,pascal:Ot,toCamel:ge,camel:At,toKebab:we,kebab:Rt,fromPascal:We,fromCamel:qe,fromKebab:Pe,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var It=st;function st(t,e){let r=ds(t,e),n=r.no_subscribe||yt(st,{...r}),i=!1,o=re(),l=re(),u=re(),c=re(),g=re(),E=re(),w=re(),T=re(),O={connecting:l,reserved:u,closed:c,ended:g,open:E,busy:w,full:T},C=[...Array(r.max)].map(()=>bt(r,O,{onopen:Oe,onend:K,onclose:ce})),N=x(Ae);return Object.assign(N,{get parameters(){return r.parameters},largeObject:Dt.bind(null,N),subscribe:n,CLOSE:Se,END:Se,PostgresError:me,options:r,reserve:ne,listen:U,begin:Z,close:ue,end:f}),N;function x(d){return d.debug=r.debug,Object.entries(r.types).reduce((A,[y,F])=>(A[y]=H=>new oe(H,F.to),A),m),Object.assign(v,{types:m,typed:m,unsafe:W,notify:ie,array:le,json:he,file:M}),v;function m(A,y){return new oe(A,y)}function v(A,...y){return A&&Array.isArray(A.raw)?new te(A,y,d,S):typeof A=="string"&&!y.length?new be(r.transform.column.to?r.transform.column.to(A):A):new $e(A,y)}function W(A,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([A],y,d,S,{prepare:!1,...F,simple:"simple"in F?F.simple:y.length===0})}function M(A,y=[],F={}){return arguments.length===2&&!Array.isArray(y)&&(F=y,y=[]),new te([],y,P=>{cs.readFile(A,"utf8",(J,I)=>{if(J)return P.reject(J);P.strings=[I],d(P)})},S,{...F,simple:"simple"in F?F.simple:y.length===0})}}async function U(d,m,v){let W={fn:m,onlisten:v},M=U.sql||(U.sql=st({...r,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([P,{listeners:J}])=>{delete U.channels[P],Promise.all(J.map(I=>U(P,I.fn,I.onlisten).catch(()=>{})))})},onnotify(P,J){P in U.channels&&U.channels[P].listeners.forEach(I=>I.fn(J))}})),A=U.channels||(U.channels={});if(d in A){A[d].listeners.push(W);let P=await A[d].result;return W.onlisten&&W.onlisten(),{state:P.state,unlisten:H}}A[d]={result:M`listen ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[W]};let F=await A[d].result;return W.onlisten&&W.onlisten(),{state:F.state,unlisten:H};async function H(){if(d in A&&(A[d].listeners=A[d].listeners.filter(P=>P!==W),!A[d].listeners.length))return delete A[d],M`unlisten ${M.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,m){return await N`select pg_notify(${d}, ${""+m})`}async function ne(){let d=re(),m=E.length?E.shift():await new Promise((M,A)=>{let y={reserve:M,reject:A};o.push(y),c.length&&b(c.shift(),y)});L(m,u),m.reserved=()=>d.length?m.execute(d.shift()):L(m,u),m.reserved.release=!0;let v=x(W);return v.release=()=>{m.reserved=null,Oe(m)},v;function W(M){m.queue===T?d.push(M):m.execute(M)||L(m,T)}}async function Z(d,m){!m&&(m=d,d="");let v=re(),W=0,M,A=null;try{return await N.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:F}).execute(),await Promise.race([y(M,m),new Promise((H,P)=>M.onclose=P)])}catch(H){throw H}async function y(H,P,J){let I=x(G);I.savepoint=Ee,I.prepare=k=>A=k.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((k,j)=>{let ee=P(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(k,j)}),de)throw de}catch(k){throw await(J?I`rollback to ${I(J)}`:I`rollback`),k instanceof me&&k.code==="25P02"&&de||k}return J||(A?await I`prepare transaction '${I.unsafe(A)}'`:await I`commit`),ae;function Ee(k,j){return k&&Array.isArray(k.raw)?Ee(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=k,k=null),y(H,j,"s"+W+++(k?"_"+k:"")))}function G(k){k.catch(j=>de||(de=j)),H.queue===T?v.push(k):H.execute(k)||L(H,T)}}function F(H){M=H,L(H,u),H.reserved=()=>v.length?H.execute(v.shift()):L(H,u)}}function L(d,m){return d.queue.remove(d),m.push(d),d.queue=m,m===E?d.idleTimer.start():d.idleTimer.cancel(),d}function he(d){return new oe(d,3802)}function le(d,m){return Array.isArray(d)?new oe(d,m||(d.length?Qe(d)||25:0),r.shared.typeArrayMap):le(Array.from(arguments))}function Ae(d){if(i)return d.reject(q.connection("CONNECTION_ENDED",r,r));if(E.length)return Ne(E.shift(),d);if(c.length)return b(c.shift(),d);w.length?Ne(w.shift(),d):o.push(d)}function Ne(d,m){return d.execute(m)?L(d,w):L(d,T)}function S(d){return new Promise((m,v)=>{d.state?d.active?bt(r).cancel(d.state,m,v):d.cancelled={resolve:m,reject:v}:(o.remove(d),d.cancelled=!0,d.reject(q.generic("57014","canceling statement due to user request")),m())})}async function f({timeout:d=null}={}){if(i)return i;await 1;let m;return i=Promise.race([new Promise(v=>d!==null&&(m=setTimeout(V,d*1e3,v))),Promise.all(C.map(v=>v.end()).concat(U.sql?U.sql.end({timeout:0}):[],n.sql?n.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(m))}async function ue(){await Promise.all(C.map(d=>d.end()))}async function V(d){for(await Promise.all(C.map(m=>m.terminate()));o.length;)o.shift().reject(q.connection("CONNECTION_DESTROYED",r));d()}function b(d,m){return L(d,l),d.connect(m),d}function K(d){L(d,g)}function Oe(d){if(o.length===0)return L(d,E);let m=Math.ceil(o.length/(l.length+1)),v=!0;for(;v&&o.length&&m-- >0;){let W=o.shift();if(W.reserve)return W.reserve(d);v=d.execute(W)}v?L(d,w):L(d,T)}function ce(d,m){L(d,c),d.reserved=null,d.onclose&&(d.onclose(m),d.onclose=null),r.onclose&&r.onclose(d.id),o.length&&b(d,o.shift())}}function ds(t,e){if(t&&t.shared)return t;let r=process.env,n=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:o}=ps(t),l=[...i.searchParams].reduce((T,[O,C])=>(T[O]=C,T),{}),u=n.hostname||n.host||o||i.hostname||r.PGHOST||"localhost",c=n.port||i.port||r.PGPORT||5432,g=n.user||n.username||i.username||r.PGUSERNAME||r.PGUSER||Ns();n.no_prepare&&(n.prepare=!1),l.sslmode&&(l.ssl=l.sslmode,delete l.sslmode),"timeout"in n&&(console.log("The timeout option is deprecated, use idle_timeout instead"),n.idle_timeout=n.timeout),l.sslrootcert==="system"&&(l.ssl="verify-full");let E=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],w={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:fs,max_pipeline:100,backoff:Es,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(u)?u:u.split(",").map(T=>T.split(":")[0]),port:Array.isArray(c)?c:u.split(",").map(T=>parseInt(T.split(":")[1]||c)),path:n.path||u.indexOf("/")>-1&&u+"/.s.PGSQL."+c,database:n.database||n.db||(i.pathname||"").slice(1)||r.PGDATABASE||g,user:g,pass:n.pass||n.password||i.password||r.PGPASSWORD||"",...Object.entries(w).reduce((T,[O,C])=>{let N=O in n?n[O]:O in l?l[O]==="disable"||l[O]==="false"?!1:l[O]:r["PG"+O.toUpperCase()]||C;return T[O]=typeof N=="string"&&E.includes(O)?+N:N,T},{}),connection:{application_name:r.PGAPPNAME||"postgres.js",...n.connection,...Object.entries(l).reduce((T,[O,C])=>(O in w||(T[O]=C),T),{})},types:n.types||{},target_session_attrs:hs(n,i,r),onnotice:n.onnotice,onnotify:n.onnotify,onclose:n.onclose,onparameter:n.onparameter,socket:n.socket,transform:_s(n.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...hr(n.types)}}function hs(t,e,r){let n=t.target_session_attrs||e.searchParams.get("target_session_attrs")||r.PGTARGETSESSIONATTRS;if(!n||["read-write","read-only","primary","standby","prefer-standby"].includes(n))return n;throw new Error("target_session_attrs "+n+" is not supported")}function Es(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function fs(){return 60*(30+Math.random()*30)}function _s(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function ps(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let r=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(r.username),password:decodeURIComponent(r.password),host:r.host,hostname:r.hostname,port:r.port,pathname:r.pathname,searchParams:r.searchParams},multihost:e.indexOf(",")>-1&&e}}function Ns(){try{return us.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}import{checkServerIdentity as Rr}from"node:tls";var Lr=!1;function Sr(){Lr||(Lr=!0,globalThis.addEventListener("error",t=>{ms(t.error)&&t.preventDefault()}))}function ms(t){if(!(t instanceof TypeError))return!1;let e=t.stack??"";return/^Cannot read properties of null \(reading 'write'\)$/.test(t.message)?/nextWrite/.test(e)&&/postgres[@/\\].*connection\.js/.test(e)||/\bImmediate\./.test(e):!1}var br=/\\u(?:0000|d[89a-f])/;function De(t){let e=JSON.stringify(t);return br.test(e)?JSON.stringify(t,Dr):e}function yr(t){return br.test(t)?JSON.stringify(JSON.parse(t),Dr):t}function Dr(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ie="corun_jobs",Ut="corun_pauses";function je(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function vr(t,e={}){Sr();let r=new URL(t),n=gs(r);return It(t,{...Ts(r),...n===void 0?{}:{ssl:n},max:e.max??4,onnotice:i=>{i.severity==="WARNING"&&e.onNotice?.(String(i.message))},connection:{application_name:"corun"},connect_timeout:er(t),backoff:As,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:i=>String(i),parse:i=>Number(i)},bigintArray:Ir(1016,i=>`{${i.join(",")}}`),textArray:Ir(1009,ws)}})}function gs(t){let e=Zt(t);if(e===void 0)return;let r=Cr(t)??t.hostname;return{rejectUnauthorized:!0,checkServerIdentity:e==="ca"?()=>{}:(n,i)=>Rr(r,i)}}function Ts(t){let e=Cr(t);return e===void 0?void 0:{host:[e],port:[t.port===""?5432:Number(t.port)]}}function Cr(t){return/^\[(.*)\]$/.exec(t.hostname)?.[1]}function Ir(t,e){return{to:t,from:[],serialize:e,parse:r=>r}}function ws(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function As(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var jt=class t{sql;url;#e=-1/0;#r=new Map;#l;constructor(e,r,n=!1){this.sql=e,this.url=r,this.#l=n}async transaction(e){return this.#l?await e(this):await this.sql.begin(r=>e(new t(r,this.url,!0)))}#c(e){return this.#l?e(this.sql):this.sql.begin(r=>e(r))}static async connect(e,r={}){let n=vr(e,r);try{await ht(n)}catch(i){throw await n.end({timeout:1}),i}return new t(n,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,r){if(r.length===0)return;let n=r.map(i=>it(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(n)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,r,n,i){if(r.length===0)return[];let o=n===void 0?[]:[...new Set(r.map(l=>l.origin))].map(n);return await this.#c(async l=>{let u=await jr(l,e,r,o,i);return r.some(c=>c.reservedFor===void 0)&&await l`SELECT pg_notify(${Ie}, ${e})`,u})}async claim(e,r,n,i,o){(performance.now()-this.#e>1e3||o!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let l=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl, c.run_at AS "runAt"
      FROM corun_claim(${e}, ${r}, ${n}, ${i}, ${o?.id??null}::bigint,
        ${o?.nested??!1}) c`,u=o!==void 0;return l.map(({turn:c,...g})=>({...g,reserved:u,nextStart:c??void 0})).sort((c,g)=>c.id-g.id)}async takeTurn(e,r,n){let[i]=await this.sql`
      WITH turn AS (
        UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
        WHERE queue = ${e} AND origin = ${r} AND next_start_at <= now()
          AND paused_until <= now()
        RETURNING next_start_at::text AS next_start, gap_ms, jitter_ms)
      SELECT turn.next_start, turn.gap_ms, turn.jitter_ms,
        (SELECT (extract(epoch FROM greatest(next_start_at, paused_until, now()) - now()) * 1000)
          ::float8
          FROM corun_origins WHERE queue = ${e} AND origin = ${r}) AS wait_ms
      FROM (SELECT) AS one LEFT JOIN turn ON true`;return i.next_start!==null?{waitMs:0,nextStart:i.next_start,gapMs:i.gap_ms??0,jitterMs:i.jitter_ms??0}:i.wait_ms===null?n===void 0?{waitMs:0}:(await this.sql`
        INSERT INTO corun_origins ${this.sql(it(e,n))}
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,r)):{waitMs:Math.max(1,i.wait_ms)}}async redirectTurn(e,r,n,i,o){let l=it(e,o),[u]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${r}, ${n}::bigint, ${i}, ${l.per_host},
        ${l.gap_ms}, ${l.jitter_ms})`;if(u.granted)return{waitMs:0,nextStart:u.turn??void 0,gapMs:u.gap_ms,jitterMs:u.jitter_ms};let c=u.wait_ms>0?Math.max(1,u.wait_ms):0;return u.per_host_full?{waitMs:c,full:!0}:{waitMs:Math.max(1,c)}}async moveTurn(e,r,n){let[i]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${r}
        AND next_start_at = ${n}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return i?.next_start}async reapExpiredLeases(e){let r=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${vt(this.sql)}
      RETURNING j.id`,n=await this.sql`
      UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
        last_error = CASE WHEN j.lease_until < now()
          THEN 'the lease of worker ' || j.lease_owner || ' expired'
          ELSE 'worker ' || j.lease_owner || ' stopped' END
      WHERE j.queue = ${e} AND j.state = 'leased' AND j.reserved_for IS NULL
        AND ${Be(this.sql)}
      RETURNING j.id`,i=r.length+n.length;return i>0&&await this.sql`SELECT pg_notify(${Ie}, ${e})`,i}async reservedWaitMs(e,r){let[n]=await this.sql`
      SELECT greatest(0, extract(epoch FROM
          greatest(j.not_before, o.next_start_at, o.paused_until) - now()) * 1000)::float8 AS wait_ms
      FROM corun_jobs j
      LEFT JOIN corun_origins o ON o.queue = j.queue AND o.origin = j.origin
      WHERE j.id = ${r} AND j.reserved_for = ${e} AND j.state IN ('queued', 'leased')`;return n?.wait_ms}async claimSave(e,r){let[n]=await this.sql`
      SELECT held_path AS path, held_folder AS folder, held_file AS file, held_task AS task,
        held_url AS url
      FROM corun_claim_save(${e}::bigint, ${r.path}, ${r.folders}::text[],
        ${r.task}, ${r.url}, ${r.perFetch})`;return n}async report(e,r,n){return await this.#c(async i=>{if(n.links.length>0){let w=new Map;for(let{job:T,rule:O}of n.links)w.has(T.origin)||w.set(T.origin,O);await jr(i,e,n.links.map(T=>T.job),[...w.values()],void 0)}if(n.pauses.length>0){let w=n.pauses.map(T=>({origin:T.origin,for_ms:T.forMs}));await i`
          WITH p AS (
            SELECT origin, max(for_ms) AS for_ms
            FROM jsonb_to_recordset(${De(w)}::text::jsonb)
              AS r(origin text, for_ms float8)
            GROUP BY origin),
          paused AS (
            UPDATE corun_origins o SET paused_until =
              greatest(o.paused_until, now() + p.for_ms * interval '1 millisecond')
            FROM p WHERE o.queue = ${e} AND o.origin = p.origin
            RETURNING o.origin, o.paused_until)
          SELECT pg_notify(${Ut}, json_build_object('queue', ${e}::text,
            'origin', origin, 'ms', extract(epoch FROM paused_until - now()) * 1000)::text)
          FROM paused`}let o=await Ur(i,r,"done",n.done),l=await Ur(i,r,"skipped",n.leftOut),u=0;if(n.failed.length>0&&(u=Fr(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${De(n.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${r}
          RETURNING j.reserved_for IS NULL AS mine`)),n.retries.length>0){let w=n.retries.map(T=>({id:T.id,delay_ms:T.delayMs,payload:T.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${De(w)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${r}`}n.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${n.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${r}`;let c=[...n.failed.map(w=>w.id),...n.retries.map(w=>w.id),...n.released];c.length>0&&await i`SELECT corun_release_saves(${c}::bigint[])`,n.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${n.dropped}::bigint[]) AND reserved_for = ${r}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${o}, failed = failed + ${u}, skipped = skipped + ${l}
        WHERE id = ${r}`,await i`SELECT pg_notify(${Ie}, ${e})`;let g=[...n.done,...n.leftOut,...n.failed.map(w=>w.id)];if(g.length===0)return 0;let[E]=await i`
        SELECT count(*)::int AS jobs FROM corun_jobs
        WHERE id = ANY(${g}::bigint[]) AND reserved_for IS NULL`;return E.jobs-o-l-u})}async releaseUnknown(e,r,n){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${r}::bigint[]))
        AND (${n??null}::bigint IS NULL OR id = ${n??null}::bigint)
      RETURNING id`).length}async heartbeat(e,r,n){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${r} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${n}::bigint[])
      RETURNING id`,o=this.#r.get(e);if(o===void 0)await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`;else{let{queue:l,host:u,pid:c,leaseMs:g}=o;await this.sql`
        INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
        VALUES (${e}, ${l}, ${u}, ${c}, ${g})
        ON CONFLICT (id) DO UPDATE SET last_seen = now()`}return i.length}async openWork(e){let[r]=await this.sql`
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
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:r.queued,leased:r.leased,nextDueMs:r.next_due_ms===null?void 0:Math.max(0,r.next_due_ms)}}async registerWorker(e,r,n,i,o=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${r}, ${n}, ${i}, ${Math.ceil(o)})`,this.#r.set(e,{queue:r,host:n,pid:i,leaseMs:Math.ceil(o)})}async stopWorker(e){this.#r.delete(e),await this.#c(async r=>{await r`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let n=await r`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(n.map(o=>o.queue)))await r`SELECT pg_notify(${Ie}, ${i})`})}async insertResults(e,r,n){n.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${r}, line::jsonb
      FROM unnest(${n.map(yr)}::text[]) AS t(line)`}async claimFire(e,r,n,i,o){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${r}, ${n}, ${i}, ${o})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,r){await this.sql`UPDATE corun_fires SET jobs = ${r} WHERE id = ${e}`}async lastFire(e,r){let[n]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${r} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return n===void 0?void 0:{fireAt:n.fire_at,open:n.open}}async lastFiredAt(e,r){let[n]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${r}`;return n?.at??void 0}};async function jr(t,e,r,n,i){if(n.length>0){let c=n.map(g=>it(e,g)).sort((g,E)=>g.origin<E.origin?-1:g.origin>E.origin?1:0);await t`INSERT INTO corun_origins ${t(c)} ON CONFLICT (queue, origin) DO NOTHING`}let o=r.filter(c=>c.parent!==void 0),l=o.length===0?r:r.filter(c=>c.parent===void 0);return[...await Os(t,e,l,i),...await Rs(t,e,o)].sort((c,g)=>c-g)}function kr(t,e,r){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:r??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function Os(t,e,r,n){return r.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl, run_at)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current(), now()
    FROM jsonb_to_recordset(${De(r.map(o=>kr(e,o,n)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(o=>o.id)}async function Rs(t,e,r){return r.length===0?[]:(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${De(r.map(i=>kr(e,i,void 0)))}
        ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
        delay_ms float8, reserved_for text, parent bigint))
    INSERT INTO corun_jobs (id, queue, task, origin, url, payload, not_before, fire_id,
      reserved_for, crawl, linked_from, run_at)
    SELECT g.id, g.queue, g.task, g.origin, g.url, g.payload,
      now() + g.delay_ms * interval '1 millisecond', p.fire_id, g.reserved_for,
      CASE WHEN p.id IS NULL THEN txid_current() ELSE coalesce(p.crawl, p.id) END, p.id,
      CASE WHEN p.id IS NULL THEN now() ELSE coalesce(p.run_at, p.created_at) END
    FROM given g LEFT JOIN corun_jobs p ON p.id = g.parent
    ORDER BY 10, md5(g.url)
    ON CONFLICT (crawl, md5(url)) WHERE linked_from IS NOT NULL DO NOTHING
    RETURNING id`).map(i=>i.id)}function Be(t){return t`(j.lease_until < now() OR EXISTS (SELECT 1 FROM corun_workers w
    WHERE w.id = j.lease_owner AND w.stopped_at IS NOT NULL))`}function vt(t){return t`(j.state IN ('queued', 'leased')
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function Ur(t,e,r,n){return n.length===0?0:Fr(await t`
    UPDATE corun_jobs SET state = ${r}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${n}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function Fr(t){return t.filter(e=>e.mine).length}function it(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var Ls=20,ot=[250,500,1e3,2e3,5e3,1e4,3e4],Ft=class{#e;#r;#l;#c;#i=[];#n=new Map;#s=new Map;#o=new Map;#h=new Map;#p=[];#E=!1;#N;#S;#C;#t=je();#b=je();#f;#_;#k=!1;#T;#$=!1;#q=new Set;#w=0;#y=new Set;#W;#P;#a=!1;#A=!1;#x=0;#B=0;#O;constructor(e){this.#e=e,this.#r=e.store,this.#l=e.leaseMs??3e4,this.#c=e.idleMs??2e3,this.#C=Math.ceil(e.concurrency/4)}async start(){let e=await this.#r.sql.listen(Ie,n=>{n===this.#e.queue&&this.#L()}),r=await this.#r.sql.listen(Ut,n=>this.#Ee(n));this.#W=async()=>{await e.unlisten(),await r.unlisten()},this.#P=setInterval(()=>{this.#fe(),this.#r.heartbeat(this.#e.worker,this.#l,this.#j()).catch(n=>{He(n)?this.#v("extend its leases",n):this.#D(this.#U("extend its leases",n))})},Math.max(100,Math.floor(this.#l/3)))}async shutdown(){this.#a=!0,this.#A=!0,this.#se(),clearInterval(this.#P),await this.#N;for(let e of this.#i.splice(0))this.#t.released.push(e.id);this.#n.clear();for(let e of this.#s.keys())this.#J(e);this.#s.clear();try{if(!await this.#ie())throw this.#ge()}finally{await this.#W?.().catch(()=>{})}}get reportRefused(){return this.#T!==void 0}#D(e){this.#S??=e,this.interrupt()}interrupt(){this.#a=!0,this.#se()}put(e){return this.#t.links.push({job:this.#G(e,void 0),rule:this.#Y(e)}),this.#u(),Jt(void 0)}*#oe(e,r){let[n]=yield*this.#d("put a job",()=>this.#r.insertJobs(this.#e.queue,[this.#G(e,r)],()=>this.#Y(e)));return n}#G(e,r){return{task:e.task,origin:e.origin,url:Wr(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:r,parent:r===void 0?e.parent:void 0}}#Y(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#S!==void 0)throw this.#$=!0,this.#S;if(this.#a)return null;let e=this.#i.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#i.length<this.#C&&this.#pe(),yield*this.#ae(e))return e;continue}if(this.#A)return null;if(this.#E){let r=new Vt("queued",n=>Qt(this.#p,n));this.#p.push(r),yield*r.wait();continue}this.#E=!0;try{yield*this.#_e()}finally{this.#E=!1,this.#re()}}}*#ae(e){let r=this.#n.get(e.id);if(r===void 0||$r(r))return!0;let n=!1;try{return n=(yield*this.#X(r))||(yield*this.#le(r)),n}finally{n||this.#ue(e.id)}}*#X(e){let r=e.nextStart;if(r===void 0||this.#m(e.origin)>0)return!1;let n=yield*this.#d("move an origin's turn",()=>this.#r.moveTurn(this.#e.queue,e.origin,r));return n===void 0?!1:(Mr(e,n),!0)}*#le(e){let r=()=>this.#r.takeTurn(this.#e.queue,e.origin),n=yield*this.#d("take an origin's turn",r);return n.waitMs>0&&n.waitMs<=2*e.turnMs&&(yield*this.#R(n.waitMs),this.#a||(n=yield*this.#d("take an origin's turn",r))),n.waitMs!==0||this.#a?!1:(Mr(e,n.nextStart),!0)}*sending(e,r){let n=this.#n.get(e),i=this.#m(r)>0;if(n===void 0){i&&(yield*this.#F(r));return}!i&&n.origin===r&&($r(n)||(yield*this.#X(n)))||(yield*this.turnAt(r,n.task,e))}#I(e){return this.#n.delete(e),this.#s.delete(e)}#ue(e){this.#I(e)&&(this.#t.released.push(e),this.#u())}*acquire(e,r){let n=yield*this.#oe(e,this.#e.worker);return this.#o.set(n,{origin:e.origin,url:Wr(e.payload)}),yield*this.#K(n,r)}*turnAt(e,r,n){let i=n===void 0?void 0:this.#s.get(n);if(i!==void 0&&i!==e)return yield*this.#ce(e,r,n);for(;!this.#a;){if(yield*this.#F(e),this.#a)return;let o=yield*this.#d("take an origin's turn",()=>this.#r.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,r)}));if(o.waitMs>0){yield*this.#R(o.waitMs);continue}n!==void 0&&this.#s.has(n)&&this.#z(n,e,r,o);return}}*#ce(e,r,n){let{queue:i,worker:o}=this.#e,l={origin:e,...this.#e.rules(e,r)};for(;!this.#a;){if(yield*this.#F(e),this.#a)return;let u=this.#w,c=yield*this.#d("take a redirect's turn",()=>this.#r.redirectTurn(i,e,n,o,l));if(c.waitMs===0&&!c.full){if(!this.#s.has(n))return;this.#s.set(n,e),this.#z(n,e,r,c);return}c.full&&this.#Z(bs),c.waitMs>0?yield*this.#R(c.waitMs):this.#w===u&&(yield*this.#g(50))}}#z(e,r,n,i){let o={gapMs:i.gapMs??0,jitterMs:i.jitterMs??0};i.nextStart===void 0||o.gapMs===0&&o.jitterMs===0?this.#n.delete(e):this.#n.set(e,xr(r,n,o,i.nextStart))}*again(e,r,n){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,r),yield*this.#K(e,n)}*#K(e,r){let{queue:n,worker:i}=this.#e,o=this.#o.get(e),l;try{for(;;){let u=o===void 0?0:this.#m(o.origin);if(u>0){yield*this.#g(u);continue}let[c]=yield*this.#d("claim a job",()=>this.#r.claim(n,i,1,this.#l,{id:e,nested:r}),()=>this.#r.releaseUnknown(i,this.#j(),e));if(c===void 0){yield*this.#de(e,o?.url);continue}let g=this.#ne(c);if("problem"in g)throw this.#o.delete(e),new Error(`Cannot fetch ${c.url||`job ${e}`}: ${g.problem}`);if(this.#m(g.origin)>0){this.#t.released.push(e),this.#u();continue}return l=g,this.#s.set(l.id,r?void 0:l.origin),c.paced&&this.#n.set(l.id,Hr(c)),l}}finally{l===void 0&&this.#o.has(e)&&this.#he(e)}}*#de(e,r){let n=yield*this.#d("look for a job",()=>this.#r.reservedWaitMs(this.#e.worker,e));if(n===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${r||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*n<=0?this.#g(50):this.#R(n)}*#R(e){this.#a||(yield*Pr(e,this.#y,"waiting for its time"))}#he(e){this.#o.delete(e),this.#t.dropped.push(e),this.#u()}#J(e){this.#o.delete(e)?this.#t.dropped.push(e):this.#t.released.push(e)}*claimSave(e,r){return yield*this.#d("claim a save path",()=>this.#r.claimSave(e,r))}done(e){this.#Q(e,this.#t.done)}leftOut(e){this.#Q(e,this.#t.leftOut)}#Q(e,r){this.#I(e)&&(this.#o.delete(e),r.push(e),this.#u(),this.#L())}failed(e,r){this.#I(e)&&(this.#a?this.#J(e):(this.#o.delete(e),this.#t.failed.push({id:e,error:r??"failed"})),this.#u(),this.#L())}retryAfter(e,r,n){this.#I(e)&&(this.#t.retries.push({id:e,delayMs:r,payload:n===void 0?null:this.#e.codec.encode(n)}),this.#u(),this.#L())}pauseOrigin(e,r){this.#t.pauses.push({origin:e,forMs:r}),this.#V(e,r),this.#u()}#Ee(e){let r;try{r=JSON.parse(e)}catch{return}r.queue!==this.#e.queue||typeof r.origin!="string"||typeof r.ms=="number"&&r.ms>0&&this.#V(r.origin,r.ms)}#V(e,r){let n=performance.now()+r;n>(this.#h.get(e)??0)&&this.#h.set(e,n),this.#Z(i=>i.origin!==e)}#Z(e){let r=this.#i.filter(e);if(r.length!==this.#i.length){for(let n of this.#i)e(n)||(this.#t.released.push(n.id),this.#n.delete(n.id));this.#i.splice(0,this.#i.length,...r),this.#u()}}*#F(e){for(;;){let r=this.#m(e);if(r<=0||this.#a)return;yield*this.#R(r)}}#fe(){let e=performance.now();for(let[r,n]of this.#h)n<=e&&this.#h.delete(r)}get pausedOrigins(){return[...this.#h.keys()]}#m(e){let r=this.#h.get(e);if(r===void 0)return 0;let n=r-performance.now();return n>0?n:(this.#h.delete(e),0)}close(){}get refused(){return this.#x}get endedLate(){return this.#B}counts(){return{queued:this.#i.length,leased:this.#s.size}}*#_e(){if(this.#a){this.#A=!0;return}let e=this.#ee();if(e<=0){yield*this.#g(this.#c);return}let r=this.#w,n=yield*this.#d("claim jobs",()=>this.#r.claim(this.#e.queue,this.#e.worker,e,this.#l),()=>this.#r.releaseUnknown(this.#e.worker,this.#j()));if(this.#te(n),this.#i.length>0||!(yield*ze(()=>this.#ie(),"report to the database")))return;let i=yield*this.#d("count open jobs",()=>this.#r.openWork(this.#e.queue));if(this.#e.drain&&!i.queued&&!i.leased&&this.#s.size===0){this.#A=!0;return}if(this.#w!==r)return;let o=i.nextDueMs??this.#c;yield*this.#g(Math.min(this.#c,o<=0?50:Math.max(5,o)))}#ee(){return this.#e.concurrency+this.#C-this.#s.size-this.#i.length}#pe(){let e=this.#ee();if(this.#E||this.#a||e<=0)return;this.#E=!0;let{queue:r,worker:n}=this.#e;this.#N=this.#r.claim(r,n,e,this.#l).then(i=>{this.#te(i),this.#M()},i=>{if(!He(i)){this.#D(this.#U("claim jobs",i));return}return this.#v("claim jobs",i),this.#r.releaseUnknown(n,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#E=!1,this.#N=void 0,this.#re()})}#te(e){let r=this.#t.released.length;for(let n of e){let i=this.#ne(n);"problem"in i||(this.#m(i.origin)>0?this.#t.released.push(i.id):(this.#i.push(i),n.paced&&this.#n.set(i.id,Hr(n))))}this.#t.released.length>r&&this.#u()}#re(){for(let e of this.#p.splice(0))e.give()}#ne(e){let r=this.#e.codec.decode(e.payload,e);return"problem"in r&&r.notMine?(this.#t.released.push(e.id),this.#u(),this.#D(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${r.problem}; it went back to the queue, for a worker with that config`)),r):"problem"in r?(this.#x++,this.#e.warn(`Job ${e.id} (${e.url||"no URL"}): ${r.problem}`),this.#t.failed.push({id:e.id,error:r.problem}),this.#u(),r):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:r.payload,crawl:e.crawl}}*#g(e){yield*Pr(e,this.#q,"waiting for work")}#Ne(e){return new Promise(r=>{let n=()=>{clearTimeout(i),this.#y.delete(n),r()},i=setTimeout(n,e);this.#y.add(n)})}#L(){this.#w++;for(let e of this.#q)e()}#se(){this.#L();for(let e of this.#y)e()}#u(){if(this.#t.pauses.length>0){clearTimeout(this.#_),this.#_=void 0,this.#H();return}this.#f!==void 0||this.#_!==void 0||(this.#_=setTimeout(()=>{this.#_=void 0,this.#H()},Ls))}#H(){this.#f===void 0&&(this.#f=this.#me().then(e=>{this.#f=void 0,e?kt(this.#t)||this.#u():this.#k=!0}))}async#me(){for(let e=0;!kt(this.#t);e++){if(this.#T!==void 0)return!1;let r=this.#t;this.#t=je(),this.#b=r;try{return this.#B+=await this.#r.report(this.#e.queue,this.#e.worker,r),this.#b=je(),this.#M(),!0}catch(n){if(this.#b=je(),this.#t=ys(r,this.#t),!He(n))return this.#T=this.#U("report how its fetches ended",n),this.#D(this.#T),!1;if(this.#v("report how its fetches ended",n),this.#A&&e>=2)return!1;await this.#Ne(ot[Math.min(e,ot.length-1)])}}return!0}async#ie(){for(this.#k=!1,clearTimeout(this.#_),this.#_=void 0;this.#f!==void 0||!kt(this.#t);)if(this.#f===void 0&&this.#H(),await this.#f,this.#k)return!1;return!0}#ge(){let e=Ct(this.#t).length,r=this.#T,n=e===0?"Cannot report a pause an origin asked for to the database":`Cannot report ${e} fetch outcomes to the database; ${r===void 0?"their leases run out and ":""}other workers do them again`;return r===void 0||this.#$&&this.#S===r?new Error(n):new Error(`${r.message}; ${n[0].toLowerCase()}${n.slice(1)}`,{cause:r.cause})}#j(){return[...this.#s.keys(),...this.#i.map(e=>e.id),...Ct(this.#t),...Ct(this.#b)]}*#d(e,r,n){for(let i=0;;i++)try{i>0&&n!==void 0&&(yield*ze(n,e));let o=yield*ze(r,e);return this.#M(),o}catch(o){if(!He(o))throw this.#U(e,o);this.#v(e,o),yield*this.#g(ot[Math.min(i,ot.length-1)])}}#U(e,r){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${qr(r)}`,{cause:r})}#v(e,r){this.#O===void 0&&(this.#O=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${qr(r)}; retrying with backoff`))}#M(){if(this.#O===void 0)return;let e=((Date.now()-this.#O)/1e3).toFixed(1);this.#O=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Ss=2;function Hr(t){return xr(t.origin,t.task,t,t.nextStart)}function xr(t,e,r,n){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Ss,r.gapMs/10),turnMs:r.gapMs+r.jitterMs,nextStart:n}}function Mr(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function $r(t){return performance.now()-t.tookAtMs<=t.graceMs}function bs(){return!1}function qr(t){let e=zt(t),r=Xe(t);return r!==void 0&&!e.includes(r)?`${e} (${r})`:e}function Wr(t){let e=t?.url;return typeof e=="string"?e:""}function Ct(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function kt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function ys(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function Pr(t,e,r){return Kt(n=>{let i=setTimeout(n,t),o=()=>n();return e.add(o),()=>{clearTimeout(i),e.delete(o)}},r)}async function Ds(t,e){return await t.sql.begin(r=>Is(r,e))}async function Is(t,e){let r=()=>t`(now() - ${e} * interval '1 millisecond')`,[{before:n}]=await t`SELECT ${r()} AS before`,[i]=await t`
    WITH ended AS (
      SELECT coalesce(crawl, id) AS crawl FROM corun_jobs
      GROUP BY 1
      HAVING bool_and(state IN ('done', 'failed', 'skipped') AND finished_at < ${r()})),
    gone AS (
      DELETE FROM corun_jobs j USING ended e WHERE coalesce(j.crawl, j.id) = e.crawl
      RETURNING e.crawl, j.reserved_for IS NULL AS mine)
    SELECT count(*)::int AS jobs, count(DISTINCT crawl) FILTER (WHERE mine)::int AS crawls
    FROM gone`,o=await t`
    DELETE FROM corun_saves s
    WHERE NOT EXISTS (SELECT 1 FROM corun_jobs j WHERE coalesce(j.crawl, j.id) = s.crawl)`,l=await t`DELETE FROM corun_results WHERE at < ${r()}`,u=await t`
    WITH newest AS (
      SELECT id, max(fired_at) OVER schedule AS fired, max(fire_at) OVER schedule AS fire_time,
        max(fired_at) FILTER (WHERE outcome = 'enqueued') OVER schedule AS enqueued
      FROM corun_fires
      WINDOW schedule AS (PARTITION BY queue, schedule))
    DELETE FROM corun_fires f USING newest n
    WHERE f.id = n.id AND f.fired_at < ${r()} AND f.fire_at < ${r()}
      AND f.fired_at < n.fired AND f.fire_at < n.fire_time
      AND (f.outcome <> 'enqueued' OR f.fired_at < n.enqueued)
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased'))`,c=await t`
    DELETE FROM corun_workers w
    WHERE coalesce(w.stopped_at, w.last_seen + w.lease_ms * interval '1 millisecond') < ${r()}
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.reserved_for = w.id AND j.state IN ('queued', 'leased'))
      AND NOT EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state IN ('queued', 'leased'))`;return{before:n.toISOString(),jobs:i.jobs,crawls:i.crawls,saves:o.count,results:l.count,fires:u.count,workers:c.count}}var Ht=class{#e;#r;#l;#c;#i;#n=[];#s;#o;#h=0;#p=0;constructor(e,r,n,i,o={}){this.#i=o.metadataFile,this.#e=e,this.#r=r,this.#l=n,this.#c=i}appendJson(e){this.#n.push(e),this.#n.length>1e5&&(this.#p+=this.#n.length-1e5,this.#n.splice(0,this.#n.length-1e5)),this.#E(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#s,this.#n.length>0&&await this.#N();let e=this.#n.length+this.#p;if(e>0){let r=this.#i===void 0?"":` (they are in the worker's metadata file, ${this.#i})`;this.#c(`Cannot copy ${e} metadata lines to the database${r}`)}}#E(e){this.#s!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#s=this.#N().then(r=>{this.#s=void 0,this.#n.length>0&&this.#E(r?100:5e3)})},e))}async#N(){for(;this.#n.length>0;){let e=this.#n.slice(0,500);try{await this.#e.insertResults(this.#r,this.#l,e)}catch(r){return this.#h++===0&&this.#c(`Cannot copy metadata lines to the database: ${r.message}`),!1}this.#n.splice(0,e.length)}return!0}};var js=20;async function Us(t,e){return await t.sql.begin("isolation level repeatable read read only",r=>vs(r,e))}async function vs(t,e){let r=e??null,n=await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${r}::text IS NULL OR queue = ${r}
    ORDER BY queue`,i=[];for(let{queue:o}of n){let l=await t`
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
        CASE WHEN j.reserved_for IS NOT NULL AND ${vt(t)} THEN 'gone'
          WHEN j.state = 'leased' AND j.reserved_for IS NULL AND ${Be(t)} THEN 'queued'
          ELSE j.state END AS state) r
      WHERE o.queue = ${o}
      GROUP BY o.origin, o.per_host, o.gap_ms, o.jitter_ms, o.paused_until, held.leased
      ORDER BY o.origin`,u=await t`
      SELECT w.*, (SELECT count(*) FROM corun_jobs j
        WHERE j.lease_owner = w.id AND j.state = 'leased' AND NOT ${Be(t)})::int AS leases,
        corun_owner_gone(w.id) AS gone,
        (extract(epoch FROM now() - w.last_seen) * 1000)::float8 AS seen_ago_ms
      FROM corun_workers w WHERE w.queue = ${o}
      -- The running first: rows of stopped and killed workers are kept, and would push them out.
      ORDER BY gone, w.started_at DESC LIMIT ${js}`,c=await t`
      SELECT task, url, coalesce(last_error, '') AS error, finished_at
      FROM corun_jobs WHERE queue = ${o} AND state = 'failed'
      ORDER BY finished_at DESC LIMIT 10`,g=await t`
      SELECT schedule, fire_at, outcome, jobs, owner FROM corun_fires WHERE queue = ${o}
      ORDER BY fire_at DESC LIMIT 10`;i.push({queue:o,origins:l.map(E=>({origin:E.origin,ready:E.ready,waiting:E.waiting,retries:E.retries,leased:E.leased,done:E.done,failed:E.failed,skipped:E.skipped,inCallbacks:E.in_callbacks,perHost:E.per_host,gapMs:E.gap_ms,jitterMs:E.jitter_ms,pausedUntil:Ue(E.paused_until)})),workers:u.map(E=>({id:E.id,host:E.host,pid:E.pid,startedAt:Ue(E.started_at),lastSeen:Ue(E.last_seen),lastSeenAgoMs:Math.max(0,Math.round(E.seen_ago_ms)),stoppedAt:Ue(E.stopped_at),state:E.stopped_at!==null?"stopped":E.gone?"gone":"running",leases:E.leases,done:E.done,failed:E.failed,skipped:E.skipped})),failures:c.map(E=>({task:E.task,url:E.url,error:E.error,at:Ue(E.finished_at)})),fires:g.map(E=>({schedule:E.schedule,fireAt:Ue(E.fire_at),outcome:E.outcome,jobs:E.jobs,owner:E.owner}))})}return i}function Ue(t){return t instanceof Date?t.toISOString():null}export{Ft as PgFrontier,Ht as PgResultLog,jt as PgStore,nr as SCHEMA_VERSION,ht as migrate,vr as postgresClient,Ds as pruneDatabase,Us as queueStatus};
