import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, runOperation, sleep } from "../loop/mod.ts";
import type { ScheduleSpec } from "../tasks/mod.ts";
import type { FireInfo, RunInfo } from "./run_slots.ts";
import { schedule } from "./scheduler.ts";

const MINUTE_MS = 60_000;
const START = Date.parse("2026-01-01T00:00:00Z");

/** A quarter-hourly job that takes 40 minutes, under one overlap policy, for six fires. */
async function overlapping(overlap: ScheduleSpec["overlap"]) {
  const clock = createVirtualClock({ startWallMs: START });
  const fires: FireInfo[] = [];
  const runs: RunInfo[] = [];
  let running = 0;
  let mostAtOnce = 0;
  await runOperation(
    schedule(
      { cron: "*/15 * * * *", timezone: "UTC", overlap },
      function* () {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          yield* sleep(40 * MINUTE_MS);
        } finally {
          running--;
        }
      },
      { maxFires: 6, onFire: (info) => fires.push(info), onRunEnd: (info) => runs.push(info) },
    ),
    { clock },
  );
  const minutes = (wallMs: number) => (wallMs - START) / MINUTE_MS;
  return {
    fires: fires.map((fire) => [minutes(fire.fireWallMs), fire.outcome, fire.runningCount]),
    runs: runs.map((
      run,
    ) => [minutes(run.fireWallMs), minutes(run.startedAtWallMs), minutes(run.endedAtWallMs)]),
    mostAtOnce,
    endMinutes: clock.now() / MINUTE_MS,
  };
}

Deno.test("overlap skip: a fire while the previous run still runs is skipped and reported", async () => {
  const result = await overlapping("skip");
  assertEquals(result.fires, [
    [15, "started", 0],
    [30, "skipped", 1],
    [45, "skipped", 1],
    [60, "started", 0], // the first run ended at 55
    [75, "skipped", 1],
    [90, "skipped", 1],
  ]);
  assertEquals(result.runs, [[15, 15, 55], [60, 60, 100]]);
  assertEquals(result.mostAtOnce, 1);
  assertEquals(result.endMinutes, 100);
});

Deno.test("overlap queue: one fire waits behind the running one, further ones are skipped", async () => {
  const result = await overlapping("queue");
  assertEquals(result.fires, [
    [15, "started", 0],
    [30, "queued", 1],
    [45, "skipped", 1], // the queue holds one already
    [60, "queued", 1], // the 30 run started at 55, freeing the queue
    [75, "skipped", 1],
    [90, "skipped", 1],
  ]);
  assertEquals(result.runs, [[15, 15, 55], [30, 55, 95], [60, 95, 135]]);
  assertEquals(result.mostAtOnce, 1);
  assertEquals(result.endMinutes, 135);
});

Deno.test("overlap allow: every fire starts a run, concurrently with those still running", async () => {
  const result = await overlapping("allow");
  assertEquals(result.fires, [
    [15, "started", 0],
    [30, "started", 1],
    [45, "started", 2],
    [60, "started", 2], // the 15 run ended at 55
    [75, "started", 2],
    [90, "started", 2],
  ]);
  assertEquals(result.runs, [
    [15, 15, 55],
    [30, 30, 70],
    [45, 45, 85],
    [60, 60, 100],
    [75, 75, 115],
    [90, 90, 130],
  ]);
  assertEquals(result.mostAtOnce, 3);
  assertEquals(result.endMinutes, 130);
});
