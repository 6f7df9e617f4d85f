import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { backoffDelayMs } from "./retry.ts";

Deno.test("backoffDelayMs() doubles the ceiling per attempt, capped, with full jitter", async (t) => {
  const cases: [number, number, number, number, number][] = [
    [0, 500, 60_000, 0.999, 499],
    [0, 500, 60_000, 0, 0],
    [1, 500, 60_000, 0.5, 500],
    [3, 500, 60_000, 0.5, 2_000],
    [10, 500, 60_000, 0.5, 30_000],
    [2000, 500, 60_000, 0.5, 30_000],
    [3, 500, 1_000, 0.999, 999],
    [3, 0, 60_000, 0.5, 0],
  ];
  for (const [attempt, baseMs, maxMs, random, expected] of cases) {
    await t.step(`attempt ${attempt}, base ${baseMs}, max ${maxMs}, random ${random}`, () => {
      assertEquals(backoffDelayMs(attempt, baseMs, maxMs, () => random), expected);
    });
  }
});

Deno.test("backoffDelayMs() refuses an attempt that is not a non-negative integer", () => {
  for (const attempt of [-1, 1.5, NaN]) {
    assertThrows(() => backoffDelayMs(attempt, 500, 60_000, Math.random), RangeError);
  }
});
