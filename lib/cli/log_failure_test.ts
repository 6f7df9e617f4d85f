/**
 * `--log` that cannot be opened (here: a path under a regular file, ENOTDIR even for root) is a
 * warning: never the exit code, never a run or a fire dropped.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, scriptedRun } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";

const CONFIG = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [{ name: "nap", sleep: "1s" }],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };

/** A temporary folder holding a regular file `file`: `${dir}/file/x.log` cannot be opened. */
async function withBadLogPath(body: (dir: string, log: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-failure-" });
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    await body(dir, `${dir}/file/x.log`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run --log that cannot be opened warns, runs, records the run and exits as its tasks did", async (t) => {
  for (const mode of [[], ["--json"], ["--quiet"]]) {
    await t.step(mode.join("") || "plain", async () => {
      await withBadLogPath(async (dir, log) => {
        const world = createFakeWorld({ configs, run: scriptedRun({}) });
        const args = ["run", "tasks.yaml", "--out", dir, "--log", log, ...mode];
        assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
        assertEquals(world.runCalls.length, 1);
        const warnings = world.stderr().match(/warning: Cannot open the log file "[^"]+"/g);
        assertEquals(warnings, [`warning: Cannot open the log file "${log}"`], world.stderr());
        assert(world.stderr().includes("going on without it"), world.stderr());
        assertEquals(world.histories.get(`${dir}/.corun-history.jsonl`)?.length, 1);
        if (mode[0] === "--json") {
          // Said before the report's view began, and in its list all the same.
          const report = JSON.parse(world.stdout());
          assert(
            report.warnings.some((w: string) => w.startsWith(`Cannot open the log file "${log}"`)),
            world.stdout(),
          );
        }
      });
    });
  }
});

Deno.test("run --log that cannot be opened still exits 1 when a task failed", async () => {
  await withBadLogPath(async (dir, log) => {
    const world = createFakeWorld({
      configs,
      run: scriptedRun({ nap: { outcome: "failed", message: "boom" } }),
    });
    const code = await main(["run", "tasks.yaml", "--out", dir, "--log", log], world.host);
    assertEquals(code, EXIT_CODES.taskFailed, world.stderr());
  });
});

Deno.test("schedule --log that cannot be opened warns and runs every fire", async () => {
  await withBadLogPath(async (dir, log) => {
    const world = createFakeWorld({ configs });
    // FAKE_NOW is 2026-11-25T10:00:00.123Z: */10 fires 6 times in the hour.
    const args = [
      "schedule",
      "tasks.yaml",
      "--out",
      dir,
      "--log",
      log,
      "--virtual-time",
      "--until",
      "2026-11-25T11:00:00.123Z",
    ];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(world.runCalls.length, 6, world.stderr());
    assertEquals(world.stdout().match(/config fire \S+: started/g)?.length, 6, world.stdout());
    // Once: in a --virtual-time preview the scheduler writes the runs' lines too (in time order).
    // A run that opens the log itself and fails is run_command's case, above.
    assertEquals(
      world.stderr().match(/warning: Cannot open the log file/g)?.length,
      1,
      world.stderr(),
    );
  });
});

Deno.test("schedule --log whose path turns into a folder after the first fire: said once, and every fire runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-failure-" });
  try {
    const log = `${dir}/cron.log`;
    const run = scriptedRun({});
    const world = createFakeWorld({
      configs,
      // After the first fire the log's path becomes a folder: the log, which follows its path (a
      // log rotated away), cannot open it again (EISDIR, even for root).
      run: (config, options) => {
        if (world.runCalls.length === 1) {
          Deno.removeSync(log);
          Deno.mkdirSync(log);
        }
        return run(config, options);
      },
    });
    const args = ["schedule", "tasks.yaml", "--out", dir, "--log", log, "--virtual-time"];
    args.push("--until", "2026-11-25T11:00:00.123Z");
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(world.runCalls.length, 6, world.stderr());
    // Once: in a --virtual-time preview the scheduler writes the runs' lines too, through one log.
    assertEquals(
      world.stderr().match(/warning: Cannot open the log file "[^"]+" again/g)?.length,
      1,
      world.stderr(),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
