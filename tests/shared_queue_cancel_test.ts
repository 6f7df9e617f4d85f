/**
 * `corun db cancel --queue NAME` on a real PostgreSQL, with `submit`, `worker` and `status` as the
 * user runs them: a queue's waiting fetches go (queued, a retry waiting for its time, a lease that
 * ran out), `status` shows nothing waiting, and the same config submitted again is fetched whole,
 * its links too; a fetch leased by a running worker finishes, the links its page finds are not
 * queued, and the worker (`--drain`) ends; a page's links reported while a cancel runs wait for it;
 * a queue the database does not know is said, exit 0.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { PgStore } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes, LINKS_LOCK } from "../lib/frontier/pg/store.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { MOD, type Ran, runDeno, type RunDenoOptions } from "./fixtures/run_deno.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

function corun(args: string[], options: RunDenoOptions = {}): Promise<Ran> {
  return runDeno([...CLI_FLAGS, ...args], { ...options, env: { NO_COLOR: "1" } });
}

/** `corun ARGS` in this process: exit code and stdout (stderr must be empty). */
async function corunHere(args: string[]): Promise<{ code: number; stdout: string }> {
  const world = createFakeWorld();
  const code = await main(args, world.host);
  assertEquals(world.stderr(), "");
  return { code, stdout: world.stdout() };
}

interface Site {
  url: string;
  /** Paths asked for, in order. */
  paths: string[];
  close(): Promise<void>;
}

/**
 * A site whose page `/X` links to `/X-a` and `/X-b` (none of those links further). Each answer
 * waits for `gate` first.
 */
function startSite(gate: Promise<void> = Promise.resolve()): Site {
  const paths: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    paths.push(path);
    await gate;
    const links = path.includes("-") ? [] : [`${path}-a`, `${path}-b`];
    const html = links.map((link) => `<a href="${link}">${link}</a>`).join("\n");
    return new Response(html, { headers: { "content-type": "text/html" } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    paths,
    close: () => server.shutdown(),
  };
}

/** A crawling config of queue "crawl": one task whose URL (`url`, a pattern may give many). */
async function writeConfig(dir: string, url: string, concurrency = 2): Promise<string> {
  const path = `${dir}/crawl.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ queue: "crawl", concurrency: ${concurrency}, tasks: [
  fetchTask("site", "${url}", {
    save: "{path}.html",
    crawl: { robots: false },
    *onResponse(response, ctx) {
      const html = yield* response.body.text();
      for (const [, href] of html.matchAll(/href="([^"]+)"/g)) yield* ctx.enqueue(href);
    },
  }),
] });
`,
  );
  return path;
}

async function withSiteAndDir(site: Site, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-shared-cancel-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await site.close();
  }
}

/** The queue's depth as `corun status --json` shows it, summed over its origins. */
async function depth(db: string, config: string): Promise<Record<string, number>> {
  const status = await corun(["status", config, "--db", db, "--json"]);
  assertEquals(status.code, 0, status.stderr);
  const [queue] = JSON.parse(status.stdout);
  const sum: Record<string, number> = { ready: 0, waiting: 0, retries: 0, leased: 0, done: 0 };
  for (const origin of queue.origins) {
    for (const key of Object.keys(sum)) sum[key] += origin[key];
  }
  return sum;
}

const shown = (db: string) => `"${db.replace(/\/\/[^@]*@/, "//***@")}"`;

pgTest("db cancel", async (cluster, t) => {
  await t.step(
    "a cancelled queue has nothing waiting, and the same config submitted again is fetched " +
      "whole, its links too",
    async () => {
      const db = await cluster.createDatabase("cancel_waiting");
      const site = startSite();
      await withSiteAndDir(site, async (dir) => {
        const config = await writeConfig(dir, `${site.url}/`);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        // A worker fetched the start page and queued its three links; one of them went back to
        // wait an hour for its retry, and one was held by a worker whose lease ran out.
        const store = await PgStore.connect(db);
        try {
          await store.registerWorker("w", "crawl", "host", 1);
          const [seed] = await store.claim("crawl", "w", 1, 60_000);
          await store.report("crawl", "w", {
            ...emptyOutcomes(),
            links: ["/-a", "/-b", "/-c"].map((path) => ({
              job: {
                task: "site",
                origin: site.url,
                url: site.url + path,
                payload: { url: site.url + path, depth: 1 },
                parent: seed.id,
              },
              rule: { origin: site.url, perHost: 6, gapMs: 0, jitterMs: 0 },
            })),
            done: [seed.id],
          });
          await store.sql`UPDATE corun_jobs SET attempt = 1, not_before = now() + interval '1 hour'
            WHERE url = ${`${site.url}/-b`}`;
          await store.sql`UPDATE corun_jobs SET state = 'leased', lease_owner = 'w',
            lease_until = now() - interval '1 minute' WHERE url = ${`${site.url}/-c`}`;
        } finally {
          await store.close();
        }
        assertEquals(await depth(db, config), {
          ready: 2,
          waiting: 1,
          retries: 1,
          leased: 0,
          done: 1,
        });

        const cancelled = await corunHere(["db", "cancel", "--db", db, "--queue", "crawl"]);
        assertEquals(cancelled, {
          code: 0,
          stdout: 'cancelled 3 waiting fetches (1 retry) of 1 crawl in queue "crawl" of ' +
            `${shown(db)}; no fetch was under way\n`,
        });
        assertEquals(await depth(db, config), {
          ready: 0,
          waiting: 0,
          retries: 0,
          leased: 0,
          done: 1,
        });
        // Again: nothing is left to cancel, said as JSON too.
        const again = await corunHere(["db", "cancel", "--db", db, "--queue", "crawl", "--json"]);
        assertEquals(again.code, 0);
        assertEquals(JSON.parse(again.stdout), {
          queue: "crawl",
          found: true,
          jobs: 0,
          retries: 0,
          crawls: 0,
          leased: 0,
        });

        // Submitted again, the crawl is fetched whole: its links are not held back by the ones
        // cancelled.
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals([...site.paths].sort(), ["/", "/-a", "/-b"]);
        assertEquals(await depth(db, config), {
          ready: 0,
          waiting: 0,
          retries: 0,
          leased: 0,
          done: 4,
        });
      });
    },
  );

  await t.step(
    "a fetch leased when its queue is cancelled finishes, its page's links are not queued, and " +
      "the worker ends",
    async () => {
      const db = await cluster.createDatabase("cancel_leased");
      const gate = Promise.withResolvers<void>();
      const site = startSite(gate.promise);
      await withSiteAndDir(site, async (dir) => {
        // Twenty pages, one fetched at a time: the worker holds one, and one more claimed ahead.
        const config = await writeConfig(dir, `${site.url}/p[1-20]`, 1);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        let said = "";
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir], {
          whileRunning: async () => {
            try {
              await pollUntil(() => site.paths.length === 1, "the worker's first fetch");
              const cancelled = await corunHere(["db", "cancel", "--db", db, "--queue", "crawl"]);
              assertEquals(cancelled.code, 0);
              said = cancelled.stdout;
            } finally {
              gate.resolve(); // else the server's shutdown would wait for its answers for ever
            }
          },
        });
        assertEquals(worker.code, 0, worker.stderr);
        const [, waiting, leased] = said.match(
          /^cancelled (\d+) waiting fetches \(0 retries\) of 1 crawl in queue "crawl" of "[^"]+"; (\d+) leased fetch(?:es are|\sis) left to finish \(the links they find are not queued\)\n$/,
        ) ?? [said];
        assert(Number(leased) >= 1, said);
        assertEquals(Number(waiting) + Number(leased), 20, said);
        // The leased ones were fetched and saved; none of their links was.
        assertEquals(site.paths.length, Number(leased), site.paths.join(" "));
        assert(site.paths.every((path) => /^\/p\d+$/.test(path)), site.paths.join(" "));
        assertMatch(worker.stderr, new RegExp(`: ${leased} fetch(es)? done, 0 failed in `));
        assertEquals(await depth(db, config), {
          ready: 0,
          waiting: 0,
          retries: 0,
          leased: 0,
          done: Number(leased),
        });
      });
    },
  );

  await t.step(
    "a page's links reported while a cancel of its queue runs wait for it, and are not queued",
    async () => {
      const db = await cluster.createDatabase("cancel_racing_links");
      const store = await PgStore.connect(db);
      try {
        const origin = "http://a.test";
        const rule = { origin, perHost: 6, gapMs: 0, jitterMs: 0 };
        await store.insertJobs(
          "crawl",
          [{ task: "site", origin, url: `${origin}/`, payload: {} }],
          () => rule,
        );
        await store.registerWorker("w", "crawl", "host", 1);
        const [page] = await store.claim("crawl", "w", 1, 60_000);
        // A cancel under way: it holds the queue's links lock, and has marked the page, not yet
        // committed.
        const held = Promise.withResolvers<void>();
        const release = Promise.withResolvers<void>();
        const cancelling = store.sql.begin(async (tx) => {
          await tx`SELECT pg_advisory_xact_lock(${LINKS_LOCK}::int, hashtext('crawl'))`;
          await tx`UPDATE corun_jobs SET cancelled_at = now() WHERE id = ${page.id}`;
          held.resolve();
          await release.promise;
        });
        try {
          await held.promise;
          let reported = false;
          const reporting = store.report("crawl", "w", {
            ...emptyOutcomes(),
            links: [{
              job: { task: "site", origin, url: `${origin}/a`, payload: {}, parent: page.id },
              rule,
            }],
          }).finally(() => reported = true);
          const waiting = async () => {
            const rows = await store.sql`SELECT 1 FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`;
            return rows.length > 0;
          };
          await pollUntil(async () => reported || await waiting(), "the report to wait");
          assertEquals(reported, false, "the report went ahead of the cancel");
          release.resolve();
          await cancelling;
          await reporting;
        } finally {
          release.resolve();
          await cancelling;
        }
        const rows = await store.sql`SELECT url, state FROM corun_jobs ORDER BY id`;
        assertEquals(rows.map((row) => [row.url, row.state]), [[`${origin}/`, "leased"]]);
      } finally {
        await store.close();
      }
    },
  );

  await t.step("a queue the database does not know is said, and is no failure", async () => {
    const db = await cluster.createDatabase("cancel_unknown");
    const store = await PgStore.connect(db);
    try {
      await store.saveOriginRules("nightly", [
        { origin: "http://a.test", perHost: 1, gapMs: 0, jitterMs: 0 },
      ]);
    } finally {
      await store.close();
    }
    assertEquals(await corunHere(["db", "cancel", "--db", db, "--queue", "nightlly"]), {
      code: 0,
      stdout: `queue "nightlly" has no rows in ${shown(db)}: nothing to cancel (its queues: ` +
        "nightly)\n",
    });
  });
});
