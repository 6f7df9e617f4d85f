/**
 * `corun worker` follows a secret file rotated while it runs: a fetch, and a callback's
 * `ctx.fetch`, send what the file holds then, not what it held when the worker started (the
 * throttle and the failed re-read are tested at the seam, lib/config/secret_refresh_test.ts; a
 * custom task's fetches, which no worker runs, in secret_rotation_run_test.ts).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { pollUntil } from "./fixtures/poll.ts";
import { pgTest, type PostgresCluster } from "./fixtures/postgres_cluster.ts";
import { MOD, QUEUE_CLI_ARGS, type Ran, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-worker-rotation-");

/** Whether a worker of the database is running (its tables may not be there yet). */
async function workerRunning(url: string): Promise<boolean> {
  const sql = postgres(url, { onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM corun_workers WHERE stopped_at IS NULL`;
    return row.n === 1;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

/** A server that records each request's path and `Authorization`: `/p1.html Bearer …`. */
function startServer() {
  const sent: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    sent.push(`${new URL(request.url).pathname} ${request.headers.get("authorization")}`);
    return new Response("page");
  });
  return { sent, url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

/**
 * Starts a worker of `config` (its token file `token` in `dir` holding `TOKEN_ONE_4711`), rotates
 * the file to `TOKEN_TWO_4711` once the worker runs, submits the config, and stops the worker once
 * `sent` holds `requests` requests.
 *
 * @returns What the worker printed.
 */
async function workerAcrossRotation(
  db: string,
  dir: string,
  config: string,
  sent: readonly string[],
  requests: number,
): Promise<Ran> {
  return await runDeno([...QUEUE_CLI_ARGS, "worker", config, "--db", db, "--out", `${dir}/out`], {
    async whileRunning(worker) {
      await pollUntil(() => worker.ended || workerRunning(db), "the worker to start", 50);
      if (worker.ended) throw new Error("the worker ended before it took a fetch");
      // Rotated after the worker read it, as a sidecar refreshes a token.
      await Deno.writeTextFile(`${dir}/token.new`, "TOKEN_TWO_4711\n");
      await Deno.rename(`${dir}/token.new`, `${dir}/token`);
      const submitted = await runDeno([...QUEUE_CLI_ARGS, "submit", config, "--db", db]);
      assertEquals(submitted.code, 0, submitted.stderr);
      await pollUntil(() => sent.length === requests, `${requests} requests`);
      worker.kill("SIGTERM");
    },
  });
}

pgTest("a worker sends the token its file holds now", async (cluster: PostgresCluster, t) => {
  await t.step("a task's own token, rotated since the worker started", async () => {
    const db = await cluster.createDatabase("task_token");
    const server = startServer();
    try {
      await withDir(async (dir) => {
        await Deno.writeTextFile(`${dir}/token`, "TOKEN_ONE_4711\n");
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(
          config,
          `tasks:\n  - name: pages\n    fetch:\n` +
            `      url: "${server.url}/p[1-2].html"\n` +
            `      auth: { bearer: { file: token } }\n    save: "p{1}.html"\n`,
        );
        const worker = await workerAcrossRotation(db, dir, config, server.sent, 2);
        assertEquals(server.sent.toSorted(), [
          "/p1.html Bearer TOKEN_TWO_4711",
          "/p2.html Bearer TOKEN_TWO_4711",
        ], worker.stderr);
        assertEquals(worker.stderr.includes("TOKEN_"), false, worker.stderr);
      });
    } finally {
      await server.close();
    }
  });

  await t.step("a `defaults` header, in a callback's ctx.fetch too", async () => {
    const db = await cluster.createDatabase("defaults_token");
    const server = startServer();
    try {
      await withDir(async (dir) => {
        await Deno.writeTextFile(`${dir}/token`, "TOKEN_ONE_4711\n");
        const config = `${dir}/pages.ts`;
        await Deno.writeTextFile(
          config,
          `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({
  defaults: { headers: { Authorization: { file: "token" } } },
  tasks: [fetchTask("page", "${server.url}/page.html", {
    *onResponse(_response, ctx) {
      yield* ctx.fetch("${server.url}/other.html");
    },
  })],
});
`,
        );
        const worker = await workerAcrossRotation(db, dir, config, server.sent, 2);
        assertEquals(server.sent, [
          "/page.html TOKEN_TWO_4711",
          "/other.html TOKEN_TWO_4711",
        ], worker.stderr);
        assertEquals(worker.stderr.includes("TOKEN_"), false, worker.stderr);
      });
    } finally {
      await server.close();
    }
  });
});
