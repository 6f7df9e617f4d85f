/**
 * Running a coroutine from plain async code (asyncio's `run_until_complete`).
 * @module
 */
import type { Clock } from "./clock.ts";
import type { Operation } from "./effect.ts";
import { Loop } from "./loop.ts";

/** Options for {@linkcode runOperation}. */
export interface RunOperationOptions {
  /** Time source; a virtual clock makes sleeps and timeouts take no real time. @default system clock */
  clock?: Clock;
  /** The root task's name. @default "main" */
  name?: string;
}

/**
 * Runs `operation` on a new loop of its own and settles when it (and everything it started) ends.
 *
 * @param operation What to run.
 * @param options Clock and root task name.
 * @returns The operation's result.
 * @throws The operation's error.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createVirtualClock, runOperation, sleep } from "@corun/corun";
 * const clock = createVirtualClock();
 * await runOperation(sleep(60_000), { clock }); // returns at once
 * assertEquals(clock.now(), 60_000);
 * ```
 */
export function runOperation<T>(
  operation: Operation<T>,
  options: RunOperationOptions = {},
): Promise<T> {
  return new Loop({ clock: options.clock }).runUntilComplete(operation, options.name);
}
