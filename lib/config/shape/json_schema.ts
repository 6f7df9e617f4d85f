/**
 * JSON Schema (draft 2020-12) from shapes: shapes with an id become shared definitions under `$defs`,
 * in the order they are first met.
 * @module
 */
import type { JsonSchema, Shape } from "./shape.ts";

/** Collects the shared definitions while a JSON Schema is written. */
export class JsonSchemaWriter {
  /** The definitions, by id, in the order first met. */
  readonly defs: Map<string, JsonSchema> = new Map();
  readonly #owners = new Map<string, Shape<unknown>>();

  /**
   * Defines `id` (on first use) and refers to it.
   *
   * @param id The definition's id.
   * @param shape The shape it is made from; one shape per id.
   * @param write Writes the definition's schema.
   * @returns A `$ref` to the definition.
   */
  reference(id: string, shape: Shape<unknown>, write: () => JsonSchema): JsonSchema {
    const owner = this.#owners.get(id);
    if (owner === undefined) {
      this.#owners.set(id, shape);
      this.defs.set(id, {}); // keeps its place: definitions are listed in the order first met
      this.defs.set(id, write());
    } else if (owner !== shape) {
      throw new Error(`Cannot write the JSON Schema: two shapes have the id "${id}"`);
    }
    return { $ref: `#/$defs/${id}` };
  }
}

/**
 * Writes the JSON Schema of a shape, with its shared definitions under `$defs`.
 *
 * @param shape The root shape.
 * @returns The schema, without `$schema`.
 */
export function jsonSchemaOf(shape: Shape<unknown>): JsonSchema {
  const writer = new JsonSchemaWriter();
  const schema = shape.toJsonSchema(writer);
  return writer.defs.size === 0 ? schema : { ...schema, $defs: Object.fromEntries(writer.defs) };
}
