import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { describeDamagedLines } from "./history_render.ts";

const damaged = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ line: index + 1, problem: "not a JSON line" }));

Deno.test("describeDamagedLines() names five damaged lines and counts the rest with their noun", () => {
  const one = describeDamagedLines("h.jsonl", damaged(6)).split("\n");
  assertEquals(one.at(-2), "warning: h.jsonl: 1 more damaged line left out");
  const two = describeDamagedLines("h.jsonl", damaged(7)).split("\n");
  assertEquals(two.at(-2), "warning: h.jsonl: 2 more damaged lines left out");
  assertEquals(two.length, 7);
});
