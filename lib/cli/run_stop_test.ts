// The first interrupt of `corun run` is said at once, above the live view's frame (the frame goes
// on showing the tasks running while their `finally` blocks run). tests/run_stop_test.ts has the
// real process, in the other modes.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { LiveRun } from "../tasks/mod.ts";
import {
  createFakeWorld,
  idleProgress,
  runUntilInterrupted,
} from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { stoppingLine } from "./run_stop.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const configs = {
  "tasks.yaml": validateConfig({
    tasks: [{ name: "a", sleep: "1h" }, { name: "b", sleep: "1h" }],
  }, "tasks.yaml"),
};

Deno.test("run on a terminal says the stop above the live frame as the interrupt comes", async () => {
  await withTempDir("corun-run-stop-")(async (outDir) => {
    const { run, started } = runUntilInterrupted();
    const world = createFakeWorld({ configs, run, terminal: true });
    const running = main(["run", "tasks.yaml", "--out", outDir], world.host);
    await started;
    const before = world.stdout();
    world.interrupt();
    // Said as it comes, not at the next redraw.
    const said = world.stdout().slice(before.length);
    assert(
      said.includes("stopping: cancelling 2 running tasks (once more to exit at once)\n"),
      JSON.stringify(said),
    );
    assertEquals(await running, EXIT_CODES.interrupted);
    assertEquals(world.stderr(), "");
  });
});

Deno.test("stoppingLine() counts the running tasks, or names the run before any runs", () => {
  const live = (running: number): LiveRun => ({
    snapshot: () => [],
    progress: () => idleProgress({ running, waiting: 3 }),
    elapsedMs: () => 0,
  });
  assertEquals(
    stoppingLine(live(1)),
    "stopping: cancelling 1 running task (once more to exit at once)",
  );
  assertEquals(
    stoppingLine(live(12_000)),
    "stopping: cancelling 12,000 running tasks (once more to exit at once)",
  );
  assertEquals(stoppingLine(live(0)), "stopping: cancelling the run (once more to exit at once)");
  assertEquals(stoppingLine(undefined), "stopping: cancelling the run (once more to exit at once)");
});
