/**
 * The shared-queue commands under narrowed Deno permissions, as separate processes: a worker that
 * may not reach its config's task hosts refuses to start, with the flag to add (exit 2), and a
 * worker that meets a host it may not reach only later (a list's) gives the fetch back to the queue
 * and stops, naming the flag: neither fails the queue's fetches for the workers that may. Every
 * command that uses the database refuses, before it connects, to go on without reading the
 * environment (unscoped: the PostgreSQL client reads a dozen `PG*` variables) or reaching the
 * database's host, each in corun's words with the flag to add, exit 2; a worker names the
 * database's host and its tasks' in one `--allow-net`.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";
import postgres from "npm:postgres@3.4.9";

const withDir = withTempDir("corun-shared-permissions-");

/** corun's command line with these permissions only, never a prompt. */
function corun(permissions: string[], args: string[]) {
  return runDeno(["run", "--no-prompt", ...permissions, MOD, ...args], {
    env: { NO_COLOR: "1" },
    stdin: "",
  });
}

/** What a worker needs, but `--allow-net` for the database alone. */
function workerFlags(databasePort: number, ...hosts: string[]): string[] {
  return [
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-sys=hostname",
    `--allow-net=${[`127.0.0.1:${databasePort}`, ...hosts].join(",")}`,
  ];
}

/** The queue's jobs by state. */
async function queueCounts(url: string): Promise<Record<string, number>> {
  const sql = postgres(url, { onnotice: () => {} });
  try {
    const rows = await sql<{ state: string; count: number }[]>`
      SELECT state, count(*)::int AS count FROM corun_jobs GROUP BY state`;
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  } finally {
    await sql.end();
  }
}

pgTest("shared-queue commands under narrowed permissions", async (cluster, t) => {
  await t.step(
    "a worker that may not reach its config's task hosts refuses to start, naming the flag",
    async () => {
      const db = await cluster.createDatabase("worker_task_hosts");
      await using server = startRouteServer({ "/a": { body: "a\n" } });
      const host = `127.0.0.1:${server.port}`;
      await withDir(async (dir) => {
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(config, `tasks:\n  - name: a\n    fetch: http://${host}/a\n`);
        const submitted = await corun(["--allow-read", "--allow-net", "--allow-env"], [
          "submit",
          config,
          "--db",
          db,
        ]);
        assertEquals(submitted.code, 0, submitted.stderr);
        const out = `${dir}/out`;
        const refused = await corun(workerFlags(cluster.port), [
          "worker",
          config,
          "--db",
          db,
          "--drain",
          "--out",
          out,
        ]);
        assertEquals([refused.code, refused.stderr], [
          2,
          `${config}: corun may not connect to ${host} (task "a"): start it with ` +
          `--allow-net=${host} (or --allow-net)\n`,
        ]);
        assertEquals(server.requests.length, 0);
        assertEquals(await queueCounts(db), { queued: 1 });
        // The flag it names is enough, and the fetch was left for it.
        const worker = await corun(workerFlags(cluster.port, host), [
          "worker",
          config,
          "--db",
          db,
          "--drain",
          "--out",
          out,
        ]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(await queueCounts(db), { done: 1 });
      });
    },
  );

  await t.step(
    "a worker that may not reach a list's host gives the fetch back and stops, naming the flag",
    async () => {
      const db = await cluster.createDatabase("worker_list_hosts");
      await using server = startRouteServer({ "/a": { body: "a\n" }, "/b": { body: "b\n" } });
      const host = `127.0.0.1:${server.port}`;
      await withDir(async (dir) => {
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(`${dir}/urls.txt`, `http://${host}/a\nhttp://${host}/b\n`);
        await Deno.writeTextFile(config, `tasks:\n  - name: list\n    fetch: { urls: urls.txt }\n`);
        const submitted = await corun(["--allow-read", "--allow-net", "--allow-env"], [
          "submit",
          config,
          "--db",
          db,
        ]);
        assertEquals(submitted.code, 0, submitted.stderr);
        const out = `${dir}/out`;
        // A list's hosts are not known up front: the worker starts, and stops at the first.
        const stopped = await corun(workerFlags(cluster.port), [
          "worker",
          config,
          "--db",
          db,
          "--drain",
          "--out",
          out,
        ]);
        // One line after its start: both fetches went back for one reason, said once, in no task
        // group's words, naming the job, the host and the flag.
        assertEquals(stopped.code, 1, stopped.stderr);
        const said = stopped.stderr.replaceAll(/^worker [^\s:]+/gm, "worker W").replace(
          /Job \d+/,
          "Job N",
        );
        assertEquals(
          said,
          `worker W: taking fetches of queue "pages"\n` +
            `worker W stopped: Job N of queue "pages" went back to the queue, as this worker may ` +
            `not fetch it: Cannot connect to ${host}: Deno's permissions do not allow it: run ` +
            `again with --allow-net=${host} (or --allow-net)\n`,
        );
        assertEquals(server.requests.length, 0);
        // Nor does its metadata hold a failure for a job another worker saves: it went back.
        const lines = (await Deno.readTextFile(`${out}/corun.jsonl`)).trim().split("\n")
          .map((line) => JSON.parse(line));
        assert(lines.length > 0);
        for (const line of lines) assertEquals(line.error.code, "CANCELLED", JSON.stringify(line));
        assert(
          lines.some((line) =>
            line.error.message ===
              `Cancelled during the fetch of ${line.url}: it went back to the queue, as this ` +
                `worker may not fetch it: Cannot connect to ${host}: Deno's permissions do not ` +
                `allow it: run again with --allow-net=${host} (or --allow-net)`
          ),
          JSON.stringify(lines),
        );
        // Nothing failed: a worker that may reach the host does both.
        assertEquals(await queueCounts(db), { queued: 2 });
        const worker = await corun(workerFlags(cluster.port, host), [
          "worker",
          config,
          "--db",
          db,
          "--drain",
          "--out",
          out,
        ]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(await queueCounts(db), { done: 2 });
      });
    },
  );

  await t.step(
    "database commands without --allow-env or the database's host say which flag to add, exit 2",
    async () => {
      const db = await cluster.createDatabase("database_permissions");
      const server = `127.0.0.1:${cluster.port}`;
      const env = "corun may not read the PostgreSQL client's PG* variables: start it with " +
        "--allow-env (the client reads PGPASSWORD and a dozen others as it connects: a list of " +
        "names will not do)\n";
      const net = `corun may not connect to ${server} (the database): start it with ` +
        `--allow-net=${server} (or --allow-net)\n`;
      await withDir(async (dir) => {
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(config, `tasks:\n  - name: a\n    fetch: http://127.0.0.1:9/a\n`);
        const byEnv = { env: { CORUN_DATABASE_URL: db, NO_COLOR: "1" }, stdin: "" };
        // A list of names is not enough: the client reads more than CORUN_DATABASE_URL.
        const migrate = await runDeno([
          "run",
          "--no-prompt",
          `--allow-net=${server}`,
          "--allow-env=CORUN_DATABASE_URL",
          MOD,
          "db",
          "migrate",
        ], byEnv);
        assertEquals([migrate.code, migrate.stdout, migrate.stderr], [2, "", env]);
        const status = await corun(["--allow-read"], ["status", config, "--db", db]);
        assertEquals([status.code, status.stdout, status.stderr], [2, "", env + net]);
        const submit = await corun(["--allow-read", "--allow-env"], ["submit", config, "--db", db]);
        assertEquals([submit.code, submit.stderr], [2, net]);
        const prune = await corun(["--allow-env"], ["db", "prune", "--db", db]);
        assertEquals([prune.code, prune.stderr], [2, net]);
        // A worker says it with its own permissions, all at once: the database's host and its
        // tasks' in one line, one --allow-net to add (two would each replace the other).
        const worker = await corun(["--allow-read", "--allow-write"], [
          "worker",
          config,
          "--db",
          db,
          "--drain",
        ]);
        assertEquals([worker.code, worker.stderr], [
          2,
          env +
          `${config}: corun may not connect to ${server} (the database), 127.0.0.1:9 (task "a"): ` +
          `start it with --allow-net=${server},127.0.0.1:9 (or --allow-net)\n`,
        ]);
        // That one flag is enough for both.
        const both = await corun(
          ["--allow-read", "--allow-write", "--allow-env", `--allow-net=${server},127.0.0.1:9`],
          ["worker", config, "--db", db, "--drain", "--out", `${dir}/out`],
        );
        assertEquals(both.code, 0, both.stderr);
        // The flags it names are enough.
        const granted = await corun(["--allow-read", "--allow-env", `--allow-net=${server}`], [
          "status",
          config,
          "--db",
          db,
        ]);
        assertEquals(granted.code, 0, granted.stderr);
      });
    },
  );
});
