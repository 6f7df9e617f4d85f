import { assertEquals, assertInstanceOf, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { cleanup, throwIfCancelled } from "./cleanup.ts";
import { createVirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { CancelledError } from "./errors.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { halt, spawn } from "./spawn.ts";
import type { Task } from "./task.ts";
import { moveOnAfter } from "./timeout.ts";

function run<T>(operation: Operation<T>): Promise<T> {
  return runOperation(operation, { clock: createVirtualClock({ startWallMs: 0 }) });
}

/** Spawns `body`, halts it after `afterMs`, and returns it once it has ended. */
function* haltAfter(afterMs: number, body: Operation<unknown>): Generator<Effect, Task<unknown>> {
  const child = yield* spawn(body);
  yield* sleep(afterMs);
  yield* halt(child);
  return child;
}

/** An operation whose `finally` waits (removing a temporary file, say), as writeWholeFile's does. */
function* writeWithCleanup(log: string[]): Generator<Effect, void> {
  try {
    yield* sleep(100); // the write
  } finally {
    yield* cleanup(function* () {
      yield* sleep(10); // the removal of the temporary
      log.push("cleanup done");
    }());
  }
}

Deno.test("cleanup: a caller of an operation whose finally waited does not carry on once its task is cancelled", async () => {
  const log: string[] = [];
  const child = await run(haltAfter(
    50,
    function* () {
      for (let i = 0; i < 3; i++) {
        yield* writeWithCleanup(log);
        log.push(`after write ${i}`);
      }
      log.push("end of body");
    }(),
  ));
  assertEquals(log, ["cleanup done"]);
  assertEquals(child.state, "cancelled");
  assertEquals(child.endedAtMs, 60); // the cleanup ran to its end first
});

Deno.test("cleanup: the callers' finally blocks run and their catch sees CancelledError; the task is cancelled, not failed", async () => {
  const log: string[] = [];
  const child = await run(haltAfter(
    50,
    function* () {
      try {
        yield* writeWithCleanup(log);
        log.push("after write");
      } catch (error) {
        assertInstanceOf(error, CancelledError);
        log.push(`catch saw ${(error as CancelledError).code}`);
        throw error;
      } finally {
        log.push("outer finally");
      }
    }(),
  ));
  assertEquals(log, ["cleanup done", "catch saw CANCELLED", "outer finally"]);
  assertEquals(child.state, "cancelled");
  assertEquals(child.error, undefined);
});

Deno.test("cleanup: outside a cancellation it returns its value, and an error the cleanup followed still propagates", async () => {
  const result = await run(function* () {
    let value = "";
    try {
      yield* sleep(1);
    } finally {
      value = yield* cleanup(function* () {
        yield* sleep(1);
        return "cleaned";
      }());
    }
    let seen: unknown;
    try {
      try {
        yield* sleep(1);
        throw new RangeError("broke");
      } finally {
        yield* cleanup(sleep(1));
      }
    } catch (error) {
      seen = error;
    }
    return { value, seen };
  }());
  assertEquals(result.value, "cleaned");
  assertInstanceOf(result.seen, RangeError);
});

Deno.test("cleanup: a cleanup that fails during a cancellation fails the task with its own error", async () => {
  let child: Task<unknown> | undefined;
  const rootError = await run(function* () {
    child = yield* spawn(function* () {
      try {
        yield* sleep(100);
      } finally {
        yield* cleanup(function* () {
          yield* sleep(1);
          throw new RangeError("cannot remove");
        }());
      }
    }());
    yield* sleep(50);
    yield* halt(child);
  }()).catch((error) => error);
  assertEquals(child!.state, "failed");
  assertInstanceOf(child!.error, RangeError);
  assertInstanceOf(rootError, RangeError); // a spawned child's failure is its parent's
});

Deno.test("cleanup: an operation cut off by moveOnAfter stops at its deadline instead of running on", async () => {
  const log: string[] = [];
  const result = await run(function* () {
    const value = yield* moveOnAfter(
      50,
      function* () {
        yield* writeWithCleanup(log);
        log.push("after write");
        yield* sleep(1000);
        return "finished";
      }(),
    );
    log.push("moved on");
    return value;
  }());
  assertEquals(result, undefined);
  assertEquals(log, ["cleanup done", "moved on"]);
});

Deno.test("throwIfCancelled: a finally that waited and decides for itself unwinds only when cancelled", async () => {
  const log: string[] = [];
  function* operation(): Generator<Effect, void> {
    try {
      yield* sleep(100);
    } finally {
      yield* sleep(10);
      throwIfCancelled();
    }
  }
  const child = await run(haltAfter(
    50,
    function* () {
      yield* operation();
      log.push("after cancelled operation");
    }(),
  ));
  assertEquals(child.state, "cancelled");
  await run(function* () {
    yield* operation();
    log.push("after finished operation");
  }());
  assertEquals(log, ["after finished operation"]);
});

Deno.test("cleanup: a CancelledError thrown by a task that is not being cancelled is a failure", async () => {
  let child: Task<unknown> | undefined;
  const rootError = await run(function* () {
    child = yield* spawn(function* () {
      yield* sleep(1);
      throw new CancelledError("pretend");
    }());
    yield* sleep(10);
  }()).catch((error) => error);
  assertEquals(child!.state, "failed");
  assertInstanceOf(rootError, CancelledError);
});

Deno.test("cleanup() given a promise instead of an operation throws a TypeError saying what to pass", async () => {
  const removal = () => Promise.reject(new Error("cannot remove")) as unknown as Operation<void>;
  await assertRejects(
    () =>
      runOperation(
        function* () {
          try {
            yield* sleep(1);
          } finally {
            yield* cleanup(removal()); // meant cleanup(call(() => removal()))
          }
        }(),
        { clock: createVirtualClock() },
      ),
    TypeError,
    "Cannot clean up: cleanup() expects an operation, got a promise (wait for it with " +
      "call(() => promise))",
  );
  // Left unhandled, the promise's rejection would end the process (and fail this test).
  await new Promise((resolve) => setTimeout(resolve, 0));
});
