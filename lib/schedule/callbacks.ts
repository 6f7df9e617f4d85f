/**
 * The schedule's callbacks (`onFire`, `onRunEnd`, `onDrop`, `onClockStep`) are a caller's code: one that throws, or
 * returns a promise that rejects, is reported and the schedule goes on. Unguarded, a throw ended the
 * schedule from inside its timer, and a rejection nobody handled ended the whole process. So is
 * `onWarning`, where those failures are told: its own failure goes to standard error.
 * @module
 */
import { isPromiseLike, messageOf } from "../loop/mod.ts";

/** The callbacks of `ScheduleOptions` that are guarded. */
export type ScheduleCallbackName = "onFire" | "onRunEnd" | "onDrop" | "onClockStep";

/**
 * Wraps a schedule callback so that its failure, at once or later, goes to `warn` naming the
 * schedule and the callback.
 *
 * @param schedule The schedule's name.
 * @param which Which callback it is.
 * @param callback The caller's callback, if any.
 * @param warn Where a failure is told.
 * @returns A callback that never throws, and handles the rejection of the promise it was given; or
 *   undefined when there is none.
 */
export function guardCallback<A>(
  schedule: string,
  which: ScheduleCallbackName,
  callback: ((arg: A) => unknown) | undefined,
  warn: (message: string) => void,
): ((arg: A) => void) | undefined {
  if (callback === undefined) return undefined;
  return guarded(callback, (error) =>
    warn(
      `The ${which} callback of schedule ${JSON.stringify(schedule)} failed: ${messageOf(error)}`,
    ));
}

/**
 * The schedule's `onWarning`, guarded: a throw, or a rejection of the promise it returns, is told on
 * standard error once, with the warning it was given (nothing is lost, and no warning is ever
 * about a warning).
 *
 * @param schedule The schedule's name.
 * @param onWarning The caller's listener, if any.
 * @returns Where the schedule's warnings go: the listener, guarded; without one, standard error.
 */
export function guardWarning(
  schedule: string,
  onWarning: ((message: string) => unknown) | undefined,
): (message: string) => void {
  if (onWarning === undefined) return warnOnStderr;
  return guarded(onWarning, (error, message) =>
    warnOnStderr(
      `The onWarning callback of schedule ${JSON.stringify(schedule)} failed: ` +
        `${messageOf(error)}; the warning it was given: ${message}`,
    ));
}

/** `callback`, its throw or the rejection of the promise it returns going to `failed` instead. */
function guarded<A>(
  callback: (arg: A) => unknown,
  failed: (error: unknown, arg: A) => void,
): (arg: A) => void {
  return (arg) => {
    try {
      const returned = callback(arg);
      // Any thenable, as `await` takes it; what it resolves to is nobody's.
      if (isPromiseLike(returned)) {
        Promise.resolve(returned).then(undefined, (error) => failed(error, arg));
      }
    } catch (error) {
      failed(error, arg);
    }
  };
}

/**
 * Where a callback's failure goes when the caller gave no `onWarning`: standard error, as a
 * warning line.
 *
 * @param message The warning.
 */
function warnOnStderr(message: string): void {
  console.error(`warning: ${message}`);
}
