/**
 * A shared queue holds no credential: `corun submit` loads the config (so its `{ env }` and
 * `{ file }` must be readable where it runs, as for `run`), but a job row holds the fetch's URL and
 * save, not its headers; each worker loads the config itself and sends what its own machine's
 * variables and files hold.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";
import postgres from "npm:postgres@3.4.9";

const withDir = withTempDir("corun-shared-secrets-");

function corun(args: string[], cwd: string, env: Record<string, string>) {
  return runDeno(
    [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      "--allow-env",
      "--allow-sys=hostname",
      MOD,
      ...args,
    ],
    { cwd, stdin: "", env: { NO_COLOR: "1", ...env } },
  );
}

pgTest("a shared queue's credentials", async (cluster, t) => {
  await t.step("each worker reads its own { env }; no row holds the submitter's", async () => {
    const db = await cluster.createDatabase("secrets");
    await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/q.yaml`,
        `tasks:
  - name: pages
    fetch: { url: "${server.url("/[a-b]")}", auth: { bearer: { env: QUEUE_TOKEN } } }
    save: "{1}.txt"
`,
      );
      const unset = await corun(["submit", "q.yaml", "--db", db], dir, {});
      assertEquals(unset.code, 2, unset.stderr);
      assertStringIncludes(
        unset.stderr,
        "tasks[0].fetch.auth.bearer.env: cannot use the environment variable QUEUE_TOKEN: it is " +
          "not set",
      );
      const submit = await corun(["submit", "q.yaml", "--db", db], dir, {
        QUEUE_TOKEN: "SUBMITTER_4711",
      });
      assertEquals(submit.code, 0, submit.stderr);
      const worker = await corun(["worker", "q.yaml", "--db", db, "--drain"], dir, {
        QUEUE_TOKEN: "WORKER_4711",
      });
      assertEquals(worker.code, 0, worker.stdout + worker.stderr);
      assertEquals(
        server.requests.map((request) => request.headers.get("authorization")),
        ["Bearer WORKER_4711", "Bearer WORKER_4711"],
      );
      const sql = postgres(db, { onnotice: () => {} });
      try {
        const tables = await sql<{ name: string }[]>`
          SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name LIKE 'corun%'`;
        assert(tables.some(({ name }) => name === "corun_jobs"), JSON.stringify(tables));
        for (const { name } of tables) {
          const rows = await sql.unsafe(`SELECT t::text AS row FROM "${name}" t`);
          for (const { row } of rows) {
            assert(!String(row).includes("_4711"), `${name} holds a token: ${row}`);
          }
        }
      } finally {
        await sql.end();
      }
    });
  });
});
