/**
 * A worker whose report of how its fetches ended is rejected by the server (a statement the tables
 * do not take: a bug, or tables of another corun) retried it with backoff for ever, fetching on
 * and never saying why. It now stops with the server's error (said once), exit 1, and hands back
 * what it held at once (the server still answers; not left for its leases to run out): another
 * worker does those fetches.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { QUEUE_CLI_ARGS, type Ran, runDeno } from "./fixtures/run_deno.ts";
import postgres from "npm:postgres@3.4.9";

/** Its exit code and output; it throws, saying so, when it was still running after 60 s. */
function corunWithin60s(args: string[]): Promise<Ran> {
  return runDeno([...QUEUE_CLI_ARGS, ...args], {
    env: { NO_COLOR: "1", CORUN_DATABASE_URL: "" },
    giveUpMs: 60_000,
  });
}

async function withSql<T>(url: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { onnotice: () => {} });
  try {
    return await body(sql);
  } finally {
    await sql.end();
  }
}

pgTest(
  "a worker whose report the server rejects stops, saying why, and its fetches are done by another",
  async (cluster) => {
    const db = await cluster.createDatabase("refused_report");
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (request) => new Response(`${new URL(request.url).pathname}\n`),
    );
    const dir = await Deno.makeTempDir({ prefix: "corun-refused-report-" });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(
        config,
        `tasks:\n  - name: pages\n    fetch: "http://127.0.0.1:${server.addr.port}/p[1-3].html"\n` +
          `    save: "p{1}.html"\n`,
      );
      assertEquals((await corunWithin60s(["submit", config, "--db", db])).code, 0);
      // A column every report updates is gone: the server rejects each report, the same each time.
      await withSql(db, (sql) => sql`ALTER TABLE corun_workers RENAME COLUMN skipped TO gone`);
      const args = ["worker", config, "--db", db, "--drain"];
      // A lease that outlasts the test: only a hand-back puts the jobs back in the queue.
      const refused = await corunWithin60s([...args, "--lease", "1h", "--out", `${dir}/a`]);
      assertEquals(refused.code, 1, refused.stderr);
      assertMatch(
        refused.stderr,
        /stopped: Worker \S+ cannot report how its fetches ended: column "skipped" does not exist \(42703\)\n/,
      );
      assertEquals(
        refused.stderr.split('column "skipped" does not exist').length,
        2,
        refused.stderr,
      );
      assertMatch(
        refused.stderr,
        /at its stop: Cannot report 3 fetch outcomes to the database; other workers do them again\n/,
      );
      assertEquals(refused.stderr.includes("retrying with backoff"), false, refused.stderr);
      const handedBack = await withSql(db, (sql) =>
        sql<{ state: string; n: number }[]>`
        SELECT state, count(*)::int AS n FROM corun_jobs GROUP BY state`);
      assertEquals(handedBack.map((row) => [row.state, row.n]), [["queued", 3]]);
      const stopped = await withSql(
        db,
        (sql) =>
          sql<
            { n: number }[]
          >`SELECT count(*)::int AS n FROM corun_workers WHERE stopped_at IS NULL`,
      );
      assertEquals(stopped[0].n, 0, "the worker was not marked stopped");
      // Nothing was recorded done: once the column is back, another worker does every fetch.
      await withSql(db, (sql) => sql`ALTER TABLE corun_workers RENAME COLUMN gone TO skipped`);
      const worker = await corunWithin60s([...args, "--lease", "1s", "--out", `${dir}/b`]);
      assertEquals(worker.code, 0, worker.stderr);
      const states = await withSql(db, (sql) =>
        sql<{ state: string; n: number }[]>`
        SELECT state, count(*)::int AS n FROM corun_jobs GROUP BY state`);
      assertEquals(states.map((row) => [row.state, row.n]), [["done", 3]]);
    } finally {
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
