import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock, type LockHolder, readHolder, type RunLock } from "../schedule/mod.ts";
import { isRunId } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import {
  createFakeWorld,
  FAKE_NOW,
  scriptedRun,
  untilSaid,
} from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { join, relative, resolve } from "npm:deno-std@1.4.0/path/mod.js";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";
import { fullDisk } from "../../tests/fixtures/file_system_quirks.ts";

const CONFIG = validateConfig({
  tasks: [
    { name: "task-1", sleep: "3s" },
    { name: "task-2", sleep: "2s" },
    { name: "blog", fetch: "https://blog.example/", save: "blog.html" },
    { name: "task-4", sleep: "1s" },
  ],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };
const blogFails = { blog: { outcome: "failed" as const, message: "Cannot connect" } };

const withOutDir = withTempDir("corun-run-");

async function holdLock(outDir: string): Promise<RunLock> {
  const result = await runOperation(acquireLock(`${outDir}/.corun.lock`));
  if (!result.acquired) throw new Error("the test could not take the lock");
  return result.lock;
}

Deno.test("run --lock=fail exits 75 without running while another run holds the lock", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const code = await main(["run", "tasks.yaml", "--out", outDir, "--lock=fail"], world.host);
    assertEquals(code, EXIT_CODES.locked);
    assertEquals(world.runCalls.length, 0);
    assertMatch(
      world.stderr(),
      new RegExp(
        `^Cannot run "tasks\\.yaml": another run holds the lock \\(pid ${Deno.pid}( on \\S+)? since `,
      ),
    );
    assertEquals(world.histories.size, 0, "a run that did not happen is not history");
  });
});

Deno.test("run --lock=skip exits 0 and says who holds the lock", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const code = await main(["run", "tasks.yaml", "--out", outDir, "--lock=skip"], world.host);
    assertEquals(code, EXIT_CODES.ok);
    assertEquals(world.runCalls.length, 0);
    assertMatch(
      world.stdout(),
      new RegExp(
        `^${FAKE_NOW} another run of tasks\\.yaml holds the lock \\(pid ${Deno.pid}( on \\S+)? since `,
      ),
    );
  });
});

Deno.test("run --lock names the other config whose run holds the lock of a shared outDir", async () => {
  await withOutDir(async (outDir) => {
    // Configs in one folder with the same outDir: the lock says whose run holds it.
    const holding = await runOperation(
      acquireLock(`${outDir}/.corun.lock`, { config: "other.yaml" }),
    );
    if (!holding.acquired) throw new Error("the test could not take the lock");
    await using _held = holding.lock;
    const other = join(outDir, "other.yaml");
    const world = createFakeWorld({ configs });
    assertEquals(await main(["run", "tasks.yaml", "--out", outDir, "--lock=skip"], world.host), 0);
    const pid = `\\(pid ${Deno.pid}( on \\S+)? since `;
    assertMatch(world.stdout(), new RegExp(`^${FAKE_NOW} a run of ${other} holds the lock ${pid}`));
    const [line] = world.finishedRuns(`${outDir}/.corun-history.jsonl`);
    assertMatch(line?.skipped ?? "", new RegExp(`^a run of ${other} holds the lock ${pid}`));
    const code = await main(["run", "tasks.yaml", "--out", outDir, "--lock=fail"], world.host);
    assertEquals(code, EXIT_CODES.locked);
    assertMatch(
      world.stderr(),
      new RegExp(`^Cannot run "tasks\\.yaml": a run of ${other} holds the lock ${pid}`),
    );
    assertEquals(world.runCalls.length, 0);
  });
});

Deno.test("run --lock writes its config into the lock file, as the outDir's files name it", async () => {
  await withOutDir(async (outDir) => {
    const lockPath = `${outDir}/.corun.lock`;
    let holder: LockHolder | undefined;
    const run: CliHost["run"] = async (config, options) => {
      holder = await readHolder(lockPath);
      return scriptedRun()(config, options);
    };
    const world = createFakeWorld({ configs, run });
    assertEquals(await main(["run", "tasks.yaml", "--out", outDir, "--lock"], world.host), 0);
    assertEquals(holder?.pid, Deno.pid);
    assertEquals(holder?.config, relative(outDir, resolve("tasks.yaml")));
  });
});

Deno.test("run --lock=skip records the skipped run in the history, saying why", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    await main(["run", "tasks.yaml", "--out", outDir, "--lock=skip"], world.host);
    const [line, ...more] = world.finishedRuns(`${outDir}/.corun-history.jsonl`);
    assertEquals(more, []);
    assert(isRunId(line?.runId), JSON.stringify(line));
    assertMatch(line.skipped ?? "", new RegExp(`^another run holds the lock \\(pid ${Deno.pid}`));
    assertEquals([line.startedAt, line.exitCode, line.counts.done], [FAKE_NOW, EXIT_CODES.ok, 0]);
  });
});

Deno.test("run --virtual-time is a preview: nothing is added to the history", async () => {
  const world = createFakeWorld({ configs });
  await main(["run", "tasks.yaml", "--out", "/srv/out"], world.host);
  await main(["run", "tasks.yaml", "--out", "/srv/out", "--virtual-time"], world.host);
  assertEquals(world.runCalls.map(({ options }) => options.virtualTime), [false, true]);
  assertEquals(world.histories.get("/srv/out/.corun-history.jsonl")?.length, 1);
});

Deno.test("a run records its config's runs that did not finish as lost, says so, and is marked while it runs", async () => {
  const config = relative("/srv/out", resolve("tasks.yaml"));
  const lost = {
    runId: "20261125T090000000Z-00c0ffee",
    startedAt: "2026-11-25T09:00:00.000Z",
    pid: 4242,
    host: "web1",
    config,
    unfinished: "lost" as const,
  };
  const othersLost = { ...lost, runId: "20261125T091000000Z-0000beef", config: "../b.yaml" };
  let marked: unknown[] = [];
  const run: CliHost["run"] = (spec, options) => {
    marked = world.host.readUnfinishedRuns("/srv/out", config);
    return scriptedRun()(spec, options);
  };
  const world = createFakeWorld({ configs, run });
  world.marks.set("/srv/out", [lost, othersLost]);
  assertEquals(await main(["run", "tasks.yaml", "--out", "/srv/out", "--json"], world.host), 0);
  const { runId, warnings } = JSON.parse(world.stdout());
  const said = `Run ${lost.runId} (started ${lost.startedAt}) did not finish (killed?): pid 4242 ` +
    `on web1; recorded in "/srv/out/.corun-history.jsonl"`;
  assertEquals(warnings, [said]);
  assertEquals(world.stderr(), `warning: ${said}\n`);
  const lines = world.histories.get("/srv/out/.corun-history.jsonl") ?? [];
  assertEquals(lines.map((line) => [line.runId, "unfinished" in line]), [
    [lost.runId, true],
    [runId, false],
  ]);
  assertEquals(lines[0], lost);
  assertEquals(marked, [{
    runId,
    startedAt: FAKE_NOW,
    config,
    pid: 4242,
    host: "web1",
    unfinished: "running",
  }]);
  assertEquals(
    world.marks.get("/srv/out"),
    [othersLost],
    "its own mark gone, another config's kept",
  );
});

Deno.test("a week-old lost run of another config (renamed or moved) is recorded under its own name, unpruned, and said", async () => {
  const renamed = {
    runId: "20261117T090000000Z-00c0ffee",
    startedAt: "2026-11-17T09:00:00.000Z", // more than 7 days before FAKE_NOW
    pid: 4242,
    host: "web1",
    config: "../old.yaml",
    unfinished: "lost" as const,
  };
  const recent = {
    ...renamed,
    runId: "20261125T090000000Z-0000beef",
    startedAt: "2026-11-25T09:00:00.000Z",
  };
  const world = createFakeWorld({ configs });
  world.marks.set("/srv/out", [renamed, recent]);
  const keeps: (number | undefined)[] = [];
  const append = world.host.appendHistory;
  world.host.appendHistory = (path, entry, options) => {
    keeps.push(options?.keep);
    return append(path, entry, options);
  };
  assertEquals(await main(["run", "tasks.yaml", "--out", "/srv/out", "--quiet"], world.host), 0);
  assertEquals(
    world.stderr(),
    `warning: Run ${renamed.runId} of /srv/old.yaml (started ${renamed.startedAt}) did not ` +
      `finish (killed?): pid 4242 on web1; recorded in "/srv/out/.corun-history.jsonl"\n`,
  );
  const lines = world.histories.get("/srv/out/.corun-history.jsonl") ?? [];
  assertEquals(lines[0], renamed);
  assertEquals(keeps, [Infinity, 1000], "another config's lines are not pruned by this one's");
  assertEquals(world.marks.get("/srv/out"), [recent], "a recent one waits for its own config");
});

Deno.test("a lost run whose line is there already is not recorded twice; a preview records none", async () => {
  const config = relative("/srv/out", resolve("tasks.yaml"));
  const lost = {
    runId: "20261125T090000000Z-00c0ffee",
    startedAt: "2026-11-25T09:00:00.000Z",
    pid: 4242,
    host: "web1",
    config,
    unfinished: "lost" as const,
  };
  // Killed after its line was written, before its mark went.
  const { runId, startedAt } = lost;
  const ended = { runId, startedAt, endedAt: FAKE_NOW, exitCode: 0, counts: {}, config };
  const world = createFakeWorld({ configs });
  world.marks.set("/srv/out", [lost]);
  await main(["run", "tasks.yaml", "--out", "/srv/out", "--virtual-time"], world.host);
  assertEquals([world.histories.size, world.marks.get("/srv/out")], [0, [lost]]);
  const previewSaid = world.stderr(); // that its fetches are real requests, nothing of lost runs
  assert(!previewSaid.includes(lost.runId), previewSaid);
  world.histories.set("/srv/out/.corun-history.jsonl", [ended]);
  assertEquals(await main(["run", "tasks.yaml", "--out", "/srv/out"], world.host), 0);
  const lines = world.histories.get("/srv/out/.corun-history.jsonl") ?? [];
  assertEquals(lines.map((line) => "unfinished" in line), [false, false]);
  assertEquals(world.marks.get("/srv/out"), []);
  assertEquals(world.stderr(), previewSaid);
});

Deno.test("a lost run that cannot be recorded is said, left for a later run, and the run goes on", async () => {
  const lost = {
    runId: "20261125T090000000Z-00c0ffee",
    startedAt: "2026-11-25T09:00:00.000Z",
    pid: 4242,
    host: "web1",
    unfinished: "lost" as const,
  };
  const world = createFakeWorld({ configs });
  world.marks.set("/srv/out", [lost]);
  world.host.readHistory = () => Promise.reject(new Error("Input/output error (os error 5)"));
  assertEquals(await main(["run", "tasks.yaml", "--out", "/srv/out", "--quiet"], world.host), 0);
  assertEquals(
    world.stderr(),
    'warning: Cannot record the lost runs in "/srv/out/.corun-history.jsonl": ' +
      "Input/output error (os error 5)\n",
  );
  assertEquals(world.marks.get("/srv/out"), [lost]);
  assertEquals(world.finishedRuns("/srv/out/.corun-history.jsonl").length, 1, "its own line");
});

Deno.test("a lost run recorded in a history that cannot be pruned is said recorded, and its mark goes", async () => {
  const lost = {
    runId: "20261125T090000000Z-00c0ffee",
    startedAt: "2026-11-25T09:00:00.000Z",
    pid: 4242,
    host: "web1",
    unfinished: "lost" as const,
  };
  const world = createFakeWorld({ configs });
  world.marks.set("/srv/out", [lost]);
  const append = world.host.appendHistory;
  world.host.appendHistory = async (path, entry, options) => ({
    ...await append(path, entry, options),
    pruneError: new Error("No space left on device (os error 28)"),
  });
  assertEquals(await main(["run", "tasks.yaml", "--out", "/srv/out", "--quiet"], world.host), 0);
  const history = "/srv/out/.corun-history.jsonl";
  const pruneWarning = `warning: Cannot prune "${history}" to keepHistory 1000: No space left on ` +
    "device (os error 28); the run is recorded, and the next run tries the prune again\n";
  assertEquals(
    world.stderr(),
    pruneWarning +
      `warning: Run ${lost.runId} (started ${lost.startedAt}) did not finish (killed?): pid 4242 ` +
      `on web1; recorded in "${history}"\n` +
      pruneWarning, // the run's own line
  );
  assertEquals(world.marks.get("/srv/out"), [], "recorded: not left for a later run");
  assertEquals(world.histories.get(history)?.length, 2);
});

Deno.test("run --lock=wait runs once the holder lets go, and bare --lock takes a free lock", async () => {
  await withOutDir(async (outDir) => {
    const held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const waiting = main(["run", "tasks.yaml", "--out", outDir, "--lock=wait"], world.host);
    await untilSaid(world, "Waiting for the lock");
    assertEquals(world.runCalls.length, 0, "ran while the lock was held");
    await held.release();
    assertEquals(await waiting, EXIT_CODES.ok);
    assertEquals(world.runCalls.length, 1);
    // Released after the run: a bare --lock (fail mode) gets it.
    assertEquals(await main(["run", "tasks.yaml", "--out", outDir, "--lock"], world.host), 0);
    assertEquals(world.runCalls.length, 2);
  });
});

Deno.test("run --lock=wait says once that it waits, and for whom, before the run starts", async () => {
  await withOutDir(async (outDir) => {
    const held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = [
      "run",
      "tasks.yaml",
      "--out",
      outDir,
      "--lock=wait",
      "--log",
      `${outDir}/cron.log`,
    ];
    const waiting = main(args, world.host);
    await untilSaid(world, "Waiting for the lock");
    await new Promise((resolve) => setTimeout(resolve, 300)); // a poll or more after saying it
    await held.release();
    assertEquals(await waiting, EXIT_CODES.ok);
    const said = new RegExp(
      `^${FAKE_NOW} Waiting for the lock of "tasks\\.yaml": another run holds it \\(pid ${Deno.pid}`,
    );
    assertMatch(world.stdout(), said);
    assertEquals(world.stdout().split("Waiting for the lock").length, 2, world.stdout());
    assertMatch(await Deno.readTextFile(`${outDir}/cron.log`), said);
  });
});

Deno.test("run --lock=wait interrupted while it waits says so and exits 130, not run", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const waiting = main(["run", "tasks.yaml", "--out", outDir, "--lock=wait"], world.host);
    // An interrupt while it waits, not before.
    await untilSaid(world, "Waiting for the lock");
    world.interrupt();
    assertEquals(await waiting, EXIT_CODES.interrupted);
    assertEquals(world.runCalls.length, 0);
    assertMatch(
      world.stderr(),
      /Interrupted while waiting for the lock of "tasks\.yaml" .*: not run/,
    );
  });
});

Deno.test("run --lock=wait --lock-timeout gives up when the lock stays held: exit 75, as --lock=fail, not run", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--lock=wait", "--lock-timeout", "50ms"];
    assertEquals(await main(args, world.host), EXIT_CODES.locked);
    assertEquals(world.runCalls.length, 0);
    assertMatch(
      world.stderr(),
      new RegExp(
        `^Cannot run "tasks\\.yaml": another run holds the lock \\(pid ${Deno.pid}( on \\S+)? ` +
          "since [^)]*\\), still after 50ms \\(--lock-timeout\\)\n$",
      ),
    );
    assertEquals(world.histories.size, 0, "refused as --lock=fail is: not history");
  });
});

Deno.test("run --lock=wait --lock-timeout says its limit as it waits, and runs when the lock is let go in time", async () => {
  await withOutDir(async (outDir) => {
    const held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--lock=wait", "--lock-timeout", "1h"];
    const waiting = main(args, world.host);
    await untilSaid(
      world,
      'Waiting for the lock of "tasks.yaml" (at most 1h): another run holds it',
    );
    await held.release();
    assertEquals(await waiting, EXIT_CODES.ok);
    assertEquals(world.runCalls.length, 1);
  });
});

Deno.test("run --lock-timeout: a value that is no duration, or a lock mode that does not wait, is a usage error", async () => {
  const cases: [string[], string][] = [
    [
      ["--lock=wait", "--lock-timeout", "10secs"],
      'Cannot read --lock-timeout: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "10secs"\n',
    ],
    [
      ["--lock=fail", "--lock-timeout", "10m"],
      "Cannot use --lock-timeout without --lock=wait: it limits how long --lock=wait waits for " +
      "the lock; --lock=fail does not wait\n",
    ],
    [
      ["--lock-timeout", "10m"],
      "Cannot use --lock-timeout without --lock=wait: it limits how long --lock=wait waits for " +
      "the lock; give --lock=wait too\n",
    ],
  ];
  for (const [flags, said] of cases) {
    const world = createFakeWorld({ configs });
    assertEquals(await main(["run", "tasks.yaml", ...flags], world.host), EXIT_CODES.usage);
    assertEquals([world.stderr(), world.runCalls.length], [said, 0], flags.join(" "));
  }
});

Deno.test("run --lock on a full disk: the lock is taken without its holder's record, said once, and the run goes on", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs });
    let code: number;
    {
      using _full = fullDisk();
      code = await main(["run", "tasks.yaml", "--out", outDir, "--lock"], world.host);
    }
    assertEquals([code, world.runCalls.length], [EXIT_CODES.ok, 1]);
    assertEquals(
      world.stderr(),
      `warning: Cannot write who holds the lock into "${outDir}/.corun.lock": No space left on ` +
        "device (os error 28); the lock is held all the same (other runs see an unknown holder)\n",
    );
    assertEquals(world.histories.get(`${outDir}/.corun-history.jsonl`)?.length, 1);
  });
});

Deno.test("run --max-failures tolerates a count or a percentage of unsuccessful tasks", async (t) => {
  const cases: [string[], number][] = [
    [[], EXIT_CODES.taskFailed],
    [["--max-failures", "1"], EXIT_CODES.ok],
    [["--max-failures", "25%"], EXIT_CODES.ok],
    [["--max-failures", "20%"], EXIT_CODES.taskFailed],
    [["--max-failures", "0"], EXIT_CODES.taskFailed],
    [["--max-failures", "lots"], EXIT_CODES.usage],
  ];
  for (const [flags, code] of cases) {
    await t.step(flags.join(" ") || "(default 0)", async () => {
      const world = createFakeWorld({ configs, run: scriptedRun(blogFails) });
      assertEquals(await main(["run", "tasks.yaml", ...flags], world.host), code);
    });
  }
});

Deno.test("run appends {startedAt, endedAt, exitCode, counts, config} to the outDir's history", async () => {
  const world = createFakeWorld({ configs, run: scriptedRun(blogFails) });
  await main(["run", "tasks.yaml", "--out", "/srv/out"], world.host);
  await main(["run", "tasks.yaml", "--out", "/srv/out", "--max-failures", "1"], world.host);
  await main(["plan", "tasks.yaml"], world.host);
  await main(["check", "tasks.yaml"], world.host);
  const counts = { done: 3, failed: 1, cancelled: 0, skipped: 0 };
  // The config by its path from the outDir: configs may share an outDir, and so its history.
  const config = relative("/srv/out", resolve("tasks.yaml"));
  const entry = { startedAt: FAKE_NOW, endedAt: FAKE_NOW, counts, config };
  assertEquals([...world.histories.keys()], ["/srv/out/.corun-history.jsonl"]);
  const recorded = world.histories.get("/srv/out/.corun-history.jsonl")!;
  // Each run has its own id, also passed to the runner for its metadata lines.
  const ids = recorded.map((line) => line.runId);
  assertEquals(ids, world.runCalls.slice(0, 2).map(({ options }) => options.runId));
  assert(ids.every(isRunId) && ids[0] !== ids[1], String(ids));
  assertEquals(recorded.map(({ runId: _, ...line }) => line), [
    { ...entry, exitCode: 1 },
    { ...entry, exitCode: 0 },
  ]);
});

Deno.test("run --log appends plain lines without escape codes, even beside a live view", async (t) => {
  for (const flags of [[], ["--quiet"], ["--json"]]) {
    await t.step(flags.join(" ") || "live view on stdout", async () => {
      await withOutDir(async (dir) => {
        const world = createFakeWorld({ configs, terminal: true });
        const log = `${dir}/logs/cron.log`;
        assertEquals(await main(["run", "tasks.yaml", "--log", log, ...flags], world.host), 0);
        const text = await Deno.readTextFile(log);
        assert(!text.includes("\x1b"), "escape codes in the log file");
        assert(text.startsWith(`${FAKE_NOW} task-1 start sleep 3s\n`), text);
        assert(text.endsWith("\n4 tasks: 4 done in 3.00s\n"), text);
      });
    });
  }
});

Deno.test("run --state PATH and --no-state reach the runner as RunOptions.state", async () => {
  const world = createFakeWorld({ configs });
  await main(["run", "tasks.yaml"], world.host);
  await main(["run", "tasks.yaml", "--state", "state.json"], world.host);
  await main(["run", "tasks.yaml", "--no-state"], world.host);
  const states = world.runCalls.map(({ options }) => options.state);
  assertEquals(states, [undefined, join(Deno.cwd(), "state.json"), false]);
});

Deno.test("run prunes the history to the config's keepHistory (1000 when not given)", async () => {
  const keeps: (number | undefined)[] = [];
  const kept = validateConfig({ keepHistory: 7, tasks: [{ sleep: "1s" }] }, "kept.yaml");
  const world = createFakeWorld({ configs: { ...configs, "kept.yaml": kept } });
  const append = world.host.appendHistory;
  world.host.appendHistory = (path, entry, options) => {
    keeps.push(options?.keep);
    return append(path, entry, options);
  };
  await main(["run", "kept.yaml", "--out", "/srv/out"], world.host);
  await main(["run", "tasks.yaml", "--out", "/srv/out"], world.host);
  assertEquals(keeps, [7, 1000]);
});
