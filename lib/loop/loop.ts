/**
 * The event loop: a run queue, a timer heap and one host timer (and a second pair for the timers
 * that must not keep the process alive, `TimerEntry.unref`). `#pump` is the one place where
 * coroutines are stepped; everything else (effects, promise callbacks, timers) only enqueues.
 * @module
 */
import { type Clock, createSystemClock } from "./clock.ts";
import { Delivered, type Effect, isEffect, type Operation } from "./effect.ts";
import { CancelledError, kindOfValue } from "./errors.ts";
import { HostTimer, startHostTimer } from "./host_timer.ts";
import { isOperation, notAnOperation } from "./operation_check.ts";
import { setRunningTask } from "./running_task.ts";
import { type ResumeMode, TaskRecord, type TaskRecordOptions } from "./task.ts";
import { type TimerEntry, TimerHeap } from "./timer_heap.ts";

/**
 * Steps the loop takes before it hands control back to the host (a host timer of 0 ms) so I/O
 * callbacks, aborts and signal listeners can run: counted across pumps, however each was woken.
 */
const STEPS_PER_HOST_TURN = 65_536;

/** Options for {@linkcode Loop}. */
export interface LoopOptions {
  /** Time source. @default createSystemClock() */
  clock?: Clock;
}

/**
 * One event loop. Each run of corun has its own, and {@linkcode runOperation} makes one per call;
 * make one yourself to run several operations in turn on one clock.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createVirtualClock, Loop, sleep } from "@corun/corun";
 * const loop = new Loop({ clock: createVirtualClock() });
 * await loop.runUntilComplete(sleep(1_000), "warm-up");
 * await loop.runUntilComplete(sleep(500), "measure"); // its time goes on from the first's end
 * assertEquals(loop.clock.now(), 1_500);
 * assertEquals(loop.liveTaskCount, 0);
 * ```
 */
export class Loop {
  /** The loop's time source. */
  readonly clock: Clock;
  /**
   * Tasks to step: the first `#runCount` entries. Emptied by count, not by `length = 0`, which
   * would drop the array's room (V8 then grows it again, 17, 41, 77... slots, for every batch).
   */
  #runQueue: (TaskRecord | undefined)[] = [];
  #runCount = 0;
  /** The last batch's array, emptied: the next batch's queue (no new array for every batch). */
  #spareQueue: (TaskRecord | undefined)[] = [];
  #timers = new TimerHeap();
  /** Timers that do not keep the process alive (`TimerEntry.unref`), under a host timer of their own. */
  #unrefTimers = new TimerHeap();
  #pendingIo = 0;
  #liveTasks = 0;
  #nextTaskId = 1;
  #pumpScheduled = false;
  #pumping = false;
  /**
   * Steps since the host last ran its macrotasks (a host timer woke the pump). Not reset by a pump
   * a settled promise woke: that is a microtask, and a task that keeps awaiting promises which
   * settle at once would otherwise keep the host from its I/O and signals for ever.
   */
  #stepsSinceHostTurn = 0;
  /** What either host timer does when it fires: pump, unless a pump is on its way. */
  #wakeFromHost = (): void => {
    if (!this.#pumpScheduled) this.#pumpAfterHostTurn();
  };
  #hostTimer = new HostTimer(this.#wakeFromHost);
  #unrefHostTimer = new HostTimer(this.#wakeFromHost, { unref: true });
  #nowMs: number;
  /** Parents of children that failed during the current batch, cancelled once the batch is done. */
  #failedParents: TaskRecord[] = [];
  /** What `whenIdle` deferred to the end of the pump. */
  #idleCallbacks: (() => void)[] = [];

  /**
   * Makes a loop with nothing to run yet; {@linkcode Loop.runUntilComplete} runs an operation on it.
   *
   * @param options The clock to use.
   */
  constructor(options: LoopOptions = {}) {
    this.clock = options.clock ?? createSystemClock();
    this.#nowMs = this.clock.now();
  }

  /**
   * The loop's time: the clock, read once per batch of steps rather than per task (reading the system
   * clock is a call into the runtime, and a million tasks started together share one instant anyway).
   */
  now(): number {
    return this.#nowMs;
  }

  /** Tasks that have not ended. */
  get liveTaskCount(): number {
    return this.#liveTasks;
  }

  /**
   * Runs `operation` as a root task and settles when it ends (its children ended too).
   *
   * @param operation What to run.
   * @param name The root task's name.
   * @returns The operation's result.
   * @throws The operation's error, or a DOMException "AbortError" if it was cancelled.
   */
  runUntilComplete<T>(operation: Operation<T>, name = "main"): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const root = this.createTask(operation, { name, propagate: false });
      root.observe((task) => {
        if (task.state === "done") resolve(task.result as T);
        else if (task.state === "failed") reject(task.error);
        else reject(new DOMException(`Task "${task.name}" was cancelled`, "AbortError"));
      });
      this.schedule(root);
    });
  }

  // The engine's interface to corun's own operations and effects (spawn.ts, action.ts, sleep.ts, the
  // network's reads, the frontier's timers): not part of the public API, so `@ignore` keeps it out of
  // the docs. Users wait through those operations; `action` is theirs for callbacks.

  /**
   * Creates a task record without starting it; `schedule` starts it.
   * @ignore
   */
  createTask<T>(operation: Operation<T>, options: TaskRecordOptions = {}): TaskRecord<T> {
    const id = this.#nextTaskId++;
    const iterator = iteratorOf(operation, options);
    const task = new TaskRecord<T>(id, iterator, options);
    this.#liveTasks++;
    options.parent?.addChild(task);
    return task;
  }

  /**
   * Puts a new task on the run queue for its first step.
   * @ignore
   */
  schedule(task: TaskRecord): void {
    this.#enqueue(task, "next", undefined);
  }

  /**
   * Resumes `task` with `value` if it is still suspended on `effect`.
   * @ignore
   */
  resume(task: TaskRecord, effect: Effect, value: unknown): void {
    if (task.effect !== effect) return;
    task.effect = undefined;
    this.#enqueue(task, "next", value);
  }

  /**
   * Resumes `task` by throwing `error` into it if it is still suspended on `effect`.
   * @ignore
   */
  fail(task: TaskRecord, effect: Effect, error: unknown): void {
    if (task.effect !== effect) return;
    task.effect = undefined;
    this.#enqueue(task, "throw", error);
  }

  /**
   * Cancels `task` and its children: the effect it waits on is undone and its generator is told to
   * `return()`, so `finally` blocks run and `catch` cannot swallow the halt. A `finally` that yields
   * wraps its wait in `cleanup` (cleanup.ts), or its callers carry on once it is over.
   * @ignore
   */
  cancel(task: TaskRecord): void {
    if (task.isFinished || task.cancelling) return;
    task.cancelling = true;
    if (task.childCount > 0) this.#cancelChildren(task);
    if (task.bodyEnded) return; // only waiting for its children, which are now cancelled
    task.bodyHalted = true;
    const effect = task.effect;
    if (effect) {
      task.effect = undefined;
      try {
        effect.cancel(this);
      } catch (error) {
        // A teardown that throws (an action's) ends this task with its error, once its `finally`
        // blocks have run; it must neither be lost nor break the pump (a deadline fires from it).
        task.addCancelError(error);
      }
    }
    // Resumed but not yet stepped: the value it was to take is dropped by the `return` below.
    if (task.queued && task.resumeMode === "next") releaseUntaken(task);
    // A task being stepped right now is re-queued here and halted right after its step yields.
    this.#enqueue(task, "return", undefined);
  }

  /**
   * Adds a timer that calls `entry.fire()` at `deadlineMs` on this loop's clock.
   * @ignore
   */
  addTimer(entry: TimerEntry, deadlineMs: number): void {
    this.#heapOf(entry).push(entry, deadlineMs);
    if (!this.#pumping) this.#wake();
  }

  /**
   * Cancels a timer added with `addTimer`.
   * @ignore
   */
  cancelTimer(entry: TimerEntry): void {
    this.#heapOf(entry).cancel(entry);
  }

  #heapOf(entry: TimerEntry): TimerHeap {
    return entry.unref ? this.#unrefTimers : this.#timers;
  }

  /**
   * Notes that a promise is in flight (virtual time does not jump while I/O is pending).
   * @ignore
   */
  beginIo(): void {
    this.#pendingIo++;
  }

  /**
   * Notes that a promise counted by `beginIo` has settled.
   * @ignore
   */
  endIo(): void {
    this.#pendingIo--;
  }

  /**
   * Calls `callback` once, when the loop next runs out of tasks to step (it then waits for I/O or a
   * timer), or hands control back to the host after many steps: for work that only pays when
   * nothing took its place meanwhile. A callback must not throw.
   * @ignore
   *
   * @param callback What to call.
   */
  whenIdle(callback: () => void): void {
    this.#idleCallbacks.push(callback);
    this.#wake();
  }

  #enqueue(task: TaskRecord, mode: ResumeMode, value: unknown): void {
    task.resumeMode = mode;
    task.resumeValue = value;
    if (task.state !== "pending") task.state = "running";
    if (!task.queued) {
      task.queued = true;
      this.#runQueue[this.#runCount++] = task;
    }
    this.#wake();
  }

  #wake(): void {
    if (this.#pumpScheduled || this.#pumping) return;
    this.#pumpScheduled = true;
    queueMicrotask(this.#pump);
  }

  /** A pump woken by a host timer: the host has run its macrotasks since the steps were counted. */
  #pumpAfterHostTurn = (): void => {
    this.#stepsSinceHostTurn = 0;
    this.#pump();
  };

  #pump = (): void => {
    this.#pumpScheduled = false;
    this.#pumping = true;
    try {
      for (;;) {
        this.#fireDueTimers();
        if (this.#runCount > 0) {
          const batch = this.#runQueue;
          const count = this.#runCount;
          this.#runQueue = this.#spareQueue;
          this.#runCount = 0;
          for (let i = 0; i < count; i++) {
            if ((i & 1023) === 1023) this.#nowMs = this.clock.now(); // bound staleness in huge batches
            const task = batch[i]!;
            batch[i] = undefined; // held no longer than a queue emptied by length
            this.#step(task);
          }
          this.#stepsSinceHostTurn += count;
          this.#spareQueue = batch;
          if (this.#failedParents.length > 0) {
            for (const parent of this.#failedParents.splice(0)) this.cancel(parent);
          }
          if (this.#stepsSinceHostTurn >= STEPS_PER_HOST_TURN) {
            this.#pumpScheduled = true;
            startHostTimer(0, this.#pumpAfterHostTurn);
            this.#runIdleCallbacks();
            return;
          }
          continue;
        }
        if (this.#idleCallbacks.length > 0) {
          this.#runIdleCallbacks(); // they may make tasks ready: look again
          continue;
        }
        const clock = this.clock;
        if (clock.kind === "virtual" && this.#pendingIo === 0) {
          const deadline = Math.min(
            this.#timers.peekDeadline(),
            this.#unrefTimers.peekDeadline(),
          );
          if (deadline !== Infinity) {
            clock.advanceTo(deadline);
            continue;
          }
        }
        break;
      }
    } finally {
      this.#pumping = false;
    }
    this.#armHostTimer();
  };

  #runIdleCallbacks(): void {
    if (this.#idleCallbacks.length === 0) return;
    const callbacks = this.#idleCallbacks;
    this.#idleCallbacks = [];
    for (const callback of callbacks) callback();
  }

  #fireDueTimers(): void {
    const nowMs = this.#nowMs = this.clock.now();
    this.#fireDue(this.#timers, nowMs);
    if (this.#unrefTimers.size > 0) this.#fireDue(this.#unrefTimers, nowMs);
  }

  #fireDue(timers: TimerHeap, nowMs: number): void {
    for (;;) {
      const entry = timers.popDue(nowMs);
      if (!entry) return;
      entry.fire(this);
    }
  }

  #armHostTimer(): void {
    const armed = this.clock.kind === "system" && this.#liveTasks > 0;
    this.#hostTimer.arm(armed ? this.#timers.peekDeadline() : Infinity, this.#nowMs);
    this.#unrefHostTimer.arm(armed ? this.#unrefTimers.peekDeadline() : Infinity, this.#nowMs);
  }

  #step(task: TaskRecord): void {
    task.queued = false;
    if (task.isFinished || task.bodyEnded) return;
    const mode = task.resumeMode;
    const value = task.resumeValue;
    task.resumeValue = undefined;
    if (task.state === "pending") task.startedAtMs = this.now();
    task.state = "running";
    let result: IteratorResult<Effect, unknown>;
    setRunningTask(task, this);
    try {
      const iterator = task.iterator;
      if (mode === "next") result = iterator.next(value);
      else if (mode === "throw") {
        if (!iterator.throw) throw value;
        result = iterator.throw(value);
      } else {result = iterator.return
          ? iterator.return(undefined)
          : { done: true, value: undefined };}
    } catch (error) {
      setRunningTask(undefined);
      this.#endBody(task, true, error);
      return;
    }
    setRunningTask(undefined);
    if (result.done) {
      this.#endBody(task, false, result.value);
      return;
    }
    if (task.queued) return; // cancelled during its own step: the queued `return` runs next
    const effect = result.value;
    if (!isEffect(effect)) {
      const error = new TypeError(
        `Cannot run ${task.subject}: it yielded ${yieldedText(effect)}; use yield* with an ` +
          "operation",
      );
      this.#enqueue(task, "throw", error);
      return;
    }
    task.state = "waiting";
    task.effect = effect;
    try {
      effect.start(task, this);
    } catch (error) {
      this.fail(task, effect, error); // a broken effect fails its own task, not the whole pump
    }
  }

  #endBody(task: TaskRecord, failed: boolean, value: unknown): void {
    // A halted body that unwound by `CancelledError` (see cleanup.ts) was cancelled, not failed.
    if (failed && task.bodyHalted && value instanceof CancelledError) {
      failed = false;
      value = undefined;
    }
    task.bodyEnded = true;
    task.effect = undefined;
    if (failed) {
      task.bodyFailed = true;
      task.error = value;
    } else task.result = value;
    if (task.childCount > 0) {
      task.state = "waiting";
      const keepChildren = task.waitsForChildren && !failed && !task.cancelling;
      if (!keepChildren) this.#cancelChildren(task);
      return;
    }
    this.#finish(task);
  }

  #finish(task: TaskRecord): void {
    task.settleOutcome();
    task.endedAtMs = this.now();
    this.#liveTasks--;
    const observers = task.takeObservers();
    if (observers) { for (const observer of observers) observer(task); }
    const parent = task.parent;
    if (parent) this.#childEnded(parent, task);
    if (this.#liveTasks === 0) {
      this.#timers.clear();
      this.#unrefTimers.clear();
    }
  }

  #cancelChildren(task: TaskRecord): void {
    for (const child of task.liveChildren()) this.cancel(child);
  }

  #childEnded(parent: TaskRecord, child: TaskRecord): void {
    parent.removeChild(child);
    if (child.state === "failed" && child.propagate) {
      parent.addChildError(child.error);
      // Not at once: siblings already resumed in this batch (failing at the same instant) still get
      // their step, so a group reports every failure of that instant instead of only the first.
      this.#failedParents.push(parent);
    }
    if (parent.bodyEnded && parent.childCount === 0 && !parent.isFinished) this.#finish(parent);
  }
}

/**
 * The iterator of what a task runs. Anything else is refused with what it is: a generator function
 * passed instead of its call (`spawn(work)` for `spawn(work())`) or a promise (for `call`) would
 * otherwise fail with "operation[Symbol.iterator] is not a function".
 *
 * @throws {TypeError} Naming the task, or for a child without a name (`spawn`, `race`, `all`) the
 *   task it was started in, and what it was given.
 */
function iteratorOf<T>(
  operation: Operation<T>,
  options: TaskRecordOptions,
): Iterator<Effect, T, unknown> {
  if (isOperation<T>(operation)) return operation[Symbol.iterator]();
  const what = notAnOperation(operation);
  // An unnamed child's own name (task-20) is no name the user gave anything.
  const task = options.name !== undefined
    ? `task "${options.name}"`
    : options.parent !== undefined
    ? `a child of task "${options.parent.name}"`
    : "task";
  throw new TypeError(`Cannot run ${task}: expected an operation, got ${what}`);
}

/**
 * What a task yielded that is no effect, as its error names it: a number as itself, an operation
 * yielded without `*` (`yield ctx.fetch(url)`) or a promise as what it is. `String` read either
 * "[object Object]", and threw for an object without a prototype, which ended the whole process.
 */
function yieldedText(value: unknown): string {
  if (typeof value !== "object" && typeof value !== "function") return String(value);
  if (value === null) return "null";
  if (isOperation(value)) return "an operation with yield";
  if (typeof (value as PromiseLike<unknown>).then === "function") {
    return "a promise (wait for it with yield* call(() => promise))";
  }
  return kindOfValue(value);
}

/**
 * Lets go of what a value holds that a cancelled task was resumed with but never took (a connection
 * that opened just as its run was cancelled): nothing else would close it.
 */
function releaseUntaken(task: TaskRecord): void {
  const value = task.resumeValue;
  if (!(value instanceof Delivered)) return;
  try {
    value.release(value.value);
  } catch (error) {
    task.addCancelError(error); // as an effect's teardown that throws while cancelling
  }
}
