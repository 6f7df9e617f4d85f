/**
 * A run of the command line that never ends (killed with SIGKILL, as the OOM killer does) shows in
 * `corun history` as a run that did not finish, with its run id, start, pid and host, and the next
 * run records it there and says so; a run still going shows as running; a run that ends as usual
 * leaves the history as it always was.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { pollUntil } from "./fixtures/poll.ts";
import { killDenoWhen, MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env"];
const RUN_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

const withProject = withTempDir("corun-killed-run-");

/** Writes the config `c.yaml`: one task sleeping `sleep`. */
function writeConfig(dir: string, sleep: string): Promise<void> {
  return Deno.writeTextFile(
    `${dir}/c.yaml`,
    `outDir: out\ntasks:\n  - { name: nap, sleep: ${sleep} }\n`,
  );
}

/** Whether the run logging to `run.log` has started its task. */
async function napping(dir: string): Promise<boolean> {
  const log = await Deno.readTextFile(`${dir}/run.log`).catch(() => "");
  return log.includes(" nap start sleep 1h\n");
}

/** The marks of runs in `out`, by file name. */
function marks(dir: string): string[] {
  try {
    return [...Deno.readDirSync(`${dir}/out/.corun/running`)].map((entry) => entry.name);
  } catch {
    return [];
  }
}

function corun(dir: string, ...args: string[]) {
  return runDeno(["run", ...PERMISSIONS, MOD, ...args], { cwd: dir });
}

async function historyJson(dir: string): Promise<Record<string, unknown>[]> {
  const shown = await corun(dir, "history", "c.yaml", "--json");
  assertEquals([shown.code, shown.stderr], [0, ""]);
  return JSON.parse(shown.stdout);
}

Deno.test({
  name: "a run killed with SIGKILL shows in history as did not finish, and the next run records it",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (dir) => {
      await writeConfig(dir, "1h");
      // Killed once its task is under way.
      await killDenoWhen(
        ["run", ...PERMISSIONS, MOD, "run", "c.yaml", "--log", "run.log"],
        { cwd: dir },
        () => napping(dir),
      );
      const [killed] = await historyJson(dir);
      assertEquals(Object.keys(killed).sort(), [
        "config",
        "host",
        "pid",
        "runId",
        "startedAt",
        "unfinished",
      ]);
      assertMatch(String(killed.runId), RUN_ID);
      assertEquals([killed.config, killed.unfinished], ["../c.yaml", "lost"]);
      assert(Number.isInteger(killed.pid) && killed.pid !== Deno.pid, String(killed.pid));
      const table = await corun(dir, "history", "c.yaml");
      assertEquals(table.code, 0);
      const row = table.stdout.split("\n")[1];
      assert(
        row.startsWith(`${killed.startedAt}         -     -  config  ${killed.runId}  `) &&
          row.includes(`did not finish (killed?): pid ${killed.pid}`),
        table.stdout,
      );

      // The next run records it as lost, says so, and runs.
      await writeConfig(dir, "10ms");
      const next = await corun(dir, "run", "c.yaml", "--quiet");
      assertEquals(next.code, 0, next.stderr);
      assertEquals(
        next.stderr,
        `warning: Run ${killed.runId} (started ${killed.startedAt}) did not finish (killed?): ` +
          `pid ${killed.pid}${killed.host === "" ? "" : ` on ${killed.host}`}; recorded in ` +
          `"${await Deno.realPath(`${dir}/out`)}/.corun-history.jsonl"\n`,
      );
      const runs = await historyJson(dir);
      assertEquals(runs.map((run) => run.unfinished ?? run.exitCode), ["lost", 0]);
      assertEquals(runs[0], killed);
      assertEquals(marks(dir), [], "no mark is left");
      // Recorded once: a later run says nothing of it.
      const later = await corun(dir, "run", "c.yaml", "--quiet");
      assertEquals([later.code, later.stderr], [0, ""]);
      assertEquals((await historyJson(dir)).length, 3);
    });
  },
});

Deno.test({
  name: "a run still going shows in history as running, and once stopped as the run it was",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withProject(async (dir) => {
      await writeConfig(dir, "1h");
      const stopped = await runDeno(
        ["run", ...PERMISSIONS, MOD, "run", "c.yaml", "--log", "run.log"],
        {
          cwd: dir,
          whileRunning: async (child) => {
            await pollUntil(async () => child.ended || await napping(dir), "its task to start");
            const [going] = await historyJson(dir);
            assertEquals([going.unfinished, going.pid], ["running", child.pid]);
            const table = await corun(dir, "history", "c.yaml");
            assert(table.stdout.includes(`running: pid ${child.pid}`), table.stdout);
            child.kill("SIGTERM");
          },
        },
      );
      assertEquals(stopped.code, 130, stopped.stderr);
      const runs = await historyJson(dir);
      assertEquals(runs.map((run) => [run.unfinished, run.exitCode]), [[undefined, 130]]);
      assertEquals(marks(dir), []);
    });
  },
});

Deno.test("a run that ends as usual leaves the history line it always did, and no mark", async () => {
  await withProject(async (dir) => {
    await writeConfig(dir, "10ms");
    const ran = await corun(dir, "run", "c.yaml", "--quiet");
    assertEquals([ran.code, ran.stdout, ran.stderr], [0, "", ""]);
    const [line, ...more] = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`))
      .split("\n");
    assertEquals(more, [""]);
    const run = JSON.parse(line);
    assertEquals(Object.keys(run), [
      "runId",
      "startedAt",
      "endedAt",
      "exitCode",
      "counts",
      "config",
    ]);
    assertEquals(await historyJson(dir), [run]);
    assertEquals(marks(dir), []);
    // Nor a folder: the output directory holds what it held before runs were marked.
    assertEquals([...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name), [
      ".corun-history.jsonl",
    ]);
  });
});
