import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { Bandwidth } from "./bandwidth.ts";

/** A clock the test moves by hand. */
function handClock() {
  let nowMs = 0;
  return { now: () => nowMs, advance: (ms: number) => nowMs += ms };
}

Deno.test("Bandwidth: a second's worth goes at once, then each read waits for its share", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(16_000, clock); // 16 bytes a millisecond
  assertEquals([bandwidth.readQuantum, bandwidth.waitMs(bandwidth.readQuantum)], [1000, 0]);
  bandwidth.charge(16_000);
  // A read waits for a sixteenth of a second's worth (1,000 bytes).
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 63);
  clock.advance(63);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 0);
});

Deno.test("Bandwidth: bytes over the allowance (those that came with a head) are waited for too", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(1000, clock);
  bandwidth.charge(3000); // 2,000 bytes below empty, and a read wants its 62
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 2062);
  assertEquals(bandwidth.waitMs(0), 2000); // a request waits until nothing is owed
  clock.advance(1000);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 1062);
});

Deno.test("Bandwidth: a read holds its share while it waits for the socket: two reads never take the same bytes", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(16_000, clock);
  bandwidth.charge(15_000); // one share (1,000 bytes) left
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 0);
  bandwidth.hold();
  // The second body's read sees the share taken and waits for its own.
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 63);
  // The first read got 400 bytes: the rest of its share is free again.
  bandwidth.release();
  bandwidth.charge(400);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 25); // 400 bytes lacking, at 16 a millisecond
  assertEquals(bandwidth.waitMs(0), 0); // nothing owed: a request may go
});

Deno.test("Bandwidth: what a connection received is counted once, however often it is asked", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(1000, clock);
  const reader = { totalBytesRead: 1500, meteredBytes: 0 };
  bandwidth.chargeReceived(reader);
  bandwidth.chargeReceived(reader);
  assertEquals([reader.meteredBytes, bandwidth.waitMs(0)], [1500, 500]);
  reader.totalBytesRead += 500;
  bandwidth.chargeReceived(reader);
  assertEquals(bandwidth.waitMs(0), 1000);
});

Deno.test("Bandwidth: idle time fills the bucket up to one second's worth, no more", () => {
  const clock = handClock();
  const bandwidth = new Bandwidth(1000, clock);
  bandwidth.charge(1000);
  clock.advance(60_000);
  assertEquals(bandwidth.waitMs(1000), 0);
  bandwidth.charge(1000);
  assertEquals(bandwidth.waitMs(bandwidth.readQuantum), 62);
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
