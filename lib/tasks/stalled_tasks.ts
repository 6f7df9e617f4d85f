/**
 * The tasks a stalled run fails (`stall_watch.ts`): those running when its event loop drained, each
 * waiting on a promise that nothing will settle. A stuck custom task is its own loop task, and so is
 * a response callback (`callback_runs.ts`, a child of its fetch worker's): each is cancelled alone,
 * and the rest of the run goes on (under a virtual clock, a sleep that a pending `call` held still);
 * a stall that finds nothing new to cancel (a cancelled one's `finally` is stuck too) ends the run
 * as an interrupted one does. A task named ends failed with that reason, not cancelled, and the
 * tasks that run after it are skipped; a callback's fetch fails so (never retried), and its task
 * with it.
 * @module
 */
import type { TaskRecord } from "../loop/mod.ts";
import type { CallbackRuns } from "./callback_runs.ts";
import type { TaskSnapshot } from "./report.ts";

/** The error code of a task or a fetch failed so. */
const STALLED = "STALLED";

/** The failure of a fetch whose response callback a stall cancelled. */
class StalledError extends Error {
  /** Stable code, as a stuck custom task's failure has. */
  readonly code = STALLED;

  /** @param message What it waited on (`stalledMessage`). */
  constructor(message: string) {
    super(message);
    this.name = "StalledError";
  }
}

/** Which tasks the stalls of a run failed, and why. */
export class StalledTasks {
  /** The custom tasks failed, each with what it waited on. */
  readonly #reasons = new Map<number, string>();
  /** The response callbacks running now, which a stall stops too. */
  readonly #callbacks: CallbackRuns;

  /** @param callbacks The run's response callbacks. */
  constructor(callbacks: CallbackRuns) {
    this.#callbacks = callbacks;
  }

  /**
   * Takes what is stuck at a stall: the custom tasks running, and the response callbacks that
   * nothing stopped yet.
   *
   * @param snapshot Every task as the run sees it at the stall.
   * @param handleOf The loop task of a custom task that started.
   * @returns The loop tasks that no earlier stall named, to cancel.
   */
  add(
    snapshot: readonly TaskSnapshot[],
    handleOf: (index: number) => TaskRecord | undefined,
  ): TaskRecord[] {
    const stuck: TaskRecord[] = [];
    snapshot.forEach((task, index) => {
      if (task.kind !== "custom" || task.phase !== "running" || this.#reasons.has(index)) return;
      const handle = handleOf(index);
      if (handle === undefined) return;
      // Its detail is what its coroutine waits on (`call`'s label, "promise").
      this.#reasons.set(index, task.detail);
      stuck.push(handle);
    });
    const callbacks = this.#callbacks.stopRunning((callback) =>
      new StalledError(stalledMessage(callback.waitingOn, "Its onResponse"))
    );
    return [...stuck, ...callbacks];
  }

  /**
   * The failure of a custom task a stall ended.
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
 * assertEquals(
 *   stalledMessage("the lock", "Its onResponse"),
 *   "Its onResponse waits on a promise that nothing will settle (waiting on the lock): the run " +
 *     "had nothing else left to do",
 * );
 * ```
 *
 * @param on What it waited on, as the live view names it ("" when unknown).
 * @param who What waits, when not the task itself, as the line begins (`Its onResponse`).
 * @returns One line.
 */
export function stalledMessage(on: string, who?: string): string {
  const what = on === "" ? "" : ` (waiting on ${on})`;
  const waits = who === undefined ? "Waits" : `${who} waits`;
  return `${waits} on a promise that nothing will settle${what}: the run had nothing else left to do`;
}
