import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { describeCounts, renderHistory } from "./history_render.ts";
import { main } from "./main.ts";
import {
  HISTORY_FILE_NAME,
  type HistoryEntry,
  isRunOfConfig,
  readHistory,
} from "../schedule/mod.ts";

const CONFIG = validateConfig({ outDir: "/srv/out", tasks: [{ sleep: "1s" }] }, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };
const HISTORY = "/srv/out/.corun-history.jsonl";
const counts = (done: number, failed = 0) => ({ done, failed, cancelled: 0, skipped: 0 });
const RUNS = [
  {
    startedAt: "2026-11-25T10:00:00.000Z",
    endedAt: "2026-11-25T10:00:03.000Z",
    exitCode: 0,
    counts: counts(4),
  },
  {
    runId: "20261125T101000000Z-0a1b2c3d",
    startedAt: "2026-11-25T10:10:00.000Z",
    endedAt: "2026-11-25T10:12:05.500Z",
    exitCode: 1,
    counts: counts(3, 1),
    fireAt: "2026-11-25T10:10:00.000Z",
    task: "blog",
  },
  {
    runId: "20261125T102000000Z-4e5f6a7b",
    startedAt: "2026-11-25T10:20:00.000Z",
    endedAt: "2026-11-25T10:20:00.000Z",
    exitCode: 0,
    counts: counts(0),
    fireAt: "2026-11-25T10:20:00.000Z",
    task: "blog",
    skipped: "overlap: skip, and 1 earlier run still going",
  },
];

Deno.test("history prints the recorded runs as a table, oldest first, with run ids and skipped runs", async () => {
  const world = createFakeWorld({ configs });
  world.histories.set(HISTORY, RUNS);
  assertEquals(await main(["history", "tasks.yaml"], world.host), EXIT_CODES.ok);
  assertEquals(
    world.stdout(),
    [
      "start                     duration  exit  run        id                            tasks",
      "2026-11-25T10:00:00.000Z     3.00s     0  config     -                             4 done",
      "2026-11-25T10:10:00.000Z  2m05.50s     1  task blog  20261125T101000000Z-0a1b2c3d  3 done, 1 failed",
      "2026-11-25T10:20:00.000Z         -     0  task blog  20261125T102000000Z-4e5f6a7b  " +
      "skipped: overlap: skip, and 1 earlier run still going",
      "",
    ].join("\n"),
  );
});

Deno.test("history --limit shows the newest runs and --json prints them as JSON", async () => {
  const world = createFakeWorld({ configs });
  world.histories.set(HISTORY, RUNS);
  assertEquals(await main(["history", "tasks.yaml", "--limit", "1", "--json"], world.host), 0);
  assertEquals(JSON.parse(world.stdout()), [RUNS[2]]);
});

/** A run killed outright, as the next run records it; and one going, as its mark shows it. */
const LOST = {
  runId: "20261125T103000000Z-00c0ffee",
  startedAt: "2026-11-25T10:30:00.000Z",
  pid: 4242,
  host: "web1",
  unfinished: "lost" as const,
};
const RUNNING = {
  runId: "20261125T104000000Z-00decade",
  startedAt: "2026-11-25T10:40:00.000Z",
  pid: 5151,
  host: "",
  task: "blog",
  unfinished: "running" as const,
};

Deno.test("history shows a run that did not finish, and one still running, after the runs that ended", async () => {
  const world = createFakeWorld({ configs });
  world.histories.set(HISTORY, [RUNS[0], LOST]);
  world.marks.set("/srv/out", [RUNNING]);
  assertEquals(await main(["history", "tasks.yaml"], world.host), EXIT_CODES.ok);
  assertEquals(
    world.stdout(),
    [
      "start                     duration  exit  run        id                            tasks",
      "2026-11-25T10:00:00.000Z     3.00s     0  config     -                             4 done",
      "2026-11-25T10:30:00.000Z         -     -  config     20261125T103000000Z-00c0ffee  " +
      "did not finish (killed?): pid 4242 on web1",
      "2026-11-25T10:40:00.000Z         -     -  task blog  20261125T104000000Z-00decade  " +
      "running: pid 5151",
      "",
    ].join("\n"),
  );
});

Deno.test("history --json gives a run without an end its pid, host and what became of it; --limit counts it", async () => {
  const world = createFakeWorld({ configs });
  const found = { ...LOST, runId: "20261125T105000000Z-0000f00d", unfinished: "lost" as const };
  world.histories.set(HISTORY, [...RUNS, LOST]);
  world.marks.set("/srv/out", [RUNNING, found]);
  assertEquals(await main(["history", "tasks.yaml", "--json", "--limit", "3"], world.host), 0);
  assertEquals(JSON.parse(world.stdout()), [LOST, RUNNING, found]);
});

Deno.test("history shows a run by its line once it has one, not by its mark too", async () => {
  const world = createFakeWorld({ configs });
  const ended = { ...RUNS[1], runId: RUNNING.runId };
  world.histories.set(HISTORY, [ended]);
  world.marks.set("/srv/out", [RUNNING]); // looked at just before the run wrote its line
  assertEquals(await main(["history", "tasks.yaml", "--json"], world.host), 0);
  assertEquals(JSON.parse(world.stdout()), [ended]);
});

Deno.test("history says so when nothing was recorded, and refuses a bad --limit", async () => {
  const world = createFakeWorld({ configs });
  assertEquals(await main(["history", "tasks.yaml"], world.host), EXIT_CODES.ok);
  assertEquals(world.stdout(), `no runs recorded in ${HISTORY}\n`);
  for (const limit of ["0", "-2", "1.5", "many"]) {
    assertEquals(await main(["history", "tasks.yaml", `--limit=${limit}`], world.host), 2);
  }
});

Deno.test("history of a config with no runs in a history that holds others' names a few of them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-command-" });
  try {
    // Configs beside each other saving to dir/out: b has no runs there, the others (or b under
    // an earlier name) do.
    const names = ["a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml", "f.yaml"];
    const configs = Object.fromEntries(names.map((name) => [
      name,
      validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, `${dir}/${name}`, {
        baseDir: dir,
      }),
    ]));
    const world = createFakeWorld({ configs });
    const host = { ...world.host, readHistory }; // the real reader, on a real file
    const path = `${dir}/out/${HISTORY_FILE_NAME}`;
    await Deno.mkdir(`${dir}/out`);
    const write = (configs: string[]) =>
      Deno.writeTextFile(
        path,
        configs.map((config) => `${JSON.stringify({ ...RUNS[0], config })}\n`).join(""),
      );
    await write(["../a.yaml", "../a.yaml"]);
    assertEquals(await main(["history", "b.yaml"], host), EXIT_CODES.ok);
    assertEquals(
      world.stdout(),
      `no runs of ${dir}/b.yaml recorded in ${path}; it holds runs of ${dir}/a.yaml (a config ` +
        "sharing the output directory, or this one under an earlier name)\n",
    );
    // Newest first, a few by name and the rest counted.
    await write(["../a.yaml", "../c.yaml", "../d.yaml", "../e.yaml", "../f.yaml", "../e.yaml"]);
    const many = createFakeWorld({ configs });
    assertEquals(await main(["history", "b.yaml"], { ...many.host, readHistory }), EXIT_CODES.ok);
    assertEquals(
      many.stdout(),
      `no runs of ${dir}/b.yaml recorded in ${path}; it holds runs of ${dir}/e.yaml, ` +
        `${dir}/f.yaml, ${dir}/d.yaml and 2 other configs (a config sharing the output ` +
        "directory, or this one under an earlier name)\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("history reads the history of --out DIR", async () => {
  const world = createFakeWorld({ configs });
  world.histories.set("/elsewhere/.corun-history.jsonl", RUNS.slice(0, 1));
  await main(["history", "tasks.yaml", "--out", "/elsewhere", "--json"], world.host);
  assertEquals(JSON.parse(world.stdout()), RUNS.slice(0, 1));
});

Deno.test("history CONFIG lists that config's runs alone when configs share the outDir", async () => {
  // Two configs in /srv, both saving to /srv/out: each line names its config from the outDir.
  const shared = (source: string) =>
    validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, source, { baseDir: "/srv" });
  const world = createFakeWorld({
    configs: { "a.yaml": shared("/srv/a.yaml"), "b.yaml": shared("/srv/b.yaml") },
  });
  const [before, ofA, ofB] = RUNS;
  world.histories.set(HISTORY, [
    before, // written before lines named their config: a run of either, as far as anyone knows
    { ...ofA, config: "../a.yaml" },
    { ...ofB, config: "../b.yaml" },
  ]);
  await main(["history", "b.yaml", "--json"], world.host);
  assertEquals(JSON.parse(world.stdout()), [before, { ...ofB, config: "../b.yaml" }]);
  // --limit counts this config's runs: b's newer run does not push out a's last.
  const limited = createFakeWorld({ configs: { "a.yaml": shared("/srv/a.yaml") } });
  limited.histories.set(HISTORY, world.histories.get(HISTORY)!);
  await main(["history", "a.yaml", "--json", "--limit", "1"], limited.host);
  assertEquals(JSON.parse(limited.stdout()), [{ ...ofA, config: "../a.yaml" }]);
});

Deno.test("history leaves out a hand-damaged line and names its line and field, instead of NaN or [object Object]", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-command-" });
  try {
    const config = validateConfig({ outDir: dir, tasks: [{ sleep: "1s" }] }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    const host = { ...world.host, readHistory }; // the real reader, on a real file
    const path = `${dir}/.corun-history.jsonl`;
    const damaged = { ...RUNS[1], startedAt: "garbage", task: { name: "blog" } };
    const lines = [RUNS[0], damaged, { ...RUNS[2], task: "blog\u001b[2J\nnext" }];
    await Deno.writeTextFile(path, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    assertEquals(await main(["history", "tasks.yaml"], host), EXIT_CODES.ok);
    assertEquals(world.stdout().split("\n").slice(1), [
      "2026-11-25T10:00:00.000Z     3.00s     0  config                    -                             4 done",
      "2026-11-25T10:20:00.000Z         -     0  task blog\\u001b[2J\\nnext  20261125T102000000Z-4e5f6a7b  " +
      "skipped: overlap: skip, and 1 earlier run still going",
      "",
    ]);
    assertEquals(
      world.stderr(),
      `warning: ${path}:2: startedAt: expected an ISO 8601 time, got "garbage"; ` +
        "the line is not a run and is left out\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("history --limit warns of the damaged lines among the runs it shows, by line number, not of older ones", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-command-" });
  try {
    const config = validateConfig({ outDir: dir, tasks: [{ sleep: "1s" }] }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    const host = { ...world.host, readHistory }; // the real reader, on a real file
    const path = `${dir}/.corun-history.jsonl`;
    // The old damaged line is not read for the last two runs: the file is read from its end.
    const lines = [RUNS[0], "{old damage", RUNS[0], RUNS[1], '{"startedAt": 1}', RUNS[2]];
    const text = (line: unknown) => typeof line === "string" ? line : JSON.stringify(line);
    await Deno.writeTextFile(path, lines.map((line) => `${text(line)}\n`).join(""));
    assertEquals(await main(["history", "tasks.yaml", "--limit", "2", "--json"], host), 0);
    assertEquals(JSON.parse(world.stdout()), [RUNS[1], RUNS[2]]);
    assertEquals(
      world.stderr(),
      `warning: ${path}:5: startedAt: expected an ISO 8601 time, got 1; ` +
        "the line is not a run and is left out\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("history prints a config's last runs of a long shared history as a full read of it would", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-command-" });
  try {
    // Four configs in dir saving to dir/out: a's runs are two lines in nine, b's fill the end, and
    // d has only the lines that name no config.
    const configOf = (name: string) =>
      validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, `${dir}/${name}`, {
        baseDir: dir,
      });
    const world = createFakeWorld({
      configs: Object.fromEntries(["a.yaml", "b.yaml", "c.yaml", "d.yaml"].map((name) => [
        name,
        configOf(name),
      ])),
    });
    const host = { ...world.host, readHistory }; // the real reader, on a real file
    const path = `${dir}/out/${HISTORY_FILE_NAME}`;
    const names = ["../b.yaml", "../c.yaml", "../a.yaml", "../b.yaml", "../b.yaml"];
    // 8,000 lines (~2 MB): multi-byte task names, CRLF line ends, lines that name no config (runs
    // of every config), and a last line torn by a killed run.
    const lines = Array.from({ length: 8000 }, (_, n) => {
      const config = n % 1201 === 0 ? undefined : n > 7000 ? "../b.yaml" : names[n % 9 % 5];
      const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      const run = {
        runId: `run-${n}`,
        startedAt: at,
        endedAt: at,
        exitCode: n % 4,
        counts: counts(n % 13, n % 2),
        ...(n % 3 === 0 ? { task: `tâche ✓ ${n % 5}` } : {}),
        ...(config === undefined ? {} : { config }),
      };
      return `${JSON.stringify(run)}${n % 11 === 0 ? "\r\n" : "\n"}`;
    });
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(path, `${lines.join("")}{"runId":"run-8000","startedAt":"2026-0`);
    // The old way: the whole file parsed, this config's runs kept, the last ones shown.
    const everyRun = (await Deno.readTextFile(path)).split("\n").slice(0, -1)
      .map((line) => JSON.parse(line) as HistoryEntry);
    const runsOf = (configId: string) => everyRun.filter((run) => isRunOfConfig(run, configId));
    const printed = async (args: string[]) => {
      const from = world.stdout().length;
      assertEquals(await main(["history", ...args], host), EXIT_CODES.ok);
      return world.stdout().slice(from);
    };
    for (const name of ["a.yaml", "c.yaml", "d.yaml"]) {
      const runs = runsOf(`../${name}`);
      for (const limit of [1, 5, 20, 100, 5000]) {
        const shown = JSON.parse(await printed([name, "--json", "--limit", String(limit)]));
        assertEquals(shown, runs.slice(-limit), `${name} --limit ${limit}`);
      }
      assertEquals(await printed([name]), renderHistory(runs.slice(-20)), name);
    }
    assertEquals(world.stderr(), "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("describeCounts() lists outcomes that happened, in the usual order", () => {
  assertEquals(describeCounts({ skipped: 1, done: 2, failed: 0 }), "2 done, 1 skipped");
  assertEquals(describeCounts({ done: 0 }), "no tasks");
  assertEquals(renderHistory([]), "start  duration  exit  run  id  tasks\n");
});
