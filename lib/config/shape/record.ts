/**
 * Tables of names to values (headers, form fields): a shape for the keys and one for the values.
 * @module
 */
import { type CheckRun, expected, expectedWithoutValue } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { type JsonSchema, Shape } from "./shape.ts";

/**
 * Tells whether a value is a plain table: an object made by `{}` or without a prototype (TOML), not a
 * list, a date or another class's instance.
 *
 * @param value Anything.
 * @returns True for plain objects.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A check of a whole table, which records problems on `run` (`run.failAt` for one of its entries;
 * flow `"continue"`): what no one key or value shows, such as two keys that are one name.
 */
export type RecordCheck = (value: Record<string, unknown>, run: CheckRun) => void;

/** A table of names to values. */
export class RecordShape<V> extends Shape<Record<string, V>> {
  /** The shape of every key; its problems point at the key. */
  readonly key: Shape<string>;
  /** The shape of every value. */
  readonly value: Shape<V>;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;
  /** Checks of the whole table, run after its entries. */
  readonly checks: readonly RecordCheck[];
  /** A value that is none is named by its kind alone (see `holdingCredentials`). */
  private readonly valueHidden: boolean = false;

  /**
   * @param key The shape of every key.
   * @param value The shape of every value.
   * @param what What belongs there, for messages.
   * @param checks Checks of the whole table.
   */
  constructor(
    key: Shape<string>,
    value: Shape<V>,
    what: string,
    checks: readonly RecordCheck[] = [],
  ) {
    super();
    this.key = key;
    this.value = value;
    this.what = what;
    this.checks = checks;
  }

  /**
   * Adds a check of the whole table. It runs whenever the value is a table, even when some of its
   * entries failed.
   *
   * @param check Records the problems it finds.
   * @returns A new shape with the check (meta is not kept: add it after).
   */
  check(check: RecordCheck): RecordShape<V> {
    return new RecordShape(this.key, this.value, this.what, [...this.checks, check]);
  }

  /**
   * Names a value given in place of this table by its kind alone (`got a text (not shown: …)`):
   * its entries are credentials, which one given in the wrong shape holds too (curl's
   * `-H "Authorization: Bearer …"` as `headers`, `-u bob:pw` as `auth`).
   *
   * @returns A copy that does so (add checks before it: they make a new shape).
   */
  holdingCredentials(): this {
    return this.copy({ valueHidden: true });
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (!isPlainObject(value)) {
      run.fail(
        (this.valueHidden ? expectedWithoutValue : expected)(this.what, value),
        "skip",
      );
      return false;
    }
    let ok = true;
    const { path } = run;
    // Own keys only, `__proto__` among them: a header so named is sent like any other, so it is
    // checked like any other.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      path.push(key);
      const { failures, hardFailures, stops } = run;
      run.atKey = true;
      const keyOk = this.key.validate(key, run);
      run.atKey = false;
      if (!keyOk) {
        // A bad key counts as one problem that skips its value, whatever the key's problems were.
        run.recount(failures, hardFailures, stops, "skip");
        ok = false;
      } else if (!this.value.validate(value[key], run)) ok = false;
      path.pop();
    }
    if (this.checks.length === 0) return ok;
    const before = run.failures;
    for (const check of this.checks) check(value, run);
    return ok && run.failures === before;
  }

  isKind(value: unknown): boolean {
    return isPlainObject(value);
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    return {
      type: "object",
      propertyNames: this.key.toJsonSchema(writer),
      additionalProperties: this.value.toJsonSchema(writer),
    };
  }
}

/**
 * A table of names to values: problems with a key point at the key (`headers["Bad Name"]`), problems
 * with a value at the value.
 *
 * @param key The shape of every key, such as `string("a header name").regex(…)`.
 * @param value The shape of every value.
 * @param what What belongs there, for `expected <what>, got …`.
 * @returns The shape.
 */
export function record<V>(key: Shape<string>, value: Shape<V>, what: string): RecordShape<V> {
  return new RecordShape(key, value, what);
}
