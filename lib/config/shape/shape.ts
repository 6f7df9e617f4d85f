/**
 * The base of every shape: a check that records problems on a `CheckRun`, and the JSON Schema of what
 * it accepts. Shapes are immutable: `meta`, `describe` and the builders of each shape return copies.
 * @module
 */
import type { CheckRun } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** What a shape adds to its JSON Schema. */
export interface ShapeMeta {
  /** Makes the shape a shared definition under `$defs`, referenced by this id. */
  id?: string;
  description?: string;
  examples?: unknown[];
  /** A JSON Schema `format`, such as `uri`. */
  format?: string;
  /** A hint for editors, such as `[{ required: ["sleep"] }, { required: ["fetch"] }]`. */
  oneOf?: JsonSchema[];
  /** A hint for editors: what a key asks of the rest, such as `{ b: { required: ["a"] } }`. */
  dependentSchemas?: Record<string, JsonSchema>;
  /**
   * A hint for editors: what checks made elsewhere refuse (a `save` template's, checked whole at
   * load), added to the `allOf` of the shape's own checks.
   */
  allOf?: JsonSchema[];
}

/** The type of the values a shape accepts. */
export type Infer<S> = S extends Shape<infer T> ? T : never;

/** A shape of values of type `T`. */
export abstract class Shape<T> {
  /** Carries `T` for `Infer`; never set. */
  declare readonly _type?: T;
  /** Added to the JSON Schema. */
  protected info: Readonly<ShapeMeta> = {};

  /**
   * Checks a value, recording every problem on `run`. Allocates nothing when the value is valid.
   *
   * @param value Anything.
   * @param run Where the value is and where problems go.
   * @returns True when the value is valid.
   */
  abstract validate(value: unknown, run: CheckRun): boolean;

  /**
   * Tells whether a value is of the kind this shape is for (a string, an object…): a value that is
   * not can never be valid. A union uses it to find the branch a value was meant for.
   *
   * @param value Anything.
   * @returns False when the value certainly fails.
   */
  abstract isKind(value: unknown): boolean;

  /**
   * True for shapes whose only failure is "not of this kind" (unions, literals, choices): inside a
   * union, such a branch is not the one the value was meant for, and the union's message is given.
   */
  get failsOnlyByKind(): boolean {
    return false;
  }

  /** The JSON Schema of this shape's own structure, without its meta. */
  protected abstract structure(writer: JsonSchemaWriter): JsonSchema;

  /** True when the meta goes before the structure (wrappers, whose meta is about their field). */
  protected get metaFirst(): boolean {
    return false;
  }

  /**
   * The JSON Schema of this shape: a `$ref` when it has an id.
   *
   * @param writer Collects the shared definitions.
   * @returns The schema.
   */
  toJsonSchema(writer: JsonSchemaWriter): JsonSchema {
    const id = this.info.id;
    if (id === undefined) return this.jsonWithMeta(writer);
    return writer.reference(id, this, () => this.jsonWithMeta(writer));
  }

  private jsonWithMeta(writer: JsonSchemaWriter): JsonSchema {
    const { id: _id, ...meta } = this.info;
    const structure = this.structure(writer);
    const merged = this.metaFirst ? { ...meta, ...structure } : { ...structure, ...meta };
    const allOf = [...(structure.allOf as JsonSchema[] | undefined ?? []), ...meta.allOf ?? []];
    if (allOf.length > 0) merged.allOf = allOf;
    return merged;
  }

  /**
   * Adds JSON Schema meta (id, description, examples…).
   *
   * @param meta What to add.
   * @returns A copy with the meta.
   */
  meta(meta: ShapeMeta): this {
    return this.copy({ info: { ...this.info, ...meta } });
  }

  /**
   * Adds a JSON Schema description.
   *
   * @param description The text.
   * @returns A copy with the description.
   */
  describe(description: string): this {
    return this.meta({ description });
  }

  /**
   * Makes the shape an optional object field: `undefined` (absent) is accepted.
   *
   * @returns The optional shape.
   */
  optional(): Optional<T> {
    return new Optional(this);
  }

  /**
   * A copy of this shape with some fields changed.
   *
   * @param changes The fields to change, by name (the subclass's own fields).
   * @returns The copy.
   */
  protected copy(changes: object): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this)), this, changes);
  }
}

/** A shape that also accepts `undefined`: an object field that may be absent. */
export class Optional<T> extends Shape<T | undefined> {
  /** The shape of the value when present. */
  readonly inner: Shape<T>;

  /**
   * @param inner The shape of the value when present.
   */
  constructor(inner: Shape<T>) {
    super();
    this.inner = inner;
  }

  validate(value: unknown, run: CheckRun): boolean {
    return value === undefined || this.inner.validate(value, run);
  }

  isKind(value: unknown): boolean {
    return value === undefined || this.inner.isKind(value);
  }

  protected override get metaFirst(): boolean {
    return true;
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    return this.inner.toJsonSchema(writer);
  }
}
