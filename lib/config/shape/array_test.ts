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

Deno.test("array().nonEmpty() refuses an empty list with its own message, and says so to editors", () => {
  const tasks = array(string("a task"), "a list of tasks").nonEmpty("expected at least one task");
  assertEquals(problems(tasks, ["a"]), []);
  assertEquals(problems(tasks, []), [": expected at least one task"]);
  assertEquals(problems(tasks, "a"), [': expected a list of tasks, got "a"']);
  assertEquals(jsonSchemaOf(tasks), { type: "array", items: { type: "string" }, minItems: 1 });
});
