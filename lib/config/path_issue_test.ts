import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { sortByField } from "./path_issue.ts";

Deno.test("sortByField() orders issues as their fields appear in the input", () => {
  const input = { b: { y: 1, x: 2 }, a: [0, 1], c: 3 };
  const sorted = sortByField([
    { path: ["c"], message: "c" },
    { path: ["a", 1], message: "a1" },
    { path: ["b", "x"], message: "bx" },
    { path: ["zz"], message: "absent" },
    { path: ["b"], message: "b" },
    { path: ["b", "y"], message: "by" },
    { path: ["a", 0], message: "a0" },
    { path: [], message: "root" },
  ], input);
  assertEquals(sorted.map((issue) => issue.message), [
    "root",
    "b",
    "by",
    "bx",
    "a0",
    "a1",
    "c",
    "absent",
  ]);
});
