/**
 * Running a user callback that may be a generator (an operation), return a promise, or return nothing.
 * @module
 */
import { call, type Effect, type Operation } from "../loop/mod.ts";

/**
 * Runs what a user callback returned: an operation (anything `yield*` can run: a generator, a
 * `call(...)`, `sleep(...)`, an object with `*[Symbol.iterator]()`) is run, a promise is awaited.
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

/** What `yield*` runs: an iterable, not only a generator (`call()` returns a plain iterable). */
function isOperation(value: unknown): value is Operation<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as Operation<unknown>)[Symbol.iterator] === "function";
}
