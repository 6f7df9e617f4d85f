import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { describeValue } from "./describe.ts";

Deno.test("describeValue() names each kind of config value the way a message needs it", () => {
  const table: [unknown, string][] = [
    ["3 parsecs", '"3 parsecs"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    [42, "42"],
    [-1.5, "-1.5"],
    [true, "true"],
    [null, "null"],
    [undefined, "nothing"],
    [[1, 2], "a list"],
    [{ a: 1 }, "an object"],
    [Object.create(null), "an object"],
    [() => 1, "a function"],
    [new Date(0), "a date"],
    [10n, "10"],
  ];
  for (const [value, expected] of table) assertEquals(describeValue(value), expected);
});

Deno.test("describeValue() cuts long strings", () => {
  const text = "x".repeat(100);
  assertEquals(describeValue(text), JSON.stringify("x".repeat(40) + "…"));
});
