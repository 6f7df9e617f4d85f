import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { boolean } from "./boolean.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("boolean() accepts true and false only", () => {
  const shape = boolean("true or false (insecure)");
  assertEquals(problems(shape, false), []);
  assertEquals(problems(shape, "yes"), [': expected true or false (insecure), got "yes"']);
  assertEquals(jsonSchemaOf(shape), { type: "boolean" });
});
