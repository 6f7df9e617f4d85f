/**
 * `corun status` of a shared queue lists every running worker first: the rows of the workers that
 * stopped or were killed since are kept, and must not push a running one out of the list; how long
 * ago a worker was seen is the database's reckoning, whatever the reader's clock says. A status the
 * database refuses says so and where, in a line.
 */
import { assertEquals, assertMatch, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { PgStore, queueStatus } from "../lib/frontier/pg/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { main } from "../lib/cli/main.ts";

pgTest("status of a shared queue", async (cluster, t) => {
  await t.step("a running worker is listed however many stopped after it started", async () => {
    const store = await PgStore.connect(await cluster.createDatabase("status_many"));
    try {
      await store.registerWorker("long-running", "q", "host", 1);
      // Workers that came and went since (a cron job's drains), each row kept.
      for (let n = 1; n <= 25; n++) {
        await store.registerWorker(`drain-${n}`, "q", "host", 1 + n);
        await store.stopWorker(`drain-${n}`);
      }
      const [status] = await queueStatus(store, "q");
      assertEquals(status.workers.length, 20);
      assertEquals(
        status.workers.filter((worker) => worker.state === "running").map((worker) => worker.id),
        ["long-running"],
      );
    } finally {
      await store.close();
    }
  });

  await t.step("a status the database refuses names the database, in one line", async () => {
    const owner = await cluster.createDatabase("status_refused");
    const store = await PgStore.connect(owner); // the tables
    try {
      // A role that may read some of corun's tables only.
      await store.sql.unsafe(`
        CREATE ROLE corun_peek LOGIN;
        GRANT SELECT ON corun_migrations, corun_origins TO corun_peek;`);
    } finally {
      await store.close();
    }
    const peek = owner.replace("//corun@", "//corun_peek:secret@");
    const status = await runDeno(
      ["run", "--allow-net", "--allow-env", "--allow-read", MOD, "status", "--db", peek],
    );
    assertEquals(status.code, 1, status.stderr);
    const where = peek.replace("corun_peek:secret", "***");
    assertStringIncludes(status.stderr, `Cannot read the queues in ${where}: permission denied`);
    assertEquals(status.stderr.trimEnd().split("\n").length, 1, status.stderr);
  });

  await t.step("how long ago a worker was seen is told by the database's clock", async () => {
    const url = await cluster.createDatabase("status_clock");
    const store = await PgStore.connect(url);
    try {
      await store.registerWorker("w", "q", "host", 1, 120_000);
      await store.sql`UPDATE corun_workers SET last_seen = now() - interval '90 seconds'`;
    } finally {
      await store.close();
    }
    // This machine's clock is days away from the database's (FAKE_NOW).
    const world = createFakeWorld();
    assertEquals(
      await main(["status", "--db", url, "--queue", "q"], world.host),
      0,
      world.stderr(),
    );
    assertMatch(world.stdout(), /\sw\s+running\s+0\s+0\s+0\s+90s ago\n/);
  });
});
