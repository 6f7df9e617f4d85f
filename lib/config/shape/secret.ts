/**
 * Credentials (a password, a bearer token): texts without CR, LF or NUL, whose problems never quote
 * them. A config error goes to a terminal, a CI log, a `--log` file; it says what is wrong and
 * where, and leaves the value out.
 * @module
 */
import { describeValue } from "../describe.ts";
import { envReferenceProblem, NO_ENV_REFERENCE } from "../env_reference.ts";
import type { CheckRun } from "./check_run.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/** No CR, LF or NUL: a credential (or a user name) goes into a header line. */
export const NO_LINE_BREAKS = /^[^\r\n\0]*$/;

/** What every problem with a credential says instead of its value. */
const NOT_SHOWN = "not shown: it may be a credential";

/** A credential: a text without CR, LF or NUL, never quoted in a problem. */
export class SecretShape extends Shape<string> {
  /** What the credential is, for `expected <what>, got …`. */
  readonly what: string;
  /** The empty text is refused. */
  readonly nonEmpty: boolean;

  /**
   * @param what What the credential is, for messages.
   * @param nonEmpty Whether the empty text is refused.
   */
  constructor(what: string, nonEmpty: boolean) {
    super();
    this.what = what;
    this.nonEmpty = nonEmpty;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (typeof value !== "string") {
      run.fail(`expected ${this.what}, got ${kindOf(value)}`, "skip");
      return false;
    }
    if (this.nonEmpty && value === "") {
      run.fail(`expected ${this.what}, got ""`);
      return false;
    }
    if (!NO_LINE_BREAKS.test(value)) {
      run.fail(`expected ${this.what} without CR, LF or NUL, got ${lineBreakOf(value)}`);
      return false;
    }
    const reference = envReferenceProblem(value); // names the variable only, never the value
    if (reference !== undefined) {
      run.fail(`expected ${this.what}, but ${reference}`);
      return false;
    }
    return true;
  }

  isKind(value: unknown): boolean {
    return typeof value === "string";
  }

  protected structure(): JsonSchema {
    const schema: JsonSchema = { type: "string" };
    if (this.nonEmpty) schema.minLength = 1;
    // No CR, LF or NUL, and no `${NAME}` (envReferenceProblem), for editors too.
    schema.pattern = `^${NO_ENV_REFERENCE}[^\\r\\n\\0]*$`;
    return schema;
  }
}

/**
 * A value that is not a text, as `describeValue` says it, but by its kind alone where the value
 * may be the secret itself (a number, a date).
 */
function kindOf(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return `a number (${NOT_SHOWN}; quote it: "…")`;
  }
  if (value instanceof Date) return `a date (${NOT_SHOWN}; quote it: "…")`;
  // A function is named by its kind as before ("function", where describeValue says "a function").
  return typeof value === "function" ? "function" : describeValue(value);
}

/** Where a credential's line break is, without the credential. */
function lineBreakOf(value: string): string {
  if (/^[^\r\n\0]*\r?\n$/.test(value)) {
    // The likeliest way to get one: YAML's "|" keeps the block's last line break, "|-" drops it.
    const hint = "a YAML | block ends with one, |- does not";
    return `a text with a line break at its end (${NOT_SHOWN}; ${hint})`;
  }
  return `a text with one (${NOT_SHOWN})`;
}

/**
 * A credential: a text without CR, LF or NUL that no problem quotes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { CheckRun } from "./check_run.ts";
 * import { secret } from "./secret.ts";
 * const run = new CheckRun();
 * secret("a password").validate("s3cret\r\nX: 1", run);
 * assertEquals(
 *   run.issues[0].message,
 *   "expected a password without CR, LF or NUL, got a text with one " +
 *     "(not shown: it may be a credential)",
 * );
 * ```
 *
 * @param what What the credential is, for `expected <what>, got …`.
 * @param options `nonEmpty`: refuse the empty text (a bearer token). @default false
 * @returns The shape.
 */
export function secret(what: string, options: { nonEmpty?: boolean } = {}): SecretShape {
  return new SecretShape(what, options.nonEmpty ?? false);
}
