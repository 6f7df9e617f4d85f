/**
 * Ctrl-C in `corun run` while a task's `finally` takes its time: the first says at once that the
 * run is stopping (in the plain lines, the `--log` file, on stderr with `--json`; nothing with
 * `--quiet`), and a second, which exits at once with 130, first records the run in the history as
 * an interrupted run, not as one that was killed.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { pollUntil } from "./fixtures/poll.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env"];
const STOPPING = "stopping: cancelling 1 running task (once more to exit at once)";
/** Two interrupts closer than this are one delivered twice (`signals.ts`): the second waits more. */
const SAME_INTERRUPT_MS = 500;

const withProject = withTempDir("corun-run-stop-");

/**
 * Writes `c.ts`: a task done at once, and one that waits until cancelled and then cleans up for
 * `cleanupMs`, logging as it begins.
 */
function writeConfig(dir: string, cleanupMs: number): Promise<void> {
  return Deno.writeTextFile(
    `${dir}/c.ts`,
    `import { cleanup, defineConfig, sleep, task } from ${JSON.stringify(MOD)};
export default defineConfig({
  outDir: "out",
  tasks: [
    task("quick", function* () {}),
    task("slow", function* (ctx) {
      try {
        yield* sleep(3_600_000);
      } finally {
        ctx.log("cleaning up");
        yield* cleanup(sleep(${cleanupMs}));
      }
    }),
  ],
});
`,
  );
}

/** What the `--log` file says so far. */
function logOf(dir: string): Promise<string> {
  return Deno.readTextFile(`${dir}/run.log`).catch(() => "");
}

/** The slow task is under way (and the quick one done): the moment to interrupt. */
async function slowStarted(dir: string): Promise<boolean> {
  const log = await logOf(dir);
  return log.includes(" slow start ") && log.includes(" quick done ");
}

/** Runs `corun run c.ts --log run.log ARGS`, interrupted once the slow task has started. */
function runInterrupted(dir: string, ...args: string[]) {
  return runDeno(["run", ...PERMISSIONS, MOD, "run", "c.ts", "--log", "run.log", ...args], {
    cwd: dir,
    giveUpMs: 120_000,
    whileRunning: async (child) => {
      await pollUntil(() => slowStarted(dir), "the slow task to start");
      child.kill("SIGINT");
    },
  });
}

Deno.test({
  name: "the first Ctrl-C says the run is stopping while a task's finally still runs",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (dir) => {
      await writeConfig(dir, 300);
      // Plain lines on stdout (not a terminal): the line among them, timestamped, before the
      // cancelled task's cleanup.
      const plain = await runInterrupted(dir);
      assertEquals(plain.code, 130, plain.stderr);
      const lines = plain.stdout.split("\n");
      const at = lines.findIndex((line) => line.endsWith(` ${STOPPING}`));
      assert(at >= 0, plain.stdout);
      assertMatch(lines[at], /^\d{4}-\d\d-\d\dT[\d:.]+Z stopping: /);
      const cleaning = lines.findIndex((line) => line.endsWith(" slow: cleaning up"));
      const cancelled = lines.findIndex((line) => line.includes(" slow cancelled"));
      assert(at < cancelled && cleaning < cancelled, plain.stdout);
      // The --log file has it too.
      assert((await logOf(dir)).includes(` ${STOPPING}\n`), await logOf(dir));

      // --json: stdout holds the report alone; the line goes to stderr.
      await Deno.remove(`${dir}/run.log`);
      const json = await runInterrupted(dir, "--json");
      assertEquals(json.code, 130, json.stderr);
      assertEquals(JSON.parse(json.stdout).interrupted, true);
      assertEquals(json.stderr, `${STOPPING}\n`);
      assert((await logOf(dir)).includes(` ${STOPPING}\n`));

      // --quiet prints nothing but the outcome; the log still has the line.
      await Deno.remove(`${dir}/run.log`);
      const quiet = await runInterrupted(dir, "--quiet");
      assertEquals(quiet.code, 130, quiet.stderr);
      assert(!quiet.stdout.includes("stopping"), quiet.stdout);
      assertEquals(quiet.stderr, "");
      assert((await logOf(dir)).includes(` ${STOPPING}\n`));
    });
  },
});

/** The pid of the run marked in `out` (its mark says it). */
async function markedPid(dir: string): Promise<number | undefined> {
  try {
    for await (const entry of Deno.readDir(`${dir}/out/.corun/running`)) {
      const mark = JSON.parse(await Deno.readTextFile(`${dir}/out/.corun/running/${entry.name}`));
      return mark.pid;
    }
  } catch {
    // Not marked yet.
  }
  return undefined;
}

Deno.test({
  name: "a second Ctrl-C exits at once with 130, the run recorded as interrupted, not killed",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (dir) => {
      // Its cleanup would take an hour: only the second interrupt ends the process.
      await writeConfig(dir, 3_600_000);
      const args = ["run", "c.ts", "--log", "run.log", "--trace", "trace.json"];
      const ran = await runDeno(["run", ...PERMISSIONS, MOD, ...args], {
        cwd: dir,
        giveUpMs: 120_000,
        whileRunning: async (child) => {
          await pollUntil(() => slowStarted(dir), "the slow task to start");
          const pid = await markedPid(dir);
          if (pid === undefined) throw new Error("the run has no mark");
          Deno.kill(pid, "SIGINT");
          await pollUntil(
            async () => (await logOf(dir)).includes("slow: cleaning up"),
            "the slow task's cleanup to start",
          );
          // Later than a copy of the first would come: a second interrupt of its own. Counted from
          // the line the run logged once it took the first, not from when the first was sent: a
          // loaded machine may have the run take it late, which leaves less than the window.
          await new Promise((resolve) => setTimeout(resolve, SAME_INTERRUPT_MS * 1.4));
          child.kill("SIGINT");
        },
      });
      assertEquals(ran.code, 130, ran.stderr);
      assert(ran.stdout.includes(` ${STOPPING}\n`), ran.stdout);
      // Said, as the last line of the log too: the trace is not written.
      const stopped = `stopped at once: the trace "${dir}/trace.json" was not written`;
      assertEquals(ran.stderr, `${stopped}\n`);
      assert((await logOf(dir)).endsWith(` ${stopped}\n`), await logOf(dir));

      // Recorded as a run interrupted: exit code 130, the slow task counted cancelled.
      const history = await runDeno(
        ["run", ...PERMISSIONS, MOD, "history", "c.ts", "--json"],
        { cwd: dir },
      );
      assertEquals([history.code, history.stderr], [0, ""]);
      const runs = JSON.parse(history.stdout);
      assertEquals(runs.length, 1, history.stdout);
      const [run] = runs;
      assertEquals(run.unfinished, undefined, "not a run that did not finish");
      assertEquals(
        [run.exitCode, run.counts, run.config],
        [130, { done: 1, failed: 0, cancelled: 1, skipped: 0 }, "../c.ts"],
      );
      assertEquals(Object.keys(run), [
        "runId",
        "startedAt",
        "endedAt",
        "exitCode",
        "counts",
        "config",
      ]);
      // No mark left for the next run to take for a killed one.
      const marks = await Array.fromAsync(Deno.readDir(`${dir}/out`));
      assertEquals(marks.map((entry) => entry.name).sort(), [".corun-history.jsonl"]);
    });
  },
});
