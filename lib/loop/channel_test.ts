import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { type Channel, createChannel } from "./channel.ts";
import { createVirtualClock, type VirtualClock } from "./clock.ts";
import type { Effect, Operation } from "./effect.ts";
import { runOperation } from "./run_operation.ts";
import { sleep } from "./sleep.ts";
import { halt, join, spawn } from "./spawn.ts";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** Receives until the channel is closed and drained. */
function* drain<T>(channel: Channel<T>): Generator<Effect, T[]> {
  const values: T[] = [];
  for (;;) {
    const next = yield* channel.receive();
    if (next.done) return values;
    values.push(next.value);
  }
}

Deno.test("a channel delivers values in the order they were sent", async () => {
  const { run } = harness();
  const channel = createChannel<number>();
  channel.send(1);
  channel.send(2);
  channel.send(3);
  assertEquals(channel.size, 3);
  channel.close();
  assertEquals(await run(drain(channel)), [1, 2, 3]);
  assertEquals(channel.size, 0);
});

Deno.test("receive() waits until a value is sent", async () => {
  const { clock, run } = harness();
  const channel = createChannel<string>();
  const log: string[] = [];
  await run(function* () {
    const receiver = yield* spawn(function* () {
      const next = yield* channel.receive();
      log.push(`received ${next.value} at ${clock.now()}`);
    }());
    yield* sleep(1);
    log.push(`receiver waits on ${receiver.waitingOn}`);
    yield* sleep(29);
    channel.send("hello");
    yield* join(receiver);
  }());
  assertEquals(log, ["receiver waits on channel", "received hello at 30"]);
});

Deno.test("waiting receivers are served in the order they started waiting", async () => {
  const { run } = harness();
  const channel = createChannel<string>();
  const log: string[] = [];
  await run(function* () {
    const receivers = [];
    for (const name of ["r1", "r2", "r3"]) {
      receivers.push(
        yield* spawn(function* () {
          const next = yield* channel.receive();
          log.push(`${name} got ${next.value}`);
        }()),
      );
    }
    yield* sleep(5);
    channel.send("a");
    channel.send("b");
    channel.send("c");
    for (const receiver of receivers) yield* join(receiver);
  }());
  assertEquals(log, ["r1 got a", "r2 got b", "r3 got c"]);
});

Deno.test("close() wakes every waiting receiver with done", async () => {
  const { clock, run } = harness();
  const channel = createChannel<number>();
  const results = await run(function* () {
    const receivers = [];
    for (let i = 0; i < 3; i++) receivers.push(yield* spawn(drain(channel)));
    yield* sleep(10);
    channel.send(7);
    channel.close();
    const results = [];
    for (const receiver of receivers) results.push(yield* join(receiver));
    return results;
  }());
  assertEquals(results, [[7], [], []]);
  assertEquals(channel.closed, true);
  assertEquals(clock.now(), 10);
});

Deno.test("values sent before close() are still received, then done", async () => {
  const { run } = harness();
  const channel = createChannel<number>();
  channel.send(1);
  channel.close();
  channel.close(); // closing twice is harmless
  const first = await run(channel.receive());
  const second = await run(channel.receive());
  assertEquals(first, { done: false, value: 1 });
  assertEquals(second, { done: true, value: undefined });
});

Deno.test("send() on a closed channel is a TypeError", () => {
  const channel = createChannel<number>();
  channel.close();
  assertThrows(() => channel.send(1), TypeError, "Cannot send on a closed channel");
});

Deno.test("a receiver cancelled while waiting takes no value", async () => {
  const { run } = harness();
  const channel = createChannel<string>();
  const got = await run(function* () {
    const cancelled = yield* spawn(channel.receive());
    const next = yield* spawn(channel.receive());
    yield* sleep(5);
    yield* halt(cancelled);
    channel.send("kept");
    return yield* join(next);
  }());
  assertEquals(got, { done: false, value: "kept" });
  assertEquals(channel.size, 0);
});

Deno.test("a receiver cancelled after being handed a value does not lose it", async (t) => {
  await t.step("the value waits in the channel for the next receive()", async () => {
    const { run } = harness();
    const channel = createChannel<string>();
    const got = await run(function* () {
      const receiver = yield* spawn(channel.receive());
      yield* sleep(5);
      channel.send("precious");
      yield* halt(receiver); // cancelled before it could run with the value
      return [receiver.state, channel.size, yield* channel.receive()];
    }());
    assertEquals(got, ["cancelled", 1, { done: false, value: "precious" }]);
  });

  await t.step("the value goes to the next waiting receiver", async () => {
    const { run } = harness();
    const channel = createChannel<string>();
    const got = await run(function* () {
      const cancelled = yield* spawn(channel.receive());
      const next = yield* spawn(drain(channel));
      yield* sleep(5);
      channel.send("precious");
      yield* halt(cancelled);
      channel.close();
      return yield* join(next);
    }());
    assertEquals(got, ["precious"]);
    assertEquals(channel.size, 0);
  });

  await t.step("the value keeps its place ahead of later values", async () => {
    const { run } = harness();
    const channel = createChannel<string>();
    const got = await run(function* () {
      const cancelled = yield* spawn(channel.receive());
      const next = yield* spawn(drain(channel));
      yield* sleep(5);
      channel.send("first");
      yield* halt(cancelled);
      channel.send("second");
      channel.close();
      return yield* join(next);
    }());
    assertEquals(got, ["first", "second"]);
  });
});
