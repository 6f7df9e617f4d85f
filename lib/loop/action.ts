/**
 * Bridges from callbacks and promises (Deno's I/O) into coroutines.
 * @module
 */
import { Delivered, type Effect, type Operation } from "./effect.ts";
import { describeGiven } from "./operation_check.ts";
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/** Starts a callback-style wait; returns the teardown that undoes it. */
export type ActionStart<T> = (
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
) => (() => void) | void;

class ActionEffect<T> implements Effect {
  readonly #begin: ActionStart<T>;
  readonly #label: string;
  readonly #io: boolean;
  #task: TaskRecord | undefined;
  #loop: Loop | undefined;
  #teardown: (() => void) | void = undefined;
  #ended = false;
  /** Inside `begin`: a settlement waits for the teardown `begin` has not returned yet. */
  #beginning = false;
  #earlyOk = false;
  #earlyValue: unknown = undefined;

  constructor(begin: ActionStart<T>, label: string, io: boolean) {
    this.#begin = begin;
    this.#label = label;
    this.#io = io;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#task = task;
    this.#loop = loop;
    if (this.#io) loop.beginIo();
    this.#beginning = true;
    try {
      const teardown = this.#begin(
        (value) => this.#settle(true, value),
        (error) => this.#settle(false, error),
      );
      if (teardown !== undefined && typeof teardown !== "function") {
        refuseBeginAnswer(teardown, this.#label);
      }
      this.#teardown = teardown;
    } catch (error) {
      // No teardown to run (begin never returned one); its throw wins over a settlement before it.
      this.#beginning = false;
      const rejected = this.#ended && !this.#earlyOk;
      if (!this.#ended) this.#end();
      this.#deliver(false, rejected ? new SuppressedError(error, this.#earlyValue) : error);
      return;
    }
    this.#beginning = false;
    if (this.#ended) this.#deliver(this.#earlyOk, this.#earlyValue); // settled inside begin
  }

  cancel(): void {
    if (this.#ended) return;
    this.#end();
    this.#runTeardown(); // a throw reaches Loop.cancel, which ends the task with it
  }

  describe(): string {
    return this.#label;
  }

  #settle(ok: boolean, value: unknown): void {
    if (this.#ended) return;
    this.#end();
    if (this.#beginning) {
      this.#earlyOk = ok;
      this.#earlyValue = value;
    } else this.#deliver(ok, value);
  }

  #end(): void {
    this.#ended = true;
    if (this.#io) this.#loop!.endIo();
  }

  /** Runs the teardown, then resumes the task; a teardown that throws fails it instead. */
  #deliver(ok: boolean, value: unknown): void {
    this.#earlyValue = undefined;
    try {
      this.#runTeardown();
    } catch (error) {
      // Not into whoever called resolve: the waiting task gets it (with a rejection it suppressed).
      value = ok ? error : new SuppressedError(error, value);
      ok = false;
    }
    if (ok) this.#loop!.resume(this.#task!, this, value);
    else this.#loop!.fail(this.#task!, this, value);
  }

  #runTeardown(): void {
    const teardown = this.#teardown;
    this.#teardown = undefined;
    if (teardown) teardown();
  }
}

/**
 * Suspends the current task until `begin` calls `resolve` or `reject`. The teardown `begin` returns runs
 * once, when the wait ends either way or is cancelled. A teardown that throws fails the task with its
 * error (a `SuppressedError` over a rejection it followed), also when the task is being cancelled.
 *
 * @param begin Starts the wait; a plain function, not `async` (await a promise with `call`).
 * @param label What the task waits on, for the live view.
 * @param options Whether the wait is on the outside world (`io`: virtual time then waits for it).
 * @returns An operation yielding the resolved value.
 * @throws {TypeError} When `begin` is not a function, or returns anything but a teardown function
 *   or nothing (a promise, from an `async` function).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { action, runOperation } from "@corun/corun";
 * const value = await runOperation(action<number>((resolve) => {
 *   const id = setTimeout(() => resolve(42), 1);
 *   return () => clearTimeout(id);
 * }, "timer", { io: true })); // a host timer: virtual time would wait for it
 * assertEquals(value, 42);
 * ```
 */
export function action<T>(
  begin: ActionStart<T>,
  label = "action",
  options: {
    /**
     * The wait is on the outside world (a host timer, an event, a child process), as a `call` is:
     * virtual time does not jump while it is pending. Leave it off for a wait that the loop's own
     * tasks end, or that may never end (a stop signal): virtual time would stand still for good.
     * @default false
     */
    io?: boolean;
  } = {},
): Operation<T> {
  if (typeof begin !== "function") refuseBegin(begin, label);
  const io = options.io ?? false;
  return {
    *[Symbol.iterator]() {
      return (yield new ActionEffect(begin, label, io)) as T;
    },
  };
}

class CallEffect<T> implements Effect {
  readonly #invoke: (signal: AbortSignal) => Promise<T>;
  readonly #label: string;
  readonly #release: ((value: T) => void) | undefined;
  #controller: AbortController | undefined;
  #loop: Loop | undefined;
  #settled = false;

  constructor(
    invoke: (signal: AbortSignal) => Promise<T>,
    label: string,
    release: ((value: T) => void) | undefined,
  ) {
    this.#invoke = invoke;
    this.#label = label;
    this.#release = release;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#loop = loop;
    this.#controller = new AbortController();
    let promise: Promise<T>;
    try {
      // A plain JavaScript caller may return a value or a thenable: taken as `await` takes it (a
      // native promise is itself), so the handlers below always attach and endIo always comes.
      promise = Promise.resolve(this.#invoke(this.#controller.signal));
    } catch (error) {
      this.#settled = true;
      loop.fail(task, this, error);
      return;
    }
    loop.beginIo();
    promise.then(
      (value) => {
        if (this.#settle()) loop.resume(task, this, this.#deliver(value));
        else if (this.#release !== undefined) this.#releaseLate(task, value);
      },
      (error) => this.#settle() && loop.fail(task, this, error),
    );
  }

  /**
   * Lets go of a value that came after a cancel: nobody will take it. A release that throws fails
   * the task if it is still unwinding, as a teardown that throws does; once the task has ended
   * there is nothing left to fail, and it is dropped. Let through, it was a rejection nothing
   * handled, which ended the whole process.
   */
  #releaseLate(task: TaskRecord, value: T): void {
    try {
      this.#release!(value);
    } catch (error) {
      if (!task.isFinished) task.addCancelError(error);
    }
  }

  /** The value as the task gets it: wrapped when it holds something to release (`Delivered`). */
  #deliver(value: T): T | Delivered<T> {
    return this.#release === undefined ? value : new Delivered(value, this.#release);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#loop!.endIo();
    return true;
  }

  cancel(): void {
    if (!this.#settle()) return;
    this.#controller!.abort(
      new DOMException(`Cancelled while waiting on ${this.#label}`, "AbortError"),
    );
  }

  describe(): string {
    return this.#label;
  }
}

/**
 * Awaits a promise inside a coroutine. If the task is cancelled first, `signal` is aborted and the
 * promise's outcome is ignored.
 *
 * @param invoke Starts the asynchronous work; should stop when `signal` aborts.
 * @param label What the task waits on, for the live view.
 * @param release Lets go of a value the task never takes, because it was cancelled first: before
 *   the promise resolved, or after and before it ran again (an open connection, a file, a lock).
 *   One that throws fails the task if it is still being cancelled; after it ended, it is ignored.
 * @returns An operation yielding the promise's value.
 * @throws Whatever the promise rejects with.
 * @throws {TypeError} When `invoke` is not a function (a promise given as it is: `call(work())`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { call, runOperation } from "@corun/corun";
 * const text = await runOperation(call(() => Promise.resolve("hi"), "greeting"));
 * assertEquals(text, "hi");
 * ```
 */
export function call<T>(
  invoke: (signal: AbortSignal) => Promise<T>,
  label = "promise",
  release?: (value: T) => void,
): Operation<T> {
  if (typeof invoke !== "function") refuseInvoke(invoke, label);
  return {
    *[Symbol.iterator]() {
      const taken = yield new CallEffect(invoke, label, release);
      return (release === undefined ? taken : (taken as Delivered<T>).value) as T;
    },
  };
}

/**
 * Refuses what `action`'s begin returned that is no teardown: a promise from an `async` begin (what
 * it throws would be a rejection nothing handles, which ends the whole process, every other task
 * with it), or any other value ("teardown is not a function" once the wait ended, or a wait that
 * never ended).
 */
function refuseBeginAnswer(returned: unknown, label: string): never {
  throw new TypeError(
    `Cannot wait on ${label}: action()'s begin returned ${
      describeGiven(returned)
    }; it must return its teardown (a function), or nothing; to await a promise use ` +
      "call(() => work())",
  );
}

/** Refuses an `action` given no begin function: it failed with "#begin is not a function". */
function refuseBegin(begin: unknown, label: string): never {
  throw new TypeError(
    `Cannot wait on ${label}: action() expects a function begin(resolve, reject), got ${
      describeGiven(begin, "a promise (to await one use call(() => work()))")
    }`,
  );
}

/**
 * Refuses what `call` cannot start: a promise given as it is (`call(work())`) would be invoked as a
 * function ("this[#invoke] is not a function"), and its rejection, which nothing then handles,
 * would end the whole process, every other task with it.
 */
function refuseInvoke(invoke: unknown, label: string): never {
  throw new TypeError(
    `Cannot wait on ${label}: call() expects a function that starts the work and returns its ` +
      `promise, call(() => work()), got ${describeGiven(invoke, "a promise")}`,
  );
}
