import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CheckRun } from "./check_run.ts";
import { anything, custom } from "./custom.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("custom() checks by a predicate; its failure is a stop", () => {
  const callback = custom<() => void>((value) => typeof value === "function", "a function");
  assertEquals(problems(callback, () => {}), []);
  assertEquals(problems(callback, "f"), [': expected a function, got "f"']);
  const run = new CheckRun();
  callback.validate(1, run);
  assertEquals(run.stops, 1);
  assertEquals(jsonSchemaOf(callback), {});
});

Deno.test("anything() accepts every value", () => {
  for (const value of [undefined, null, 1, "x", [], {}]) {
    assert(anything().validate(value, new CheckRun()));
  }
});
