import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { all } from "./group.ts";
import { runOperation } from "./run_operation.ts";
import { createSemaphore, type Semaphore } from "./semaphore.ts";
import { sleep } from "./sleep.ts";
import { halt, join, spawn } from "./spawn.ts";
import type { Task } from "./task.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** Acquires, records when, holds for `holdMs`, releases. */
function* holder(
  semaphore: Semaphore,
  name: string,
  holdMs: number,
  clock: VirtualClock,
  log: string[],
): Generator<Effect, void> {
  yield* semaphore.acquire();
  log.push(`${name} at ${clock.now()}`);
  try {
    yield* sleep(holdMs);
  } finally {
    semaphore.release();
  }
}

Deno.test("a semaphore never lets more tasks hold a permit than it has permits", async () => {
  const { clock, run } = harness();
  const semaphore = createSemaphore(3);
  let holding = 0;
  let maxHolding = 0;
  await run(all(Array.from({ length: 10 }, (_, i) =>
    semaphore.withPermit(function* () {
      holding++;
      maxHolding = Math.max(maxHolding, holding);
      yield* sleep(100 + i); // uneven, so releases interleave
      holding--;
    }()))));
  assertEquals(maxHolding, 3);
  assertEquals(holding, 0);
  assertEquals(semaphore.available, 3);
  assertEquals(semaphore.waiting, 0);
  // Three lanes: 0,3,6,9 | 1,4,7 | 2,5,8 — the longest lane sets the end time.
  assertEquals(clock.now(), 100 + 103 + 106 + 109);
});

Deno.test("a semaphore grants permits in the order tasks asked for them", async () => {
  const { clock, run } = harness();
  const semaphore = createSemaphore(1);
  const log: string[] = [];
  await run(function* () {
    const tasks: Task<void>[] = [];
    tasks.push(yield* spawn(holder(semaphore, "first", 50, clock, log)));
    for (const [name, arrivalMs] of [["c", 3], ["a", 1], ["d", 4], ["b", 2]] as const) {
      tasks.push(
        yield* spawn(function* () {
          yield* sleep(arrivalMs);
          yield* holder(semaphore, name, 10, clock, log);
        }()),
      );
    }
    yield* sleep(20);
    const waiting = semaphore.waiting;
    for (const task of tasks) yield* join(task);
    log.push(`${waiting} were waiting`);
  }());
  assertEquals(log, ["first at 0", "a at 50", "b at 60", "c at 70", "d at 80", "4 were waiting"]);
});

Deno.test("a task asking when a permit is released does not jump the queue", async () => {
  const { clock, run } = harness();
  const semaphore = createSemaphore(1);
  const log: string[] = [];
  await run(function* () {
    const first = yield* spawn(holder(semaphore, "first", 10, clock, log));
    const waiter = yield* spawn(holder(semaphore, "waiter", 10, clock, log));
    const newcomer = yield* spawn(function* () {
      yield* sleep(10);
      log.push(`tryAcquire at 10: ${semaphore.tryAcquire()}`);
      yield* holder(semaphore, "newcomer", 10, clock, log);
    }());
    for (const task of [first, waiter, newcomer]) yield* join(task);
  }());
  // `first` released at 10 in the same batch as the newcomer's wake-up, just before it.
  assertEquals(log, ["first at 0", "tryAcquire at 10: false", "waiter at 10", "newcomer at 20"]);
  assertEquals(semaphore.available, 1);
});

Deno.test("a waiter cancelled while waiting is skipped and the permit goes to the next", async () => {
  const { clock, run } = harness();
  const semaphore = createSemaphore(1);
  const log: string[] = [];
  await run(function* () {
    const first = yield* spawn(holder(semaphore, "first", 100, clock, log));
    const cancelled = yield* spawn(holder(semaphore, "cancelled", 10, clock, log));
    const next = yield* spawn(holder(semaphore, "next", 10, clock, log));
    yield* sleep(50);
    log.push(`${semaphore.waiting} waiting`);
    yield* halt(cancelled);
    log.push(`${semaphore.waiting} waiting`);
    yield* join(first);
    yield* join(next);
  }());
  assertEquals(log, ["first at 0", "2 waiting", "1 waiting", "next at 100"]);
  assertEquals(semaphore.available, 1);
});

Deno.test("a waiter cancelled after being granted passes the permit on", async () => {
  const { clock, run } = harness();
  const semaphore = createSemaphore(1);
  const log: string[] = [];
  await run(function* () {
    const first = yield* spawn(holder(semaphore, "first", 10, clock, log));
    const granted = yield* spawn(holder(semaphore, "granted", 10, clock, log));
    const next = yield* spawn(holder(semaphore, "next", 10, clock, log));
    // Wakes at 10 right after `first` released and handed its permit to `granted`, and cancels
    // `granted` before it could run.
    yield* spawn(function* () {
      yield* sleep(10);
      yield* halt(granted);
      log.push(`granted is ${granted.state}`);
    }());
    yield* join(first);
    yield* join(next);
  }());
  assertEquals(log, ["first at 0", "granted is cancelled", "next at 10"]);
  assertEquals(semaphore.available, 1, "no permit was lost");
  assertEquals(semaphore.waiting, 0);
});

Deno.test("withPermit() releases its permit when the operation fails or is cancelled", async () => {
  const { run } = harness();
  const semaphore = createSemaphore(2);
  await assertRejects(
    () =>
      run(semaphore.withPermit(function* () {
        yield* sleep(1);
        throw new Error("failed while holding");
      }())),
    Error,
    "failed while holding",
  );
  assertEquals(semaphore.available, 2);
  await run(function* () {
    const holderTask = yield* spawn(semaphore.withPermit(sleep(1000)));
    yield* sleep(1);
    const availableWhileHeld = semaphore.available;
    yield* halt(holderTask);
    assertEquals(availableWhileHeld, 1);
  }());
  assertEquals(semaphore.available, 2);
});

Deno.test("tryAcquire() takes a free permit without waiting and refuses when none is free", () => {
  const semaphore = createSemaphore(2);
  assertEquals(semaphore.tryAcquire(), true);
  assertEquals(semaphore.tryAcquire(), true);
  assertEquals(semaphore.tryAcquire(), false);
  assertEquals(semaphore.available, 0);
  semaphore.release();
  assertEquals(semaphore.available, 1);
});

Deno.test("createSemaphore() refuses a permit count that is not a positive integer", () => {
  for (const permits of [0, -1, 1.5, NaN, Infinity]) {
    assertThrows(
      () => createSemaphore(permits),
      RangeError,
      `Cannot create a semaphore with ${permits} permits`,
    );
  }
});

Deno.test("withPermit() given a promise throws a TypeError saying what to pass, taking no permit", async () => {
  const { run } = harness();
  const semaphore = createSemaphore(1);
  const given = Promise.reject(new EvalError("rejected")) as unknown as Operation<void>;
  await assertRejects(
    () => run(semaphore.withPermit(given)),
    TypeError,
    "Cannot run under a permit: withPermit() expects an operation, got a promise (wait for it " +
      "with call(() => promise))",
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(semaphore.available, 1);
});
