/**
 * Errors let go outside any task: a promise rejected that nothing awaited (an `async` helper not
 * awaited), or a throw from a timer or callback left behind. Deno would end the process at once,
 * cutting every task's download short, with no summary. A listener on the process catches every
 * such error, whoever's code let it go: while a library run is pending (`run`), all of the
 * process's, the host program's too, so its warning says that corun cannot tell whose it was; the
 * command line catches them for the whole command (lib/cli `stray_errors.ts`), where the only code
 * but corun's is the config's, so its runs see none. One that a listener added before the catch
 * handled (`preventDefault`) is that listener's: a host keeps its own this way.
 * @module
 */
import { isClosedSocketWrite } from "../frontier/pg/closed_socket_guard.ts";
import { taskFailureText } from "../loop/mod.ts";

/**
 * Whose code a caught error can be said to be: `config` where the process runs only corun and the
 * config's code (the command line); `process` where a host program's code runs too (a library
 * `run`), and which of them let it go cannot be told.
 */
export type StrayOrigin = "config" | "process";

/**
 * Catches the process's unhandled promise rejections and uncaught errors until disposed, so the
 * process goes on: one that a listener added before this one already handled (`preventDefault`) is
 * that listener's, and the PostgreSQL client's known harmless throw is its guard's
 * (`closed_socket_guard.ts`).
 *
 * @param report Told each one caught, as {@linkcode strayErrorText} says it.
 * @param origin Whose code it can be said to be.
 * @returns Stops catching.
 */
export function catchStrayErrors(
  report: (message: string) => void,
  origin: StrayOrigin,
): Disposable {
  const onRejection = (event: PromiseRejectionEvent) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    report(strayErrorText("rejection", event.reason, origin));
  };
  const onError = (event: ErrorEvent) => {
    if (event.defaultPrevented || isClosedSocketWrite(event.error)) return;
    event.preventDefault();
    report(strayErrorText("throw", event.error ?? event.message, origin));
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
 * How a stray error is said: whose code let it go, as far as `origin` tells, what was thrown, and
 * where (the first frame of its stack outside corun, when there is one).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { strayErrorText } from "./stray_errors.ts";
 * const error = new Error("lost helper failed");
 * error.stack = "Error: lost helper failed\n    at helper (file:///srv/jobs.ts:6:11)";
 * assertEquals(
 *   strayErrorText("rejection", error, "config"),
 *   "A promise of the config's code rejected and nothing awaited it: " +
 *     "Error: lost helper failed (at /srv/jobs.ts:6:11)",
 * );
 * assertEquals(
 *   strayErrorText("rejection", error, "process"),
 *   "An unhandled rejection in this process while the run went (the config's code or the " +
 *     "program's own: corun cannot tell whose), kept from ending the process: " +
 *     "Error: lost helper failed (at /srv/jobs.ts:6:11)",
 * );
 * ```
 *
 * @param kind A rejection nothing awaited, or a throw outside any task.
 * @param error What was thrown.
 * @param origin Whose code it can be said to be.
 * @returns One line.
 */
export function strayErrorText(
  kind: "rejection" | "throw",
  error: unknown,
  origin: StrayOrigin,
): string {
  return `${STRAY_WORDS[origin][kind]}: ${taskFailureText(error)}`;
}

/** What a stray error is called, by whose code it can be said to be. */
const STRAY_WORDS = {
  config: {
    rejection: "A promise of the config's code rejected and nothing awaited it",
    throw: "The config's code threw outside any task (from a timer or callback it left running)",
  },
  process: {
    rejection: "An unhandled rejection in this process while the run went (the config's code or " +
      "the program's own: corun cannot tell whose), kept from ending the process",
    throw: "An uncaught error in this process while the run went (from a timer or callback, the " +
      "config's code or the program's own: corun cannot tell whose), kept from ending the process",
  },
} as const satisfies Record<StrayOrigin, Record<"rejection" | "throw", string>>;
