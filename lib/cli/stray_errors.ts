/**
 * The command line's catch of the errors a config's code lets go outside any task (lib/tasks
 * `stray_errors.ts`), for the whole command while it runs as the program (`runAsProgram`): each is
 * a warning of the runs going at that moment, whose exit code is then at least 1 (which run's code
 * it came from cannot be told: each says it); between runs (a schedule waiting for its next fire, a
 * worker) a warning on stderr. Either way the command's exit code is at least 1.
 * @module
 */
import { catchStrayErrors } from "../tasks/mod.ts";
import { warningLine } from "./format.ts";

/** The runs going now: each is told every stray error. */
const watchers = new Set<(message: string) => void>();

/**
 * Tells `report` each stray error caught until disposed (one run's: `guarded_run.ts`). Nothing is
 * caught unless the program catches them (`catchProgramStrays`).
 *
 * @param report Says the error as a warning of the run, and fails the run.
 * @returns Stops telling it.
 */
export function watchStrayErrors(report: (message: string) => void): Disposable {
  const watcher = (message: string) => report(message);
  watchers.add(watcher);
  return { [Symbol.dispose]: () => void watchers.delete(watcher) };
}

/** The program's catch of stray errors, until disposed. */
export interface ProgramStrays extends Disposable {
  /** How many were caught: the program's exit code is at least 1 once one was. */
  readonly count: number;
}

/**
 * Catches stray errors for the program until disposed, telling the runs going now.
 *
 * @param writeStderr Where one caught while no run goes is said.
 * @returns The catch, and how many it caught.
 */
export function catchProgramStrays(writeStderr: (text: string) => void): ProgramStrays {
  let count = 0;
  // The command line runs no code but corun's and the config's: it can say whose it was.
  const caught = catchStrayErrors((message) => {
    count++;
    if (watchers.size === 0) writeStderr(warningLine(message));
    for (const watcher of [...watchers]) {
      try {
        watcher(message);
      } catch {
        // A run that cannot say it still fails (its watcher counted it first); the rest are told.
      }
    }
  }, "config");
  return {
    get count() {
      return count;
    },
    [Symbol.dispose]: () => caught[Symbol.dispose](),
  };
}
