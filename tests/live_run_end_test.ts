// The handle `onStart` gives (`LiveRun`) outlives the run: a caller may keep it to show the run's
// figures afterwards. Once the run has ended, its clock stands still at the report's duration.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type LiveRun, run, validateConfig } from "../mod.ts";

Deno.test("LiveRun.elapsedMs() stands still at the run's duration once the run has ended", async () => {
  const clock = createVirtualClock({ startWallMs: Date.UTC(2026, 11, 5) });
  let live: LiveRun | undefined;
  const report = await run(validateConfig({ tasks: [{ sleep: "3s" }] }, "inline"), {
    clock,
    state: false,
    onStart: (started) => void (live = started),
  });
  assertEquals(report.durationMs, 3000);
  assertEquals(live!.elapsedMs(), 3000);
  // Time goes on for the caller (their own loop, a later run on the same clock).
  clock.advanceTo(clock.now() + 60_000);
  assertEquals(live!.elapsedMs(), 3000);
  assertEquals(live!.snapshot().map((task) => [task.phase, task.elapsedMs]), [["done", 3000]]);
});
