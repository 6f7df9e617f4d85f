/**
 * The task whose generator the loop is stepping right now, and that loop. Steps are synchronous and
 * one loop steps one task at a time (a loop's pump never runs inside another's step), so code running
 * inside a generator can ask for its own task and loop without yielding to the loop.
 *
 * The slot lives on `globalThis` under a `Symbol.for` key, not in a module variable: a TypeScript
 * config run by the bundled command line imports `mod.ts` from the sources, so two copies of this
 * module are loaded, and the config's `cleanup` must see the task the bundle's loop is stepping.
 * @module
 */
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/** What the loop copies share: the task being stepped, and its loop. */
interface RunningSlot {
  task: TaskRecord | undefined;
  loop: Loop | undefined;
}

const SLOT = Symbol.for("corun.loop.runningTask");
const slot: RunningSlot = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {
  task: undefined,
  loop: undefined,
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
 * The loop stepping the running task, or undefined outside a step.
 *
 * @returns The loop.
 */
export function runningLoop(): Loop | undefined {
  return slot.loop;
}

/**
 * Set by the loop around each step of a generator.
 *
 * @param task The task about to be stepped, or undefined once the step is over.
 * @param loop The loop stepping it.
 */
export function setRunningTask(task: TaskRecord | undefined, loop?: Loop): void {
  slot.task = task;
  slot.loop = loop;
}
