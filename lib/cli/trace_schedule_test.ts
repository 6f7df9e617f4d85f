import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import type { TraceFile } from "./trace_recorder.ts";

const CONFIG = validateConfig({
  schedule: { cron: "*/20 * * * *", timezone: "UTC" },
  tasks: [{ name: "nap", sleep: "1s" }],
}, "tasks.yaml");

Deno.test("schedule --trace writes one trace per run, named with its run id, its fire an instant in it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-trace-schedule-" });
  try {
    const world = createFakeWorld({ configs: { "tasks.yaml": CONFIG } });
    // The fake world's clock stands at 2026-11-25T10:00:00.123Z: an hour holds fires at :20, :40, :00.
    const code = await main([
      "schedule",
      "tasks.yaml",
      "--out",
      `${dir}/out`,
      "--virtual-time",
      "--until",
      "2026-11-25T11:00:00.123Z",
      "--trace",
      `${dir}/trace.json`,
    ], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) if (entry.name !== "out") names.push(entry.name);
    assertEquals(names.length, 3, names.join(", "));
    const fires: string[] = [];
    for (const name of names) {
      assertMatch(name, /^trace\.\d{8}T\d{9}Z-[0-9a-f]{8}\.json$/);
      const trace: TraceFile = JSON.parse(await Deno.readTextFile(`${dir}/${name}`));
      const fire = trace.traceEvents.find((e) => e.name === "fire" && e.cat === "scheduler")!;
      assertEquals([fire.ph, fire.ts, fire.args!.lateMs], ["i", 0, 0]);
      assertEquals(trace.otherData.runId, name.slice("trace.".length, -".json".length));
      const nap = trace.traceEvents.find((e) => e.cat === "task" && e.name === "nap")!;
      assertEquals(nap.args!.outcome, "done");
      fires.push(String(fire.args!.fireAt));
    }
    assertEquals(fires.toSorted(), [
      "2026-11-25T10:20:00.000Z",
      "2026-11-25T10:40:00.000Z",
      "2026-11-25T11:00:00.000Z",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
