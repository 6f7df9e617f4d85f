/**
 * Objects with known keys: each field checked, absent required keys and unknown keys named (with "did
 * you mean"), and checks of the whole object that run even when some fields failed, so that every
 * problem is reported in one pass.
 * @module
 */
import { didYouMean } from "../suggest.ts";
import { type CheckRun, expected } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { type Infer, type JsonSchema, Optional, Shape } from "./shape.ts";

/**
 * Tells whether a value is a key/value table (not a list, not null).
 *
 * @param value Anything.
 * @returns True for objects other than arrays.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of an object shape: key to shape, `.optional()` for keys that may be absent. */
export type Fields = Record<string, Shape<unknown>>;

type OptionalKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends Optional<unknown> ? K : never;
}[keyof F];

/** The type of an object with fields `F`. */
export type ObjectOf<F extends Fields> =
  & { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> }
  & { [K in OptionalKeys<F>]?: Infer<F[K]> } extends infer O ? { [K in keyof O]: O[K] }
  : never;

/**
 * A check of a whole object, which records problems on `run` (`run.fail` for the object,
 * `run.failAt` for one of its fields; flow `"continue"`).
 */
export type ObjectCheck = (value: Record<string, unknown>, run: CheckRun) => void;

/** An object with known keys; any other key is a problem. */
export class ObjectShape<F extends Fields> extends Shape<ObjectOf<F>> {
  /** The fields. */
  readonly fields: F;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;
  /** Checks of the whole object, in order. */
  readonly checks: readonly ObjectCheck[];
  private readonly keys: readonly string[];
  private readonly shapes: readonly Shape<unknown>[];
  private readonly required: readonly boolean[];
  private readonly known: ReadonlySet<string>;

  /**
   * @param fields The fields.
   * @param what What belongs there, for messages.
   * @param checks Checks of the whole object.
   */
  constructor(fields: F, what: string, checks: readonly ObjectCheck[] = []) {
    super();
    this.fields = fields;
    this.what = what;
    this.checks = checks;
    this.keys = Object.keys(fields);
    this.shapes = this.keys.map((key) => fields[key]);
    this.required = this.shapes.map((shape) => !(shape instanceof Optional));
    this.known = new Set(this.keys);
  }

  /**
   * Adds a check of the whole object. It runs whenever the value is an object, even when some of its
   * fields failed, except after a `"stop"` (such as a predicate that failed).
   *
   * @param check Records the problems it finds.
   * @returns A new shape with the check (meta is not kept: add it after).
   */
  check(check: ObjectCheck): ObjectShape<F> {
    return new ObjectShape(this.fields, this.what, [...this.checks, check]);
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (!isRecord(value)) {
      run.fail(expected(this.what, value), "skip");
      return false;
    }
    const before = run.failures;
    const stopsBefore = run.stops;
    const keys = this.keys;
    const { path } = run;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      const field = value[key];
      if (field === undefined) {
        if (this.required[index]) run.fail(`missing required key "${key}"`, "skip");
        continue;
      }
      path.push(key);
      this.shapes[index].validate(field, run);
      path.pop();
    }
    for (const key in value) {
      if (this.known.has(key) || !Object.hasOwn(value, key)) continue;
      run.failAt([key], `unknown key "${key}"${didYouMean(key, keys)}`, "continue", "key");
    }
    // Whole-object checks run even when fields failed, unless a field's problem was a "stop".
    if (run.stops === stopsBefore) {
      for (const check of this.checks) check(value, run);
    }
    return run.failures === before;
  }

  isKind(value: unknown): boolean {
    return isRecord(value);
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    const properties: JsonSchema = {};
    const required: string[] = [];
    this.keys.forEach((key, index) => {
      properties[key] = this.shapes[index].toJsonSchema(writer);
      if (this.required[index]) required.push(key);
    });
    const schema: JsonSchema = { type: "object", properties };
    if (required.length > 0) schema.required = required;
    schema.additionalProperties = false;
    return schema;
  }
}

/**
 * An object with known keys; any other key is a problem (`unknown key "sav" (did you mean "save"?)`),
 * and so is an absent required key (`missing required key "url"`).
 *
 * @example
 * ```ts
 * import { strictObject } from "./object.ts";
 * import { string } from "./string.ts";
 * const request = strictObject({
 *   url: string("a URL"),
 *   method: string("an HTTP method").optional(),
 * }, "a request { url, method }");
 * ```
 * @param fields Key to shape; `.optional()` for keys that may be absent.
 * @param what What belongs there, for `expected <what>, got …`.
 * @returns The shape.
 */
export function strictObject<const F extends Fields>(fields: F, what: string): ObjectShape<F> {
  return new ObjectShape(fields, what);
}
