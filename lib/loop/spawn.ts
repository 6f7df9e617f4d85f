/**
 * Spawning children, joining them, halting them, and running an operation in a child scope.
 * @module
 */
import { type Effect, type Operation, SelfYieldingEffect } from "./effect.ts";
import { TaskCancelledError } from "./errors.ts";
import type { Loop } from "./loop.ts";
import { runningLoop } from "./running_task.ts";
import type { Task, TaskRecord, TaskRecordOptions } from "./task.ts";

/** Options for {@linkcode spawn}. */
export interface SpawnOptions {
  /** Name shown in the live view and reports. @default "task-<id>" */
  name?: string;
}

/** Options for {@linkcode scoped}. */
export interface ScopedOptions {
  /** Name of the scope's task, shown in the live view and reports. @default "task-<id>" */
  name?: string;
}

/** An effect that finishes at once with a value computed from the current task and loop. */
class ImmediateEffect<T> extends SelfYieldingEffect<T> {
  readonly #compute: (task: TaskRecord, loop: Loop) => T;
  readonly #label: string;

  constructor(compute: (task: TaskRecord, loop: Loop) => T, label: string) {
    super();
    this.#compute = compute;
    this.#label = label;
  }

  start(task: TaskRecord, loop: Loop): void {
    let value: T;
    try {
      value = this.#compute(task, loop);
    } catch (error) {
      loop.fail(task, this, error);
      return;
    }
    loop.resume(task, this, value);
  }

  cancel(): void {}

  describe(): string {
    return this.#label;
  }
}

/** Runs `compute` with the current task and loop and returns its value. Building block for effects. */
export function withLoop<T>(compute: (task: TaskRecord, loop: Loop) => T): Operation<T> {
  return new ImmediateEffect(compute, "start");
}

/**
 * The loop running the current task. Inside a step it is read at once, where `withLoop` sends the
 * task to the back of the loop's queue for it (a fetch reads it twice: its start time, its
 * watchdog's timers). A generator driven outside a step asks its driver, as `withLoop` does.
 *
 * @returns The loop.
 */
export function currentLoop(): Operation<Loop> {
  const loop = runningLoop();
  if (loop === undefined) return withLoop((_, current) => current);
  let done = loopDone.get(loop);
  if (done === undefined) loopDone.set(loop, done = immediately(loop));
  return done;
}

/** An operation that ends at once with its loop, one per loop (a fetch asks twice). */
const loopDone = new WeakMap<Loop, Operation<Loop>>();

/**
 * Lets every task that is ready take its next step before this one goes on: the loop steps the ready
 * tasks in batches, and this task joins the next one. Many tasks that run the same stages (a run's
 * fetch workers, whose responses arrive together) then run each stage together, one task after
 * another, instead of each running all of its stages back to back: on 10,000 small files that took
 * about a fifth less time (presumably the same code, hot in the processor's caches, many times over).
 */
export function letOthersRun(): Operation<void> {
  return LET_OTHERS_RUN_STEP;
}

/** What the effect resumes its task with: the sign that the step is over. */
const RESUMED = Symbol("let others run: resumed");

/** One effect for every call: it holds nothing of its task (a fetch asks for several). */
const LET_OTHERS_RUN = new ImmediateEffect(() => RESUMED, "let others run");

const YIELD_EFFECT: IteratorResult<Effect, void> = Object.freeze({
  done: false,
  value: LET_OTHERS_RUN,
});
const STEP_OVER: IteratorResult<Effect, void> = Object.freeze({ done: true, value: undefined });

/**
 * The whole operation, shared by every call: it yields the effect, and ends when resumed with
 * `RESUMED`. Holding no state, it allocates nothing (a fetch lets the others run four times; a
 * generator each was 4% of the garbage of a small fetch).
 */
const LET_OTHERS_RUN_STEP: Operation<void> & Iterator<Effect, void, unknown> = {
  next: (sent?: unknown) => sent === RESUMED ? STEP_OVER : YIELD_EFFECT,
  [Symbol.iterator]() {
    return this;
  },
};

/**
 * An operation that ends at once with `value`, taking no step of the loop: for a function that only
 * sometimes needs to wait, on its path that does not (one small object, no generator).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { immediately, runOperation } from "./mod.ts";
 * assertEquals(await runOperation(immediately(42)), 42);
 * ```
 *
 * @param value What the operation returns.
 * @returns The operation.
 */
export function immediately<T>(value: T): Operation<T> {
  return new Immediately(value);
}

/** See `immediately`: one object and its methods on the prototype, no closures per call. */
class Immediately<T> implements Operation<T>, Iterator<Effect, T, unknown> {
  readonly #done: IteratorReturnResult<T>;

  constructor(value: T) {
    this.#done = { done: true, value };
  }

  [Symbol.iterator](): Iterator<Effect, T, unknown> {
    return this;
  }

  next(): IteratorResult<Effect, T> {
    return this.#done;
  }
}

/** Creates and schedules a child task. */
export function startChild<T>(
  loop: Loop,
  operation: Operation<T>,
  options: TaskRecordOptions,
): TaskRecord<T> {
  const child = loop.createTask(operation, options);
  loop.schedule(child);
  return child;
}

/**
 * Starts `operation` as a child of the current task and returns its handle at once. A child never
 * outlives its parent: when the parent ends, its children are cancelled. A child that fails makes its
 * parent fail too (use `taskGroup`, `all` or a `try` around `scoped` to handle failures in place).
 *
 * @param operation What the child runs.
 * @param options The child's name.
 * @returns The child's handle.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { join, runOperation, sleep, spawn } from "@corun/corun";
 * const result = await runOperation(function* () {
 *   const child = yield* spawn(function* () { yield* sleep(5); return 1; }(), { name: "one" });
 *   return yield* join(child);
 * }());
 * assertEquals(result, 1);
 * ```
 */
export function spawn<T>(operation: Operation<T>, options: SpawnOptions = {}): Operation<Task<T>> {
  return withLoop((task, loop) =>
    startChild(loop, operation, { name: options.name, parent: task, propagate: true })
  );
}

class JoinEffect<T> implements Effect {
  readonly #target: TaskRecord<T>;
  #observer: ((ended: TaskRecord) => void) | undefined;

  constructor(target: TaskRecord<T>) {
    this.#target = target;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#observer = (ended) => {
      if (ended.state === "done") loop.resume(task, this, ended.result);
      else if (ended.state === "failed") loop.fail(task, this, ended.error);
      else loop.fail(task, this, new TaskCancelledError(ended.name));
    };
    this.#target.observe(this.#observer);
  }

  cancel(): void {
    if (this.#observer) this.#target.unobserve(this.#observer);
  }

  describe(): string {
    return `join ${this.#target.name}`;
  }
}

/**
 * Waits for a task to end and returns its result.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { join, runOperation, sleep, spawn } from "@corun/corun";
 * const result = await runOperation(function* () {
 *   const slow = yield* spawn(function* () { yield* sleep(5); return "slow"; }());
 *   const fast = yield* spawn(function* () { yield* sleep(1); return "fast"; }());
 *   return [yield* join(slow), yield* join(fast)]; // each in turn, whichever ends first
 * }());
 * assertEquals(result, ["slow", "fast"]);
 * ```
 *
 * @param task A handle from `spawn`.
 * @returns The task's result.
 * @throws The task's error, or `TaskCancelledError` if it was cancelled.
 */
export function* join<T>(task: Task<T>): Generator<Effect, T> {
  return (yield new JoinEffect(task as TaskRecord<T>)) as T;
}

/**
 * Cancels a task and waits until its `finally` blocks have run.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { halt, runOperation, sleep, spawn } from "@corun/corun";
 * const steps: string[] = [];
 * await runOperation(function* () {
 *   const worker = yield* spawn(function* () {
 *     try {
 *       yield* sleep(60_000);
 *     } finally {
 *       steps.push("worker cleaned up");
 *     }
 *   }());
 *   yield* sleep(1);
 *   yield* halt(worker);
 *   steps.push("halted");
 * }());
 * assertEquals(steps, ["worker cleaned up", "halted"]);
 * ```
 *
 * @param task A handle from `spawn`.
 * @returns When the task has ended.
 */
export function* halt(task: Task<unknown>): Generator<Effect, void> {
  const record = task as TaskRecord;
  yield* withLoop((_, loop) => loop.cancel(record));
  if (record.isFinished) return;
  try {
    yield* join(record);
  } catch {
    // Its outcome is not ours to report: we only wait for the teardown.
  }
}

/**
 * Runs `operation` in a child scope and waits for it: the child's children end before this returns,
 * and a failure arrives here as a normal exception the caller can catch.
 *
 * @param operation What the scope runs.
 * @param options The scope's name.
 * @returns The operation's result.
 * @throws The operation's error, or a child's that it did not handle.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { runOperation, scoped, spawn } from "@corun/corun";
 * const caught = await runOperation(function* () {
 *   try {
 *     yield* scoped(function* () {
 *       yield* spawn(function* () { throw new Error("child failed"); }());
 *     }());
 *     return "no error";
 *   } catch (error) {
 *     return (error as Error).message;
 *   }
 * }());
 * assertEquals(caught, "child failed");
 * ```
 */
export function scoped<T>(
  operation: Operation<T>,
  options: ScopedOptions = {},
): Generator<Effect, T> {
  return scopedTask(operation, options);
}

/** {@linkcode scoped} with the loop's own task options (a task group waits for its children). */
export function* scopedTask<T>(
  operation: Operation<T>,
  options: Omit<TaskRecordOptions, "parent" | "propagate">,
): Generator<Effect, T> {
  const child = yield* withLoop((task, loop) =>
    startChild(loop, operation, { ...options, parent: task, propagate: false })
  );
  return yield* join(child);
}
