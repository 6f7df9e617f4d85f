import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { join, letOthersRun, scoped, spawn } from "./spawn.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

Deno.test("spawn() returns a handle at once and join() returns the child's result", async () => {
  const { clock, run } = harness();
  const result = run(function* () {
    const child = yield* spawn(
      function* () {
        yield* sleep(300);
        return "child result";
      }(),
      { name: "worker" },
    );
    // The child was queued before the parent resumed, so it has taken its first step.
    const stateAtSpawn = `${child.state}: ${child.waitingOn}`;
    const value = yield* join(child);
    return { child, stateAtSpawn, value, joinedAtMs: clock.now() };
  }());
  const { child, stateAtSpawn, value, joinedAtMs } = await result;
  assertEquals(stateAtSpawn, "waiting: sleep 300ms");
  assertEquals(value, "child result");
  assertEquals(joinedAtMs, 300);
  assertEquals(child.name, "worker");
  assertEquals([child.state, child.result, child.endedAtMs], ["done", "child result", 300]);
});

Deno.test("join() of a task that has already ended returns its result at once", async () => {
  const { clock, run } = harness();
  const result = run(function* () {
    const child = yield* spawn(function* () {
      yield* sleep(10);
      return 7;
    }());
    yield* sleep(100);
    const value = yield* join(child);
    return [value, clock.now()];
  }());
  assertEquals(await result, [7, 100]);
});

Deno.test("spawned tasks are named task-<id> unless given a name", async () => {
  const result = harness().run(function* () {
    const first = yield* spawn(sleep(1));
    const second = yield* spawn(sleep(1), { name: "named" });
    return { first, second };
  }());
  const { first, second } = await result;
  assertEquals(first.name, `task-${first.id}`);
  assertEquals(second.name, "named");
  assert(first.id < second.id, "ids follow creation order");
});

Deno.test("a failing spawned child fails its parent and cancels its siblings, whose finally ran", async () => {
  const log: string[] = [];
  const { clock, run } = harness();
  const result = run(function* () {
    try {
      for (const name of ["sibling-1", "sibling-2"]) {
        yield* spawn(function* () {
          try {
            yield* sleep(10_000);
            log.push(`${name} woke up`);
          } finally {
            log.push(`${name} finally at ${clock.now()}`);
          }
        }());
      }
      yield* spawn(function* () {
        yield* sleep(500);
        throw new Error("child broke");
      }());
      yield* sleep(60_000);
      log.push("parent woke up");
    } finally {
      log.push(`parent finally at ${clock.now()}`);
    }
  }());
  await assertRejects(() => result, Error, "child broke");
  assertEquals(log.sort(), [
    "parent finally at 500",
    "sibling-1 finally at 500",
    "sibling-2 finally at 500",
  ]);
  assertEquals(clock.now(), 500);
});

Deno.test("a spawned child's error cannot be caught around join(): the parent fails anyway", async () => {
  let caught = false;
  const result = harness().run(function* () {
    const child = yield* spawn(function* () {
      yield* sleep(5);
      throw new RangeError("bad child");
    }());
    try {
      yield* join(child);
    } catch {
      caught = true;
    }
    return "parent finished";
  }());
  await assertRejects(() => result, RangeError, "bad child");
  assertEquals(caught, false);
});

Deno.test("a failure in a grandchild reaches the root through every parent", async () => {
  const result = harness().run(function* () {
    yield* spawn(function* () {
      yield* spawn(function* () {
        yield* sleep(1);
        throw new Error("deep failure");
      }());
      yield* sleep(1000);
    }());
    yield* sleep(1000);
  }());
  await assertRejects(() => result, Error, "deep failure");
});

Deno.test("scoped() hands a child's failure to its caller as an exception it can catch", async () => {
  const log: string[] = [];
  const { clock, run } = harness();
  const result = run(function* () {
    try {
      yield* scoped(function* () {
        yield* spawn(function* () {
          try {
            yield* sleep(10_000);
          } finally {
            log.push(`other child finally at ${clock.now()}`);
          }
        }());
        yield* spawn(function* () {
          yield* sleep(20);
          throw new Error("scoped child broke");
        }());
        yield* sleep(10_000);
      }());
    } catch (error) {
      log.push(`caught "${(error as Error).message}" at ${clock.now()}`);
    }
    yield* sleep(5);
    return "went on";
  }());
  assertEquals(await result, "went on");
  assertEquals(log, ["other child finally at 20", 'caught "scoped child broke" at 20']);
  assertEquals(clock.now(), 25);
});

Deno.test("a parent that returns cancels its children, whose finally runs before the result is delivered", async () => {
  const log: string[] = [];
  const { clock, run } = harness();
  const result = run(function* () {
    const value = yield* scoped(function* () {
      yield* spawn(function* () {
        try {
          yield* sleep(60_000);
        } finally {
          log.push(`quick child finally at ${clock.now()}`);
        }
      }());
      yield* spawn(function* () {
        try {
          yield* sleep(60_000);
        } finally {
          yield* sleep(10); // cleanup that itself waits
          log.push(`slow child finally at ${clock.now()}`);
        }
      }());
      yield* sleep(100);
      return "parent result";
    }());
    log.push(`got "${value}" at ${clock.now()}`);
  }());
  await result;
  assertEquals(log, [
    "quick child finally at 100",
    "slow child finally at 110",
    'got "parent result" at 110',
  ]);
});

Deno.test("the root task returning cancels everything it started", async () => {
  let finallyRan = false;
  const { clock, run } = harness();
  const result = run(function* () {
    yield* spawn(function* () {
      try {
        yield* sleep(60_000);
      } finally {
        finallyRan = true;
      }
    }());
    yield* sleep(1);
    return "done";
  }());
  assertEquals(await result, "done");
  assertEquals(finallyRan, true);
  assertEquals(clock.now(), 1);
});

Deno.test("letOthersRun() lets every ready task take its step first: tasks of the same stages run each stage together", async () => {
  const { run } = harness();
  const order: string[] = [];
  const worker = (name: string) =>
    function* () {
      yield* sleep(10); // all three wake together, as responses that arrive at once
      order.push(`${name} reads`);
      yield* letOthersRun();
      order.push(`${name} saves`);
      yield* letOthersRun();
      order.push(`${name} sends`);
    }();
  await run(function* () {
    const workers = [];
    for (const name of ["a", "b", "c"]) workers.push(yield* spawn(worker(name)));
    for (const handle of workers) yield* join(handle);
  }());
  assertEquals(order, [
    "a reads",
    "b reads",
    "c reads",
    "a saves",
    "b saves",
    "c saves",
    "a sends",
    "b sends",
    "c sends",
  ]);
});

Deno.test("runOperation(), spawn() and scoped() given a generator function or a promise fail with a TypeError saying what to pass", async () => {
  const { run } = harness();
  function* work(): Generator<Effect, number> {
    yield* sleep(1);
    return 1;
  }
  const notAnOperation = (value: unknown) => value as Operation<number>;
  const uncalled = "expected an operation, got a function (call it: a generator function's " +
    "call, work(), is the operation)";
  await assertRejects(
    () => run(notAnOperation(work)),
    TypeError,
    `Cannot run task "main": ${uncalled}`,
  );
  await assertRejects(
    () =>
      run(function* () {
        yield* spawn(notAnOperation(work), { name: "child" });
      }()),
    TypeError,
    `Cannot run task "child": ${uncalled}`,
  );
  // A child without a name is named by the task it was started in (not "task-7").
  await assertRejects(
    () =>
      run(function* () {
        yield* spawn(notAnOperation(work));
      }()),
    TypeError,
    `Cannot run a child of task "main": ${uncalled}`,
  );
  await assertRejects(
    () => run(scoped(notAnOperation(Promise.resolve(1)), { name: "scope" })),
    TypeError,
    'Cannot run task "scope": expected an operation, got a promise (wait for it with ' +
      "call(() => promise))",
  );
});
