/**
 * Values checked by a predicate (functions in TypeScript configs), and any value at all.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** A value accepted by a predicate; typed as `T`. */
export class CustomShape<T> extends Shape<T> {
  /** True when the value is acceptable. */
  readonly test: (value: unknown) => boolean;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;
  /** A message of its own for some values the test refuses, instead of `expected …`. */
  readonly problem?: (value: unknown) => string | undefined;

  /**
   * @param test True when the value is acceptable.
   * @param what What belongs there, for messages.
   * @param problem A message of its own for some refused values.
   */
  constructor(
    test: (value: unknown) => boolean,
    what: string,
    problem?: (value: unknown) => string | undefined,
  ) {
    super();
    this.test = test;
    this.what = what;
    if (problem !== undefined) this.problem = problem;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (this.test(value)) return true;
    run.fail(this.problem?.(value) ?? expected(this.what, value), "stop");
    return false;
  }

  /** Any value may have been meant for a predicate: its failure is its own message. */
  isKind(): boolean {
    return true;
  }

  /** A predicate has no JSON Schema: anything. */
  protected structure(): JsonSchema {
    return {};
  }
}

/**
 * A value accepted by a predicate, such as a function; its JSON Schema says nothing (`{}`).
 *
 * @example
 * ```ts
 * import { custom } from "./custom.ts";
 * const callback = custom<() => void>((value) => typeof value === "function", "a function");
 * ```
 * @param test True when the value is acceptable.
 * @param what What belongs there, for `expected <what>, got …`.
 * @param problem A message of its own for some values `test` refuses (`undefined`: the usual one).
 * @returns The shape, typed as `T`.
 */
export function custom<T>(
  test: (value: unknown) => boolean,
  what: string,
  problem?: (value: unknown) => string | undefined,
): CustomShape<T> {
  return new CustomShape<T>(test, what, problem);
}

/**
 * Any value (a JSON body).
 *
 * @returns The shape.
 */
export function anything(): CustomShape<unknown> {
  return new CustomShape<unknown>(() => true, "anything");
}
