import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  createVirtualClock,
  moveOnAfter,
  type Operation,
  runOperation,
  sleep,
  spawn,
} from "../loop/mod.ts";
import {
  type FireInfo,
  type RunInfo,
  schedule,
  type ScheduleOptions,
  type ScheduleSettings,
} from "./scheduler.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Runs a schedule on a virtual clock starting at `startWallMs`; returns its fires and the end time. */
async function record(
  startWallMs: number,
  spec: ScheduleSettings,
  job: () => Operation<unknown>,
  options: ScheduleOptions = {},
): Promise<{ fires: FireInfo[]; endNowMs: number }> {
  const clock = createVirtualClock({ startWallMs });
  const fires: FireInfo[] = [];
  await runOperation(
    schedule(spec, job, {
      ...options,
      onFire: (info) => {
        fires.push(info);
        options.onFire?.(info);
      },
    }),
    { clock },
  );
  return { fires, endNowMs: clock.now() };
}

Deno.test("cancelling the schedule cancels running jobs and runs their teardown", async () => {
  const clock = createVirtualClock({ startWallMs: Date.parse("2026-01-01T00:00:00Z") });
  const runs: RunInfo[] = [];
  let teardowns = 0;
  const value = await runOperation(
    moveOnAfter(
      50 * MINUTE_MS,
      schedule({ cron: "*/15 * * * *", timezone: "UTC", overlap: "allow" }, function* () {
        try {
          yield* sleep(HOUR_MS);
        } finally {
          teardowns++;
        }
      }, { onRunEnd: (info) => runs.push(info) }),
    ),
    { clock },
  );
  assertEquals(value, undefined);
  assertEquals(clock.now(), 50 * MINUTE_MS);
  assertEquals(teardowns, 3);
  assertEquals(runs.map((run) => run.outcome), ["cancelled", "cancelled", "cancelled"]);
});

Deno.test("aborting the signal stops firing and gives running jobs graceMs to finish", async (t) => {
  const start = Date.parse("2026-01-01T00:00:00Z");
  async function abortAt(abortAfterMs: number, graceMs: number) {
    const clock = createVirtualClock({ startWallMs: start });
    const controller = new AbortController();
    const fires: FireInfo[] = [];
    const runs: RunInfo[] = [];
    await runOperation(
      function* () {
        yield* spawn(function* () {
          yield* sleep(abortAfterMs);
          controller.abort();
        }());
        yield* schedule(
          { cron: "*/15 * * * *", timezone: "UTC", overlap: "allow" },
          () => sleep(40 * MINUTE_MS),
          {
            signal: controller.signal,
            graceMs,
            untilWallMs: start + 6 * HOUR_MS, // a schedule that failed to stop ends here, not never
            onFire: (info) => fires.push(info),
            onRunEnd: (info) => runs.push(info),
          },
        );
      }(),
      { clock },
    );
    return { fires, runs, endNowMs: clock.now() };
  }
  await t.step("runs that end within the grace period finish, the rest are cancelled", async () => {
    // Runs from 00:15, 00:30, 00:45 (40 min each); abort at 00:50; grace until 01:00.
    const result = await abortAt(50 * MINUTE_MS, 10 * MINUTE_MS);
    assertEquals(result.fires.length, 3);
    assertEquals(
      result.runs.map((run) => [run.fireWallMs - start, run.outcome, run.endedAtWallMs - start]),
      [
        [15 * MINUTE_MS, "done", 55 * MINUTE_MS],
        [30 * MINUTE_MS, "cancelled", 60 * MINUTE_MS],
        [45 * MINUTE_MS, "cancelled", 60 * MINUTE_MS],
      ],
    );
    assertEquals(result.endNowMs, 60 * MINUTE_MS);
  });
  await t.step("with no grace, running jobs are cancelled at once", async () => {
    const result = await abortAt(50 * MINUTE_MS, 0);
    assertEquals(result.runs.map((run) => run.outcome), ["cancelled", "cancelled", "cancelled"]);
    assertEquals(result.endNowMs, 50 * MINUTE_MS);
  });
  await t.step(
    "when every run is done early, the schedule returns as soon as they are",
    async () => {
      const result = await abortAt(20 * MINUTE_MS, 2 * HOUR_MS);
      assertEquals(result.runs.map((run) => run.outcome), ["done"]);
      assertEquals(result.endNowMs, 55 * MINUTE_MS);
    },
  );
});

Deno.test("aborting graceEnd during the grace period cancels the running jobs then, not at its end", async () => {
  const start = Date.parse("2026-01-01T00:00:00Z");
  for (const graceMs of [Infinity, 2 * HOUR_MS]) {
    const clock = createVirtualClock({ startWallMs: start });
    const stop = new AbortController();
    const graceEnd = new AbortController();
    const runs: RunInfo[] = [];
    await runOperation(
      function* () {
        yield* spawn(function* () {
          yield* sleep(20 * MINUTE_MS);
          stop.abort(); // the first Ctrl-C: the run from 00:15 has its grace
          yield* sleep(5 * MINUTE_MS);
          graceEnd.abort(); // the second: no more grace
        }());
        yield* schedule(
          { cron: "*/15 * * * *", timezone: "UTC" },
          () => sleep(HOUR_MS),
          {
            signal: stop.signal,
            graceMs,
            graceEnd: graceEnd.signal,
            untilWallMs: start + 6 * HOUR_MS,
            onRunEnd: (info) => runs.push(info),
          },
        );
      }(),
      { clock },
    );
    assertEquals(
      runs.map((run) => [run.outcome, run.endedAtWallMs - start]),
      [["cancelled", 25 * MINUTE_MS]],
      String(graceMs),
    );
    assertEquals(clock.now(), 25 * MINUTE_MS);
  }
});

Deno.test("an onFire callback that throws is reported, and the schedule goes on", async () => {
  const warnings: string[] = [];
  const result = await record(
    0,
    { cron: "* * * * *", timezone: "UTC", overlap: "allow" },
    () => sleep(HOUR_MS),
    {
      maxFires: 5,
      onFire: (info) => {
        if (info.fireWallMs === 3 * MINUTE_MS) throw new TypeError("callback broke");
      },
      onWarning: (message) => warnings.push(message),
    },
  );
  assertEquals(result.fires.length, 5);
  assertEquals(warnings, ['The onFire callback of schedule "schedule" failed: callback broke']);
});

Deno.test("a signal aborted before the start means no fire at all", async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await record(
    Date.parse("2026-01-01T00:00:00Z"),
    { cron: "* * * * *" },
    () => sleep(MINUTE_MS),
    {
      signal: controller.signal,
    },
  );
  assertEquals(result.fires, []);
  assertEquals(result.endNowMs, 0);
});

Deno.test("a stop tells onDrop of the queued fire it drops, which never runs", async () => {
  const start = Date.parse("2026-01-01T00:00:00Z");
  const clock = createVirtualClock({ startWallMs: start });
  const controller = new AbortController();
  const dropped: number[] = [];
  const runs: RunInfo[] = [];
  await runOperation(
    function* () {
      yield* spawn(function* () {
        yield* sleep(25 * MINUTE_MS); // the 00:10 run goes on; the 00:20 fire waits behind it
        controller.abort();
      }());
      yield* schedule(
        { cron: "*/10 * * * *", timezone: "UTC", overlap: "queue" },
        () => sleep(HOUR_MS),
        {
          signal: controller.signal,
          untilWallMs: start + 6 * HOUR_MS,
          onDrop: (fire) => dropped.push(fire.fireWallMs - start),
          onRunEnd: (info) => runs.push(info),
        },
      );
    }(),
    { clock },
  );
  assertEquals(dropped, [20 * MINUTE_MS]);
  assertEquals(runs.map((run) => [run.fireWallMs - start, run.outcome]), [
    [10 * MINUTE_MS, "cancelled"],
  ]);
});
