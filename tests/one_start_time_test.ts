/**
 * One run has one start time: its run id, the lock's holder line another run prints, its mark
 * (`corun history` while it goes) and its history line all give the same instant, so a script that
 * matches runs by their start finds one.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { pollUntil } from "./fixtures/poll.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env", "--allow-sys=hostname,uid"];

/** `20261207T123600901Z-…` as the ISO 8601 instant it was made at. */
function instantOf(runId: string): string {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z-/.exec(
    runId,
  )!;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
}

Deno.test("a run's id, lock holder, mark and history line give one start time", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-one-start-" });
  try {
    await Deno.writeTextFile(
      `${dir}/tasks.yaml`,
      "outDir: out\ntasks:\n  - { name: nap, sleep: 1h }\n",
    );
    const corun = ["run", ...PERMISSIONS, MOD];
    let holderLine = "";
    let marked = "";
    const ran = await runDeno([...corun, "run", "tasks.yaml", "--lock", "-q"], {
      cwd: dir,
      // It holds the lock until the other run has been skipped, then is stopped (Ctrl-C).
      whileRunning: async (child) => {
        await pollUntil(async () => {
          try {
            for await (const entry of Deno.readDir(`${dir}/out/.corun/running`)) {
              marked =
                JSON.parse(await Deno.readTextFile(`${dir}/out/.corun/running/${entry.name}`))
                  .startedAt;
            }
          } catch {
            // not marked yet
          }
          return marked !== "";
        }, "the run's mark");
        const skipped = await runDeno([...corun, "run", "tasks.yaml", "--lock=skip"], { cwd: dir });
        holderLine = skipped.stdout + skipped.stderr;
        child.kill("SIGINT");
      },
    });
    assertEquals(ran.code, 130, ran.stderr);
    const history = await runDeno([...corun, "history", "tasks.yaml", "--json"], { cwd: dir });
    const runs = JSON.parse(history.stdout).filter((run: { skipped?: string }) => !run.skipped);
    assertEquals(runs.length, 1, history.stdout);
    const start = instantOf(runs[0].runId);
    assertEquals(runs[0].startedAt, start);
    assertEquals(marked, start);
    assert(holderLine.includes(`since ${start}`), holderLine);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a run's --json report starts when its history line says it did", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-one-start-" });
  try {
    await Deno.writeTextFile(
      `${dir}/tasks.yaml`,
      "outDir: out\ntasks:\n  - { name: nap, sleep: 1ms }\n",
    );
    const corun = ["run", ...PERMISSIONS, MOD];
    const ran = await runDeno([...corun, "run", "tasks.yaml", "--json"], { cwd: dir });
    assertEquals(ran.code, 0, ran.stderr);
    const report = JSON.parse(ran.stdout);
    const history = await runDeno([...corun, "history", "tasks.yaml", "--json"], { cwd: dir });
    const [run] = JSON.parse(history.stdout);
    assertEquals(run.runId, report.runId);
    assertEquals(report.startedAt, run.startedAt);
    assertEquals(report.startedAt, instantOf(report.runId));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
