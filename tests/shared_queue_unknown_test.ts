/**
 * A queue the database does not know (a mistyped `--queue`, a config renamed since its submit) is
 * said, with the queues the database knows, in the words `db cancel` uses, and is no failure:
 * `status` has nothing to show, and a `--drain` worker nothing to drain (it ends at once, leaving
 * no worker row that would make the queue known).
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { PgStore } from "../lib/frontier/pg/mod.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { QUEUE_CLI_ARGS, type Ran, runDeno } from "./fixtures/run_deno.ts";
import { pollUntil } from "./fixtures/poll.ts";

function corun(args: string[]): Promise<Ran> {
  return runDeno([...QUEUE_CLI_ARGS, ...args], { env: { NO_COLOR: "1" } });
}

/** `corun ARGS` in this process: exit code, stdout, stderr. */
async function corunHere(args: string[]): Promise<Ran> {
  const world = createFakeWorld();
  const code = await main(args, world.host);
  return { code, stdout: world.stdout(), stderr: world.stderr() };
}

const shown = (db: string) => `"${db.replace(/\/\/[^@]*@/, "//***@")}"`;

/** A database whose only queue is "nightly" (an origin's rule names it, as a submit's does). */
async function nightlyDatabase(db: string): Promise<void> {
  const store = await PgStore.connect(db);
  try {
    await store.saveOriginRules("nightly", [
      { origin: "http://a.test", perHost: 1, gapMs: 0, jitterMs: 0 },
    ]);
  } finally {
    await store.close();
  }
}

pgTest("a queue the database does not know", async (cluster, t) => {
  await t.step("status names the queues it knows, as db cancel does, exit 0", async () => {
    const db = await cluster.createDatabase("status_unknown");
    await nightlyDatabase(db);
    assertEquals(await corunHere(["status", "--db", db, "--queue", "nightlly"]), {
      code: 0,
      stdout: `queue "nightlly" has no rows in ${shown(db)}: nothing to show (its queues: ` +
        "nightly)\n",
      stderr: "",
    });
    assertEquals(await corunHere(["db", "cancel", "--db", db, "--queue", "nightlly"]), {
      code: 0,
      stdout: `queue "nightlly" has no rows in ${shown(db)}: nothing to cancel (its queues: ` +
        "nightly)\n",
      stderr: "",
    });
  });

  await t.step("a --drain worker says it has nothing to drain, and leaves no row", async () => {
    const db = await cluster.createDatabase("drain_unknown");
    await nightlyDatabase(db);
    const dir = await Deno.makeTempDir({ prefix: "corun-unknown-" });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(config, `tasks:\n  - name: pages\n    fetch: "http://a.test/"\n`);
      const line = `queue "nightlly" has no rows in ${shown(db)}: nothing to drain (its queues: ` +
        "nightly)";
      // Twice: the first run leaves nothing behind that the second would take for the queue.
      for (const run of [1, 2]) {
        const drained = await corun([
          "worker",
          config,
          "--db",
          db,
          "--queue",
          "nightlly",
          "--drain",
        ]);
        assertEquals(drained.code, 0, `run ${run}: ${drained.stderr}`);
        assertStringIncludes(drained.stderr, line, `run ${run}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("a worker without --drain says so too, and waits for the first submit", async () => {
    const db = await cluster.createDatabase("wait_unknown");
    await nightlyDatabase(db);
    const dir = await Deno.makeTempDir({ prefix: "corun-unknown-" });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(config, `tasks:\n  - name: pages\n    fetch: "http://a.test/"\n`);
      const args = ["worker", config, "--db", db, "--queue", "nightlly"];
      const waited = await runDeno([...QUEUE_CLI_ARGS, ...args], {
        async whileRunning(child) {
          // Its row, once registered, makes the queue known: it said its line before that.
          await pollUntil(async () => {
            const status = await corunHere(["status", "--db", db, "--queue", "nightlly"]);
            return child.ended || !status.stdout.includes("has no rows");
          }, "the worker to register");
          child.kill("SIGTERM");
        },
      });
      assertEquals(waited.code, 130, waited.stderr);
      assertStringIncludes(
        waited.stderr,
        `queue "nightlly" has no rows in ${shown(db)}: waiting for its first submit (its ` +
          "queues: nightly)\n",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
