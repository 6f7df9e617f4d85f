import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { action, call } from "./action.ts";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { taskGroup } from "./group.ts";
import { Loop } from "./loop.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { currentLoop, join, letOthersRun, scoped, spawn, withLoop } from "./spawn.ts";
import type { Task, TaskRecord } from "./task.ts";
import { failAfter } from "./timeout.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** Settles when `task` has ended, whichever way. */
function ended(task: TaskRecord): Promise<void> {
  return new Promise((resolve) => task.observe(() => resolve()));
}

function snapshot(task: Task<unknown>): string {
  return task.waitingOn === "" ? task.state : `${task.state} (${task.waitingOn})`;
}

Deno.test("runUntilComplete() settles with the root operation's result", async () => {
  const loop = new Loop({ clock: createVirtualClock() });
  const value = await loop.runUntilComplete(function* () {
    yield* sleep(3000);
    return "result";
  }());
  assertEquals(value, "result");
  assertEquals(loop.clock.now(), 3000);
  assertEquals(loop.liveTaskCount, 0);
});

Deno.test("runUntilComplete() rejects with the root operation's error", async () => {
  const loop = new Loop({ clock: createVirtualClock() });
  await assertRejects(
    () =>
      loop.runUntilComplete(function* () {
        yield* sleep(1);
        throw new SyntaxError("root broke");
      }()),
    SyntaxError,
    "root broke",
  );
  assertEquals(loop.liveTaskCount, 0);
});

Deno.test("runUntilComplete() rejects with an AbortError when the root task is cancelled", async () => {
  const loop = new Loop({ clock: createVirtualClock() });
  let finallyRan = false;
  const error = await assertRejects(
    () =>
      loop.runUntilComplete(
        function* () {
          try {
            yield* withLoop((task, loop) => loop.cancel(task));
            yield* sleep(1000);
          } finally {
            finallyRan = true;
          }
        }(),
        "doomed",
      ),
    DOMException,
    'Task "doomed" was cancelled',
  );
  assertEquals(error.name, "AbortError");
  assertEquals(finallyRan, true);
});

Deno.test("a task that cancels itself mid-step runs on to its next yield, then is halted there", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const loop = new Loop({ clock });
  const log: string[] = [];
  const task = loop.createTask(function* () {
    try {
      const self = yield* withLoop((task) => task);
      yield* sleep(5);
      loop.cancel(self);
      log.push("still running");
      yield* sleep(10);
      log.push("woke up");
    } finally {
      log.push(`finally at ${clock.now()}`);
    }
  }());
  loop.schedule(task);
  await ended(task);
  assertEquals(log, ["still running", "finally at 5"]);
  assertEquals([task.state, task.endedAtMs], ["cancelled", 5]);
});

Deno.test("one loop runs several root operations side by side, as in the asyncio lesson", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const loop = new Loop({ clock });
  const finishedAtMs: Record<string, number> = {};
  function* task(id: string, seconds: number): Generator<Effect, string> {
    yield* sleep(seconds * 1000);
    finishedAtMs[id] = clock.now();
    return id;
  }
  const results = await Promise.all([
    loop.runUntilComplete(task("task-1", 3), "task-1"),
    loop.runUntilComplete(task("task-2", 2), "task-2"),
  ]);
  assertEquals(results, ["task-1", "task-2"]);
  assertEquals(finishedAtMs, { "task-1": 3000, "task-2": 2000 });
  assertEquals(clock.now(), 3000);
});

Deno.test("a coroutine that yields something other than an effect gets a TypeError thrown into it", async () => {
  const { run } = harness();
  const error = await run(function* () {
    try {
      yield 42 as unknown as Effect;
      return undefined;
    } catch (error) {
      return error;
    }
  }());
  assert(error instanceof TypeError);
  assertEquals(
    (error as TypeError).message,
    'Cannot run task "main": it yielded 42; use yield* with an operation',
  );
});

Deno.test("a coroutine that yields a promise and does not catch the TypeError fails with it", async () => {
  const { run } = harness();
  await assertRejects(
    () =>
      run(function* () {
        yield Promise.resolve(1) as unknown as Effect; // meant yield* call(...)
      }()),
    TypeError,
    "use yield* with an operation",
  );
});

Deno.test("a coroutine that yields an operation without *, or an object without a prototype, is told what it yielded", async () => {
  const { run } = harness();
  const yielded = (value: unknown) =>
    run(function* () {
      try {
        yield value as Effect;
        return "resumed";
      } catch (error) {
        return (error as TypeError).message;
      }
    }());
  // String() of the object threw inside the loop's step, which ended the whole process.
  const operation = function* () {
    yield* sleep(1);
  }();
  assertEquals(await Promise.all([yielded(operation), yielded(Object.create(null))]), [
    'Cannot run task "main": it yielded an operation with yield; use yield* with an operation',
    'Cannot run task "main": it yielded a value of type object; use yield* with an operation',
  ]);
});

Deno.test("an effect whose start() throws has that error thrown into its task", async () => {
  const { run } = harness();
  const broken: Effect = {
    start() {
      throw new RangeError("cannot start");
    },
    cancel() {},
    describe: () => "broken",
  };
  const value = await run(function* () {
    const sibling = yield* spawn(function* () {
      yield* sleep(5);
      return "sibling unharmed";
    }());
    try {
      yield broken;
      return "not reached";
    } catch (error) {
      return `${(error as Error).message}; ${yield* join(sibling)}`;
    }
  }());
  assertEquals(value, "cannot start; sibling unharmed");
});

Deno.test("an effect whose cancel() throws fails its own task; the pump and the other timers run on", async () => {
  const { clock, run } = harness();
  const broken: Effect = {
    start() {},
    cancel() {
      throw new TypeError("cannot cancel");
    },
    describe: () => "broken",
  };
  const value = await run(function* () {
    const sibling = yield* spawn(function* () {
      yield* sleep(30);
      return "sibling";
    }());
    const outcome = yield* scoped(function* () {
      try {
        yield* failAfter(
          10,
          function* () {
            yield broken;
          }(),
        );
        return "no error";
      } catch (error) {
        return `${(error as Error).message} at ${clock.now()}`;
      }
    }());
    return `${outcome}; ${yield* join(sibling)} at ${clock.now()}`;
  }());
  assertEquals(value, "cannot cancel at 10; sibling at 30");
});

Deno.test("a task goes from pending to waiting to done, with its times on the loop clock", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  clock.advanceTo(100);
  const loop = new Loop({ clock });
  const task = loop.createTask(
    function* () {
      yield* sleep(3000);
      return "slept";
    }(),
    { name: "task-1" },
  );
  assertEquals([task.name, snapshot(task), task.isFinished], ["task-1", "pending", false]);
  assertEquals([task.startedAtMs, task.endedAtMs], [NaN, NaN]);
  const snapshots: string[] = [];
  const monitor = loop.createTask(function* () {
    for (const delayMs of [0, 1000, 1999, 1]) {
      yield* sleep(delayMs);
      snapshots.push(`${clock.now()}: ${snapshot(task)}`);
    }
  }());
  loop.schedule(task);
  assertEquals(snapshot(task), "pending", "scheduled, not yet stepped");
  loop.schedule(monitor);
  await Promise.all([ended(task), ended(monitor)]);
  assertEquals(snapshots, [
    "100: waiting (sleep 3s)",
    "1100: waiting (sleep 3s)",
    "3099: waiting (sleep 3s)",
    "3100: done",
  ]);
  assertEquals([task.startedAtMs, task.endedAtMs], [100, 3100]);
  assertEquals([task.result, task.error, task.isFinished], ["slept", undefined, true]);
});

Deno.test("tasks that fail or are cancelled record how and when they ended", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const loop = new Loop({ clock });
  const failing = loop.createTask(function* () {
    yield* sleep(500);
    throw new Error("failed at 500");
  }());
  const victim = loop.createTask(sleep(60_000), { name: "victim" });
  const canceller = loop.createTask(function* () {
    yield* sleep(700);
    loop.cancel(victim);
  }());
  for (const task of [failing, victim, canceller]) loop.schedule(task);
  await Promise.all([failing, victim, canceller].map(ended));
  assertEquals([failing.state, (failing.error as Error).message], ["failed", "failed at 500"]);
  assertEquals([failing.startedAtMs, failing.endedAtMs, failing.result], [0, 500, undefined]);
  assertEquals([victim.state, victim.error, victim.endedAtMs], ["cancelled", undefined, 700]);
  assertEquals(canceller.state, "done");
  assertEquals(loop.liveTaskCount, 0);
});

Deno.test("a group whose body has returned is shown waiting on its child tasks", async () => {
  const { run } = harness();
  let scope: Task<unknown> | undefined;
  const seen = await run(function* () {
    const monitor = yield* spawn(function* () {
      yield* sleep(10);
      return snapshot(scope!);
    }());
    yield* taskGroup(function* (group) {
      scope = yield* withLoop((task) => task);
      yield* group.spawn(sleep(100));
      yield* group.spawn(sleep(200));
    });
    return yield* join(monitor);
  }());
  assertEquals(seen, "waiting (2 child task(s))");
  assertEquals([scope!.state, scope!.endedAtMs], ["done", 200]);
});

Deno.test("virtual time does not jump while a call() promise is pending", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const deferred = Promise.withResolvers<string>();
  const result = runOperation(
    function* () {
      const sleeper = yield* spawn(sleep(1000));
      const value = yield* call(() => deferred.promise, "deferred");
      const resumedAtMs = clock.now();
      yield* join(sleeper);
      return { value, resumedAtMs, sleeperEndedAtMs: sleeper.endedAtMs };
    }(),
    { clock },
  );
  // Let the loop run until every task is blocked; the sleeper's deadline must not be reached.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(clock.now(), 0);
  deferred.resolve("settled");
  assertEquals(await result, { value: "settled", resumedAtMs: 0, sleeperEndedAtMs: 1000 });
  assertEquals(clock.now(), 1000);
});

Deno.test("100,000 sleeping tasks on the virtual clock all finish", async () => {
  const { clock, run } = harness();
  const count = 100_000;
  let finished = 0;
  let latestMs = 0;
  await run(taskGroup(function* (group) {
    for (let i = 0; i < count; i++) {
      const delayMs = (i * 7919) % 10_000;
      latestMs = Math.max(latestMs, delayMs);
      yield* group.spawn(function* () {
        yield* sleep(delayMs);
        finished++;
      }());
    }
  }));
  assertEquals(finished, count);
  assertEquals(clock.now(), latestMs);
});

Deno.test("a task that only lets others run, step after step, does not starve the host: its timers and I/O callbacks get their turn", async () => {
  let hostTurns = 0;
  const tick = () => {
    hostTurns++;
    if (hostTurns < 3) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const seenWhileSpinning = await runOperation(function* (): Generator<Effect, number> {
    // Several pumps' worth of steps: each hands control back to the host in between.
    for (let i = 0; i < 300_000; i++) yield* letOthersRun();
    return hostTurns;
  }());
  assert(seenWhileSpinning >= 1, "no host timer ran while the task took 300,000 steps");
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
});

Deno.test("a task that keeps awaiting promises which settle at once does not starve the host: a host timer and an abort get their turn", async () => {
  // Each step is woken by a promise (a microtask), so no pump ever ends its batch on its own: the
  // loop must still hand control back to the host after a bounded number of steps (65,536).
  const aborts = new AbortController();
  setTimeout(() => aborts.abort(), 0);
  const limit = 200_000;
  const steps = await runOperation(function* (): Generator<Effect, number> {
    let taken = 0;
    while (!aborts.signal.aborted && taken < limit) {
      yield* call(() => Promise.resolve());
      taken++;
    }
    return taken;
  }());
  assert(aborts.signal.aborted, `the host timer never ran in ${steps} steps`);
  assert(steps < limit);
});

Deno.test("currentLoop() is the loop stepping the task, read without a turn of the loop", async () => {
  const loop = new Loop({ clock: createVirtualClock() });
  const order: string[] = [];
  const seen = await loop.runUntilComplete(function* (): Generator<Effect, Loop[]> {
    const other = yield* spawn(function* () {
      for (const step of [1, 2, 3]) {
        order.push(`other ${step}`);
        yield* letOthersRun();
      }
    }());
    // withLoop sends the task behind the ready ones; currentLoop goes on at once.
    const first = yield* currentLoop();
    order.push("after currentLoop");
    const second = yield* withLoop((_, current) => current);
    order.push("after withLoop");
    yield* join(other);
    return [first, second];
  }());
  assertEquals(seen, [loop, loop]);
  assertEquals(order, ["other 1", "after currentLoop", "other 2", "after withLoop", "other 3"]);
  // A generator driven by hand, outside any step, asks its driver, as withLoop does.
  const outside = currentLoop()[Symbol.iterator]();
  const asked = outside.next();
  assertEquals(asked.done, false);
  assertEquals(outside.next(loop), { done: true, value: loop });
});

Deno.test("whenIdle() waits until every ready task has stepped, and steps the tasks it makes ready", async () => {
  const { run } = harness();
  const order: string[] = await run(function* () {
    const seen: string[] = [];
    const loop = yield* currentLoop();
    let wake: (() => void) | undefined;
    loop.whenIdle(() => {
      seen.push("idle");
      wake?.(); // a task made ready here is stepped before the loop waits
    });
    const others = [1, 2].map((n) =>
      spawn(function* () {
        yield* letOthersRun();
        seen.push(`task ${n}`);
      }())
    );
    const woken = spawn(function* () {
      yield* action<void>((resolve) => {
        wake = () => resolve();
      });
      seen.push("woken");
    }());
    for (const task of [...others, woken]) yield* join(yield* task);
    return seen;
  }());
  assertEquals(order, ["task 1", "task 2", "idle", "woken"]);
});
