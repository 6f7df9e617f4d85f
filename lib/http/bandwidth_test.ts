import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { Bandwidth } from "./bandwidth.ts";

/** A clock the test moves by hand. */
function handClock() {
  let nowMs = 0;
  return { now: () => nowMs, advance: (ms: number) => nowMs += ms };
}

Deno.test("Bandwidth: a second's worth goes at once, then each read waits for what it may take", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(16_000, clock); // 16 bytes a millisecond
  assertEquals([bandwidth.waitMs(bandwidth.readQuantum), bandwidth.allowance()], [0, 16_000]);
  bandwidth.charge(16_000);
  // A read waits for a sixteenth of a second's worth (1,000 bytes), then may take it.
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 63);
  clock.advance(63);
  assertEquals([bandwidth.waitMs(bandwidth.readQuantum), bandwidth.allowance()], [0, 1008]);
});

Deno.test("Bandwidth: bytes over the allowance (those that came with a head) are waited for too", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(1000, clock);
  bandwidth.charge(3000); // 2,000 bytes below empty, and a read wants 62.5 more
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 2063);
  assertEquals(bandwidth.waitMs(0), 2000); // a request waits until nothing is owed
  clock.advance(1000);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 1063);
});

Deno.test("Bandwidth: idle time fills the bucket up to one second's worth, no more", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(1000, clock);
  bandwidth.charge(1000);
  clock.advance(60_000);
  assertEquals([bandwidth.waitMs(bandwidth.readQuantum), bandwidth.allowance()], [0, 1000]);
  bandwidth.charge(1000);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 63);
});

Deno.test("Bandwidth: a read may take 64 KiB at the most before waiting, however fast the limit", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(100 * 1024 * 1024, clock);
  bandwidth.charge(100 * 1024 * 1024);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 1); // 64 KiB at 100 MiB/s: under a millisecond, rounded up
});

Deno.test("Bandwidth: a limit of 0, below 0 or not a number is refused", () => {
  for (const bad of [0, -1, NaN, Infinity]) {
    assertThrows(() => new Bandwidth(bad, handClock()), RangeError, "above 0");
  }
});
