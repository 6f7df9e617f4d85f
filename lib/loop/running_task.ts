/**
 * The task whose generator the loop is stepping right now. Steps are synchronous and one loop steps
 * one task at a time (a loop's pump never runs inside another's step), so code running inside a
 * generator can ask for its own task without yielding to the loop.
 * @module
 */
import type { TaskRecord } from "./task.ts";

let running: TaskRecord | undefined;

/**
 * The task being stepped, or undefined outside a step (a generator driven by hand).
 *
 * @returns The running task.
 */
export function runningTask(): TaskRecord | undefined {
  return running;
}

/**
 * Set by the loop around each step of a generator.
 *
 * @param task The task about to be stepped, or undefined once the step is over.
 */
export function setRunningTask(task: TaskRecord | undefined): void {
  running = task;
}
