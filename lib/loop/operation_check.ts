/**
 * What the loop's functions say when given something other than an operation: the one place that
 * tells an operation from a mistake (a generator function not called, a promise not wrapped in
 * `call`), and that handles such a promise's rejection, which left unhandled would end the whole
 * process, every task with it.
 * @module
 */
import type { Operation } from "./effect.ts";
import { kindOfValue } from "./errors.ts";

/**
 * Tells whether a value is what `yield*` runs: an iterable, not only a generator (`call()` returns a
 * plain iterable).
 *
 * @param value Anything a user passed or returned.
 * @returns True for an operation.
 */
export function isOperation<T>(value: unknown): value is Operation<T> {
  // An object: text is iterable too, and would yield its characters.
  return typeof value === "object" && value !== null &&
    typeof (value as Partial<Operation<T>>)[Symbol.iterator] === "function";
}

/**
 * What was given instead of an operation, as a message names it, with what to write instead. A
 * promise's rejection is handled here: the error the caller throws says what to do.
 *
 * @param given Not an operation.
 * @returns `a function (call it: …)`, `a promise (wait for it with call(() => promise))`, or its kind.
 */
export function notAnOperation(given: unknown): string {
  if (typeof given === "function") {
    return "a function (call it: a generator function's call, work(), is the operation)";
  }
  return describeGiven(given, "a promise (wait for it with call(() => promise))");
}

/**
 * What a value given (or returned) where something else belonged is, as a message names it. A
 * promise's rejection is handled here, which left unhandled would end the whole process: the error
 * the caller throws says what to write instead.
 *
 * @param given The value.
 * @param promise How to name a promise. @default "a promise (an async function?)"
 * @returns `promise` for a promise, else the value's kind (`a number`, `null`).
 */
export function describeGiven(
  given: unknown,
  promise = "a promise (an async function?)",
): string {
  if (!isPromiseLike(given)) return kindOfValue(given);
  Promise.resolve(given).catch(() => {});
  return promise;
}

/**
 * Tells whether a value is a promise or another thenable: what an `async` function returns where a
 * plain one was expected, whose rejection someone must handle.
 *
 * @param value Anything a user's function returned.
 * @returns True for a thenable.
 */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function";
}
