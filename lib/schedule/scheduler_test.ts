import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type Clock,
  createVirtualClock,
  type Operation,
  runOperation,
  sleep,
} from "../loop/mod.ts";
import { CronSyntaxError } from "./next_fire.ts";
import {
  type FireInfo,
  type RunInfo,
  schedule,
  type ScheduleOptions,
  type ScheduleSettings,
  type WallStep,
} from "./scheduler.ts";
import { BACKWARD_STEP_MS } from "./wall_watch.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const NEW_YORK = "America/New_York";
const MARCH_START = Date.parse("2026-03-05T00:00:00Z"); // 1772668800000; change on 8 March
const NOVEMBER_START = Date.parse("2026-10-29T00:00:00Z"); // 1793232000000; change on 1 November

interface Recorded {
  fires: FireInfo[];
  runs: RunInfo[];
  endNowMs: number;
  endWallMs: number;
}

/** Runs a schedule on a virtual clock starting at `startWallMs` and records what happened. */
async function record(
  startWallMs: number,
  spec: ScheduleSettings,
  job: () => Operation<unknown>,
  options: ScheduleOptions = {},
): Promise<Recorded> {
  const clock = createVirtualClock({ startWallMs });
  const fires: FireInfo[] = [];
  const runs: RunInfo[] = [];
  await runOperation(
    schedule(spec, job, {
      ...options,
      onFire: (info) => {
        fires.push(info);
        options.onFire?.(info);
      },
      onRunEnd: (info) => runs.push(info),
    }),
    { clock },
  );
  return { fires, runs, endNowMs: clock.now(), endWallMs: clock.wallNow() };
}

const oneMinuteJob = () => sleep(MINUTE_MS);

Deno.test("a week of daily New York jobs across both 2026 changes fires at every exact time", async (t) => {
  const table: [string, number, number[]][] = [
    ["30 2 * * *", MARCH_START, [
      1772695800000, // 5 Mar 02:30 EST
      1772782200000,
      1772868600000,
      1772955000000, // 8 Mar: 02:30 does not exist, 03:30 EDT
      1773037800000, // 9 Mar 02:30 EDT
      1773124200000,
      1773210600000,
    ]],
    ["30 1 * * *", MARCH_START, [
      1772692200000,
      1772778600000,
      1772865000000,
      1772951400000, // 8 Mar 01:30 EST, just before the change
      1773034200000, // 9 Mar 01:30 EDT
      1773120600000,
      1773207000000,
    ]],
    ["30 1 * * *", NOVEMBER_START, [
      1793251800000, // 29 Oct 01:30 EDT
      1793338200000,
      1793424600000,
      1793511000000, // 1 Nov 01:30 EDT, once: not again at 01:30 EST
      1793601000000, // 2 Nov 01:30 EST
      1793687400000,
      1793773800000,
    ]],
    ["30 2 * * *", NOVEMBER_START, [
      1793255400000,
      1793341800000,
      1793428200000,
      1793518200000, // 1 Nov 02:30 EST
      1793604600000,
      1793691000000,
      1793777400000,
    ]],
  ];
  for (const [cron, start, expected] of table) {
    await t.step(`${cron} from ${new Date(start).toISOString()}`, async () => {
      const result = await record(start, { cron, timezone: NEW_YORK }, oneMinuteJob, {
        untilWallMs: start + 7 * DAY_MS,
      });
      assertEquals(result.fires.map((fire) => fire.fireWallMs), expected);
      // Each fire was handled exactly at its time: the scheduler slept on the loop's clock.
      assertEquals(result.fires.map((fire) => fire.handledWallMs), expected);
      assertEquals(result.runs.map((run) => run.startedAtWallMs), expected);
      assert(result.runs.every((run) => run.outcome === "done"));
      // It ended when the last run did, without waiting for the next fire.
      assertEquals(result.endWallMs, expected[6] + MINUTE_MS);
    });
  }
});

Deno.test("a week of quarter-hourly and hourly jobs keeps a steady real-time cadence", async (t) => {
  const table: [string, number, number][] = [
    ["*/15 * * * *", MARCH_START, 15 * MINUTE_MS],
    ["*/15 * * * *", NOVEMBER_START, 15 * MINUTE_MS],
    ["@hourly", MARCH_START, HOUR_MS],
    ["@hourly", NOVEMBER_START, HOUR_MS],
  ];
  for (const [cron, start, stepMs] of table) {
    await t.step(`${cron} from ${new Date(start).toISOString()}`, async () => {
      const result = await record(start, { cron, timezone: NEW_YORK }, () => sleep(1000), {
        untilWallMs: start + 7 * DAY_MS,
      });
      const count = (7 * DAY_MS) / stepMs; // the last one falls on untilWallMs itself
      const expected = Array.from({ length: count }, (_, i) => start + (i + 1) * stepMs);
      assertEquals(result.fires.map((fire) => fire.fireWallMs), expected);
      assertEquals(result.runs.map((run) => run.startedAtWallMs), expected);
    });
  }
});

Deno.test("jitter delays each run by random() * jitterMs, never more", async () => {
  const randoms = [0, 0.5, 0.999_999, 1];
  const result = await record(
    Date.parse("2026-01-01T00:00:00Z"),
    { cron: "*/15 * * * *", timezone: "UTC", jitterMs: 60_000 },
    oneMinuteJob,
    { random: () => randoms.shift()!, maxFires: 4 },
  );
  assertEquals(result.fires.map((fire) => fire.jitterMs), [0, 30_000, 60_000, 60_000]);
  for (const fire of result.fires) {
    assertEquals(fire.handledWallMs - fire.fireWallMs, fire.jitterMs);
  }
  assertEquals(
    result.runs.map((run) => run.startedAtWallMs),
    result.fires.map((fire) => fire.handledWallMs),
  );
});

Deno.test("jitter never starts a run after untilWallMs, even for a fire time just before it", async () => {
  const untilWallMs = Date.parse("2026-01-01T00:15:20Z");
  const result = await record(
    Date.parse("2026-01-01T00:00:00Z"),
    { cron: "*/15 * * * *", timezone: "UTC", jitterMs: 60_000 },
    oneMinuteJob,
    { random: () => 0.999_999, untilWallMs },
  );
  assertEquals(result.runs.map((run) => new Date(run.startedAtWallMs).toISOString()), [
    "2026-01-01T00:15:20.000Z", // its jitter cut to the 20 s left, not 00:16:00
  ]);
  assertEquals(result.fires.map((fire) => fire.jitterMs), [20_000]);
});

Deno.test("fires reached late are coalesced into one and counted", async () => {
  // A jitter longer than the interval: by the time a fire is handled, the next ones have passed.
  const result = await record(
    Date.parse("2026-01-01T00:00:00Z"),
    { cron: "* * * * *", timezone: "UTC", jitterMs: 150_000 },
    () => sleep(1000),
    { random: () => 1, maxFires: 3 },
  );
  assertEquals(result.fires.map((fire) => [fire.fireWallMs, fire.missedCount]), [
    [Date.parse("2026-01-01T00:01:00Z"), 2], // handled at 00:03:30; 00:02 and 00:03 passed over
    [Date.parse("2026-01-01T00:04:00Z"), 2],
    [Date.parse("2026-01-01T00:07:00Z"), 2],
  ]);
});

Deno.test("catch-up runs once at start for fires missed since the last run", async (t) => {
  const start = Date.parse("2026-01-10T12:00:00Z");
  const daily = { cron: "0 6 * * *", timezone: "UTC" };
  await t.step("once: three missed days give one run, at once", async () => {
    const result = await record(start, { ...daily, catchUp: "once" }, oneMinuteJob, {
      lastRunWallMs: Date.parse("2026-01-07T06:00:00Z"),
      maxFires: 2,
    });
    assertEquals(
      result.fires.map((fire) => [fire.fireWallMs, fire.handledWallMs, fire.isCatchUp]),
      [
        [Date.parse("2026-01-08T06:00:00Z"), start, true],
        [Date.parse("2026-01-11T06:00:00Z"), Date.parse("2026-01-11T06:00:00Z"), false],
      ],
    );
    assertEquals(result.runs.map((run) => [run.startedAtWallMs, run.isCatchUp]), [
      [start, true],
      [Date.parse("2026-01-11T06:00:00Z"), false],
    ]);
  });
  await t.step("once: nothing missed, nothing extra", async () => {
    const result = await record(start, { ...daily, catchUp: "once" }, oneMinuteJob, {
      lastRunWallMs: Date.parse("2026-01-10T06:00:00Z"),
      maxFires: 1,
    });
    assertEquals(result.fires.map((fire) => fire.isCatchUp), [false]);
  });
  await t.step("once: no last run known, nothing extra", async () => {
    const result = await record(start, { ...daily, catchUp: "once" }, oneMinuteJob, {
      maxFires: 1,
    });
    assertEquals(result.fires.map((fire) => fire.isCatchUp), [false]);
  });
  await t.step("none: missed fires are not made up", async () => {
    const result = await record(start, { ...daily, catchUp: "none" }, oneMinuteJob, {
      lastRunWallMs: Date.parse("2026-01-07T06:00:00Z"),
      maxFires: 1,
    });
    assertEquals(result.fires.map((fire) => [fire.fireWallMs, fire.isCatchUp]), [
      [Date.parse("2026-01-11T06:00:00Z"), false],
    ]);
  });
});

Deno.test("a failing job is reported and the schedule goes on", async () => {
  let calls = 0;
  const result = await record(
    Date.parse("2026-01-01T00:00:00Z"),
    { cron: "@hourly", timezone: "UTC" },
    function* () {
      calls++;
      yield* sleep(10);
      if (calls === 1) throw new TypeError("boom");
    },
    { maxFires: 2 },
  );
  assertEquals(result.runs.map((run) => run.outcome), ["failed", "done"]);
  assert(result.runs[0].error instanceof TypeError);
  assertEquals("error" in result.runs[1], false);
});

Deno.test("bad settings are refused before anything fires", async () => {
  await assertRejects(
    () => record(0, { cron: "61 * * * *" }, oneMinuteJob, { maxFires: 1 }),
    CronSyntaxError,
  );
  await assertRejects(
    () => record(0, { cron: "@daily", timezone: "Nowhere/Town" }, oneMinuteJob, { maxFires: 1 }),
    RangeError,
  );
  await assertRejects(
    () => record(0, { cron: "@daily", jitterMs: -1 }, oneMinuteJob, { maxFires: 1 }),
    RangeError,
    "Cannot schedule: jitterMs must be 0 or more, got -1",
  );
});

Deno.test("on the system clock the schedule fires on real time and leaves no timer behind", async () => {
  const fires: FireInfo[] = [];
  const runs: RunInfo[] = [];
  await runOperation(
    schedule({ cron: "* * * * * *" }, () => sleep(5), {
      maxFires: 2,
      onFire: (info) => fires.push(info),
      onRunEnd: (info) => runs.push(info),
    }),
  );
  assertEquals(fires.length, 2);
  assertEquals(fires[1].fireWallMs - fires[0].fireWallMs, 1000);
  assertEquals(fires[0].fireWallMs % 1000, 0);
  assert(fires.every((fire) => fire.handledWallMs >= fire.fireWallMs));
  assertEquals(runs.map((run) => run.outcome), ["done", "done"]);
});

Deno.test("a real-time schedule fires soon after the machine wakes, not after the rest of an hour's sleep", async () => {
  // The machine sleeps past midnight: its wall clock jumps, while the monotonic clock that timers
  // run on stands still.
  let sleptMs = 0;
  const clock: Clock = {
    kind: "system",
    now: () => performance.now(),
    wallNow: () => Date.now() + sleptMs,
  };
  const midnight = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
  const wake = setTimeout(() => sleptMs = midnight + 1000 - Date.now(), 50);
  // Only so that a schedule that sleeps on ends the test instead of holding it for an hour.
  const controller = new AbortController();
  const giveUp = setTimeout(() => controller.abort(), 20_000);
  const fires: number[] = [];
  try {
    await runOperation(
      schedule({ cron: "0 0 * * *", timezone: "UTC" }, () => sleep(0), {
        maxFires: 1,
        signal: controller.signal,
        onFire: (info) => fires.push(info.fireWallMs),
      }),
      { clock },
    );
  } finally {
    clearTimeout(wake);
    clearTimeout(giveUp);
  }
  assertEquals(fires, [midnight]);
});

/**
 * Runs an every-second schedule on the system clock for two fires, whose wall clock reads
 * `Date.now() + offsetMs`, `offsetMs` set to `offsetAfterFirstFireMs` once the first fire is handled;
 * gives up after 20 s (a schedule waiting on a wrong clock would hold the test for a day).
 */
async function twoFiresAcrossAStep(startOffsetMs: number, offsetAfterFirstFireMs: number) {
  let offsetMs = startOffsetMs;
  const clock: Clock = {
    kind: "system",
    now: () => performance.now(),
    wallNow: () => Date.now() + offsetMs,
  };
  const controller = new AbortController();
  const giveUp = setTimeout(() => controller.abort(), 20_000);
  const fires: number[] = [];
  const steps: WallStep[] = [];
  try {
    await runOperation(
      schedule({ cron: "* * * * * *", timezone: "UTC" }, () => sleep(0), {
        maxFires: 2,
        signal: controller.signal,
        onFire: (info) => {
          fires.push(info.fireWallMs);
          offsetMs = offsetAfterFirstFireMs;
        },
        onClockStep: (step) => steps.push(step),
      }),
      { clock },
    );
  } finally {
    clearTimeout(giveUp);
  }
  return { fires, steps };
}

Deno.test("a real-time schedule whose wall clock is set back a day fires on the new time, not a day later", async () => {
  // The clock ran a day ahead, and NTP sets it right after the first fire: the next fire time the
  // wrong clock led to is a day away on the right one.
  const { fires, steps } = await twoFiresAcrossAStep(DAY_MS, 0);
  assertEquals(fires.length, 2);
  assert(fires[0] - fires[1] > DAY_MS - MINUTE_MS, JSON.stringify(fires));
  assertEquals(steps.length, 1);
  assert(steps[0].fromWallMs - steps[0].toWallMs > BACKWARD_STEP_MS, JSON.stringify(steps));
});

Deno.test("a wall clock set back less than 3 hours is waited out: no fire time runs twice", async () => {
  const { fires, steps } = await twoFiresAcrossAStep(0, -2000);
  assertEquals(fires.length, 2);
  assertEquals(fires[1] - fires[0], 1000);
  assertEquals(steps, []);
});
