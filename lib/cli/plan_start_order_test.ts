import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { fetchTask, sleepTask, task, validateConfig } from "../config/mod.ts";
import { type ConfigSpec, run, type RunOptions } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { buildPlan, recordStartOrder } from "./plan.ts";

/** A run of `config` and the order it started its tasks in, from its events. */
async function startOrderOf(config: ConfigSpec, options: RunOptions) {
  const starts = recordStartOrder();
  const report = await run(config, { ...options, onEvent: starts.onEvent });
  return { report, names: starts.names };
}

Deno.test("plan's start order is the run's: sleeps, custom tasks, then fetches of one moment", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  const outDir = await Deno.makeTempDir();
  try {
    const listFile = join(outDir, "urls.txt");
    await Deno.writeTextFile(listFile, `${server.url("/a")}\n`);
    // Declared in the reverse of the order a run starts them in.
    const config = validateConfig({
      outDir,
      metadata: false,
      tasks: [
        fetchTask("listed", { urls: listFile }),
        fetchTask("pages", server.url("/[a-b]")),
        fetchTask("page", server.url("/a")),
        task("custom", function* () {}),
        sleepTask("pause", "1s"),
        // Released together when `pause` ends: again the sleep before the fetch.
        fetchTask("later-page", server.url("/b"), { after: ["pause"] }),
        sleepTask("later-pause", "2s", { after: ["pause"] }),
      ],
    }, join(outDir, "order.ts"));
    const real = await startOrderOf(config, { virtualTime: true, state: false });
    assertEquals(real.report.counts.done, 7);
    assertEquals(real.names, [
      "pause",
      "custom",
      "page",
      "pages",
      "listed",
      "later-pause",
      "later-page",
    ]);
    const dry = await startOrderOf(config, { dryRun: true, virtualTime: true });
    const plan = buildPlan(config, dry.report, dry.names);
    assertEquals(plan.startOrder, real.names);
    assertEquals(plan.durationMs, real.report.durationMs);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
