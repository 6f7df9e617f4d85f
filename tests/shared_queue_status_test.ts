/**
 * `corun status` of a shared queue lists every running worker first: the rows of the workers that
 * stopped or were killed since are kept, and must not push a running one out of the list; how long
 * ago a worker was seen is the database's reckoning, whatever the reader's clock says. A status the
 * database refuses says so and where, in a line. A crawled link that a worker left out (it redirected
 * off the crawl's origins) is counted left out, per origin and per worker, not done. Status is one
 * snapshot: a lease that runs out while it reads is counted alike by its origin and its worker. A
 * redirected fetch is counted leased where the claims count its place.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { PgStore, queueStatus } from "../lib/frontier/pg/mod.ts";
import { emptyOutcomes } from "../lib/frontier/pg/store.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { main } from "../lib/cli/main.ts";
import { loadConfig } from "../lib/config/mod.ts";
import { submitTasks } from "../lib/tasks/mod.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

function corun(args: string[]) {
  return runDeno([...CLI_FLAGS, ...args], { env: { NO_COLOR: "1" } });
}

/** The cells of the rendered line that starts with `first` (an origin, a worker's id). */
function cellsOf(text: string, first: string): string[] {
  const line = text.split("\n").find((line) => line.trimStart().startsWith(`${first} `));
  if (line === undefined) throw new Error(`No line of ${first} in:\n${text}`);
  return line.trim().split(/\s+/);
}

/**
 * A config of one crawling task, confined to `site`, that queues every link of the pages it takes.
 *
 * @returns The config's path.
 */
async function writeCrawlConfig(dir: string, site: string): Promise<string> {
  const path = `${dir}/crawl.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ concurrency: 2, tasks: [fetchTask("site", "${site}/", {
  save: "{path}.html",
  crawl: { origins: ["${site}"] },
  *onResponse(response, ctx) {
    const html = yield* response.body.text();
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) yield* ctx.enqueue(href);
  },
})] });
`,
  );
  return path;
}

pgTest("status of a shared queue", async (cluster, t) => {
  await t.step(
    "an origin's rules show its jitter: one paced by jitter alone is not shown unpaced",
    async () => {
      const db = await cluster.createDatabase("status_jitter");
      const store = await PgStore.connect(db);
      try {
        await store.saveOriginRules("q", [
          { origin: "http://jitter.test", perHost: 2, gapMs: 0, jitterMs: 300 },
          { origin: "http://both.test", perHost: 4, gapMs: 500, jitterMs: 250 },
        ]);
        const [status] = await queueStatus(store, "q");
        assertEquals(
          status.origins.map((row) => [row.origin, row.gapMs, row.jitterMs]),
          [["http://both.test", 500, 250], ["http://jitter.test", 0, 300]],
        );
      } finally {
        await store.close();
      }
      const world = createFakeWorld();
      assertEquals(
        await main(["status", "--db", db, "--queue", "q"], world.host),
        0,
        world.stderr(),
      );
      assertMatch(world.stdout(), /http:\/\/jitter\.test\s.*perHost 2, jitter 300ms\n/);
      assertMatch(world.stdout(), /http:\/\/both\.test\s.*perHost 4, gap 500ms, jitter 250ms\n/);
    },
  );

  await t.step("a running worker is listed however many stopped after it started", async () => {
    const url = await cluster.createDatabase("status_many");
    const store = await PgStore.connect(url);
    try {
      await store.registerWorker("long-running", "q", "host", 1);
      // Workers that came and went since (a cron job's drains), each row kept.
      for (let n = 1; n <= 25; n++) {
        await store.registerWorker(`drain-${n}`, "q", "host", 1 + n);
        await store.stopWorker(`drain-${n}`);
      }
      const [status] = await queueStatus(store, "q");
      assertEquals(status.workers.length, 20);
      assertEquals(
        status.workers.filter((worker) => worker.state === "running").map((worker) => worker.id),
        ["long-running"],
      );
      // The state is text: aligned left, as the worker ids are, not as the counts are.
      await store.registerWorker("lost", "q", "host", 99);
      await store.sql`UPDATE corun_workers SET last_seen = now() - interval '1 day'
        WHERE id = 'lost'`;
      const world = createFakeWorld();
      assertEquals(await main(["status", "--db", url, "--queue", "q"], world.host), 0);
      const lines = world.stdout().split("\n");
      const columns = ["long-running", "lost"].map((id) => {
        const line = lines.find((line) => line.trimStart().startsWith(`${id} `))!;
        return line.search(/ (running|gone) /);
      });
      assertEquals(columns[0], columns[1], world.stdout());
    } finally {
      await store.close();
    }
  });

  await t.step(
    "a fetch whose lease ran out while no worker claims is shown ready, not leased by the gone worker",
    async () => {
      const url = await cluster.createDatabase("status_lapsed");
      const store = await PgStore.connect(url);
      const origin = "http://a.test";
      try {
        await store.insertJobs(
          "q",
          [1, 2, 3].map((n) => ({
            task: "pages",
            origin,
            url: `${origin}/${n}`,
            payload: { url: `${origin}/${n}` },
          })),
          () => ({ origin, perHost: 8, gapMs: 0, jitterMs: 0 }),
        );
        await store.registerWorker("killed", "q", "host", 1, 1_000);
        await store.registerWorker("alive", "q", "host", 2, 60_000);
        assertEquals((await store.claim("q", "killed", 2, 60_000)).length, 2);
        assertEquals((await store.claim("q", "alive", 1, 60_000)).length, 1);
        // The killed worker's callback was waiting for its own fetch (ctx.fetch).
        await store.insertJobs("q", [{
          task: "pages",
          origin,
          url: `${origin}/ctx`,
          payload: { url: `${origin}/ctx` },
          reservedFor: "killed",
        }]);
        // Killed a minute ago (SIGKILL): no heartbeat since, and no worker has claimed.
        await store.sql`UPDATE corun_jobs SET lease_until = now() - interval '1 minute'
          WHERE lease_owner = 'killed'`;
        await store.sql`UPDATE corun_workers SET last_seen = now() - interval '1 minute'
          WHERE id = 'killed'`;
        const [status] = await queueStatus(store, "q");
        const [row] = status.origins;
        assertEquals(
          { ready: row.ready, leased: row.leased, inCallbacks: row.inCallbacks },
          { ready: 2, leased: 1, inCallbacks: 0 },
        );
        assertEquals(
          status.workers.map((worker) => [worker.id, worker.state, worker.leases]),
          [["alive", "running", 1], ["killed", "gone", 0]],
        );
        // What the next claim does agrees: the two go back, the callback's job goes.
        assertEquals(await store.reapExpiredLeases("q"), 3);
        const [after] = await queueStatus(store, "q");
        assertEquals(after.origins, status.origins);
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a redirected fetch is counted leased where it holds its place, as claims count it: at the origin it went to, at none while it waits there",
    async () => {
      const url = await cluster.createDatabase("status_redirect");
      const store = await PgStore.connect(url);
      const [a, b] = ["http://a.test", "http://b.test"];
      const jobsOf = (origin: string, count: number) =>
        Array.from({ length: count }, (_, i) => {
          const url = `${origin}/${i + 1}`;
          return { task: "pages", origin, url, payload: { url } };
        });
      const rule = (origin: string) => ({ origin, perHost: 2, gapMs: 0, jitterMs: 0 });
      /** Per origin: ready, leased, done. */
      const counts = async () => {
        const [status] = await queueStatus(store, "q");
        return Object.fromEntries(
          status.origins.map((row) => [row.origin, [row.ready, row.leased, row.done]]),
        );
      };
      try {
        await store.insertJobs("q", jobsOf(a, 3), rule);
        await store.insertJobs("q", jobsOf(b, 1), rule);
        await store.registerWorker("w", "q", "host", 1, 60_000);
        const claimed = await store.claim("q", "w", 10, 60_000);
        assertEquals(claimed.map((job) => job.url).sort(), [`${a}/1`, `${a}/2`, `${b}/1`]);
        const [a1, a2] = [`${a}/1`, `${a}/2`].map((url) => claimed.find((job) => job.url === url)!);
        // a/1 redirects to b, taking its second place; a/2 then finds b full, and waits with none.
        assertEquals((await store.redirectTurn("q", b, a1.id, "w", rule(b))).waitMs, 0);
        assertEquals(await store.redirectTurn("q", b, a2.id, "w", rule(b)), {
          waitMs: 0,
          full: true,
        });
        assertEquals(await counts(), { [a]: [1, 0, 0], [b]: [0, 2, 0] });
        // A claim agrees: both of a's places are free, and b's taken.
        const [a3] = await store.claim("q", "w", 10, 60_000);
        assertEquals(a3.url, `${a}/3`);
        assertEquals(await counts(), { [a]: [0, 1, 0], [b]: [0, 2, 0] });
        // The fetches end counted at their own origin, as ever.
        await store.report("q", "w", { ...emptyOutcomes(), done: [a2.id] });
        assertEquals(await counts(), { [a]: [0, 1, 1], [b]: [0, 2, 0] });
        // a/1's lease runs out: ready again at its own origin, its place at b no longer held.
        await store.sql`UPDATE corun_jobs SET lease_until = now() - interval '1 minute'
          WHERE id = ${a1.id}`;
        assertEquals(await counts(), { [a]: [1, 1, 1], [b]: [0, 1, 0] });
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a lease that runs out while status reads is counted alike by its origin and its worker",
    async () => {
      const url = await cluster.createDatabase("status_snapshot");
      const store = await PgStore.connect(url);
      const origin = "http://a.test";
      try {
        await store.insertJobs(
          "q",
          [{ task: "pages", origin, url: `${origin}/1`, payload: { url: `${origin}/1` } }],
          () => ({ origin, perHost: 8, gapMs: 0, jitterMs: 0 }),
        );
        await store.registerWorker("w", "q", "host", 1, 60_000);
        assertEquals((await store.claim("q", "w", 1, 60_000)).length, 1);
        // A callback's job makes the origins' count ask whether its worker is gone; that question
        // is made to take 2 s here, so the workers are read after the lease ran out.
        await store.insertJobs("q", [{
          task: "pages",
          origin,
          url: `${origin}/ctx`,
          payload: { url: `${origin}/ctx` },
          reservedFor: "w",
        }]);
        await store.sql.unsafe(`
          ALTER FUNCTION corun_owner_gone(text) RENAME TO corun_owner_gone_now;
          CREATE FUNCTION corun_owner_gone(p_worker text) RETURNS boolean LANGUAGE sql VOLATILE
            AS $$ SELECT pg_sleep(2); SELECT corun_owner_gone_now(p_worker) $$`);
        await store.sql`UPDATE corun_jobs SET lease_until = now() + interval '1 second'
          WHERE lease_owner = 'w'`;
        const [status] = await queueStatus(store, "q");
        const leased = status.origins[0].leased;
        const leases = status.workers.map((worker) => worker.leases);
        assertEquals(leases, [leased], "the worker holds what its origin counts leased");
      } finally {
        await store.close();
      }
    },
  );

  await t.step(
    "a failure is one line: its error's line breaks and escapes shown, a long URL cut",
    async () => {
      const url = await cluster.createDatabase("status_failure_line");
      const store = await PgStore.connect(url);
      const origin = "http://a.test";
      const long = `${origin}/${"x".repeat(5_000)}`;
      try {
        await store.insertJobs(
          "q",
          [{ task: "pages", origin, url: long, payload: { url: long } }],
          () => ({ origin, perHost: 8, gapMs: 0, jitterMs: 0 }),
        );
        // A callback's error: two lines, and an escape sequence that would colour the terminal.
        await store.sql`UPDATE corun_jobs SET state = 'failed', finished_at = now(),
          last_error = ${"Cannot parse\nline 2 \u001b[31mred"}`;
      } finally {
        await store.close();
      }
      const world = createFakeWorld();
      assertEquals(await main(["status", "--db", url, "--queue", "q"], world.host), 0);
      const text = world.stdout();
      const failures = text.slice(text.indexOf("latest failures\n") + "latest failures\n".length);
      assertEquals(failures.split("\n").filter((line) => line !== "").length, 1, text);
      assertStringIncludes(
        failures,
        `  pages  ${long.slice(0, 199)}…  Cannot parse\\nline 2 \\u001b[31mred\n`,
      );
      // --json has them whole.
      const json = createFakeWorld();
      assertEquals(await main(["status", "--db", url, "--queue", "q", "--json"], json.host), 0);
      const [status] = JSON.parse(json.stdout());
      assertEquals(status.failures[0].url, long);
    },
  );

  await t.step("a status the database refuses names the database, in one line", async () => {
    const owner = await cluster.createDatabase("status_refused");
    const store = await PgStore.connect(owner); // the tables
    try {
      // A role that may read some of corun's tables only.
      await store.sql.unsafe(`
        CREATE ROLE corun_peek LOGIN;
        GRANT SELECT ON corun_migrations, corun_origins TO corun_peek;`);
    } finally {
      await store.close();
    }
    const peek = owner.replace("//corun@", "//corun_peek:secret@");
    const status = await runDeno(
      ["run", "--allow-net", "--allow-env", "--allow-read", MOD, "status", "--db", peek],
    );
    assertEquals(status.code, 1, status.stderr);
    const where = peek.replace("corun_peek:secret", "***");
    assertStringIncludes(status.stderr, `Cannot read the queues in "${where}": permission denied`);
    assertEquals(status.stderr.trimEnd().split("\n").length, 1, status.stderr);
  });

  await t.step("how long ago a worker was seen is told by the database's clock", async () => {
    const url = await cluster.createDatabase("status_clock");
    const store = await PgStore.connect(url);
    const before = performance.now();
    try {
      await store.registerWorker("w", "q", "host", 1, 120_000);
      await store.sql`UPDATE corun_workers SET last_seen = now() - interval '90 seconds'`;
    } finally {
      await store.close();
    }
    // This machine's clock is days away from the database's (FAKE_NOW).
    const world = createFakeWorld();
    assertEquals(
      await main(["status", "--db", url, "--queue", "q"], world.host),
      0,
      world.stderr(),
    );
    // 90 s, and the seconds that passed since (a loaded machine may take one or more).
    const agoS = Number(world.stdout().match(/\sw\s+running\s+0\s+0\s+0\s+0\s+(\d+)s ago\n/)?.[1]);
    const sinceS = Math.ceil((performance.now() - before) / 1000);
    assert(agoS >= 90 && agoS <= 90 + sinceS, world.stdout());
  });

  await t.step(
    "a link that redirects off the crawl's origins is counted left out, not done",
    async () => {
      const db = await cluster.createDatabase("status_left_out");
      await using away = startRouteServer({ "/landing": { body: "away" } });
      await using home = startRouteServer({
        "/": { body: '<a href="/out">out</a> <a href="/a">a</a>' },
        "/a": { body: "a" },
        "/out": { status: 302, headers: { Location: away.url("/landing") } },
      });
      const site = new URL(home.url("/")).origin;
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-status-" });
      try {
        const config = await writeCrawlConfig(dir, site);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(away.requests.length, 0, "nothing sent off the crawl's origins");
        // Two pages saved (/ and /a); /out was left out.
        const store = await PgStore.connect(db);
        let status;
        try {
          [status] = await queueStatus(store, "crawl");
        } finally {
          await store.close();
        }
        const [origin] = status.origins;
        assertEquals([origin.origin, origin.done, origin.failed, origin.skipped], [site, 2, 0, 1]);
        const [row] = status.workers;
        assertEquals([row.state, row.done, row.failed, row.skipped], ["stopped", 2, 0, 1]);
        const world = createFakeWorld();
        assertEquals(
          await main(["status", "--db", db, "--queue", "crawl"], world.host),
          0,
          world.stderr(),
        );
        const text = world.stdout();
        assertMatch(text, /\sdone\s+failed\s+left out\s+in callbacks\s/);
        // ready, waiting, retries, leased, done, failed, left out, in callbacks
        assertEquals(cellsOf(text, site).slice(1, 9), ["0", "0", "0", "0", "2", "0", "1", "0"]);
        assertMatch(text, /\sleases\s+done\s+failed\s+left out\s+last seen\n/);
        // state, leases, done, failed, left out
        assertEquals(cellsOf(text, row.id).slice(1, 6), ["stopped", "0", "2", "0", "1"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  await t.step("the latest fires count their fetches in words: 1 fetch, 2 fetches", async () => {
    const url = await cluster.createDatabase("status_fires");
    const store = await PgStore.connect(url);
    try {
      for (const [minute, jobs] of [[1, 1], [2, 2]]) {
        const at = new Date(`2026-11-25T06:0${minute}:00.000Z`);
        const fireId = await store.claimFire("q", "pages", at, "host:1", "enqueued");
        await store.setFireJobs(fireId!, jobs);
      }
    } finally {
      await store.close();
    }
    const world = createFakeWorld();
    assertEquals(await main(["status", "--db", url, "--queue", "q"], world.host), 0);
    const fires = world.stdout().split("latest fires\n")[1];
    assertStringIncludes(fires, "2026-11-25T06:01:00.000Z  pages  enqueued  1 fetch  by host:1\n");
    assertStringIncludes(
      fires,
      "2026-11-25T06:02:00.000Z  pages  enqueued  2 fetches  by host:1\n",
    );
  });

  await t.step(
    "a list line that cannot be fetched is under (no origin), whose rules are shown as — (null in --json)",
    async () => {
      const url = await cluster.createDatabase("status_no_origin");
      const dir = await Deno.makeTempDir({ prefix: "corun-status-no-origin-" });
      const store = await PgStore.connect(url);
      try {
        await Deno.writeTextFile(`${dir}/list.txt`, "http://a.test/1\nnot a url\n");
        await Deno.writeTextFile(
          `${dir}/c.yaml`,
          "tasks:\n  - { name: pages, fetch: { urls: list.txt } }\n",
        );
        const config = await loadConfig(`${dir}/c.yaml`);
        await store.transaction((tx) => submitTasks(tx, "q", config));
      } finally {
        await store.close();
        await Deno.remove(dir, { recursive: true });
      }
      const world = createFakeWorld();
      assertEquals(await main(["status", "--db", url, "--queue", "q"], world.host), 0);
      assertEquals(cellsOf(world.stdout(), "(no").slice(-1), ["—"], world.stdout());
      assertEquals(cellsOf(world.stdout(), "http://a.test").slice(-2), ["perHost", "6"]);
      const json = createFakeWorld();
      assertEquals(await main(["status", "--db", url, "--queue", "q", "--json"], json.host), 0);
      const [queue] = JSON.parse(json.stdout());
      assertEquals(
        queue.origins.map((row: { origin: string; perHost: number | null }) => [
          row.origin,
          row.perHost,
        ]),
        [["", null], ["http://a.test", 6]],
      );
    },
  );
});
