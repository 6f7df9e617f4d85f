import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { drawJitterMs } from "./jitter.ts";

Deno.test("drawJitterMs() draws up to the jitter, or up to the room left before the end", () => {
  const draws = [0, 0.5, 0.999_999].map((value) => [
    drawJitterMs(60_000, Infinity, () => value),
    drawJitterMs(60_000, 20_000, () => value),
    drawJitterMs(60_000, 0, () => value),
  ]);
  assertEquals(draws, [[0, 0, 0], [30_000, 10_000, 0], [60_000, 20_000, 0]]);
});
