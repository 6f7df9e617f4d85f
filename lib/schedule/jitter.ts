/**
 * A fire's jitter: a random delay up to the schedule's `jitter`, never past the end of the
 * scheduling (`--until`), so nothing starts after the time a user gave as the end.
 * @module
 */

/**
 * Draws the delay of one fire.
 *
 * @param jitterMs The schedule's jitter: the longest delay.
 * @param room How long after the fire time the schedule may still start a run: `untilWallMs`
 *   less the fire time (Infinity without an end).
 * @param random A number in [0, 1). @default Math.random
 * @returns Milliseconds in [0, min(jitterMs, room)], evenly drawn.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { drawJitterMs } from "./jitter.ts";
 * assertEquals(drawJitterMs(60_000, Infinity, () => 0.5), 30_000);
 * assertEquals(drawJitterMs(60_000, 10_000, () => 0.5), 5_000); // the schedule ends 10 s on
 * ```
 */
export function drawJitterMs(
  jitterMs: number,
  room: number,
  random: () => number = Math.random,
): number {
  const longestMs = Math.max(0, Math.min(jitterMs, room));
  return Math.min(longestMs, Math.floor(random() * (longestMs + 1)));
}
