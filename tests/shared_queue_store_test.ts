/**
 * The shared queue's tables as every worker sees them, on a real PostgreSQL: claims honour each
 * origin's `perHost` and gap across workers, a `Retry-After` pause holds one origin for all (and is
 * told to every worker as it commits), a lease that runs out puts its job back, the jobs reserved for
 * a worker that is gone are removed, retries and releases go back as the next attempt or the same
 * one, a job reserved for one worker wakes no other, migrations run once, and a schedule's fire time
 * can be claimed by one process only.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { migrate, PgStore, type StoredOriginRule } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes, PAUSE_CHANNEL, WAKE_CHANNEL } from "../lib/frontier/pg/store.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

const A = "http://a.test";
const B = "http://b.test";

function jobsOf(origin: string, count: number, task = "pages") {
  return Array.from({ length: count }, (_, index) => {
    const url = `${origin}/${index + 1}`;
    return { task, origin, url, payload: { url, depth: 0 } };
  });
}

const rule = (perHost: number, gapMs = 0) => (origin: string): StoredOriginRule => ({
  origin,
  perHost,
  gapMs,
  jitterMs: 0,
});

async function withStore(url: string, body: (store: PgStore) => Promise<void>): Promise<void> {
  const store = await PgStore.connect(url);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

const noOutcomes = emptyOutcomes();

pgTest("the shared queue's tables, as several workers use them", async (cluster, t) => {
  await t.step("perHost counts the leases of every worker of the origin", async () => {
    await withStore(await cluster.createDatabase("per_host"), async (store) => {
      await store.insertJobs("q", jobsOf(A, 5), rule(2));
      await store.insertJobs("q", jobsOf(B, 1), rule(2));
      const first = await store.claim("q", "w1", 10, 30_000);
      // Two of A (its perHost) and B's one; the second worker gets nothing of A until one ends.
      assertEquals(first.map((job) => job.url), [`${A}/1`, `${A}/2`, `${B}/1`]);
      assertEquals(first.map((job) => job.reserved), [false, false, false]);
      assertEquals(await store.claim("q", "w2", 10, 30_000), []);
      await store.registerWorker("w1", "q", "host", 1);
      await store.report("q", "w1", { ...noOutcomes, done: [first[0].id] });
      const second = await store.claim("q", "w2", 10, 30_000);
      assertEquals(second.map((job) => job.url), [`${A}/3`]);
      const open = await store.openWork("q");
      assertEquals([open.queued, open.leased], [true, true]);
    });
  });

  await t.step("perHost holds when many workers claim at the same moment", async () => {
    await withStore(await cluster.createDatabase("per_host_race"), async (store) => {
      const origins = Array.from({ length: 40 }, (_, index) => `http://site${index}.test`);
      await store.insertJobs("q", origins.flatMap((origin) => jobsOf(origin, 3)), rule(1));
      // Eight claimers at once, each on its own connections, each asking for everything.
      const claimers = await Promise.all(
        Array.from({ length: 8 }, () => PgStore.connect(store.url)),
      );
      try {
        await Promise.all(
          claimers.map((claimer, index) => claimer.claim("q", `w${index}`, 200, 30_000)),
        );
      } finally {
        await Promise.all(claimers.map((claimer) => claimer.close()));
      }
      const over = await store.sql`
        SELECT origin, count(*)::int AS leased FROM corun_jobs WHERE state = 'leased'
        GROUP BY origin HAVING count(*) > 1`;
      assertEquals([...over], [], "no origin has more leases than its perHost of 1");
    });
  });

  await t.step(
    "a job reserved for a worker is claimed by that worker's own call only",
    async () => {
      await withStore(await cluster.createDatabase("reserved"), async (store) => {
        const [id] = await store.insertJobs(
          "q",
          [{ ...jobsOf(A, 1)[0], reservedFor: "w1" }],
          rule(4),
        );
        assertEquals(await store.claim("q", "w2", 10, 30_000), [], "another worker never takes it");
        assertEquals(
          await store.claim("q", "w1", 10, 30_000),
          [],
          "nor a general claim of its own",
        );
        const [mine] = await store.claim("q", "w1", 1, 30_000, { id, nested: true });
        assertEquals([mine.id, mine.reserved], [id, true], "claimed as its own callback's fetch");
      });
    },
  );

  await t.step("an origin's gap holds between claims of different workers", async () => {
    await withStore(await cluster.createDatabase("gap"), async (store) => {
      await store.insertJobs("q", jobsOf(A, 3), rule(10, 60_000));
      const first = await store.claim("q", "w1", 10, 30_000);
      assertEquals(first.length, 1, "a paced origin hands out one job per gap");
      assertEquals(await store.claim("q", "w2", 10, 30_000), []);
      const open = await store.openWork("q");
      assert(open.nextDueMs! > 50_000, `the next start waits for the gap (${open.nextDueMs} ms)`);
    });
  });

  await t.step(
    "an origin's next start is a gap after the moment its turn is taken, not after its transaction began",
    async () => {
      await withStore(await cluster.createDatabase("gap_from_turn"), async (store) => {
        await store.insertJobs("q", jobsOf(A, 2), rule(10, 1_000));
        // The database's clock in ms, to the microsecond (a Date would round it).
        const clockMs = async (sql: PgStore["sql"], of = "clock_timestamp()") => {
          const [row] = await sql.unsafe<{ ms: number }[]>(
            `SELECT (extract(epoch FROM ${of}) * 1000)::float8 AS ms
             FROM corun_origins WHERE queue = 'q'`,
          );
          return row.ms;
        };
        // A claim and a turn taken again, each in a transaction that began 200 ms before the
        // turn (in a worker, the claim's own statement: its start is its transaction's). Whatever
        // the machine's speed, the next start may come no sooner than a gap after the turn.
        for (const take of ["claim", "takeTurn"] as const) {
          await store.transaction(async (tx) => {
            await tx.sql`UPDATE corun_origins SET next_start_at = '-infinity'`;
            await tx.sql`SELECT pg_sleep(0.2)`;
            const before = await clockMs(tx.sql);
            if (take === "claim") assertEquals((await tx.claim("q", "w1", 1, 30_000)).length, 1);
            else assertEquals((await tx.takeTurn("q", A)).waitMs, 0);
            const next = await clockMs(tx.sql, "next_start_at");
            assert(next - before >= 1_000, `${take}: the next start ${next - before} ms after it`);
          });
        }
      });
    },
  );

  await t.step(
    "a turn moves to now while it is still the origin's last: not once another start followed it, nor in a pause",
    async () => {
      await withStore(await cluster.createDatabase("move_turn"), async (store) => {
        await store.insertJobs("q", jobsOf(A, 3), rule(10, 60_000));
        await store.insertJobs("q", jobsOf(B, 1), rule(10));
        const claimed = await store.claim("q", "w1", 10, 30_000);
        assertEquals(claimed.map((job) => [job.url, job.nextStart === undefined]), [
          [`${A}/1`, false],
          [`${B}/1`, true], // no gap: no turn to move
        ]);
        const turn = claimed[0].nextStart!;
        const nextStart = async () => {
          const [row] = await store.sql<{ next: string }[]>`
            SELECT next_start_at::text AS next FROM corun_origins WHERE origin = ${A}`;
          return row.next;
        };
        assertEquals(await nextStart(), turn, "the claim's turn is the origin's next start");
        // Moved: the origin's next start is a gap from now, the moved turn's.
        const [{ before }] = await store.sql<{ before: string }[]>`
          SELECT clock_timestamp()::text AS before`;
        const moved = await store.moveTurn("q", A, turn);
        assertEquals(moved, await nextStart());
        const [{ gap }] = await store.sql<{ gap: boolean }[]>`
          SELECT ${moved!}::text::timestamptz >= ${before}::text::timestamptz + interval '60 seconds' AS gap`;
        assert(gap, `moved to ${moved}, less than a gap after ${before}`);
        // The turn it was is no one's now.
        assertEquals(await store.moveTurn("q", A, turn), undefined);
        // Another start followed the moved turn (its gap over, a turn taken): not moved.
        await store.sql`UPDATE corun_origins SET next_start_at = now() - interval '1 second'
          WHERE origin = ${A}`;
        const [{ old }] = await store.sql<{ old: string }[]>`
          SELECT next_start_at::text AS old FROM corun_origins WHERE origin = ${A}`;
        const taken = await store.takeTurn("q", A);
        // Granted with the origin's rule: whether the request's write is to confirm it.
        assertEquals([taken.waitMs, taken.nextStart, taken.gapMs, taken.jitterMs], [
          0,
          await nextStart(),
          60_000,
          0,
        ]);
        const unpaced = await store.takeTurn("q", B);
        assertEquals([unpaced.waitMs, unpaced.gapMs, unpaced.jitterMs], [0, 0, 0]);
        assertEquals(await store.moveTurn("q", A, old), undefined);
        // Paused: the turn stays where it is.
        await store.registerWorker("w1", "q", "host", 1);
        await store.report("q", "w1", { ...noOutcomes, pauses: [{ origin: A, forMs: 60_000 }] });
        assertEquals(await store.moveTurn("q", A, taken.nextStart!), undefined);
        assertEquals(await nextStart(), taken.nextStart);
      });
    },
  );

  await t.step(
    "an origin of jitter alone is paced: one start a turn, its claim marked paced",
    async () => {
      await withStore(await cluster.createDatabase("jitter_only"), async (store) => {
        const jitterOnly = (origin: string) => ({
          origin,
          perHost: 10,
          gapMs: 0,
          jitterMs: 60_000,
        });
        await store.insertJobs("q", jobsOf(A, 3), jitterOnly);
        // Its next start is up to a jitter away: a job claimed ahead must take the turn again.
        const first = await store.claim("q", "w1", 10, 30_000);
        assertEquals(first.length, 1, "a paced origin hands out one job a turn");
        assertEquals([first[0].paced, first[0].gapMs, first[0].jitterMs], [true, 0, 60_000]);
        assertEquals(await store.claim("q", "w2", 10, 30_000), []);
        // A turn taken again waits for the same next start as a claim.
        await store.sql`UPDATE corun_origins SET next_start_at = now() - interval '1 second'`;
        assertEquals((await store.takeTurn("q", A)).waitMs, 0);
        assertEquals(await store.claim("q", "w2", 10, 30_000), []);
      });
    },
  );

  await t.step(
    "a redirect's turn waits for its origin's gap and a place under its perHost, which it holds for every worker, giving back the one it left",
    async () => {
      await withStore(await cluster.createDatabase("redirect_turn"), async (store) => {
        await store.insertJobs("q", jobsOf(A, 2), rule(1));
        await store.insertJobs("q", jobsOf(B, 2), rule(2, 60_000));
        const [a1, b1] = await store.claim("q", "w1", 10, 30_000);
        assertEquals([a1.url, b1.url], [`${A}/1`, `${B}/1`]);
        const pastGap = () =>
          store.sql`UPDATE corun_origins SET next_start_at = now() - interval '1 second'
            WHERE origin = ${B}`;
        // B's gap holds the redirect; A's one place is given back meanwhile.
        const held = await store.redirectTurn("q", B, a1.id, "w1", rule(9)(B));
        assert(held.waitMs > 50_000 && !held.full, `refused with ${JSON.stringify(held)}`);
        const [a2] = await store.claim("q", "w2", 10, 30_000);
        assertEquals(a2.url, `${A}/2`);
        await pastGap();
        const granted = await store.redirectTurn("q", B, a1.id, "w1", rule(9)(B));
        const [{ next }] = await store.sql<{ next: string }[]>`
          SELECT next_start_at::text AS next FROM corun_origins WHERE origin = ${B}`;
        assertEquals([granted.waitMs, granted.nextStart, granted.gapMs], [0, next, 60_000]);
        // B's two places are b1's and the redirect's: no claim gets b2, nor another redirect.
        await pastGap();
        assertEquals(await store.claim("q", "w2", 10, 30_000), []);
        assertEquals(await store.redirectTurn("q", B, a2.id, "w2", rule(9)(B)), {
          waitMs: 0,
          full: true,
        });
        // The redirected fetch ends: its place at B comes free (a2's redirect gave back A's).
        await store.registerWorker("w1", "q", "host", 1);
        await store.report("q", "w1", { ...noOutcomes, done: [a1.id] });
        assertEquals((await store.claim("q", "w3", 10, 30_000)).map((job) => job.url), [
          `${B}/2`,
        ]);
        // a2 goes again: claimed anew, it counts at its own origin, where it starts over.
        await store.registerWorker("w2", "q", "host", 2);
        await store.report("q", "w2", {
          ...noOutcomes,
          retries: [{ id: a2.id, delayMs: 0, payload: null }],
        });
        await store.insertJobs("q", [{ ...jobsOf(A, 3)[2] }], rule(1));
        assertEquals((await store.claim("q", "w4", 10, 30_000)).map((job) => job.url), [
          `${A}/2`,
        ]);
        assertEquals(await store.claim("q", "w5", 10, 30_000), [], "A's one place is a2's");
      });
    },
  );

  await t.step("a Retry-After pause holds the origin for every worker, and no other", async () => {
    await withStore(await cluster.createDatabase("pause"), async (store) => {
      await store.insertJobs("q", [...jobsOf(A, 3), ...jobsOf(B, 2)], rule(1));
      const [a1, b1] = await store.claim("q", "w1", 2, 30_000);
      await store.registerWorker("w1", "q", "host", 1);
      let told = (_: string) => {};
      const heard = new Promise<string>((resolve) => told = resolve);
      // Unheard in 10 s, it fails rather than hangs.
      const timer = setTimeout(() => told("unheard"), 10_000);
      const listener = await store.sql.listen(PAUSE_CHANNEL, (payload) => told(payload));
      try {
        await store.report("q", "w1", {
          ...noOutcomes,
          retries: [{ id: a1.id, delayMs: 0, payload: a1.payload }],
          done: [b1.id],
          pauses: [{ origin: A, forMs: 60_000 }, { origin: A, forMs: 1_000 }],
        });
        // Every worker hears of it (the jobs of A they claimed ahead wait too), the longest of two.
        const said = await heard;
        assert(said !== "unheard", "no worker was told of the pause");
        const pause = JSON.parse(said);
        assertEquals([pause.queue, pause.origin], ["q", A]);
        assert(pause.ms > 50_000 && pause.ms <= 60_000, `paused for ${pause.ms} ms`);
      } finally {
        clearTimeout(timer);
        await listener.unlisten();
      }
      const next = await store.claim("q", "w2", 10, 30_000);
      assertEquals(next.map((job) => job.origin), [B], "only B's job; A waits out its pause");
    });
  });

  await t.step("an expired lease goes back to the queue for another worker", async () => {
    await withStore(await cluster.createDatabase("lease"), async (store) => {
      await store.insertJobs("q", jobsOf(A, 2), rule(4));
      const held = await store.claim("q", "killed", 2, 50);
      assertEquals(held.length, 2);
      await new Promise((resolve) => setTimeout(resolve, 120));
      assertEquals(await store.reapExpiredLeases("q"), 2);
      const taken = await store.claim("q", "survivor", 5, 30_000);
      assertEquals(taken.map((job) => job.id), held.map((job) => job.id));
      // The killed worker's late report cannot fail a job that is now the survivor's.
      await store.registerWorker("killed", "q", "host", 1);
      await store.report("q", "killed", {
        ...noOutcomes,
        failed: [{ id: held[0].id, error: "late" }],
      });
      const [row] = await store.sql`SELECT state, lease_owner FROM corun_jobs WHERE id = ${
        held[0].id
      }`;
      assertEquals([row.state, row.lease_owner], ["leased", "survivor"]);
    });
  });

  await t.step(
    "a stopped worker holds nothing: what its cut-off claim leased goes back at once, not when the lease runs out",
    async () => {
      const url = await cluster.createDatabase("stopped_claims");
      await withStore(url, async (store) => {
        await store.insertJobs("q", jobsOf(A, 4), rule(4));
        await store.registerWorker("stopping", "q", "host", 1);
        // A claim that committed as Ctrl-C cut it off: its answer was never read.
        const lost = await store.claim("q", "stopping", 2, 30_000);
        await store.stopWorker("stopping");
        // One more that commits only after the stop (its statement was held up in the server).
        const late = await store.claim("q", "stopping", 2, 30_000);
        assertEquals([lost.length, late.length], [2, 2]);
        const [row] = await store.sql`
          SELECT count(*)::int AS n FROM corun_jobs WHERE state = 'queued'`;
        assertEquals(row.n, 2, "the stop gave back what it found leased");
        // Another worker's process (its own client) takes them all now, with 30 s of lease left.
        await withStore(url, async (other) => {
          assertEquals((await other.claim("q", "other", 4, 30_000)).length, 4);
        });
      });
    },
  );

  await t.step(
    "the jobs reserved for a worker that is gone are removed; the job that waited goes back",
    async () => {
      await withStore(await cluster.createDatabase("reserved_gone"), async (store) => {
        // A worker with a lease of a second, killed: its page's callback had two fetches out, one
        // leased (under way) and one queued (waiting for a retry), and it was last seen long ago.
        await store.registerWorker("killed", "q", "host", 1, 1_000);
        await store.insertJobs("q", jobsOf(A, 1), rule(4));
        // A long lease: the nested claim below reaps lapsed leases first, and a slow machine must
        // not lapse it before then. It is made to lapse by hand, further down.
        const [page] = await store.claim("q", "killed", 1, 30_000);
        const [under] = await store.insertJobs(
          "q",
          [`${A}/under`, `${B}/waiting`].map((url) => ({
            task: "pages",
            origin: new URL(url).origin,
            url,
            payload: { url, depth: 0 },
            reservedFor: "killed",
          })),
          rule(4),
        );
        assertEquals(
          (await store.claim("q", "killed", 1, 50, { id: under, nested: true })).length,
          1,
        );
        await store.sql`UPDATE corun_workers SET last_seen = now() - interval '5 seconds'`;
        // Nobody can claim the waiting one: it is no open work for --drain.
        assertEquals((await store.openWork("q")).queued, false);
        await store.sql`UPDATE corun_jobs SET lease_until = now() - interval '1 second'`;
        assertEquals(await store.reapExpiredLeases("q"), 3);
        const rows = await store.sql`SELECT id, state FROM corun_jobs ORDER BY id`;
        assertEquals([...rows], [{ id: page.id, state: "queued" }]);
        // The page's callback runs again where it is taken next, with fetches of its own.
        const [again] = await store.claim("q", "survivor", 1, 30_000);
        assertEquals(again.id, page.id);
      });
    },
  );

  await t.step("a reserved job of a worker that is seen is kept while it waits", async () => {
    await withStore(await cluster.createDatabase("reserved_kept"), async (store) => {
      await store.registerWorker("alive", "q", "host", 1, 1_000);
      const [id] = await store.insertJobs(
        "q",
        [{ ...jobsOf(A, 1)[0], reservedFor: "alive", delayMs: 60_000 }],
        rule(4),
      );
      assertEquals(await store.reapExpiredLeases("q"), 0);
      assertEquals((await store.openWork("q")).queued, true, "its worker still waits for it");
      assert((await store.reservedWaitMs("alive", id))! > 50_000, "it waits for its time");
      // Stopped, or not seen for longer than its lease: gone.
      await store.stopWorker("alive");
      assertEquals((await store.openWork("q")).queued, false);
      assertEquals(await store.reapExpiredLeases("q"), 1);
      assertEquals(await store.reservedWaitMs("alive", id), undefined);
    });
  });

  await t.step("a heartbeat keeps a lease; a retry is the next attempt", async () => {
    await withStore(await cluster.createDatabase("heartbeat"), async (store) => {
      await store.insertJobs("q", jobsOf(A, 1), rule(4));
      const [job] = await store.claim("q", "w1", 1, 100);
      assertEquals(await store.heartbeat("w1", 30_000, [job.id]), [job.id]);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assertEquals(await store.reapExpiredLeases("q"), 0, "the heartbeat extended the lease");
      await store.registerWorker("w1", "q", "host", 1);
      const payload = { url: job.url, depth: 0, firstStartedAtMs: 5 };
      await store.report("q", "w1", {
        ...noOutcomes,
        retries: [{ id: job.id, delayMs: 0, payload }],
      });
      const [again] = await store.claim("q", "w2", 1, 30_000);
      assertEquals([again.id, again.attempt, again.payload], [job.id, 1, payload]);
      await store.report("q", "w2", { ...noOutcomes, released: [again.id] });
      const [released] = await store.claim("q", "w3", 1, 30_000);
      assertEquals(released.attempt, 1, "a released job is the same attempt again");
    });
  });

  await t.step(
    "a job reserved for its worker wakes no other worker; a job for all does",
    async () => {
      await withStore(await cluster.createDatabase("wake"), async (store) => {
        const heard: string[] = [];
        let wake = () => {};
        const listener = await store.sql.listen(WAKE_CHANNEL, (queue) => {
          heard.push(queue);
          wake();
        });
        try {
          const [reserved, open] = [jobsOf(A, 1)[0], jobsOf(B, 1)[0]];
          await store.insertJobs("q", [{ ...reserved, reservedFor: "w1" }], rule(1));
          const woken = new Promise<void>((resolve) => wake = resolve);
          await store.insertJobs("q", [open], rule(1));
          // Notifications arrive in commit order: had the first insert sent one, it is here by now.
          await woken;
          assertEquals(heard, ["q"]);
        } finally {
          await listener.unlisten();
        }
      });
    },
  );

  await t.step(
    "a job and its origin committed while a claim runs come back with its crawl and the origin's rule",
    async () => {
      const url = await cluster.createDatabase("claim_snapshot");
      await withStore(url, async (store) => {
        await store.insertJobs("q", jobsOf(A, 1), rule(5));
        // The claim's lease of A's job waits for a lock this test holds, after its statement began:
        // meanwhile B's job and origin, put by a transaction that began before it (so B's job is
        // due by the claim's clock), commit, and the claim goes on to lease that job too.
        await store.sql.unsafe(`
          CREATE FUNCTION test_wait() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_advisory_lock(7); PERFORM pg_advisory_unlock(7); RETURN NEW; END $$;
          CREATE TRIGGER test_wait BEFORE UPDATE ON corun_jobs FOR EACH ROW
            WHEN (OLD.origin = '${A}' AND NEW.state = 'leased') EXECUTE FUNCTION test_wait();`);
        const holder = await PgStore.connect(url);
        try {
          // The claim in a box: a promise a transaction's body returned would be waited for before
          // its end, which the claim waits for.
          const { claim } = await holder.sql.begin(async (lock) => {
            await lock`SELECT pg_advisory_xact_lock(7)`;
            return await holder.transaction(async (tx) => {
              await tx.insertJobs("q", jobsOf(B, 1), rule(5));
              const claim = store.claim("q", "w", 2, 30_000);
              for (;;) {
                const [{ waiting }] = await store.sql`
                  SELECT count(*)::int AS waiting FROM pg_locks
                  WHERE locktype = 'advisory' AND NOT granted`;
                if (waiting > 0) return { claim };
                await new Promise((resolve) => setTimeout(resolve, 10));
              }
            });
          });
          const jobs = await claim;
          assertEquals(jobs.map((job) => job.url), [`${A}/1`, `${B}/1`]);
          const [b] = await store.sql<{ crawl: number }[]>`
            SELECT crawl FROM corun_jobs WHERE url = ${`${B}/1`}`;
          assertEquals(jobs[1].crawl, b.crawl);
          // B has no gap: its job is not paced (its turn is not asked for again before it starts).
          assertEquals([jobs[1].paced, jobs[1].gapMs, jobs[1].nextStart], [false, 0, undefined]);
        } finally {
          await holder.close();
        }
      });
    },
  );

  await t.step("migrations run once, and a newer database is refused", async () => {
    const url = await cluster.createDatabase("migrate");
    await withStore(url, async (store) => {
      assertEquals(await migrate(store.sql), []);
      await store.sql`INSERT INTO corun_migrations (version, what) VALUES (999, 'future')`;
      await assertRejects(() => migrate(store.sql), Error, "newer than this corun's");
    });
  });

  await t.step("a fire time is claimed by one process only", async () => {
    await withStore(await cluster.createDatabase("fires"), async (store) => {
      const at = new Date("2026-12-02T10:00:00Z");
      const claims = await Promise.all(
        ["p1", "p2", "p3"].map((owner) => store.claimFire("q", "config", at, owner, "enqueued")),
      );
      assertEquals(claims.filter((id) => id !== undefined).length, 1);
      const id = claims.find((claim) => claim !== undefined)!;
      await store.insertJobs("q", jobsOf(A, 2), rule(1), id);
      assertEquals(await store.lastFire("q", "config"), { fireAt: at, open: true });
      const taken = await store.claim("q", "w", 5, 30_000);
      await store.registerWorker("w", "q", "host", 1);
      await store.report("q", "w", { ...noOutcomes, done: taken.map((job) => job.id) });
      const [rest] = await store.claim("q", "w", 5, 30_000);
      await store.report("q", "w", { ...noOutcomes, done: [rest.id] });
      assertEquals(await store.lastFire("q", "config"), { fireAt: at, open: false });
    });
  });
});
