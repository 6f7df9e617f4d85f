/**
 * `true` or `false`.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** `true` or `false`. */
export class BooleanShape extends Shape<boolean> {
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;

  /**
   * @param what What belongs there, for messages.
   */
  constructor(what: string) {
    super();
    this.what = what;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (typeof value === "boolean") return true;
    run.fail(expected(this.what, value), "skip");
    return false;
  }

  isKind(value: unknown): boolean {
    return typeof value === "boolean";
  }

  protected structure(): JsonSchema {
    return { type: "boolean" };
  }
}

/**
 * `true` or `false`.
 *
 * @param what What belongs there, for `expected <what>, got …`, such as `true or false (insecure)`.
 * @returns The shape.
 */
export function boolean(what: string): BooleanShape {
  return new BooleanShape(what);
}
