import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { TimeoutError } from "./errors.ts";
import { taskGroup } from "./group.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { halt, join, spawn } from "./spawn.ts";
import { failAfter, moveOnAfter } from "./timeout.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

function* after<T>(delayMs: number, value: T): Generator<Effect, T> {
  yield* sleep(delayMs);
  return value;
}

/** Sleeps `delayMs`, recording when its finally ran. */
function* slow(
  delayMs: number,
  clock: VirtualClock,
  log: string[],
  name = "operation",
): Generator<Effect, string> {
  try {
    yield* sleep(delayMs);
    return "finished";
  } finally {
    log.push(`${name} finally at ${clock.now()}`);
  }
}

Deno.test("failAfter() returns the result of an operation that finishes in time", async () => {
  const { clock, run } = harness();
  assertEquals(await run(failAfter(1000, after(100, "in time"))), "in time");
  assertEquals(clock.now(), 100);
});

Deno.test("failAfter() throws TimeoutError at its deadline, after the operation's finally ran", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const error = await assertRejects(
    () =>
      run(function* () {
        try {
          return yield* failAfter(250, slow(10_000, clock, log), "the slow thing");
        } catch (error) {
          log.push(`caught at ${clock.now()}`);
          throw error;
        }
      }()),
    TimeoutError,
  );
  assertEquals(error.code, "TIMEOUT");
  assertEquals(error.timeoutMs, 250);
  assertEquals(error.message, "Cannot finish the slow thing: timed out after 250 ms");
  assertEquals(log, ["operation finally at 250", "caught at 250"]);
});

Deno.test("failAfter() waits for a teardown that itself takes time before throwing", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  await assertRejects(
    () =>
      run(function* () {
        try {
          yield* failAfter(
            100,
            function* () {
              try {
                yield* sleep(10_000);
              } finally {
                yield* sleep(30);
                log.push(`teardown done at ${clock.now()}`);
              }
            }(),
          );
        } finally {
          log.push(`failAfter ended at ${clock.now()}`);
        }
      }()),
    TimeoutError,
  );
  assertEquals(log, ["teardown done at 130", "failAfter ended at 130"]);
});

Deno.test("failAfter() passes the operation's own error through unchanged", async () => {
  const { clock, run } = harness();
  await assertRejects(
    () =>
      run(failAfter(
        1000,
        function* () {
          yield* sleep(10);
          throw new RangeError("own error");
        }(),
      )),
    RangeError,
    "own error",
  );
  assertEquals(clock.now(), 10);
});

Deno.test("a caught TimeoutError lets the task carry on", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    try {
      yield* failAfter(20, sleep(1000));
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
    }
    yield* sleep(5);
    return `carried on until ${clock.now()}`;
  }());
  assertEquals(value, "carried on until 25");
});

Deno.test("moveOnAfter() returns undefined when the deadline fires, after the operation's finally ran", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const value = await run(function* () {
    const value = yield* moveOnAfter(300, slow(10_000, clock, log));
    log.push(`moved on at ${clock.now()}`);
    return value;
  }());
  assertEquals(value, undefined);
  assertEquals(log, ["operation finally at 300", "moved on at 300"]);
});

Deno.test("moveOnAfter() returns the result of an operation that finishes in time", async () => {
  const { clock, run } = harness();
  assertEquals(await run(moveOnAfter(300, after(299, 42))), 42);
  assertEquals(clock.now(), 299);
});

Deno.test("nested timeouts: an outer 1 s deadline around an inner 10 s one is the one that fails", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const error = await assertRejects(
    () => run(failAfter(1000, failAfter(10_000, slow(60_000, clock, log), "inner"), "outer")),
    TimeoutError,
  );
  assertEquals(error.timeoutMs, 1000);
  assertEquals(error.message, "Cannot finish outer: timed out after 1000 ms");
  assertEquals(log, ["operation finally at 1000"]);
  assertEquals(clock.now(), 1000);
});

Deno.test("nested timeouts: an inner 1 s deadline inside an outer 10 s one is the one that fails", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const error = await assertRejects(
    () => run(failAfter(10_000, failAfter(1000, slow(60_000, clock, log), "inner"), "outer")),
    TimeoutError,
  );
  assertEquals(error.timeoutMs, 1000);
  assertEquals(error.message, "Cannot finish inner: timed out after 1000 ms");
  assertEquals(log, ["operation finally at 1000"]);
  assertEquals(clock.now(), 1000);
});

Deno.test("nested timeouts: moveOnAfter() outside a longer failAfter() moves on without an error", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const value = await run(moveOnAfter(50, failAfter(5000, slow(60_000, clock, log), "inner")));
  assertEquals(value, undefined);
  assertEquals(log, ["operation finally at 50"]);
});

Deno.test("nested timeouts: a shorter moveOnAfter() inside failAfter() just gives the outer undefined", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const value = await run(function* () {
    const inner = yield* failAfter(5000, moveOnAfter(50, slow(60_000, clock, log)));
    return [inner, clock.now()];
  }());
  assertEquals(value, [undefined, 50]);
  assertEquals(log, ["operation finally at 50"]);
});

Deno.test("a timeout cancels every task started inside the timed operation", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const value = await run(moveOnAfter(
    70,
    taskGroup(function* (group) {
      yield* group.spawn(slow(10_000, clock, log, "a"));
      yield* group.spawn(slow(20_000, clock, log, "b"));
      yield* spawn(slow(30_000, clock, log, "c"));
      return "group result";
    }),
  ));
  assertEquals(value, undefined);
  assertEquals(log.sort(), ["a finally at 70", "b finally at 70", "c finally at 70"]);
});

Deno.test("a task cancelled inside failAfter() ends cancelled, not with a TimeoutError", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const child = await run(function* () {
    const child = yield* spawn(failAfter(1000, slow(60_000, clock, log)));
    yield* sleep(10);
    yield* halt(child);
    yield* sleep(2000); // long past the deadline that was cancelled with the task
    return child;
  }());
  assertEquals([child.state, child.error, child.endedAtMs], ["cancelled", undefined, 10]);
  assertEquals(log, ["operation finally at 10"]);
  assertEquals(clock.now(), 2010);
});

Deno.test("failAfter(NaN) and moveOnAfter(NaN) are RangeErrors; the other tasks' timers fire on time", async () => {
  const { clock, run } = harness();
  const outcome = await run(function* () {
    const sibling = yield* spawn(function* () {
      yield* sleep(7);
      return clock.now();
    }());
    const errors: string[] = [];
    for (const limited of [failAfter(NaN, sleep(1)), moveOnAfter(NaN, sleep(1))]) {
      try {
        yield* limited;
      } catch (error) {
        errors.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    const siblingWokeAtMs = yield* join(sibling);
    return { errors, siblingWokeAtMs, at: clock.now() };
  }());
  assertEquals(outcome, {
    errors: [
      'RangeError: Cannot set a failAfter deadline of NaN ms in task "main": expected a number of milliseconds',
      'RangeError: Cannot set a moveOnAfter deadline of NaN ms in task "main": expected a number of milliseconds',
    ],
    siblingWokeAtMs: 7,
    at: 7,
  });
});
