/**
 * Numbers (finite), whole numbers, ranges, with chained checks.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import {
  type ChainCheck,
  chainCheck,
  chainJson,
  type ChainOptions,
  type CheckOptions,
  runChain,
} from "./chain.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** A finite number, checked by a chain of checks. */
export class NumberShape extends Shape<number> {
  /** What the number is, for `expected <what>, got …`. */
  readonly what: string;
  /** Only whole numbers are of this shape's kind. */
  readonly whole: boolean;
  /** The checks, in order. */
  readonly checks: readonly ChainCheck<number>[];

  /**
   * @param what What the number is, for messages.
   * @param whole Whether only whole numbers are accepted.
   * @param checks Checks to run, in order.
   */
  constructor(what: string, whole = false, checks: readonly ChainCheck<number>[] = []) {
    super();
    this.what = what;
    this.whole = whole;
    this.checks = checks;
  }

  /**
   * Accepts only whole numbers (safe integers); a fraction is not of this shape's kind.
   *
   * @returns A copy with the check, which stops the chain.
   */
  int(): NumberShape {
    const check = chainCheck<number>(Number.isSafeInteger, (value) => expected(this.what, value), {
      abort: true,
    });
    return this.copy({ whole: true, checks: [...this.checks, check] });
  }

  /**
   * Refuses numbers below `min`.
   *
   * @param min The smallest allowed value.
   * @param options Whether a failure stops the chain.
   * @returns A copy with the check.
   */
  min(min: number, options: ChainOptions = {}): NumberShape {
    const check = chainCheck<number>(
      (value) => value >= min,
      (value) => expected(this.what, value),
      options,
      { minimum: min },
    );
    return this.copy({ checks: [...this.checks, check] });
  }

  /**
   * Refuses numbers above `max`.
   *
   * @param max The largest allowed value.
   * @param options Whether a failure stops the chain.
   * @returns A copy with the check.
   */
  max(max: number, options: ChainOptions = {}): NumberShape {
    const check = chainCheck<number>(
      (value) => value <= max,
      (value) => expected(this.what, value),
      options,
      { maximum: max },
    );
    return this.copy({ checks: [...this.checks, check] });
  }

  /**
   * Adds a check that names the problem itself (in the JSON Schema only as `options.json` says).
   *
   * @param problem The problem with the number, or `undefined`.
   * @param options Whether a failure stops the chain, and what the check adds to the JSON Schema.
   * @returns A copy with the check.
   */
  check(problem: (value: number) => string | undefined, options: CheckOptions = {}): NumberShape {
    const check = { problem, abort: options.abort ?? false, json: options.json };
    return this.copy({ checks: [...this.checks, check] });
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      run.fail(expected(this.what, value), "skip");
      return false;
    }
    return runChain(this.checks, value, run);
  }

  isKind(value: unknown): boolean {
    return typeof value === "number" && Number.isFinite(value) &&
      (!this.whole || Number.isInteger(value));
  }

  protected structure(): JsonSchema {
    const base: JsonSchema = this.whole
      ? { type: "integer", minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }
      : { type: "number" };
    return chainJson(base, this.checks as readonly ChainCheck<unknown>[]);
  }
}

/**
 * A finite number.
 *
 * @param what What the number is, for `expected <what>, got …`.
 * @returns The shape.
 */
export function number(what: string): NumberShape {
  return new NumberShape(what);
}

/**
 * A whole number from `min` to `max`; messages say so: `expected <what> (a whole number from 1 to
 * 100), got …`.
 *
 * @param min Smallest allowed value.
 * @param max Largest allowed value.
 * @param what What the number is, for messages.
 * @returns The shape.
 */
export function wholeNumber(min: number, max: number, what: string): NumberShape {
  return number(`${what} (a whole number from ${min} to ${max})`).int().min(min).max(max);
}
