/**
 * The task whose generator the loop is stepping right now. Steps are synchronous and one loop steps
 * one task at a time (a loop's pump never runs inside another's step), so code running inside a
 * generator can ask for its own task without yielding to the loop.
 *
 * The slot lives on `globalThis` under a `Symbol.for` key, not in a module variable: a TypeScript
 * config run by the bundled command line imports `mod.ts` from the sources, so two copies of this
 * module are loaded, and the config's `cleanup` must see the task the bundle's loop is stepping.
 * @module
 */
import type { TaskRecord } from "./task.ts";

/** What the loop copies share: the task being stepped. */
interface RunningSlot {
  task: TaskRecord | undefined;
}

const SLOT = Symbol.for("corun.loop.runningTask");
const slot: RunningSlot = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {
  task: undefined,
}) as RunningSlot;

/**
 * The task being stepped, or undefined outside a step (a generator driven by hand).
 *
 * @returns The running task.
 */
export function runningTask(): TaskRecord | undefined {
  return slot.task;
}

/**
 * Set by the loop around each step of a generator.
 *
 * @param task The task about to be stepped, or undefined once the step is over.
 */
export function setRunningTask(task: TaskRecord | undefined): void {
  slot.task = task;
}
