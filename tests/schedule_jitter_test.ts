/**
 * A schedule's `jitter` at least as long as the shortest time between its fire times merges fires:
 * one that waits out its jitter past the next fire time runs that one with it. `check`, `plan` and
 * `schedule` warn of it (naming the jitter and the gap), and still check, plan and run.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../lib/config/mod.ts";
import { EXIT_CODES } from "../lib/cli/exit_codes.ts";
import { main } from "../lib/cli/main.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

function configWith(schedule: { cron: string; jitter: string }) {
  const config = validateConfig({
    schedule: { ...schedule, timezone: "UTC" },
    tasks: [{ name: "nap", sleep: "10ms" }],
  }, "s.yaml");
  return { "s.yaml": config };
}

const EVERY_2S = configWith({ cron: "*/2 * * * * *", jitter: "5s" });
const MERGE_WARNING = "warning: schedule of config: jitter 5s is not shorter than the 2s between " +
  "two of its fire times (*/2 * * * * *): a fire time that passes while an earlier fire waits " +
  "out its jitter runs with it, not on its own\n";

const withOutDir = withTempDir("corun-schedule-jitter-");

Deno.test("check and plan warn of a jitter not shorter than the schedule's interval, and still pass", async (t) => {
  for (const command of ["check", "plan"]) {
    await t.step(command, async () => {
      const world = createFakeWorld({ configs: EVERY_2S });
      assertEquals(await main([command, "s.yaml"], world.host), EXIT_CODES.ok);
      assertEquals(world.stderr(), MERGE_WARNING);
    });
  }
});

Deno.test("the jitter is held against the shortest gap between fire times, and a shorter one is no warning", async (t) => {
  const cases = [
    // 09:00 and 10:00 each day: the 1h gap merges, the 23h one would not.
    { cron: "0 9,10 * * *", jitter: "1h", gap: "1h" },
    { cron: "0 9,10 * * *", jitter: "59m", gap: undefined },
    { cron: "*/10 * * * *", jitter: "9m59s", gap: undefined },
    { cron: "*/10 * * * *", jitter: "10m", gap: "10m" },
  ];
  for (const { cron, jitter, gap } of cases) {
    await t.step(`${cron}, jitter ${jitter}`, async () => {
      const world = createFakeWorld({ configs: configWith({ cron, jitter }) });
      assertEquals(await main(["check", "s.yaml"], world.host), EXIT_CODES.ok);
      assertEquals(world.stdout(), "ok: 1 task\n");
      const said = world.stderr();
      if (gap === undefined) assertEquals(said, "");
      else {
        assert(
          said.startsWith(
            `warning: schedule of config: jitter ${jitter} is not shorter than the ${gap} ` +
              `between two of its fire times (${cron}):`,
          ),
          said,
        );
      }
    });
  }
});

Deno.test("schedule warns of a jitter that merges fires at its start, on stderr and in --log, and runs", async () => {
  await withOutDir(async (outDir) => {
    const world = createFakeWorld({ configs: EVERY_2S });
    const log = `${outDir}/s.log`;
    const args = ["schedule", "s.yaml", "--out", outDir, "--log", log, "--virtual-time"];
    const code = await main([...args, "--until", "2026-11-25T10:00:10.123Z"], world.host);
    assertEquals(code, EXIT_CODES.ok);
    const warned = world.stderr().split("\n").filter((line) => line.includes("jitter 5s"));
    assertEquals(warned.length, 1, world.stderr());
    assert(warned[0].endsWith(MERGE_WARNING.trimEnd()), warned[0]);
    assert((await Deno.readTextFile(log)).includes(MERGE_WARNING.trimEnd()));
    assert(world.runCalls.length > 0);
  });
});
