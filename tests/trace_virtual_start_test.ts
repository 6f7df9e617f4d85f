/**
 * A trace's times are real time, under `--virtual-time` too: a `schedule --virtual-time` run's trace
 * says when it really started (as its run id does), its fire the virtual time it answers.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../lib/config/mod.ts";
import { EXIT_CODES } from "../lib/cli/exit_codes.ts";
import { main } from "../lib/cli/main.ts";
import type { TraceFile } from "../lib/cli/trace_recorder.ts";
import { createFakeWorld, FAKE_NOW } from "./fixtures/fake_host.ts";

Deno.test("schedule --virtual-time: the trace's start is the real one, its fire the virtual time", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-trace-virtual-start-" });
  try {
    const config = validateConfig({
      schedule: { cron: "20 * * * *", timezone: "UTC" },
      tasks: [{ name: "nap", sleep: "1s" }],
    }, "tasks.yaml");
    // The fake world's real clock stands at FAKE_NOW (10:00:00.123Z); the run fires for 10:20.
    const world = createFakeWorld({ configs: { "tasks.yaml": config } });
    const code = await main([
      "schedule",
      "tasks.yaml",
      "--out",
      `${dir}/out`,
      "--virtual-time",
      "--until",
      "2026-11-25T10:30:00.000Z",
      "--trace",
      `${dir}/trace.json`,
    ], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) if (entry.name !== "out") names.push(entry.name);
    assertEquals(names.length, 1, names.join(", "));
    const trace: TraceFile = JSON.parse(await Deno.readTextFile(`${dir}/${names[0]}`));
    assertEquals(trace.otherData.startedAt, FAKE_NOW);
    assertEquals(trace.otherData.fireAt, "2026-11-25T10:20:00.000Z");
    // Late on the run's own clock: not by the 20 minutes between the real start and the fire.
    const fire = trace.traceEvents.find((event) => event.name === "fire")!;
    assertEquals(fire.args!.lateMs, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
