import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, runOperation, sleep, spawn } from "../loop/mod.ts";
import { schedule } from "./scheduler.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const START = Date.parse("2026-01-01T00:00:00Z");

Deno.test("schedule callbacks that reject or throw are reported by schedule and callback, and the schedule goes on", async () => {
  const clock = createVirtualClock({ startWallMs: START });
  const warnings: string[] = [];
  const ran: number[] = [];
  await runOperation(
    schedule({ cron: "*/10 * * * *", timezone: "UTC" }, function* () {
      ran.push(clock.wallNow() - START);
      yield* sleep(MINUTE_MS);
    }, {
      name: "nightly",
      untilWallMs: START + 35 * MINUTE_MS,
      onFire: () => Promise.reject(new Error("db down")),
      onRunEnd: () => {
        throw new Error("disk full");
      },
      onWarning: (message) => warnings.push(message),
    }),
    { clock },
  );
  // The rejections are told once the loop that awaited nothing has let them settle.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(ran, [10 * MINUTE_MS, 20 * MINUTE_MS, 30 * MINUTE_MS]);
  assertEquals(warnings.toSorted(), [
    ...Array(3).fill('The onFire callback of schedule "nightly" failed: db down'),
    ...Array(3).fill('The onRunEnd callback of schedule "nightly" failed: disk full'),
  ]);
});

Deno.test("an onDrop that rejects is reported, and the stop goes on as it would", async () => {
  const clock = createVirtualClock({ startWallMs: START });
  const controller = new AbortController();
  const warnings: string[] = [];
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
          name: "hourly",
          signal: controller.signal,
          untilWallMs: START + 6 * HOUR_MS,
          onDrop: async () => {
            await Promise.resolve();
            throw new Error("queue table gone");
          },
          onWarning: (message) => warnings.push(message),
        },
      );
    }(),
    { clock },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(warnings, ['The onDrop callback of schedule "hourly" failed: queue table gone']);
  assertEquals(clock.wallNow() - START, 25 * MINUTE_MS);
});

Deno.test("an onWarning that throws or rejects is reported on stderr with the warning it lost, and the schedule goes on", async () => {
  const clock = createVirtualClock({ startWallMs: START });
  const ran: number[] = [];
  const stderr: string[] = [];
  const consoleError = console.error;
  console.error = (...data: unknown[]) => void stderr.push(data.join(" "));
  try {
    await runOperation(
      schedule({ cron: "*/10 * * * *", timezone: "UTC" }, function* () {
        ran.push(clock.wallNow() - START);
        yield* sleep(MINUTE_MS);
      }, {
        name: "nightly",
        untilWallMs: START + 25 * MINUTE_MS,
        onFire: () => Promise.reject(new Error("db down")),
        onRunEnd: () => {
          throw new Error("disk full");
        },
        // Sync on the fires' failures, async on the runs' ends: both ways are caught.
        onWarning: (message) => {
          if (message.includes("onFire")) throw new Error("no warnings");
          return Promise.reject(new Error("no warnings later"));
        },
      }),
      { clock },
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    console.error = consoleError;
  }
  assertEquals(ran, [10 * MINUTE_MS, 20 * MINUTE_MS]);
  const lost = (why: string, warning: string) =>
    `warning: The onWarning callback of schedule "nightly" failed: ${why}; ` +
    `the warning it was given: ${warning}`;
  assertEquals(stderr.toSorted(), [
    ...Array(2).fill(
      lost("no warnings later", 'The onRunEnd callback of schedule "nightly" failed: disk full'),
    ),
    ...Array(2).fill(
      lost("no warnings", 'The onFire callback of schedule "nightly" failed: db down'),
    ),
  ]);
});
