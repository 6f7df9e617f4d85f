import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonSchemaOf } from "./json_schema.ts";
import { literal } from "./literal.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("literal() accepts exactly its value", () => {
  const shape = literal(false);
  assertEquals(problems(shape, false), []);
  assertEquals(problems(shape, 0), [": expected false, got 0"]);
  assertEquals(shape.failsOnlyByKind, true);
  assertEquals(jsonSchemaOf(shape), { type: "boolean", const: false });
  assertEquals(jsonSchemaOf(literal("a")), { type: "string", const: "a" });
});
