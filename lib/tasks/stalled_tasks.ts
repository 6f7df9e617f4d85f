/**
 * The tasks a stalled run fails (`stall_watch.ts`): those running when its event loop drained, each
 * waiting on a promise that nothing will settle. A stuck custom task is cancelled alone, and the
 * rest of the run goes on (under a virtual clock, a sleep that a pending `call` held still); when
 * the stall names a response callback (it runs inside a fetch worker) or nothing at all, the run
 * ends as an interrupted one does (its root cancelled). Either way the tasks named end failed with
 * that reason, not cancelled; the tasks that run after them are skipped.
 * @module
 */
import type { TaskSnapshot } from "./report.ts";

/** The error code of a task failed so. */
const STALLED = "STALLED";

/** Which tasks the stalls of a run failed, and why. */
export class StalledTasks {
  readonly #reasons = new Map<number, string>();

  /**
   * Takes the tasks stuck at a stall.
   *
   * @param snapshot Every task as the run sees it at the stall.
   * @param fetching The tasks with a fetch in flight (its response callback waits).
   * @returns The tasks no earlier stall named, each with whether it is stuck in a response callback
   *   (a fetch task's) rather than in its own coroutine (a custom task's).
   */
  add(
    snapshot: readonly TaskSnapshot[],
    fetching: ReadonlySet<string>,
  ): { index: number; inCallback: boolean }[] {
    const added: { index: number; inCallback: boolean }[] = [];
    snapshot.forEach((task, index) => {
      if (task.phase !== "running" || this.#reasons.has(index)) return;
      // A custom task's detail is what its coroutine waits on (`call`'s label, "promise"); a fetch
      // task's is a count, and what waits is a response callback of one of its fetches.
      if (task.kind === "custom") {
        this.#reasons.set(index, task.detail);
        added.push({ index, inCallback: false });
      } else if (task.kind === "fetch" && fetching.has(task.name)) {
        this.#reasons.set(index, "a response callback");
        added.push({ index, inCallback: true });
      }
    });
    return added;
  }

  /**
   * The failure of a task a stall ended.
   *
   * @param index The task's position.
   * @returns Its error, or undefined when it was not stuck (cancelled as by an interrupt).
   */
  failure(index: number): { code: string; message: string } | undefined {
    const on = this.#reasons.get(index);
    if (on === undefined) return undefined;
    return { code: STALLED, message: stalledMessage(on) };
  }
}

/**
 * What a stuck task's failure says.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { stalledMessage } from "./stalled_tasks.ts";
 * assertEquals(
 *   stalledMessage("promise"),
 *   "Waits on a promise that nothing will settle (waiting on promise): the run had nothing " +
 *     "else left to do",
 * );
 * ```
 *
 * @param on What it waited on, as the live view names it ("" when unknown).
 * @returns One line.
 */
export function stalledMessage(on: string): string {
  const what = on === "" ? "" : ` (waiting on ${on})`;
  return `Waits on a promise that nothing will settle${what}: the run had nothing else left to do`;
}
