/**
 * Lists whose items all have one shape.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** A list whose items all have one shape. */
export class ArrayShape<T> extends Shape<T[]> {
  /** The shape of every item. */
  readonly item: Shape<T>;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;

  /**
   * @param item The shape of every item.
   * @param what What belongs there, for messages.
   */
  constructor(item: Shape<T>, what: string) {
    super();
    this.item = item;
    this.what = what;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (!Array.isArray(value)) {
      run.fail(expected(this.what, value), "skip");
      return false;
    }
    let ok = true;
    const { path } = run;
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      if (!this.item.validate(value[index], run)) ok = false;
      path.pop();
    }
    return ok;
  }

  isKind(value: unknown): boolean {
    return Array.isArray(value);
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    return { type: "array", items: this.item.toJsonSchema(writer) };
  }
}

/**
 * A list whose items all have one shape; each item's problems are at its index.
 *
 * @param item The shape of every item.
 * @param what What belongs there, for `expected <what>, got …`.
 * @returns The shape.
 */
export function array<T>(item: Shape<T>, what: string): ArrayShape<T> {
  return new ArrayShape(item, what);
}
