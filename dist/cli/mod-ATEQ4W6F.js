import{a as Qt,b as Vt,f as Zt}from"./chunk-JDT653LB.js";import{e as Xt,g as ze,l as Kt,m as Xe,x as Jt}from"./chunk-VHDZADOI.js";async function er(t){let e=t.options.connect_timeout+2,r,n=new Promise((i,a)=>{r=setTimeout(()=>{a(new Error(`no answer in PostgreSQL's protocol within ${e}s (the address takes connections but closes them or stays silent: is it another service's port?)`))},e*1e3)});try{await Promise.race([t`SELECT 1`.execute(),n])}finally{clearTimeout(r)}}var dt=[{version:1,what:"jobs, origins, fires, workers and results",sql:`
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
    `}],rr=dt[dt.length-1].version,kn=427071534446;async function ht(t,e=rr){await er(t);let r=dt.filter(i=>i.version<=e),n=await vn(t);return n!==void 0&&tr(n,r)?[]:await t.begin(async i=>{await i`SELECT pg_advisory_xact_lock(${kn})`,await i`
      CREATE TABLE IF NOT EXISTS corun_migrations (
        version integer PRIMARY KEY,
        what text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;let a=await i`SELECT version FROM corun_migrations`,u=new Set(a.map(c=>c.version));if(tr(u,r))return[];let l=[];for(let c of r)u.has(c.version)||(await i.unsafe(c.sql),await i`INSERT INTO corun_migrations (version, what) VALUES (${c.version}, ${c.what})`,l.push(c.version));return l})}async function vn(t){let[e]=await t`
    SELECT to_regclass('corun_migrations') IS NOT NULL AS found`;if(!e.found)return;let r=await t`SELECT version FROM corun_migrations`;return new Set(r.map(n=>n.version))}function tr(t,e){let r=Math.max(0,...t),n=Math.max(0,...e.map(i=>i.version));if(r>n)throw new Error(`The database's corun tables are at version ${r}, newer than this corun's ${n}: upgrade corun on this machine`);return e.every(i=>t.has(i.version))}var Fn=new Set(["ECONNREFUSED","ECONNRESET","ECONNABORTED","EPIPE","ETIMEDOUT","EHOSTUNREACH","EHOSTDOWN","ENETUNREACH","ENETDOWN","EAI_AGAIN"]);function Me(t){let e=ze(t);return e===void 0?!1:e.startsWith("CONNECT")||e==="CONNECTION_CLOSED"||e==="CONNECTION_ENDED"||e==="CONNECTION_DESTROYED"||Fn.has(e)||e.startsWith("08")||e==="57P01"||e==="57P02"||e==="57P03"||e==="57014"||e==="40001"||e==="40P01"||e==="55P03"||e.startsWith("53")}import os from"node:os";import as from"node:fs";var Ke=new Map,ft=new Map,pt=Symbol("OriginError"),Re={},te=class extends Promise{constructor(e,r,n,i,a={}){let u,l;super((c,E)=>{u=c,l=E}),this.tagged=Array.isArray(e.raw),this.strings=e,this.args=r,this.handler=n,this.canceller=i,this.options=a,this.state=null,this.statement=null,this.resolve=c=>(this.active=!1,u(c)),this.reject=c=>(this.active=!1,l(c)),this.active=!1,this.cancelled=null,this.executed=!1,this.signature="",this[pt]=this.handler.debug?new Error:this.tagged&&Mn(this.strings)}get origin(){return(this.handler.debug?this[pt].stack:this.tagged&&ft.has(this.strings)?ft.get(this.strings):ft.set(this.strings,this[pt].stack).get(this.strings))||""}static get[Symbol.species](){return Promise}cancel(){return this.canceller&&(this.canceller(this),this.canceller=null)}simple(){return this.options.simple=!0,this.options.prepare=!1,this}async readable(){return this.simple(),this.streaming=!0,this}async writable(){return this.simple(),this.streaming=!0,this}cursor(e=1,r){if(this.options.simple=!1,typeof e=="function"&&(r=e,e=1),this.cursorRows=e,typeof r=="function")return this.cursorFn=r,this;let n;return{[Symbol.asyncIterator]:()=>({next:()=>{if(this.executed&&!this.active)return{done:!0};n&&n();let i=new Promise((a,u)=>{this.cursorFn=l=>(a({value:l,done:!1}),new Promise(c=>n=c)),this.resolve=()=>(this.active=!1,a({done:!0})),this.reject=l=>(this.active=!1,u(l))});return this.execute(),i},return(){return n&&n(Re),{done:!0}}})}}describe(){return this.options.simple=!1,this.onlyDescribe=this.options.prepare=!0,this}stream(){throw new Error(".stream has been renamed to .forEach")}forEach(e){return this.forEachFn=e,this.handle(),this}raw(){return this.isRaw=!0,this}values(){return this.isRaw="values",this}async handle(){!this.executed&&(this.executed=!0)&&await 1&&this.handler(this)}execute(){return this.handle(),this}then(){return this.handle(),super.then.apply(this,arguments)}catch(){return this.handle(),super.catch.apply(this,arguments)}finally(){return this.handle(),super.finally.apply(this,arguments)}};function Mn(t){if(Ke.has(t))return Ke.get(t);let e=Error.stackTraceLimit;return Error.stackTraceLimit=4,Ke.set(t,new Error),Error.stackTraceLimit=e,Ke.get(t)}var Ne=class extends Error{constructor(e){super(e.message),this.name=this.constructor.name,Object.assign(this,e)}},q={connection:nr,postgres:sr,generic:ir,notSupported:or};function nr(t,e,r){let{host:n,port:i}=r||e,a=Object.assign(new Error("write "+t+" "+(e.path||n+":"+i)),{code:t,errno:t,address:e.path||n},e.path?{}:{port:i});return Error.captureStackTrace(a,nr),a}function sr(t){let e=new Ne(t);return Error.captureStackTrace(e,sr),e}function ir(t,e){let r=Object.assign(new Error(t+": "+e),{code:t});return Error.captureStackTrace(r,ir),r}function or(t){let e=Object.assign(new Error(t+" (B) is not supported"),{code:"MESSAGE_NOT_SUPPORTED",name:t});return Error.captureStackTrace(e,or),e}var Hn={string:{to:25,from:null,serialize:t=>""+t},number:{to:0,from:[21,23,26,700,701],serialize:t=>""+t,parse:t=>+t},json:{to:114,from:[114,3802],serialize:t=>JSON.stringify(t),parse:t=>JSON.parse(t)},boolean:{to:16,from:16,serialize:t=>t===!0?"t":"f",parse:t=>t==="t"},date:{to:1184,from:[1082,1114,1184],serialize:t=>(t instanceof Date?t:new Date(t)).toISOString(),parse:t=>new Date(t)},bytea:{to:17,from:17,serialize:t=>"\\x"+Buffer.from(t).toString("hex"),parse:t=>Buffer.from(t.slice(2),"hex")}},He=class{then(){Et()}catch(){Et()}finally(){Et()}},ye=class extends He{constructor(e){super(),this.value=Ze(e)}},oe=class extends He{constructor(e,r,n){super(),this.value=e,this.type=r,this.array=n}},$e=class extends He{constructor(e,r){super(),this.first=e,this.rest=r}build(e,r,n,i){let a=$n.map(([u,l])=>({fn:l,i:e.search(u)})).sort((u,l)=>u.i-l.i).pop();return a.i===-1?wt(this.first,i):a.fn(this.first,this.rest,r,n,i)}};function Ve(t,e,r,n){let i=t instanceof oe?t.value:t;if(i===void 0&&(t instanceof oe?t.value=n.transform.undefined:i=t=n.transform.undefined,i===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return"$"+r.push(t instanceof oe?(e.push(t.value),t.array?t.array[t.type||Qe(t.value)]||t.type||cr(t.value):t.type):(e.push(t),Qe(t)))}var ur=hr(Hn);function Nt(t,e,r,n,i,a){for(let u=1;u<t.strings.length;u++)e+=gt(e,r,n,i,a)+t.strings[u],r=t.args[u];return e}function gt(t,e,r,n,i){return e instanceof $e?e.build(t,r,n,i):e instanceof te?mt(e,r,n,i):e instanceof ye?e.value:e&&e[0]instanceof te?e.reduce((a,u)=>a+" "+mt(u,r,n,i),""):Ve(e,r,n,i)}function mt(t,e,r,n){return t.fragment=!0,Nt(t,t.strings[0],t.args[0],e,r,n)}function lr(t,e,r,n,i){return t.map(a=>"("+n.map(u=>gt("values",a[u],e,r,i)).join(",")+")").join(",")}function ar(t,e,r,n,i){let a=Array.isArray(t[0]),u=e.length?e.flat():Object.keys(a?t[0]:t);return lr(a?t:[t],r,n,u,i)}function Je(t,e,r,n,i){if(typeof t=="string"&&(t=[t].concat(e)),Array.isArray(t))return wt(t,i);let a;return(e.length?e.flat():Object.keys(t)).map(l=>(a=t[l],(a instanceof te?mt(a,r,n,i):a instanceof ye?a.value:Ve(a,r,n,i))+" as "+Ze(i.transform.column.to?i.transform.column.to(l):l))).join(",")}var $n=Object.entries({values:ar,in:(...t)=>{let e=ar(...t);return e==="()"?"(null)":e},select:Je,as:Je,returning:Je,"\\(":Je,update(t,e,r,n,i){return(e.length?e.flat():Object.keys(t)).map(a=>Ze(i.transform.column.to?i.transform.column.to(a):a)+"="+gt("values",t[a],r,n,i))},insert(t,e,r,n,i){let a=e.length?e.flat():Object.keys(Array.isArray(t)?t[0]:t);return"("+wt(a,i)+")values"+lr(Array.isArray(t)?t:[t],r,n,a,i)}}).map(([t,e])=>[new RegExp("((?:^|[\\s(])"+t+"(?:$|[\\s(]))(?![\\s\\S]*\\1)","i"),e]);function Et(){throw q.generic("NOT_TAGGED_CALL","Query not called as a tagged template literal")}var qn=ur.serializers,Pn=ur.parsers;function cr(t){return Array.isArray(t)?cr(t[0]):typeof t=="string"?1009:0}var dr=function(t){let e=hr(t||{});return{serializers:Object.assign({},qn,e.serializers),parsers:Object.assign({},Pn,e.parsers)}};function hr(t){return Object.keys(t).reduce((e,r)=>(t[r].from&&[].concat(t[r].from).forEach(n=>e.parsers[n]=t[r].parse),t[r].serialize&&(e.serializers[t[r].to]=t[r].serialize,t[r].from&&[].concat(t[r].from).forEach(n=>e.serializers[n]=t[r].serialize)),e),{parsers:{},serializers:{}})}function wt(t,{transform:{column:e}}){return t.map(r=>Ze(e.to?e.to(r):r)).join(",")}var Ze=function(e){return'"'+e.replace(/"/g,'""').replace(/\./g,'"."')+'"'},Qe=function t(e){return e instanceof oe?e.type:e instanceof Date?1184:e instanceof Uint8Array?17:e===!0||e===!1?16:typeof e=="bigint"?20:Array.isArray(e)?t(e[0]):0},Wn=/\\/g,xn=/"/g;function Bn(t){return t.replace(Wn,"\\\\").replace(xn,'\\"')}var fr=function t(e,r,n,i){if(Array.isArray(e)===!1)return e;if(!e.length)return"{}";let a=e[0],u=i===1020?";":",";return Array.isArray(a)&&!a.type?"{"+e.map(l=>t(l,r,n,i)).join(u)+"}":"{"+e.map(l=>{if(l===void 0&&(l=n.transform.undefined,l===void 0))throw q.generic("UNDEFINED_VALUE","Undefined values are not allowed");return l===null?"null":'"'+Bn(r?r(l.type?l.value:l):""+l)+'"'}).join(u)+"}"},_t={i:0,char:null,str:"",quoted:!1,last:0},pr=function(e,r,n){return _t.i=_t.last=0,Er(_t,e,r,n)};function Er(t,e,r,n){let i=[],a=n===1020?";":",";for(;t.i<e.length;t.i++){if(t.char=e[t.i],t.quoted)t.char==="\\"?t.str+=e[++t.i]:t.char==='"'?(i.push(r?r(t.str):t.str),t.str="",t.quoted=e[t.i+1]==='"',t.last=t.i+2):t.str+=t.char;else if(t.char==='"')t.quoted=!0;else if(t.char==="{")t.last=++t.i,i.push(Er(t,e,r,n));else if(t.char==="}"){t.quoted=!1,t.last<t.i&&i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1;break}else t.char===a&&t.p!=="}"&&t.p!=='"'&&(i.push(r?r(e.slice(t.last,t.i)):e.slice(t.last,t.i)),t.last=t.i+1);t.p=t.char}return t.last<t.i&&i.push(r?r(e.slice(t.last,t.i+1)):e.slice(t.last,t.i+1)),i}var ge=t=>{let e=t[0];for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},we=t=>{let e=t[0].toUpperCase();for(let r=1;r<t.length;r++)e+=t[r]==="_"?t[++r].toUpperCase():t[r];return e},Te=t=>t.replace(/_/g,"-"),qe=t=>t.replace(/([A-Z])/g,"_$1").toLowerCase(),Pe=t=>(t.slice(0,1)+t.slice(1).replace(/([A-Z])/g,"_$1")).toLowerCase(),We=t=>t.replace(/-/g,"_");function Tt(t){return function e(r,n){return typeof r=="object"&&r!==null&&(n.type===114||n.type===3802)?Array.isArray(r)?r.map(i=>e(i,n)):Object.entries(r).reduce((i,[a,u])=>Object.assign(i,{[t(a)]:e(u,n)}),{}):r}}ge.column={from:ge};ge.value={from:Tt(ge)};qe.column={to:qe};var At={...ge};At.column.to=qe;we.column={from:we};we.value={from:Tt(we)};Pe.column={to:Pe};var Ot={...we};Ot.column.to=Pe;Te.column={from:Te};Te.value={from:Tt(Te)};We.column={to:We};var Lt={...Te};Lt.column.to=We;import _r from"node:net";import Xn from"node:tls";import xe from"node:crypto";import St from"node:stream";import{performance as mr}from"node:perf_hooks";var Ee=class extends Array{constructor(){super(),Object.defineProperties(this,{count:{value:null,writable:!0},state:{value:null,writable:!0},command:{value:null,writable:!0},columns:{value:null,writable:!0},statement:{value:null,writable:!0}})}static get[Symbol.species](){return Array}};var re=Gn;function Gn(t=[]){let e=t.slice(),r=0;return{get length(){return e.length-r},remove:n=>{let i=e.indexOf(n);return i===-1?null:(e.splice(i,1),n)},push:n=>(e.push(n),n),shift:()=>{let n=e[r++];return r===e.length?(r=0,e=[]):e[r-1]=void 0,n}}}var X=Buffer.allocUnsafe(256),Yn="BCcDdEFfHPpQSX".split("").reduce((t,e)=>{let r=e.charCodeAt(0);return t[e]=()=>(X[0]=r,D.i=5,D),t},{}),D=Object.assign(zn,Yn,{N:"\0",i:0,inc(t){return D.i+=t,D},str(t){let e=Buffer.byteLength(t);return et(e),D.i+=X.write(t,D.i,e,"utf8"),D},i16(t){return et(2),X.writeUInt16BE(t,D.i),D.i+=2,D},i32(t,e){return e||e===0?(X.writeUInt32BE(t,e),D):(et(4),X.writeUInt32BE(t,D.i),D.i+=4,D)},z(t){return et(t),X.fill(0,D.i,D.i+t),D.i+=t,D},raw(t){return X=Buffer.concat([X.subarray(0,D.i),t]),D.i=X.length,D},end(t=1){X.writeUInt32BE(D.i-t,t);let e=X.subarray(0,D.i);return D.i=0,X=Buffer.allocUnsafe(256),e}}),_=D;function et(t){if(X.length-D.i<t){let e=X,r=e.length;X=Buffer.allocUnsafe(r+(r>>1)+t),e.copy(X)}}function zn(){return D.i=0,D}var yt=wr,Kn=1,_e=_().S().end(),Nr=_().H().end(),Jn=_().i32(8).i32(80877103).end(8),Qn=Buffer.concat([_().E().str(_.N).i32(0).end(),_e]),Vn=_().D().str("S").str(_.N).end(),be=()=>{},Zn=new Set(["FetchPreparedStatement","RevalidateCachedQuery","transformAssignedExpr"]),es={83:"severity_local",86:"severity",67:"code",77:"message",68:"detail",72:"hint",80:"position",112:"internal_position",113:"internal_query",87:"where",115:"schema_name",116:"table_name",99:"column_name",100:"data type_name",110:"constraint_name",70:"file",76:"line",82:"routine"};function wr(t,e={},{onopen:r=be,onend:n=be,onclose:i=be}={}){let{sslnegotiation:a,ssl:u,max:l,user:c,host:E,port:h,database:L,parsers:T,transform:A,onnotice:k,onnotify:N,onparameter:x,max_pipeline:U,keep_alive:ie,backoff:ne,target_session_attrs:Z}=t,S=re(),he=Kn++,ue={pid:null,secret:null},Ae=Rt(lt,t.idle_timeout),me=Rt(lt,t.max_lifetime),R=Rt(Yr,t.connect_timeout),p=null,le,V=null,y=new Ee,K=Buffer.alloc(0),Oe=t.fetch_types,ce={},d={},g=Math.random().toString(36).slice(2),C=1,P=0,H=0,w=0,b=0,F=0,M=0,W=0,J=null,I=null,de=!1,ae=null,fe=null,G=null,v=null,j=null,ee=null,Ge=null,at=null,f=null,Ce=null,Y={queue:e.closed,idleTimer:Ae,connect(s){G=s,xt()},terminate:Fe,execute:ke,cancel:Wr,end:lt,count:0,id:he};return e.closed&&e.closed.push(Y),Y;async function Pr(){let s;try{s=t.socket?await Promise.resolve(t.socket(t)):new _r.Socket}catch(o){Se(o);return}return s.on("error",Se),s.on("close",Bt),s.on("drain",Pt),s}async function Wr({pid:s,secret:o},m,O){try{le=_().i32(16).i32(80877102).i32(s).i32(o).end(16),await Wt(),p.once("error",O),p.once("close",m)}catch($){O($)}}function ke(s){if(de)return ve(s,q.connection("CONNECTION_DESTROYED",t));if(j)return ve(s,q.generic("COPY_IN_PROGRESS","You cannot execute queries during copy"));if(!s.cancelled)try{return s.state=ue,f?S.push(s):(f=s,f.active=!0),Gr(s),B(xr(s))&&!s.describeFirst&&!s.cursorFn&&S.length<U&&(!s.options.onexecute||s.options.onexecute(Y))}catch(o){return S.length===0&&B(_e),se(o),!0}}function xr(s){if(s.parameters.length>=65534)throw q.generic("MAX_PARAMETERS_EXCEEDED","Max number of parameters (65534) exceeded");return s.options.simple?_().Q().str(s.statement.string+_.N).end():s.describeFirst?Buffer.concat([Ht(s),Nr]):s.prepare?s.prepared?Ye(s):Buffer.concat([Ht(s),Ye(s)]):Br(s)}function Ht(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types,s.statement.name),jn("S",s.statement.name)])}function Ye(s){return Buffer.concat([In(s.parameters,s.statement.types,s.statement.name,s.cursorName),s.cursorFn?zt("",s.cursorRows):Qn])}function Br(s){return Buffer.concat([Yt(s.statement.string,s.parameters,s.statement.types),Vn,Ye(s)])}function Gr(s){let o=[],m=[],O=Nt(s,s.strings[0],s.args[0],o,m,t);!s.tagged&&s.args.forEach($=>Ve($,o,m,t)),s.prepare=t.prepare&&("prepare"in s.options?s.options.prepare:!0),s.string=O,s.signature=s.prepare&&m+O,s.onlyDescribe&&delete d[s.signature],s.parameters=s.parameters||o,s.prepared=s.prepare&&s.signature in d,s.describeFirst=s.onlyDescribe||o.length&&!s.prepared,s.statement=s.prepared?d[s.signature]:{string:O,types:m,name:s.prepare?g+C++:""},typeof t.debug=="function"&&t.debug(he,O,o,m)}function B(s,o){return ee=ee?Buffer.concat([ee,s]):Buffer.from(s),o||ee.length>=1024?$t(o):(I===null&&(I=setImmediate($t)),!0)}function $t(s){let o=p.write(ee,s);return I!==null&&clearImmediate(I),ee=I=null,o}function Yr(){se(q.connection("CONNECT_TIMEOUT",t,p)),p.destroy()}async function qt(){if(a!=="direct"&&(B(Jn),!await new Promise(m=>p.once("data",O=>m(O[0]===83)))&&u==="prefer"))return Le();let s={socket:p,servername:_r.isIP(p.host)?void 0:p.host};a==="direct"&&(s.ALPNProtocols=["postgresql"]),u==="require"||u==="allow"||u==="prefer"?s.rejectUnauthorized=!1:typeof u=="object"&&Object.assign(s,u),p.removeAllListeners(),p=Xn.connect(s),p.on("secureConnect",Le),p.on("error",Se),p.on("close",Bt),p.on("drain",Pt)}function Pt(){!f&&r(Y)}function ut(s){if(!(ae&&(ae.push(s),H-=s.length,H>0)))for(K=ae?Buffer.concat(ae,F-H):K.length===0?s:Buffer.concat([K,s],K.length+s.length);K.length>4;){if(F=K.readUInt32BE(1),F>=K.length){H=F-K.length,ae=[K];break}try{zr(K.subarray(0,F+1))}catch(o){f&&(f.cursorFn||f.describeFirst)&&B(_e),se(o)}K=K.subarray(F+1),H=0,ae=null}}async function Wt(){if(de=!1,ce={},p||(p=await Pr()),!!p){if(R.start(),t.socket)return u?qt():Le();if(p.on("connect",u?qt:Le),t.path)return p.connect(t.path);p.ssl=u,p.connect(h[w],E[w]),p.host=E[w],p.port=h[w],w=(w+1)%h.length}}function xt(){setTimeout(Wt,P?Math.max(0,P+M-mr.now()):0)}function Le(){try{d={},Oe=t.fetch_types,g=Math.random().toString(36).slice(2),C=1,me.start(),p.on("data",ut),ie&&p.setKeepAlive&&p.setKeepAlive(!0,1e3*ie);let s=Cn();B(s)}catch(s){Se(s)}}function Se(s){if(!(Y.queue===e.connecting&&t.host[b+1]))for(se(s);S.length;)ve(S.shift(),s)}function se(s){j&&(j.destroy(s),j=null),f&&ve(f,s),G&&(ve(G,s),G=null)}function ve(s,o){if(s.reserve)return s.reject(o);(!o||typeof o!="object")&&(o=new Error(o)),"query"in o||"parameters"in o||Object.defineProperties(o,{stack:{value:o.stack+s.origin.replace(/.*\n/,`
`),enumerable:t.debug},query:{value:s.string,enumerable:t.debug},parameters:{value:s.parameters,enumerable:t.debug},args:{value:s.args,enumerable:t.debug},types:{value:s.statement&&s.statement.types,enumerable:t.debug}}),s.reject(o)}function lt(){return v||(!Y.reserved&&n(Y),!Y.reserved&&!G&&!f&&S.length===0?(Fe(),new Promise(s=>p&&p.readyState!=="closed"?p.once("close",s):s())):v=new Promise(s=>Ge=s))}function Fe(){de=!0,(j||f||G||S.length)&&Se(q.connection("CONNECTION_DESTROYED",t)),clearImmediate(I),p&&(p.removeListener("data",ut),p.removeListener("connect",Le),p.readyState==="open"&&p.end(_().X().end())),Ge&&(Ge(),v=Ge=null)}async function Bt(s){if(K=Buffer.alloc(0),H=0,ae=null,clearImmediate(I),p.removeListener("data",ut),p.removeListener("connect",Le),Ae.cancel(),me.cancel(),R.cancel(),p.removeAllListeners(),p=null,G)return xt();!s&&(f||S.length)&&Se(q.connection("CONNECTION_CLOSED",t,p)),P=mr.now(),s&&t.shared.retries++,M=(typeof ne=="function"?ne(t.shared.retries):ne)*1e3,i(Y,q.connection("CONNECTION_CLOSED",t,p))}function zr(s,o=s[0]){(o===68?Xr:o===100?An:o===65?_n:o===83?Kr:o===90?Jr:o===67?Qr:o===50?Gt:o===49?Vr:o===116?Zr:o===84?en:o===82?tn:o===110?un:o===75?ln:o===69?pn:o===115?mn:o===51?Nn:o===71?gn:o===78?Ln:o===72?wn:o===99?On:o===73?Sn:o===86?Rn:o===118?yn:o===87?Tn:bn)(s)}function Xr(s){let o=7,m,O,$,z=f.isRaw?new Array(f.statement.columns.length):{};for(let Q=0;Q<f.statement.columns.length;Q++)O=f.statement.columns[Q],m=s.readInt32BE(o),o+=4,$=m===-1?null:f.isRaw===!0?s.subarray(o,o+=m):O.parser===void 0?s.toString("utf8",o,o+=m):O.parser.array===!0?O.parser(s.toString("utf8",o+1,o+=m)):O.parser(s.toString("utf8",o,o+=m)),f.isRaw?z[Q]=f.isRaw===!0?$:A.value.from?A.value.from($,O):$:z[O.name]=A.value.from?A.value.from($,O):$;f.forEachFn?f.forEachFn(A.row.from?A.row.from(z):z,y):y[W++]=A.row.from?A.row.from(z):z}function Kr(s){let[o,m]=s.toString("utf8",5,s.length-1).split(_.N);ce[o]=m,t.parameters[o]!==m&&(t.parameters[o]=m,x&&x(o,m))}function Jr(s){if(f?V?f.retried?se(f.retried):f.prepared&&Zn.has(V.routine)?En(f,V):se(V):f.resolve(fe||y):V&&se(V),f=fe=V=null,y=new Ee,R.cancel(),G){if(Z){if(!ce.in_hot_standby||!ce.default_transaction_read_only)return fn();if(hn(Z,ce))return Fe()}if(Oe)return G.reserve&&(G=null),cn();G&&!G.reserve&&ke(G),t.shared.retries=b=0,G=null;return}for(;S.length&&(f=S.shift())&&(f.active=!0,f.cancelled);)wr(t).cancel(f.state,f.cancelled.resolve,f.cancelled.reject);f||(Y.reserved?!Y.reserved.release&&s[5]===73?v?Fe():(Y.reserved=null,r(Y)):Y.reserved():v?Fe():r(Y))}function Qr(s){W=0;for(let o=s.length-1;o>0;o--)if(s[o]===32&&s[o+1]<58&&y.count===null&&(y.count=+s.toString("utf8",o+1,s.length-1)),s[o-1]>=65){y.command=s.toString("utf8",5,o),y.state=ue;break}if(Ce&&(Ce(),Ce=null),y.command==="BEGIN"&&l!==1&&!Y.reserved)return se(q.generic("UNSAFE_TRANSACTION","Only use sql.begin, sql.reserved or max: 1"));if(f.options.simple)return Gt();f.cursorFn&&(y.count&&f.cursorFn(y),B(_e))}function Vr(){f.parsing=!1}function Gt(){!y.statement&&(y.statement=f.statement),y.columns=f.statement.columns}function Zr(s){let o=s.readUInt16BE(5);for(let m=0;m<o;++m)!f.statement.types[m]&&(f.statement.types[m]=s.readUInt32BE(7+m*4));f.prepare&&(d[f.signature]=f.statement),f.describeFirst&&!f.onlyDescribe&&(B(Ye(f)),f.describeFirst=!1)}function en(s){y.command&&(fe=fe||[y],fe.push(y=new Ee),y.count=null,f.statement.columns=null);let o=s.readUInt16BE(5),m=7,O;f.statement.columns=Array(o);for(let $=0;$<o;++$){for(O=m;s[m++]!==0;);let z=s.readUInt32BE(m),Q=s.readUInt16BE(m+4),pe=s.readUInt32BE(m+6);f.statement.columns[$]={name:A.column.from?A.column.from(s.toString("utf8",O,m-1)):s.toString("utf8",O,m-1),parser:T[pe],table:z,number:Q,type:pe},m+=18}if(y.statement=f.statement,f.onlyDescribe)return f.resolve(f.statement),B(_e)}async function tn(s,o=s.readUInt32BE(5)){(o===3?rn:o===5?nn:o===10?sn:o===11?on:o===12?an:o!==0?Dn:be)(s,o)}async function rn(){let s=await ct();B(_().p().str(s).z(1).end())}async function nn(s){let o="md5"+await gr(Buffer.concat([Buffer.from(await gr(await ct()+c)),s.subarray(9)]));B(_().p().str(o).z(1).end())}async function sn(){at=(await xe.randomBytes(18)).toString("base64"),_().p().str("SCRAM-SHA-256"+_.N);let s=_.i;B(_.inc(4).str("n,,n=*,r="+at).i32(_.i-s-4,s).end())}async function on(s){let o=s.toString("utf8",9).split(",").reduce((Q,pe)=>(Q[pe[0]]=pe.slice(2),Q),{}),m=await xe.pbkdf2Sync(await ct(),Buffer.from(o.s,"base64"),parseInt(o.i),32,"sha256"),O=await rt(m,"Client Key"),$="n=*,r="+at+",r="+o.r+",s="+o.s+",i="+o.i+",c=biws,r="+o.r;J=(await rt(await rt(m,"Server Key"),$)).toString("base64");let z="c=biws,r="+o.r+",p="+rs(O,Buffer.from(await rt(await ts(O),$))).toString("base64");B(_().p().str(z).end())}function an(s){s.toString("utf8",9).split(_.N,1)[0].slice(2)!==J&&(se(q.generic("SASL_SIGNATURE_MISMATCH","The server did not return the correct signature")),p.destroy())}function ct(){return Promise.resolve(typeof t.pass=="function"?t.pass():t.pass)}function un(){if(y.statement=f.statement,y.statement.columns=[],f.onlyDescribe)return f.resolve(f.statement),B(_e)}function ln(s){ue.pid=s.readUInt32BE(5),ue.secret=s.readUInt32BE(9)}async function cn(){Oe=!1,(await new te([`
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `],[],ke)).forEach(({oid:o,typarray:m})=>dn(o,m))}function dn(s,o){if(t.parsers[o]&&t.serializers[o])return;let m=t.parsers[s];t.shared.typeArrayMap[s]=o,t.parsers[o]=O=>pr(O,m,o),t.parsers[o].array=!0,t.serializers[o]=O=>fr(O,t.serializers[s],t,o)}function hn(s,o){return s==="read-write"&&o.default_transaction_read_only==="on"||s==="read-only"&&o.default_transaction_read_only==="off"||s==="primary"&&o.in_hot_standby==="on"||s==="standby"&&o.in_hot_standby==="off"||s==="prefer-standby"&&o.in_hot_standby==="off"&&t.host[b]}function fn(){let s=new te([`
      show transaction_read_only;
      select pg_catalog.pg_is_in_recovery()
    `],[],ke,null,{simple:!0});s.resolve=([[o],[m]])=>{ce.default_transaction_read_only=o.transaction_read_only,ce.in_hot_standby=m.pg_is_in_recovery?"on":"off"},s.execute()}function pn(s){f?((f.cursorFn||f.describeFirst)&&B(_e),V=q.postgres(tt(s))):se(q.postgres(tt(s)))}function En(s,o){delete d[s.signature],s.retried=o,ke(s)}function _n(s){if(!N)return;let o=9;for(;s[o++]!==0;);N(s.toString("utf8",9,o-1),s.toString("utf8",o,s.length-1))}async function mn(){try{let s=await Promise.resolve(f.cursorFn(y));W=0,s===Re?B(Un(f.portal)):(y=new Ee,B(zt("",f.cursorRows)))}catch(s){B(_e),f.reject(s)}}function Nn(){y.count&&f.cursorFn(y),f.resolve(y)}function gn(){j=new St.Writable({autoDestroy:!0,write(s,o,m){p.write(_().d().raw(s).end(),m)},destroy(s,o){o(s),p.write(_().f().str(s+_.N).end()),j=null},final(s){p.write(_().c().end()),Ce=s,j=null}}),f.resolve(j)}function wn(){j=new St.Readable({read(){p.resume()}}),f.resolve(j)}function Tn(){j=new St.Duplex({autoDestroy:!0,read(){p.resume()},write(s,o,m){p.write(_().d().raw(s).end(),m)},destroy(s,o){o(s),p.write(_().f().str(s+_.N).end()),j=null},final(s){p.write(_().c().end()),Ce=s}}),f.resolve(j)}function An(s){j&&(j.push(s.subarray(5))||p.pause())}function On(){j&&j.push(null),j=null}function Ln(s){k?k(tt(s)):console.log(tt(s))}function Sn(){}function Rn(){se(q.notSupported("FunctionCallResponse"))}function yn(){se(q.notSupported("NegotiateProtocolVersion"))}function bn(s){console.error("Postgres.js : Unknown Message:",s[0])}function Dn(s,o){console.error("Postgres.js : Unknown Auth:",o)}function In(s,o,m="",O=""){let $,z;return _().B().str(O+_.N).str(m+_.N).i16(0).i16(s.length),s.forEach((Q,pe)=>{if(Q===null)return _.i32(4294967295);z=o[pe],s[pe]=Q=z in t.serializers?t.serializers[z](Q):""+Q,$=_.i,_.inc(4).str(Q).i32(_.i-$-4,$)}),_.i16(0),_.end()}function Yt(s,o,m,O=""){return _().P().str(O+_.N).str(s+_.N).i16(o.length),o.forEach(($,z)=>_.i32(m[z]||0)),_.end()}function jn(s,o=""){return _().D().str(s).str(o+_.N).end()}function zt(s="",o=0){return Buffer.concat([_().E().str(s+_.N).i32(o).end(),Nr])}function Un(s=""){return Buffer.concat([_().C().str("P").str(s+_.N).end(),_().S().end()])}function Cn(){return le||_().inc(4).i16(3).z(2).str(Object.entries(Object.assign({user:c,database:L,client_encoding:"UTF8"},t.connection)).filter(([,s])=>s).map(([s,o])=>s+_.N+o).join(_.N)).z(2).end(0)}}function tt(t){let e={},r=5;for(let n=5;n<t.length-1;n++)t[n]===0&&(e[es[t[r]]]=t.toString("utf8",r+1,n),r=n+1);return e}function gr(t){return xe.createHash("md5").update(t).digest("hex")}function rt(t,e){return xe.createHmac("sha256",t).update(e).digest()}function ts(t){return xe.createHash("sha256").update(t).digest()}function rs(t,e){let r=Math.max(t.length,e.length),n=Buffer.allocUnsafe(r);for(let i=0;i<r;i++)n[i]=t[i]^e[i];return n}function Rt(t,e){if(e=typeof e=="function"?e():e,!e)return{cancel:be,start:be};let r;return{cancel(){r&&(clearTimeout(r),r=null)},start(){r&&clearTimeout(r),r=setTimeout(n,e*1e3,arguments)}};function n(i){t.apply(null,i),r=null}}var Tr=()=>{};function bt(t,e){let r=new Map,n="postgresjs_"+Math.random().toString(36).slice(2),i={},a,u,l=!1,c=L.sql=t({...e,transform:{column:{},value:{},row:{}},max:1,fetch_types:!1,idle_timeout:null,max_lifetime:null,connection:{...e.connection,replication:"database"},onclose:async function(){l||(u=null,i.pid=i.secret=void 0,T(await A(c,n,e.publications)),r.forEach(N=>N.forEach(({onsubscribe:x})=>x())))},no_subscribe:!0}),E=c.end,h=c.close;return c.end=async()=>(l=!0,u&&await new Promise(N=>(u.once("close",N),u.end())),E()),c.close=async()=>(u&&await new Promise(N=>(u.once("close",N),u.end())),h()),L;async function L(N,x,U=Tr,ie=Tr){N=is(N),a||(a=A(c,n,e.publications));let ne={fn:x,onsubscribe:U},Z=r.has(N)?r.get(N).add(ne):r.set(N,new Set([ne])).get(N),S=()=>{Z.delete(ne),Z.size===0&&r.delete(N)};return a.then(he=>(T(he),U(),u&&u.on("error",ie),{unsubscribe:S,state:i,sql:c}))}function T(N){u=N.stream,i.pid=N.state.pid,i.secret=N.state.secret}async function A(N,x,U){if(!U)throw new Error("Missing publication names");let ie=await N.unsafe(`CREATE_REPLICATION_SLOT ${x} TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`),[ne]=ie,Z=await N.unsafe(`START_REPLICATION SLOT ${x} LOGICAL ${ne.consistent_point} (proto_version '1', publication_names '${U}')`).writable(),S={lsn:Buffer.concat(ne.consistent_point.split("/").map(R=>Buffer.from(("00000000"+R).slice(-8),"hex")))};return Z.on("data",ue),Z.on("error",he),Z.on("close",N.close),{stream:Z,state:ie.state};function he(R){console.error("Unexpected error during logical streaming - reconnecting",R)}function ue(R){R[0]===119?ss(R.subarray(25),S,N.options.parsers,Ae,e.transform):R[0]===107&&R[17]&&(S.lsn=R.subarray(1,9),me())}function Ae(R,p){let le=p.relation.schema+"."+p.relation.table;k("*",R,p),k("*:"+le,R,p),p.relation.keys.length&&k("*:"+le+"="+p.relation.keys.map(V=>R[V.name]),R,p),k(p.command,R,p),k(p.command+":"+le,R,p),p.relation.keys.length&&k(p.command+":"+le+"="+p.relation.keys.map(V=>R[V.name]),R,p)}function me(){let R=Buffer.alloc(34);R[0]=114,R.fill(S.lsn,1),R.writeBigInt64BE(BigInt(Date.now()-Date.UTC(2e3,0,1))*BigInt(1e3),25),Z.write(R)}}function k(N,x,U){r.has(N)&&r.get(N).forEach(({fn:ie})=>ie(x,U,N))}}function ns(t){return new Date(Date.UTC(2e3,0,1)+Number(t/BigInt(1e3)))}function ss(t,e,r,n,i){let a=(u,[l,c])=>(u[l.charCodeAt(0)]=c,u);Object.entries({R:u=>{let l=1,c=e[u.readUInt32BE(l)]={schema:u.toString("utf8",l+=4,l=u.indexOf(0,l))||"pg_catalog",table:u.toString("utf8",l+1,l=u.indexOf(0,l+1)),columns:Array(u.readUInt16BE(l+=2)),keys:[]};l+=2;let E=0,h;for(;l<u.length;)h=c.columns[E++]={key:u[l++],name:i.column.from?i.column.from(u.toString("utf8",l,l=u.indexOf(0,l))):u.toString("utf8",l,l=u.indexOf(0,l)),type:u.readUInt32BE(l+=1),parser:r[u.readUInt32BE(l)],atttypmod:u.readUInt32BE(l+=4)},h.key&&c.keys.push(h),l+=4},Y:()=>{},O:()=>{},B:u=>{e.date=ns(u.readBigInt64BE(9)),e.lsn=u.subarray(1,9)},I:u=>{let l=1,c=e[u.readUInt32BE(l)],{row:E}=nt(u,c.columns,l+=7,i);n(E,{command:"insert",relation:c})},D:u=>{let l=1,c=e[u.readUInt32BE(l)];l+=4;let E=u[l]===75;n(E||u[l]===79?nt(u,c.columns,l+=3,i).row:null,{command:"delete",relation:c,key:E})},U:u=>{let l=1,c=e[u.readUInt32BE(l)];l+=4;let E=u[l]===75,h=E||u[l]===79?nt(u,c.columns,l+=3,i):null;h&&(l=h.i);let{row:L}=nt(u,c.columns,l+3,i);n(L,{command:"update",relation:c,key:E,old:h&&h.row})},T:()=>{},C:()=>{}}).reduce(a,{})[t[0]](t)}function nt(t,e,r,n){let i,a,u,l=n.raw?new Array(e.length):{};for(let c=0;c<e.length;c++)i=t[r++],a=e[c],u=i===110?null:i===117?void 0:a.parser===void 0?t.toString("utf8",r+4,r+=4+t.readUInt32BE(r)):a.parser.array===!0?a.parser(t.toString("utf8",r+5,r+=4+t.readUInt32BE(r))):a.parser(t.toString("utf8",r+4,r+=4+t.readUInt32BE(r))),n.raw?l[c]=n.raw===!0?u:n.value.from?n.value.from(u,a):u:l[a.name]=n.value.from?n.value.from(u,a):u;return{i:r,row:n.row.from?n.row.from(l):l}}function is(t){let e=t.match(/^(\*|insert|update|delete)?:?([^.]+?\.?[^=]+)?=?(.+)?/i)||[];if(!e)throw new Error("Malformed subscribe pattern: "+t);let[,r,n,i]=e;return(r||"*")+(n?":"+(n.indexOf(".")===-1?"public."+n:n):"")+(i?"="+i:"")}import Ar from"node:stream";function Dt(t,e,r=393216){return new Promise(async(n,i)=>{await t.begin(async a=>{let u;!e&&([{oid:e}]=await a`select lo_creat(-1) as oid`);let[{fd:l}]=await a`select lo_open(${e}, ${r}) as fd`,c={writable:h,readable:E,close:()=>a`select lo_close(${l})`.then(u),tell:()=>a`select lo_tell64(${l})`,read:L=>a`select loread(${l}, ${L}) as data`,write:L=>a`select lowrite(${l}, ${L})`,truncate:L=>a`select lo_truncate64(${l}, ${L})`,seek:(L,T=0)=>a`select lo_lseek64(${l}, ${L}, ${T})`,size:()=>a`
          select
            lo_lseek64(${l}, location, 0) as position,
            seek.size
          from (
            select
              lo_lseek64($1, 0, 2) as size,
              tell.location
            from (select lo_tell64($1) as location) tell
          ) seek
        `};return n(c),new Promise(async L=>u=L);async function E({highWaterMark:L=2048*8,start:T=0,end:A=1/0}={}){let k=A-T;return T&&await c.seek(T),new Ar.Readable({highWaterMark:L,async read(N){let x=N>k?N-k:N;k-=N;let[{data:U}]=await c.read(x);this.push(U),U.length<N&&this.push(null)}})}async function h({highWaterMark:L=2048*8,start:T=0}={}){return T&&await c.seek(T),new Ar.Writable({highWaterMark:L,write(A,k,N){c.write(A).then(()=>N(),N)}})}}).catch(i)})}Object.assign(st,{PostgresError:Ne,toPascal:we,pascal:Ot,toCamel:ge,camel:At,toKebab:Te,kebab:Lt,fromPascal:Pe,fromCamel:qe,fromKebab:We,BigInt:{to:20,from:[20],parse:t=>BigInt(t),serialize:t=>t.toString()}});var It=st;function st(t,e){let r=us(t,e),n=r.no_subscribe||bt(st,{...r}),i=!1,a=re(),u=re(),l=re(),c=re(),E=re(),h=re(),L=re(),T=re(),A={connecting:u,reserved:l,closed:c,ended:E,open:h,busy:L,full:T},k=[...Array(r.max)].map(()=>yt(r,A,{onopen:Oe,onend:K,onclose:ce})),N=x(Ae);return Object.assign(N,{get parameters(){return r.parameters},largeObject:Dt.bind(null,N),subscribe:n,CLOSE:Re,END:Re,PostgresError:Ne,options:r,reserve:ne,listen:U,begin:Z,close:le,end:p}),N;function x(d){return d.debug=r.debug,Object.entries(r.types).reduce((w,[b,F])=>(w[b]=M=>new oe(M,F.to),w),g),Object.assign(C,{types:g,typed:g,unsafe:P,notify:ie,array:ue,json:he,file:H}),C;function g(w,b){return new oe(w,b)}function C(w,...b){return w&&Array.isArray(w.raw)?new te(w,b,d,R):typeof w=="string"&&!b.length?new ye(r.transform.column.to?r.transform.column.to(w):w):new $e(w,b)}function P(w,b=[],F={}){return arguments.length===2&&!Array.isArray(b)&&(F=b,b=[]),new te([w],b,d,R,{prepare:!1,...F,simple:"simple"in F?F.simple:b.length===0})}function H(w,b=[],F={}){return arguments.length===2&&!Array.isArray(b)&&(F=b,b=[]),new te([],b,W=>{as.readFile(w,"utf8",(J,I)=>{if(J)return W.reject(J);W.strings=[I],d(W)})},R,{...F,simple:"simple"in F?F.simple:b.length===0})}}async function U(d,g,C){let P={fn:g,onlisten:C},H=U.sql||(U.sql=st({...r,max:1,idle_timeout:null,max_lifetime:null,fetch_types:!1,onclose(){Object.entries(U.channels).forEach(([W,{listeners:J}])=>{delete U.channels[W],Promise.all(J.map(I=>U(W,I.fn,I.onlisten).catch(()=>{})))})},onnotify(W,J){W in U.channels&&U.channels[W].listeners.forEach(I=>I.fn(J))}})),w=U.channels||(U.channels={});if(d in w){w[d].listeners.push(P);let W=await w[d].result;return P.onlisten&&P.onlisten(),{state:W.state,unlisten:M}}w[d]={result:H`listen ${H.unsafe('"'+d.replace(/"/g,'""')+'"')}`,listeners:[P]};let F=await w[d].result;return P.onlisten&&P.onlisten(),{state:F.state,unlisten:M};async function M(){if(d in w&&(w[d].listeners=w[d].listeners.filter(W=>W!==P),!w[d].listeners.length))return delete w[d],H`unlisten ${H.unsafe('"'+d.replace(/"/g,'""')+'"')}`}}async function ie(d,g){return await N`select pg_notify(${d}, ${""+g})`}async function ne(){let d=re(),g=h.length?h.shift():await new Promise((H,w)=>{let b={reserve:H,reject:w};a.push(b),c.length&&y(c.shift(),b)});S(g,l),g.reserved=()=>d.length?g.execute(d.shift()):S(g,l),g.reserved.release=!0;let C=x(P);return C.release=()=>{g.reserved=null,Oe(g)},C;function P(H){g.queue===T?d.push(H):g.execute(H)||S(g,T)}}async function Z(d,g){!g&&(g=d,d="");let C=re(),P=0,H,w=null;try{return await N.unsafe("begin "+d.replace(/[^a-z ]/ig,""),[],{onexecute:F}).execute(),await Promise.race([b(H,g),new Promise((M,W)=>H.onclose=W)])}catch(M){throw M}async function b(M,W,J){let I=x(G);I.savepoint=fe,I.prepare=v=>w=v.replace(/[^a-z0-9$-_. ]/gi);let de,ae;J&&await I`savepoint ${I(J)}`;try{if(ae=await new Promise((v,j)=>{let ee=W(I);Promise.resolve(Array.isArray(ee)?Promise.all(ee):ee).then(v,j)}),de)throw de}catch(v){throw await(J?I`rollback to ${I(J)}`:I`rollback`),v instanceof Ne&&v.code==="25P02"&&de||v}return J||(w?await I`prepare transaction '${I.unsafe(w)}'`:await I`commit`),ae;function fe(v,j){return v&&Array.isArray(v.raw)?fe(ee=>ee.apply(ee,arguments)):(arguments.length===1&&(j=v,v=null),b(M,j,"s"+P+++(v?"_"+v:"")))}function G(v){v.catch(j=>de||(de=j)),M.queue===T?C.push(v):M.execute(v)||S(M,T)}}function F(M){H=M,S(M,l),M.reserved=()=>C.length?M.execute(C.shift()):S(M,l)}}function S(d,g){return d.queue.remove(d),g.push(d),d.queue=g,g===h?d.idleTimer.start():d.idleTimer.cancel(),d}function he(d){return new oe(d,3802)}function ue(d,g){return Array.isArray(d)?new oe(d,g||(d.length?Qe(d)||25:0),r.shared.typeArrayMap):ue(Array.from(arguments))}function Ae(d){if(i)return d.reject(q.connection("CONNECTION_ENDED",r,r));if(h.length)return me(h.shift(),d);if(c.length)return y(c.shift(),d);L.length?me(L.shift(),d):a.push(d)}function me(d,g){return d.execute(g)?S(d,L):S(d,T)}function R(d){return new Promise((g,C)=>{d.state?d.active?yt(r).cancel(d.state,g,C):d.cancelled={resolve:g,reject:C}:(a.remove(d),d.cancelled=!0,d.reject(q.generic("57014","canceling statement due to user request")),g())})}async function p({timeout:d=null}={}){if(i)return i;await 1;let g;return i=Promise.race([new Promise(C=>d!==null&&(g=setTimeout(V,d*1e3,C))),Promise.all(k.map(C=>C.end()).concat(U.sql?U.sql.end({timeout:0}):[],n.sql?n.sql.end({timeout:0}):[]))]).then(()=>clearTimeout(g))}async function le(){await Promise.all(k.map(d=>d.end()))}async function V(d){for(await Promise.all(k.map(g=>g.terminate()));a.length;)a.shift().reject(q.connection("CONNECTION_DESTROYED",r));d()}function y(d,g){return S(d,u),d.connect(g),d}function K(d){S(d,E)}function Oe(d){if(a.length===0)return S(d,h);let g=Math.ceil(a.length/(u.length+1)),C=!0;for(;C&&a.length&&g-- >0;){let P=a.shift();if(P.reserve)return P.reserve(d);C=d.execute(P)}C?S(d,L):S(d,T)}function ce(d,g){S(d,c),d.reserved=null,d.onclose&&(d.onclose(g),d.onclose=null),r.onclose&&r.onclose(d.id),a.length&&y(d,a.shift())}}function us(t,e){if(t&&t.shared)return t;let r=process.env,n=(!t||typeof t=="string"?e:t)||{},{url:i,multihost:a}=fs(t),u=[...i.searchParams].reduce((T,[A,k])=>(T[A]=k,T),{}),l=n.hostname||n.host||a||i.hostname||r.PGHOST||"localhost",c=n.port||i.port||r.PGPORT||5432,E=n.user||n.username||i.username||r.PGUSERNAME||r.PGUSER||ps();n.no_prepare&&(n.prepare=!1),u.sslmode&&(u.ssl=u.sslmode,delete u.sslmode),"timeout"in n&&(console.log("The timeout option is deprecated, use idle_timeout instead"),n.idle_timeout=n.timeout),u.sslrootcert==="system"&&(u.ssl="verify-full");let h=["idle_timeout","connect_timeout","max_lifetime","max_pipeline","backoff","keep_alive"],L={max:globalThis.Cloudflare?3:10,ssl:!1,sslnegotiation:null,idle_timeout:null,connect_timeout:30,max_lifetime:ds,max_pipeline:100,backoff:cs,keep_alive:60,prepare:!0,debug:!1,fetch_types:!0,publications:"alltables",target_session_attrs:null};return{host:Array.isArray(l)?l:l.split(",").map(T=>T.split(":")[0]),port:Array.isArray(c)?c:l.split(",").map(T=>parseInt(T.split(":")[1]||c)),path:n.path||l.indexOf("/")>-1&&l+"/.s.PGSQL."+c,database:n.database||n.db||(i.pathname||"").slice(1)||r.PGDATABASE||E,user:E,pass:n.pass||n.password||i.password||r.PGPASSWORD||"",...Object.entries(L).reduce((T,[A,k])=>{let N=A in n?n[A]:A in u?u[A]==="disable"||u[A]==="false"?!1:u[A]:r["PG"+A.toUpperCase()]||k;return T[A]=typeof N=="string"&&h.includes(A)?+N:N,T},{}),connection:{application_name:r.PGAPPNAME||"postgres.js",...n.connection,...Object.entries(u).reduce((T,[A,k])=>(A in L||(T[A]=k),T),{})},types:n.types||{},target_session_attrs:ls(n,i,r),onnotice:n.onnotice,onnotify:n.onnotify,onclose:n.onclose,onparameter:n.onparameter,socket:n.socket,transform:hs(n.transform||{undefined:void 0}),parameters:{},shared:{retries:0,typeArrayMap:{}},...dr(n.types)}}function ls(t,e,r){let n=t.target_session_attrs||e.searchParams.get("target_session_attrs")||r.PGTARGETSESSIONATTRS;if(!n||["read-write","read-only","primary","standby","prefer-standby"].includes(n))return n;throw new Error("target_session_attrs "+n+" is not supported")}function cs(t){return(.5+Math.random()/2)*Math.min(3**t/100,20)}function ds(){return 60*(30+Math.random()*30)}function hs(t){return{undefined:t.undefined,column:{from:typeof t.column=="function"?t.column:t.column&&t.column.from,to:t.column&&t.column.to},value:{from:typeof t.value=="function"?t.value:t.value&&t.value.from,to:t.value&&t.value.to},row:{from:typeof t.row=="function"?t.row:t.row&&t.row.from,to:t.row&&t.row.to}}}function fs(t){if(!t||typeof t!="string")return{url:{searchParams:new Map}};let e=t;e=e.slice(e.indexOf("://")+3).split(/[?/]/)[0],e=decodeURIComponent(e.slice(e.indexOf("@")+1));let r=new URL(t.replace(e,e.split(",")[0]));return{url:{username:decodeURIComponent(r.username),password:decodeURIComponent(r.password),host:r.host,hostname:r.hostname,port:r.port,pathname:r.pathname,searchParams:r.searchParams},multihost:e.indexOf(",")>-1&&e}}function ps(){try{return os.userInfo().username}catch{return process.env.USERNAME||process.env.USER||process.env.LOGNAME}}var Or=!1;function Lr(){Or||(Or=!0,globalThis.addEventListener("error",t=>{Es(t.error)&&t.preventDefault()}))}function Es(t){if(!(t instanceof TypeError))return!1;let e=t.stack??"";return/^Cannot read properties of null \(reading 'write'\)$/.test(t.message)?/nextWrite/.test(e)&&/postgres[@/\\].*connection\.js/.test(e)||/\bImmediate\./.test(e):!1}var Sr=/\\u(?:0000|d[89a-f])/;function De(t){let e=JSON.stringify(t);return Sr.test(e)?JSON.stringify(t,yr):e}function Rr(t){return Sr.test(t)?JSON.stringify(JSON.parse(t),yr):t}function yr(t,e){return typeof e=="string"?e.replaceAll("\0","\uFFFD").toWellFormed():e}var Ie="corun_jobs",Ut="corun_pauses";function je(){return{links:[],done:[],leftOut:[],failed:[],retries:[],released:[],dropped:[],pauses:[]}}function jr(t,e={}){return Lr(),It(t,{max:e.max??4,onnotice:r=>{r.severity==="WARNING"&&e.onNotice?.(String(r.message))},connection:{application_name:"corun"},connect_timeout:Zt(t),backoff:ms,fetch_types:!1,types:{bigint:{to:20,from:[20],serialize:r=>String(r),parse:r=>Number(r)},bigintArray:br(1016,r=>`{${r.join(",")}}`),textArray:br(1009,_s)}})}function br(t,e){return{to:t,from:[],serialize:e,parse:r=>r}}function _s(t){return`{${t.map(e=>`"${e.replace(/[\\"]/g,"\\$&")}"`).join(",")}}`}function ms(t){return(.5+Math.random()/2)*Math.min(.05*2**t,1)}var jt=class t{sql;url;#e=-1/0;#r;constructor(e,r,n=!1){this.sql=e,this.url=r,this.#r=n}async transaction(e){return this.#r?await e(this):await this.sql.begin(r=>e(new t(r,this.url,!0)))}#u(e){return this.#r?e(this.sql):this.sql.begin(r=>e(r))}static async connect(e,r={}){let n=jr(e,r);try{await ht(n)}catch(i){throw await n.end({timeout:1}),i}return new t(n,e)}async close(){await this.sql.end({timeout:1})}async saveOriginRules(e,r){if(r.length===0)return;let n=r.map(i=>it(e,i));await this.sql`
      INSERT INTO corun_origins ${this.sql(n)}
      ON CONFLICT (queue, origin) DO UPDATE SET
        per_host = EXCLUDED.per_host, gap_ms = EXCLUDED.gap_ms, jitter_ms = EXCLUDED.jitter_ms`}async insertJobs(e,r,n,i){if(r.length===0)return[];let a=n===void 0?[]:[...new Set(r.map(u=>u.origin))].map(n);return await this.#u(async u=>{let l=await Dr(u,e,r,a,i);return r.some(c=>c.reservedFor===void 0)&&await u`SELECT pg_notify(${Ie}, ${e})`,l})}async claim(e,r,n,i,a){(performance.now()-this.#e>1e3||a!==void 0)&&(this.#e=performance.now(),await this.reapExpiredLeases(e));let u=await this.sql`
      SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
        corun_paced(c.gap_ms, c.jitter_ms) AS paced, c.gap_ms AS "gapMs",
        c.jitter_ms AS "jitterMs", c.turn::text, c.crawl
      FROM corun_claim(${e}, ${r}, ${n}, ${i}, ${a?.id??null}::bigint,
        ${a?.nested??!1}) c`,l=a!==void 0;return u.map(({turn:c,...E})=>({...E,reserved:l,nextStart:c??void 0})).sort((c,E)=>c.id-E.id)}async takeTurn(e,r,n){let[i]=await this.sql`
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
        ON CONFLICT (queue, origin) DO NOTHING`,await this.takeTurn(e,r)):{waitMs:Math.max(1,i.wait_ms)}}async redirectTurn(e,r,n,i,a){let u=it(e,a),[l]=await this.sql`
      SELECT granted, turn::text, gap_ms, jitter_ms, wait_ms, per_host_full
      FROM corun_redirect_turn(${e}, ${r}, ${n}::bigint, ${i}, ${u.per_host},
        ${u.gap_ms}, ${u.jitter_ms})`;if(l.granted)return{waitMs:0,nextStart:l.turn??void 0,gapMs:l.gap_ms,jitterMs:l.jitter_ms};let c=l.wait_ms>0?Math.max(1,l.wait_ms):0;return l.per_host_full?{waitMs:c,full:!0}:{waitMs:Math.max(1,c)}}async moveTurn(e,r,n){let[i]=await this.sql`
      UPDATE corun_origins SET next_start_at = corun_next_start(gap_ms, jitter_ms)
      WHERE queue = ${e} AND origin = ${r}
        AND next_start_at = ${n}::text::timestamptz AND paused_until <= now()
      RETURNING next_start_at::text AS next_start`;return i?.next_start}async reapExpiredLeases(e){let r=await this.sql`
      DELETE FROM corun_jobs j
      WHERE j.queue = ${e} AND j.reserved_for IS NOT NULL AND ${Ct(this.sql)}
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
        ${r.task}, ${r.url}, ${r.perFetch})`;return n}async report(e,r,n){await this.#u(async i=>{if(n.links.length>0){let E=new Map;for(let{job:h,rule:L}of n.links)E.has(h.origin)||E.set(h.origin,L);await Dr(i,e,n.links.map(h=>h.job),[...E.values()],void 0)}if(n.pauses.length>0){let E=n.pauses.map(h=>({origin:h.origin,for_ms:h.forMs}));await i`
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
          FROM paused`}let a=await Ir(i,r,"done",n.done),u=await Ir(i,r,"skipped",n.leftOut),l=0;if(n.failed.length>0&&(l=Cr(await i`
          UPDATE corun_jobs j SET state = 'failed', finished_at = now(), last_error = f.error,
            lease_until = NULL
          FROM jsonb_to_recordset(${De(n.failed)}::text::jsonb)
            AS f(id bigint, error text)
          WHERE j.id = f.id AND j.state = 'leased' AND j.lease_owner = ${r}
          RETURNING j.reserved_for IS NULL AS mine`)),n.retries.length>0){let E=n.retries.map(h=>({id:h.id,delay_ms:h.delayMs,payload:h.payload}));await i`
          UPDATE corun_jobs j SET state = 'queued', lease_owner = NULL, lease_until = NULL,
            attempt = j.attempt + 1, payload = coalesce(r.payload, j.payload),
            not_before = now() + r.delay_ms * interval '1 millisecond'
          FROM jsonb_to_recordset(${De(E)}::text::jsonb)
            AS r(id bigint, delay_ms float8, payload jsonb)
          WHERE j.id = r.id AND j.state = 'leased' AND j.lease_owner = ${r}`}n.released.length>0&&await i`
          UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
          WHERE id = ANY(${n.released}::bigint[]) AND state = 'leased'
            AND lease_owner = ${r}`;let c=[...n.failed.map(E=>E.id),...n.retries.map(E=>E.id),...n.released];c.length>0&&await i`
          DELETE FROM corun_saves s USING corun_jobs j
          WHERE s.job = ANY(${c}::bigint[]) AND NOT s.folder AND j.id = s.job
            AND j.state IN ('queued', 'failed')`,n.dropped.length>0&&await i`
          DELETE FROM corun_jobs
          WHERE id = ANY(${n.dropped}::bigint[]) AND reserved_for = ${r}
            AND state IN ('queued', 'leased')`,await i`
        UPDATE corun_workers SET last_seen = now(),
          done = done + ${a}, failed = failed + ${l}, skipped = skipped + ${u}
        WHERE id = ${r}`,await i`SELECT pg_notify(${Ie}, ${e})`})}async releaseUnknown(e,r,n){return(await this.sql`
      UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
      WHERE lease_owner = ${e} AND state = 'leased' AND NOT (id = ANY(${r}::bigint[]))
        AND (${n??null}::bigint IS NULL OR id = ${n??null}::bigint)
      RETURNING id`).length}async heartbeat(e,r,n){let i=await this.sql`
      UPDATE corun_jobs SET lease_until = now() + ${r} * interval '1 millisecond'
      WHERE lease_owner = ${e} AND state = 'leased' AND id = ANY(${n}::bigint[])
      RETURNING id`;return await this.sql`UPDATE corun_workers SET last_seen = now() WHERE id = ${e}`,i.length}async openWork(e){let[r]=await this.sql`
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
          WHERE o.queue = ${e} AND due.first IS NOT NULL) AS next_due_ms`;return{queued:r.queued,leased:r.leased,nextDueMs:r.next_due_ms===null?void 0:Math.max(0,r.next_due_ms)}}async registerWorker(e,r,n,i,a=3e4){await this.sql`
      INSERT INTO corun_workers (id, queue, host, pid, lease_ms)
      VALUES (${e}, ${r}, ${n}, ${i}, ${Math.ceil(a)})`}async stopWorker(e){await this.#u(async r=>{await r`UPDATE corun_workers SET stopped_at = now(), last_seen = now() WHERE id = ${e}`;let n=await r`
        UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL
        WHERE lease_owner = ${e} AND state = 'leased'
        RETURNING queue`;for(let i of new Set(n.map(a=>a.queue)))await r`SELECT pg_notify(${Ie}, ${i})`})}async insertResults(e,r,n){n.length!==0&&await this.sql`
      INSERT INTO corun_results (queue, worker, line)
      SELECT ${e}, ${r}, line::jsonb
      FROM unnest(${n.map(Rr)}::text[]) AS t(line)`}async claimFire(e,r,n,i,a){return(await this.sql`
      INSERT INTO corun_fires (queue, schedule, fire_at, owner, outcome)
      VALUES (${e}, ${r}, ${n}, ${i}, ${a})
      ON CONFLICT (queue, schedule, fire_at) DO NOTHING
      RETURNING id`)[0]?.id}async setFireJobs(e,r){await this.sql`UPDATE corun_fires SET jobs = ${r} WHERE id = ${e}`}async lastFire(e,r){let[n]=await this.sql`
      SELECT f.fire_at, EXISTS (SELECT 1 FROM corun_jobs j
        WHERE j.fire_id = f.id AND j.state IN ('queued', 'leased')) AS open
      FROM corun_fires f
      WHERE f.queue = ${e} AND f.schedule = ${r} AND f.outcome = 'enqueued'
      ORDER BY f.fired_at DESC LIMIT 1`;return n===void 0?void 0:{fireAt:n.fire_at,open:n.open}}async lastFiredAt(e,r){let[n]=await this.sql`
      SELECT max(fired_at) AS at FROM corun_fires WHERE queue = ${e} AND schedule = ${r}`;return n?.at??void 0}};async function Dr(t,e,r,n,i){if(n.length>0){let c=n.map(E=>it(e,E)).sort((E,h)=>E.origin<h.origin?-1:E.origin>h.origin?1:0);await t`INSERT INTO corun_origins ${t(c)} ON CONFLICT (queue, origin) DO NOTHING`}let a=r.filter(c=>c.parent!==void 0),u=a.length===0?r:r.filter(c=>c.parent===void 0);return[...await Ns(t,e,u,i),...await gs(t,e,a)].sort((c,E)=>c-E)}function Ur(t,e,r){return{queue:t,task:e.task,origin:e.origin,url:e.url,payload:e.payload,delay_ms:e.delayMs??0,fire_id:r??null,reserved_for:e.reservedFor??null,parent:e.parent??null}}async function Ns(t,e,r,n){return r.length===0?[]:(await t`
    INSERT INTO corun_jobs (queue, task, origin, url, payload, not_before, fire_id, reserved_for,
      crawl)
    SELECT queue, task, origin, url, payload, now() + delay_ms * interval '1 millisecond', fire_id,
      reserved_for, txid_current()
    FROM jsonb_to_recordset(${De(r.map(a=>Ur(e,a,n)))}
      ::text::jsonb) AS r(queue text, task text, origin text, url text, payload jsonb,
      delay_ms float8, fire_id bigint, reserved_for text)
    RETURNING id`).map(a=>a.id)}async function gs(t,e,r){return r.length===0?[]:(await t`
    WITH given AS MATERIALIZED (
      SELECT r.*, nextval('corun_jobs_id_seq') AS id
      FROM jsonb_to_recordset(${De(r.map(i=>Ur(e,i,void 0)))}
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
    AND ((j.state = 'leased' AND j.lease_until < now()) OR corun_owner_gone(j.reserved_for)))`}async function Ir(t,e,r,n){return n.length===0?0:Cr(await t`
    UPDATE corun_jobs SET state = ${r}, finished_at = now(), lease_owner = ${e},
      lease_until = NULL
    WHERE id = ANY(${n}::bigint[])
      AND ((state = 'leased' AND lease_owner = ${e}) OR state = 'queued')
    RETURNING reserved_for IS NULL AS mine`)}function Cr(t){return t.filter(e=>e.mine).length}function it(t,e){return{queue:t,origin:e.origin,per_host:e.perHost,gap_ms:Math.round(e.gapMs),jitter_ms:Math.round(e.jitterMs)}}var ws=20,ot=[250,500,1e3,2e3,5e3,1e4,3e4],Ft=class{#e;#r;#u;#f;#i=[];#n=new Map;#s=new Map;#o=new Map;#d=new Map;#_=[];#h=!1;#m;#R;#k;#t=je();#y=je();#p;#E;#v=!1;#w;#$=!1;#q=new Set;#T=0;#b=new Set;#P;#W;#a=!1;#A=!1;#x=0;#O;constructor(e){this.#e=e,this.#r=e.store,this.#u=e.leaseMs??3e4,this.#f=e.idleMs??2e3,this.#k=Math.ceil(e.concurrency/4)}async start(){let e=await this.#r.sql.listen(Ie,n=>{n===this.#e.queue&&this.#S()}),r=await this.#r.sql.listen(Ut,n=>this.#he(n));this.#P=async()=>{await e.unlisten(),await r.unlisten()},this.#W=setInterval(()=>{this.#fe(),this.#r.heartbeat(this.#e.worker,this.#u,this.#j()).catch(n=>{Me(n)?this.#C("extend its leases",n):this.#D(this.#U("extend its leases",n))})},Math.max(100,Math.floor(this.#u/3)))}async shutdown(){this.#a=!0,this.#A=!0,this.#ne(),clearInterval(this.#W),await this.#m;for(let e of this.#i.splice(0))this.#t.released.push(e.id);this.#n.clear();for(let e of this.#s.keys())this.#K(e);this.#s.clear();try{if(!await this.#se())throw this.#Ne()}finally{await this.#P?.().catch(()=>{})}}get reportRefused(){return this.#w!==void 0}#D(e){this.#R??=e,this.interrupt()}interrupt(){this.#a=!0,this.#ne()}put(e){return this.#t.links.push({job:this.#B(e,void 0),rule:this.#G(e)}),this.#l(),Jt(void 0)}*#ie(e,r){let[n]=yield*this.#c("put a job",()=>this.#r.insertJobs(this.#e.queue,[this.#B(e,r)],()=>this.#G(e)));return n}#B(e,r){return{task:e.task,origin:e.origin,url:Hr(e.payload),payload:this.#e.codec.encode(e.payload),delayMs:e.delayMs,reservedFor:r,parent:r===void 0?e.parent:void 0}}#G(e){return{origin:e.origin,...this.#e.rules(e.origin,e.task)}}*take(){for(;;){if(this.#R!==void 0)throw this.#$=!0,this.#R;if(this.#a)return null;let e=this.#i.shift();if(e!==void 0){if(this.#s.set(e.id,e.origin),this.#i.length<this.#k&&this.#Ee(),yield*this.#oe(e))return e;continue}if(this.#A)return null;if(this.#h){let r=new Vt("queued",n=>Qt(this.#_,n));this.#_.push(r),yield*r.wait();continue}this.#h=!0;try{yield*this.#pe()}finally{this.#h=!1,this.#te()}}}*#oe(e){let r=this.#n.get(e.id);if(r===void 0||Fr(r))return!0;let n=!1;try{return n=(yield*this.#Y(r))||(yield*this.#ae(r)),n}finally{n||this.#ue(e.id)}}*#Y(e){let r=e.nextStart;if(r===void 0||this.#N(e.origin)>0)return!1;let n=yield*this.#c("move an origin's turn",()=>this.#r.moveTurn(this.#e.queue,e.origin,r));return n===void 0?!1:(vr(e,n),!0)}*#ae(e){let r=()=>this.#r.takeTurn(this.#e.queue,e.origin),n=yield*this.#c("take an origin's turn",r);return n.waitMs>0&&n.waitMs<=2*e.turnMs&&(yield*this.#L(n.waitMs),this.#a||(n=yield*this.#c("take an origin's turn",r))),n.waitMs!==0||this.#a?!1:(vr(e,n.nextStart),!0)}*sending(e,r){let n=this.#n.get(e),i=this.#N(r)>0;if(n===void 0){i&&(yield*this.#F(r));return}!i&&n.origin===r&&(Fr(n)||(yield*this.#Y(n)))||(yield*this.turnAt(r,n.task,e))}#I(e){return this.#n.delete(e),this.#s.delete(e)}#ue(e){this.#I(e)&&(this.#t.released.push(e),this.#l())}*acquire(e,r){let n=yield*this.#ie(e,this.#e.worker);return this.#o.set(n,{origin:e.origin,url:Hr(e.payload)}),yield*this.#X(n,r)}*turnAt(e,r,n){let i=n===void 0?void 0:this.#s.get(n);if(i!==void 0&&i!==e)return yield*this.#le(e,r,n);for(;!this.#a;){if(yield*this.#F(e),this.#a)return;let a=yield*this.#c("take an origin's turn",()=>this.#r.takeTurn(this.#e.queue,e,{origin:e,...this.#e.rules(e,r)}));if(a.waitMs>0){yield*this.#L(a.waitMs);continue}n!==void 0&&this.#s.has(n)&&this.#z(n,e,r,a);return}}*#le(e,r,n){let{queue:i,worker:a}=this.#e,u={origin:e,...this.#e.rules(e,r)};for(;!this.#a;){if(yield*this.#F(e),this.#a)return;let l=this.#T,c=yield*this.#c("take a redirect's turn",()=>this.#r.redirectTurn(i,e,n,a,u));if(c.waitMs===0&&!c.full){if(!this.#s.has(n))return;this.#s.set(n,e),this.#z(n,e,r,c);return}c.full&&this.#V(As),c.waitMs>0?yield*this.#L(c.waitMs):this.#T===l&&(yield*this.#g(50))}}#z(e,r,n,i){let a={gapMs:i.gapMs??0,jitterMs:i.jitterMs??0};i.nextStart===void 0||a.gapMs===0&&a.jitterMs===0?this.#n.delete(e):this.#n.set(e,qr(r,n,a,i.nextStart))}*again(e,r,n){if(!this.#s.has(e))throw new TypeError(`Cannot go again: job ${e} is not held`);return this.retryAfter(e,r),yield*this.#X(e,n)}*#X(e,r){let{queue:n,worker:i}=this.#e,a=this.#o.get(e),u;try{for(;;){let l=a===void 0?0:this.#N(a.origin);if(l>0){yield*this.#g(l);continue}let[c]=yield*this.#c("claim a job",()=>this.#r.claim(n,i,1,this.#u,{id:e,nested:r}),()=>this.#r.releaseUnknown(i,this.#j(),e));if(c===void 0){yield*this.#ce(e,a?.url);continue}let E=this.#re(c);if("problem"in E)throw this.#o.delete(e),new Error(`Cannot fetch ${c.url||`job ${e}`}: ${E.problem}`);if(this.#N(E.origin)>0){this.#t.released.push(e),this.#l();continue}return u=E,this.#s.set(u.id,r?void 0:u.origin),c.paced&&this.#n.set(u.id,kr(c)),u}}finally{u===void 0&&this.#o.has(e)&&this.#de(e)}}*#ce(e,r){let n=yield*this.#c("look for a job",()=>this.#r.reservedWaitMs(this.#e.worker,e));if(n===void 0)throw this.#o.delete(e),new Error(`Cannot fetch ${r||`job ${e}`}: its job left the queue (this worker did not reach the database for longer than its lease, and was taken for gone)`);yield*n<=0?this.#g(50):this.#L(n)}*#L(e){this.#a||(yield*$r(e,this.#b,"waiting for its time"))}#de(e){this.#o.delete(e),this.#t.dropped.push(e),this.#l()}#K(e){this.#o.delete(e)?this.#t.dropped.push(e):this.#t.released.push(e)}*claimSave(e,r){return yield*this.#c("claim a save path",()=>this.#r.claimSave(e,r))}done(e){this.#J(e,this.#t.done)}leftOut(e){this.#J(e,this.#t.leftOut)}#J(e,r){this.#I(e)&&(this.#o.delete(e),r.push(e),this.#l(),this.#S())}failed(e,r){this.#I(e)&&(this.#a?this.#K(e):(this.#o.delete(e),this.#t.failed.push({id:e,error:r??"failed"})),this.#l(),this.#S())}retryAfter(e,r,n){this.#I(e)&&(this.#t.retries.push({id:e,delayMs:r,payload:n===void 0?null:this.#e.codec.encode(n)}),this.#l(),this.#S())}pauseOrigin(e,r){this.#t.pauses.push({origin:e,forMs:r}),this.#Q(e,r),this.#l()}#he(e){let r;try{r=JSON.parse(e)}catch{return}r.queue!==this.#e.queue||typeof r.origin!="string"||typeof r.ms=="number"&&r.ms>0&&this.#Q(r.origin,r.ms)}#Q(e,r){let n=performance.now()+r;n>(this.#d.get(e)??0)&&this.#d.set(e,n),this.#V(i=>i.origin!==e)}#V(e){let r=this.#i.filter(e);if(r.length!==this.#i.length){for(let n of this.#i)e(n)||(this.#t.released.push(n.id),this.#n.delete(n.id));this.#i.splice(0,this.#i.length,...r),this.#l()}}*#F(e){for(;;){let r=this.#N(e);if(r<=0||this.#a)return;yield*this.#L(r)}}#fe(){let e=performance.now();for(let[r,n]of this.#d)n<=e&&this.#d.delete(r)}get pausedOrigins(){return[...this.#d.keys()]}#N(e){let r=this.#d.get(e);if(r===void 0)return 0;let n=r-performance.now();return n>0?n:(this.#d.delete(e),0)}close(){}get refused(){return this.#x}counts(){return{queued:this.#i.length,leased:this.#s.size}}*#pe(){if(this.#a){this.#A=!0;return}let e=this.#Z();if(e<=0){yield*this.#g(this.#f);return}let r=this.#T,n=yield*this.#c("claim jobs",()=>this.#r.claim(this.#e.queue,this.#e.worker,e,this.#u),()=>this.#r.releaseUnknown(this.#e.worker,this.#j()));if(this.#ee(n),this.#i.length>0||!(yield*Xe(()=>this.#se(),"report to the database")))return;let i=yield*this.#c("count open jobs",()=>this.#r.openWork(this.#e.queue));if(this.#e.drain&&!i.queued&&!i.leased&&this.#s.size===0){this.#A=!0;return}if(this.#T!==r)return;let a=i.nextDueMs??this.#f;yield*this.#g(Math.min(this.#f,a<=0?50:Math.max(5,a)))}#Z(){return this.#e.concurrency+this.#k-this.#s.size-this.#i.length}#Ee(){let e=this.#Z();if(this.#h||this.#a||e<=0)return;this.#h=!0;let{queue:r,worker:n}=this.#e;this.#m=this.#r.claim(r,n,e,this.#u).then(i=>{this.#ee(i),this.#H()},i=>{if(!Me(i)){this.#D(this.#U("claim jobs",i));return}return this.#C("claim jobs",i),this.#r.releaseUnknown(n,this.#j()).then(()=>{},()=>{})}).finally(()=>{this.#h=!1,this.#m=void 0,this.#te()})}#ee(e){let r=this.#t.released.length;for(let n of e){let i=this.#re(n);"problem"in i||(this.#N(i.origin)>0?this.#t.released.push(i.id):(this.#i.push(i),n.paced&&this.#n.set(i.id,kr(n))))}this.#t.released.length>r&&this.#l()}#te(){for(let e of this.#_.splice(0))e.give()}#re(e){let r=this.#e.codec.decode(e.payload,e);return"problem"in r&&r.notMine?(this.#t.released.push(e.id),this.#l(),this.#D(new Error(`Queue "${this.#e.queue}" holds job ${e.id} (${e.url||"no URL"}) of another config: ${r.problem}; it went back to the queue, for a worker with that config`)),r):"problem"in r?(this.#x++,this.#e.warn(`Job ${e.id} (${e.url||"no URL"}): ${r.problem}`),this.#t.failed.push({id:e.id,error:r.problem}),this.#l(),r):{id:e.id,origin:e.origin,task:e.task,attempt:e.attempt,notBeforeMs:0,payload:r.payload,crawl:e.crawl}}*#g(e){yield*$r(e,this.#q,"waiting for work")}#_e(e){return new Promise(r=>{let n=()=>{clearTimeout(i),this.#b.delete(n),r()},i=setTimeout(n,e);this.#b.add(n)})}#S(){this.#T++;for(let e of this.#q)e()}#ne(){this.#S();for(let e of this.#b)e()}#l(){if(this.#t.pauses.length>0){clearTimeout(this.#E),this.#E=void 0,this.#M();return}this.#p!==void 0||this.#E!==void 0||(this.#E=setTimeout(()=>{this.#E=void 0,this.#M()},ws))}#M(){this.#p===void 0&&(this.#p=this.#me().then(e=>{this.#p=void 0,e?vt(this.#t)||this.#l():this.#v=!0}))}async#me(){for(let e=0;!vt(this.#t);e++){if(this.#w!==void 0)return!1;let r=this.#t;this.#t=je(),this.#y=r;try{return await this.#r.report(this.#e.queue,this.#e.worker,r),this.#y=je(),this.#H(),!0}catch(n){if(this.#y=je(),this.#t=Os(r,this.#t),!Me(n))return this.#w=this.#U("report how its fetches ended",n),this.#D(this.#w),!1;if(this.#C("report how its fetches ended",n),this.#A&&e>=2)return!1;await this.#_e(ot[Math.min(e,ot.length-1)])}}return!0}async#se(){for(this.#v=!1,clearTimeout(this.#E),this.#E=void 0;this.#p!==void 0||!vt(this.#t);)if(this.#p===void 0&&this.#M(),await this.#p,this.#v)return!1;return!0}#Ne(){let e=kt(this.#t).length,r=this.#w,n=e===0?"Cannot report a pause an origin asked for to the database":`Cannot report ${e} fetch outcomes to the database; ${r===void 0?"their leases run out and ":""}other workers do them again`;return r===void 0||this.#$&&this.#R===r?new Error(n):new Error(`${r.message}; ${n[0].toLowerCase()}${n.slice(1)}`,{cause:r.cause})}#j(){return[...this.#s.keys(),...this.#i.map(e=>e.id),...kt(this.#t),...kt(this.#y)]}*#c(e,r,n){for(let i=0;;i++)try{i>0&&n!==void 0&&(yield*Xe(n,e));let a=yield*Xe(r,e);return this.#H(),a}catch(a){if(!Me(a))throw this.#U(e,a);this.#C(e,a),yield*this.#g(ot[Math.min(i,ot.length-1)])}}#U(e,r){return new Error(`Worker ${this.#e.worker} cannot ${e}: ${Mr(r)}`,{cause:r})}#C(e,r){this.#O===void 0&&(this.#O=Date.now(),this.#e.warn(`Worker ${this.#e.worker} cannot ${e}: ${Mr(r)}; retrying with backoff`))}#H(){if(this.#O===void 0)return;let e=((Date.now()-this.#O)/1e3).toFixed(1);this.#O=void 0,this.#e.warn(`Worker ${this.#e.worker} reaches the database again (after ${e}s)`)}},Ts=2;function kr(t){return qr(t.origin,t.task,t,t.nextStart)}function qr(t,e,r,n){return{origin:t,task:e,tookAtMs:performance.now(),graceMs:Math.min(Ts,r.gapMs/10),turnMs:r.gapMs+r.jitterMs,nextStart:n}}function vr(t,e){t.tookAtMs=performance.now(),t.nextStart=e}function Fr(t){return performance.now()-t.tookAtMs<=t.graceMs}function As(){return!1}function Mr(t){let e=Xt(t),r=ze(t);return r!==void 0&&!e.includes(r)?`${e} (${r})`:e}function Hr(t){let e=t?.url;return typeof e=="string"?e:""}function kt(t){return[...t.done,...t.leftOut,...t.released,...t.failed.map(({id:e})=>e),...t.retries.map(({id:e})=>e)]}function vt(t){return t.links.length+t.done.length+t.leftOut.length+t.failed.length+t.retries.length+t.released.length+t.dropped.length+t.pauses.length===0}function Os(t,e){return{links:[...t.links,...e.links],done:[...t.done,...e.done],leftOut:[...t.leftOut,...e.leftOut],failed:[...t.failed,...e.failed],retries:[...t.retries,...e.retries],released:[...t.released,...e.released],dropped:[...t.dropped,...e.dropped],pauses:[...t.pauses,...e.pauses]}}function $r(t,e,r){return Kt(n=>{let i=setTimeout(n,t),a=()=>n();return e.add(a),()=>{clearTimeout(i),e.delete(a)}},r)}var Mt=class{#e;#r;#u;#f;#i;#n=[];#s;#o;#d=0;#_=0;constructor(e,r,n,i,a={}){this.#i=a.metadataFile,this.#e=e,this.#r=r,this.#u=n,this.#f=i}appendJson(e){this.#n.push(e),this.#n.length>1e5&&(this.#_+=this.#n.length-1e5,this.#n.splice(0,this.#n.length-1e5)),this.#h(100)}async close(){clearTimeout(this.#o),this.#o=void 0,await this.#s,this.#n.length>0&&await this.#m();let e=this.#n.length+this.#_;if(e>0){let r=this.#i===void 0?"":` (they are in the worker's metadata file, ${this.#i})`;this.#f(`Cannot copy ${e} metadata lines to the database${r}`)}}#h(e){this.#s!==void 0||this.#o!==void 0||(this.#o=setTimeout(()=>{this.#o=void 0,this.#s=this.#m().then(r=>{this.#s=void 0,this.#n.length>0&&this.#h(r?100:5e3)})},e))}async#m(){for(;this.#n.length>0;){let e=this.#n.slice(0,500);try{await this.#e.insertResults(this.#r,this.#u,e)}catch(r){return this.#d++===0&&this.#f(`Cannot copy metadata lines to the database: ${r.message}`),!1}this.#n.splice(0,e.length)}return!0}};var Ls=20;async function Ss(t,e){return await t.sql.begin("isolation level repeatable read read only",r=>Rs(r,e))}async function Rs(t,e){let r=e??null,n=await t`
    SELECT queue FROM (
      SELECT DISTINCT queue FROM corun_origins UNION SELECT DISTINCT queue FROM corun_workers
      UNION SELECT DISTINCT queue FROM corun_fires) q
    WHERE ${r}::text IS NULL OR queue = ${r}
    ORDER BY queue`,i=[];for(let{queue:a}of n){let u=await t`
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
      ORDER BY fire_at DESC LIMIT 10`;i.push({queue:a,origins:u.map(h=>({origin:h.origin,ready:h.ready,waiting:h.waiting,retries:h.retries,leased:h.leased,done:h.done,failed:h.failed,skipped:h.skipped,inCallbacks:h.in_callbacks,perHost:h.per_host,gapMs:h.gap_ms,jitterMs:h.jitter_ms,pausedUntil:Ue(h.paused_until)})),workers:l.map(h=>({id:h.id,host:h.host,pid:h.pid,startedAt:Ue(h.started_at),lastSeen:Ue(h.last_seen),lastSeenAgoMs:Math.max(0,Math.round(h.seen_ago_ms)),stoppedAt:Ue(h.stopped_at),state:h.stopped_at!==null?"stopped":h.gone?"gone":"running",leases:h.leases,done:h.done,failed:h.failed,skipped:h.skipped})),failures:c.map(h=>({task:h.task,url:h.url,error:h.error,at:Ue(h.finished_at)})),fires:E.map(h=>({schedule:h.schedule,fireAt:Ue(h.fire_at),outcome:h.outcome,jobs:h.jobs,owner:h.owner}))})}return i}function Ue(t){return t instanceof Date?t.toISOString():null}export{Ft as PgFrontier,Mt as PgResultLog,jt as PgStore,rr as SCHEMA_VERSION,ht as migrate,jr as postgresClient,Ss as queueStatus};
