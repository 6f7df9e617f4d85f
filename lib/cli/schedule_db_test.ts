// `corun schedule --db` as a process of its own on a throwaway PostgreSQL: what it says goes to
// `--log` too, as without --db.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "../../tests/fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "../../tests/fixtures/run_deno.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-schedule-db-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

pgTest("schedule --db appends its lines to --log", async (cluster) => {
  const db = await cluster.createDatabase("logged");
  await inTempDir(async (dir) => {
    const config = `${dir}/pages.yaml`;
    // Nothing is fetched: no worker takes the queue.
    await Deno.writeTextFile(
      config,
      `schedule: { cron: "* * * * * *", overlap: allow, timezone: UTC }\n` +
        `tasks:\n  - name: pages\n    fetch: "http://127.0.0.1:1/p1.html"\n`,
    );
    const until = new Date(Date.now() + 2_500).toISOString();
    const log = `${dir}/logs/schedule.log`;
    const ran = await runDeno(
      [...CLI_FLAGS, "schedule", config, "--db", db, "--log", log, "--until", until],
      { env: { NO_COLOR: "1" } },
    );
    assertEquals(ran.code, 0, ran.stderr);
    const fires = ran.stdout.match(/config fire \S+: 1 fetches into queue "pages"\n/g) ?? [];
    assert(fires.length >= 1, ran.stdout);
    assertEquals(await Deno.readTextFile(log), ran.stdout);
  });
});
