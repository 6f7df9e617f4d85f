import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { afterRealTime, MAX_TIMER_DELAY_MS } from "./host_timer.ts";

/** Replaces setTimeout with one that holds its timers, to be fired by hand. */
function holdTimers(): { delays: number[]; fire: () => void; restore: () => void } {
  const real = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  const held: (() => void)[] = [];
  const delays: number[] = [];
  globalThis.setTimeout = ((fire: () => void, ms = 0) => {
    delays.push(ms);
    return held.push(fire);
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: number) => held[id - 1] = () => {}) as typeof clearTimeout;
  return {
    delays,
    fire: () => held[held.length - 1](),
    restore: () => {
      globalThis.setTimeout = real.set;
      globalThis.clearTimeout = real.clear;
    },
  };
}

Deno.test("afterRealTime waits past setTimeout's longest delay in steps, instead of firing at once", () => {
  const timers = holdTimers();
  try {
    let fired = 0;
    const cancel = afterRealTime(30 * 86_400_000, () => fired++);
    assertEquals(timers.delays, [MAX_TIMER_DELAY_MS]);
    timers.fire(); // woke early: 30 days have not passed
    assertEquals(fired, 0);
    assertEquals(timers.delays.length, 2);
    assertEquals(timers.delays[1] <= MAX_TIMER_DELAY_MS, true);
    cancel();
    timers.fire();
    assertEquals(fired, 0);
  } finally {
    timers.restore();
  }
});

Deno.test("afterRealTime fires once its time has passed", () => {
  const timers = holdTimers();
  try {
    let fired = 0;
    afterRealTime(0, () => fired++);
    assertEquals(timers.delays, [0]);
    timers.fire();
    assertEquals(fired, 1);
  } finally {
    timers.restore();
  }
});
