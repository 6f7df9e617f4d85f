import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { liveHostTimers } from "../loop/mod.ts";
import { createRealHost, createTextSink } from "./real_host.ts";

Deno.test("createTextSink() writes all of the text even when the file takes it in pieces", () => {
  const chunks: string[] = [];
  const sink = createTextSink({
    writeSync(bytes) {
      const taken = bytes.subarray(0, 3);
      chunks.push(new TextDecoder().decode(taken));
      return taken.length;
    },
  });
  sink.write("hello world");
  assertEquals(chunks.join(""), "hello world");
  assertEquals(chunks.length, 4);
});

Deno.test("createTextSink() goes quiet after a broken pipe instead of failing the run, and keeps why", () => {
  let calls = 0;
  const gone = new Deno.errors.BrokenPipe("reader went away");
  const sink = createTextSink({
    writeSync() {
      calls++;
      throw gone;
    },
  });
  assertEquals(sink.failure, undefined);
  sink.write("a");
  sink.write("b");
  assertEquals(calls, 1);
  assertEquals(sink.failure, gone);
});

Deno.test("createTextSink() keeps any other write error too, for the command's end to say", () => {
  const full = new Error("No space left on device (os error 28)");
  const sink = createTextSink({
    writeSync() {
      throw full;
    },
  });
  sink.write("a");
  assertEquals(sink.failure, full);
});

Deno.test("createRealHost() timers stop when disposed", () => {
  const host = createRealHost();
  const before = liveHostTimers();
  const ticker = host.every(1_000_000, () => {});
  assertEquals(liveHostTimers(), before + 1);
  ticker[Symbol.dispose](); // host timers are not the sanitizer's to see: counted instead
  assertEquals(liveHostTimers(), before);
  assertEquals(typeof host.columns(), "number");
});

Deno.test("createRealHost().every ticks again and again until disposed, then never", async () => {
  const host = createRealHost();
  const before = liveHostTimers();
  let ticks = 0;
  const third = Promise.withResolvers<void>();
  const ticker = host.every(5, () => {
    if (++ticks === 3) third.resolve();
  });
  await third.promise;
  ticker[Symbol.dispose]();
  const seen = ticks;
  await new Promise<void>((done) => {
    const signal = AbortSignal.timeout(50);
    signal.addEventListener("abort", () => done(), { once: true });
  });
  assertEquals([seen, ticks], [3, 3]);
  assertEquals(liveHostTimers(), before);
});
