/**
 * corun from cron, end to end: real `corun` processes racing for the run lock, the run history, the
 * log file, and `corun schedule` in virtual time.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { main } from "../lib/cli/mod.ts";
import { createRealHost } from "../lib/cli/real_host.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { MOD, type Ran, runDeno, type Running } from "./fixtures/run_deno.ts";

const TASKS_DIR = decodeURIComponent(new URL("../tasks/", import.meta.url).pathname);
const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env"];

/** Runs `corun ARGS` as a process of its own (no network permission: these configs only sleep). */
function spawnCorun(args: string[], cwd: string): Promise<Ran> {
  return runDeno(["run", ...PERMISSIONS, MOD, ...args], { cwd });
}

/** A temporary directory with `nap.yaml`: one task sleeping 1 s, files under `out/`. */
async function withNapConfig(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-cron-" });
  try {
    await Deno.writeTextFile(
      `${dir}/nap.yaml`,
      "outDir: out\ntasks:\n  - name: nap\n    sleep: 1s\n",
    );
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function readHistoryFile(dir: string) {
  const text = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`);
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

const describe = (runs: Ran[]) =>
  JSON.stringify(runs.map(({ code, stdout, stderr }) => ({ code, stdout, stderr })), null, 2);

Deno.test("two `run --lock=fail` started together: one runs (exit 0), the other exits 75", async () => {
  await withNapConfig(async (dir) => {
    const args = ["run", "nap.yaml", "--lock=fail", "--log", "out/cron.log"];
    const runs = await Promise.all([spawnCorun(args, dir), spawnCorun(args, dir)]);
    assertEquals(runs.map((run) => run.code).sort(), [0, 75], describe(runs));
    const locked = runs.find((run) => run.code === 75)!;
    assert(/^Cannot run ".*nap\.yaml": another run holds the lock \(pid \d+/.test(locked.stderr));
    assertEquals((await readHistoryFile(dir)).length, 1, "only the run that ran is history");
    const log = await Deno.readTextFile(`${dir}/out/cron.log`);
    assert(!log.includes("\x1b"), "escape codes in the log file");
    assert(/ nap done \d/.test(log) && log.includes("\n1 task: 1 done in "), log);
  });
});

Deno.test("two `run --lock=skip` started together: both exit 0, one says it skipped", async () => {
  await withNapConfig(async (dir) => {
    const args = ["run", "nap.yaml", "--lock=skip"];
    const runs = await Promise.all([spawnCorun(args, dir), spawnCorun(args, dir)]);
    assertEquals(runs.map((run) => run.code), [0, 0], describe(runs));
    const skipped = runs.filter((run) => run.stdout.includes("holds the lock"));
    assertEquals(skipped.length, 1, describe(runs));
    assert(/another run of .*nap\.yaml holds the lock \(pid \d+/.test(skipped[0].stdout));
    assert(!skipped[0].stdout.includes("nap start"), "the skipped run ran a task");
    // The skipped run is history too, saying why.
    const history = await readHistoryFile(dir);
    assertEquals(history.length, 2);
    assertEquals(history.filter((entry) => entry.skipped === undefined).length, 1);
    assert(/^another run holds the lock \(pid \d+/.test(history.find((e) => e.skipped).skipped));
  });
});

Deno.test("two `run --lock=wait` started together: both run, one after the other", async () => {
  await withNapConfig(async (dir) => {
    const args = ["run", "nap.yaml", "--lock=wait"];
    const runs = await Promise.all([spawnCorun(args, dir), spawnCorun(args, dir)]);
    assertEquals(runs.map((run) => run.code), [0, 0], describe(runs));
    const [first, second] = await readHistoryFile(dir);
    assertEquals([first.exitCode, second.exitCode], [0, 0]);
    assertEquals(first.counts, { done: 1, failed: 0, cancelled: 0, skipped: 0 });
    assert(
      Date.parse(first.endedAt) <= Date.parse(second.startedAt),
      `the runs overlap: ${JSON.stringify([first, second])}`,
    );

    const history = await spawnCorun(["history", "nap.yaml"], dir);
    assertEquals(history.code, 0, history.stderr);
    const rows = history.stdout.trimEnd().split("\n");
    assertEquals(rows.length, 3, history.stdout);
    assert(/^start\s+duration\s+exit\s+run\s+id\s+tasks$/.test(rows[0]), rows[0]);
    assert(rows[1].startsWith(first.startedAt), rows[1]);
    assert(rows[2].includes(`  ${second.runId}  `), rows[2]);
    assert(/\s0\s+config\s+\S+\s+1 done$/.test(rows[2]), rows[2]);
  });
});

Deno.test("a schedule without timezone: fires in a POSIX TZ's fixed offset, --until read in it too; a TZ corun cannot read is UTC, said", async () => {
  await withNapConfig(async (dir) => {
    await Deno.writeTextFile(`${dir}/nap.yaml`, `schedule: "0 2 * * *"\n`, { append: true });
    // Until 03:00 two days on: one or two fires, whatever the time now.
    const day = (offsetDays: number) =>
      new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const preview = (tz: string) =>
      runDeno(
        [
          "run",
          ...PERMISSIONS,
          MOD,
          "schedule",
          "nap.yaml",
          "--virtual-time",
          "--until",
          `${day(2)}T03:00`,
        ],
        { cwd: dir, env: { TZ: tz, NO_COLOR: "1" } },
      );
    // 02:00 in Tokyo is 17:00 UTC the day before, and --until 03:00 in Tokyo 18:00 UTC. Before, the
    // schedule fired at 02:00 UTC (11:00 in Tokyo) while --until was read in Tokyo's time.
    const tokyo = await preview("JST-9");
    assertEquals(tokyo.code, 0, tokyo.stderr);
    assert(tokyo.stdout.includes("schedule config: 0 2 * * * (+09:00), first fire "), tokyo.stdout);
    assert(tokyo.stdout.includes(`config fire ${day(1)}T17:00:00.000Z: started`), tokyo.stdout);
    assert(!tokyo.stdout.includes("T02:00:00.000Z: started"), tokyo.stdout);
    const berlin = await preview("CET-1CEST,M3.5.0,M10.5.0/3");
    assertEquals(berlin.code, 0, berlin.stderr);
    assert(berlin.stdout.includes("schedule config: 0 2 * * * (UTC), first fire "), berlin.stdout);
    assert(
      berlin.stderr.includes(
        'warning: TZ "CET-1CEST,M3.5.0,M10.5.0/3" is no zone corun can read (an IANA name such ' +
          "as Europe/Berlin, a zoneinfo file, or a fixed offset such as JST-9): a schedule " +
          "without timezone: runs in UTC",
      ),
      berlin.stderr,
    );
  });
});

Deno.test("`schedule --virtual-time --until` an hour ahead of a */10 schedule runs 6 times, recording nothing", async () => {
  await withNapConfig(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/nap.yaml`,
      `schedule: { cron: "*/10 * * * *", timezone: UTC }\n`,
      { append: true },
    );
    let stdout = "";
    let stderr = "";
    const code = await main(
      ["schedule", `${dir}/nap.yaml`, "--virtual-time", "--until", "2026-03-29T01:55:00Z"],
      {
        now: () => new Date("2026-03-29T00:55:00Z"),
        stdout: { write: (text) => void (stdout += text) },
        stderr: { write: (text) => void (stderr += text) },
      },
    );
    assertEquals(code, 0, stderr);
    const fires = [...stdout.matchAll(/config fire 2026-03-29T(\d\d:\d\d):00\.000Z: started/g)];
    assertEquals(fires.map((match) => match[1]), [
      "01:00",
      "01:10",
      "01:20",
      "01:30",
      "01:40",
      "01:50",
    ]);
    // Each run took its 1 s of virtual time, starting at its fire time.
    assertEquals(
      stdout.match(/^2026-03-29T01:\d0:00\.000Z nap start sleep 1s$/gm)?.length,
      6,
      stdout,
    );
    assertEquals(stdout.match(/^2026-03-29T01:\d0:01\.000Z nap done 1\.00s$/gm)?.length, 6, stdout);
    // A preview: future-dated lines would make a real scheduler's catch-up skip a missed run.
    assertEquals(await readHistoryFile(dir).catch((error) => error.name), "NotFound");
  });
});

/**
 * `corun schedule CONFIG --virtual-time --log CONFIG.log` from 00:55 to `until`, in this process;
 * its stdout, which must be in time order and the same as its log.
 */
async function previewSchedule(config: string, until: string): Promise<string> {
  let stdout = "";
  let stderr = "";
  const args = ["schedule", config, "--virtual-time", "--until", until, "--log", `${config}.log`];
  const code = await main(args, {
    now: () => new Date("2026-03-29T00:55:00Z"),
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
  });
  assertEquals(code, 0, stderr);
  // Every line in time order: the preview reads as the real schedule would write it.
  const stamps = [...stdout.matchAll(/^(\S+Z) /gm)].map((match) => match[1]);
  assertEquals(stamps, stamps.toSorted(), stdout);
  assertEquals(await Deno.readTextFile(`${config}.log`), stdout);
  return stdout;
}

/**
 * What became of each fire (`01:00 started`), when each run started (`01:00`), and the line that
 * says how each fire's run ended, naming its run (`01:00 ended at 01:25, exit 0`).
 */
function firesAndStarts(stdout: string): { fires: string[]; starts: string[]; ends: string[] } {
  const fires = [
    ...stdout.matchAll(/config fire 2026-03-29T(\d\d:\d\d):00\.000Z: (started|skipped|queued)/g),
  ].map((match) => `${match[1]} ${match[2]}`);
  const starts = [...stdout.matchAll(/^2026-03-29T(\d\d:\d\d):00\.000Z nap start /gm)]
    .map((match) => match[1]);
  const ended =
    /^2026-03-29T(\d\d:\d\d):00\.000Z config fire 2026-03-29T(\d\d:\d\d):00\.000Z: ended, exit (\d+) \(run \d{8}T\d{9}Z-[0-9a-f]{8}\)$/gm;
  const ends = [...stdout.matchAll(ended)]
    .map((match) => `${match[2]} ended at ${match[1]}, exit ${match[3]}`);
  return { fires, starts, ends };
}

Deno.test("`schedule --virtual-time` meets a run longer than the interval as real time would: overlap skip and queue", async () => {
  await withNapConfig(async (dir) => {
    // A 25-minute run every 10 minutes: the two fires while it goes are skipped.
    await Deno.writeTextFile(
      `${dir}/skip.yaml`,
      `outDir: out\nschedule: { cron: "*/10 * * * *", timezone: UTC, overlap: skip }\n` +
        `tasks:\n  - name: nap\n    sleep: 25m\n`,
    );
    const skipped = firesAndStarts(
      await previewSchedule(`${dir}/skip.yaml`, "2026-03-29T01:55:00Z"),
    );
    assertEquals(skipped.fires, [
      "01:00 started",
      "01:10 skipped",
      "01:20 skipped",
      "01:30 started",
      "01:40 skipped",
      "01:50 skipped",
    ]);
    assertEquals(skipped.starts, ["01:00", "01:30"]);
    assertEquals(skipped.ends, ["01:00 ended at 01:25, exit 0", "01:30 ended at 01:55, exit 0"]);
    // A 14-minute run every 10 minutes, queued: each run starts as the one before it ends.
    await Deno.writeTextFile(
      `${dir}/queue.yaml`,
      `outDir: out\nschedule: { cron: "*/10 * * * *", timezone: UTC, overlap: queue }\n` +
        `tasks:\n  - name: nap\n    sleep: 14m\n`,
    );
    const stdout = await previewSchedule(`${dir}/queue.yaml`, "2026-03-29T01:35:00Z");
    const queued = firesAndStarts(stdout);
    assertEquals(queued.fires, ["01:00 started", "01:10 queued", "01:20 queued", "01:30 queued"]);
    assertEquals(queued.starts, ["01:00", "01:14", "01:28", "01:42"]);
    assertEquals(queued.ends, [
      "01:00 ended at 01:14, exit 0",
      "01:10 ended at 01:28, exit 0",
      "01:20 ended at 01:42, exit 0",
      "01:30 ended at 01:56, exit 0",
    ]);
    assert(
      stdout.includes(
        "2026-03-29T01:56:00.000Z nap done 14m00.00s\n" +
          "1 task: 1 done in 14m00.00s (virtual time)\n" +
          "2026-03-29T01:56:00.000Z config fire 2026-03-29T01:30:00.000Z: ended, exit 0 (run ",
      ),
      stdout,
    );
  });
});

Deno.test("the cron example checks, and plan lists its schedules' fire times in Europe/Berlin", async () => {
  const example = `${TASKS_DIR}cron_example.yaml`;
  const check = await spawnCorun(["check", example], TASKS_DIR);
  assertEquals([check.code, check.stdout], [0, "ok: 2 tasks\n"], check.stderr);
  const plan = await spawnCorun(["plan", example], TASKS_DIR);
  assertEquals(plan.code, 0, plan.stderr);
  const section = plan.stdout.slice(plan.stdout.indexOf("schedules (next 5 fire times):"));
  assert(section.includes("  config: */10 * * * * (Europe/Berlin)\n"), plan.stdout);
  assert(section.includes("  task morning-copy: 30 7 * * 1-5 (Europe/Berlin)\n"), plan.stdout);
  const times = section.split("\n").filter((line) => line.startsWith("    "));
  assertEquals(times.length, 10, section);
  assert(times.every((line) => /^ {4}\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$/.test(line)), section);
  assert(times.slice(5).every((line) => line.includes("T07:30:00+")), section);
});

Deno.test("the Deno.cron example type-checks", async () => {
  const checked = await runDeno(["check", `${TASKS_DIR}deno_cron_example.ts`]);
  assertEquals(checked.code, 0, checked.stderr);
});

Deno.test("the Deno.cron example's fire returns 130 for a run stopped by its signal, as corun run exits", async () => {
  // No network and no write permission: the run is stopped before it fetches, and writes nothing.
  const script = `import { runOnce } from ${JSON.stringify(`${TASKS_DIR}deno_cron_example.ts`)};
const stop = new AbortController();
stop.abort();
const code = await runOnce(stop.signal);
Deno.exit(code === 130 ? 0 : 3);
`;
  const dir = await Deno.makeTempDir({ prefix: "corun-deno-cron-" });
  try {
    await Deno.writeTextFile(`${dir}/fire.ts`, script);
    const fired = await runDeno(
      ["run", "--unstable-cron", "--no-prompt", "--allow-read", "--allow-env", "fire.ts"],
      { cwd: dir },
    );
    assertEquals(fired.code, 0, fired.stdout + fired.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Waits until `child` has printed `text` (or ended: the test then sees how). */
function printed(child: Running, text: string): Promise<void> {
  return pollUntil(() => child.ended || child.stdout().includes(text), JSON.stringify(text));
}

/**
 * `corun schedule` of a one-hour nap every second, stopped by SIGTERMs once the nap has started:
 * `stop` sends them, waiting for lines it prints (`printed`).
 */
async function stopNapSchedule(
  dir: string,
  grace: string,
  stop: (child: Running) => void | Promise<void>,
): Promise<Ran> {
  await Deno.writeTextFile(
    `${dir}/nap.yaml`,
    "outDir: out\nschedule: '* * * * * *'\ntasks:\n  - name: nap\n    sleep: 1h\n",
  );
  return await runDeno(
    ["run", ...PERMISSIONS, MOD, "schedule", "nap.yaml", "--grace", grace],
    {
      cwd: dir,
      whileRunning: async (child) => {
        await printed(child, " nap start sleep ");
        await stop(child);
      },
    },
  );
}

Deno.test("`schedule` stops on SIGTERM: the running job is cancelled after --grace, exit 130", async () => {
  await withNapConfig(async (dir) => {
    const { code, stdout, stderr } = await stopNapSchedule(
      dir,
      "0",
      (child) => child.kill("SIGTERM"),
    );
    assertEquals(code, 130, stdout + stderr);
    assert(stdout.includes("stopping: no more fires; running jobs have 0ms to finish\n"), stdout);
    assert(stdout.includes(" nap cancelled "), stdout);
    const [entry] = await readHistoryFile(dir);
    assertEquals([entry.exitCode, entry.counts.cancelled], [130, 1]);
  });
});

Deno.test("`schedule` stopped twice: the second SIGTERM ends --grace, the job is cancelled and recorded, exit 130", async () => {
  await withNapConfig(async (dir) => {
    const { code, stdout, stderr } = await stopNapSchedule(dir, "1h", async (child) => {
      child.kill("SIGTERM");
      await printed(child, "running jobs have 1h to finish");
      // Later than the same interrupt delivered twice (half a second): the user's second.
      await new Promise((resolve) => setTimeout(resolve, 700));
      child.kill("SIGTERM");
    });
    assertEquals(code, 130, stdout + stderr);
    assert(stdout.includes("stopping now: running jobs are cancelled"), stdout);
    assert(stdout.includes(" nap cancelled "), stdout);
    const [entry] = await readHistoryFile(dir);
    assertEquals([entry.exitCode, entry.counts.cancelled], [130, 1]);
  });
});

Deno.test("`schedule --virtual-time` stopped while a run's lines are played back still prints every line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-preview-stop-" });
  try {
    await Deno.writeTextFile(
      `${dir}/t.yaml`,
      'schedule: { cron: "*/10 * * * *", timezone: UTC }\ntasks:\n  - { name: nap, sleep: 15m }\n',
    );
    const real = createRealHost();
    const controller = new AbortController();
    let out = "";
    const host = {
      ...real,
      stdout: {
        write: (text: string) => {
          out += text;
          // The run's first line is out: the preview now walks its clock to "nap done", 15m on.
          if (text.includes("nap start")) controller.abort();
        },
      },
      listenForInterrupts: () => ({
        signal: controller.signal,
        again: new AbortController().signal,
        [Symbol.dispose]: () => {},
      }),
    };
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const args = ["schedule", `${dir}/t.yaml`, "--out", `${dir}/out`, "--virtual-time"];
    const code = await main([...args, "--until", until], host);
    assertEquals(code, 130);
    assert(out.includes("nap done"), out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
