import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { headOf, tailOf } from "./text_cut.ts";

Deno.test("headOf() and tailOf() keep whole characters: a cut inside a surrogate pair keeps one unit less", () => {
  const text = "a😀b😀"; // 6 units
  assertEquals([0, 1, 2, 3, 4, 5, 6, 7].map((units) => headOf(text, units)), [
    "",
    "a",
    "a",
    "a😀",
    "a😀b",
    "a😀b",
    "a😀b😀",
    "a😀b😀",
  ]);
  assertEquals([0, 1, 2, 3, 4, 5, 6, 7].map((units) => tailOf(text, units)), [
    "",
    "",
    "😀",
    "b😀",
    "b😀",
    "😀b😀",
    "a😀b😀",
    "a😀b😀",
  ]);
});
