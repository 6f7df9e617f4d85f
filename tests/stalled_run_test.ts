/**
 * A custom task awaiting a promise nothing will settle, beside tasks that finish. Deno's event loop
 * drains with the run unfinished: the stuck task fails, naming what it waits on, and the run ends
 * as any run does (its summary, state file, history line and report; exit code 1). Should even
 * that not end it (the task's own `finally` stuck too), corun says so naming the task, exits 1,
 * and records the run as failed (no "killed?" for the next run).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const STUCK =
  'task("stuck", function* () { yield* call(() => new Promise<void>(() => {}), "the lock"); })';
const REASON = "Waits on a promise that nothing will settle (waiting on the lock): the run had " +
  "nothing else left to do";

/** Runs `body` in a directory of its own. */
async function inDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-stalled-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("corun run of a task stuck on a promise fails it with the reason, and ends the run: summary, saved state, history, exit 1", async () => {
  await using server = startRouteServer({ "/page": { body: "hello", headers: { etag: '"v1"' } } });
  await inDir(async (dir) => {
    // No metadata file: the state file is saved at the end or not at all.
    await Deno.writeTextFile(
      `${dir}/stuck.ts`,
      `import { call, defineConfig, sleepTask, task } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", metadata: false, tasks: [
  sleepTask("nap", "20ms"),
  { name: "page", fetch: ${JSON.stringify(server.url("/page"))}, save: "page.txt" },
  ${STUCK},
  { name: "later", sleep: "1ms", after: ["stuck"] },
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "--json", "stuck.ts"],
      { cwd: dir },
    );
    assertEquals(code, 1, stderr);
    const report = JSON.parse(stdout);
    assertEquals([report.interrupted, report.counts], [false, {
      done: 2,
      failed: 1,
      cancelled: 0,
      skipped: 1,
    }]);
    const stuck = report.tasks.find((task: { name: string }) => task.name === "stuck");
    assertEquals([stuck.outcome, stuck.error], ["failed", { code: "STALLED", message: REASON }]);
    assertEquals(await Deno.readTextFile(`${dir}/out/page.txt`), "hello");
    const state = JSON.parse(await Deno.readTextFile(`${dir}/out/.corun-state.json`));
    assert(JSON.stringify(state).includes('\\"v1\\"'), JSON.stringify(state));
    const history = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trim().split("\n");
    const line = JSON.parse(history[0]);
    assertEquals([history.length, line.exitCode, line.counts], [1, 1, report.counts]);

    // Without --json: the plain lines say the reason, and the summary closes the run.
    const plain = await runDeno(["run", "-A", MOD, "run", "stuck.ts"], { cwd: dir });
    assertEquals(plain.code, 1, plain.stderr);
    assert(plain.stdout.includes(`stuck failed`) && plain.stdout.includes(REASON), plain.stdout);
    assert(plain.stdout.includes("4 tasks: 2 done, 1 failed, 1 skipped"), plain.stdout);
  });
});

Deno.test("library run() of a task stuck on a promise resolves with a report in which it failed with the reason", async () => {
  await inDir(async (dir) => {
    // Not awaited at the top level: Deno ends a program whose top-level await is pending before
    // any listener hears that its event loop drained ("Top-level await promise never resolved").
    await Deno.writeTextFile(
      `${dir}/nightly.ts`,
      `import { call, defineConfig, run, sleepTask, task } from ${JSON.stringify(MOD)};
run(defineConfig({ outDir: "out", tasks: [sleepTask("nap", "10ms"), ${STUCK}] }))
  .then((report) => console.log(JSON.stringify({ counts: report.counts, stuck: report.tasks[1] })));
`,
    );
    const { code, stdout, stderr } = await runDeno(["run", "-A", "nightly.ts"], { cwd: dir });
    assertEquals([code, stderr], [0, ""]);
    const { counts, stuck } = JSON.parse(stdout);
    assertEquals(counts, { done: 1, failed: 1, cancelled: 0, skipped: 0 });
    assertEquals([stuck.outcome, stuck.error], ["failed", { code: "STALLED", message: REASON }]);
  });
});

Deno.test("a run that cannot end even so (the stuck task's finally is stuck too) names the task, exits 1, and is recorded as failed", async () => {
  await inDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/stuck.ts`,
      `import { call, defineConfig, sleepTask, task } from ${JSON.stringify(MOD)};
const never = () => call(() => new Promise<void>(() => {}));
export default defineConfig({ outDir: "out", tasks: [
  sleepTask("nap", "20ms"),
  task("stuck", function* () { try { yield* never(); } finally { yield* never(); } }),
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(["run", "-A", MOD, "run", "stuck.ts"], {
      cwd: dir,
    });
    assertEquals(code, 1, stderr);
    assert(stdout.includes("nap done"), stdout);
    assertEquals(
      stderr,
      "corun stopped: what is left of the command waits on promises that nothing will settle " +
        '(a task awaits one that never resolves): task "stuck" (waiting on promise)\n',
    );
    const history = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trim().split("\n");
    const line = JSON.parse(history[0]);
    assertEquals([history.length, line.exitCode, line.counts], [1, 1, {
      done: 1,
      failed: 0,
      cancelled: 1,
      skipped: 0,
    }]);
    const marks = await Array.fromAsync(Deno.readDir(`${dir}/out/.corun/running`)).catch(() => []);
    assertEquals(marks, []);
  });
});

Deno.test("corun run --virtual-time of a task stuck on a promise fails it alone: the sleeps end at their virtual time, as in the real run, and a task stuck later fails too", async () => {
  await inDir(async (dir) => {
    // The pending `call` holds the virtual clock still: cancelling the whole run at the stall
    // would cancel "long" at 0 s, which the real run completes.
    await Deno.writeTextFile(
      `${dir}/preview.ts`,
      `import { call, defineConfig, sleepTask, task } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", metadata: false, tasks: [
  sleepTask("long", "1h"),
  ${STUCK},
  sleepTask("nap", "10m"),
  { ...task("late", function* () { yield* call(() => new Promise<void>(() => {}), "the lock"); }),
    after: ["nap"] },
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "--json", "--virtual-time", "preview.ts"],
      { cwd: dir },
    );
    assertEquals(code, 1, stderr);
    const report = JSON.parse(stdout);
    const ends = report.tasks.map((task: { name: string; outcome: string; error?: unknown }) => [
      task.name,
      task.outcome,
      task.error,
    ]);
    const stalled = { code: "STALLED", message: REASON };
    assertEquals(ends, [
      ["long", "done", undefined],
      ["stuck", "failed", stalled],
      ["nap", "done", undefined],
      ["late", "failed", stalled],
    ]);
    assertEquals([report.interrupted, report.durationMs], [false, 3_600_000]);
  });
});

Deno.test("a fetch whose onResponse is stuck on a promise fails alone, at once: the other tasks end as in a run without it, under --virtual-time too", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await inDir(async (dir) => {
    // Its body unread, the fetch's timeout.total (5m) must not keep the process waiting: the run
    // ends within the test's wait. Under --virtual-time, the pending callback holds the clock still.
    await Deno.writeTextFile(
      `${dir}/cb.ts`,
      `import { defineConfig, sleepTask } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", metadata: false, tasks: [
  sleepTask("long", "1h"),
  { name: "stuck", fetch: ${JSON.stringify(server.url("/a"))},
    onResponse: async () => { await new Promise<void>(() => {}); } },
  { name: "page", fetch: ${JSON.stringify(server.url("/b"))}, save: "b.txt" },
] });
`,
    );
    const stalled = {
      code: "STALLED",
      message: "Its onResponse waits on a promise that nothing will settle (waiting on the " +
        "promise it returned): the run had nothing else left to do",
    };
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "--json", "--virtual-time", "cb.ts"],
      { cwd: dir },
    );
    assertEquals(code, 1, stderr);
    const report = JSON.parse(stdout);
    const ends = report.tasks.map((task: { name: string; outcome: string; error?: unknown }) => [
      task.name,
      task.outcome,
      task.error,
    ]);
    assertEquals(ends, [
      ["long", "done", undefined],
      ["stuck", "failed", stalled],
      ["page", "done", undefined],
    ]);
    assertEquals([report.interrupted, report.durationMs], [false, 3_600_000]);

    // A real run: the sleep ends, and the stuck fetch fails once nothing else is left.
    await Deno.writeTextFile(
      `${dir}/cb.ts`,
      (await Deno.readTextFile(`${dir}/cb.ts`)).replace('"1h"', '"20ms"'),
    );
    const real = await runDeno(["run", "-A", MOD, "run", "--json", "cb.ts"], { cwd: dir });
    assertEquals(real.code, 1, real.stderr);
    const realReport = JSON.parse(real.stdout);
    assertEquals(realReport.counts, { done: 2, failed: 1, cancelled: 0, skipped: 0 });
    assertEquals(realReport.tasks[1].error, stalled);
    assertEquals(await Deno.readTextFile(`${dir}/out/b.txt`), "b");
  });
});
