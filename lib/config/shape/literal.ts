/**
 * One exact value, such as `false`.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** The values a literal can be. */
export type LiteralValue = string | number | boolean | null;

/** Exactly one value. */
export class LiteralShape<T extends LiteralValue> extends Shape<T> {
  /** The value. */
  readonly value: T;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;

  /**
   * @param value The only value accepted.
   * @param what What belongs there, for messages.
   */
  constructor(value: T, what: string) {
    super();
    this.value = value;
    this.what = what;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (value === this.value) return true;
    run.fail(expected(this.what, value), "skip");
    return false;
  }

  isKind(value: unknown): boolean {
    return value === this.value;
  }

  override get failsOnlyByKind(): boolean {
    return true;
  }

  protected structure(): JsonSchema {
    const type = this.value === null ? "null" : typeof this.value;
    return { type, const: this.value };
  }
}

/**
 * Exactly one value.
 *
 * @param value The only value accepted.
 * @param what What belongs there, for messages; default the value as JSON.
 * @returns The shape.
 */
export function literal<const T extends LiteralValue>(
  value: T,
  what: string = JSON.stringify(value),
): LiteralShape<T> {
  return new LiteralShape(value, what);
}
