/**
 * Writes the config JSON Schema that editors use to `docs/schema.json`: `deno task schema`.
 * @module
 */
import { configJsonSchemaText } from "../lib/config/json_schema.ts";

if (import.meta.main) {
  await Deno.writeTextFile(new URL("../docs/schema.json", import.meta.url), configJsonSchemaText());
}
