import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock } from "./clock.ts";
import type { Effect } from "./effect.ts";
import { taskGroup } from "./group.ts";
import { runOperation } from "./run_operation.ts";
import { formatMs, sleep } from "./sleep.ts";
import { halt, join, spawn } from "./spawn.ts";
import { moveOnAfter } from "./timeout.ts";

Deno.test("two sleeps of 3s and 2s started together both end by virtual time 3000", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const [first, second] = await runOperation(
    function* () {
      const first = yield* spawn(sleep(3000), { name: "task-1" });
      const second = yield* spawn(sleep(2000), { name: "task-2" });
      yield* join(first);
      yield* join(second);
      return [first, second];
    }(),
    { clock },
  );
  assertEquals(clock.now(), 3000);
  assertEquals([first.state, first.startedAtMs, first.endedAtMs], ["done", 0, 3000]);
  assertEquals([second.state, second.startedAtMs, second.endedAtMs], ["done", 0, 2000]);
});

Deno.test("sleep() resumes after the deadline when the clock advances", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const resumedAtMs: number[] = [];
  await runOperation(
    function* () {
      for (const durationMs of [250, 1000, 0, 4750]) {
        yield* sleep(durationMs);
        resumedAtMs.push(clock.now());
      }
    }(),
    { clock },
  );
  assertEquals(resumedAtMs, [250, 1250, 1250, 6000]);
  assertEquals(clock.wallNow(), 6000);
});

Deno.test("sleep() with a negative duration resumes at once", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  clock.advanceTo(100);
  await runOperation(sleep(-50), { clock });
  assertEquals(clock.now(), 100);
});

Deno.test("sleeps with equal deadlines resume in the order they started", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const order: string[] = [];
  await runOperation(
    function* () {
      const names = ["a", "b", "c", "d", "e"];
      const tasks = [];
      for (const name of names) {
        tasks.push(
          yield* spawn(function* () {
            yield* sleep(100);
            order.push(name);
          }()),
        );
      }
      for (const task of tasks) yield* join(task);
    }(),
    { clock },
  );
  assertEquals(order, ["a", "b", "c", "d", "e"]);
  assertEquals(clock.now(), 100);
});

Deno.test("a halted sleep never wakes its task, and the loop does not wait for its deadline", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  let wokeUp = false;
  const sleeper = await runOperation(
    function* () {
      const sleeper = yield* spawn(function* () {
        yield* sleep(60_000);
        wokeUp = true;
      }());
      yield* sleep(5);
      yield* halt(sleeper);
      return sleeper;
    }(),
    { clock },
  );
  assertEquals(wokeUp, false);
  assertEquals([sleeper.state, sleeper.endedAtMs], ["cancelled", 5]);
  assertEquals(clock.now(), 5);
});

Deno.test("sleep() on the system clock wakes up through the single host timer", async () => {
  let steps = 0;
  await runOperation(function* () {
    yield* sleep(2);
    steps++;
    yield* sleep(1);
    steps++;
  }());
  assertEquals(steps, 2);
});

Deno.test("a long system-clock sleep cut short leaves no host timer behind", async () => {
  // The sanitizers fail this test if the 60 s host timer outlives the run.
  const value = await runOperation(moveOnAfter(3, sleep(60_000)));
  assertEquals(value, undefined);
});

Deno.test("formatMs() writes durations for humans, exactly and as a config writes them", () => {
  const table: [number, string][] = [
    [0, "0ms"],
    [250, "250ms"],
    [999.6, "1000ms"],
    [1000, "1s"],
    [1500, "1.5s"],
    [3000, "3s"],
    [59_999, "59.999s"],
    [60_000, "1m"],
    [90_000, "1m30s"],
    [1_000_000, "16m40s"],
    [3_600_000, "1h"],
    [5_400_000, "1h30m"],
    [82_800_000, "23h"],
    [86_400_000, "1d"],
    [90_000_000, "1d1h"],
    [2_160_000_000, "25d"], // a config's "25d" or "600h"
    [2_147_483_648, "24d20h31m23.648s"],
  ];
  for (const [ms, expected] of table) assertEquals(formatMs(ms), expected, `formatMs(${ms})`);
});

Deno.test("sleep(NaN) is a RangeError in its task; the other tasks' timers fire on time", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const woke: string[] = [];
  function* sleeps(name: string, durations: number[]): Generator<Effect, void> {
    for (const durationMs of durations) {
      try {
        yield* sleep(durationMs);
        woke.push(`${name} slept ${durationMs} until ${clock.now()}`);
      } catch (error) {
        woke.push(`${name}: ${(error as Error).message}`);
      }
    }
  }
  await runOperation(
    taskGroup(function* (group) {
      const plans: Record<string, number[]> = { a: [1], b: [NaN, 1000], c: [NaN, NaN, 5] };
      for (const [name, durations] of Object.entries(plans)) {
        yield* group.spawn(sleeps(name, durations), { name });
      }
    }),
    { clock },
  );
  const refused = (name: string) =>
    `${name}: Cannot sleep NaN ms in task "${name}": expected a number of milliseconds`;
  assertEquals(woke, [
    refused("b"),
    refused("c"),
    refused("c"),
    "a slept 1 until 1",
    "c slept 5 until 5",
    "b slept 1000 until 1000",
  ]);
});
