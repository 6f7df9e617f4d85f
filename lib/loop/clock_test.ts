import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createSystemClock, createVirtualClock } from "./clock.ts";

Deno.test("createVirtualClock() starts at 0 and reports wall time from its start", () => {
  const clock = createVirtualClock({ startWallMs: 1_700_000_000_000 });
  assertEquals(clock.kind, "virtual");
  assertEquals(clock.now(), 0);
  assertEquals(clock.wallNow(), 1_700_000_000_000);
  clock.advanceTo(2500);
  assertEquals(clock.now(), 2500);
  assertEquals(clock.wallNow(), 1_700_000_002_500);
});

Deno.test("a virtual clock never moves backwards", () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  clock.advanceTo(1000);
  clock.advanceTo(400);
  assertEquals(clock.now(), 1000);
  clock.advanceTo(1000);
  assertEquals(clock.now(), 1000);
  assertEquals(clock.wallNow(), 1000);
});

Deno.test("a virtual clock stands still until it is advanced", () => {
  const clock = createVirtualClock();
  const wallMs = clock.wallNow();
  assertEquals(clock.now(), 0);
  assertEquals(clock.wallNow(), wallMs);
});

Deno.test("createVirtualClock() starts wall time at Date.now() by default", () => {
  const before = Date.now();
  const clock = createVirtualClock();
  const after = Date.now();
  assert(clock.wallNow() >= before && clock.wallNow() <= after);
});

Deno.test("createSystemClock() is monotonic and its wall time follows Date.now()", () => {
  const clock = createSystemClock();
  assertEquals(clock.kind, "system");
  let previous = clock.now();
  for (let i = 0; i < 1000; i++) {
    const now = clock.now();
    assert(now >= previous, "now() went backwards");
    previous = now;
  }
  const before = Date.now();
  const wallMs = clock.wallNow();
  const after = Date.now();
  // performance.now() and Date.now() are separate sources: allow a little rounding either way.
  assert(wallMs >= before - 2 && wallMs <= after + 2, `${wallMs} not within [${before}, ${after}]`);
});

Deno.test("createSystemClock()'s wall time follows the machine's clock after it jumps (a suspend, an NTP step), while now() stays monotonic", () => {
  const clock = createSystemClock();
  const realDateNow = Date.now;
  const nowBefore = clock.now();
  try {
    const jumpedMs = realDateNow() + 8 * 3_600_000; // the machine slept eight hours
    Date.now = () => jumpedMs;
    assertEquals(clock.wallNow(), jumpedMs);
  } finally {
    Date.now = realDateNow;
  }
  assert(clock.now() >= nowBefore);
});
