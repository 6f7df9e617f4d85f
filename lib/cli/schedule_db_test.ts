// `corun schedule --db` as a process of its own on a throwaway PostgreSQL: what it says goes to
// `--log` too, as without --db.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "../../tests/fixtures/postgres_cluster.ts";
import { pollUntil } from "../../tests/fixtures/poll.ts";
import { MOD, runDeno } from "../../tests/fixtures/run_deno.ts";
import postgres from "npm:postgres@3.4.9";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

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
    const log = `${dir}/logs/schedule.log`;
    // A fire a second: stopped once one is in the log, however long the process took to start.
    const logged = () =>
      Deno.readTextFile(log).then((text) => text.includes(" fire "), () => false);
    const ran = await runDeno([...CLI_FLAGS, "schedule", config, "--db", db, "--log", log], {
      whileRunning: async (child) => {
        await pollUntil(async () => child.ended || await logged(), "a fire in the log", 50);
        child.kill("SIGTERM"); // unless it ended by itself: its output says why
      },
    });
    assertEquals(ran.code, EXIT_CODES.interrupted, ran.stdout + ran.stderr);
    const fires = ran.stdout.match(/config fire \S+: 1 fetch into queue "pages"\n/g) ?? [];
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
    assert(fires[1].includes("later fires passed while late)"), world.stdout());
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
    // Once the scheduler waits for midnight, the machine sleeps past it: its wall clock jumps,
    // while the monotonic clock that timers run on stands still.
    const midnight = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000;
    let sleptMs = 0;
    world.host.now = () => new Date(Date.now() + sleptMs);
    // It waits when a pause of its starts listening for an interrupt: it has read its start time
    // and the fire time by then. (A fixed wait for that raced a slow start on a loaded machine.)
    // The load step listens too, before it asks for the config: only a later listener counts.
    let loading = false;
    const load = world.host.loadConfig;
    world.host.loadConfig = (...args) => {
      loading = true;
      return load(...args);
    };
    const listen = world.host.listenForInterrupts;
    world.host.listenForInterrupts = (options) => {
      const scope = listen(options);
      const addListener = scope.signal.addEventListener.bind(scope.signal);
      scope.signal.addEventListener = ((...args: Parameters<typeof addListener>) => {
        if (loading && sleptMs === 0) sleptMs = midnight + 1000 - Date.now();
        addListener(...args);
      }) as typeof addListener;
      return scope;
    };
    // Only so that a scheduler that sleeps on ends the test instead of holding it for an hour.
    const giveUp = setTimeout(() => world.interrupt(), 20_000);
    try {
      const until = new Date(midnight + 3000).toISOString();
      await main(["schedule", "pages.yaml", "--db", db, "--until", until], world.host);
    } finally {
      clearTimeout(giveUp);
    }
    const fired = new Date(midnight).toISOString();
    assert(world.stdout().includes(` fire ${fired}: 1 fetch into queue`), world.stdout());
  },
);

pgTest(
  "schedule --db follows a wall clock set back a day: it says so, and fires on the new time",
  async (cluster) => {
    const db = await cluster.createDatabase("set_back");
    const config = validateConfig({
      schedule: { cron: "* * * * * *", overlap: "allow", timezone: "UTC" },
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:1/p1.html" }],
    }, "pages.yaml");
    const world = createFakeWorld({ configs: { "pages.yaml": config } });
    // The clock ran a day ahead, and NTP sets it right after the first fire: the next fire time
    // the wrong clock led to is a day away on the right one.
    const DAY_MS = 86_400_000;
    let aheadMs = DAY_MS;
    const fires = () => [...world.stdout().matchAll(/ config fire (\S+): /g)].map((m) => m[1]);
    world.host.now = () => {
      if (fires().length > 0) aheadMs = 0;
      return new Date(Date.now() + aheadMs);
    };
    const exit = main(["schedule", "pages.yaml", "--db", db], world.host);
    // A scheduler that waits for the wrong clock's fire time would hold the test for a day.
    const giveUpAt = Date.now() + 20_000;
    while (fires().length < 2 && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const [first, second] = fires();
    assert(second !== undefined, world.stdout());
    assert(Date.parse(first) - Date.parse(second) > DAY_MS - 60_000, world.stdout());
    assert(
      /: the wall clock went back (?:1d|23h)/.test(world.stdout()),
      world.stdout(),
    );
  },
);

pgTest(
  "schedule --db --until before every first fire says so, as without --db, unless a catch-up fires",
  async (cluster, t) => {
    const db = await cluster.createDatabase("idle_window");
    // FAKE_NOW is 2026-11-25T10:00:00.123Z: the schedule fires first at 06:00 tomorrow.
    const until = ["--until", "2026-11-25T10:30:00Z"];
    const pages = { name: "pages", fetch: "http://127.0.0.1:1/p1.html" };
    await t.step(
      "nothing fires: a warning on stderr and in --log, exit 0, nothing enqueued",
      async () => {
        await inTempDir(async (dir) => {
          const config = validateConfig({
            schedule: { cron: "0 6 * * *", timezone: "UTC" },
            tasks: [pages],
          }, "pages.yaml");
          const world = createFakeWorld({ configs: { "pages.yaml": config } });
          const log = `${dir}/schedule.log`;
          const args = ["schedule", "pages.yaml", "--db", db, "--log", log, ...until];
          assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
          const warning = "warning: Nothing fires before --until 2026-11-25T10:30:00.000Z (first " +
            "fires: config 2026-11-26T06:00:00.000Z): no run, exiting\n";
          assertEquals(world.stderr(), warning);
          assertEquals(world.stdout(), "");
          assertEquals(await Deno.readTextFile(log), `2026-11-25T10:00:00.123Z ${warning}`);
        });
      },
    );
    await t.step("a catchUp: once with a fire missed since its last fires that", async () => {
      const config = validateConfig({
        schedule: { cron: "0 6 * * *", timezone: "UTC", catchUp: "once" },
        tasks: [pages],
      }, "pages.yaml");
      const sql = postgres(db, { onnotice: () => {} });
      try {
        // The tables are there from the step before; yesterday's fire was the last.
        await sql`INSERT INTO corun_fires (queue, schedule, fire_at, fired_at, owner, outcome)
          VALUES ('pages', 'config', '2026-11-24T06:00:00Z', '2026-11-24T06:00:01Z', 'elsewhere',
            'enqueued')`;
      } finally {
        await sql.end();
      }
      const world = createFakeWorld({ configs: { "pages.yaml": config } });
      const args = ["schedule", "pages.yaml", "--db", db, ...until];
      assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
      assertEquals(world.stderr(), "");
      assert(
        world.stdout().includes(
          'config catch-up 2026-11-25T06:00:00.000Z: 1 fetch into queue "pages"\n',
        ),
        world.stdout(),
      );
    });
  },
);

pgTest(
  "schedule --db warns at its start of a jitter not shorter than the schedule's interval, as without --db",
  async (cluster) => {
    const db = await cluster.createDatabase("jittered");
    const config = validateConfig({
      schedule: { cron: "*/2 * * * * *", jitter: "5s", timezone: "UTC" },
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:1/p1.html" }],
    }, "pages.yaml");
    const world = createFakeWorld({ configs: { "pages.yaml": config } });
    world.host.now = () => new Date();
    const until = new Date(Date.now() + 2_500).toISOString();
    const code = await main(["schedule", "pages.yaml", "--db", db, "--until", until], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assertEquals(
      world.stderr(),
      "warning: schedule of config: jitter 5s is not shorter than the 2s between two of its fire " +
        "times (*/2 * * * * *): a fire time that passes while an earlier fire waits out its " +
        "jitter runs with it, not on its own\n",
    );
  },
);

pgTest(
  "schedule --db does not retry a fire the database refused for good: it says so, and the next fire tries",
  async (cluster) => {
    const db = await cluster.createDatabase("refused");
    const config = validateConfig({
      schedule: { cron: "* * * * * *", overlap: "allow", timezone: "UTC" },
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:1/p1.html" }],
    }, "pages.yaml");
    const world = createFakeWorld({ configs: { "pages.yaml": config } });
    assertEquals(await main(["db", "migrate", "--db", db], world.host), EXIT_CODES.ok);
    // A privilege taken away, as an administrator might: every claim of a fire time is refused.
    const sql = postgres(db, { onnotice: () => {} });
    try {
      await sql.unsafe(`
        CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'no fires here' USING ERRCODE = '42501'; END $$;
        CREATE TRIGGER refuse BEFORE INSERT ON corun_fires FOR EACH ROW EXECUTE FUNCTION refuse();
      `);
    } finally {
      await sql.end();
    }
    world.host.now = () => new Date();
    const until = new Date(Date.now() + 2_500).toISOString();
    const code = await main(["schedule", "pages.yaml", "--db", db, "--until", until], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    const lost = world.stdout().split("\n").filter((line) => line.includes(" lost: "));
    // One line a fire time, each lost at once: two or three in 2.5 s, none tried again.
    assert(lost.length >= 2, world.stdout());
    for (const line of lost) {
      assert(
        line.endsWith(": lost: the database refused it: no fires here (not tried again)"),
        line,
      );
    }
    assert(!world.stdout().includes("trying again"), world.stdout());
  },
);
