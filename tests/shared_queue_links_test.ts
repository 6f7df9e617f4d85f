/**
 * Crawled links (`ctx.enqueue`) on a shared queue: a page's links go into the database with the
 * worker's next report, in its one transaction (each link was a transaction of its own); each link
 * of one crawl is kept once, whichever worker found it (each worker kept only its own, so with
 * three workers each page was fetched up to three times); two workers inserting the same links in
 * opposite orders at once wait for each other, never deadlock; a link belongs to its page's fire.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type Operation, runOperation } from "../lib/loop/mod.ts";
import { PgFrontier, PgStore } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes } from "../lib/frontier/pg/store.ts";
import type { FrontierEntry } from "../lib/frontier/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

type Item = { url: string };

const ORIGIN = "http://a.test";
const RULE = { perHost: 8, gapMs: 0, jitterMs: 0 };

function frontierOf(store: PgStore, worker: string): PgFrontier<Item> {
  return new PgFrontier<Item>({
    store,
    queue: "q",
    worker,
    concurrency: 4,
    rules: () => RULE,
    codec: { encode: (item) => item, decode: (json) => ({ payload: json as Item }) },
    drain: true,
    idleMs: 50,
    warn: (message) => {
      throw new Error(`unexpected warning: ${message}`);
    },
  });
}

/** Runs `body` as a registered, started worker, shut down afterwards. */
async function asWorker<T>(
  store: PgStore,
  worker: string,
  body: (frontier: PgFrontier<Item>) => Operation<T>,
): Promise<T> {
  const frontier = frontierOf(store, worker);
  await store.registerWorker(worker, "q", "host", 1);
  await frontier.start();
  try {
    return await runOperation(body(frontier));
  } finally {
    await frontier.shutdown();
  }
}

/** Puts each of `paths` as a link found on `page`'s response. */
function* putLinks(
  frontier: PgFrontier<Item>,
  page: FrontierEntry<Item>,
  paths: readonly string[],
): Operation<void> {
  for (const path of paths) {
    yield* frontier.put({
      task: "pages",
      origin: ORIGIN,
      payload: { url: ORIGIN + path },
      parent: page.id,
    });
  }
}

/** Queues the crawl's seed, `/`, and (as its links) `pages`; returns the seed's id. */
async function seedCrawl(store: PgStore, pages: string[], fireId?: number): Promise<number> {
  const [seed] = await store.insertJobs(
    "q",
    [{ task: "pages", origin: ORIGIN, url: `${ORIGIN}/`, payload: { url: `${ORIGIN}/` } }],
    () => ({ origin: ORIGIN, ...RULE }),
    fireId,
  );
  await store.insertJobs(
    "q",
    pages.map((path) => ({
      task: "pages",
      origin: ORIGIN,
      url: ORIGIN + path,
      payload: { url: ORIGIN + path },
      parent: seed,
    })),
  );
  return seed;
}

/** How many rows each URL has, of those that have more than one. */
async function repeatedUrls(store: PgStore): Promise<Record<string, number>> {
  const rows = await store.sql<{ url: string; n: number }[]>`
    SELECT url, count(*)::int AS n FROM corun_jobs GROUP BY url HAVING count(*) > 1`;
  return Object.fromEntries(rows.map((row) => [row.url, row.n]));
}

/** Enough links that two workers' inserts of them overlap in time (a deadlock, in two orders). */
const LINKS = Array.from({ length: 2000 }, (_, n) => `/link/${n}`);

/** A page's links. */
const PAGE_LINKS = LINKS.slice(0, 200);

pgTest("crawled links on a shared queue", async (cluster, t) => {
  await t.step(
    "a page's links, repeated ones too, go in with the page's end, in one transaction",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("links_one_report"));
      const reports: number[] = [];
      const report = store.report;
      store.report = (queue, worker, outcomes) => {
        reports.push(outcomes.links.length);
        return report.call(store, queue, worker, outcomes);
      };
      const insertJobs = store.insertJobs;
      let inserts = 0;
      try {
        await seedCrawl(store, []);
        store.insertJobs = (...args) => {
          inserts++;
          return insertJobs.apply(store, args);
        };
        const taken = await asWorker(store, "w", function* (frontier) {
          const page = (yield* frontier.take())!;
          // A page that links to each URL twice: the second is the database's to leave out.
          yield* putLinks(frontier, page, [...PAGE_LINKS, ...PAGE_LINKS]);
          frontier.done(page.id);
          const urls: string[] = [];
          for (;;) {
            const entry = yield* frontier.take();
            if (entry === null) return urls;
            urls.push(entry.payload.url);
            frontier.done(entry.id);
          }
        });
        assertEquals(taken.sort(), PAGE_LINKS.map((path) => ORIGIN + path).sort());
        assertEquals(reports[0], 400, "every link in the first report, with its page's end");
        assertEquals(inserts, 0, "no transaction of their own");
        assertEquals(await repeatedUrls(store), {});
        const [states] = await store.sql`
          SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'done')::int AS done
          FROM corun_jobs`;
        assertEquals(states, { n: 201, done: 201 });
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "two workers that find the same links on two pages of one crawl queue each once",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("links_two_workers"));
      try {
        await seedCrawl(store, ["/a", "/b"]);
        await store.sql`UPDATE corun_jobs SET state = 'done' WHERE url = ${`${ORIGIN}/`}`;
        // Two workers hold one page each, and find the same links there.
        const pages = [];
        for (const worker of ["w1", "w2"]) {
          await store.registerWorker(worker, "q", "host", 1);
          pages.push(...await store.claim("q", worker, 1, 60_000));
        }
        // Their links are on many origins the queue has no rule for yet: each report adds those.
        const found = (worker: string, page: number, order: readonly string[]) =>
          store.report("q", worker, {
            ...emptyOutcomes(),
            links: order.map((path) => {
              const origin = `http://site${Number(path.slice("/link/".length)) % 500}.test`;
              return {
                job: { task: "pages", origin, url: origin + path, payload: {}, parent: page },
                rule: { origin, ...RULE },
              };
            }),
            done: [page],
          });
        // At once, in opposite orders: each waits for the other's rows (jobs and origins), and
        // neither deadlocks.
        await Promise.all([
          found("w1", pages[0].id, LINKS),
          found("w2", pages[1].id, [...LINKS].reverse()),
        ]);
        assertEquals(await repeatedUrls(store), {});
        const [counts] = await store.sql`
          SELECT count(*) FILTER (WHERE state = 'queued')::int AS queued,
            count(*) FILTER (WHERE state = 'done')::int AS done FROM corun_jobs`;
        assertEquals(counts, { queued: LINKS.length, done: 3 });
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "another submit's crawl queues the same links again, and a link is its page's fire's",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("links_next_crawl"));
      try {
        const fireId = await store.claimFire("q", "nightly", new Date(0), "host", "enqueued");
        await seedCrawl(store, ["/a"], fireId);
        await seedCrawl(store, ["/a"]);
        assertEquals(await repeatedUrls(store), { [`${ORIGIN}/`]: 2, [`${ORIGIN}/a`]: 2 });
        const rows = await store.sql`SELECT url, fire_id FROM corun_jobs ORDER BY id`;
        assertEquals(rows.map((row) => [row.url, row.fire_id]), [
          [`${ORIGIN}/`, fireId],
          [`${ORIGIN}/a`, fireId],
          [`${ORIGIN}/`, null],
          [`${ORIGIN}/a`, null],
        ]);
        // overlap: skip waits for the fire's crawl, its links too.
        await store.sql`UPDATE corun_jobs SET state = 'done' WHERE url = ${`${ORIGIN}/`}`;
        assertEquals((await store.lastFire("q", "nightly"))?.open, true);
      } finally {
        await store.close();
      }
    },
  );
});
