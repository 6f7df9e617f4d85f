/**
 * The JSON Schema of config files, generated from the config schema, for editors (YAML language
 * server, VS Code's `json.schemas`, `$schema` in JSON configs).
 * @module
 */
import { createConfigSchema } from "./schema.ts";
import { jsonSchemaOf } from "./shape/mod.ts";

/**
 * Generates the JSON Schema of config files. Function-valued keys (`run`, `onResponse`) are left out:
 * only TypeScript configs can give them.
 *
 * @returns A JSON Schema (draft 2020-12) object.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "corun config",
    description: "Tasks for corun: sleep and fetch tasks, their defaults and schedules.",
    ...jsonSchemaOf(createConfigSchema({ functions: false })),
  };
}

/**
 * The JSON Schema as the text of `docs/schema.json`.
 *
 * @returns Pretty-printed JSON ending with a newline.
 */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + "\n";
}
