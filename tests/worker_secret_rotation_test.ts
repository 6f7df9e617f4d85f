/**
 * `corun worker` follows a secret file rotated while it runs: a fetch sends what the file holds
 * then, not what it held when the worker started (the throttle and the failed re-read are tested
 * at the seam, lib/config/secret_refresh_test.ts).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { pgTest, type PostgresCluster } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-worker-rotation-");

const CLI_FLAGS = [
  "run",
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  "--allow-sys=hostname",
  MOD,
];

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

async function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

pgTest(
  "a worker sends the token its file holds now, rotated since it started",
  async (cluster: PostgresCluster) => {
    const sent: (string | null)[] = [];
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
      sent.push(request.headers.get("authorization"));
      return new Response("page");
    });
    try {
      await withDir(async (dir) => {
        await Deno.writeTextFile(`${dir}/token`, "TOKEN_ONE_4711\n");
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(
          config,
          `tasks:\n  - name: pages\n    fetch:\n` +
            `      url: "http://127.0.0.1:${server.addr.port}/p[1-2].html"\n` +
            `      auth: { bearer: { file: token } }\n    save: "p{1}.html"\n`,
        );
        const worker = new Deno.Command(Deno.execPath(), {
          args: [...CLI_FLAGS, "worker", config, "--db", cluster.url, "--out", `${dir}/out`],
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const output = worker.output();
        try {
          await waitFor("the worker to start", () => workerRunning(cluster.url));
          // Rotated after the worker read it, as a sidecar refreshes a token.
          await Deno.writeTextFile(`${dir}/token.new`, "TOKEN_TWO_4711\n");
          await Deno.rename(`${dir}/token.new`, `${dir}/token`);
          const submitted = await runDeno([...CLI_FLAGS, "submit", config, "--db", cluster.url]);
          assertEquals(submitted.code, 0, submitted.stderr);
          await waitFor("both fetches", () => sent.length === 2);
        } finally {
          worker.kill("SIGTERM");
        }
        const end = await output;
        const text = new TextDecoder().decode(end.stderr);
        assertEquals(sent, ["Bearer TOKEN_TWO_4711", "Bearer TOKEN_TWO_4711"], text);
        assertEquals(text.includes("TOKEN_"), false, text);
      });
    } finally {
      await server.shutdown();
    }
  },
);
