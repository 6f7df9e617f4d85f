/**
 * Save paths claimed in the shared queue's database (`corun_claim_save`, migrations 11, 12, 14),
 * on a real PostgreSQL: within one crawl (one submit or fire, and the links found from it) a path
 * is one task's, or one fetch's when its server named it; a file is no folder another file needs,
 * nor the other way round; a later submit saves there again; of many workers claiming one path at
 * once, one has it; a claim locks no row it meets but its own task's file whose holders it joins
 * (an update, its lock held until the claim commits), and joins none once one of them saved there;
 * a job that does not end done gives its claim back with its report, but a path another job of its
 * task claimed too stays that job's.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type postgres from "npm:postgres@3.4.9";
import { PgStore, type SaveClaim, type StoredOriginRule } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes } from "../lib/frontier/pg/store.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

const ORIGIN = "http://a.test";

const rule = (origin: string): StoredOriginRule => ({ origin, perHost: 10, gapMs: 0, jitterMs: 0 });

async function withStore(url: string, body: (store: PgStore) => Promise<void>): Promise<void> {
  const store = await PgStore.connect(url);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** Jobs of one submit (one crawl): their ids, in order. */
async function submit(store: PgStore, tasksAndPaths: [string, string][]): Promise<number[]> {
  return await store.transaction((tx) =>
    tx.insertJobs(
      "q",
      tasksAndPaths.map(([task, path]) => {
        const url = `${ORIGIN}/${path}`;
        return { task, origin: ORIGIN, url, payload: { url, depth: 0 } };
      }),
      rule,
    )
  );
}

/** A claim of `path` by `task` for `url` (and the folders on its way). */
function claimOf(path: string, task: string, url: string, perFetch = false): SaveClaim {
  const parts = path.split("/");
  const folders = parts.slice(1).map((_, index) => parts.slice(0, index + 1).join("/"));
  return { path, folders, task, url, perFetch };
}

pgTest("save paths claimed in the shared queue", async (cluster, t) => {
  await t.step("another task's claim of the path fails, naming the first fetch", async () => {
    await withStore(await cluster.createDatabase("saves_task"), async (store) => {
      const [a, b] = await submit(store, [["first", "a"], ["second", "b"]]);
      assertEquals(
        await store.claimSave(a, claimOf("x/page.html", "first", `${ORIGIN}/a`)),
        undefined,
      );
      assertEquals(await store.claimSave(b, claimOf("x/page.html", "second", `${ORIGIN}/b`)), {
        path: "x/page.html",
        folder: false,
        file: "x/page.html",
        task: "first",
        url: `${ORIGIN}/a`,
      });
      // The task's own fetches save there again (the later replaces the earlier, as in a run).
      assertEquals(
        await store.claimSave(a, claimOf("x/page.html", "first", `${ORIGIN}/a`)),
        undefined,
      );
      assertEquals(
        await store.claimSave(b, claimOf("x/page.html", "first", `${ORIGIN}/b`)),
        undefined,
      );
    });
  });

  await t.step(
    "a path its server named is its fetch's alone, its task's other fetches' too",
    async () => {
      await withStore(await cluster.createDatabase("saves_named"), async (store) => {
        const [a, b] = await submit(store, [["dl", "a"], ["dl", "b"]]);
        assertEquals(
          await store.claimSave(a, claimOf("f.iso", "dl", `${ORIGIN}/a`, true)),
          undefined,
        );
        assertEquals(
          await store.claimSave(a, claimOf("f.iso", "dl", `${ORIGIN}/a`, true)),
          undefined,
        );
        assertEquals(
          (await store.claimSave(b, claimOf("f.iso", "dl", `${ORIGIN}/b`, true)))?.url,
          `${ORIGIN}/a`,
        );
        // Nor does a save of the task by its template replace it.
        assertEquals(
          (await store.claimSave(b, claimOf("f.iso", "dl", `${ORIGIN}/b`)))?.url,
          `${ORIGIN}/a`,
        );
      });
    },
  );

  await t.step(
    "a file and a folder of one path: whichever comes second fails, and takes nothing",
    async () => {
      await withStore(await cluster.createDatabase("saves_folders"), async (store) => {
        const [a, b] = await submit(store, [["t", "a"], ["t", "b"]]);
        assertEquals(await store.claimSave(a, claimOf("a/b", "t", `${ORIGIN}/a`)), undefined);
        assertEquals(await store.claimSave(b, claimOf("a/b/c/d.html", "t", `${ORIGIN}/b`)), {
          path: "a/b",
          folder: false,
          file: "a/b",
          task: "t",
          url: `${ORIGIN}/a`,
        });
        const [d, e] = await submit(store, [["t", "d"], ["t", "e"]]);
        assertEquals(
          await store.claimSave(d, claimOf("x/y/z.html", "t", `${ORIGIN}/d`)),
          undefined,
        );
        assertEquals(await store.claimSave(e, claimOf("x/y", "t", `${ORIGIN}/e`)), {
          path: "x/y",
          folder: true,
          file: "x/y/z.html",
          task: "t",
          url: `${ORIGIN}/d`,
        });
        // The refused claims took none of their rows ("a/b/c" as a folder, "x/y" as a file).
        const rows = await store.sql`SELECT path, folder FROM corun_saves ORDER BY path`;
        assertEquals(rows.map((row) => `${row.path}${row.folder ? "/" : ""}`), [
          "a/",
          "a/b",
          "x/",
          "x/y/",
          "x/y/z.html",
        ]);
      });
    },
  );

  await t.step("a later submit saves the path again, whatever task saved it before", async () => {
    await withStore(await cluster.createDatabase("saves_later"), async (store) => {
      const [a] = await submit(store, [["first", "a"]]);
      const [b] = await submit(store, [["second", "a"]]);
      assertEquals(
        await store.claimSave(a, claimOf("page.html", "first", `${ORIGIN}/a`)),
        undefined,
      );
      assertEquals(
        await store.claimSave(b, claimOf("page.html", "second", `${ORIGIN}/a`)),
        undefined,
      );
    });
  });

  await t.step("a crawled link is of its page's crawl", async () => {
    await withStore(await cluster.createDatabase("saves_links"), async (store) => {
      const [page] = await submit(store, [["crawl", "a"]]);
      const url = `${ORIGIN}/link`;
      const [link] = await store.insertJobs("q", [
        { task: "other", origin: ORIGIN, url, payload: { url, depth: 1 }, parent: page },
      ]);
      assertEquals(
        await store.claimSave(page, claimOf("index.html", "crawl", `${ORIGIN}/a`)),
        undefined,
      );
      assertEquals(
        (await store.claimSave(link, claimOf("index.html", "other", url)))?.task,
        "crawl",
      );
    });
  });

  await t.step("of many workers claiming one path at once, one has it", async () => {
    await withStore(await cluster.createDatabase("saves_race"), async (store) => {
      const ids = await submit(store, Array.from({ length: 8 }, (_, i) => [`t${i}`, `${i}`]));
      const workers = await Promise.all(ids.map(() => PgStore.connect(store.url)));
      try {
        const held = await Promise.all(
          workers.map((worker, i) =>
            worker.claimSave(
              ids[i],
              claimOf(i % 2 ? "a/b" : "a/b/c.html", `t${i}`, `${ORIGIN}/${i}`),
            )
          ),
        );
        assertEquals(held.filter((save) => save === undefined).length, 1);
      } finally {
        await Promise.all(workers.map((worker) => worker.close()));
      }
      const files = await store.sql`SELECT path FROM corun_saves WHERE NOT folder`;
      assertEquals(files.length, 1);
    });
  });

  await t.step(
    "a claim meeting the rows of its path and its folders leaves no lock on them",
    async () => {
      await withStore(await cluster.createDatabase("saves_no_lock"), async (store) => {
        const [a, b] = await submit(store, [["t", "a"], ["t", "b"]]);
        assertEquals(
          await store.claimSave(a, claimOf("x/y/page.html", "t", `${ORIGIN}/a`)),
          undefined,
        );
        // Later claims meet those rows: the same page again (its task's: job b joins its holders,
        // an update, which locks the row until the claim commits, and no longer), and a page beside
        // it (the folders every save there needs, read without a lock).
        assertEquals(
          await store.claimSave(b, claimOf("x/y/page.html", "t", `${ORIGIN}/b`)),
          undefined,
        );
        assertEquals(
          await store.claimSave(b, claimOf("x/y/other.html", "t", `${ORIGIN}/b`)),
          undefined,
        );
        // A row lock is written into the row (its xmax, then the locker's transaction): none left.
        const rows = await store.sql<{ path: string; xmax: string }[]>`
        SELECT path, xmax::text AS xmax FROM corun_saves ORDER BY path`;
        assertEquals(rows.map((row) => `${row.path} ${row.xmax}`), [
          "x 0",
          "x/y 0",
          "x/y/other.html 0",
          "x/y/page.html 0",
        ]);
      });
    },
  );

  await t.step("a job given back to the queue gives its claim back with the report", async () => {
    await withStore(await cluster.createDatabase("saves_released"), async (store) => {
      const [a, b] = await submit(store, [["first", "a"], ["second", "b"]]);
      await store.registerWorker("w1", "q", "host", 1);
      assertEquals((await store.claim("q", "w1", 2, 30_000)).map((job) => job.id), [a, b]);
      assertEquals(
        await store.claimSave(a, claimOf("a/page.html", "first", `${ORIGIN}/a`)),
        undefined,
      );
      assertEquals(
        (await store.claimSave(b, claimOf("a/page.html", "second", `${ORIGIN}/b`)))?.task,
        "first",
      );
      // Stopped before its body was saved: the job goes back to the queue, its file is nobody's;
      // the folder it needed stays claimed for the crawl, as a released one does.
      await store.report("q", "w1", { ...emptyOutcomes(), released: [a] });
      const [job] = await store.sql<{ state: string }[]>`
        SELECT state FROM corun_jobs WHERE id = ${a}`;
      assertEquals(job.state, "queued");
      const rows = await store.sql<{ path: string }[]>`SELECT path FROM corun_saves ORDER BY path`;
      assertEquals(rows.map((row) => row.path), ["a"]);
      assertEquals(
        await store.claimSave(b, claimOf("a/page.html", "second", `${ORIGIN}/b`)),
        undefined,
      );
    });
  });

  await t.step("a job that does not end done gives its claim back with its report", async () => {
    await withStore(await cluster.createDatabase("saves_release"), async (store) => {
      const [a, b, c] = await submit(store, [["first", "a"], ["second", "b"], ["third", "c"]]);
      await store.registerWorker("w1", "q", "host", 1);
      await store.registerWorker("w2", "q", "host", 2);
      const claimed = await store.claim("q", "w1", 3, 30_000);
      assertEquals(claimed.map((job) => job.id), [a, b, c]);
      for (const [id, task] of [[a, "first"], [b, "second"], [c, "third"]] as const) {
        assertEquals(
          await store.claimSave(id, claimOf(`${task}.html`, task, `${ORIGIN}/${id}`)),
          undefined,
        );
      }
      // Failed, and tried again: their files are nobody's; done: still its.
      await store.report("q", "w1", {
        ...emptyOutcomes(),
        done: [a],
        failed: [{ id: b, error: "broken" }],
        retries: [{ id: c, delayMs: 0, payload: null }],
      });
      assertEquals((await store.claimSave(b, claimOf("first.html", "x", "u")))?.task, "first");
      assertEquals(await store.claimSave(a, claimOf("second.html", "x", "u")), undefined);
      // The retry, claimed by another worker, claims its path again; a report of the worker that
      // held it before (its lease ran out) does not take that claim away.
      const [again] = await store.claim("q", "w2", 1, 30_000);
      assertEquals(again.id, c);
      assertEquals(
        await store.claimSave(c, claimOf("third.html", "third", `${ORIGIN}/${c}`)),
        undefined,
      );
      await store.report("q", "w1", { ...emptyOutcomes(), failed: [{ id: c, error: "late" }] });
      assertEquals((await store.claimSave(a, claimOf("third.html", "x", "u")))?.task, "third");
    });
  });

  await t.step(
    "a fetch that fails after another fetch of its task claimed its path too leaves the path to that one",
    async () => {
      await withStore(await cluster.createDatabase("saves_siblings"), async (store) => {
        const ids = await submit(store, [
          ["first", "a"],
          ["first", "b"],
          ["first", "c"],
          ["first", "d"],
          ["dl", "e"],
          ["dl", "e"],
          ["second", "f"],
        ]);
        const [a, b, c, d, e1, e2, f] = ids;
        await store.registerWorker("w1", "q", "host", 1);
        assertEquals((await store.claim("q", "w1", 7, 30_000)).map((job) => job.id), ids);
        const claim = (id: number, path: string, task: string, url: string, perFetch = false) =>
          store.claimSave(id, claimOf(path, task, `${ORIGIN}/${url}`, perFetch));
        // Two URLs of one task rendering one path (a query left out): "page", whose first
        // claim's fetch fails after the second's is saved; "x", whose two fetches both give
        // their claims back (one fails, one goes again).
        for (
          const [id, path, url] of [[a, "page", "a"], [b, "page", "b"], [c, "x", "c"]] as const
        ) {
          assertEquals(await claim(id, path, "first", url), undefined);
        }
        assertEquals(await claim(d, "x", "first", "d"), undefined);
        // The same URL fetched twice, its server naming the file: the first fetch fails.
        assertEquals(await claim(e1, "f.iso", "dl", "e", true), undefined);
        assertEquals(await claim(e2, "f.iso", "dl", "e", true), undefined);
        await store.report("q", "w1", { ...emptyOutcomes(), done: [b, e2] });
        await store.report("q", "w1", {
          ...emptyOutcomes(),
          failed: [{ id: a, error: "broken" }, { id: c, error: "broken" }, { id: e1, error: "x" }],
          retries: [{ id: d, delayMs: 0, payload: null }],
        });
        // The paths saved stay their savers', named by them; one whose fetches all failed is free.
        const held = (path: string) => claim(f, path, "second", "f");
        assertEquals((await held("page"))?.url, `${ORIGIN}/b`);
        assertEquals((await held("f.iso"))?.url, `${ORIGIN}/e`);
        assertEquals(await held("x"), undefined);
        const rows = await store.sql<{ path: string; task: string }[]>`
          SELECT path, task FROM corun_saves ORDER BY path`;
        assertEquals(rows.map((row) => `${row.path} ${row.task}`), [
          "f.iso dl",
          "page first",
          "x second",
        ]);
      });
    },
  );

  await t.step(
    "a path one fetch of its task saved: later claims of it add no holder, and a failed first claimer hands it to the saver",
    async () => {
      await withStore(await cluster.createDatabase("saves_holders_done"), async (store) => {
        const ids = await submit(store, Array.from({ length: 52 }, (_, i) => ["t", `p${i}`]));
        await store.registerWorker("w1", "q", "host", 1);
        // Leased at once (a claim takes ten at most, the origin's perHost).
        await store.sql`UPDATE corun_jobs SET state = 'leased', lease_owner = 'w1',
          lease_until = now() + interval '1 hour' WHERE id = ANY(${ids}::bigint[])`;
        const holders = async () => {
          const [row] = await store.sql<{ job: string; holders: number }[]>`
            SELECT job, cardinality(holders) AS holders FROM corun_saves WHERE path = 'page'`;
          return [Number(row.job), row.holders];
        };
        const claim = (id: number) => store.claimSave(id, claimOf("page", "t", `${ORIGIN}/${id}`));
        // The first claimer saved: a crawl's later pages rendering the path claim it ~50 times.
        const [first, ...rest] = ids;
        assertEquals(await claim(first), undefined);
        await store.report("q", "w1", { ...emptyOutcomes(), done: [first] });
        for (const id of rest.slice(0, 50)) assertEquals(await claim(id), undefined);
        assertEquals(await holders(), [first, 0]);
      });
      await withStore(await cluster.createDatabase("saves_holders_saver"), async (store) => {
        const [a, b, c, d, e] = await submit(store, [
          ["t", "a"],
          ["t", "b"],
          ["t", "c"],
          ["t", "d"],
          ["t", "e"],
        ]);
        await store.registerWorker("w1", "q", "host", 1);
        assertEquals((await store.claim("q", "w1", 5, 30_000)).length, 5);
        const urls = new Map([[a, "a"], [b, "b"], [c, "c"], [d, "d"], [e, "e"]]);
        const claim = (id: number) =>
          store.claimSave(id, claimOf("page", "t", `${ORIGIN}/${urls.get(id)}`));
        // a is still fetching when b and c claim the path too; c saves; d and e add nothing.
        for (const id of [a, b, c]) assertEquals(await claim(id), undefined);
        await store.report("q", "w1", { ...emptyOutcomes(), done: [c] });
        for (const id of [d, e]) assertEquals(await claim(id), undefined);
        const row = async () => {
          const [save] = await store.sql<{ job: string; url: string; holders: string }[]>`
            SELECT job, url, holders::text AS holders FROM corun_saves WHERE path = 'page'`;
          return [Number(save.job), save.url, save.holders];
        };
        assertEquals(await row(), [a, `${ORIGIN}/a`, `{${b},${c}}`]);
        // a fails: the path goes to c, which saved there, not to b, still fetching; b's
        // failure then leaves it c's.
        await store.report("q", "w1", { ...emptyOutcomes(), failed: [{ id: a, error: "x" }] });
        assertEquals(await row(), [c, `${ORIGIN}/c`, "{}"]);
        await store.report("q", "w1", { ...emptyOutcomes(), failed: [{ id: b, error: "x" }] });
        assertEquals(await row(), [c, `${ORIGIN}/c`, "{}"]);
      });
    },
  );

  await t.step(
    "a fetch's claim of its task's path meeting the report of the fetch that claimed it first, failed: the path is the second's, in either order",
    async () => {
      await withStore(await cluster.createDatabase("saves_sibling_race"), async (store) => {
        await store.registerWorker("w1", "q", "host", 1);
        const other = await PgStore.connect(store.url);
        try {
          for (const first of ["claim", "report"] as const) {
            const [a, b] = await submit(store, [["t", `a-${first}`], ["t", `b-${first}`]]);
            await store.claim("q", "w1", 2, 30_000);
            const path = `${first}.html`;
            assertEquals(await store.claimSave(a, claimOf(path, "t", `${ORIGIN}/a`)), undefined);
            const claimB = (sql: postgres.Sql | postgres.TransactionSql) =>
              sql`SELECT * FROM corun_claim_save(${b}::bigint, ${path}, '{}'::text[], 't',
                ${`${ORIGIN}/b`}, false)`;
            const reportA = () =>
              store.report("q", "w1", { ...emptyOutcomes(), failed: [{ id: a, error: "x" }] });
            // The first is held uncommitted until the second waits for it.
            let second: Promise<unknown> | undefined;
            await other.sql.begin(async (tx) => {
              if (first === "claim") {
                assertEquals((await claimB(tx)).length, 0);
                second = reportA();
              } else {
                await tx`UPDATE corun_jobs SET state = 'failed' WHERE id = ${a}`;
                await tx`SELECT corun_release_saves(${[a]}::bigint[])`;
                second = claimB(store.sql).execute();
              }
              await waitingForLock(store);
            });
            const answer = await second;
            if (first === "report") assertEquals((answer as unknown[]).length, 0);
            const rows = await store.sql<{ job: string; holders: string }[]>`
              SELECT job, holders::text AS holders FROM corun_saves WHERE path = ${path}`;
            assertEquals(rows.map((row) => [Number(row.job), row.holders]), [[b, "{}"]]);
          }
        } finally {
          await other.close();
        }
      });
    },
  );
});

/** Waits until a statement of the store's database waits for a row lock another holds. */
async function waitingForLock(store: PgStore): Promise<void> {
  for (;;) {
    const [{ waiting }] = await store.sql<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
