/**
 * Prints the config JSON Schema: `deno run -A lib/config/gen_schema.ts > docs/schema.json`.
 * @module
 */
import { configJsonSchemaText } from "./json_schema.ts";

if (import.meta.main) {
  await Deno.stdout.write(new TextEncoder().encode(configJsonSchemaText()));
}
