import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { configJsonSchema, configJsonSchemaText } from "./json_schema.ts";

Deno.test("docs/schema.json is what the schema generates (run `deno run -A lib/config/gen_schema.ts > docs/schema.json`)", async () => {
  const committed = await Deno.readTextFile(new URL("../../docs/schema.json", import.meta.url));
  assertEquals(committed, configJsonSchemaText());
});

Deno.test("the JSON Schema leaves out the TypeScript-only function keys", () => {
  const text = JSON.stringify(configJsonSchema());
  assert(!text.includes('"run"'), "run");
  assert(!text.includes('"onResponse"'), "onResponse");
  const defs = configJsonSchema().$defs as Record<
    string,
    { properties: Record<string, unknown>; oneOf: unknown }
  >;
  assertEquals(defs.Task.oneOf, [{ required: ["sleep"] }, { required: ["fetch"] }]);
  assert("save" in defs.Task.properties && "fetch" in defs.Task.properties);
});

Deno.test("the JSON Schema forbids unknown keys and carries the duration and size patterns", () => {
  const schema = configJsonSchema();
  assertEquals(schema.additionalProperties, false);
  assertEquals(schema.required, ["tasks"]);
  const defs = schema.$defs as Record<string, { anyOf: { pattern?: string }[] }>;
  assert(defs.Duration.anyOf.some((branch) => branch.pattern?.includes("ms|s|m|h|d")));
  assert(defs.Size.anyOf.some((branch) => branch.pattern?.includes("KMGT")));
});
