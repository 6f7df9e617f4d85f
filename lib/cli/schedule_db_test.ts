// `corun schedule --db` as a process of its own on a throwaway PostgreSQL: what it says goes to
// `--log` too, as without --db.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "../../tests/fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "../../tests/fixtures/run_deno.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { SCHEMA_VERSION } from "../frontier/pg/mod.ts";
import postgres from "npm:postgres@3.4.9";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

/** Waits until corun's tables in `db` are made and committed (a scheduler's first step). */
async function untilMigrated(db: string): Promise<void> {
  const sql = postgres(db, { max: 1, connection: { application_name: "test" } });
  try {
    for (;;) {
      const [row] = await sql<{ done: boolean }[]>`
        SELECT to_regclass('corun_migrations') IS NOT NULL AS done`;
      if (row.done) {
        const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM corun_migrations`;
        if (count.n === SCHEMA_VERSION) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await sql.end();
  }
}

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
    // A fire a second: this leaves a slow start (a loaded machine) a few of them to see.
    const until = new Date(Date.now() + 4_500).toISOString();
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

pgTest(
  "schedule --db fires once for the fire times that passed while it could not fire (the machine slept)",
  async (cluster) => {
    const db = await cluster.createDatabase("slept");
    const config = validateConfig({
      schedule: { cron: "* * * * * *", overlap: "allow", timezone: "UTC" },
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:1/p1.html" }],
    }, "pages.yaml");
    const world = createFakeWorld({ configs: { "pages.yaml": config } });
    // Ten minutes pass at once after the first fire, as across a suspend: 600 fire times go by.
    const SLEPT_MS = 600_000;
    let jumpedMs = 0;
    world.host.now = () => {
      if (jumpedMs === 0 && world.stdout().includes(" fire ")) jumpedMs = SLEPT_MS;
      return new Date(Date.now() + jumpedMs);
    };
    const until = new Date(Date.now() + SLEPT_MS + 1_500).toISOString();
    const code = await main(["schedule", "pages.yaml", "--db", db, "--until", until], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    const fires = world.stdout().split("\n").filter((line) => line.includes(" fire "));
    // The first fire, one for the time asleep, then a fire or two until --until; not 600 in a burst.
    assert(fires.length >= 2 && fires.length <= 5, world.stdout());
    assert(fires[1].includes("later fire(s) passed while late)"), world.stdout());
  },
);

pgTest(
  "schedule --db fires soon after the machine wakes, not after the rest of an hour's sleep",
  async (cluster) => {
    const db = await cluster.createDatabase("woke");
    const config = validateConfig({
      schedule: { cron: "0 0 * * *", timezone: "UTC" },
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:1/p1.html" }],
    }, "pages.yaml");
    const world = createFakeWorld({ configs: { "pages.yaml": config } });
    // Soon after the start the machine sleeps past midnight: its wall clock jumps, while the
    // monotonic clock that timers run on stands still.
    const midnight = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000;
    let sleptMs = 0;
    world.host.now = () => new Date(Date.now() + sleptMs);
    // Only so that a scheduler that sleeps on ends the test instead of holding it for an hour.
    const giveUp = setTimeout(() => world.interrupt(), 20_000);
    try {
      const until = new Date(midnight + 3000).toISOString();
      const scheduled = main(["schedule", "pages.yaml", "--db", db, "--until", until], world.host);
      // The sleep comes once the scheduler has made its tables (it reads its start time and waits
      // for midnight right after): at a fixed 200 ms, a slow first connection on a loaded machine
      // started it after the jump, and it waited for the next midnight instead.
      await untilMigrated(db);
      await new Promise((resolve) => setTimeout(resolve, 200));
      sleptMs = midnight + 1000 - Date.now();
      await scheduled;
    } finally {
      clearTimeout(giveUp);
    }
    const fired = new Date(midnight).toISOString();
    assert(world.stdout().includes(` fire ${fired}: 1 fetches into queue`), world.stdout());
  },
);
