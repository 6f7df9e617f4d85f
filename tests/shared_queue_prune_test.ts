/**
 * `corun db prune` on a real PostgreSQL: a crawl whose every fetch ended before the cutoff goes,
 * with its saved paths, and the metadata lines as old; a crawl with a fetch still open keeps every
 * row (its links stay queued once); a crawl that ended after the cutoff stays; each schedule keeps
 * the fires its schedulers read; a gone worker goes unless an open fetch names it, and one that was
 * alive comes back with its heartbeat; a queue left with no fetch loses its origins' rows, so
 * `status` lists it no more; the line and the JSON say what went; a database that refuses says so and where.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  PgStore,
  pruneDatabase,
  queueStatus,
  type StoredOriginRule,
} from "../lib/frontier/pg/mod.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

const ORIGIN = "http://a.test";
const WEEK_MS = 7 * 86_400_000;

const rule = (origin: string): StoredOriginRule => ({ origin, perHost: 10, gapMs: 0, jitterMs: 0 });

async function withStore(url: string, body: (store: PgStore) => Promise<void>): Promise<void> {
  const store = await PgStore.connect(url);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** A crawl: its seed (`/`) submitted, and `links` found on it; the ids, the seed's first. */
async function crawl(store: PgStore, links: readonly string[]): Promise<number[]> {
  const seedUrl = `${ORIGIN}/`;
  const [seed] = await store.insertJobs(
    "q",
    [{ task: "site", origin: ORIGIN, url: seedUrl, payload: { url: seedUrl } }],
    rule,
  );
  const found = await store.insertJobs(
    "q",
    links.map((path) => ({
      task: "site",
      origin: ORIGIN,
      url: ORIGIN + path,
      payload: { url: ORIGIN + path },
      parent: seed,
    })),
  );
  return [seed, ...found];
}

/** Ends the jobs done `daysAgo` days ago (their saves claimed then too). */
async function endedDaysAgo(store: PgStore, ids: readonly number[], daysAgo: number) {
  await store.sql`
    UPDATE corun_jobs SET state = 'done', finished_at = now() - ${daysAgo} * interval '1 day'
    WHERE id = ANY(${ids as number[]}::bigint[])`;
  await store.sql`
    UPDATE corun_saves SET at = now() - ${daysAgo} * interval '1 day'
    WHERE job = ANY(${ids as number[]}::bigint[])`;
}

/** Claims `path` (under folder `site/`) for the job's save: two rows, the folder's and the file's. */
async function save(store: PgStore, job: number, path: string) {
  const claim = { path: `site/${path}`, folders: ["site"], task: "site", url: ORIGIN + "/" + path };
  assertEquals(await store.claimSave(job, { ...claim, perFetch: false }), undefined);
}

async function count(store: PgStore, table: string): Promise<number> {
  const [row] = await store.sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
  return row.n;
}

async function jobIds(store: PgStore): Promise<number[]> {
  const rows = await store.sql<{ id: number }[]>`SELECT id FROM corun_jobs ORDER BY id`;
  return rows.map((row) => row.id);
}

pgTest("db prune", async (cluster, t) => {
  await t.step(
    "a crawl that ended before the cutoff goes with its saved paths and old metadata lines; a " +
      "crawl that ended after it stays",
    async () => {
      await withStore(await cluster.createDatabase("prune_crawls"), async (store) => {
        const old = await crawl(store, ["/a", "/b"]);
        await save(store, old[0], "index.html");
        await endedDaysAgo(store, old, 10);
        const recent = await crawl(store, ["/a"]);
        await save(store, recent[0], "index.html");
        // Ended 10 days ago but one fetch, a day ago: the crawl ended after the cutoff.
        await endedDaysAgo(store, recent, 10);
        await endedDaysAgo(store, recent.slice(1), 1);
        await store.insertResults("q", "w", ['{"url":"old"}', '{"url":"old"}']);
        await store.sql`UPDATE corun_results SET at = now() - interval '8 days'`;
        await store.insertResults("q", "w", ['{"url":"new"}']);

        const counts = await pruneDatabase(store, WEEK_MS);
        assertEquals({ ...counts, before: "" }, {
          before: "",
          jobs: 3,
          crawls: 1,
          saves: 2,
          results: 2,
          fires: 0,
          workers: 0,
          queues: 0,
        });
        assertEquals(await jobIds(store), recent);
        const saves = await store.sql`SELECT job, path FROM corun_saves ORDER BY path`;
        assertEquals(saves.map((row) => [row.job, row.path]), [
          [recent[0], "site"],
          [recent[0], "site/index.html"],
        ]);
        const lines = await store.sql`SELECT line FROM corun_results`;
        assertEquals(lines.map((row) => row.line), [{ url: "new" }]);
        // The cutoff is a week before the database's now.
        const [{ now }] = await store.sql<{ now: Date }[]>`SELECT now()`;
        const cutoffMs = new Date(counts.before).getTime();
        assertEquals(Math.abs(now.getTime() - WEEK_MS - cutoffMs) < 60_000, true, counts.before);
      });
    },
  );

  await t.step(
    "a crawl with a fetch still open keeps every row, and its links are not queued again",
    async () => {
      await withStore(await cluster.createDatabase("prune_open"), async (store) => {
        const ids = await crawl(store, ["/a", "/b"]);
        await save(store, ids[1], "a.html");
        // The seed and /a ended long ago; /b is still queued.
        await endedDaysAgo(store, ids.slice(0, 2), 30);
        await store.insertResults("q", "w", ['{"url":"a"}']);

        const counts = await pruneDatabase(store, WEEK_MS);
        assertEquals([counts.jobs, counts.crawls, counts.saves], [0, 0, 0]);
        assertEquals(await jobIds(store), ids);
        assertEquals(await count(store, "corun_saves"), 2);
        // /a found again (on /b's page, say): its crawl has it already.
        const again = await store.insertJobs("q", [{
          task: "site",
          origin: ORIGIN,
          url: `${ORIGIN}/a`,
          payload: { url: `${ORIGIN}/a` },
          parent: ids[2],
        }]);
        assertEquals(again, []);
        // Another fetch of the crawl saving where /a did is still refused.
        const met = await store.claimSave(ids[2], {
          path: "site/a.html",
          folders: ["site"],
          task: "other",
          url: `${ORIGIN}/b`,
          perFetch: false,
        });
        assertEquals([met?.file, met?.task], ["site/a.html", "site"]);

        // Once its last fetch ended before the cutoff, it goes whole.
        await endedDaysAgo(store, ids.slice(2), 8);
        const later = await pruneDatabase(store, WEEK_MS);
        assertEquals([later.jobs, later.crawls, later.saves], [3, 1, 2]);
        assertEquals(await count(store, "corun_jobs"), 0);
      });
    },
  );

  await t.step("each schedule keeps the fires its schedulers read", async () => {
    await withStore(await cluster.createDatabase("prune_fires"), async (store) => {
      const day = 86_400_000;
      const now = Date.now();
      /** A fire of `schedule` at `fireDays` ago, fired `firedDays` ago. */
      const fire = async (
        schedule: string,
        fireDays: number,
        outcome = "enqueued",
        firedDays = fireDays,
      ) => {
        const id = await store.claimFire(
          "q",
          schedule,
          new Date(now - fireDays * day),
          "o",
          outcome,
        );
        await store.sql`UPDATE corun_fires SET fired_at = now() - ${firedDays} * interval '1 day'
          WHERE id = ${id!}`;
        return id!;
      };
      await fire("nightly", 30);
      await fire("nightly", 20, "skipped: the fire of … still has fetches queued or leased");
      const lastEnqueued = await fire("nightly", 10);
      const lastFired = await fire("nightly", 9, "skipped: the fire of … still has fetches");
      const only = await fire("hourly", 10);
      // A catch-up fired a time long past, late: the newest fire time, the newest fired and the
      // newest that enqueued are three fires, each kept.
      await fire("weekly", 50);
      const weeklyEnqueued = await fire("weekly", 45);
      const newestTime = await fire("weekly", 9, "skipped: the fire of … still has fetches");
      const caughtUp = await fire("weekly", 40, "skipped: the fire of … still has fetches", 8);
      // An old fire whose fetch is still queued: its crawl is open.
      const open = await fire("slow", 30);
      await store.insertJobs(
        "q",
        [{ task: "site", origin: ORIGIN, url: `${ORIGIN}/`, payload: {} }],
        rule,
        open,
      );
      const slowLast = await fire("slow", 10);
      const before = {
        lastFire: await store.lastFire("q", "nightly"),
        lastFiredAt: await store.lastFiredAt("q", "weekly"),
        weekly: await store.lastFire("q", "weekly"),
        slow: await store.lastFire("q", "slow"),
      };
      // A fire newer than the cutoff stays, whatever came before it.
      const fresh = await fire("fresh", 1);

      const counts = await pruneDatabase(store, WEEK_MS);
      assertEquals(counts.fires, 3);
      const kept = await store.sql<{ id: number }[]>`SELECT id FROM corun_fires ORDER BY id`;
      assertEquals(
        kept.map((row) => row.id),
        [
          lastEnqueued,
          lastFired,
          only,
          weeklyEnqueued,
          newestTime,
          caughtUp,
          open,
          slowLast,
          fresh,
        ],
      );
      assertEquals(
        {
          lastFire: await store.lastFire("q", "nightly"),
          lastFiredAt: await store.lastFiredAt("q", "weekly"),
          weekly: await store.lastFire("q", "weekly"),
          slow: await store.lastFire("q", "slow"),
        },
        before,
      );
      // The newest fire time is kept though a later fire came: a scheduler that reaches it late
      // (its clock behind) still finds it fired.
      assertEquals(
        await store.claimFire("q", "weekly", new Date(now - 9 * day), "o", "x"),
        undefined,
      );
    });
  });

  await t.step(
    "a worker gone before the cutoff goes, unless an open fetch names it",
    async () => {
      await withStore(await cluster.createDatabase("prune_workers"), async (store) => {
        for (const id of ["lost", "stopped", "reserving", "leasing", "lately", "running"]) {
          await store.registerWorker(id, "q", "host", 1);
        }
        await store.stopWorker("stopped");
        await store.sql`UPDATE corun_workers SET last_seen = now() - interval '10 days',
          stopped_at = CASE WHEN stopped_at IS NULL THEN NULL ELSE now() - interval '10 days' END
          WHERE id IN ('lost', 'stopped', 'reserving', 'leasing')`;
        // Gone a day ago only (its lease ran out then).
        await store.sql`UPDATE corun_workers SET last_seen = now() - interval '1 day'
          WHERE id = 'lately'`;
        // A callback's fetch reserved for "reserving", waiting for its turn.
        const [reserved] = await store.insertJobs(
          "q",
          [{
            task: "site",
            origin: ORIGIN,
            url: `${ORIGIN}/r`,
            payload: {},
            reservedFor: "reserving",
          }],
          rule,
        );
        // A fetch "leasing" held when it was lost: its lease ran out, nobody has put it back yet.
        await store.insertJobs("q", [{
          task: "site",
          origin: ORIGIN,
          url: `${ORIGIN}/l`,
          payload: {},
        }]);
        await store.sql`UPDATE corun_jobs SET state = 'leased', lease_owner = 'leasing',
          lease_until = now() - interval '10 days' WHERE url = ${`${ORIGIN}/l`}`;

        const counts = await pruneDatabase(store, WEEK_MS);
        assertEquals(counts.workers, 2);
        const kept = await store.sql`SELECT id FROM corun_workers ORDER BY id`;
        assertEquals(kept.map((row) => row.id), ["lately", "leasing", "reserving", "running"]);
        // Its row kept, the worker is still seen gone: the reaper removes its reserved fetch, and
        // puts the lapsed lease back.
        assertEquals(await store.reapExpiredLeases("q"), 2);
        const left = await store.sql`SELECT id, state FROM corun_jobs ORDER BY id`;
        assertEquals(left.map((row) => [row.id === reserved, row.state]), [[false, "queued"]]);
        // Nothing names them now: they go.
        assertEquals((await pruneDatabase(store, WEEK_MS)).workers, 2);
      });
    },
  );

  await t.step(
    "a worker pruned while cut off registers again with its next heartbeat",
    async () => {
      await withStore(await cluster.createDatabase("prune_rereg"), async (store) => {
        await store.registerWorker("cut-off", "q2", "far-host", 7, 5_000);
        // Not seen for ten days (cut off from the database): prune takes it for gone.
        await store.sql`UPDATE corun_workers SET last_seen = now() - interval '10 days'`;
        assertEquals((await pruneDatabase(store, WEEK_MS)).workers, 1);
        // It was alive all along: its heartbeat puts its row back, as it registered.
        await store.heartbeat("cut-off", 5_000, []);
        const rows = await store.sql`
        SELECT id, queue, host, pid, lease_ms, stopped_at,
          last_seen > now() - interval '1 minute' AS seen FROM corun_workers`;
        assertEquals(rows.map((row) => ({ ...row })), [{
          id: "cut-off",
          queue: "q2",
          host: "far-host",
          pid: 7,
          lease_ms: 5_000,
          stopped_at: null,
          seen: true,
        }]);
        // A stopped worker does not come back (a heartbeat still in flight as it stopped).
        await store.stopWorker("cut-off");
        await store.sql`DELETE FROM corun_workers`;
        await store.heartbeat("cut-off", 5_000, []);
        assertEquals((await store.sql`SELECT id FROM corun_workers`).length, 0);
      });
    },
  );

  await t.step(
    "a queue with no fetch left loses its origins and is listed no more; one with a fetch, or " +
      "a paused origin, keeps them; a submit after brings them back",
    async () => {
      await withStore(await cluster.createDatabase("prune_origins"), async (store) => {
        const job = (path: string) => ({
          task: "site",
          origin: ORIGIN,
          url: ORIGIN + path,
          payload: { url: ORIGIN + path },
        });
        // "finished": its only crawl ended ten days ago, and it knew a second origin.
        await store.saveOriginRules("finished", [rule("http://b.test")]);
        await endedDaysAgo(store, await store.insertJobs("finished", [job("/")], rule), 10);
        // "recent": ended a day ago, after the cutoff. "open": a fetch still queued.
        await endedDaysAgo(store, await store.insertJobs("recent", [job("/")], rule), 1);
        await store.insertJobs("open", [job("/")], rule);
        // "paused": no fetch, but one of its origins is paused by a Retry-After for an hour: it
        // keeps them all until the pause ends.
        await store.saveOriginRules("paused", [rule(ORIGIN), rule("http://b.test")]);
        await store.sql`UPDATE corun_origins SET paused_until = now() + interval '1 hour'
          WHERE queue = 'paused' AND origin = ${ORIGIN}`;

        const counts = await pruneDatabase(store, WEEK_MS);
        assertEquals([counts.jobs, counts.queues], [1, 1]);
        const rows = await store.sql`SELECT queue, origin FROM corun_origins`;
        assertEquals(rows.map((row) => `${row.queue} ${row.origin}`).sort(), [
          `open ${ORIGIN}`,
          `paused ${ORIGIN}`,
          "paused http://b.test",
          `recent ${ORIGIN}`,
        ]);
        assertEquals((await queueStatus(store)).map((queue) => queue.queue), [
          "open",
          "paused",
          "recent",
        ]);
        // Submitted again (its rules first, as a submit saves them), its fetch is claimed.
        await store.saveOriginRules("finished", [rule(ORIGIN)]);
        await store.insertJobs("finished", [job("/again")]);
        const claimed = await store.claim("finished", "w", 5, 30_000);
        assertEquals(claimed.map((row) => row.url), [`${ORIGIN}/again`]);
      });
    },
  );

  await t.step("corun db prune says what went, or as JSON", async () => {
    const db = await cluster.createDatabase("prune_cli");
    await withStore(db, async (store) => {
      const ids = await crawl(store, ["/a"]);
      await save(store, ids[1], "a.html");
      await endedDaysAgo(store, ids, 10);
      await store.insertResults("q", "w", ['{"url":"a"}']);
      await store.sql`UPDATE corun_results SET at = now() - interval '10 days'`;
      await store.registerWorker("lost", "q", "host", 1);
      await store.sql`UPDATE corun_workers SET last_seen = now() - interval '10 days'`;
    });
    const shown = `"${db.replace(/\/\/[^@]*@/, "//***@")}"`;
    // Ten days old, not older than 30d: nothing goes.
    const kept = createFakeWorld();
    assertEquals(await main(["db", "prune", "--db", db, "--older-than", "30d"], kept.host), 0);
    assertMatch(
      kept.stdout(),
      new RegExp(
        "^pruned 0 finished fetches of 0 crawls, 0 saved paths, 0 metadata lines, 0 fires, " +
          `0 workers and the origins of 0 queues with no fetch left from ${
            shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          } \\(older than 30d: ` +
          "before \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)\n$",
      ),
    );
    const world = createFakeWorld();
    assertEquals(await main(["db", "prune", "--db", db], world.host), 0, world.stderr());
    assertStringIncludes(
      world.stdout(),
      "pruned 2 finished fetches of 1 crawl, 2 saved paths, 1 metadata line, 0 fires, " +
        `1 worker and the origins of 1 queue with no fetch left from ${shown} (older than 7d: ` +
        "before ",
    );
    assertEquals(world.stderr(), "");
    const json = createFakeWorld();
    assertEquals(await main(["db", "prune", "--db", db, "--json"], json.host), 0);
    const counts = JSON.parse(json.stdout());
    assertEquals({ ...counts, before: typeof counts.before }, {
      before: "string",
      jobs: 0,
      crawls: 0,
      saves: 0,
      results: 0,
      fires: 0,
      workers: 0,
      queues: 0,
    });
  });

  await t.step("a prune the database refuses says so and where, without the password", async () => {
    const owner = await cluster.createDatabase("prune_refused");
    await withStore(owner, async (store) => {
      await store.sql.unsafe(`
        CREATE ROLE corun_reader LOGIN;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO corun_reader;`);
    });
    const reader = owner.replace("//corun@", "//corun_reader:secret@");
    const world = createFakeWorld();
    assertEquals(await main(["db", "prune", "--db", reader], world.host), 1);
    assertEquals(world.stdout(), "");
    assertStringIncludes(
      world.stderr(),
      `Cannot prune "${reader.replace("corun_reader:secret", "***")}": permission denied for table`,
    );
    assertEquals(world.stderr().includes("secret"), false, world.stderr());
  });
});
