/**
 * `Deno.exit` called by a config's code (a custom task's) while the command line runs as the
 * program. The process ends at once with the code it gave, whatever was still downloading: with
 * `Deno.exit(0)` a cron job would see a run that succeeded. Deno tells `unload` listeners first,
 * synchronously; there the program says on stderr that the config's code exited and which tasks it
 * cut short, makes the exit code at least 1, and writes each going run's history line, as a second
 * Ctrl-C does (`run_stop.ts`), so the next run does not take it for one that was killed.
 * @module
 */
import { userCodePlace } from "../loop/mod.ts";
import type { LiveRun } from "../tasks/mod.ts";
import { escapeControls } from "./format.ts";

/** A run going while the process may exit. */
export interface CutShortRun {
  /** Writes its history line at once, synchronously (a failure said on stderr, not thrown). */
  record(): void;
  /** The run, once its tasks have started: what a stalled program names (`runAsProgram`). */
  live(): LiveRun | undefined;
}

/** The runs going now. */
const runs = new Set<CutShortRun>();

/** Set by corun's own exits: an `unload` then is no config's doing. */
let exitingOnPurpose = false;

/**
 * Exits the process as corun means to (the command's code, a second Ctrl-C): no warning.
 *
 * @param code The exit code.
 */
export function exitProgram(code: number): never {
  exitingOnPurpose = true;
  Deno.exit(code);
}

/**
 * Has `run` named and recorded should the config's code exit the process, until disposed.
 *
 * @param run The run.
 * @returns Takes it back.
 */
export function watchForeignExit(run: CutShortRun): Disposable {
  runs.add(run);
  return { [Symbol.dispose]: () => void runs.delete(run) };
}

/**
 * The runs going now, as far as their tasks have started.
 *
 * @returns Each one's live view.
 */
export function goingRuns(): (LiveRun | undefined)[] {
  return [...runs].map((run) => run.live());
}

/**
 * Writes the history line of every run going now, synchronously, as the process is about to exit
 * with them unfinished (the config's own exit, a run that can never end).
 */
export function recordGoingRuns(): void {
  for (const run of runs) {
    try {
      run.record();
    } catch {
      // Exiting: one run that cannot record itself must not keep the others from it.
    }
  }
}

/** How many cut-short tasks the line names before it counts the rest. */
const NAMED_TASKS = 5;

/**
 * Guards the process against the config's own `Deno.exit` until disposed (see the module).
 *
 * @param writeStderr Writes the line, synchronously.
 * @returns Stops guarding.
 */
export function guardForeignExit(writeStderr: (text: string) => void): Disposable {
  const onUnload = () => {
    if (exitingOnPurpose) return;
    const code = Deno.exitCode;
    const names = [...runs].flatMap((run) => unfinishedTasks(run.live()));
    writeStderr(`${escapeControls(foreignExitText(code, names, new Error().stack ?? ""))}\n`);
    if (code === 0) Deno.exitCode = 1;
    recordGoingRuns();
  };
  globalThis.addEventListener("unload", onUnload);
  return { [Symbol.dispose]: () => globalThis.removeEventListener("unload", onUnload) };
}

/**
 * The line said when the config's code exits the process.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { foreignExitText } from "./foreign_exit.ts";
 * assertEquals(
 *   foreignExitText(0, ['"big"'], "Error\n    at exit (ext:deno_os/30_os.js:1:943)\n    at file:///srv/jobs.ts:9:5"),
 *   'corun stopped: the config\'s code called Deno.exit(0) (at /srv/jobs.ts:9:5), which ends ' +
 *     'the process at once: cut short "big"; exit code 1',
 * );
 * ```
 *
 * @param code The code it gave.
 * @param unfinished The tasks it cut short.
 * @param stack Where it was called, as the `unload` listener's stack shows it.
 * @returns One line.
 */
export function foreignExitText(code: number, unfinished: string[], stack: string): string {
  const place = userCodePlace(stack);
  const where = place === undefined ? "" : ` (at ${place})`;
  const named = unfinished.slice(0, NAMED_TASKS);
  const more = unfinished.length - named.length;
  if (more > 0) named.push(`${more} more`);
  const cut = named.length === 0 ? "" : `: cut short ${named.join(", ")}`;
  return `corun stopped: the config's code called Deno.exit(${code})${where}, which ends the ` +
    `process at once${cut}; exit code ${code === 0 ? 1 : code}`;
}

/** The tasks of a run not ended yet, as a line names them (`"big"`): running first, then waiting. */
function unfinishedTasks(live: LiveRun | undefined): string[] {
  const tasks = live?.snapshot() ?? [];
  return ["running", "waiting"].flatMap((phase) =>
    tasks.filter((task) => task.phase === phase).map((task) => `"${task.name}"`)
  );
}
