/**
 * The one test every reader of corun's own JSON files makes of a parsed value (the state file, the
 * cookie jar, the metadata lines a killed run left): an object, not `null` nor a list.
 * @module
 */

/**
 * Whether a value `JSON.parse` gave is an object: not `null`, not a list.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isJsonObject } from "./json_object.ts";
 * assert(isJsonObject({ a: 1 }) && !isJsonObject([1]) && !isJsonObject(null));
 * ```
 *
 * @param value A parsed value.
 * @returns True for an object.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
