import { assertEquals, assertInstanceOf } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Operation } from "./effect.ts";
import { TaskCancelledError } from "./errors.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { currentLoop, halt, join, spawn, startChild, withLoop } from "./spawn.ts";
import type { Task, TaskRecord } from "./task.ts";
import { call } from "./action.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

Deno.test("cancellation cannot be swallowed by catch, and finally runs", async () => {
  const log: string[] = [];
  const result = harness().run(function* () {
    const child = yield* spawn(function* () {
      try {
        yield* sleep(1000);
        log.push("woke up");
      } catch {
        log.push("caught");
      } finally {
        log.push("finally");
      }
      log.push("after try");
    }());
    yield* sleep(10);
    yield* halt(child);
    return child.state;
  }());
  assertEquals(await result, "cancelled");
  assertEquals(log, ["finally"]);
});

Deno.test("a finally that yields completes before the task is reported cancelled", async () => {
  const log: string[] = [];
  const { clock, run } = harness();
  const result = run(function* () {
    const child = yield* spawn(function* () {
      try {
        yield* sleep(1000);
      } finally {
        log.push(`cleanup starts at ${clock.now()}`);
        yield* sleep(10);
        log.push(`cleanup ends at ${clock.now()}`);
      }
    }());
    yield* spawn(function* () {
      yield* sleep(50);
      yield* halt(child);
    }());
    try {
      yield* join(child);
    } catch (error) {
      assertInstanceOf(error, TaskCancelledError);
      log.push(`join saw cancellation at ${clock.now()} with state ${child.state}`);
    }
    return child;
  }());
  const child = await result;
  assertEquals(log, [
    "cleanup starts at 50",
    "cleanup ends at 60",
    "join saw cancellation at 60 with state cancelled",
  ]);
  assertEquals([child.startedAtMs, child.endedAtMs], [0, 60]);
});

Deno.test("a task cancelled while pending never runs its body", async () => {
  let bodyRan = false;
  const result = harness().run(function* () {
    const [child, stateWhenCancelled] = yield* withLoop((task, loop) => {
      const child = startChild(
        loop,
        function* () {
          bodyRan = true;
          yield* sleep(1);
        }(),
        { parent: task },
      );
      const state = child.state;
      loop.cancel(child);
      return [child as Task<void>, state] as const;
    });
    yield* halt(child);
    return [stateWhenCancelled, child.state];
  }());
  assertEquals(await result, ["pending", "cancelled"]);
  assertEquals(bodyRan, false);
});

Deno.test("halt() waits until the task's teardown has finished", async () => {
  const log: string[] = [];
  const { clock, run } = harness();
  const result = run(function* () {
    const child = yield* spawn(function* () {
      try {
        yield* sleep(1000);
      } finally {
        yield* sleep(10);
        log.push("teardown done");
      }
    }());
    yield* sleep(5);
    yield* halt(child);
    log.push(`halt returned at ${clock.now()} with state ${child.state}`);
    return child;
  }());
  const child = await result;
  assertEquals(log, ["teardown done", "halt returned at 15 with state cancelled"]);
  assertEquals(child.endedAtMs, 15);
});

Deno.test("halt() of a task that has already ended returns at once and keeps its result", async () => {
  const { clock, run } = harness();
  const result = run(function* () {
    const child = yield* spawn(function* () {
      yield* sleep(1);
      return "kept";
    }());
    yield* sleep(10);
    yield* halt(child);
    return [child.state, child.result, clock.now()];
  }());
  assertEquals(await result, ["done", "kept", 10]);
});

Deno.test("join() of a cancelled task throws TaskCancelledError, which the joiner can catch", async () => {
  const result = harness().run(function* () {
    const child = yield* spawn(sleep(1000), { name: "victim" });
    yield* spawn(function* () {
      yield* sleep(1);
      yield* halt(child);
    }());
    try {
      yield* join(child);
      return "joined";
    } catch (error) {
      if (!(error instanceof TaskCancelledError)) throw error;
      assertEquals(error.code, "CANCELLED");
      return error.message;
    }
  }());
  assertEquals(await result, 'Cannot get the result of task "victim": it was cancelled');
});

Deno.test("a cancelled child does not fail its parent", async () => {
  const result = harness().run(function* () {
    const child = yield* spawn(sleep(1000));
    yield* sleep(1);
    yield* halt(child);
    yield* sleep(1);
    return "parent fine";
  }());
  assertEquals(await result, "parent fine");
});

Deno.test("a value a task was resumed with but never took, being cancelled first, is released", async () => {
  // The child's promise resolves just after the parent's: both are then ready, the parent first,
  // and it cancels the child before the child's step could take its value (a connection that opened
  // as its run was cancelled, say). Dropped, the value would leak what it holds.
  const released: string[] = [];
  let openParent!: () => void;
  let openChild!: (value: string) => void;
  const parentWait = new Promise<void>((resolve) => openParent = resolve);
  const childWait = new Promise<string>((resolve) => openChild = resolve);
  const opened = setTimeout(() => {
    openParent();
    openChild("connection 1");
  }, 0);
  try {
    const state = await harness().run(function* () {
      const child = yield* spawn(function* () {
        return yield* call(() => childWait, "connect", (value) => released.push(value));
      }());
      yield* call(() => parentWait, "wait");
      (yield* currentLoop()).cancel(child as TaskRecord);
      yield* halt(child);
      return child.state;
    }());
    assertEquals(state, "cancelled");
    assertEquals(released, ["connection 1"]);
  } finally {
    clearTimeout(opened);
  }
});

Deno.test("a value its task takes is its own, and never released", async () => {
  const released: string[] = [];
  const value = await harness().run(
    call(() => Promise.resolve("connection 2"), "connect", (value) => released.push(value)),
  );
  assertEquals(value, "connection 2");
  assertEquals(released, []);
});
