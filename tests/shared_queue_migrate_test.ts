/**
 * `corun db migrate` as a deploy step: once it has made the tables, a database role that may use
 * them but not create tables runs `submit`, `status` and `db migrate` (nothing to do) as they are;
 * a role that may only read them is refused a submit, told which queue and database refused it.
 * An upgrade keeps what a worker of the version before still writes, and the rows it queued.
 */
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { migrate, PgStore, queueStatus, SCHEMA_VERSION } from "../lib/frontier/pg/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import postgres from "npm:postgres@3.4.9";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

function corun(args: string[]) {
  return runDeno([...CLI_FLAGS, ...args], { env: { NO_COLOR: "1" } });
}

pgTest("db migrate as a deploy step", async (cluster, t) => {
  await t.step("a role that may not create tables uses the tables db migrate made", async () => {
    const owner = await cluster.createDatabase("deployed");
    const migrated = await corun(["db", "migrate", "--db", owner]);
    assertEquals(migrated.code, 0, migrated.stderr);
    // The role a worker machine is given: rows, not schema (PostgreSQL 15 lets no other role
    // create tables in `public`).
    const sql = postgres(owner, { onnotice: () => {} });
    try {
      await sql.unsafe(`
        CREATE ROLE corun_app LOGIN;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO corun_app;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO corun_app;`);
    } finally {
      await sql.end();
    }
    const app = owner.replace("//corun@", "//corun_app@");
    const dir = await Deno.makeTempDir({ prefix: "corun-shared-migrate-" });
    try {
      const config = `${dir}/deployed.yaml`;
      await Deno.writeTextFile(config, "tasks:\n  - name: page\n    fetch: http://127.0.0.1:9/\n");
      const again = await corun(["db", "migrate", "--db", app]);
      assertEquals(again.code, 0, again.stderr);
      assertStringIncludes(again.stdout, "are up to date (version");
      const submit = await corun(["submit", config, "--db", app]);
      assertEquals(submit.code, 0, submit.stderr);
      assertStringIncludes(
        submit.stdout,
        'submitted 1 fetch of 1 task (1 origin) to queue "deployed"',
      );
      const status = await corun(["status", config, "--db", app, "--json"]);
      assertEquals(status.code, 0, status.stderr);
      assertEquals(JSON.parse(status.stdout)[0].origins[0].ready, 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step(
    "a role that may not upgrade older tables says both versions and to migrate as their owner",
    async () => {
      const owner = await cluster.createDatabase("behind");
      // The tables of the corun before this one, made by the deploy role; the app role may use
      // their rows, and nothing more.
      const sql = postgres(owner, { onnotice: () => {} });
      try {
        await migrate(sql, SCHEMA_VERSION - 1);
        await sql.unsafe(`
          CREATE ROLE corun_behind LOGIN;
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO corun_behind;
          GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO corun_behind;`);
      } finally {
        await sql.end();
      }
      const app = owner.replace("//corun@", "//corun_behind@");
      const why = `The database's corun tables are at version ${SCHEMA_VERSION - 1}, older than ` +
        `this corun's ${SCHEMA_VERSION}, and role "corun_behind" cannot update them (permission ` +
        `denied for schema public): run "corun db migrate" as the role that owns them, then ` +
        "restart the workers\n";
      const migrated = await corun(["db", "migrate", "--db", app]);
      assertEquals(migrated.code, 1);
      assert(migrated.stderr.startsWith("Cannot migrate "), migrated.stderr);
      assert(migrated.stderr.endsWith(`: ${why}`), migrated.stderr);
      const status = await corun(["status", "--queue", "behind", "--db", app]);
      assertEquals(status.code, 1);
      assert(status.stderr.endsWith(`: ${why}`), status.stderr);
      // The owner's migrate is the fix.
      const fixed = await corun(["db", "migrate", "--db", owner]);
      assertEquals(fixed.code, 0, fixed.stderr);
      const after = await corun(["status", "--queue", "behind", "--db", app]);
      assertEquals(after.code, 0, after.stderr);
    },
  );

  await t.step("a submit the database refuses names the queue and the database", async () => {
    const owner = await cluster.createDatabase("read_only");
    const migrated = await corun(["db", "migrate", "--db", owner]);
    assertEquals(migrated.code, 0, migrated.stderr);
    const sql = postgres(owner, { onnotice: () => {} });
    try {
      await sql.unsafe(`
        CREATE ROLE corun_reader LOGIN;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO corun_reader;`);
    } finally {
      await sql.end();
    }
    const reader = owner.replace("//corun@", "//corun_reader:secret@");
    const dir = await Deno.makeTempDir({ prefix: "corun-shared-migrate-" });
    try {
      const config = `${dir}/nightly.yaml`;
      await Deno.writeTextFile(config, "tasks:\n  - name: page\n    fetch: http://127.0.0.1:9/\n");
      const submit = await corun(["submit", config, "--db", reader]);
      assertEquals(submit.code, 1, submit.stderr);
      assertEquals(submit.stderr.includes("secret"), false, submit.stderr);
      const where = reader.replace("corun_reader:secret", "***");
      assertStringIncludes(
        submit.stderr,
        `Cannot submit "${config}" to queue "nightly" in "${where}": permission denied for table`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("each refusal names the database in quotes, never with its password", async () => {
    const owner = await cluster.createDatabase("refusals");
    // Its user part too is left out: a user name can be a secret's half.
    const shown = (url: string) => `"${url.replace(/\/\/[^@]*@/, "//***@")}"`;
    const migrated = await corun(["db", "migrate", "--db", owner]);
    assertEquals(migrated.code, 0, migrated.stderr);
    assertStringIncludes(migrated.stdout, `migrated ${shown(owner)} to version`);
    const sql = postgres(owner, { onnotice: () => {} });
    try {
      // May see which migrations are applied (so it connects), not the queues.
      await sql.unsafe(`
        CREATE ROLE corun_glance LOGIN;
        GRANT SELECT ON corun_migrations TO corun_glance;`);
    } finally {
      await sql.end();
    }
    // Trust authentication takes any password: the one in the URL is only there to be hidden.
    const peek = owner.replace("//corun@", "//corun_glance:secret@");
    const missing = owner.replace("//corun@", "//corun:secret@").replace(/\/refusals$/, "/gone");
    const dir = await Deno.makeTempDir({ prefix: "corun-shared-migrate-" });
    try {
      const config = `${dir}/refusals.yaml`;
      await Deno.writeTextFile(config, "tasks:\n  - name: page\n    fetch: http://127.0.0.1:9/\n");
      const cases: [string[], string][] = [
        [["db", "migrate", "--db", missing], `Cannot migrate ${shown(missing)}: `],
        [["status", config, "--db", missing], `Cannot use database ${shown(missing)}: `],
        [["submit", config, "--db", missing], `Cannot use database ${shown(missing)}: `],
        [["status", "--db", peek], `Cannot read the queues in ${shown(peek)}: `],
        [
          ["status", config, "--db", peek],
          `Cannot read queue "refusals" in ${shown(peek)}: `,
        ],
        [
          ["status", config, "--db", "mysql://corun:secret@127.0.0.1/x"],
          'Cannot use the database given by --db: expected a postgres:// URL, got "mysql://***@',
        ],
        [
          ["status", config, "--db", `${peek}?sslmode=requre`],
          `Cannot use database ${shown(`${peek}?sslmode=requre`)}: `,
        ],
      ];
      for (const [args, message] of cases) {
        const refused = await corun(args);
        assertEquals(refused.stderr.includes("secret"), false, refused.stderr);
        assert(refused.stderr.startsWith(message), `expected "${message}…", got ${refused.stderr}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step(
    "migration 6 adds jobs left out, and keeps what a worker of version 5 writes",
    async () => {
      const url = await cluster.createDatabase("upgrade_left_out");
      const sql = postgres(url, { onnotice: () => {} });
      try {
        assertEquals(await migrate(sql, 5), [1, 2, 3, 4, 5]);
        // A queue a version 5 worker works on: one job it ended, one it holds.
        await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
          VALUES ('q', 'http://a.test', 1, 0, 0)`;
        await sql`INSERT INTO corun_workers (id, queue, host, pid, done)
          VALUES ('old', 'q', 'host', 1, 1)`;
        await sql`INSERT INTO corun_jobs (queue, task, origin, url, payload, state, lease_owner)
          VALUES
            ('q', 'pages', 'http://a.test', 'http://a.test/1', '{}', 'done', 'old'),
            ('q', 'pages', 'http://a.test', 'http://a.test/2', '{}', 'leased', 'old'),
            ('q', 'pages', 'http://a.test', 'http://a.test/3', '{}', 'leased', 'w6')`;
        assertEquals(await migrate(sql, 6), [6]);
        // Its report, as version 5 sends it: a job left out is done, its counts have no third.
        await sql`UPDATE corun_jobs SET state = 'done', finished_at = now(), lease_until = NULL
          WHERE url = 'http://a.test/2' AND state = 'leased' AND lease_owner = 'old'`;
        await sql`UPDATE corun_workers SET last_seen = now(), done = done + 1, failed = failed + 0
          WHERE id = 'old'`;
        // A worker of version 6 leaves its job out.
        await sql`INSERT INTO corun_workers (id, queue, host, pid) VALUES ('w6', 'q', 'host', 2)`;
        const store = await PgStore.connect(url);
        try {
          const [job] = await sql<{ id: string }[]>`
            SELECT id FROM corun_jobs WHERE url = 'http://a.test/3'`;
          await store.report("q", "w6", {
            links: [],
            done: [],
            leftOut: [Number(job.id)],
            failed: [],
            retries: [],
            released: [],
            dropped: [],
            pauses: [],
            unusedTurns: [],
          });
          const [status] = await queueStatus(store, "q");
          const [origin] = status.origins;
          assertEquals([origin.done, origin.failed, origin.skipped], [2, 0, 1]);
          const counts = status.workers
            .map((worker) => [worker.id, worker.done, worker.failed, worker.skipped])
            .sort();
          assertEquals(counts, [["old", 2, 0, 0], ["w6", 0, 0, 1]]);
        } finally {
          await store.close();
        }
        // The check still refuses a state no corun writes.
        await assertRejects(
          () => sql`UPDATE corun_jobs SET state = 'lost' WHERE url = 'http://a.test/1'`,
          Error,
          "corun_jobs_state_check",
        );
      } finally {
        await sql.end();
      }
    },
  );

  await t.step(
    "migration 7 keeps a crawl's links once, a page queued before it starting its own crawl",
    async () => {
      const url = await cluster.createDatabase("upgrade_crawls");
      const sql = postgres(url, { onnotice: () => {} });
      try {
        assertEquals(await migrate(sql, 6), [1, 2, 3, 4, 5, 6]);
        await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
          VALUES ('q', 'http://a.test', 1, 0, 0)`;
        // A page a worker of version 6 holds, queued before the upgrade.
        const [page] = await sql<{ id: string }[]>`
          INSERT INTO corun_jobs (queue, task, origin, url, payload, state, lease_owner)
          VALUES ('q', 'pages', 'http://a.test', 'http://a.test/', '{}', 'leased', 'w')
          RETURNING id`;
        assertEquals(await migrate(sql, 7), [7]);
        const store = await PgStore.connect(url);
        try {
          // Its link, found twice (by two workers that each took the page, say).
          for (let found = 0; found < 2; found++) {
            await store.insertJobs("q", [{
              task: "pages",
              origin: "http://a.test",
              url: "http://a.test/a",
              payload: {},
              parent: Number(page.id),
            }]);
          }
        } finally {
          await store.close();
        }
        const rows = await sql`
          SELECT crawl, linked_from FROM corun_jobs WHERE url = 'http://a.test/a'`;
        assertEquals(rows.map((row) => [row.crawl, row.linked_from]), [[page.id, page.id]]);
      } finally {
        await sql.end();
      }
    },
  );

  await t.step(
    "migration 10 counts a job a worker of version 9 holds under its own origin's perHost",
    async () => {
      const url = await cluster.createDatabase("upgrade_redirects");
      const sql = postgres(url, { onnotice: () => {} });
      try {
        assertEquals(await migrate(sql, 9), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
          VALUES ('q', 'http://a.test', 1, 0, 0)`;
        // A fetch a worker of version 9 holds, leased before the upgrade, and one queued behind it.
        await sql`
          INSERT INTO corun_jobs (queue, task, origin, url, payload, state, lease_owner,
            lease_until)
          VALUES ('q', 'pages', 'http://a.test', 'http://a.test/1', '{}', 'leased', 'w',
              now() + interval '1 minute'),
            ('q', 'pages', 'http://a.test', 'http://a.test/2', '{}', 'queued', NULL, NULL)`;
        assertEquals(await migrate(sql, 10), [10]);
        const store = await PgStore.connect(url);
        try {
          assertEquals(await store.claim("q", "w2", 10, 30_000), [], "the one place is held");
        } finally {
          await store.close();
        }
      } finally {
        await sql.end();
      }
    },
  );

  await t.step(
    "migration 13 returns each claimed job's crawl and pacing, and a worker of version 12 still claims as it did",
    async () => {
      const url = await cluster.createDatabase("upgrade_claim_columns");
      // One connection: the claim version 12 sends is prepared on it before the upgrade, and run
      // again after it, as a worker that still runs would.
      const sql = postgres(url, { onnotice: () => {}, max: 1 });
      const claimAsVersion12 = (worker: string) =>
        sql<{ url: string; paced: boolean; gapMs: number; crawl: string }[]>`
          SELECT c.id, c.task, c.origin, c.url, c.payload, c.attempt,
            coalesce(corun_paced(o.gap_ms, o.jitter_ms), true) AS paced,
            coalesce(o.gap_ms, 0) AS "gapMs", coalesce(o.jitter_ms, 0) AS "jitterMs",
            c.turn::text,
            (SELECT coalesce(j.crawl, j.id) FROM corun_jobs j WHERE j.id = c.id) AS crawl
          FROM corun_claim(${"q"}, ${worker}, ${1}, ${30_000}, ${null}::bigint, ${false}) c
          LEFT JOIN corun_origins o ON o.queue = ${"q"} AND o.origin = c.origin`;
      try {
        assertEquals(await migrate(sql, 12), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
          VALUES ('q', 'http://a.test', 5, 0, 0), ('q', 'http://b.test', 5, 250, 0)`;
        // Three jobs queued before the upgrade, of one crawl.
        const ids = await sql<{ id: string }[]>`
          INSERT INTO corun_jobs (queue, task, origin, url, payload, crawl) VALUES
            ('q', 'pages', 'http://a.test', 'http://a.test/1', '{}', 42),
            ('q', 'pages', 'http://a.test', 'http://a.test/2', '{}', 42),
            ('q', 'pages', 'http://b.test', 'http://b.test/1', '{}', 42)
          RETURNING id`;
        assertEquals(ids.length, 3);
        const before = await claimAsVersion12("old");
        assertEquals(before.map((job) => [job.url, job.paced, job.crawl]), [
          ["http://a.test/1", false, "42"],
        ]);
        assertEquals(await migrate(sql, 13), [13]);
        const after = await claimAsVersion12("old");
        assertEquals(after.map((job) => [job.url, job.paced, job.crawl]), [
          ["http://a.test/2", false, "42"],
        ]);
        const store = await PgStore.connect(url);
        try {
          const [job] = await store.claim("q", "new", 1, 30_000);
          assertEquals([job.url, job.paced, job.gapMs, job.crawl], [
            "http://b.test/1",
            true,
            250,
            42,
          ]);
          assert(job.nextStart !== undefined, "a paced origin's claim took its turn");
        } finally {
          await store.close();
        }
      } finally {
        await sql.end();
      }
    },
  );

  await t.step(
    "migration 14 keeps the save paths claimed before it: a sibling's claim after it holds one, and a failed first claimer hands it on",
    async () => {
      const url = await cluster.createDatabase("upgrade_save_holders");
      const sql = postgres(url, { onnotice: () => {} });
      try {
        assertEquals((await migrate(sql, 13)).length, 13);
        const [a, b, c] = await sql<{ id: string }[]>`
          INSERT INTO corun_jobs (queue, task, origin, url, payload, state, lease_owner, crawl)
          VALUES ('q', 't', 'http://a.test', 'http://a.test/a', '{}', 'leased', 'w', 7),
            ('q', 't', 'http://a.test', 'http://a.test/b', '{}', 'leased', 'w', 7),
            ('q', 't', 'http://a.test', 'http://a.test/c', '{}', 'leased', 'w', 7)
          RETURNING id`;
        const claim = (job: string, path: string, jobUrl: string) =>
          sql`SELECT * FROM corun_claim_save(${job}::bigint, ${path}, '{}'::text[], 't',
            ${jobUrl}, false)`;
        // Claimed by a worker of version 13: one row, the first job's.
        assertEquals((await claim(a.id, "page", "http://a.test/a")).length, 0);
        assertEquals(await migrate(sql, 14), [14]);
        for (const [job, jobUrl] of [[c.id, "http://a.test/c"], [b.id, "http://a.test/b"]]) {
          assertEquals((await claim(job, "page", jobUrl)).length, 0);
        }
        // c fails, reported by a worker of version 13 (its report deletes c's own rows only): c
        // stays among the holders, but is no fetch to hand the path on to.
        await sql`UPDATE corun_jobs SET state = 'failed' WHERE id = ${c.id}`;
        await sql`UPDATE corun_jobs SET state = 'failed' WHERE id = ${a.id}`;
        await sql`SELECT corun_release_saves(${[Number(a.id)]}::bigint[])`;
        const rows = await sql`SELECT job, url, holders::text AS holders FROM corun_saves`;
        assertEquals(rows.map((row) => [row.job, row.url, row.holders]), [
          [b.id, "http://a.test/b", "{}"],
        ]);
      } finally {
        await sql.end();
      }
    },
  );

  await t.step(
    "migration 15 dates a job queued before it by its creation, and a worker of version 14 still claims as it did",
    async () => {
      const url = await cluster.createDatabase("upgrade_run_at");
      // One connection: the claim version 14 sends is prepared on it before the upgrade.
      const sql = postgres(url, { onnotice: () => {}, max: 1 });
      const claimAsVersion14 = (worker: string) =>
        sql<{ url: string }[]>`
          SELECT c.id, c.url, c.crawl FROM corun_claim(${"q"}, ${worker}, ${1}, ${30_000},
            ${null}::bigint, ${false}) c`;
      try {
        assertEquals((await migrate(sql, 14)).length, 14);
        await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
          VALUES ('q', 'http://a.test', 5, 0, 0)`;
        await sql`
          INSERT INTO corun_jobs (queue, task, origin, url, payload, created_at) VALUES
            ('q', 'pages', 'http://a.test', 'http://a.test/1', '{}', '2001-02-03T04:05:06Z'),
            ('q', 'pages', 'http://a.test', 'http://a.test/2', '{}', '2001-02-03T04:05:06Z')`;
        assertEquals((await claimAsVersion14("old")).map((job) => job.url), ["http://a.test/1"]);
        assertEquals(await migrate(sql, 15), [15]);
        assertEquals((await claimAsVersion14("old")).map((job) => job.url), ["http://a.test/2"]);
        await sql`UPDATE corun_jobs SET state = 'queued', lease_owner = NULL, lease_until = NULL`;
        const store = await PgStore.connect(url);
        try {
          const jobs = await store.claim("q", "new", 2, 30_000);
          assertEquals(jobs.map((job) => job.runAt.toISOString()), [
            "2001-02-03T04:05:06.000Z",
            "2001-02-03T04:05:06.000Z",
          ]);
        } finally {
          await store.close();
        }
      } finally {
        await sql.end();
      }
    },
  );
});
