/**
 * Workers of a shared queue save as one run does: within one submit, a fetch whose save path
 * another worker's fetch saves (or needs as a folder, or has a file where it needs one) fails with
 * `SAVE_COLLISION` naming the other fetch's URL, and the first file stays; another submit saving
 * there again is no collision, in one long-running worker too. Each collision is set up across
 * two workers: the second fetch is held out of the queue while the first worker drains it. Where
 * the output directory's file system folds case, the database compares the paths as it does.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { main } from "../lib/cli/main.ts";
import { loadConfig } from "../lib/config/mod.ts";
import { run } from "../lib/tasks/mod.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];
const withDir = withTempDir("corun-shared-saves-");

/** A server answering each path with `body of PATH`. */
async function withServer(body: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => new Response(`body of ${new URL(request.url).pathname}`),
  );
  try {
    await body(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

async function corun(args: string[], db: string) {
  return await runDeno([...CLI_FLAGS, ...args, "--db", db], { env: { NO_COLOR: "1" } });
}

async function withSql<T>(db: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(db, { onnotice: () => {} });
  try {
    return await body(sql);
  } finally {
    await sql.end();
  }
}

/**
 * Submits `config`, then has one worker drain it with the job of `heldUrl` held out of the queue
 * (left out, as far as claims see), and a second worker drain that job alone.
 *
 * @returns The second worker's run, and how the held job ended.
 */
async function acrossTwoWorkers(
  db: string,
  config: string,
  heldUrl: string,
  outDirs: [string, string],
) {
  assertEquals((await corun(["submit", config], db)).code, 0);
  await withSql(db, (sql) => sql`UPDATE corun_jobs SET state = 'skipped' WHERE url = ${heldUrl}`);
  const first = await corun(["worker", config, "--drain", "--out", outDirs[0]], db);
  assertEquals(first.code, 0, first.stderr);
  await withSql(db, (sql) => sql`UPDATE corun_jobs SET state = 'queued' WHERE url = ${heldUrl}`);
  const second = await corun(["worker", config, "--drain", "--out", outDirs[1]], db);
  const [held] = await withSql(db, (sql) =>
    sql<{ state: string; last_error: string | null }[]>`
      SELECT state, last_error FROM corun_jobs WHERE url = ${heldUrl}`);
  const codes = await withSql(db, (sql) =>
    sql<{ code: string | null }[]>`
      SELECT line->'error'->>'code' AS code FROM corun_results WHERE line->>'url' = ${heldUrl}`);
  return { second, held, codes: codes.map((row) => row.code) };
}

/** Two list tasks, `first` and `second`, each of one line: a URL and its save path. */
async function twoListTasks(dir: string, first: string, second: string): Promise<string> {
  await Deno.writeTextFile(`${dir}/first.txt`, `${first}\n`);
  await Deno.writeTextFile(`${dir}/second.txt`, `${second}\n`);
  const config = `${dir}/pages.yaml`;
  await Deno.writeTextFile(
    config,
    "metadata: false\ntasks:\n" +
      "  - { name: first, fetch: { urls: first.txt, allowEmptyList: true } }\n" +
      "  - { name: second, fetch: { urls: second.txt, allowEmptyList: true } }\n",
  );
  return config;
}

pgTest("save paths across the workers of a shared queue", async (cluster, t) => {
  await t.step(
    "two tasks' list lines naming one file, on two workers sharing a mount: the second fails naming the first fetch; its file stays",
    async () => {
      const db = await cluster.createDatabase("saves_two_tasks");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const config = await twoListTasks(dir, `${base}/a\tshared.txt`, `${base}/b\tshared.txt`);
          const out = `${dir}/out`;
          const run = await acrossTwoWorkers(db, config, `${base}/b`, [out, out]);
          assertEquals(run.second.code, 1, run.second.stderr);
          assertEquals(run.held.state, "failed");
          assertEquals(
            run.held.last_error,
            `Cannot save "shared.txt" for task "second": the fetch of ${base}/a (task "first") ` +
              "saves to that path in this run; give the tasks save templates that render " +
              "different paths",
          );
          assertEquals(run.codes, ["SAVE_COLLISION"]);
          assertEquals(await Deno.readTextFile(`${out}/shared.txt`), "body of /a");
        })
      );
    },
  );

  await t.step(
    "{filename} of one task named alike for two URLs, one worker after another: the second fails naming the first URL",
    async () => {
      const db = await cluster.createDatabase("saves_filename");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          await Deno.writeTextFile(`${dir}/urls.txt`, `${base}/x/file.txt\n${base}/y/file.txt\n`);
          const config = `${dir}/dl.yaml`;
          await Deno.writeTextFile(
            config,
            'metadata: false\ntasks:\n  - { name: dl, fetch: { urls: urls.txt }, save: "{filename}" }\n',
          );
          const out = `${dir}/out`;
          const run = await acrossTwoWorkers(db, config, `${base}/y/file.txt`, [out, out]);
          assertEquals(run.second.code, 1, run.second.stderr);
          assertStringIncludes(
            run.held.last_error ?? "",
            `Cannot save "file.txt" for task "dl": the fetch of ${base}/x/file.txt (task "dl") ` +
              "saves to that path in this run; their servers named both downloads alike",
          );
          assertEquals(await Deno.readTextFile(`${out}/file.txt`), "body of /x/file.txt");
        })
      );
    },
  );

  await t.step(
    "a/b and then a/b/c.html, on two machines: the second fails, its folder a file of the first",
    async () => {
      const db = await cluster.createDatabase("saves_file_then_folder");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const config = await twoListTasks(dir, `${base}/a\ta/b`, `${base}/c\ta/b/c.html`);
          const outs: [string, string] = [`${dir}/one`, `${dir}/two`];
          await Deno.mkdir(outs[1]);
          const run = await acrossTwoWorkers(db, config, `${base}/c`, outs);
          assertEquals(run.second.code, 1, run.second.stderr);
          assertEquals(
            run.held.last_error,
            `Cannot save "a/b/c.html" for task "second": its folder "a/b" is a file the fetch of ` +
              `${base}/a (task "first") saves in this run; a path cannot be both a file and a ` +
              "folder: save one of them under another name",
          );
          assertEquals(await listFiles(outs[1]), []);
        })
      );
    },
  );

  await t.step(
    "a/b/c.html and then a/b, on two machines: the second fails, its path the first's folder",
    async () => {
      const db = await cluster.createDatabase("saves_folder_then_file");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const config = await twoListTasks(dir, `${base}/c\ta/b/c.html`, `${base}/a\ta/b`);
          const outs: [string, string] = [`${dir}/one`, `${dir}/two`];
          await Deno.mkdir(outs[1]);
          const run = await acrossTwoWorkers(db, config, `${base}/a`, outs);
          assertEquals(run.second.code, 1, run.second.stderr);
          assertEquals(
            run.held.last_error,
            `Cannot save "a/b" for task "second": it is the folder of "a/b/c.html", which the ` +
              `fetch of ${base}/c (task "first") saves in this run; a path cannot be both a file ` +
              "and a folder: save one of them under another name",
          );
          assertEquals(await listFiles(outs[1]), []);
        })
      );
    },
  );

  await t.step(
    "a config of one writing task: its saves claim nothing in the database, as a run keeps no claim of them",
    async () => {
      const db = await cluster.createDatabase("saves_solo");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          // Its own saves may repeat a path: the later replaces the earlier, as in a run.
          const lines = [
            `${base}/a\tpages/a.txt`,
            `${base}/b\tpages/b.txt`,
            `${base}/c\tpages/b.txt`,
          ];
          await Deno.writeTextFile(`${dir}/pages.txt`, lines.join("\n") + "\n");
          const config = `${dir}/solo.yaml`;
          await Deno.writeTextFile(
            config,
            "metadata: false\nconcurrency: 1\ntasks:\n  - { name: pages, fetch: { urls: pages.txt } }\n",
          );
          assertEquals((await corun(["submit", config], db)).code, 0);
          const worker = await corun(["worker", config, "--drain", "--out", `${dir}/out`], db);
          assertEquals(worker.code, 0, worker.stderr);
          assertEquals(await listFiles(`${dir}/out`), ["pages/a.txt", "pages/b.txt"]);
          assertEquals(await Deno.readTextFile(`${dir}/out/pages/b.txt`), "body of /c");
          const saves = await withSql(db, (sql) => sql`SELECT path FROM corun_saves`);
          assertEquals(saves.length, 0);
        })
      );
    },
  );

  await t.step(
    "a config of one writing task whose save is {filename}: a list line naming a file its server named fails",
    async () => {
      const db = await cluster.createDatabase("saves_solo_filename");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          await Deno.writeTextFile(`${dir}/urls.txt`, `${base}/x/file.txt\n${base}/z\tfile.txt\n`);
          const config = `${dir}/dl.yaml`;
          await Deno.writeTextFile(
            config,
            "metadata: false\nconcurrency: 1\ntasks:\n" +
              '  - { name: dl, fetch: { urls: urls.txt }, save: "{filename}" }\n',
          );
          assertEquals((await corun(["submit", config], db)).code, 0);
          const worker = await corun(["worker", config, "--drain", "--out", `${dir}/out`], db);
          assertEquals(worker.code, 1, worker.stderr);
          const jobs = await withSql(db, (sql) =>
            sql<{ state: string; last_error: string | null }[]>`
              SELECT state, last_error FROM corun_jobs ORDER BY id`);
          assertEquals(jobs.map((job) => job.state), ["done", "failed"]);
          assertStringIncludes(
            jobs[1].last_error ?? "",
            `Cannot save "file.txt" for task "dl": the fetch of ${base}/x/file.txt (task "dl") ` +
              "saves to that path in this run",
          );
          assertEquals(await Deno.readTextFile(`${dir}/out/file.txt`), "body of /x/file.txt");
        })
      );
    },
  );

  await t.step(
    "three submits saving one file, by one task, another, and the first again: one worker saves each",
    async () => {
      const db = await cluster.createDatabase("saves_three_submits");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const submits: [string, string][] = [
            [`${base}/a\tshared.txt`, "# none"],
            ["# none", `${base}/b\tshared.txt`],
            [`${base}/a\tshared.txt`, "# none"],
          ];
          let config = "";
          for (const [first, second] of submits) {
            config = await twoListTasks(dir, first, second);
            assertEquals((await corun(["submit", config], db)).code, 0);
          }
          // One worker for all three: it keeps no path of one submit against the next.
          const worker = await corun(["worker", config, "--drain", "--out", `${dir}/out`], db);
          assertEquals(worker.code, 0, worker.stderr);
          const rows = await withSql(db, (sql) =>
            sql<{ state: string }[]>`SELECT state FROM corun_jobs ORDER BY id`);
          assertEquals(
            rows.map((row) =>
              row.state
            ),
            ["done", "done", "done"],
          );
        })
      );
    },
  );
});

/**
 * Submits a TypeScript config of `tasks` (its `tasks:` array, as TypeScript) that fetches one URL
 * at a time, in the order submitted, and has one worker drain it into `out`.
 *
 * @returns The worker's run, and each job's task, state and error, in order.
 */
async function drainTypeScript(db: string, dir: string, tasks: string) {
  const config = `${dir}/callback.ts`;
  await Deno.writeTextFile(
    config,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ concurrency: 1, metadata: false, tasks: [${tasks}] });
`,
  );
  assertEquals((await corun(["submit", config], db)).code, 0);
  const worker = await corun(["worker", config, "--drain", "--out", `${dir}/out`], db);
  const jobs = await withSql(
    db,
    (sql) =>
      sql<{ task: string; state: string; last_error: string | null }[]>`
      SELECT task, state, last_error FROM corun_jobs ORDER BY id`,
  );
  return { worker, jobs };
}

pgTest("a callback's file in a worker of a shared queue", async (cluster, t) => {
  for (const call of ["write", "append"] as const) {
    await t.step(
      `ctx.${call} of a file another task's fetch saved before, in one worker: refused, the file stays`,
      async () => {
        const db = await cluster.createDatabase(`callback_${call}`);
        await withServer(async (base) =>
          await withDir(async (dir) => {
            const { worker, jobs } = await drainTypeScript(
              db,
              dir,
              `fetchTask("a", "${base}/a", { save: "index.html" }),
  fetchTask("b", "${base}/b", {
    *onResponse(_response, ctx) { yield* ctx.${call}("index.html", "from b"); },
  })`,
            );
            assertEquals(worker.code, 1, worker.stderr);
            assertEquals(jobs.map((job) => `${job.task} ${job.state}`), ["a done", "b failed"]);
            assertStringIncludes(
              jobs[1].last_error ?? "",
              `Cannot save "index.html" for task "b": the fetch of ${base}/a (task "a") saves to ` +
                "that path in this run",
            );
            assertEquals(await Deno.readTextFile(`${dir}/out/index.html`), "body of /a");
          })
        );
      },
    );
  }

  await t.step(
    "a download its server named as another's, refused by the database: its worker still refuses a ctx.write over the first",
    async () => {
      const db = await cluster.createDatabase("callback_named");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          await Deno.writeTextFile(`${dir}/urls.txt`, `${base}/x/file.txt\n${base}/y/file.txt\n`);
          const { worker, jobs } = await drainTypeScript(
            db,
            dir,
            `fetchTask("dl", { urls: "urls.txt" }, { save: "{filename}" }),
  fetchTask("w", "${base}/w", {
    *onResponse(_response, ctx) { yield* ctx.write("file.txt", "from w"); },
  })`,
          );
          assertEquals(worker.code, 1, worker.stderr);
          assertEquals(jobs.map((job) => `${job.task} ${job.state}`), [
            "dl done",
            "dl failed",
            "w failed",
          ]);
          assertStringIncludes(
            jobs[2].last_error ?? "",
            `Cannot save "file.txt" for task "w": the fetch of ${base}/x/file.txt (task "dl") ` +
              "saves to that path in this run",
          );
          assertEquals(await Deno.readTextFile(`${dir}/out/file.txt`), "body of /x/file.txt");
        })
      );
    },
  );

  await t.step(
    "a save the database refused (another worker's file) is not its worker's: the file's own task's callback writes it, as in a run",
    async () => {
      const db = await cluster.createDatabase("callback_after_refused");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          // Task b's save comes first in the queue; task a's /x writes a's file from its callback.
          await Deno.writeTextFile(`${dir}/a.txt`, `${base}/a\tindex.html\n${base}/x\tx.html\n`);
          const config = `${dir}/refused.ts`;
          await Deno.writeTextFile(
            config,
            `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ concurrency: 1, metadata: false, tasks: [
  fetchTask("b", "${base}/b", { save: "index.html" }),
  fetchTask("a", { urls: "a.txt" }, {
    *onResponse(response, ctx) {
      if (response.url.endsWith("/x")) yield* ctx.write("index.html", "from x");
    },
  }),
] });
`,
          );
          assertEquals((await corun(["submit", config], db)).code, 0);
          // One worker saves a's index.html; then another takes b's save, which the database
          // refuses, and a's /x, whose callback writes over its own task's file.
          const held = [`${base}/b`, `${base}/x`];
          await withSql(db, (sql) =>
            sql`UPDATE corun_jobs SET state = 'skipped' WHERE url = ANY(${held})`);
          const out = `${dir}/out`;
          const first = await corun(["worker", config, "--drain", "--out", out], db);
          assertEquals(first.code, 0, first.stderr);
          await withSql(db, (sql) =>
            sql`UPDATE corun_jobs SET state = 'queued' WHERE url = ANY(${held})`);
          const second = await corun(["worker", config, "--drain", "--out", out], db);
          assertEquals(second.code, 1, second.stderr);
          const jobs = await withSql(db, (sql) =>
            sql<{ url: string; state: string; last_error: string | null }[]>`
              SELECT url, state, last_error FROM corun_jobs ORDER BY id`);
          assertEquals(
            jobs.map((job) =>
              `${job.url} ${job.state}`
            ),
            [
              `${base}/b failed`,
              `${base}/a done`,
              `${base}/x done`,
            ],
          );
          assertStringIncludes(
            jobs[0].last_error ?? "",
            `Cannot save "index.html" for task "b": the fetch of ${base}/a (task "a") saves to ` +
              "that path in this run",
          );
          assertEquals(await Deno.readTextFile(`${out}/index.html`), "from x");
        })
      );
    },
  );
});

/** A file system that folds case and Unicode normalization (macOS, Windows, FAT, SMB). */
const FOLDS = { case: true, normalization: true };

/**
 * `corun worker CONFIG --drain` in this process, its output directory's file system taken to fold
 * case and normalization (no test may mount a FAT image: the run is told, as `probeNameFolding`
 * would tell it there).
 */
async function foldingWorker(db: string, config: string, out: string) {
  const world = createFakeWorld({
    run: (spec, options = {}) =>
      run(spec, { ...options, sinks: { ...options.sinks, nameFolding: FOLDS } }),
  });
  const host = { ...world.host, loadConfig, now: () => new Date() };
  const code = await main(["worker", config, "--drain", "--out", out, "--db", db], host);
  return { code, stderr: world.stderr() };
}

/** {@linkcode twoListTasks}, one fetch at a time: the first task's line is fetched first. */
async function twoListTasksInTurn(dir: string, first: string, second: string): Promise<string> {
  const config = await twoListTasks(dir, first, second);
  await Deno.writeTextFile(config, "concurrency: 1\n" + await Deno.readTextFile(config));
  return config;
}

/** How each job of the queue ended, in order. */
function jobsOf(db: string) {
  return withSql(db, (sql) =>
    sql<{ state: string; last_error: string | null }[]>`
      SELECT state, last_error FROM corun_jobs ORDER BY id`);
}

pgTest("save paths of a shared queue on a file system that folds case", async (cluster, t) => {
  await t.step(
    "Report.txt and report.txt of two tasks: one file there, so the second fails naming the first; the first body stays",
    async () => {
      const db = await cluster.createDatabase("saves_case_fold");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const config = await twoListTasksInTurn(
            dir,
            `${base}/a\tReport.txt`,
            `${base}/b\treport.txt`,
          );
          assertEquals((await corun(["submit", config], db)).code, 0);
          const out = `${dir}/out`;
          const worker = await foldingWorker(db, config, out);
          assertEquals(worker.code, 1, worker.stderr);
          const jobs = await jobsOf(db);
          assertEquals(jobs.map((job) => job.state), ["done", "failed"]);
          assertEquals(
            jobs[1].last_error,
            `Cannot save "report.txt" for task "second": the fetch of ${base}/a (task "first") ` +
              "saves to that path in this run; give the tasks save templates that render " +
              "different paths",
          );
          assertEquals(await listFiles(out), ["Report.txt"]);
          assertEquals(await Deno.readTextFile(`${out}/Report.txt`), "body of /a");
        })
      );
    },
  );

  await t.step(
    "a/b and then A/B/c.html: the second fails, its folder (named as it spells it) a file of the first",
    async () => {
      const db = await cluster.createDatabase("saves_case_fold_folder");
      await withServer(async (base) =>
        await withDir(async (dir) => {
          const config = await twoListTasksInTurn(dir, `${base}/a\ta/b`, `${base}/c\tA/B/c.html`);
          assertEquals((await corun(["submit", config], db)).code, 0);
          const out = `${dir}/out`;
          const worker = await foldingWorker(db, config, out);
          assertEquals(worker.code, 1, worker.stderr);
          const jobs = await jobsOf(db);
          assertEquals(jobs.map((job) => job.state), ["done", "failed"]);
          assertEquals(
            jobs[1].last_error,
            `Cannot save "A/B/c.html" for task "second": its folder "A/B" is a file the fetch of ` +
              `${base}/a (task "first") saves in this run; a path cannot be both a file and a ` +
              "folder: save one of them under another name",
          );
          assertEquals(await listFiles(out), ["a/b"]);
        })
      );
    },
  );
});
