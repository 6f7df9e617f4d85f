/**
 * Strings, with chained checks: not empty, a regular expression, any test.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import {
  type ChainCheck,
  chainCheck,
  chainJson,
  type ChainOptions,
  type CheckOptions,
  type Message,
  runChain,
} from "./chain.ts";
import { type JsonSchema, Shape } from "./shape.ts";
import { braceMapProblem } from "./brace_map.ts";

/** A string, checked by a chain of checks. */
export class StringShape extends Shape<string> {
  /** What the string is, for `expected <what>, got …`. */
  readonly what: string;
  /** The checks, in order. */
  readonly checks: readonly ChainCheck<string>[];

  /**
   * @param what What the string is, for messages.
   * @param checks Checks to run, in order.
   */
  constructor(what: string, checks: readonly ChainCheck<string>[] = []) {
    super();
    this.what = what;
    this.checks = checks;
  }

  /**
   * Refuses the empty string.
   *
   * @param what What the string is, for the message; default the shape's.
   * @returns A copy with the check.
   */
  nonEmpty(what: string = this.what): StringShape {
    return this.withCheck(
      chainCheck((value) => value.length > 0, (value) => expected(what, value), {}, {
        minLength: 1,
      }),
    );
  }

  /**
   * Requires a match of a regular expression (without the `g` or `y` flag).
   *
   * @param pattern The expression; its source goes into the JSON Schema.
   * @param what What the string should be, for `expected <what>, got …`; default the shape's.
   * @param options Whether a failure stops the chain.
   * @returns A copy with the check.
   */
  regex(pattern: RegExp, what: string = this.what, options: ChainOptions = {}): StringShape {
    if (pattern.global || pattern.sticky) throw new TypeError("regex(): a g or y flag keeps state");
    return this.withCheck(
      chainCheck((value) => pattern.test(value), (value) => expected(what, value), options, {
        pattern: pattern.source,
      }),
    );
  }

  /**
   * Requires a test to pass (not expressed in the JSON Schema).
   *
   * @param test True when the string is fine.
   * @param message The problem when it is not.
   * @param options Whether a failure stops the chain.
   * @returns A copy with the check.
   */
  refine(
    test: (value: string) => boolean,
    message: Message<string>,
    options: ChainOptions = {},
  ): StringShape {
    return this.withCheck(chainCheck(test, message, options));
  }

  /**
   * Adds a check that names the problem itself (in the JSON Schema only as `options.json` says).
   *
   * @param problem The problem with the string, or `undefined`.
   * @param options Whether a failure stops the chain, and what the check adds to the JSON Schema.
   * @returns A copy with the check.
   */
  check(problem: (value: string) => string | undefined, options: CheckOptions = {}): StringShape {
    return this.withCheck({ problem, abort: options.abort ?? false, json: options.json });
  }

  private withCheck(check: ChainCheck<string>): StringShape {
    return this.copy({ checks: [...this.checks, check] });
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (typeof value !== "string") {
      const key = run.path[run.path.length - 1];
      run.fail(braceMapProblem(this.what, value, key) ?? expected(this.what, value), "skip");
      return false;
    }
    return runChain(this.checks, value, run);
  }

  isKind(value: unknown): boolean {
    return typeof value === "string";
  }

  protected structure(): JsonSchema {
    return chainJson({ type: "string" }, this.checks as readonly ChainCheck<unknown>[]);
  }
}

/**
 * A string.
 *
 * @example
 * ```ts
 * import { string } from "./string.ts";
 * const method = string('an HTTP method such as "GET"').regex(/^[A-Z]+$/);
 * ```
 * @param what What the string is, for `expected <what>, got …`.
 * @returns The shape.
 */
export function string(what: string): StringShape {
  return new StringShape(what);
}
