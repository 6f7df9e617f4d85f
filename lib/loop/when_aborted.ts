/**
 * A wait on an `AbortSignal` (Ctrl-C, a stop, a grace that ran out), to race against other work.
 * @module
 */
import { action } from "./action.ts";
import type { Operation } from "./effect.ts";

/**
 * Waits until `signal` aborts (returns at once when it has), then gives `value`: what tells the
 * abort apart from the work it races (`race([work, whenAborted(signal, "aborted")])`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { race, runOperation, sleep, whenAborted } from "./mod.ts";
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1);
 * const ended = await runOperation(race([
 *   (function* () {
 *     yield* sleep(60_000);
 *     return "slept";
 *   })(),
 *   whenAborted(controller.signal, "aborted"),
 * ]));
 * assertEquals(ended, "aborted");
 * ```
 *
 * @param signal The signal.
 * @param value What the wait gives.
 * @param label What the task waits on, for the live view. @default "abort signal"
 * @returns An operation that gives `value` once `signal` has aborted.
 */
export function whenAborted<const T>(
  signal: AbortSignal,
  value: T,
  label = "abort signal",
): Operation<T> {
  return action<T>((resolve) => {
    if (signal.aborted) return resolve(value);
    const onAbort = () => resolve(value);
    signal.addEventListener("abort", onAbort, { once: true });
    return () => signal.removeEventListener("abort", onAbort);
  }, label);
}
