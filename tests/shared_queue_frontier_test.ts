/**
 * `PgFrontier`, the frontier interface a worker's runner uses, on a real PostgreSQL: two workers'
 * frontiers share one queue; `--drain` ends `take` once nothing is queued or leased anywhere; a job
 * this worker's config cannot run fails with the reason; a retry is the next attempt; a fetch cut off
 * by a stop goes back to the queue instead of failing; a coroutine's fetch of a job it cannot run,
 * or whose job was removed, fails instead of waiting; a `Retry-After` pause holds what this worker
 * and another claimed ahead.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, join, moveOnAfter, type Operation, runOperation, spawn } from "../lib/loop/mod.ts";
import { PgFrontier, type PgFrontierOptions, PgStore } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes, WAKE_CHANNEL } from "../lib/frontier/pg/store.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

type Item = { url: string };

const ORIGIN = "http://a.test";

/** What the frontiers warned of (a refused job). */
const warnings: string[] = [];

function frontierOf(store: PgStore, worker: string, extra: Partial<PgFrontierOptions<Item>> = {}) {
  return new PgFrontier<Item>({
    store,
    queue: "q",
    worker,
    concurrency: 4,
    rules: () => ({ perHost: 8, gapMs: 0, jitterMs: 0 }),
    codec: {
      encode: (item) => item,
      decode: (json, job) =>
        job.task === "pages"
          ? { payload: json as Item }
          : { problem: `Task "${job.task}" is not in this config` },
    },
    drain: true,
    idleMs: 50,
    warn: (message) => warnings.push(message),
    ...extra,
  });
}

async function submit(store: PgStore, urls: string[], task = "pages"): Promise<void> {
  await store.insertJobs(
    "q",
    urls.map((url) => ({ task, origin: ORIGIN, url, payload: { url } })),
    (origin) => ({ origin, perHost: 8, gapMs: 0, jitterMs: 0 }),
  );
}

/**
 * Runs `body` as worker `worker` on the queue: registered, its frontier started, and shut down
 * afterwards (what it held goes back, its reports are sent).
 *
 * @returns The frontier, to ask after the run.
 */
async function asWorker(
  store: PgStore,
  worker: string,
  body: (frontier: PgFrontier<Item>) => Operation<void>,
  extra: Partial<PgFrontierOptions<Item>> = {},
): Promise<PgFrontier<Item>> {
  const frontier = frontierOf(store, worker, extra);
  await store.registerWorker(worker, "q", "host", 1);
  await frontier.start();
  try {
    await runOperation(body(frontier));
  } finally {
    await frontier.shutdown();
  }
  return frontier;
}

async function states(store: PgStore) {
  return [...await store.sql`SELECT url, state, attempt, last_error FROM corun_jobs ORDER BY id`];
}

/** Polls `check` every 20 ms until it holds; fails after 10 s, naming `what`. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

pgTest("PgFrontier: the frontier interface on the shared queue", async (cluster, t) => {
  await t.step("two workers share the queue; drain ends take when all is done", async () => {
    const store = await PgStore.connect(await cluster.createDatabase("share"));
    try {
      await submit(store, ["/1", "/2", "/3", "/4", "/5", "/6"].map((path) => ORIGIN + path));
      const took: Record<string, string[]> = { w1: [], w2: [] };
      await Promise.all(["w1", "w2"].map((worker) =>
        asWorker(store, worker, function* (frontier) {
          for (;;) {
            const entry = yield* frontier.take();
            if (entry === null) return;
            took[worker].push(entry.payload.url);
            frontier.done(entry.id);
          }
        })
      ));
      assertEquals(
        [...took.w1, ...took.w2].sort(),
        [1, 2, 3, 4, 5, 6].map((n) => `${ORIGIN}/${n}`),
      );
      assertEquals((await states(store)).every((row) => row.state === "done"), true);
    } finally {
      await store.close();
    }
  });

  await t.step(
    "a job the codec refuses fails with why; a retry is the next attempt",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("codec"));
      try {
        await submit(store, [`${ORIGIN}/x`], "renamed");
        await submit(store, [`${ORIGIN}/y`]);
        const attempts: number[] = [];
        const frontier = await asWorker(store, "w", function* (frontier) {
          for (;;) {
            const entry = yield* frontier.take();
            if (entry === null) return;
            attempts.push(entry.attempt);
            if (entry.attempt === 0) frontier.retryAfter(entry.id, 0);
            else frontier.done(entry.id);
          }
        });
        assertEquals(attempts, [0, 1]);
        assertEquals(warnings.splice(0), [
          `Job 1 (${ORIGIN}/x): Task "renamed" is not in this config`,
        ]);
        assertEquals(frontier.refused, 1);
        assertEquals(await states(store), [
          {
            url: `${ORIGIN}/x`,
            state: "failed",
            attempt: 0,
            last_error: 'Task "renamed" is not in this config',
          },
          { url: `${ORIGIN}/y`, state: "done", attempt: 1, last_error: null },
        ]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a coroutine's fetch that goes again keeps its one job: done after its retry, never failed",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("again"));
      try {
        const ids: number[] = [];
        await asWorker(store, "w", function* (frontier) {
          const payload = { url: `${ORIGIN}/ctx` };
          const first = yield* frontier.acquire({ origin: ORIGIN, task: "pages", payload }, false);
          const second = yield* frontier.again(first.id, 10, false);
          ids.push(first.id, second.id);
          frontier.done(second.id);
        });
        assertEquals(ids[0], ids[1]);
        assertEquals(await states(store), [
          { url: `${ORIGIN}/ctx`, state: "done", attempt: 1, last_error: null },
        ]);
        // Done, so never failed (a failed job stays failed). The worker's counts are of the
        // queue's own jobs, which a callback's fetch is not.
        const [worker] = await store.sql`SELECT done, failed FROM corun_workers WHERE id = 'w'`;
        assertEquals([worker.done, worker.failed], [0, 0]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a coroutine's fetch of a job the config cannot run fails with why instead of waiting for ever",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("refused_acquire"));
      try {
        let thrown: unknown;
        await asWorker(store, "w", function* (frontier) {
          const payload = { url: `${ORIGIN}/gone` };
          try {
            // Without an answer in 5 s it would wait for ever: a hang fails this step.
            const got = yield* moveOnAfter(
              5_000,
              frontier.acquire({ origin: ORIGIN, task: "renamed", payload }, false),
            );
            thrown = got === undefined ? "still waiting after 5 s" : got;
          } catch (error) {
            thrown = error;
          }
        });
        assertEquals(
          thrown instanceof Error ? thrown.message : thrown,
          `Cannot fetch ${ORIGIN}/gone: Task "renamed" is not in this config`,
        );
        assertEquals(warnings.splice(0).length, 1);
        assertEquals(await states(store), [
          {
            url: `${ORIGIN}/gone`,
            state: "failed",
            attempt: 0,
            last_error: 'Task "renamed" is not in this config',
          },
        ]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a coroutine's fetch cancelled while it waits for its turn leaves no job behind: drain ends",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("dropped"));
      try {
        // The origin allows one connection: the queue's own rule, set as the job goes in.
        await store.insertJobs(
          "q",
          [{ task: "pages", origin: ORIGIN, url: `${ORIGIN}/1`, payload: { url: `${ORIGIN}/1` } }],
          (origin) => ({ origin, perHost: 1, gapMs: 0, jitterMs: 0 }),
        );
        await asWorker(store, "w", function* (frontier) {
          const first = (yield* frontier.take())!;
          // The origin's one connection is taken: the coroutine's fetch waits, then gives up.
          const payload = { url: `${ORIGIN}/ctx` };
          const waited = yield* moveOnAfter(
            300,
            frontier.acquire({ origin: ORIGIN, task: "pages", payload }, false),
          );
          assertEquals(waited, undefined);
          frontier.done(first.id);
          assertEquals(yield* moveOnAfter(5_000, frontier.take()), null, "drain ends");
        });
        assertEquals(await states(store), [
          { url: `${ORIGIN}/1`, state: "done", attempt: 0, last_error: null },
        ]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a coroutine's fetch whose job was removed (its worker taken for gone) fails, not waits",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("reserved_gone"));
      try {
        await store.insertJobs(
          "q",
          [{ task: "pages", origin: ORIGIN, url: `${ORIGIN}/1`, payload: { url: `${ORIGIN}/1` } }],
          (origin) => ({ origin, perHost: 1, gapMs: 0, jitterMs: 0 }),
        );
        // Once the coroutine's job is in, the worker looks gone (not seen for an hour): the reaper
        // that runs with its next claim removes the job.
        const stale = (async () => {
          await waitFor(
            "the coroutine's job",
            async () =>
              (await store.sql`SELECT 1 FROM corun_jobs WHERE reserved_for = 'w'`).length > 0,
          );
          await store.sql`UPDATE corun_workers SET last_seen = now() - interval '1 hour'`;
        })();
        let thrown: unknown;
        await asWorker(store, "w", function* (frontier) {
          const first = (yield* frontier.take())!;
          // The origin's one connection is taken: the coroutine's fetch waits for its turn.
          const payload = { url: `${ORIGIN}/ctx` };
          try {
            const got = yield* moveOnAfter(
              10_000,
              frontier.acquire({ origin: ORIGIN, task: "pages", payload }, false),
            );
            thrown = got === undefined ? "still waiting after 10 s" : got;
          } catch (error) {
            thrown = error;
          }
          frontier.done(first.id);
        });
        await stale;
        assertEquals(
          thrown instanceof Error ? thrown.message : thrown,
          `Cannot fetch ${ORIGIN}/ctx: its job left the queue (this worker did not reach the ` +
            "database for longer than its lease, and was taken for gone)",
        );
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a Retry-After pause holds what this worker and another claimed ahead of the origin",
    async () => {
      const url = await cluster.createDatabase("pause_ahead");
      const [one, two] = [await PgStore.connect(url), await PgStore.connect(url)];
      const [w1, w2] = [frontierOf(one, "w1"), frontierOf(two, "w2")];
      try {
        await one.insertJobs(
          "q",
          Array.from({ length: 12 }, (_, index) => {
            const url = `${ORIGIN}/${index + 1}`;
            return { task: "pages", origin: ORIGIN, url, payload: { url } };
          }),
          (origin) => ({ origin, perHost: 100, gapMs: 0, jitterMs: 0 }),
        );
        for (const [store, worker, frontier] of [[one, "w1", w1], [two, "w2", w2]] as const) {
          await store.registerWorker(worker, "q", "host", 1);
          await frontier.start();
        }
        // Each takes one and holds a few more of the origin in hand (claimed ahead, leased).
        const first1 = (await runOperation(w1.take()))!;
        const first2 = (await runOperation(w2.take()))!;
        assert(w1.counts().queued > 0 && w2.counts().queued > 0, "both claimed ahead");
        w1.pauseOrigin(ORIGIN, 60_000);
        assertEquals(w1.counts().queued, 0, "the worker that paused gives back what it held");
        await waitFor("the other worker to hear of the pause", () => w2.counts().queued === 0);
        // Neither starts anything of the origin while the pause lasts.
        for (const frontier of [w1, w2]) {
          assertEquals(await runOperation(moveOnAfter(300, frontier.take())), undefined);
        }
        w1.done(first1.id);
        w2.done(first2.id);
        const [origin] = await one.sql`
          SELECT paused_until > now() + interval '50 seconds' AS paused FROM corun_origins`;
        assertEquals(origin.paused, true);
      } finally {
        await w1.shutdown();
        await w2.shutdown();
        await one.close();
        await two.close();
      }
      const store = await PgStore.connect(url);
      try {
        const rows = await store.sql`
          SELECT state, count(*)::int AS n FROM corun_jobs GROUP BY state ORDER BY state`;
        assertEquals([...rows], [{ state: "done", n: 2 }, { state: "queued", n: 10 }]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a pause that ended is forgotten with the next heartbeat, whatever its origin; one that lasts still holds",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("pause_forgotten"));
      const gone = "http://gone.test";
      try {
        await submit(store, [`${ORIGIN}/held`]);
        // A lease of 300 ms: a heartbeat every 100 ms.
        await asWorker(store, "w", function* (frontier) {
          frontier.pauseOrigin(gone, 1);
          frontier.pauseOrigin(ORIGIN, 60_000);
          assertEquals(frontier.pausedOrigins.sort(), [ORIGIN, gone].sort());
          // Nothing asks about the ended one's origin again: the heartbeat forgets it.
          yield* call(() =>
            waitFor("the ended pause to be forgotten", () => frontier.pausedOrigins.length === 1)
          );
          assertEquals(frontier.pausedOrigins, [ORIGIN]);
          assertEquals(yield* moveOnAfter(300, frontier.take()), undefined, "the origin is held");
        }, { leaseMs: 300, drain: false });
        const [job] = await states(store);
        assertEquals(job.state, "queued");
      } finally {
        await store.close();
      }
    },
  );

  await t.step("a fetch cut off by a stop goes back to the queue, not failed", async () => {
    const store = await PgStore.connect(await cluster.createDatabase("stop"));
    try {
      await submit(store, [`${ORIGIN}/1`, `${ORIGIN}/2`]);
      await asWorker(store, "w", function* (frontier) {
        const first = (yield* frontier.take())!;
        frontier.done(first.id);
        const second = (yield* frontier.take())!;
        frontier.interrupt();
        frontier.failed(second.id, "cancelled");
        assertEquals(yield* frontier.take(), null, "a stopping worker takes nothing more");
      }, { drain: false });
      assertEquals((await states(store)).map((row) => row.state), ["done", "queued"]);
    } finally {
      await store.close();
    }
  });

  await t.step(
    "a coroutine's fetch waiting for a paced origin's turn asks the database again only then",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("reserved_paced"));
      let claims = 0;
      const claim = store.claim;
      store.claim = (...args) => {
        claims++;
        return claim.apply(store, args);
      };
      try {
        // One start every 1.5 s: the second fetch waits for the origin's next turn.
        await store.insertJobs(
          "q",
          [{ task: "pages", origin: ORIGIN, url: `${ORIGIN}/1`, payload: { url: `${ORIGIN}/1` } }],
          (origin) => ({ origin, perHost: 8, gapMs: 1_500, jitterMs: 0 }),
        );
        await asWorker(store, "w", function* (frontier) {
          const first = (yield* frontier.take())!;
          claims = 0;
          const waited = yield* frontier.acquire(
            { origin: ORIGIN, task: "pages", payload: { url: `${ORIGIN}/ctx` } },
            false,
          );
          frontier.done(waited.id);
          frontier.done(first.id);
        }, { drain: false });
        // The turn's time is known: not a claim every 50 ms while it comes (about 30).
        assert(claims <= 4, `${claims} claims while the fetch waited for its turn`);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "an idle worker sleeps until new work is told, not asking the database every 50 ms",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("idle"));
      let claims = 0;
      const claim = store.claim;
      store.claim = (...args) => {
        claims++;
        return claim.apply(store, args);
      };
      try {
        // One fetch in flight elsewhere, nothing queued: only a NOTIFY or the safety net wakes it.
        await submit(store, [`${ORIGIN}/1`]);
        await store.claim("q", "other", 1, 60_000);
        claims = 0;
        await asWorker(store, "w", function* (frontier) {
          assertEquals(yield* moveOnAfter(1_000, frontier.take()), undefined, "nothing to take");
        }, { idleMs: 2_000 });
        assert(claims <= 2, `${claims} claims in a second of idling`);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a NOTIFY heard while a draining worker counts the open jobs is not slept through",
    async () => {
      const url = await cluster.createDatabase("race");
      const [store1, store2] = [await PgStore.connect(url), await PgStore.connect(url)];
      await submit(store1, [`${ORIGIN}/only`]);
      const holder = frontierOf(store1, "holder");
      // A lost wake-up would sleep this long: the test would time out below.
      const waiter = frontierOf(store2, "waiter", { idleMs: 60_000 });
      try {
        for (
          const [store, frontier, worker] of [[store1, holder, "holder"], [
            store2,
            waiter,
            "waiter",
          ]] as const
        ) {
          await store.registerWorker(worker, "q", "host", 1);
          await frontier.start();
        }
        const held = await runOperation(holder.take());
        // The waiter counts the holder's lease; before its answer is used, the holder's fetch ends
        // and its report's NOTIFY reaches the waiter: the count it then acts on is out of date.
        const openWork = store2.openWork;
        let raced = false;
        store2.openWork = async (queue) => {
          const open = await openWork.call(store2, queue);
          if (!raced && open.leased) {
            raced = true;
            const heard = Promise.withResolvers<void>();
            const listener = await store2.sql.listen(WAKE_CHANNEL, () => heard.resolve());
            holder.done(held!.id);
            await heard.promise;
            await listener.unlisten();
          }
          return open;
        };
        const next = await runOperation(moveOnAfter(10_000, waiter.take()));
        assert(raced, "the waiter never counted the holder's lease");
        assertEquals(next, null, "drain ends at once, not after idleMs");
      } finally {
        await holder.shutdown();
        await waiter.shutdown();
        await store1.close();
        await store2.close();
      }
    },
  );

  await t.step(
    "turnAt (a redirect's request) waits for a paced origin's next start and sets the next; an origin with no rule is not held",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("turn_at"));
      const paced = "http://paced.test";
      const nextStart = async () => {
        const [row] = await store
          .sql`SELECT next_start_at FROM corun_origins WHERE origin = ${paced}`;
        return (row.next_start_at as Date).getTime();
      };
      try {
        await store.saveOriginRules("q", [{ origin: paced, perHost: 1, gapMs: 400, jitterMs: 0 }]);
        // When each turnAt was called and returned, and the next start it left (the database's
        // clock and Date.now() are the machine's one wall clock).
        const asked: number[] = [];
        const turns: number[] = [];
        const gaps: number[] = [];
        await asWorker(store, "w", function* (frontier) {
          const free = yield* moveOnAfter(
            5_000,
            function* () {
              yield* frontier.turnAt("http://nobody.test", "pages");
              return true;
            }(),
          );
          assertEquals(free, true, "an origin without a rule holds no turn");
          for (let i = 0; i < 2; i++) {
            asked.push(Date.now());
            yield* frontier.turnAt(paced, "pages");
            turns.push(Date.now());
            gaps.push(yield* call(nextStart));
          }
        });
        // Each turn set the origin's next start a gap on, and the second waited for the first's.
        // (From when the turn was asked for: how soon after the turn this process went on is the
        // machine's.)
        assert(gaps[0] >= asked[0] + 400, `next start ${gaps[0] - asked[0]} ms after the ask`);
        assert(turns[1] >= gaps[0] - 50, `second turn ${gaps[0] - turns[1]} ms early`);
        assert(gaps[1] > gaps[0]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "turnAt of an origin no submit named (a redirect's target) records the worker's rule for it, so every worker's next redirect there waits its gap",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("turn_at_unnamed"));
      const moved = "http://moved.test";
      const rules = (origin: string) =>
        origin === moved
          ? { perHost: 2, gapMs: 400, jitterMs: 0 }
          : { perHost: 8, gapMs: 0, jitterMs: 0 };
      const asked: number[] = [];
      const turns: number[] = [];
      try {
        for (const worker of ["w1", "w2"]) {
          await asWorker(store, worker, function* (frontier) {
            asked.push(Date.now());
            yield* frontier.turnAt(moved, "pages");
            turns.push(Date.now());
          }, { rules });
        }
        const rows = await store.sql`
          SELECT per_host, gap_ms, next_start_at FROM corun_origins WHERE origin = ${moved}`;
        assertEquals(rows.map((row) => [row.per_host, row.gap_ms]), [[2, 400]]);
        // Before, no row was made: the second worker's redirect went at once, and so would every
        // worker's, whatever the origin's rate. (Measured from when each turn was asked for: how
        // soon after its turn this process went on is the machine's.)
        assert(turns[1] - asked[0] >= 400, `second turn ${turns[1] - asked[0]} ms after the first`);
        assert((rows[0].next_start_at as Date).getTime() >= asked[1] + 400);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a redirect holds a place under the perHost of the origin it goes to, for every worker, and gives back the one it leaves",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("redirect_per_host"));
      const cdn = "http://cdn.test";
      const one = (origin: string) => ({ origin, perHost: 1, gapMs: 0, jitterMs: 0 });
      const put = (origin: string, path: string) =>
        store.insertJobs("q", [{ task: "pages", origin, url: origin + path, payload: {} }], one);
      const claimBy = async (worker: string) =>
        (await store.claim("q", worker, 1, 30_000)).map((job) => job.url);
      try {
        await store.saveOriginRules("q", [one(ORIGIN), one(cdn)]);
        // Another worker holds the CDN's one place.
        await put(cdn, "/b1");
        const [b1] = await store.claim("q", "other", 1, 30_000);
        await put(ORIGIN, "/a1");
        let movedAt: string[] | undefined;
        await asWorker(store, "w", function* (frontier) {
          const a1 = (yield* frontier.take())!;
          const redirect = yield* spawn(function* () {
            yield* frontier.turnAt(cdn, "pages", a1.id); // a1 is redirected to the CDN
            movedAt = yield* call(() => claimBy("third"));
          }());
          // It waits for the CDN's place, and gave back its own: the origin's next fetch is
          // claimed (by another worker, or by this one's claim ahead, which it holds in hand).
          yield* call(() => put(ORIGIN, "/a2"));
          yield* call(() =>
            waitFor("the origin's place given back", async () => {
              await claimBy("third");
              const [a2] = await store.sql`SELECT state FROM corun_jobs WHERE url = ${
                ORIGIN + "/a2"
              }`;
              return a2.state === "leased";
            })
          );
          assertEquals(movedAt, undefined, "the redirect waits while the CDN's place is taken");
          yield* call(() => put(cdn, "/b2"));
          yield* call(() => store.report("q", "other", { ...emptyOutcomes(), done: [b1.id] }));
          yield* moveOnAfter(10_000, join(redirect));
          frontier.done(a1.id);
        });
        // Once the other worker's fetch ended the redirect took the CDN's place, before b2.
        assertEquals(movedAt, [], "a1's redirect holds the CDN's one place");
        const after = (await store.claim("q", "third", 5, 30_000)).map((job) => job.url);
        assert(after.includes(`${cdn}/b2`), `a1's end gave the place back: claimed ${after}`);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a redirect that waits for a place a job this worker claimed ahead holds gives that job back, and goes",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("redirect_in_hand"));
      const cdn = "http://cdn.test";
      const one = (origin: string) => ({ origin, perHost: 1, gapMs: 0, jitterMs: 0 });
      try {
        await store.saveOriginRules("q", [one(ORIGIN), one(cdn)]);
        for (const url of [`${ORIGIN}/a1`, `${cdn}/b1`]) {
          await store.insertJobs("q", [{
            task: "pages",
            origin: new URL(url).origin,
            url,
            payload: {},
          }]);
        }
        const b1State = async () =>
          (await store.sql`SELECT state, lease_owner FROM corun_jobs WHERE url = ${cdn + "/b1"}`)
            .map((row) => `${row.state} ${row.lease_owner}`);
        let redirected = false;
        await asWorker(store, "w", function* (frontier) {
          // One slot: a1 runs, b1 is claimed ahead and waits in hand for that slot.
          const a1 = (yield* frontier.take())!;
          assertEquals(a1.origin, ORIGIN);
          assertEquals(yield* call(b1State), ["leased w"]);
          // a1 is redirected to the CDN, whose one place b1 holds: waiting for b1 to end would
          // wait for ever, as b1 waits for a1's slot.
          redirected = (yield* moveOnAfter(
            10_000,
            function* () {
              yield* frontier.turnAt(cdn, "pages", a1.id);
              return true;
            }(),
          )) ?? false;
          assertEquals(yield* call(b1State), ["queued null"], "given back to the queue, unstarted");
          frontier.done(a1.id);
        }, { concurrency: 1 });
        assert(redirected, "the redirect waited for the job held in hand");
      } finally {
        await store.close();
      }
    },
  );
});
