/**
 * Objects with known keys: each field checked, absent required keys and unknown keys named (with "did
 * you mean"), and checks of the whole object that run even when some fields failed, so that every
 * problem is reported in one pass.
 * @module
 */
import { quoteReceived } from "../../http/mod.ts";
import { didYouMean, KEY_OTHER_NAMES } from "../suggest.ts";
import { type CheckRun, expected, expectedWithoutValue } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { type Infer, type JsonSchema, Optional, Shape } from "./shape.ts";

/** The most keys an unknown-key problem lists, when nothing closer is found. */
const MAX_KEYS_LISTED = 8;

/**
 * Tells whether a value is a key/value table: not a list, null, or one of the built-in values a
 * parser or a TypeScript config may give (a TOML or YAML date, YAML's `!!binary`, a `Map`), which
 * would be read as a table without keys, or with its bytes for keys. An object of a class of the
 * config's own is a table of its fields.
 *
 * @param value Anything.
 * @returns True for objects other than lists, dates, binary data, maps, sets and regular expressions.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) &&
    !(value instanceof Map) && !(value instanceof Set) && !(value instanceof RegExp);
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

/** The keys an object takes unchecked (`allowExtensions`): any that starts with `P`. */
export type ExtensionKeys<P extends string> = { [K in `${P}${string}`]?: unknown };

/**
 * An object with known keys; any other key is a problem, but for those `X` types (see
 * `allowExtensions`).
 */
export class ObjectShape<F extends Fields, X = Record<never, never>>
  extends Shape<ObjectOf<F> & X> {
  /** The fields. */
  readonly fields: F;
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;
  /** Checks of the whole object, in order. */
  readonly checks: readonly ObjectCheck[];
  private readonly keys: readonly string[];
  private readonly byKey: ReadonlyMap<string, Shape<unknown>>;
  private readonly requiredKeys: readonly string[];
  /** Where keys that are not this object's belong, by key (see `belongElsewhere`). */
  private readonly places: ReadonlyMap<string, string>;
  /** What starts the keys left to the user (see `allowExtensions`); undefined: none are. */
  private readonly extensionPrefix: string | undefined;
  /** A value that is none is named by its kind alone (see `holdingCredentials`). */
  private readonly valueHidden: boolean = false;

  /**
   * @param fields The fields.
   * @param what What belongs there, for messages.
   * @param checks Checks of the whole object.
   * @param places Where keys that are not this object's belong, by key.
   * @param extensionPrefix What starts the keys left to the user, unchecked.
   */
  constructor(
    fields: F,
    what: string,
    checks: readonly ObjectCheck[] = [],
    places: ReadonlyMap<string, string> = new Map(),
    extensionPrefix?: string,
  ) {
    super();
    this.fields = fields;
    this.what = what;
    this.checks = checks;
    this.places = places;
    this.extensionPrefix = extensionPrefix;
    this.keys = Object.keys(fields);
    this.byKey = new Map(this.keys.map((key) => [key, fields[key]]));
    this.requiredKeys = this.keys.filter((key) => !(fields[key] instanceof Optional));
  }

  /**
   * Adds a check of the whole object. It runs whenever the value is an object, even when some of its
   * fields failed, except after a `"stop"` (such as a predicate that failed).
   *
   * @param check Records the problems it finds.
   * @returns A new shape with the check (meta is not kept: add it after).
   */
  check(check: ObjectCheck): ObjectShape<F, X> {
    return new ObjectShape<F, X>(
      this.fields,
      this.what,
      [...this.checks, check],
      this.places,
      this.extensionPrefix,
    );
  }

  /**
   * Names where keys of another object belong, for their unknown-key problem here
   * (`unknown key "save": it goes on the task, beside "fetch"`) instead of a "did you mean".
   *
   * @param places Key to where it goes.
   * @returns A new shape with them (meta is not kept: add it after).
   */
  belongElsewhere(places: Record<string, string>): ObjectShape<F, X> {
    const byKey = new Map(Object.entries(places));
    return new ObjectShape<F, X>(this.fields, this.what, this.checks, byKey, this.extensionPrefix);
  }

  /**
   * Leaves keys that start with `prefix` to the user: never checked nor used (docker-compose's
   * `x-` extension fields, a place of its own for a YAML anchor). Other unknown keys name it when no
   * "did you mean" does.
   *
   * @param prefix What starts such a key, such as `"x-"`.
   * @returns A new shape that takes them (meta is not kept: add it after).
   */
  allowExtensions<P extends string>(prefix: P): ObjectShape<F, X & ExtensionKeys<P>> {
    return new ObjectShape<F, X & ExtensionKeys<P>>(
      this.fields,
      this.what,
      this.checks,
      this.places,
      prefix,
    );
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
    if (!isRecord(value)) {
      run.fail(
        (this.valueHidden ? expectedWithoutValue : expected)(this.what, value),
        "skip",
      );
      return false;
    }
    const before = run.failures;
    const stopsBefore = run.stops;
    const { path } = run;
    // The value's own keys, not the shape's: a task gives 2 or 3 of its 25 possible keys.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const field = this.byKey.get(key);
      if (field === undefined) {
        const prefix = this.extensionPrefix;
        if (prefix !== undefined && key.startsWith(prefix)) continue;
        const place = this.places.get(key);
        const hint = place !== undefined
          ? `: it goes ${place}`
          : run.keeping
          ? didYouMean(key, this.keys, KEY_OTHER_NAMES, {
            parent: parentKey(path),
            places: this.places,
          }) ||
            this.extensionHint() || this.keyList()
          : "";
        // Escaped: a key may hold a quote, a TAB or a line break.
        run.failAt([key], `unknown key ${quoteReceived(key)}${hint}`, "continue", "key");
        continue;
      }
      const fieldValue = value[key];
      if (fieldValue === undefined) continue;
      path.push(key);
      field.validate(fieldValue, run);
      path.pop();
    }
    for (let index = 0; index < this.requiredKeys.length; index++) {
      const key = this.requiredKeys[index];
      if (value[key] === undefined) run.fail(`missing required key "${key}"`, "skip");
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

  /** Where a key of the user's own goes, for an unknown key no "did you mean" places. */
  private extensionHint(): string {
    const prefix = this.extensionPrefix;
    return prefix === undefined
      ? ""
      : ` (a key of your own, such as one that holds a YAML anchor, ` +
        `starts with ${quoteReceived(prefix)})`;
  }

  /** The keys a small object takes, for an unknown key nothing else places (`timeout: { tot }`). */
  private keyList(): string {
    return this.keys.length > 0 && this.keys.length <= MAX_KEYS_LISTED
      ? ` (it takes ${this.keys.join(", ")})`
      : "";
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    const properties: JsonSchema = {};
    for (const key of this.keys) properties[key] = this.fields[key].toJsonSchema(writer);
    const schema: JsonSchema = { type: "object", properties };
    if (this.requiredKeys.length > 0) schema.required = [...this.requiredKeys];
    if (this.extensionPrefix !== undefined) {
      schema.patternProperties = { [`^${regExpEscape(this.extensionPrefix)}`]: {} };
    }
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

/**
 * `text` as a regular expression that matches it literally. Only the syntax characters: an escaped
 * `-` is an error to a validator that reads patterns as Unicode ones.
 */
/** The key of the object at `path`, if it is one (not a list element, not the root). */
function parentKey(path: readonly (string | number)[]): string | undefined {
  const last = path.at(-1);
  return typeof last === "string" ? last : undefined;
}

function regExpEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
