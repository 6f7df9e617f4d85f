import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonSchemaOf } from "./json_schema.ts";
import { oneOf } from "./one_of.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("oneOf() accepts its strings and lists them when refusing", () => {
  const overlap = oneOf(["skip", "queue", "allow"]);
  assertEquals(problems(overlap, "queue"), []);
  assertEquals(problems(overlap, "no"), [': expected one of "skip", "queue" or "allow", got "no"']);
  assertEquals(problems(oneOf(["a", "b"]), 1), [': expected one of "a" or "b", got 1']);
  assertEquals(problems(oneOf(["a"]), "b"), [': expected "a", got "b"']);
  assertEquals(jsonSchemaOf(overlap), { type: "string", enum: ["skip", "queue", "allow"] });
});
