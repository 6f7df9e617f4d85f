/**
 * The turns of a pipelined connection on their own: who writes next, who reads next, and what a
 * request that leaves or is given up does to the others.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type Effect, halt, join, runOperation, sleep, spawn } from "../loop/mod.ts";
import { Pipeline } from "./pipeline.ts";

/** A task that waits for its turn to send on `line` and reports what it got. */
function* waitToSend(line: Pipeline, key: object, got: string[], name: string) {
  try {
    got.push(`${name} ${(yield* line.sendTurn(key)) ? "sends" : "goes elsewhere"}`);
  } finally {
    got.push(`${name} done`);
  }
}

/** A line whose request `a` holds the turn to send, with `b` and then `c` parked behind it. */
function* lineWithTwoWaiting(got: string[]) {
  const line = new Pipeline(4, 0);
  const [a, b, c] = [{}, {}, {}];
  assertEquals(yield* line.sendTurn(a), true);
  const waitingB = yield* spawn(waitToSend(line, b, got, "b"));
  const waitingC = yield* spawn(waitToSend(line, c, got, "c"));
  yield* sleep(1); // both parked
  return { line, b, waitingB, waitingC };
}

Deno.test("a request given the turn to send and cancelled before it could use it passes the turn on", async () => {
  const got: string[] = [];
  await runOperation(function* (): Generator<Effect, void> {
    const { line, b, waitingB, waitingC } = yield* lineWithTwoWaiting(got);
    assertEquals(line.sent(), 0); // a is written: the turn goes to b...
    yield* halt(waitingB); // ...which is cancelled before it runs
    line.leave(b); // as the exchange does when it leaves without writing
    yield* join(waitingC);
  }());
  assertEquals(got, ["b done", "c sends", "c done"]);
});

Deno.test("stopWaiting ends one request's wait and leaves the others in line", async () => {
  const got: string[] = [];
  await runOperation(function* (): Generator<Effect, void> {
    const { line, b, waitingB, waitingC } = yield* lineWithTwoWaiting(got);
    line.stopWaiting(b);
    yield* join(waitingB);
    line.sent();
    yield* join(waitingC);
  }());
  assertEquals(got, ["b goes elsewhere", "b done", "c sends", "c done"]);
});

Deno.test("abandon: the responses before the given-up request are read, then the line ends", async () => {
  await runOperation(function* (): Generator<Effect, void> {
    const line = new Pipeline(4, 0);
    const turns: number[] = [];
    for (const key of [{}, {}, {}, {}]) {
      assertEquals(yield* line.sendTurn(key), true);
      turns.push(line.sent());
    }
    assertEquals(turns, [0, 1, 2, 3]);
    assertEquals(line.abandon(2), false); // turn 0 is being read: not its response yet
    assertEquals(line.hasRoom, false);
    assertEquals(yield* line.readTurn(3, {}), false); // behind it: goes elsewhere
    assertEquals(line.answered(), true); // 0 read; 1 reads next
    assertEquals(yield* line.readTurn(1, {}), true);
    assertEquals(line.answered(), false); // 1 read; 2 was given up: the connection closes
    assertEquals(line.broken, true);
  }());
});
