// The overlap policy with the run lock, in real time: a cron with seconds fires every second, and a
// fake run holds its fire open until the next fire has been handled (or, if it never is, for half a
// minute, so a regression fails instead of hanging).
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { relative, resolve } from "npm:deno-std@1.4.0/path/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock, type LockResult } from "../schedule/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, scriptedRun } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

/**
 * How long the first run waits for the second fire before giving up: the test's bound, not a check.
 * The second fire comes a second after the first; the rest is room for a loaded machine, where the
 * test's process can stall for seconds (4 s left too little).
 */
const GIVE_UP_MS = 30_000;

function configWith(overlap: "allow" | "skip") {
  return validateConfig({
    schedule: { cron: "* * * * * *", timezone: "UTC", overlap },
    tasks: [{ name: "nap", sleep: "1s" }],
  }, "tasks.yaml");
}

const withOutDir = withTempDir("corun-overlap-");

/** Waits for `promise`, or `ms` at most (the timer is cleared either way). */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => timer = setTimeout(resolve, ms))]);
  } finally {
    clearTimeout(timer);
  }
}

function tryLock(path: string): Promise<LockResult> {
  return runOperation(acquireLock(path, { mode: "skip" }));
}

Deno.test("overlap: allow starts a fire while the previous run still goes, and other processes see the lock held", async () => {
  await withOutDir(async (outDir) => {
    const { promise: secondStarted, resolve: markSecond } = Promise.withResolvers<void>();
    const { promise: overlapping, resolve: markOverlap } = Promise.withResolvers<void>();
    const { promise: release, resolve: letGo } = Promise.withResolvers<void>();
    let active = 0;
    let mostActive = 0;
    let calls = 0;
    const script = scriptedRun();
    const run: CliHost["run"] = async (config, options): Promise<RunReport> => {
      const call = ++calls;
      active++;
      mostActive = Math.max(mostActive, active);
      try {
        if (call === 2) {
          markSecond();
          markOverlap();
          await release; // the first run and this one are both going now
        } else if (call === 1) {
          await atMost(secondStarted, GIVE_UP_MS);
        }
        return await script(config, options);
      } finally {
        active--;
      }
    };
    const world = createFakeWorld({ configs: { "tasks.yaml": configWith("allow") }, run });
    world.host.now = () => new Date(); // the scheduler reads the host's wall clock
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--grace", "1h"];
    const exit = main([...args, "--until", "2099-01-01T00:00:00Z"], world.host);
    await atMost(overlapping, GIVE_UP_MS);
    // What `corun run --lock` from cron would find while the two runs go: the lock is held.
    const meanwhile = await tryLock(`${outDir}/.corun.lock`);
    if (meanwhile.acquired) await meanwhile.lock.release();
    letGo();
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted);
    assertEquals(mostActive, 2, `runs never overlapped:\n${world.stdout()}`);
    assertEquals(meanwhile.acquired, false, "another process could take the lock mid-run");
    const after = await tryLock(`${outDir}/.corun.lock`);
    if (!after.acquired) throw new Error("the last run to end did not release the lock");
    await after.lock.release();
    const skipped = world.finishedRuns(`${outDir}/.corun-history.jsonl`)
      .filter((entry) => entry.skipped !== undefined);
    assertEquals(skipped, [], "no fire was skipped under overlap: allow");
  });
});

Deno.test("overlap: skip records the skipped fire in the history, saying why", async () => {
  await withOutDir(async (outDir) => {
    const history = `${outDir}/.corun-history.jsonl`;
    const script = scriptedRun();
    // The fake run below asks the world it runs in (made after it) whether a fire was skipped.
    const seen: { world?: ReturnType<typeof createFakeWorld> } = {};
    const skippedOne = () => seen.world?.finishedRuns(history).some((entry) => entry.skipped);
    const run: CliHost["run"] = async (config, options): Promise<RunReport> => {
      // Hold the first run open until a fire has been skipped (or give up).
      for (let waited = 0; !skippedOne() && waited < GIVE_UP_MS; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return await script(config, options);
    };
    const world = createFakeWorld({ configs: { "tasks.yaml": configWith("skip") }, run });
    world.host.now = () => new Date(); // the scheduler reads the host's wall clock
    seen.world = world;
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--grace", "1h"];
    const exit = main([...args, "--until", "2099-01-01T00:00:00Z"], world.host);
    for (let waited = 0; !skippedOne() && waited < GIVE_UP_MS; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted);
    const entries = world.finishedRuns(history);
    const skipped = entries.find((entry) => entry.skipped !== undefined);
    if (!skipped) throw new Error(`no skipped fire recorded:\n${world.stdout()}`);
    assertEquals(skipped.skipped, "overlap: skip, and 1 earlier run still going");
    assertEquals(skipped.counts.done, 0);
    assert(skipped.fireAt !== undefined && skipped.runId !== undefined, JSON.stringify(skipped));
    // The run that was going is recorded too, with its own id.
    const ran = entries.filter((entry) => entry.skipped === undefined);
    assertEquals(ran.length, 1, JSON.stringify(entries));
    assert(ran[0].runId !== skipped.runId);
    // Both name their config: a skipped fire is handled for this config's catch-up alone.
    const config = relative(outDir, resolve("tasks.yaml"));
    assertEquals(entries.map((entry) => entry.config), [config, config]);
  });
});
