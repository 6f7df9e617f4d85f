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
  /** The problem with an empty list, or undefined when one is fine. */
  readonly emptyProblem?: string;

  /**
   * @param item The shape of every item.
   * @param what What belongs there, for messages.
   */
  constructor(item: Shape<T>, what: string) {
    super();
    this.item = item;
    this.what = what;
  }

  /**
   * Refuses the empty list.
   *
   * @param problem The message, such as `expected at least one task, got an empty list`.
   * @returns A copy with the check.
   */
  nonEmpty(problem: string): ArrayShape<T> {
    return this.copy({ emptyProblem: problem });
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (!Array.isArray(value)) {
      run.fail(expected(this.what, value), "skip");
      return false;
    }
    if (value.length === 0 && this.emptyProblem !== undefined) {
      run.fail(this.emptyProblem, "continue");
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
    const items = this.item.toJsonSchema(writer);
    return this.emptyProblem === undefined
      ? { type: "array", items }
      : { type: "array", items, minItems: 1 };
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
