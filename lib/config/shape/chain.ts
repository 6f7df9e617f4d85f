/**
 * Checks chained on a string or number shape, run in order: each failing check records its problem,
 * and one marked `abort` also stops the chain (a value that is not a duration is not measured) and
 * the whole-object checks around it (flow `"stop"`).
 * @module
 */
import type { CheckRun } from "./check_run.ts";
import type { JsonSchema } from "./shape.ts";

/** Options of a chained check. */
export interface ChainOptions {
  /** Stop the chain when this check fails. @default false */
  abort?: boolean;
}

/** Options of a check that names the problem itself (`check`). */
export interface CheckOptions extends ChainOptions {
  /** What the check adds to the JSON Schema, when the schema can say it. @default nothing */
  json?: JsonSchema;
}

/** One check of a chain. */
export interface ChainCheck<V> {
  /** The problem with the value, or `undefined` when there is none. */
  readonly problem: (value: V) => string | undefined;
  readonly abort: boolean;
  /** What the check adds to the JSON Schema (`pattern`, `minLength`…); none for code-only checks. */
  readonly json?: JsonSchema;
}

/** A message, or a function making it from the value. */
export type Message<V> = string | ((value: V) => string);

/**
 * Turns a test and a message into a chained check.
 *
 * @param test True when the value is fine.
 * @param message The problem when it is not.
 * @param options Whether a failure stops the chain.
 * @param json What the check adds to the JSON Schema.
 * @returns The check.
 */
export function chainCheck<V>(
  test: (value: V) => boolean,
  message: Message<V>,
  options: ChainOptions = {},
  json?: JsonSchema,
): ChainCheck<V> {
  const problem = typeof message === "string"
    ? (value: V) => test(value) ? undefined : message
    : (value: V) => test(value) ? undefined : message(value);
  return { problem, abort: options.abort ?? false, json };
}

/**
 * Runs a chain over a value.
 *
 * @param checks The checks, in order.
 * @param value A value of the right type.
 * @param run Where problems go.
 * @returns True when every check passed.
 */
export function runChain<V>(checks: readonly ChainCheck<V>[], value: V, run: CheckRun): boolean {
  let ok = true;
  for (let index = 0; index < checks.length; index++) {
    const problem = checks[index].problem(value);
    if (problem === undefined) continue;
    run.fail(problem, checks[index].abort ? "stop" : "continue");
    ok = false;
    if (checks[index].abort) break;
  }
  return ok;
}

/**
 * Merges the JSON Schema of a chain's checks; patterns after the first go under `allOf`.
 *
 * @param base The schema of the type, such as `{ type: "string" }`.
 * @param checks The checks.
 * @returns The schema.
 */
export function chainJson(base: JsonSchema, checks: readonly ChainCheck<unknown>[]): JsonSchema {
  const schema = { ...base };
  const extraPatterns: JsonSchema[] = [];
  for (const { json } of checks) {
    if (json === undefined) continue;
    if ("pattern" in json && "pattern" in schema) extraPatterns.push(json);
    else Object.assign(schema, json);
  }
  if (extraPatterns.length > 0) schema.allOf = extraPatterns;
  return schema;
}
