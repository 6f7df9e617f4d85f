/**
 * Running a user callback that may be a generator (an operation), return a promise, or return nothing.
 * @module
 */
import { call, type Effect, isEffect, type Operation } from "../loop/mod.ts";

/**
 * Runs what a user callback returned: an operation is run with `yield*`, a promise is awaited.
 *
 * @param returned The callback's return value.
 */
export function* runCallback(
  returned: Operation<unknown> | Promise<unknown> | unknown,
): Generator<Effect, void> {
  if (returned instanceof Promise) {
    yield* call(() => returned, "callback");
    return;
  }
  if (isOperation(returned)) yield* returned;
}

function isOperation(value: unknown): value is Operation<unknown> {
  return typeof value === "object" && value !== null && !isEffect(value) &&
    typeof (value as Operation<unknown>)[Symbol.iterator] === "function" &&
    typeof (value as { next?: unknown }).next === "function";
}
