import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { runOperation } from "../loop/mod.ts";
import { acquireLock, type RunLock } from "../schedule/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, emptyLiveRun, untilSaid } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import type { CliHost } from "./cli_host.ts";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const CONFIG = validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };

const withOutDir = withTempDir("corun-run-json-");

/** Holds the outDir's lock as another config's run would. */
async function holdLock(outDir: string): Promise<RunLock> {
  const result = await runOperation(acquireLock(`${outDir}/.corun.lock`, { config: "other.yaml" }));
  if (!result.acquired) throw new Error("the test could not take the lock");
  return result.lock;
}

Deno.test("run --json --lock=skip prints JSON saying the run did not start, why, and who holds the lock", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json", "--lock=skip"];
    assertEquals(await main(args, world.host), EXIT_CODES.ok);
    assertEquals(world.runCalls.length, 0);
    const printed = JSON.parse(world.stdout());
    const { runId, message, holder, ...rest } = printed;
    assertEquals(rest, {
      source: "tasks.yaml",
      started: false,
      reason: "locked",
      lockMode: "skip",
      exitCode: 0,
      warnings: [],
    });
    assertEquals([holder.pid, holder.config], [Deno.pid, join(outDir, "other.yaml")]);
    assertMatch(message, /holds the lock \(pid \d+/);
    // The skipped run's history line carries the same id.
    const [line] = world.histories.get(`${outDir}/.corun-history.jsonl`) ?? [];
    assertEquals(line?.runId, runId);
  });
});

Deno.test("run --json --lock=fail prints JSON saying the run did not start and exits 75", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json", "--lock=fail"];
    assertEquals(await main(args, world.host), EXIT_CODES.locked);
    const printed = JSON.parse(world.stdout());
    assertEquals(
      [printed.started, printed.reason, printed.lockMode, printed.exitCode, printed.holder.pid],
      [false, "locked", "fail", EXIT_CODES.locked, Deno.pid],
    );
    // What was said on stderr is still said there, once.
    assertMatch(world.stderr(), /^Cannot run "tasks\.yaml": a run of .* holds the lock/);
    assertEquals(world.histories.size, 0, "a refused run is not history");
  });
});

Deno.test("run --json --lock=wait interrupted while it waits prints JSON and exits 130", async () => {
  await withOutDir(async (outDir) => {
    await using _held = await holdLock(outDir);
    const world = createFakeWorld({ configs });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json", "--lock=wait"];
    const waiting = main(args, world.host);
    // Waiting, it listens for the interrupt (one delivered sooner would reach nobody).
    await untilSaid(world, "Waiting for the lock");
    world.interrupt();
    assertEquals(await waiting, EXIT_CODES.interrupted);
    const printed = JSON.parse(world.stdout());
    assertEquals(
      [printed.started, printed.reason, printed.exitCode, printed.holder.pid],
      [false, "interrupted", EXIT_CODES.interrupted, Deno.pid],
    );
  });
});

Deno.test("run --json names the run by the id of its history line", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs });
    assertEquals(await main(["run", "tasks.yaml", "--out", outDir, "--json"], world.host), 0);
    const report = JSON.parse(world.stdout());
    const [line] = world.histories.get(`${outDir}/.corun-history.jsonl`) ?? [];
    assertEquals(report.runId, line?.runId);
    assertEquals(report.runId, world.runCalls[0].options.runId);
    assertEquals(report.counts.done, 1);
  });
});

Deno.test("run --json prints JSON saying the run could not start when the runner cannot begin", async () => {
  await withOutDir(async (outDir) => {
    const run = () =>
      Promise.reject(new Error('Cannot read the cookie jar "jar.txt": not valid JSON'));
    const world = createFakeWorld({ configs, run });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json"];
    assertEquals(await main(args, world.host), EXIT_CODES.taskFailed);
    const { runId, ...printed } = JSON.parse(world.stdout());
    assertEquals(printed, {
      source: "tasks.yaml",
      started: false,
      reason: "error",
      lockMode: null,
      exitCode: EXIT_CODES.taskFailed,
      message: 'Cannot run "tasks.yaml": Cannot read the cookie jar "jar.txt": not valid JSON',
      holder: null,
      warnings: [],
    });
    const [line] = world.histories.get(`${outDir}/.corun-history.jsonl`) ?? [];
    assertEquals(line?.runId, runId);
  });
});

Deno.test("run --json of a run that started and then failed without a report says started: true", async () => {
  await withOutDir(async (outDir) => {
    const run: CliHost["run"] = (_config, options = {}) => {
      options.onStart?.(emptyLiveRun());
      return Promise.reject(new Error("No space left on device (os error 28)"));
    };
    const world = createFakeWorld({ configs, run });
    const args = ["run", "tasks.yaml", "--out", outDir, "--json"];
    assertEquals(await main(args, world.host), EXIT_CODES.taskFailed);
    const printed = JSON.parse(world.stdout());
    assertEquals([printed.started, printed.reason], [true, "error"]);
    assertMatch(printed.message, /No space left on device/);
  });
});
