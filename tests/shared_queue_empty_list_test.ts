/**
 * A list with no URL is refused by `corun submit` as a run fails its task (`EMPTY_LIST`): the
 * submit's transaction puts nothing, not even the other tasks' fetches, so running it again once
 * the list is written queues nothing twice. A list that may be empty on purpose
 * (`allowEmptyList: true`) is submitted with its 0 fetches beside the others. A worker reads no
 * list (the queue holds its lines' fetches): one emptied after the submit fails nothing there.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];
const withDir = withTempDir("corun-shared-empty-list-");

/** A config of a one-URL task and a list task whose list holds only a comment. */
async function writeConfig(dir: string, allowEmptyList: boolean): Promise<string> {
  await Deno.writeTextFile(`${dir}/new.txt`, "# nothing new today\n");
  const config = `${dir}/pages.yaml`;
  await Deno.writeTextFile(
    config,
    "tasks:\n" +
      '  - { name: page, fetch: "http://127.0.0.1:1/a", save: a.html }\n' +
      `  - name: new\n    fetch: { urls: new.txt${
        allowEmptyList ? ", allowEmptyList: true" : ""
      } }\n`,
  );
  return config;
}

async function jobsIn(db: string): Promise<number> {
  const sql = postgres(db, { onnotice: () => {} });
  try {
    const [row] = await sql`SELECT count(*)::int AS jobs FROM corun_jobs`;
    return row.jobs;
  } finally {
    await sql.end();
  }
}

pgTest("submit of a list with no URL", async (cluster, t) => {
  await t.step("is refused, naming the task and the setting, and queues nothing", async () => {
    const db = await cluster.createDatabase("empty_list_refused");
    await withDir(async (dir) => {
      const config = await writeConfig(dir, false);
      const ran = await runDeno([...CLI_FLAGS, "submit", config, "--db", db], {
        env: { NO_COLOR: "1" },
      });
      assertEquals(ran.code, 1, ran.stderr);
      assertStringIncludes(
        ran.stderr,
        `Task "new": its URL list "${dir}/new.txt" holds no URL (the file is empty, or has only ` +
          "blank lines and comments), so nothing was fetched; a list that may be empty on " +
          "purpose takes allowEmptyList: true beside its urls",
      );
      assertEquals(await jobsIn(db), 0, "the one-URL task's fetch is not queued either");
    });
  });

  await t.step(
    "with allowEmptyList: true is submitted, the other task's fetch queued",
    async () => {
      const db = await cluster.createDatabase("empty_list_allowed");
      await withDir(async (dir) => {
        const config = await writeConfig(dir, true);
        const ran = await runDeno([...CLI_FLAGS, "submit", config, "--db", db], {
          env: { NO_COLOR: "1" },
        });
        assertEquals(ran.code, 0, ran.stderr);
        assertStringIncludes(ran.stdout, "submitted 1 fetch of 2 tasks");
        assertEquals(await jobsIn(db), 1);
      });
    },
  );

  await t.step(
    "a list emptied after the submit: the worker fetches what was submitted, and no task fails",
    async () => {
      const db = await cluster.createDatabase("empty_list_after_submit");
      const server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        () => new Response("page"),
      );
      try {
        await withDir(async (dir) => {
          await Deno.writeTextFile(`${dir}/new.txt`, `http://127.0.0.1:${server.addr.port}/a\n`);
          const config = `${dir}/pages.yaml`;
          await Deno.writeTextFile(
            config,
            'tasks:\n  - { name: new, fetch: { urls: new.txt }, save: "{path}" }\n',
          );
          const submitted = await runDeno([...CLI_FLAGS, "submit", config, "--db", db]);
          assertEquals(submitted.code, 0, submitted.stderr);
          await Deno.writeTextFile(`${dir}/new.txt`, "# nothing new today\n");
          const worked = await runDeno(
            [...CLI_FLAGS, "worker", config, "--drain", "--db", db, "--out", `${dir}/out`],
            { env: { NO_COLOR: "1" } },
          );
          assertEquals(worked.code, 0, worked.stderr);
          assertStringIncludes(worked.stderr, "1 fetches done, 0 failed");
          assertEquals(await Deno.readTextFile(`${dir}/out/a`), "page");
        });
      } finally {
        await server.shutdown();
      }
    },
  );
});
