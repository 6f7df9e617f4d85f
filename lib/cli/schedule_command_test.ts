import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock, readHistory } from "../schedule/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import {
  createFakeWorld,
  runUntilInterrupted,
  scriptedRun,
} from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const CONFIG = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [
    { name: "nap", sleep: "1s" },
    { name: "page", sleep: "2s", after: ["nap"], schedule: { cron: "0 * * * *", timezone: "UTC" } },
  ],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };
// FAKE_NOW is 2026-11-25T10:00:00.123Z: one hour later, */10 has fired 6 times and 0 * once.
const ONE_HOUR = ["--virtual-time", "--until", "2026-11-25T11:00:00.123Z"];

const withOutDir = withTempDir("corun-schedule-");

Deno.test("schedule --virtual-time --until runs an hour of fires at once, as a preview that records nothing", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs });
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    // Future-dated lines would make the next real scheduler believe those fires ran.
    assertEquals(world.histories.size, 0, "a virtual-time run is not history");
    const fires = (label: string) =>
      [...world.stdout().matchAll(new RegExp(`${label} fire (\\S+): started`, "g"))]
        .map((match) => match[1]);
    assertEquals(
      fires("config"),
      [10, 20, 30, 40, 50].map((m) => `2026-11-25T10:${m}:00.000Z`).concat(
        "2026-11-25T11:00:00.000Z",
      ),
    );
    assertEquals(fires("task page"), ["2026-11-25T11:00:00.000Z"]);
    // Each run's clock is virtual and starts at its fire time.
    const starts = world.runCalls.map(({ options }) => options.clock?.wallNow());
    assertEquals(starts.length, 7);
    assertEquals(new Date(starts[0]!).toISOString(), "2026-11-25T10:10:00.000Z");
    assert(world.runCalls.every(({ options }) => options.clock?.kind === "virtual"));
    // The task's own schedule runs it alone, its `after` dropped.
    const pageRun = world.runCalls.find(({ config }) => config.tasks.length === 1)!;
    assertEquals(pageRun.config.tasks.map((task) => [task.name, task.after]), [["page", []]]);
    const out = world.stdout();
    assert(out.startsWith("2026-11-25T10:00:00.123Z schedule config: */10 * * * * (UTC), "));
    assert(
      out.includes("2026-11-25T10:10:00.000Z config fire 2026-11-25T10:10:00.000Z: started\n"),
    );
    assert(out.includes("2026-11-25T10:10:00.000Z nap done 1.00s\n"), out); // the fake takes no time
  });
});

Deno.test("schedule skips a fire while another run holds that schedule's lock", async () => {
  await withOutDir(async (outDir) => {
    const held = await runOperation(acquireLock(`${outDir}/.corun.lock`));
    if (!held.acquired) throw new Error("the test could not take the lock");
    try {
      const world = createFakeWorld({ configs });
      const args = ["schedule", "tasks.yaml", "--out", outDir, "--log", `${outDir}/s.log`];
      assertEquals(await main([...args, ...ONE_HOUR], world.host), EXIT_CODES.ok);
      // Only the task's schedule (its own lock) ran.
      assertEquals(world.runCalls.map(({ config }) => config.tasks.length), [1]);
      const log = await Deno.readTextFile(`${outDir}/s.log`);
      const skipped = log.split("\n").filter((line) => line.includes("another run of"));
      assertEquals(skipped.length, 6, log);
      assert(skipped[0].includes("another run of tasks.yaml (config) holds the lock (pid"));
      // Each fire's end line says it did not run, as its history line does: not "ended, exit 0".
      const ends = log.split("\n").filter((line) => / config fire \S+: ended/.test(line));
      assertEquals(ends.length, 6, log);
      for (const end of ends) {
        assert(end.includes(": ended: skipped, another run holds the lock (pid "), end);
      }
    } finally {
      await held.lock.release();
    }
  });
});

Deno.test("schedule stops on an interrupt: no more fires, running jobs cancelled after --grace, exit 130", async () => {
  await withOutDir(async (outDir) => {
    const { run, started } = runUntilInterrupted();
    const world = createFakeWorld({ configs, run });
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--grace", "0"];
    const exit = main([...args, "--virtual-time", "--until", "2026-12-25T00:00:00Z"], world.host);
    await started;
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted);
    assertEquals(world.runCalls.length, 1);
    assert(world.runCalls[0].options.signal?.aborted, "the running job was cancelled");
    assert(world.stdout().includes("(interrupted)\n"), world.stdout());
    assert(world.stdout().includes("stopping: no more fires; running jobs have 0ms to finish\n"));
  });
});

Deno.test("schedule: a second interrupt ends the grace period, cancelling the running job, exit 130", async () => {
  await withOutDir(async (outDir) => {
    const { run, started } = runUntilInterrupted();
    const world = createFakeWorld({ configs, run });
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--grace", "1h"];
    const exit = main([...args, "--virtual-time", "--until", "2026-12-25T00:00:00Z"], world.host);
    await started;
    world.interrupt();
    // Long enough for the first interrupt to have cancelled the job, were it to (the test can fail).
    await new Promise((resolve) => setTimeout(resolve, 30));
    assertEquals(world.runCalls[0].options.signal?.aborted, false, "the grace period runs");
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted);
    assertEquals(world.runCalls.length, 1);
    assert(world.runCalls[0].options.signal?.aborted, "the running job was cancelled");
    assert(world.stdout().includes("(interrupted)\n"), world.stdout());
    assert(
      world.stdout().includes(
        "stopping now: running jobs are cancelled (once more to exit at once)",
      ),
      world.stdout(),
    );
  });
});

Deno.test("schedule lets a running job finish within the grace period", async () => {
  await withOutDir(async (outDir) => {
    const { promise: started, resolve: markStarted } = Promise.withResolvers<void>();
    const { promise: finish, resolve: letFinish } = Promise.withResolvers<void>();
    const script = scriptedRun();
    const run: CliHost["run"] = async (config, options): Promise<RunReport> => {
      markStarted();
      await finish;
      return script(config, options);
    };
    const world = createFakeWorld({ configs, run });
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--grace", "1h", "--virtual-time"];
    const exit = main([...args, "--until", "2026-12-25T00:00:00Z"], world.host);
    await started;
    world.interrupt();
    // Long enough for a schedule without grace to have cancelled the job (the test can fail).
    await new Promise((resolve) => setTimeout(resolve, 30));
    letFinish();
    assertEquals(await exit, EXIT_CODES.interrupted);
    assertEquals(world.runCalls.length, 1);
    assertEquals(world.runCalls[0].options.signal?.aborted, false, "finished, not cancelled");
    assert(world.stdout().includes("2 tasks: 2 done in"), world.stdout());
  });
});

Deno.test("schedule refuses bad flags and a config without schedules, with exit 2", async (t) => {
  const unscheduled = validateConfig({ tasks: [{ sleep: "1s" }] }, "plain.yaml");
  const cases: [string, string[], string][] = [
    ["no schedule", ["plain.yaml"], "neither the config nor a task has a schedule"],
    ["virtual time without --until", ["tasks.yaml", "--virtual-time"], "without --until"],
    ["a bad --until", ["tasks.yaml", "--until", "soon"], "Cannot read --until"],
    // Date.parse reads it (as a local time in 2030), ISO 8601 does not.
    ["an --until that is no ISO 8601 time", ["tasks.yaml", "--until", "Dec 5 2030"], 'got "Dec 5'],
    [
      "an --until that has passed",
      ["tasks.yaml", "--until", "2026-11-25T09:00:00Z"],
      'Cannot use --until "2026-11-25T09:00:00Z": 2026-11-25T09:00:00.000Z has passed (it is now ' +
      "2026-11-25T10:00:00.123Z)",
    ],
    [
      "an --until that has passed, in virtual time",
      ["tasks.yaml", "--virtual-time", "--until", "2026-11-25T10:00:00.123Z"],
      "2026-11-25T10:00:00.123Z has passed",
    ],
    [
      "a bad --grace, named once, in the words a config's duration gets",
      ["tasks.yaml", "--grace", "a while"],
      'Cannot read --grace: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "a while"\n',
    ],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const world = createFakeWorld({ configs: { ...configs, "plain.yaml": unscheduled } });
      assertEquals(await main(["schedule", ...args], world.host), EXIT_CODES.usage);
      assert(world.stderr().includes(message), world.stderr());
      assertEquals(world.runCalls.length, 0);
    });
  }
});

Deno.test("schedule warns and still fires when the history cannot be read for catch-up", async () => {
  await withOutDir(async (outDir) => {
    const catchingUp = validateConfig({
      schedule: { cron: "*/10 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": catchingUp } });
    world.host.readHistory = () => Promise.reject(new Error("it is a symbolic link"));
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assert(
      world.stderr().includes(
        `warning: Cannot read the run history "${outDir}/.corun-history.jsonl": it is a symbolic link`,
      ),
      world.stderr(),
    );
    assertEquals(world.runCalls.length, 6);
  });
});

Deno.test("schedule names a damaged history line it left out when reading the history for catch-up", async () => {
  await withOutDir(async (outDir) => {
    const catchingUp = validateConfig({
      schedule: { cron: "*/10 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": catchingUp } });
    world.host.readHistory = readHistory; // the real reader, on a real file
    const path = `${outDir}/.corun-history.jsonl`;
    const ran = historyLine(
      "2026-11-25T09:40:00.000Z",
      "2026-11-25T09:40:00.010Z",
      "2026-11-25T09:41:00.000Z",
    );
    // The 09:50 run's line, its fire time edited by hand into something that is not a time.
    const edited = { ...ran, fireAt: "9:50", startedAt: "2026-11-25T09:50:00.010Z" };
    await Deno.writeTextFile(path, `${JSON.stringify(ran)}\n${JSON.stringify(edited)}\n`);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assertEquals(
      world.stderr(),
      `warning: ${path}:2: fireAt: expected an ISO 8601 time, got "9:50"; ` +
        "the line is not a run and is left out\n",
    );
    // Gone by the 09:40 run alone: 09:50 and 10:00 were missed, caught up once.
    assertEquals(caughtUp(world.stdout()), ["2026-11-25T09:50:00.000Z"], world.stdout());
  });
});

/** A history line of a fire: a run from `startedAt` to `endedAt`, or a skip when they are equal. */
function historyLine(fireAt: string, startedAt: string, endedAt: string, task?: string) {
  return {
    runId: `run-${fireAt}-${task ?? "config"}`,
    startedAt,
    endedAt,
    exitCode: 0,
    counts: { done: startedAt === endedAt ? 0 : 1, failed: 0, cancelled: 0, skipped: 0 },
    fireAt,
    ...(task === undefined ? {} : { task }),
    ...(startedAt === endedAt ? { skipped: "overlap: skip, and 1 earlier run still going" } : {}),
  };
}

/** The fire times `schedule` caught up, from its lines. */
function caughtUp(stdout: string): string[] {
  return [...stdout.matchAll(/ fire (\S+): started \(catching up/g)].map((match) => match[1]);
}

Deno.test("catchUp: once goes by the latest fire in the history, not by the last line written", async () => {
  await withOutDir(async (outDir) => {
    const catchingUp = validateConfig({
      schedule: { cron: "*/10 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": catchingUp } });
    // The 09:40 fire ran 13 minutes; the 09:50 fire found it going and was skipped, and recorded at
    // once: the 09:40 run's line, written as it ended, comes after the 09:50 one.
    world.histories.set(`${outDir}/.corun-history.jsonl`, [
      historyLine(
        "2026-11-25T09:50:00.000Z",
        "2026-11-25T09:50:00.002Z",
        "2026-11-25T09:50:00.002Z",
      ),
      historyLine(
        "2026-11-25T09:40:00.000Z",
        "2026-11-25T09:40:00.010Z",
        "2026-11-25T09:53:00.000Z",
      ),
    ]);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    // Missed while down (FAKE_NOW is 10:00:00.123): 10:00; 09:50 was handled already.
    assertEquals(caughtUp(world.stdout()), ["2026-11-25T10:00:00.000Z"], world.stdout());
  });
});

Deno.test("catchUp: once makes up a fire whose run did not finish (killed), as when it left no line", async () => {
  await withOutDir(async (outDir) => {
    const hourly = validateConfig({
      schedule: { cron: "0 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": hourly } });
    world.histories.set(`${outDir}/.corun-history.jsonl`, [
      historyLine("2026-11-25T08:00:00.000Z", "2026-11-25T08:00:00.010Z", "2026-11-25T08:01:00Z"),
      {
        runId: "20261125T090000010Z-00c0ffee",
        startedAt: "2026-11-25T09:00:00.010Z",
        fireAt: "2026-11-25T09:00:00.000Z",
        pid: 4242,
        host: "web1",
        unfinished: "lost",
      },
    ]);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    // FAKE_NOW is 10:00:00.123: the 09:00 fire's run was killed, so the last handled is 08:00.
    assertEquals(caughtUp(world.stdout()), ["2026-11-25T09:00:00.000Z"], world.stdout());
  });
});

Deno.test("catchUp: once makes up a killed fire when no run of the schedule ever finished", async (t) => {
  const hourly = validateConfig({
    schedule: { cron: "0 * * * *", timezone: "UTC", catchUp: "once" },
    tasks: [{ name: "nap", sleep: "1s" }],
  }, "tasks.yaml");
  // A new output directory: the first fire, 09:00, was killed (a reboot, the OOM killer).
  const killed = (at: string) => ({
    runId: `${at.replace(/[-:.]/g, "").slice(0, 18)}Z-00c0ffee`,
    startedAt: at.replace(".000Z", ".010Z"),
    fireAt: at,
    pid: 4242,
    host: "web1",
    unfinished: "lost" as const,
  });
  await t.step("its lost line in the history", async () => {
    await withOutDir(async (outDir) => {
      const world = createFakeWorld({ configs: { "tasks.yaml": hourly } });
      world.histories.set(`${outDir}/.corun-history.jsonl`, [killed("2026-11-25T09:00:00.000Z")]);
      const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
      assertEquals(code, EXIT_CODES.ok, world.stderr());
      assertEquals(caughtUp(world.stdout()), ["2026-11-25T09:00:00.000Z"], world.stdout());
    });
  });
  await t.step(
    "the mark it left, which no line records yet, newer than an older lost line",
    async () => {
      await withOutDir(async (outDir) => {
        const world = createFakeWorld({ configs: { "tasks.yaml": hourly } });
        world.histories.set(`${outDir}/.corun-history.jsonl`, [killed("2026-11-25T08:00:00.000Z")]);
        world.marks.set(outDir, [killed("2026-11-25T09:00:00.000Z")]);
        const code = await main(
          ["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR],
          world.host,
        );
        assertEquals(code, EXIT_CODES.ok, world.stderr());
        assertEquals(caughtUp(world.stdout()), ["2026-11-25T09:00:00.000Z"], world.stdout());
      });
    },
  );
  await t.step("not once its catch-up finished: a restart after it makes up nothing", async () => {
    await withOutDir(async (outDir) => {
      const world = createFakeWorld({ configs: { "tasks.yaml": hourly } });
      world.histories.set(`${outDir}/.corun-history.jsonl`, [
        killed("2026-11-25T09:00:00.000Z"),
        historyLine("2026-11-25T09:00:00.000Z", "2026-11-25T10:00:00.010Z", "2026-11-25T10:00:01Z"),
      ]);
      const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
      assertEquals(code, EXIT_CODES.ok, world.stderr());
      assertEquals(caughtUp(world.stdout()), [], world.stdout());
    });
  });
});

Deno.test("catchUp: once leaves out a history line from the future (written while the clock was wrong)", async () => {
  await withOutDir(async (outDir) => {
    const hourly = validateConfig({
      schedule: { cron: "0 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": hourly } });
    const at = (time: string) =>
      historyLine(time, `${time.slice(0, -1)}1Z`, "2026-11-25T09:00:00Z");
    world.histories.set(`${outDir}/.corun-history.jsonl`, [
      at("2027-06-01T00:00:00.000Z"),
      at("2026-11-25T07:00:00.000Z"),
    ]);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    // FAKE_NOW is 10:00:00.123: fires were missed since 07:00, and one run catches up (the 2027
    // line, were it believed, would hold every catch-up back until 2027).
    assertEquals(caughtUp(world.stdout()), ["2026-11-25T08:00:00.000Z"], world.stdout());
  });
});

Deno.test("catchUp: once catches up once for one outage, however often the scheduler restarts after", async () => {
  await withOutDir(async (outDir) => {
    const daily = validateConfig({
      schedule: { cron: "0 6 * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": daily } });
    // Down from the 22nd's run to 09:00 on the 25th: the scheduler then caught up (its line has the
    // first missed fire time, the 23rd's) and was stopped. Started again at 10:00 the same day, it
    // has missed nothing since that catch-up.
    world.histories.set(`${outDir}/.corun-history.jsonl`, [
      historyLine("2026-11-22T06:00:00.000Z", "2026-11-22T06:00:00.010Z", "2026-11-22T06:00:01Z"),
      historyLine("2026-11-23T06:00:00.000Z", "2026-11-25T09:00:00.010Z", "2026-11-25T09:00:01Z"),
    ]);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assertEquals(caughtUp(world.stdout()), [], world.stdout());
    assertEquals(world.runCalls.length, 0);
  });
});

Deno.test("catchUp: once finds a schedule's last run behind more than 1000 lines of other schedules", async () => {
  await withOutDir(async (outDir) => {
    const daily = validateConfig({
      schedule: { cron: "*/10 * * * *", timezone: "UTC" },
      tasks: [{
        name: "report",
        sleep: "1s",
        schedule: { cron: "0 0 * * *", timezone: "UTC", catchUp: "once" },
      }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": daily } });
    // The task last ran yesterday at midnight; today's midnight was missed. Since then the config's
    // own schedule ran 1200 times (keepHistory is per schedule: its lines do not push this one out).
    const yesterday = "2026-11-24T00:00:00.000Z";
    const others = Array.from({ length: 1200 }, (_, i) => {
      const at = new Date(Date.parse(yesterday) + (i + 1) * 60_000).toISOString();
      return historyLine(at, at, new Date(Date.parse(at) + 1000).toISOString());
    });
    world.histories.set(`${outDir}/.corun-history.jsonl`, [
      historyLine(yesterday, yesterday, "2026-11-24T00:00:01.000Z", "report"),
      ...others,
    ]);
    const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assertEquals(caughtUp(world.stdout()), ["2026-11-25T00:00:00.000Z"], world.stdout());
    assert(world.stdout().includes("task report fire 2026-11-25T00:00:00.000Z: started (catching"));
  });
});

Deno.test("catchUp: once goes by this config's runs, not another config's in a shared outDir", async (t) => {
  const hourly = (source: string) =>
    validateConfig({
      schedule: { cron: "0 * * * *", timezone: "UTC", catchUp: "once" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, source);
  const other = validateConfig({ tasks: [{ name: "other", sleep: "1s" }] }, "other.yaml");
  const configs = { "tasks.yaml": hourly("tasks.yaml"), "other.yaml": other };
  // This config last ran at 08:00 (the 09:00 and 10:00 fires were missed), in a line written before
  // lines named their config.
  const lastRun = historyLine(
    "2026-11-25T08:00:00.000Z",
    "2026-11-25T08:00:00.001Z",
    "2026-11-25T08:00:05.000Z",
  );
  await t.step("another config's run just now is no run of this schedule", async () => {
    await withOutDir(async (outDir) => {
      const world = createFakeWorld({ configs });
      world.histories.set(`${outDir}/.corun-history.jsonl`, [lastRun]);
      assertEquals(await main(["run", "other.yaml", "--out", outDir], world.host), EXIT_CODES.ok);
      const code = await main(["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR], world.host);
      assertEquals(code, EXIT_CODES.ok, world.stderr());
      assertEquals(caughtUp(world.stdout()), ["2026-11-25T09:00:00.000Z"], world.stdout());
    });
  });
  await t.step("its own run just now, and a line that names no config, each count", async (t) => {
    type World = ReturnType<typeof createFakeWorld>;
    const cases: [string, (outDir: string, world: World) => Promise<unknown>][] = [
      ["its own run", (outDir, world) => main(["run", "tasks.yaml", "--out", outDir], world.host)],
      ["a line without config", (outDir, world) => {
        const lines = world.histories.get(`${outDir}/.corun-history.jsonl`)!;
        lines.push({ ...lastRun, fireAt: "2026-11-25T10:00:00.000Z" });
        return Promise.resolve();
      }],
    ];
    for (const [name, happenJustNow] of cases) {
      await t.step(name, async () => {
        await withOutDir(async (outDir) => {
          const world = createFakeWorld({ configs });
          world.histories.set(`${outDir}/.corun-history.jsonl`, [lastRun]);
          await happenJustNow(outDir, world);
          const args = ["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR];
          assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
          assertEquals(caughtUp(world.stdout()), [], world.stdout());
        });
      });
    }
  });
});

Deno.test("schedule --db refuses, with exit 2, the flags that mean nothing when firing into a shared queue", async (t) => {
  // Port 1: refused before any connection is tried. `--shared` takes the config's `db:`.
  const db = "postgres://corun@127.0.0.1:1/x";
  const shared = validateConfig({
    db,
    schedule: { cron: "*/10 * * * *", timezone: "UTC" },
    tasks: [{ name: "page", fetch: "http://127.0.0.1:1/a" }],
  }, "tasks.yaml");
  const cases: [string[], string][] = [
    [
      ["--db", db, "--out", "elsewhere"],
      "Cannot use --out when firing into a shared queue (--db or --shared): the workers save " +
      "the fetches (give corun worker --out)\n",
    ],
    [["--db", db, "--trace", "t.json"], "Cannot use --trace when firing into a shared queue"],
    [["--db", db, "--bandwidth", "1MiB/s"], "Cannot use --bandwidth when firing into a shared"],
    [["--db", db, "--max-failures", "3"], "Cannot use --max-failures when firing into a shared"],
    [["--db", db, "--state", "s.json"], "Cannot use --state when firing into a shared queue"],
    [["--db", db, "--no-state"], "Cannot use --no-state when firing into a shared queue"],
    [["--db", db, "--grace", "5m"], "Cannot use --grace when firing into a shared queue"],
    [["--shared", "--out", "elsewhere"], "Cannot use --out when firing into a shared queue"],
  ];
  await t.step(
    "a config without schedules, in the words schedule without --db says it",
    async () => {
      const unscheduled = validateConfig({ db, tasks: [{ sleep: "1s" }] }, "plain.yaml");
      const world = createFakeWorld({ configs: { "plain.yaml": unscheduled } });
      const code = await main(["schedule", "plain.yaml", "--shared"], world.host);
      assertEquals(code, EXIT_CODES.usage, world.stderr());
      assertEquals(
        world.stderr(),
        'Cannot schedule "plain.yaml": neither the config nor a task has a schedule\n',
      );
    },
  );
  await t.step("--queue without --db or --shared", async () => {
    const world = createFakeWorld({ configs: { "tasks.yaml": shared } });
    const code = await main(["schedule", "tasks.yaml", "--queue", "q"], world.host);
    assertEquals(code, EXIT_CODES.usage, world.stderr());
    assert(
      world.stderr().includes(
        "Cannot use --queue without --db or --shared: it names a shared queue",
      ),
      world.stderr(),
    );
  });
  for (const [flags, message] of cases) {
    await t.step(flags.join(" "), async () => {
      const world = createFakeWorld({ configs: { "tasks.yaml": shared } });
      const code = await main(["schedule", "tasks.yaml", ...flags], world.host);
      assertEquals(code, EXIT_CODES.usage, world.stderr());
      assert(world.stderr().includes(message), world.stderr());
      assertEquals(world.stdout(), "");
    });
  }
});

/** The fire lines of `schedule`'s output: each fire's time and its line. */
function firesIn(stdout: string): { at: string; line: string }[] {
  return [...stdout.matchAll(/^\S+ config fire (\S+): (?!ended).*$/gm)].map((match) => ({
    at: match[1],
    line: match[0],
  }));
}

Deno.test("schedule follows the wall clock when the machine sleeps: the fires after it are on time, not an hour late", async () => {
  await withOutDir(async (outDir) => {
    const everySecond = validateConfig({
      schedule: { cron: "* * * * * *", timezone: "UTC" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": everySecond } });
    // The machine sleeps an hour after the first fire: its wall clock jumps an hour, while the
    // monotonic clock that timers run on stands still.
    const SLEPT_MS = 3_600_000;
    let sleptMs = 0;
    world.host.now = () => {
      if (sleptMs === 0 && firesIn(world.stdout()).length > 0) sleptMs = SLEPT_MS;
      return new Date(Date.now() + sleptMs);
    };
    const exit = main(["schedule", "tasks.yaml", "--out", outDir], world.host);
    while (firesIn(world.stdout()).length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const [first, awake, next] = firesIn(world.stdout());
    // The first fire after waking stands for the hour of fire times slept through; the next one
    // is a fire time of the hour the machine woke in.
    assert(awake.line.includes("later fires passed while late"), world.stdout());
    assert(Date.parse(next.at) - Date.parse(first.at) >= SLEPT_MS, world.stdout());
  });
});

Deno.test("schedule follows a wall clock set back a day: it says so, and fires on the new time", async () => {
  await withOutDir(async (outDir) => {
    const everySecond = validateConfig({
      schedule: { cron: "* * * * * *", timezone: "UTC" },
      tasks: [{ name: "nap", sleep: "10ms" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": everySecond } });
    // The clock ran a day ahead, and NTP sets it right after the first fire: the next fire time
    // the wrong clock led to is a day away on the right one.
    const DAY_MS = 86_400_000;
    let aheadMs = DAY_MS;
    world.host.now = () => {
      if (firesIn(world.stdout()).length > 0) aheadMs = 0;
      return new Date(Date.now() + aheadMs);
    };
    const exit = main(["schedule", "tasks.yaml", "--out", outDir], world.host);
    // A scheduler that waits for the wrong clock's fire time would hold the test for a day.
    const giveUpAt = Date.now() + 20_000;
    while (firesIn(world.stdout()).length < 2 && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const [first, second] = firesIn(world.stdout());
    assert(second !== undefined, world.stdout());
    assert(Date.parse(first.at) - Date.parse(second.at) > DAY_MS - 60_000, world.stdout());
    assert(
      /^\S+ config: the wall clock went back (?:1d|23h[\dms]*) \(\S+ -> \S+\): fire times start again from the new time$/m
        .test(world.stdout()),
      world.stdout(),
    );
  });
});

Deno.test("schedule says how each fire's run ended: its exit code and run id, as its history line has them", async () => {
  await withOutDir(async (outDir) => {
    const everySecond = validateConfig({
      schedule: { cron: "* * * * * *", timezone: "UTC" },
      tasks: [{ name: "nap", sleep: "10ms" }],
    }, "tasks.yaml");
    const run = scriptedRun({ nap: { outcome: "failed", message: "boom" } });
    const world = createFakeWorld({ configs: { "tasks.yaml": everySecond }, run });
    world.host.now = () => new Date();
    const exit = main(["schedule", "tasks.yaml", "--out", outDir], world.host);
    const ended = /^\S+ config fire (\S+): ended, exit (\d+) \(run (\S+)\)$/m;
    const giveUpAt = Date.now() + 20_000;
    while (!ended.test(world.stdout()) && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const match = ended.exec(world.stdout());
    assert(match !== null, world.stdout());
    const [, fireAt, code, runId] = match!;
    assertEquals(code, String(EXIT_CODES.taskFailed));
    const lines = world.finishedRuns(`${outDir}/.corun-history.jsonl`);
    const line = lines.find((entry) => entry.runId === runId);
    assertEquals([line?.fireAt, line?.exitCode], [fireAt, EXIT_CODES.taskFailed], world.stdout());
  });
});

Deno.test("schedule records a queued fire that a stop drops before it ran, and says so", async () => {
  await withOutDir(async (outDir) => {
    const queueing = validateConfig({
      schedule: { cron: "* * * * * *", timezone: "UTC", overlap: "queue" },
      tasks: [{ name: "nap", sleep: "1h" }],
    }, "tasks.yaml");
    const { run } = runUntilInterrupted();
    const world = createFakeWorld({ configs: { "tasks.yaml": queueing }, run });
    world.host.now = () => new Date();
    const exit = main(["schedule", "tasks.yaml", "--out", outDir, "--grace", "0"], world.host);
    while (!/ fire \S+: queued/.test(world.stdout())) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const queuedAt = / fire (\S+): queued/.exec(world.stdout())![1];
    assert(
      world.stdout().includes(
        ` fire ${queuedAt}: dropped (the scheduler stopped before its turn)\n`,
      ),
      world.stdout(),
    );
    const lines = world.finishedRuns(`${outDir}/.corun-history.jsonl`);
    const dropped = lines.filter((line) => line.fireAt === queuedAt);
    assertEquals(dropped.map((line) => line.skipped), [
      "overlap: queue, and the scheduler stopped before its turn",
    ]);
  });
});

Deno.test("schedule says a dropped fire's line is recorded when the history cannot be pruned", async () => {
  await withOutDir(async (outDir) => {
    const queueing = validateConfig({
      schedule: { cron: "* * * * * *", timezone: "UTC", overlap: "queue" },
      tasks: [{ name: "nap", sleep: "1h" }],
    }, "tasks.yaml");
    const { run } = runUntilInterrupted();
    const world = createFakeWorld({ configs: { "tasks.yaml": queueing }, run });
    world.host.now = () => new Date();
    const append = world.host.appendHistory;
    world.host.appendHistory = async (path, entry, options) => ({
      ...await append(path, entry, options),
      ...("skipped" in entry
        ? { pruneError: new Error("Read-only file system (os error 30)") }
        : {}),
    });
    const exit = main(["schedule", "tasks.yaml", "--out", outDir, "--grace", "0"], world.host);
    while (!/ fire \S+: queued/.test(world.stdout())) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, world.stderr());
    const history = `${outDir}/.corun-history.jsonl`;
    assert(!world.stdout().includes("Cannot record"), world.stdout());
    // The queued fire the stop dropped, and any fire skipped while one was queued: each warned of.
    const skipped = world.finishedRuns(history).filter((line) => line.skipped).length;
    const warnings = world.stderr().split("\n").filter((line) => line.includes("Cannot prune"));
    assert(skipped >= 1);
    assertEquals(warnings.length, skipped, world.stderr());
    assert(
      warnings[0].endsWith(
        ` warning: Cannot prune "${history}" to keepHistory 1000: Read-only file system ` +
          "(os error 30); the run is recorded, and the next run tries the prune again",
      ),
      warnings[0],
    );
  });
});

Deno.test("schedule --until before every first fire says so, names each first fire, and exits 0 without a run", async (t) => {
  const later = validateConfig({
    schedule: { cron: "0 6 * * *", timezone: "UTC" },
    tasks: [
      { name: "nap", sleep: "1s" },
      { name: "page", sleep: "2s", schedule: { cron: "0 * * * *", timezone: "UTC" } },
    ],
  }, "tasks.yaml");
  // FAKE_NOW is 2026-11-25T10:00:00.123Z: the config fires first at 06:00 tomorrow, the task at 11:00.
  const until = ["--until", "2026-11-25T10:30:00Z"];
  await t.step("in real time, and into --log", async () => {
    await withOutDir(async (outDir) => {
      const world = createFakeWorld({ configs: { "tasks.yaml": later } });
      const log = `${outDir}/schedule.log`;
      const args = ["schedule", "tasks.yaml", "--out", outDir, "--log", log, ...until];
      assertEquals(await main(args, world.host), EXIT_CODES.ok);
      const warning = "warning: Nothing fires before --until 2026-11-25T10:30:00.000Z (first " +
        "fires: config 2026-11-26T06:00:00.000Z, task page 2026-11-25T11:00:00.000Z): no run, " +
        "exiting\n";
      assertEquals(world.stderr(), warning);
      assertEquals(world.runCalls.length, 0);
      assert((await Deno.readTextFile(log)).endsWith(`2026-11-25T10:00:00.123Z ${warning}`));
    });
  });
  await t.step("not when a catchUp: once has a missed fire to make up: that one runs", async () => {
    await withOutDir(async (outDir) => {
      const catchingUp = validateConfig({
        schedule: { cron: "0 6 * * *", timezone: "UTC", catchUp: "once" },
        tasks: [{ name: "nap", sleep: "1s" }],
      }, "tasks.yaml");
      const world = createFakeWorld({ configs: { "tasks.yaml": catchingUp } });
      world.histories.set(`${outDir}/.corun-history.jsonl`, [
        historyLine("2026-11-24T06:00:00.000Z", "2026-11-24T06:00:00.010Z", "2026-11-24T06:00:01Z"),
      ]);
      const args = ["schedule", "tasks.yaml", "--out", outDir, "--virtual-time", ...until];
      assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
      assertEquals(caughtUp(world.stdout()), ["2026-11-25T06:00:00.000Z"], world.stdout());
      assertEquals(world.stderr(), "");
    });
  });
});

Deno.test("a scheduler callback that fails is a timestamped warning on stderr and in --log, as a run's warnings are", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs });
    // A full disk under `corun schedule > file`: the fire's own line cannot be written.
    const stdout = world.host.stdout;
    world.host.stdout = {
      write(text) {
        if (/ config fire /.test(text)) throw new Error("No space left on device (os error 28)");
        stdout.write(text);
      },
    };
    const log = `${outDir}/schedule.log`;
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--log", log];
    const until = ["--virtual-time", "--until", "2026-11-25T10:15:00Z"];
    assertEquals(await main([...args, ...until], world.host), EXIT_CODES.ok, world.stderr());
    const warning = "2026-11-25T10:10:00.000Z warning: The onFire callback of schedule " +
      '"config" failed: No space left on device (os error 28)\n';
    assertEquals(world.stderr(), warning);
    // The fire still ran.
    assertEquals(world.runCalls.length, 1);
    assert((await Deno.readTextFile(log)).includes(warning));
  });
});

Deno.test("a task's schedule runs whatever its name's length: a long or non-ASCII name's lock file name stays within 255 bytes", async () => {
  await withOutDir(async (outDir) => {
    // Percent-encoded, 40 × é make a lock file name of 257 bytes, these 29 CJK characters 278.
    const names = [
      "é".repeat(40),
      "毎日の商品データベースのバックアップを取得して保存する処理",
      "nap",
    ];
    const config = validateConfig({
      tasks: names.map((name) => ({
        name,
        sleep: "1s",
        schedule: { cron: "0 * * * *", timezone: "UTC" },
      })),
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    const args = ["schedule", "tasks.yaml", "--out", outDir, ...ONE_HOUR];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(world.stderr(), "");
    assertEquals(world.runCalls.map(({ config }) => config.tasks[0].name).sort(), names.sort());
    const locks = [...Deno.readDirSync(outDir)].map((entry) => entry.name)
      .filter((name) => name.startsWith(".corun-task-")).sort();
    assertEquals(locks.length, 3, locks.join("\n"));
    // A name that fits keeps its file name, so the locks of a running scheduler still match.
    assert(locks.includes(".corun-task-nap.lock"), locks.join("\n"));
    for (const lock of locks) assert(new TextEncoder().encode(lock).length <= 255, lock);
  });
});

Deno.test("schedule --log follows a log rotated by moving it away: the scheduler's lines go on in the new file", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs });
    const log = `${outDir}/logs/cron.log`;
    // logrotate's `create` mode, as the first fire's run ends: the log moved away, a new one made.
    const stdout = world.host.stdout;
    world.host.stdout = {
      write(text) {
        if (text.includes(" config fire 2026-11-25T10:10:00.000Z: ended")) {
          Deno.renameSync(log, `${log}.1`);
          Deno.writeTextFileSync(log, "");
        }
        stdout.write(text);
      },
    };
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--log", log];
    const until = ["--virtual-time", "--until", "2026-11-25T10:25:00Z"];
    assertEquals(await main([...args, ...until], world.host), EXIT_CODES.ok, world.stderr());
    const rotated = Deno.readTextFileSync(`${log}.1`);
    assert(rotated.includes(" config fire 2026-11-25T10:10:00.000Z: started\n"), rotated);
    const current = Deno.readTextFileSync(log);
    assert(current.includes(" config fire 2026-11-25T10:10:00.000Z: ended, exit 0"), current);
    assert(current.includes(" config fire 2026-11-25T10:20:00.000Z: started\n"), current);
    assert(!rotated.includes("10:20:00.000Z"), rotated);
  });
});
