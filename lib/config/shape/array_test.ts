import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { array } from "./array.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { string } from "./string.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("array() checks every item at its index", () => {
  const names = array(string("a task name").nonEmpty(), "a list of task names");
  assertEquals(problems(names, ["a", "b"]), []);
  assertEquals(problems(names, ["a", 1, ""]), [
    "[1]: expected a task name, got 1",
    '[2]: expected a task name, got ""',
  ]);
  assertEquals(problems(names, { 0: "a" }), [": expected a list of task names, got an object"]);
  assertEquals(jsonSchemaOf(names), { type: "array", items: { type: "string", minLength: 1 } });
});
