/**
 * One of a few strings (an enumeration).
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** One of a few strings. */
export class OneOfShape<T extends string> extends Shape<T> {
  /** The strings accepted, in order. */
  readonly values: readonly T[];
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;

  /**
   * @param values The strings accepted.
   * @param what What belongs there, for messages.
   */
  constructor(values: readonly T[], what: string) {
    super();
    this.values = values;
    this.what = what;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (this.isKind(value)) return true;
    run.fail(expected(this.what, value), "skip");
    return false;
  }

  isKind(value: unknown): boolean {
    return (this.values as readonly unknown[]).includes(value);
  }

  override get failsOnlyByKind(): boolean {
    return true;
  }

  protected structure(): JsonSchema {
    return { type: "string", enum: [...this.values] };
  }
}

/**
 * One of a few strings; the message lists them: `expected one of "skip", "queue" or "allow", got …`.
 *
 * @param values The strings accepted.
 * @returns The shape.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
): OneOfShape<T[number]> {
  const listed = values.map((value) => JSON.stringify(value));
  const what = listed.length === 1
    ? listed[0]
    : `one of ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
  return new OneOfShape<T[number]>(values, what);
}
