/**
 * `corun schedule` stopped three times while a job's `finally` takes its time: the first interrupt
 * starts the grace, the second ends it (the job is cancelled, its cleanup still running), the third
 * exits at once with 130, having first written the job's run to the history as an interrupted run,
 * not left it for the next run to report as killed.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pollUntil } from "./fixtures/poll.ts";
import { MOD, runDeno, type Running } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env"];
/** Two interrupts closer than this are one delivered twice (`signals.ts`): each waits more. */
const SAME_INTERRUPT_MS = 500;

const withProject = withTempDir("corun-schedule-stop-");

function printed(child: Running, text: string): Promise<void> {
  return pollUntil(() => child.ended || child.stdout().includes(text), JSON.stringify(text));
}

Deno.test({
  name:
    "schedule's third interrupt exits at once with 130, its running job recorded as interrupted",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (dir) => {
      // Fires every second; its one task waits until cancelled, then cleans up for an hour.
      await Deno.writeTextFile(
        `${dir}/c.ts`,
        `import { cleanup, defineConfig, sleep, task } from ${JSON.stringify(MOD)};
export default defineConfig({
  outDir: "out",
  schedule: "* * * * * *",
  tasks: [
    task("slow", function* (ctx) {
      try {
        yield* sleep(3_600_000);
      } finally {
        ctx.log("cleaning up");
        yield* cleanup(sleep(3_600_000));
      }
    }),
  ],
});
`,
      );
      const ran = await runDeno(["run", ...PERMISSIONS, MOD, "schedule", "c.ts", "--grace", "1h"], {
        cwd: dir,
        whileRunning: async (child) => {
          await printed(child, " slow start ");
          child.kill("SIGINT");
          await printed(child, "running jobs have 1h to finish");
          await new Promise((resolve) => setTimeout(resolve, SAME_INTERRUPT_MS * 1.4));
          child.kill("SIGINT");
          await printed(child, "slow: cleaning up");
          await new Promise((resolve) => setTimeout(resolve, SAME_INTERRUPT_MS * 1.4));
          child.kill("SIGINT");
        },
      });
      assertEquals(ran.code, 130, ran.stdout + ran.stderr);
      const lines = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trimEnd()
        .split("\n").map((line) => JSON.parse(line));
      assertEquals(lines.length, 1, JSON.stringify(lines));
      const [run] = lines;
      assertEquals([run.exitCode, run.counts.cancelled], [130, 1], JSON.stringify(run));
      assert(typeof run.fireAt === "string", JSON.stringify(run));
      // No mark left for the next run to take for a killed one (the schedule's lock file stays, as
      // every lock file does).
      const left = await Array.fromAsync(Deno.readDir(`${dir}/out`));
      assertEquals(left.map((entry) => entry.name).sort(), [".corun-history.jsonl", ".corun.lock"]);
    });
  },
});
