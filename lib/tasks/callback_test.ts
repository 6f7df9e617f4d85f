import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, createVirtualClock, type Effect, runOperation, sleep } from "../loop/mod.ts";
import { runCallback } from "./callback.ts";

Deno.test("runCallback runs every operation a callback may return, not only generators", async () => {
  const clock = createVirtualClock({ startWallMs: 0 });
  const ran: string[] = [];
  // What `onResponse` callbacks return, each called when its turn comes.
  const callbacks: (() => unknown)[] = [
    function* (): Generator<Effect, void> {
      yield* sleep(0);
      ran.push("generator");
    },
    () =>
      call(() => {
        ran.push("call()");
        return Promise.resolve();
      }),
    () => ({
      *[Symbol.iterator](): Generator<Effect, void> {
        yield* sleep(1);
        ran.push(`object with *[Symbol.iterator]() at ${clock.now()}`);
      },
    }),
    () => sleep(5), // an operation that is its own effect
    async () => {
      await Promise.resolve();
      ran.push("async function");
    },
    () => undefined,
    () => ({ status: 200 }), // a plain value: nothing to run
  ];
  await runOperation(
    function* () {
      for (const callback of callbacks) yield* runCallback(callback(), "crawl", "https://a.test/");
    }(),
    { clock },
  );
  assertEquals(ran, [
    "generator",
    "call()",
    "object with *[Symbol.iterator]() at 1",
    "async function",
  ]);
  assertEquals(clock.now(), 6);
});

Deno.test("runCallback refuses an async generator, whose body nothing would run", async () => {
  let ran = false;
  async function* work() {
    ran = true;
    yield 1;
  }
  await assertRejects(
    () => runOperation(runCallback(work(), "crawl", "https://a.test/")),
    TypeError,
    'Cannot run the onResponse of task "crawl" for https://a.test/: it returned an async ' +
      "generator (async function*), whose body nothing runs",
  );
  assertEquals(ran, false);
});
