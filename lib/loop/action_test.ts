import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { action, call } from "./action.ts";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Operation } from "./effect.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { halt, join, scoped, spawn } from "./spawn.ts";
import type { Task } from "./task.ts";
import { moveOnAfter } from "./timeout.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** An action whose resolve/reject the test holds, counting teardowns. */
function controlledAction<T>(label = "controlled") {
  const control = {
    resolve: (_value: T) => {},
    reject: (_error: unknown) => {},
    teardowns: 0,
    operation: undefined as unknown as Operation<T>,
  };
  control.operation = action<T>((resolve, reject) => {
    control.resolve = resolve;
    control.reject = reject;
    return () => control.teardowns++;
  }, label);
  return control;
}

Deno.test("action() resumes with the resolved value and runs its teardown once", async () => {
  const { clock, run } = harness();
  const control = controlledAction<number>();
  const value = await run(function* () {
    yield* spawn(function* () {
      yield* sleep(5);
      control.resolve(42);
      control.resolve(43);
      control.reject(new Error("too late"));
    }());
    const value = yield* control.operation;
    return [value, clock.now()];
  }());
  assertEquals(value, [42, 5]);
  assertEquals(control.teardowns, 1);
});

Deno.test("action() throws a rejection into the task and runs its teardown once", async () => {
  const { run } = harness();
  const control = controlledAction<number>();
  await assertRejects(
    () =>
      run(function* () {
        yield* spawn(function* () {
          yield* sleep(5);
          control.reject(new URIError("rejected"));
          control.resolve(1);
        }());
        return yield* control.operation;
      }()),
    URIError,
    "rejected",
  );
  assertEquals(control.teardowns, 1);
});

Deno.test("action() resolved synchronously inside begin still runs its teardown once", async () => {
  const { run } = harness();
  let teardowns = 0;
  const value = await run(action<string>((resolve) => {
    resolve("at once");
    return () => teardowns++;
  }));
  assertEquals(value, "at once");
  assertEquals(teardowns, 1);
});

Deno.test("action() whose begin throws throws that error into the task", async () => {
  const { run } = harness();
  await assertRejects(
    () =>
      run(action(() => {
        throw new TypeError("cannot begin");
      })),
    TypeError,
    "cannot begin",
  );
});

Deno.test("action() whose begin returns a promise throws a TypeError, the promise's rejection handled", async () => {
  const { run } = harness();
  const begin = (resolve: (value: number) => void) => {
    resolve(1); // an async begin runs up to its first await
    return Promise.reject(new EvalError("rejected"));
  };
  await assertRejects(
    () => run(action(begin as unknown as () => void, "the watch")),
    TypeError,
    "Cannot wait on the watch: action()'s begin returned a promise (an async function?)",
  );
  // Left unhandled, the rejection would end the process (and fail this test).
  await new Promise((resolve) => setTimeout(resolve, 0));
});

Deno.test("action() given no begin function, or whose begin returns no teardown, throws a TypeError saying so", async () => {
  const { run } = harness();
  const untyped = (begin: unknown) => begin as () => void;
  await assertRejects(
    () =>
      run(function* () {
        yield* action(untyped(Promise.reject(new EvalError("rejected"))), "the watch");
      }()),
    TypeError,
    "Cannot wait on the watch: action() expects a function begin(resolve, reject), got a promise",
  );
  // A number as teardown: the wait never ended (nothing resolved it), or failed with "teardown is
  // not a function" once it did.
  await assertRejects(
    () => run(action(untyped(() => 5), "the bell")),
    TypeError,
    "Cannot wait on the bell: action()'s begin returned a value of type number; it must return " +
      "its teardown (a function), or nothing",
  );
});

Deno.test("a call() release that throws for a value that came after its task ended does not end the process", async () => {
  const { run } = harness();
  const deferred = Promise.withResolvers<string>();
  const released: string[] = [];
  const caller = await run(function* () {
    const caller = yield* spawn(call(() => deferred.promise, "the socket", (value) => {
      released.push(value);
      throw new Error("cannot close");
    }));
    yield* halt(caller);
    return caller;
  }());
  deferred.resolve("late");
  // Left unhandled, the release's throw would end the process (and fail this test).
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(released, ["late"]);
  assertEquals(caller.state, "cancelled");
});

Deno.test("a cancelled action() runs its teardown once and ignores a later resolve", async () => {
  const { clock, run } = harness();
  const control = controlledAction<number>("door bell");
  const { waiter, waitingOn } = await run(function* () {
    const waiter = yield* spawn(control.operation);
    yield* sleep(1);
    const waitingOn = waiter.waitingOn;
    yield* halt(waiter);
    control.resolve(7);
    yield* sleep(1);
    return { waiter, waitingOn };
  }());
  assertEquals(waitingOn, "door bell");
  assertEquals([waiter.state, waiter.endedAtMs], ["cancelled", 1]);
  assertEquals(control.teardowns, 1);
  assertEquals(clock.now(), 2);
});

Deno.test("call() resolves with the promise's value", async () => {
  const { run } = harness();
  assertEquals(await run(call(() => Promise.resolve("resolved"))), "resolved");
});

Deno.test("call() throws the promise's rejection into the task", async () => {
  const { run } = harness();
  const value = await run(function* () {
    try {
      yield* call(() => Promise.reject(new EvalError("rejected")));
      return "not reached";
    } catch (error) {
      return `caught ${(error as Error).name}`;
    }
  }());
  assertEquals(value, "caught EvalError");
});

Deno.test("call() whose invoke throws synchronously throws that error into the task", async () => {
  const { run } = harness();
  await assertRejects(
    () =>
      run(call(() => {
        throw new RangeError("sync throw");
      })),
    RangeError,
    "sync throw",
  );
});

Deno.test("call() given a promise instead of a function throws a TypeError saying how to call it", async () => {
  const { run } = harness();
  const given = Promise.reject(new EvalError("rejected")) as unknown as () => Promise<never>;
  await assertRejects(
    () =>
      run(function* () {
        yield* call(given, "the upload");
      }()),
    TypeError,
    "Cannot wait on the upload: call() expects a function that starts the work and returns its " +
      "promise, call(() => work()), got a promise",
  );
  // Its rejection was handled: left unhandled, it would end the process (and fail this test).
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertThrows(
    () => call(42 as unknown as () => Promise<number>),
    TypeError,
    "call(() => work()), got a value of type number",
  );
});

Deno.test("call() aborts its signal when the task is cancelled and ignores the outcome", async () => {
  const { run } = harness();
  let signal: AbortSignal | undefined;
  const { caller, waitingOn } = await run(function* () {
    const caller = yield* spawn(call((abortSignal) => {
      signal = abortSignal;
      return new Promise<string>((_, reject) => {
        abortSignal.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
      });
    }, "slow promise"));
    const waitingOn = caller.waitingOn;
    assert(!signal!.aborted, "not aborted while waiting");
    yield* halt(caller);
    return { caller, waitingOn };
  }());
  assert(signal!.aborted);
  assertEquals(waitingOn, "slow promise");
  assertEquals((signal!.reason as DOMException).name, "AbortError");
  assertEquals(caller.state, "cancelled");
  assertEquals((signal!.reason as DOMException).message, "Cancelled while waiting on slow promise");
});

Deno.test("call() that settles after its task was cancelled does not wake the task", async () => {
  const { run } = harness();
  const deferred = Promise.withResolvers<string>();
  let resumed = false;
  const caller = await run(function* () {
    const caller = yield* spawn(function* () {
      yield* call(() => deferred.promise);
      resumed = true;
    }());
    yield* halt(caller);
    deferred.resolve("late");
    yield* call(() => Promise.resolve()); // lets the late settlement's callback run
    return caller;
  }());
  assertEquals(resumed, false);
  assertEquals(caller.state, "cancelled");
});

Deno.test("join() across call() returns once the promise settles", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    const child = yield* spawn(call(() => Promise.resolve(5)));
    const value = yield* join(child);
    return [value, clock.now()];
  }());
  assertEquals(value, [5, 0]);
});

/** An action that waits for ever and whose teardown throws `error`. */
function brokenTeardown(error: Error): Operation<number> {
  return action<number>(() => () => {
    throw error;
  }, "broken teardown");
}

Deno.test("an action() teardown that throws while its task is cancelled fails that task; the loop runs on", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    const sibling = yield* spawn(function* () {
      yield* sleep(20);
      return clock.now();
    }());
    try {
      yield* moveOnAfter(10, brokenTeardown(new URIError("teardown failed")));
      return "moved on without an error";
    } catch (error) {
      const caught = `${(error as Error).name}: ${(error as Error).message} at ${clock.now()}`;
      return `${caught}; sibling woke at ${yield* join(sibling)}`;
    }
  }());
  assertEquals(value, "URIError: teardown failed at 10; sibling woke at 20");
});

Deno.test("a halted action() whose teardown throws ends failed with that error, not cancelled", async () => {
  const { run } = harness();
  let waiter: Task<number> | undefined;
  const caught = await run(function* () {
    try {
      yield* scoped(function* () {
        waiter = yield* spawn(brokenTeardown(new EvalError("cannot remove listener")));
        yield* sleep(1);
        yield* halt(waiter);
      }());
      return "no error";
    } catch (error) {
      return (error as Error).message;
    }
  }());
  assertEquals(caught, "cannot remove listener");
  assertEquals(waiter!.state, "failed");
  assertEquals((waiter!.error as Error).message, "cannot remove listener");
});

Deno.test("an action() teardown that throws when the wait is resolved fails the waiter, not the resolver", async () => {
  const { run } = harness();
  let resolveIt = (_value: number) => {};
  let resolverCaught: unknown = "nothing";
  const value = await run(function* () {
    yield* spawn(function* () {
      yield* sleep(5);
      try {
        resolveIt(1);
      } catch (error) {
        resolverCaught = error;
      }
    }());
    try {
      return yield* action<number>((resolve) => {
        resolveIt = resolve;
        return () => {
          throw new URIError("teardown failed");
        };
      });
    } catch (error) {
      return `waiter caught ${(error as Error).message}`;
    }
  }());
  assertEquals(value, "waiter caught teardown failed");
  assertEquals(resolverCaught, "nothing");
});

Deno.test("an action() rejected inside begin whose teardown throws fails with both errors", async () => {
  const { run } = harness();
  const error = await assertRejects(() =>
    run(action<number>((_, reject) => {
      reject(new RangeError("rejected"));
      return () => {
        throw new URIError("teardown failed");
      };
    })), SuppressedError);
  assertEquals((error.error as Error).message, "teardown failed");
  assertEquals((error.suppressed as Error).message, "rejected");
});

Deno.test("an action() whose begin resolves, then throws, fails with the throw", async () => {
  const { run } = harness();
  await assertRejects(
    () =>
      run(action<number>((resolve) => {
        resolve(1);
        throw new TypeError("begin broke after resolving");
      })),
    TypeError,
    "begin broke after resolving",
  );
});

Deno.test("an action() resolved inside begin whose teardown throws fails with the teardown's error", async () => {
  const { run } = harness();
  await assertRejects(
    () =>
      run(action<number>((resolve) => {
        resolve(1);
        return () => {
          throw new URIError("teardown failed");
        };
      })),
    URIError,
    "teardown failed",
  );
});

Deno.test("action() with io: true holds virtual time while pending, and lets it go once settled or cancelled", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    const timed = yield* moveOnAfter(
      60_000,
      action<number>(
        (resolve) => {
          const id = setTimeout(() => resolve(42), 20); // real time, outside the loop
          return () => clearTimeout(id);
        },
        "host timer",
        { io: true },
      ),
    );
    const settledAtMs = clock.now();
    const forever = yield* spawn(action<never>(() => {}, "never", { io: true }));
    yield* sleep(0);
    const waitingOn = forever.waitingOn;
    yield* halt(forever);
    yield* sleep(1000); // never ends if the cancelled action still held virtual time
    return [timed, settledAtMs, waitingOn, clock.now()];
  }());
  assertEquals(value, [42, 0, "never", 1000]);
});

Deno.test("call() whose invoke returns a plain value or a thenable takes it as await does; time runs on", async () => {
  const { clock, run } = harness();
  const value = await run(function* () {
    // A plain JavaScript caller, outside the types.
    const plain = yield* call((() => 42) as unknown as () => Promise<number>);
    const thenable = { then: (resolve: (value: string) => void) => resolve("from then") };
    const viaThen = yield* call((() => thenable) as unknown as () => Promise<string>);
    yield* sleep(1000); // never ends if the first call's I/O was still counted
    return [plain, viaThen, clock.now()];
  }());
  assertEquals(value, [42, "from then", 1000]);
});
