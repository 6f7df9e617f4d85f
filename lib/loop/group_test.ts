import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { createChannel } from "./channel.ts";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { TaskGroupError } from "./errors.ts";
import { all, race, type TaskGroup, taskGroup } from "./group.ts";
import { runOperation } from "./run_operation.ts";
import { createSemaphore } from "./semaphore.ts";
import { sleep } from "./sleep.ts";
import { spawn } from "./spawn.ts";
import type { Task } from "./task.ts";
import { moveOnAfter } from "./timeout.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

function* after<T>(delayMs: number, value: T): Generator<Effect, T> {
  yield* sleep(delayMs);
  return value;
}

function* failAt(delayMs: number, message: string): Generator<Effect, never> {
  yield* sleep(delayMs);
  throw new Error(message);
}

/** Sleeps for a long time and records when its finally ran. */
function* sleeper(name: string, clock: VirtualClock, log: string[]): Generator<Effect, void> {
  try {
    yield* sleep(60_000);
    log.push(`${name} woke up`);
  } finally {
    log.push(`${name} finally at ${clock.now()}`);
  }
}

Deno.test("taskGroup() ends when the body and every task in it have ended", async () => {
  const { clock, run } = harness();
  const tasks: Task<string>[] = [];
  const value = await run(taskGroup(function* (group) {
    tasks.push(yield* group.spawn(after(3000, "slow"), { name: "slow" }));
    tasks.push(yield* group.spawn(after(2000, "fast")));
    return "body result";
  }));
  assertEquals(value, "body result");
  assertEquals(clock.now(), 3000);
  assertEquals(tasks.map((task) => [task.name, task.state, task.endedAtMs]), [
    ["slow", "done", 3000],
    [tasks[1].name, "done", 2000],
  ]);
});

Deno.test("taskGroup() fails with a TaskGroupError and cancels the rest when one task fails", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const error = await assertRejects(
    () =>
      run(taskGroup(function* (group) {
        yield* group.spawn(sleeper("a", clock, log));
        yield* group.spawn(failAt(100, "one broke"));
        yield* group.spawn(sleeper("b", clock, log));
        yield* sleeper("body", clock, log);
      }, { name: "workers" })),
    TaskGroupError,
  );
  assertEquals(error.code, "TASK_GROUP");
  assertEquals(error.errors.map((inner: unknown) => (inner as Error).message), ["one broke"]);
  assertEquals(error.message, 'Task group "workers" failed: one broke');
  assertEquals(log.sort(), ["a finally at 100", "b finally at 100", "body finally at 100"]);
  assertEquals(clock.now(), 100);
});

Deno.test("taskGroup() reports both tasks that fail at the same virtual instant", async () => {
  const { clock, run } = harness();
  const error = await assertRejects(
    () =>
      run(taskGroup(function* (group) {
        yield* group.spawn(failAt(500, "first"));
        yield* group.spawn(failAt(500, "second"));
        yield* group.spawn(failAt(900, "too late"));
      })),
    TaskGroupError,
  );
  assertEquals(error.errors.map((inner: unknown) => (inner as Error).message), ["first", "second"]);
  assertEquals(error.message, 'Task group "group" failed: first (and 1 more)');
  assertEquals(clock.now(), 500);
});

Deno.test("taskGroup() rethrows an error of its own body as it is, after cancelling its tasks", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  await assertRejects(
    () =>
      run(taskGroup(function* (group) {
        yield* group.spawn(sleeper("task", clock, log));
        yield* sleep(5);
        throw new SyntaxError("body broke");
      })),
    SyntaxError,
    "body broke",
  );
  assertEquals(log, ["task finally at 5"]);
});

Deno.test("a caller can catch a TaskGroupError and carry on", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    try {
      yield* taskGroup(function* (group) {
        yield* group.spawn(failAt(10, "inner"));
      });
      return "not reached";
    } catch (error) {
      assert(error instanceof TaskGroupError);
      yield* sleep(5);
      return `recovered at ${clock.now()}`;
    }
  }());
  assertEquals(value, "recovered at 15");
});

Deno.test("cancelling a taskGroup from outside cancels its tasks without an error", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const value = await run(moveOnAfter(
    50,
    taskGroup(function* (group) {
      yield* group.spawn(sleeper("a", clock, log));
      yield* group.spawn(sleeper("b", clock, log));
      return "body result";
    }),
  ));
  assertEquals(value, undefined);
  assertEquals(log, ["a finally at 50", "b finally at 50"]);
});

Deno.test("all() returns results in the order given, not the order they finished", async () => {
  const { clock, run } = harness();
  const results = await run(all([after(300, "a"), after(100, "b"), after(200, "c")]));
  assertEquals(results, ["a", "b", "c"]);
  assertEquals(clock.now(), 300);
});

Deno.test("all() of nothing returns an empty list", async () => {
  const { run } = harness();
  assertEquals(await run(all([])), []);
});

Deno.test("all() throws the first error as it is and cancels the other operations", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  await assertRejects(
    () =>
      run(all<unknown>([
        sleeper("a", clock, log),
        failAt(40, "first error"),
        failAt(80, "second error"),
      ])),
    Error,
    "first error",
  );
  assertEquals(log, ["a finally at 40"]);
  assertEquals(clock.now(), 40);
});

Deno.test("race() returns the winner's result and tears the losers down first", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  const winner = await run(function* () {
    const value = yield* race<string>([
      function* () {
        try {
          yield* sleep(500);
          return "slow";
        } finally {
          yield* sleep(10); // a loser whose teardown takes time
          log.push(`slow finally at ${clock.now()}`);
        }
      }(),
      after(100, "fast"),
      function* () {
        yield* sleeper("sleeper", clock, log);
        return "never";
      }(),
    ]);
    log.push(`race returned "${value}" at ${clock.now()}`);
    return value;
  }());
  assertEquals(winner, "fast");
  assertEquals(log, [
    "sleeper finally at 100",
    "slow finally at 110",
    'race returned "fast" at 110',
  ]);
});

Deno.test("race() throws the winner's error after cancelling the losers", async () => {
  const { clock, run } = harness();
  const log: string[] = [];
  await assertRejects(
    () => run(race<unknown>([failAt(20, "winner failed"), sleeper("loser", clock, log)])),
    Error,
    "winner failed",
  );
  assertEquals(log, ["loser finally at 20"]);
});

Deno.test("race() of nothing is a RangeError", async () => {
  const { run } = harness();
  await assertRejects(() => run(race([])), RangeError, "no operations");
});

Deno.test("race(): a channel value handed to a loser at the winner's instant stays in the channel", async () => {
  const { clock, run } = harness();
  const channel = createChannel<string>();
  const outcome = await run(function* () {
    yield* spawn(function* () {
      yield* sleep(10);
      channel.send("hello"); // the same instant as the losing timeout below
    }());
    const first = yield* race<unknown>([channel.receive(), after(10, "timeout")]);
    return { first, buffered: channel.size, at: clock.now() };
  }());
  // Whichever won, "hello" is not lost: returned by the race, or still in the channel.
  const kept = outcome.first === "timeout" ? outcome.buffered : 1;
  assertEquals([kept, outcome.at], [1, 10]);
});

Deno.test("race(): a semaphore permit granted to a loser at the winner's instant is given back", async () => {
  const { run } = harness();
  const semaphore = createSemaphore(1);
  const outcome = await run(function* () {
    yield* spawn(semaphore.withPermit(sleep(10))); // holds the only permit until 10
    yield* sleep(0);
    const won = yield* race([
      function* () {
        yield* semaphore.acquire();
        return "acquired";
      }(),
      after(10, "timeout"),
    ]);
    if (won === "acquired") semaphore.release();
    yield* sleep(1);
    return { won, available: semaphore.available };
  }());
  assertEquals(outcome.available, 1);
});

Deno.test("a task group whose body is async, or returns no operation, throws a TypeError saying so", async () => {
  const { run } = harness();
  const body = (fn: unknown) => fn as () => Operation<number>;
  await assertRejects(
    () => run(taskGroup(body(() => Promise.reject(new EvalError("async body"))), { name: "pool" })),
    TypeError,
    'Cannot run task group "pool": its body returned a promise (an async function?), not an ' +
      "operation; write it as function* (group) { ... }, that waits with yield*",
  );
  // Left unhandled, the async body's rejection would end the process (and fail this test).
  await new Promise((resolve) => setTimeout(resolve, 0));
  await assertRejects(
    () => run(taskGroup(body(() => 5))),
    TypeError,
    'Cannot run task group "group": its body returned a value of type number, not an operation',
  );
});

Deno.test("a task group kept past its end refuses to spawn: nothing outlives its group", async () => {
  const { run } = harness();
  let kept: TaskGroup | undefined;
  await run(taskGroup(function* (group) {
    kept = group;
    yield* group.spawn(sleep(1));
  }));
  await assertRejects(
    () => run(kept!.spawn(sleep(1))),
    Error,
    'Cannot spawn in task group "group": it has ended',
  );
});

Deno.test("spawn() of a promise that rejects throws a TypeError, the rejection handled", async () => {
  const { run } = harness();
  const given = Promise.reject(new EvalError("rejected")) as unknown as Operation<number>;
  await assertRejects(
    () =>
      run(function* () {
        yield* spawn(given);
      }()),
    TypeError,
    'Cannot run a child of task "main": expected an operation, got a promise',
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
});
