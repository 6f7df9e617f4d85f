/**
 * A shared queue holds no credential: `corun submit` (and `status`) loads the config without its
 * `{ env }` and `{ file }` (the variable may be unset, the file missing where it runs), since a job
 * row holds the fetch's URL and save, not its headers; each worker loads the config itself and
 * sends what its own machine's variables and files hold. Nor does it hold a cookie: each worker
 * keeps its own jar, which `submit` and `worker` say.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import { QUEUE_CLI_ARGS, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";
import postgres from "npm:postgres@3.4.9";

const withDir = withTempDir("corun-shared-secrets-");

function corun(args: string[], cwd: string, env: Record<string, string>) {
  return runDeno(
    [...QUEUE_CLI_ARGS, ...args],
    { cwd, stdin: "", env: { NO_COLOR: "1", ...env } },
  );
}

pgTest("a shared queue's credentials", async (cluster, t) => {
  await t.step(
    "submit and status need none; each worker reads its own; no row holds one",
    async () => {
      const db = await cluster.createDatabase("secrets");
      const routes: Record<string, Route> = { "/a": { body: "a" }, "/c": { body: "c" } };
      await using server = startRouteServer(routes);
      // localhost: another origin, where the worker's credentials do not follow.
      routes["/b"] = { status: 302, headers: { Location: `http://localhost:${server.port}/c` } };
      await withDir(async (dir) => {
        await Deno.writeTextFile(
          `${dir}/q.yaml`,
          `tasks:
  - name: pages
    fetch: { url: "${server.url("/[a-b]")}", auth: { bearer: { env: QUEUE_TOKEN } } }
    headers: { X-Api-Key: { file: key.txt } }
    save: "{1}.txt"
`,
        );
        // The variable unset, the file missing: neither is read.
        const submit = await corun(["submit", "q.yaml", "--db", db], dir, {});
        assertEquals([submit.code, submit.stderr], [0, ""]);
        assertStringIncludes(submit.stdout, "submitted 2 fetches of 1 task");
        const status = await corun(["status", "q.yaml", "--db", db], dir, {});
        assertEquals(status.code, 0, status.stderr);
        assertStringIncludes(status.stdout, "queue q");
        // A worker sends its requests: it reads them, and says which it cannot.
        const unset = await corun(["worker", "q.yaml", "--db", db, "--drain"], dir, {});
        assertEquals(unset.code, 2, unset.stderr);
        assertStringIncludes(
          unset.stderr,
          "tasks[0].fetch.auth.bearer.env: cannot use the environment variable QUEUE_TOKEN: it is " +
            "not set",
        );
        assertEquals(server.requests.length, 0);
        await Deno.writeTextFile(`${dir}/key.txt`, "WORKER_KEY_4711\n");
        const worker = await corun(["worker", "q.yaml", "--db", db, "--drain"], dir, {
          QUEUE_TOKEN: "WORKER_4711",
        });
        assertEquals(worker.code, 0, worker.stdout + worker.stderr);
        // The worker builds its requests from the config it loaded: the { file } header is a
        // credential there too, left out as Authorization is when the redirect leaves the origin.
        assertEquals(
          server.requests.map((request) => [
            `${request.headers.get("host")?.split(":")[0]} ${request.path}`,
            request.headers.get("authorization"),
            request.headers.get("x-api-key"),
          ]).sort(),
          [
            ["127.0.0.1 /a", "Bearer WORKER_4711", "WORKER_KEY_4711"],
            ["127.0.0.1 /b", "Bearer WORKER_4711", "WORKER_KEY_4711"],
            ["localhost /c", null, null],
          ],
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
    },
  );

  await t.step(
    "cookies: submit and worker say once that each worker keeps its own jar, read and saved there",
    async () => {
      const db = await cluster.createDatabase("cookies");
      await using server = startRouteServer({
        "/login": { headers: [["Set-Cookie", "sid=W1_4711; Path=/"]] },
        "/page": { body: "page" },
      });
      await withDir(async (dir) => {
        await Deno.writeTextFile(
          `${dir}/q.yaml`,
          `cookies: jar.json\ntasks:\n  - { name: login, fetch: "${server.url("/login")}" }\n`,
        );
        const said = (stderr: string) =>
          stderr.match(
            /Each worker of a shared queue keeps its own cookie jar, read from "[^"]*jar\.json"/g,
          )
            ?.length;
        const submit = await corun(["submit", "q.yaml", "--db", db], dir, {});
        assertEquals([submit.code, said(submit.stderr)], [0, 1], submit.stderr);
        assertStringIncludes(submit.stderr, "a cookie set for one worker's fetch");
        const worker = await corun(["worker", "q.yaml", "--db", db, "--drain"], dir, {});
        assertEquals([worker.code, said(worker.stderr)], [0, 1], worker.stderr);
        // Saved where the worker runs, when it stops; the next worker there reads it.
        assertStringIncludes(await Deno.readTextFile(`${dir}/jar.json`), "W1_4711");
        await Deno.writeTextFile(
          `${dir}/q.yaml`,
          `cookies: jar.json\ntasks:\n  - { name: page, fetch: "${server.url("/page")}" }\n`,
        );
        assertEquals((await corun(["submit", "q.yaml", "--db", db], dir, {})).code, 0);
        const next = await corun(["worker", "q.yaml", "--db", db, "--drain"], dir, {});
        assertEquals(next.code, 0, next.stderr);
        assertEquals(server.requests.at(-1)?.headers.get("cookie"), "sid=W1_4711");
      });
    },
  );
});
