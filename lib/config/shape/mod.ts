/**
 * corun's validation building blocks: shapes that check raw config values, report every problem as a
 * `PathIssue` (`expected <what>, got <value>`, unknown and missing keys, custom messages) without
 * allocating for valid values, and write the JSON Schema of what they accept.
 *
 * @example
 * ```ts
 * import { CheckRun, strictObject, string, wholeNumber } from "./mod.ts";
 * const shape = strictObject({
 *   name: string("a name").nonEmpty(),
 *   retries: wholeNumber(0, 100, "a number of retries").optional(),
 * }, "a task { name, retries }");
 * const run = new CheckRun();
 * shape.validate({ name: "", retires: 2 }, run);
 * run.issues.map((issue) => issue.message);
 * // ['expected a name, got ""', 'unknown key "retires" (did you mean "retries"?)']
 * ```
 * @module
 */
export { type Infer, type JsonSchema, Optional, Shape, type ShapeMeta } from "./shape.ts";
export { CheckRun, expected } from "./check_run.ts";
export { type ChainOptions, type CheckOptions, type Message } from "./chain.ts";
export { jsonSchemaOf, JsonSchemaWriter } from "./json_schema.ts";
export { string, StringShape } from "./string.ts";
export {
  HEADER_TEXT,
  isSecretRef,
  MAX_SECRET_FILE_BYTES,
  secret,
  type SecretOptions,
  type SecretRule,
  SecretShape,
} from "./secret.ts";
export { number, NumberShape, wholeNumber } from "./number.ts";
export { boolean, BooleanShape } from "./boolean.ts";
export { literal, LiteralShape, type LiteralValue } from "./literal.ts";
export { oneOf, OneOfShape } from "./one_of.ts";
export { union, UnionShape } from "./union.ts";
export { array, ArrayShape } from "./array.ts";
export { isPlainObject, record, type RecordCheck, RecordShape } from "./record.ts";
export {
  type ExtensionKeys,
  type Fields,
  isRecord,
  type ObjectCheck,
  type ObjectOf,
  ObjectShape,
  strictObject,
} from "./object.ts";
export { anything, custom, CustomShape } from "./custom.ts";
