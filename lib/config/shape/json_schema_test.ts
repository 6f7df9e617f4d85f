import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { array } from "./array.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { strictObject } from "./object.ts";
import { string } from "./string.ts";
import { union } from "./union.ts";

Deno.test("shapes with an id become $defs, in the order first met, each written once", () => {
  const b = string("b").meta({ id: "B", examples: ["x"] });
  const a = strictObject({ b, again: b.optional().describe("B again.") }, "a").meta({ id: "A" });
  const root = strictObject({ list: array(a, "list"), b: union([b, a], "b or a") }, "root");
  const schema = jsonSchemaOf(root);
  assertEquals(Object.keys(schema.$defs as object), ["A", "B"]);
  assertEquals(schema.properties, {
    list: { type: "array", items: { $ref: "#/$defs/A" } },
    b: { anyOf: [{ $ref: "#/$defs/B" }, { $ref: "#/$defs/A" }] },
  });
  assertEquals((schema.$defs as Record<string, unknown>).B, { type: "string", examples: ["x"] });
  assertEquals(
    (schema.$defs as Record<string, { properties: unknown }>).A.properties,
    { b: { $ref: "#/$defs/B" }, again: { description: "B again.", $ref: "#/$defs/B" } },
  );
});

Deno.test("two different shapes cannot share an id", () => {
  const one = string("1").meta({ id: "X" });
  const two = string("2").meta({ id: "X" });
  assertThrows(() => jsonSchemaOf(strictObject({ one, two }, "o")), Error, '"X"');
});
