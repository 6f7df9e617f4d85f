/**
 * `corun submit`, `worker`, `schedule --db` and `status` as separate processes on one PostgreSQL
 * and one loopback server: three workers save every URL once and byte-identical; a worker killed
 * with SIGKILL loses nothing (its leased fetches are done by another once the lease runs out, and
 * no half-written file sits at a final name), nor does one killed while a callback's `ctx.fetch` is
 * out hold up a `--drain` worker; a one-URL task's callback fetches other URLs; a `Retry-After`
 * pause holds the fetches the worker claimed ahead; `rate` holds for the workers together; a dropped
 * database connection is retried, not fatal; two schedulers fire each fire time once.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest, type PostgresCluster } from "./fixtures/postgres_cluster.ts";
import { pollUntil } from "./fixtures/poll.ts";
import {
  MOD,
  QUEUE_CLI_ARGS,
  type Ran,
  runDeno,
  type RunDenoOptions,
  type Running,
} from "./fixtures/run_deno.ts";
import { recordTurns, turnsOf } from "./fixtures/origin_turns.ts";
import postgres from "npm:postgres@3.4.9";

/** A page's body: distinct per path and a few KiB, so a short or mixed-up file shows. */
function bodyOf(path: string): string {
  return `${path}\n`.repeat(200);
}

interface PageServer {
  url: string;
  /** Paths in the order requests arrived, with the time each arrived (performance.now()). */
  log: { path: string; atMs: number }[];
  close(): Promise<void>;
}

/** A server's own answer to a request (the how-manieth of its path), or undefined: the page. */
type Respond = (path: string, nth: number) => Promise<Response | undefined>;

function startPageServer(delayMs = 0, respond?: Respond): PageServer {
  const log: PageServer["log"] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    log.push({ path, atMs: performance.now() });
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const nth = log.filter((entry) => entry.path === path).length;
    return await respond?.(path, nth) ?? new Response(bodyOf(path));
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    log,
    close: () => server.shutdown(),
  };
}

async function writeConfig(dir: string, yaml: string): Promise<string> {
  const path = `${dir}/pages.yaml`;
  await Deno.writeTextFile(path, yaml);
  return path;
}

function corun(args: string[], options: RunDenoOptions = {}): Promise<Ran> {
  return runDeno([...QUEUE_CLI_ARGS, ...args], {
    ...options,
    env: { NO_COLOR: "1", ...options.env },
  });
}

/** All a process said, stdout then stderr. */
const textOf = (ran: Ran) => ran.stdout + ran.stderr;

/** The saved pages of output folders (hidden files left out), by name: how many copies. */
async function savedPages(dirs: string[]): Promise<Map<string, number>> {
  const copies = new Map<string, number>();
  for (const dir of dirs) {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || entry.name.startsWith(".") || !entry.name.endsWith(".html")) continue;
      const text = await Deno.readTextFile(`${dir}/${entry.name}`);
      assertEquals(text, bodyOf(`/${entry.name}`), `${dir}/${entry.name} is whole and its own`);
      copies.set(entry.name, (copies.get(entry.name) ?? 0) + 1);
    }
  }
  return copies;
}

async function queueCounts(url: string): Promise<Record<string, number>> {
  return await withSql(url, async (sql) => {
    const rows = await sql<{ state: string; count: number }[]>`
      SELECT state, count(*)::int AS count FROM corun_jobs GROUP BY state`;
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  });
}

async function failuresOf(url: string): Promise<string> {
  return await withSql(url, async (sql) => {
    const rows = await sql`SELECT url, last_error FROM corun_jobs WHERE state = 'failed'`;
    return rows.map((row) => `${row.url}: ${row.last_error}`).join("\n");
  });
}

async function withServer(
  delayMs: number,
  body: (server: PageServer) => Promise<void>,
  respond?: Respond,
) {
  const server = startPageServer(delayMs, respond);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-shared-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs `body` with a client of the database at `url`, ended afterwards. */
async function withSql<T>(url: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { onnotice: () => {} });
  try {
    return await body(sql);
  } finally {
    await sql.end();
  }
}

/** A config of one fetch task with an `onResponse` (a code module): its path. */
async function writeCallbackConfig(dir: string, task: string): Promise<string> {
  const path = `${dir}/callback.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ concurrency: 4, tasks: [${task}] });
`,
  );
  return path;
}

/** The command line of a worker that drains the config's queue into `out`. */
function drainWorker(config: string, db: string, out: string): string[] {
  return ["worker", config, "--db", db, "--drain", "--out", out];
}

pgTest("workers of a shared queue, as separate processes", async (cluster: PostgresCluster, t) => {
  await t.step("three workers save every URL exactly once, byte-identical", async () => {
    const db = await cluster.createDatabase("three");
    // No page is answered until all three workers hold fetches: one that started late (a loaded
    // machine) would otherwise find the queue drained by the others, and take no part.
    const gate = Promise.withResolvers<void>();
    const heldBack: Respond = async () => {
      await gate.promise;
      return undefined;
    };
    const holders = () =>
      withSql(db, async (sql) => {
        const [row] = await sql<{ n: number }[]>`
          SELECT count(DISTINCT lease_owner)::int AS n FROM corun_jobs WHERE state = 'leased'`;
        return row.n;
      });
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `concurrency: 8\nperHost: 64\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p[1-300].html"\n    save: "p{1}.html"\n`,
        );
        const submitted = await corun(["submit", config, "--db", db]);
        assertEquals(submitted.code, 0, submitted.stderr);
        assertStringIncludes(
          submitted.stdout,
          'submitted 300 fetches of 1 task (1 origin) to queue "pages"',
        );
        const workers = Promise.all(
          [1, 2, 3].map((n) => corun(drainWorker(config, db, `${dir}/out${n}`))),
        );
        workers.catch(() => {}); // awaited below, once the gate is open
        const allHold = async () => await holders() === 3;
        const waited = await pollUntil(allHold, "all three workers to hold fetches", 20)
          .then(() => "", (error: Error) => error.message);
        gate.resolve();
        const ends = await workers;
        for (const end of ends) assertEquals(end.code, 0, textOf(end));
        assertEquals(waited, "", ends.map(textOf).join("\n"));
        const copies = await savedPages([1, 2, 3].map((n) => `${dir}/out${n}`));
        assertEquals(copies.size, 300);
        assertEquals([...copies.values()].every((count) => count === 1), true);
        assertEquals(server.log.length, 300, "each URL was asked for once");
        assertEquals(await queueCounts(db), { done: 300 });
        // Every worker's metadata lines reached the database too, one a fetch.
        await withSql(db, async (sql) => {
          const [lines] = await sql`
            SELECT count(*)::int AS n, count(DISTINCT line->>'url')::int AS urls,
              count(DISTINCT worker)::int AS workers
            FROM corun_results WHERE line->>'status' = '200'`;
          assertEquals(lines, { n: 300, urls: 300, workers: 3 });
        });
        // Every worker took part (the queue is shared, not handed to the first).
        for (const end of ends) assertMatch(textOf(end), /: [1-9]\d* fetches done, 0 failed/);

        const status = await corun(["status", config, "--db", db]);
        assertEquals(status.code, 0, status.stderr);
        assertMatch(status.stdout, new RegExp(`${server.url}\\s+0\\s+0\\s+0\\s+0\\s+300\\s+0`));
        assertEquals(status.stdout.match(/stopped/g)?.length, 3);
      }), heldBack);
  });

  await t.step("a worker killed with SIGKILL loses nothing", async () => {
    const db = await cluster.createDatabase("killed");
    await withServer(100, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `concurrency: 4\nperHost: 16\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p[1-40].html"\n    save: "p{1}.html"\n`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const args = ["worker", config, "--db", db, "--lease", "2s", "--out", `${dir}/doomed`];
        const killed = await corun(args, {
          whileRunning: async (child) => {
            await pollUntil(() => server.log.length >= 6, "the doomed worker's first fetches");
            child.kill("SIGKILL");
          },
        });
        assertEquals(killed.code, 137, textOf(killed));
        // Once its lease has run out, status says it is gone (not running), holding nothing: the
        // fetches it held (four, and one claimed ahead) are ready again, not leased.
        let status = "";
        await pollUntil(
          async () => {
            status = (await corun(["status", config, "--db", db])).stdout;
            return /\sgone\s+0\s/.test(status);
          },
          "status to show the killed worker gone",
          200,
        );
        assertEquals(status.includes("running"), false, status);
        // ready, waiting, retries, leased: nothing leased, and no fetch lost from the count.
        const [, ready, waiting, retries, leased, done] = status.split("\n")
          .find((line) => line.trimStart().startsWith(server.url))!.trim().split(/\s+/).map(Number);
        assertEquals([waiting, retries, leased, ready + done], [0, 0, 0, 40], status);
        const survivor = await corun(drainWorker(config, db, `${dir}/survivor`));
        assertEquals(survivor.code, 0, survivor.stderr);
        const copies = await savedPages([`${dir}/doomed`, `${dir}/survivor`]);
        assertEquals(copies.size, 40, "every URL is saved");
        assertEquals(await queueCounts(db), { done: 40 });
        // At least once: only a fetch the killed worker held can have been done twice.
        const twice = [...copies.values()].filter((count) => count > 1).length;
        assert(twice <= 4, `${twice} pages saved twice; the killed worker held at most 4`);
      }));
  });

  await t.step(
    "a worker's closing line says which fetches it ended after another worker had taken them over",
    async () => {
      const db = await cluster.createDatabase("taken_over");
      const gate = Promise.withResolvers<void>();
      await withServer(0, (server) =>
        inTempDir(async (dir) => {
          const config = await writeConfig(
            dir,
            `tasks:\n  - name: pages\n    fetch: "${server.url}/p[1-2].html"\n` +
              `    save: "p{1}.html"\n`,
          );
          assertEquals((await corun(["submit", config, "--db", db])).code, 0);
          const worker = await corun(drainWorker(config, db, `${dir}/out`), {
            whileRunning: async () => {
              await pollUntil(() => server.log.length === 2, "the worker's two fetches");
              // Its lease ran out meanwhile (a long pause of the process), and another worker
              // took /p1.html over and ended it: that worker's ending is the one kept.
              await withSql(db, (sql) =>
                sql`UPDATE corun_jobs SET state = 'done', lease_owner = 'other',
                  lease_until = NULL, finished_at = now() WHERE url = ${`${server.url}/p1.html`}`);
              gate.resolve();
            },
          });
          assertEquals(worker.code, 0, textOf(worker));
          assertMatch(
            worker.stderr,
            /: 2 fetches done, 0 failed in \S+ \(1 of them ended after its lease ran out: another worker took it over\)\n/,
          );
          const status = await corun(["status", config, "--db", db]);
          assertMatch(status.stdout, /\s+stopped\s+0\s+1\s/, "status credits it with one");
        }), async () => {
        await gate.promise;
        return undefined;
      });
    },
  );

  await t.step(
    "a worker killed while its callbacks' fetches are out holds up no --drain worker",
    async () => {
      const db = await cluster.createDatabase("killed_callback");
      // p1's callback fetches /slow, which never answers the killed worker; p2's fetches /wait of
      // another origin, which answers 429 and is asked again in 2 s: it waits queued, without a
      // lease, when the worker is killed.
      const hung: (() => void)[] = [];
      const server = startPageServer(0, async (path, nth) => {
        if (path !== "/slow" || nth > 1) return undefined;
        await new Promise<void>((resolve) => hung.push(resolve));
        return new Response("late");
      });
      const other = startPageServer(0, (_path, nth) =>
        Promise.resolve(
          nth === 1
            ? new Response("busy", { status: 429, headers: { "retry-after": "2" } })
            : undefined,
        ));
      const retryWaits = () =>
        withSql(db, async (sql) => {
          const rows = await sql`SELECT 1 FROM corun_jobs
            WHERE url = ${`${other.url}/wait`} AND state = 'queued' AND attempt = 1`;
          return rows.length > 0;
        });
      try {
        await inTempDir(async (dir) => {
          const config = await writeCallbackConfig(
            dir,
            `fetchTask("pages", "${server.url}/p[1-2].html", {
  save: "p{1}.html",
  *onResponse(response, ctx) {
    const p1 = new URL(response.url).pathname === "/p1.html";
    yield* ctx.fetch(p1 ? "${server.url}/slow" : "${other.url}/wait");
  },
})`,
          );
          assertEquals((await corun(["submit", config, "--db", db])).code, 0);
          const args = ["worker", config, "--db", db, "--lease", "1s", "--out"];
          const doomed = await corun([...args, `${dir}/doomed`], {
            whileRunning: async (child) => {
              await pollUntil(
                async () =>
                  server.log.some((entry) => entry.path === "/slow") && await retryWaits(),
                "both callbacks' fetches to be out",
                50,
              );
              child.kill("SIGKILL");
            },
          });
          assertEquals(doomed.code, 137, textOf(doomed));
          const survivor = await corun([...args, `${dir}/survivor`, "--drain"], {
            giveUpMs: 30_000,
          });
          assertEquals(survivor.code, 0, textOf(survivor));
          assertStringIncludes(textOf(survivor), ": 2 fetches done, 0 failed");
          // The pages and the survivor's own fetches for their callbacks: the killed worker's are
          // gone, not left queued or leased for ever.
          assertEquals(await queueCounts(db), { done: 4 });
          assertEquals((await savedPages([`${dir}/survivor`])).size, 2);
        });
      } finally {
        for (const resolve of hung) resolve();
        await Promise.all([server.close(), other.close()]);
      }
    },
  );

  await t.step("a one-URL task's callback fetches another URL on a worker", async () => {
    const db = await cluster.createDatabase("one_url_callback");
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        const config = await writeCallbackConfig(
          dir,
          `fetchTask("page", "${server.url}/page.html", {
  *onResponse(_response, ctx) {
    const other = yield* ctx.fetch("${server.url}/other.html");
    yield* ctx.write("other.html", other.body);
  },
})`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(drainWorker(config, db, `${dir}/out`));
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(await Deno.readTextFile(`${dir}/out/other.html`), bodyOf("/other.html"));
        assertEquals(server.log.map((entry) => entry.path), ["/page.html", "/other.html"]);
        // Status counts the fetch put in the queue; the callback's is not one of them.
        const status = await corun(["status", config, "--db", db]);
        assertEquals(status.code, 0, status.stderr);
        assertMatch(status.stdout, new RegExp(`${server.url}\\s+0\\s+0\\s+0\\s+0\\s+1\\s+0\\s+0`));
        assertMatch(status.stdout, /stopped\s+0\s+1\s+0/);
      }));
  });

  await t.step("a Retry-After pause holds the fetches the worker claimed ahead", async () => {
    const db = await cluster.createDatabase("pause_ahead");
    const busyOnce: Respond = (path, nth) =>
      Promise.resolve(
        path === "/p1.html" && nth === 1
          ? new Response("busy", { status: 429, headers: { "retry-after": "1" } })
          : undefined,
      );
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        // One at a time, and one claimed ahead of it: p2 is in hand when p1 answers 429.
        const config = await writeConfig(
          dir,
          `concurrency: 1\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p[1-4].html"\n    save: "p{1}.html"\n`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(drainWorker(config, db, `${dir}/out`));
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(server.log.length, 5, "p1 twice");
        const busyAt = server.log[0].atMs;
        assertEquals(server.log[0].path, "/p1.html");
        // Nothing reaches the origin during its second of pause (less 10 ms: timers round).
        for (const entry of server.log.slice(1)) {
          const after = entry.atMs - busyAt;
          assert(after >= 990, `${entry.path} came ${after.toFixed(0)} ms after the 429`);
        }
      }), busyOnce);
  });

  await t.step("rate holds for the workers together", async () => {
    const db = await cluster.createDatabase("rate");
    // When each request arrived, by the wall clock the database's turns are stamped with.
    const arrivedMs: number[] = [];
    const stamp: Respond = () => {
      arrivedMs.push(Date.now());
      return Promise.resolve(undefined);
    };
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `concurrency: 4\nperHost: 8\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p[1-24].html"\n    save: "p{1}.html"\n    rate: 20/s\n`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        await recordTurns(db);
        const workers = [1, 2, 3].map((n) => corun(drainWorker(config, db, `${dir}/out${n}`)));
        for (const end of await Promise.all(workers)) {
          assertEquals(end.code, 0, textOf(end));
        }
        assertEquals(server.log.length, 24);
        const turnsUs = await turnsOf(db);
        // 20/s is a start every 50 ms: no two turns closer, whichever workers took them.
        for (let k = 1; k < turnsUs.length; k++) {
          const gapUs = turnsUs[k] - turnsUs[k - 1];
          assert(gapUs >= 50_000, `turns ${k} and ${k + 1} ${gapUs / 1000} ms apart at 20/s`);
        }
        // And no request went without a turn of its own: the k-th to arrive came after the k-th
        // turn. (How soon after is the machine's: a worker paused between its turn and its
        // request sends it late, closer to the next one.)
        arrivedMs.sort((a, b) => a - b);
        for (const [k, atMs] of arrivedMs.entries()) {
          assert(
            k < turnsUs.length && atMs >= Math.floor(turnsUs[k] / 1000),
            `request ${k + 1} arrived before turn ${k + 1} (${turnsUs.length} turns)`,
          );
        }
      }), stamp);
  });

  await t.step(
    "a worker crawls: its seeds' origin is allowed, links go into the queue",
    async () => {
      const db = await cluster.createDatabase("crawl");
      await withServer(0, (server) =>
        inTempDir(async (dir) => {
          const config = `${dir}/crawl.ts`;
          // Each page links to the next two (p1 → p2, p3; p2 → p4, p5 …) up to depth 2.
          await Deno.writeTextFile(
            config,
            `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({
  concurrency: 2,
  tasks: [fetchTask("crawl", "${server.url}/p1.html", {
    save: "{path}",
    crawl: { maxDepth: 2 },
    *onResponse(response, ctx) {
      const n = Number(new URL(response.url).pathname.match(/\\d+/)![0]);
      yield* ctx.enqueue("/p" + 2 * n + ".html");
      yield* ctx.enqueue("/p" + (2 * n + 1) + ".html");
    },
  })],
});
`,
          );
          const submitted = await corun(["submit", config, "--db", db]);
          assertEquals(submitted.code, 0, submitted.stderr);
          const worker = await corun(drainWorker(config, db, `${dir}/out`));
          assertEquals(worker.code, 0, worker.stderr);
          const paths = server.log.map((entry) => entry.path).sort();
          // The links' origin's robots.txt too, read by the worker before its first link.
          const pages = [1, 2, 3, 4, 5, 6, 7].map((n) => `/p${n}.html`);
          assertEquals(paths, [...pages, "/robots.txt"].sort());
          // Its robots.txt is a job too, as a callback's ctx.fetch is.
          assertEquals(await queueCounts(db), { done: 8 });
        }));
    },
  );

  await t.step("a dropped database connection is retried, and the work finishes", async () => {
    const db = await cluster.createDatabase("dropped");
    await withServer(50, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `concurrency: 2\nperHost: 4\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p[1-30].html"\n    save: "p{1}.html"\n`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const end = await corun(drainWorker(config, db, `${dir}/out`), {
          whileRunning: async () => {
            await pollUntil(() => server.log.length >= 4, "the worker's first fetches");
            await withSql(db, async (admin) => {
              const killed = await admin`
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = 'corun' AND datname = current_database()`;
              assert(killed.length > 0, "the worker had connections to drop");
            });
          },
        });
        assertEquals(end.code, 0, `${textOf(end)}\n${await failuresOf(db)}`);
        // Nothing it held was handed to the queue again while it still had it.
        assertStringIncludes(textOf(end), ": 30 fetches done, 0 failed");
        assertEquals(server.log.length, 30, textOf(end));
        assertEquals((await savedPages([`${dir}/out`])).size, 30, textOf(end));
        assertEquals(await queueCounts(db), { done: 30 });
      }));
  });

  await t.step("two schedulers fire each fire time once", async () => {
    const db = await cluster.createDatabase("schedulers");
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `schedule: { cron: "* * * * * *", overlap: allow, timezone: UTC }\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p1.html"\n    save: "p1-{date}.html"\n`,
        );
        const firesOf = (text: string, said: string) =>
          [...text.matchAll(new RegExp(`config fire (\\S+): ${said}`, "g"))].map((m) => m[1]);
        // Both run, their lines read as they come, until they fired several times between them
        // and one left a fire time to the other (however late either started), then are stopped.
        const running: Running[] = [];
        const fired = () => {
          if (running.some((child) => child.ended)) return true; // its output says why
          const texts = running.map((child) => child.stdout());
          return running.length === 2 &&
            texts.flatMap((text) => firesOf(text, "1 fetch into queue")).length >= 3 &&
            texts.some((text) => firesOf(text, "fired by another scheduler").length > 0);
        };
        let waiting: Promise<string> | undefined;
        const ends = (await Promise.all([1, 2].map(() =>
          corun(["schedule", config, "--db", db], {
            whileRunning: async (child) => {
              running.push(child);
              // One wait for both: the first started begins it.
              waiting ??= pollUntil(fired, "fires by both schedulers", 20)
                .then(() => "", (error: Error) => `${error.message}:\n`);
              await waiting;
              child.kill("SIGTERM"); // unless it ended by itself: its output says why
            },
          })
        ))).map((ran) => ({ code: ran.code, text: textOf(ran) }));
        const waited = await waiting!;
        for (const end of ends) assertEquals(end.code, 130, waited + end.text);
        const enqueued = ends.flatMap((end) => firesOf(end.text, "1 fetch into queue"));
        assert(enqueued.length >= 3, `fires enqueued: ${enqueued.join(", ")}`);
        assertEquals(new Set(enqueued).size, enqueued.length, "no fire time enqueued twice");
        // A fire time both schedulers saw was enqueued by one and left alone by the other; how
        // many they both saw depends on how late the second started.
        const leftAlone = ends.map((end) => firesOf(end.text, "fired by another scheduler"));
        const seenByBoth = leftAlone.flat();
        assert(seenByBoth.length >= 1, ends.map((end) => end.text).join("\n"));
        for (const [i, times] of leftAlone.entries()) {
          const own = firesOf(ends[i].text, "1 fetch into queue");
          for (const time of times) {
            assert(
              enqueued.includes(time) && !own.includes(time),
              `${time} was fired by the other`,
            );
          }
        }
        assertEquals((await queueCounts(db)).queued, enqueued.length);
      }));
  });

  await t.step("overlap: skip and catchUp: once read the database", async () => {
    const db = await cluster.createDatabase("skip");
    /** The fires recorded, and of those the skipped. */
    const fireCounts = () =>
      withSql(db, async (sql) => {
        const [row] = await sql<{ fires: number; skipped: number }[]>`
          SELECT count(*)::int AS fires,
            (count(*) FILTER (WHERE outcome LIKE 'skipped%'))::int AS skipped
          FROM corun_fires`;
        return row;
      });
    /** A scheduler run until `enough` holds (read from the database), then stopped by SIGTERM. */
    const scheduleUntil = async (config: string, what: string, enough: () => Promise<boolean>) => {
      const end = await corun(["schedule", config, "--db", db], {
        whileRunning: async (child) => {
          await pollUntil(async () => child.ended || await enough(), what, 50);
          child.kill("SIGTERM"); // unless it ended by itself: its output says why
        },
      });
      assertEquals(end.code, 130, textOf(end));
      return textOf(end);
    };
    await withServer(0, (server) =>
      inTempDir(async (dir) => {
        const config = await writeConfig(
          dir,
          `schedule: { cron: "* * * * * *", catchUp: once, timezone: UTC }\ntasks:\n  - name: pages\n` +
            `    fetch: "${server.url}/p1.html"\n    save: "p1-{date}.html"\n`,
        );
        // A fire an hour ago whose fetch is done: the one after it was missed while no scheduler ran.
        await withSql(db, async (sql) => {
          const first = await corun(["db", "migrate", "--db", db]);
          assertEquals(first.code, 0, first.stderr);
          await sql`INSERT INTO corun_fires (queue, schedule, fire_at, fired_at, owner, outcome)
            VALUES ('pages', 'config', now() - interval '1 hour', now() - interval '1 hour',
              'earlier', 'enqueued')`;
        });
        // Run until two fires were skipped (a fire's line is written as its row commits).
        const ran = await scheduleUntil(
          config,
          "two skipped fires",
          async () => (await fireCounts()).skipped >= 2,
        );
        assertMatch(ran, /config catch-up \S+: 1 fetch into queue "pages"/);
        // No worker takes the caught-up fetch: every later fire finds it still queued, and skips.
        const skipped = ran.match(/: skipped: the fire of \S+ still has fetches queued/g);
        assert((skipped?.length ?? 0) >= 2, ran);
        assertEquals(ran.match(/ fetch(es)? into queue/g)?.length, 1, ran);
        assertEquals(await queueCounts(db), { queued: 1 });
        // Started again: the schedule last fired a moment ago, so the hour-old gap is not caught up
        // again (the seconds that passed between the two processes may be: that fire time was
        // missed). Run until a fire of its own shows its catch-up, if any, was decided.
        const lastFired = await withSql(db, async (sql) => {
          const [row] = await sql<{ at: Date }[]>`SELECT max(fire_at) AS at FROM corun_fires`;
          return row.at.getTime();
        });
        const { fires } = await fireCounts();
        const again = await scheduleUntil(
          config,
          "the second scheduler's fires",
          async () => (await fireCounts()).fires >= fires + 2,
        );
        const caughtUp = again.match(/catch-up (\S+):/);
        assert(caughtUp === null || Date.parse(caughtUp[1]) > lastFired, again);
        // The caught-up fetch is still queued: this scheduler skips too.
        assertEquals(/ fetch(es)? into queue/.test(again), false, again);
      }));
  });

  await t.step("submit says which list lines cannot be fetched", async () => {
    const db = await cluster.createDatabase("bad_lines");
    await inTempDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/urls.txt`,
        "http://127.0.0.1:1/a\nnot a url\nhttp://127.0.0.1:1/b\n",
      );
      const config = await writeConfig(
        dir,
        `tasks:\n  - name: pages\n    fetch: { urls: urls.txt }\n`,
      );
      const submitted = await corun(["submit", config, "--db", db]);
      assertEquals(submitted.code, 0, submitted.stderr);
      assertStringIncludes(submitted.stdout, "submitted 3 fetches");
      assertMatch(
        submitted.stderr,
        /1 list line cannot be fetched and will fail at once in a worker \(the first: Task "pages": line 2 of \S+\/urls\.txt: /,
      );
    });
  });

  await t.step("a submit killed part way leaves nothing queued", async () => {
    const db = await cluster.createDatabase("killed_submit");
    await inTempDir(async (dir) => {
      const lines = Array.from({ length: 200_000 }, (_, i) => `http://127.0.0.1:1/p${i}\n`);
      await Deno.writeTextFile(`${dir}/urls.txt`, lines.join(""));
      const config = await writeConfig(
        dir,
        `tasks:\n  - name: pages\n    fetch: { urls: urls.txt }\n`,
      );
      await withSql(db, async (sql) => {
        // Some batches are in: inside the submit's transaction (nobody else sees them yet), or,
        // were batches committed one by one, already in the table.
        const batchesIn = async () => {
          const [row] = await sql`SELECT
            (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'corun'
              AND xact_start < now() - interval '300 ms')::int AS open,
            to_regclass('corun_jobs') IS NOT NULL AS migrated`;
          if (!row.migrated) return false;
          const [jobs] = await sql`SELECT count(*)::int AS n FROM corun_jobs`;
          return row.open > 0 || jobs.n > 0;
        };
        const submit = await corun(["submit", config, "--db", db], {
          whileRunning: async (child) => {
            await pollUntil(batchesIn, "the submit's first batches", 50);
            child.kill("SIGKILL");
          },
        });
        assertEquals(submit.code, 137, textOf(submit));
        // The server ends the dead client's transaction: nothing of it stays.
        await pollUntil(
          async () => {
            const [row] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = 'corun'`;
            return row.n === 0;
          },
          "the dead submit's session to end",
          50,
        );
        const [jobs] = await sql`SELECT count(*)::int AS n FROM corun_jobs`;
        assertEquals(jobs.n, 0);
      });
    });
  });

  await t.step("a row a task could not have put is refused, not fetched", async () => {
    const db = await cluster.createDatabase("tampered");
    await withServer(0, (server) =>
      withServer(0, (other) =>
        inTempDir(async (dir) => {
          const config = await writeConfig(
            dir,
            `tasks:\n  - name: api\n    fetch: { url: "${server.url}/api.json", ` +
              `headers: { Authorization: "Bearer secret" } }\n    save: api.json\n`,
          );
          assertEquals((await corun(["submit", config, "--db", db])).code, 0);
          await withSql(db, async (sql) => {
            // Another host's URL under the task's name, and one under the right origin's rules.
            const elsewhere = `${other.url}/steal`;
            await sql`INSERT INTO corun_origins (queue, origin, per_host, gap_ms, jitter_ms)
              VALUES ('pages', ${other.url}, 4, 0, 0)`;
            await sql`INSERT INTO corun_jobs (queue, task, origin, url, payload) VALUES
              ('pages', 'api', ${other.url}, ${elsewhere},
                ${sql.json({ url: elsewhere, depth: 0, save: "api.json" })}),
              ('pages', 'api', ${server.url}, ${elsewhere}, ${
              sql.json({ url: elsewhere, depth: 0 })
            })`;
          });
          const worker = await corun(drainWorker(config, db, `${dir}/out`));
          assertEquals(worker.code, 1, worker.stderr);
          assertEquals(other.log.length, 0, "the other host was never asked");
          assertEquals(server.log.map((entry) => entry.path), ["/api.json"]);
          assertEquals(await Deno.readTextFile(`${dir}/out/api.json`), bodyOf("/api.json"));
          const failures = await failuresOf(db);
          assertEquals(failures.match(/Refused job of task "api"/g)?.length, 2, failures);
        })));
  });

  await t.step(
    "a worker whose config lacks a queued task stops, leaving that task's fetches queued",
    async () => {
      const db = await cluster.createDatabase("other_config");
      // Two at a time, one in hand: p3 starts as p1 ends, and the claim ahead made then brings
      // x1, while p2 and p3 are out.
      await withServer(300, (server) =>
        inTempDir(async (dir) => {
          const pages = `  - name: pages\n    fetch: "${server.url}/p[1-3].html"\n` +
            `    save: "p{1}.html"\n`;
          const extra = `  - name: extra\n    fetch: "${server.url}/x[1-2].html"\n` +
            `    save: "x{1}.html"\n`;
          const submitted = await writeConfig(dir, `concurrency: 2\ntasks:\n${pages}${extra}`);
          assertEquals((await corun(["submit", submitted, "--db", db])).code, 0);
          // An older config of the same queue, left on one machine: it has no task "extra".
          await Deno.mkdir(`${dir}/old`);
          const old = await writeConfig(`${dir}/old`, `concurrency: 2\ntasks:\n${pages}`);
          const refused = await corun(drainWorker(old, db, `${dir}/old/out`));
          assertEquals(refused.code, 1, refused.stderr);
          assertMatch(
            refused.stderr,
            /stopped: Queue "pages" holds job \d+ \(\S+\/x\d\.html\) of another config: Task "extra" is not a fetch task of this worker's config \(\S+old\/pages\.yaml\)/,
          );
          const counts = await queueCounts(db);
          assertEquals(counts.failed, undefined, await failuresOf(db));
          // The fetches it cut off went back too; a worker with the config does them all.
          const worker = await corun(drainWorker(submitted, db, `${dir}/out`));
          assertEquals(worker.code, 0, worker.stderr);
          assertEquals(await queueCounts(db), { done: 5 });
        }));
    },
  );

  await t.step("submit refuses what a shared queue cannot hold, before connecting", async () => {
    await inTempDir(async (dir) => {
      const config = await writeConfig(
        dir,
        `tasks:\n  - name: nap\n    sleep: 1s\n  - name: page\n    fetch: "http://127.0.0.1:1/a"\n` +
          `    after: [nap]\n`,
      );
      const refused = await corun(["submit", config, "--db", "postgres://corun@127.0.0.1:1/x"]);
      assertEquals(refused.code, 2);
      assertStringIncludes(refused.stderr, 'task "nap" is a sleep task');
      assertStringIncludes(refused.stderr, 'task "page" has after: [nap]');
      const zoneless = await writeConfig(
        dir,
        `schedule: "@hourly"\ntasks:\n  - fetch: "http://127.0.0.1:1/a"\n`,
      );
      const noZone = await corun(["schedule", zoneless, "--db", "postgres://corun@127.0.0.1:1/x"]);
      assertEquals(noZone.code, 2);
      assertStringIncludes(noZone.stderr, "schedule of config has no timezone");
      const none = await corun(["submit", config], { env: { CORUN_DATABASE_URL: "" } });
      assertEquals(none.code, 2);
      assertStringIncludes(none.stderr, "No database: give --db");
      const secret = await writeConfig(
        dir,
        `db: "mysql://corun:hunter2@db.example/x"\ntasks:\n  - fetch: "http://127.0.0.1:1/a"\n`,
      );
      const bad = await corun(["submit", secret]);
      assertEquals(bad.code, 2);
      assertStringIncludes(bad.stderr, "db");
      assertEquals(bad.stderr.includes("hunter2"), false, "the password is never shown");
    });
  });
});
