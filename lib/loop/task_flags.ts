/**
 * How a task record keeps its booleans, resume mode and state in one small integer: a million sleeping
 * tasks are a million records, and eight boolean fields would cost as much as the rest of a record.
 * @module
 */
import type { TaskState } from "./task_view.ts";

/** How the next step resumes the generator: `next(value)`, `throw(value)` or `return()`. */
export type ResumeMode = "next" | "throw" | "return";

export const PROPAGATE = 1;
export const WAITS_FOR_CHILDREN = 2;
export const IS_GROUP = 4;
export const QUEUED = 8;
export const CANCELLING = 16;
export const BODY_HALTED = 32;
export const BODY_ENDED = 64;
export const BODY_FAILED = 128;
// Bits 8-9: how the next step resumes; bits 10-12: the state (indices into the tables below);
// bit 13: suspended on an effect, which the outcome slot then holds.
export const SUSPENDED = 1 << 13;
export const MODE_SHIFT = 8;
export const STATE_SHIFT = 10;
export const MODES: readonly ResumeMode[] = ["next", "throw", "return"];
export const STATES: readonly TaskState[] = [
  "pending",
  "running",
  "waiting",
  "done",
  "failed",
  "cancelled",
];
export const MODE_MASK = 3 << MODE_SHIFT;
export const STATE_MASK = 7 << STATE_SHIFT;
