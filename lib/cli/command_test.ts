import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { flagOf, type Invocation, textOf } from "./command.ts";

const INVOCATION: Invocation = {
  args: ["tasks.yaml"],
  options: { json: true, out: "dir", quiet: undefined, odd: "true" },
};

Deno.test("flagOf() is true only for a flag that was given", () => {
  assertEquals(
    ["json", "quiet", "out", "odd", "missing"].map((key) => flagOf(INVOCATION, key)),
    [true, false, false, false, false],
  );
});

Deno.test("textOf() returns an option's text, and undefined for flags and absent options", () => {
  assertEquals(
    ["out", "odd", "json", "quiet", "missing"].map((key) => textOf(INVOCATION, key)),
    ["dir", "true", undefined, undefined, undefined],
  );
});
