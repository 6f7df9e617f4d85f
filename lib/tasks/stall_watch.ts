/**
 * Deno's `beforeunload`, which comes when its event loop has drained: nothing is left but promises
 * that nothing will settle (a custom task awaiting one that never resolves). Without a word the
 * process would then end with exit code 0, the run unfinished. One listener for the process owns
 * it: the runs going are told first, and one that can still end (it fails its stuck tasks, which
 * schedules the work of ending) keeps the process alive (`preventDefault`); only when none can are
 * the last words said (`watchUnendedStall`: the command line's, the library's `run()`), and the
 * process ends.
 * @module
 */

/** The runs going: each says whether it took the stall on (it will end). */
const runs = new Set<() => boolean>();
/** Said when no run could end: the process ends right after. */
const lastWords = new Set<() => void>();

function onBeforeUnload(event: Event): void {
  let ending = false;
  for (const run of [...runs]) {
    if (run()) ending = true;
  }
  if (ending) {
    event.preventDefault();
    return;
  }
  for (const say of [...lastWords]) say();
}

/** Listens while anyone watches. */
function watch<T>(set: Set<T>, watcher: T): Disposable {
  if (runs.size + lastWords.size === 0) {
    globalThis.addEventListener("beforeunload", onBeforeUnload);
  }
  set.add(watcher);
  return {
    [Symbol.dispose]() {
      if (!set.delete(watcher)) return;
      if (runs.size + lastWords.size === 0) {
        globalThis.removeEventListener("beforeunload", onBeforeUnload);
      }
    },
  };
}

/**
 * Tells `stalled` of every stall while the run goes, until disposed.
 *
 * @param stalled Fails what is stuck and returns true, so the process waits for the run to end;
 *   false when it can do nothing more (it did so once, and is stuck again).
 * @returns Stops telling it.
 */
export function watchRunStall(stalled: () => boolean): Disposable {
  return watch(runs, stalled);
}

/**
 * Has `say` called when the event loop drains and no run going can end, until disposed.
 *
 * @param say Says so (and sets the exit code, or exits): synchronously, the process ends after it.
 * @returns Stops it.
 */
export function watchUnendedStall(say: () => void): Disposable {
  return watch(lastWords, say);
}
