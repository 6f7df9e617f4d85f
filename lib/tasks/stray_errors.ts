/**
 * Errors a config's code lets go outside any task: a promise it rejected that nothing awaited (an
 * `async` helper it did not await), or a throw from a timer or callback it left behind. Deno would
 * end the process at once, cutting every other task's download short, with no summary. While a run
 * is pending, one that no listener added before the run's has handled is caught and becomes a
 * warning of the run (`run`); the command line catches them for the whole command (lib/cli
 * `stray_errors.ts`), so its runs see none.
 * @module
 */
import { isClosedSocketWrite } from "../frontier/pg/closed_socket_guard.ts";
import { taskFailureText } from "../loop/mod.ts";

/**
 * Catches the process's unhandled promise rejections and uncaught errors until disposed, so the
 * process goes on: one that a listener added before this one already handled (`preventDefault`) is
 * that listener's, and the PostgreSQL client's known harmless throw is its guard's
 * (`closed_socket_guard.ts`).
 *
 * @param report Told each one caught, as {@linkcode strayErrorText} says it.
 * @returns Stops catching.
 */
export function catchStrayErrors(report: (message: string) => void): Disposable {
  const onRejection = (event: PromiseRejectionEvent) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    report(strayErrorText("rejection", event.reason));
  };
  const onError = (event: ErrorEvent) => {
    if (event.defaultPrevented || isClosedSocketWrite(event.error)) return;
    event.preventDefault();
    report(strayErrorText("throw", event.error ?? event.message));
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  globalThis.addEventListener("error", onError);
  return {
    [Symbol.dispose]() {
      globalThis.removeEventListener("unhandledrejection", onRejection);
      globalThis.removeEventListener("error", onError);
    },
  };
}

/**
 * How a stray error is said: what was thrown, and where in the config's code when its stack shows it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { strayErrorText } from "./stray_errors.ts";
 * const error = new Error("lost helper failed");
 * error.stack = "Error: lost helper failed\n    at helper (file:///srv/jobs.ts:6:11)";
 * assertEquals(
 *   strayErrorText("rejection", error),
 *   "A promise of the config's code rejected and nothing awaited it: " +
 *     "Error: lost helper failed (at /srv/jobs.ts:6:11)",
 * );
 * ```
 *
 * @param kind A rejection nothing awaited, or a throw outside any task.
 * @param error What was thrown.
 * @returns One line.
 */
export function strayErrorText(kind: "rejection" | "throw", error: unknown): string {
  const what = kind === "rejection"
    ? "A promise of the config's code rejected and nothing awaited it"
    : "The config's code threw outside any task (from a timer or callback it left running)";
  return `${what}: ${taskFailureText(error)}`;
}
