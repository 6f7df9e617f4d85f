/**
 * Structured concurrency: task groups, `all` and `race`. Nothing started in a group outlives it.
 * @module
 */
import type { Effect, Operation, OperationResult } from "./effect.ts";
import { TaskGroupError } from "./errors.ts";
import { describeGiven, isOperation } from "./operation_check.ts";
import type { Loop } from "./loop.ts";
import { join, scopedTask, type SpawnOptions, startChild, withLoop } from "./spawn.ts";
import type { Task, TaskRecord } from "./task.ts";
import { unrunWatchOf } from "./unrun_watch.ts";

/** A handle for starting tasks inside {@linkcode taskGroup}. */
export interface TaskGroup {
  /** Starts `operation` in the group; returns its handle at once. */
  spawn<T>(operation: Operation<T>, options?: SpawnOptions): Operation<Task<T>>;
}

/** Options for {@linkcode taskGroup}. */
export interface TaskGroupOptions {
  /** Name of the group's scope task. @default "group" */
  name?: string;
}

/**
 * Runs `body` with a group it can start tasks in. The group ends when the body and every task in it
 * have ended. If any of them fails, the rest are cancelled and the group throws a `TaskGroupError`
 * listing every failure.
 *
 * @param body Starts the group's tasks; its return value is the group's.
 * @param options The group's name.
 * @returns The body's result.
 * @throws TaskGroupError with every failure.
 * @throws {TypeError} When `body` returns no operation (an `async` body: write `function*`).
 * @throws {Error} When the group's `spawn` is used after the group ended.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createVirtualClock, runOperation, sleep, taskGroup } from "@corun/corun";
 * const clock = createVirtualClock();
 * await runOperation(taskGroup(function* (group) {
 *   yield* group.spawn(sleep(20));
 *   yield* group.spawn(sleep(10));
 * }), { clock });
 * assertEquals(clock.now(), 20); // the group waited for both
 * ```
 */
export function taskGroup<T>(
  body: (group: TaskGroup) => Operation<T>,
  options: TaskGroupOptions = {},
): Operation<T> {
  return scopedTask(
    {
      *[Symbol.iterator]() {
        const scope = yield* withLoop((task) => task);
        // A spawn never run (no `yield*`) starts nothing: the user's code is told, as of its ctx's.
        const watch = unrunWatchOf(scope);
        const group: TaskGroup = {
          spawn: <C>(operation: Operation<C>, spawnOptions: SpawnOptions = {}) => {
            const spawning = withLoop((_, loop) => {
              // A group kept past its end: its task would outlive the group, unwatched.
              if (scope.isFinished) {
                throw new Error(`Cannot spawn in task group "${scope.name}": it has ended`);
              }
              return startChild(loop, operation, { name: spawnOptions.name, parent: scope });
            });
            return watch ? watch.track("group.spawn", spawnOptions.name, spawning) : spawning;
          },
        };
        const operation = body(group);
        if (!isOperation<T>(operation)) refuseBody(operation, scope.name);
        return yield* operation;
      },
    },
    { name: options.name ?? "group", waitsForChildren: true, isGroup: true },
  );
}

/**
 * Refuses what a group's body returned that is no operation: an `async` body's promise, whose
 * rejection nothing handled, ended the whole process; anything else failed with "yield*
 * (intermediate value) is not iterable".
 */
function refuseBody(returned: unknown, name: string): never {
  throw new TypeError(
    `Cannot run task group "${name}": its body returned ${
      describeGiven(returned)
    }, not an operation; write it as function* (group) { ... }, that waits with yield*`,
  );
}

/**
 * Runs operations concurrently and returns their results in order. If one fails, the others are
 * cancelled and its error is thrown (a `TaskGroupError` when several failed at once).
 *
 * @param operations What to run.
 * @returns Every result, in the order given.
 * @throws The first failure.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { all, runOperation, sleep } from "@corun/corun";
 * const results = await runOperation(all([
 *   function* () { yield* sleep(2); return "a"; }(),
 *   function* () { yield* sleep(1); return "b"; }(),
 * ]));
 * assertEquals(results, ["a", "b"]);
 * ```
 */
export function all<const O extends readonly Operation<unknown>[]>(
  operations: O,
): Generator<Effect, { -readonly [K in keyof O]: OperationResult<O[K]> }>;
/**
 * Runs operations concurrently and returns their results in order (any iterable of them).
 *
 * @param operations What to run.
 * @returns Every result, in the order given.
 * @throws The first failure.
 */
export function all<T>(operations: Iterable<Operation<T>>): Generator<Effect, T[]>;
export function* all<T>(operations: Iterable<Operation<T>>): Generator<Effect, T[]> {
  try {
    return yield* taskGroup(function* (group) {
      const tasks: Task<T>[] = [];
      for (const operation of operations) tasks.push(yield* group.spawn(operation));
      const results: T[] = [];
      for (const task of tasks) results.push(yield* join(task));
      return results;
    }, { name: "all" });
  } catch (error) {
    if (error instanceof TaskGroupError && error.errors.length === 1) throw error.errors[0];
    throw error;
  }
}

class FirstEndedEffect implements Effect {
  readonly #tasks: TaskRecord[];
  #observer: ((task: TaskRecord) => void) | undefined;

  constructor(tasks: TaskRecord[]) {
    this.#tasks = tasks;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#observer = (ended) => {
      if (task.effect !== this) return; // decided already: a loser ending
      // The losers are cancelled now, not when the race's scope steps next: one already resumed at
      // this instant (handed a channel value, a permit) is then halted before it runs, and its
      // `finally` gives back what it was handed instead of running on and dropping it.
      for (const contender of this.#tasks) if (contender !== ended) loop.cancel(contender);
      loop.resume(task, this, ended);
    };
    for (const contender of this.#tasks) contender.observe(this.#observer);
  }

  cancel(): void {
    for (const contender of this.#tasks) contender.unobserve(this.#observer!);
  }

  describe(): string {
    return `race of ${this.#tasks.length}`;
  }
}

/**
 * Runs operations concurrently; the first to end wins and the others are cancelled (their `finally`
 * blocks run before `race` returns).
 *
 * @param operations The contenders.
 * @returns The winner's result.
 * @throws The winner's error.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { race, runOperation, sleep } from "@corun/corun";
 * const winner = await runOperation(race([
 *   function* () { yield* sleep(5); return "slow"; }(),
 *   function* () { yield* sleep(1); return "fast"; }(),
 * ]));
 * assertEquals(winner, "fast");
 * ```
 */
export function race<const O extends readonly Operation<unknown>[]>(
  operations: O,
): Operation<OperationResult<O[number]>>;
/**
 * Runs operations concurrently (any iterable of them); the first to end wins and the others are
 * cancelled.
 *
 * @param operations The contenders.
 * @returns The winner's result.
 * @throws The winner's error.
 */
export function race<T>(operations: Iterable<Operation<T>>): Operation<T>;
export function race<T>(operations: Iterable<Operation<T>>): Operation<T> {
  return scopedTask({
    *[Symbol.iterator]() {
      const contenders = yield* withLoop((task, loop) =>
        [...operations].map((operation) =>
          startChild(loop, operation, { parent: task, propagate: false })
        )
      );
      if (contenders.length === 0) throw new RangeError("Cannot race: no operations were given");
      const winner = (yield new FirstEndedEffect(contenders)) as TaskRecord<T>;
      return yield* join(winner);
    },
  }, { name: "race" });
}
