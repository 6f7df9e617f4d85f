// A body held back by the run's bandwidth: the attempt's deadlines are real time, the limit's waits
// the loop's. Nothing asserts how long anything took in real time; the virtual-clock test of a
// run's rate is tests/bandwidth_test.ts.
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { all, createVirtualClock } from "../loop/mod.ts";
import {
  pause,
  stall,
  startScriptedServer,
  type Step,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { Bandwidth } from "./bandwidth.ts";
import type { HttpError } from "./errors.ts";

Deno.test("a body the bandwidth limit holds back past timeouts.totalMs is read to its end: the run's own waits do not count", async () => {
  // 64 KiB in 1 KiB writes, each soon after the last: at 16 KiB/s, the limit holds the reads back
  // for about 3 s, twice the attempt's total limit. (Counted, that time passes the limit; the limit
  // is room for what does count, which on a loaded machine includes its timers firing late.)
  const pieces = Array.from({ length: 64 }, (): Step[] => [pause(2), write("x".repeat(1024))]);
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n"), ...pieces.flat()] },
  });
  const bandwidth = new Bandwidth(16 * 1024, { now: () => performance.now() });
  const { text } = await fetchOnce(server.url(), { bandwidth, timeouts: { totalMs: 1500 } });
  assertEquals(text.length, 65536);
});

Deno.test("a bandwidth wait the process spent starved does not count toward timeouts.totalMs", async () => {
  // 48 KiB at 16 KiB/s: the limit holds the reads back for about 2 s. In its second wait the process
  // is held for 1.5 s (a callback's CPU-bound work, a stopped process): the wait ends late, and
  // all of it was the run's, none the server's.
  await using server = startScriptedServer({
    routes: {
      "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 49152\r\n\r\n" + "x".repeat(49152))],
    },
  });
  let waits = 0;
  const bandwidth = new class extends Bandwidth {
    override waitMs(bytes: number): number {
      const ms = super.waitMs(bytes);
      if (ms > 0 && ++waits === 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      }
      return ms;
    }
  }(16 * 1024, { now: () => performance.now() });
  const { text } = await fetchOnce(server.url(), { bandwidth, timeouts: { totalMs: 1000 } });
  assertEquals(text.length, 49152);
  assert(waits >= 2, `the limit made ${waits} waits`);
});

Deno.test("a server silent after the bandwidth limit's waits still fails with TIMEOUT_TOTAL: only the run's own waits stop its clock", async () => {
  // 48 KiB at once, then nothing: at 16 KiB/s the limit holds the reads back for about 2 s, more
  // than the attempt's total limit, then the server's silence runs the rest of that limit out
  // (the idle limit, longer, would end it only if the waits had left the clock stopped).
  await using server = startScriptedServer({
    routes: {
      "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n" + "x".repeat(49152)), stall()],
    },
  });
  const bandwidth = new Bandwidth(16 * 1024, { now: () => performance.now() });
  const error = await assertRejects(() =>
    fetchOnce(server.url(), { bandwidth, timeouts: { totalMs: 1000, idleMs: 5000 } })
  );
  assertEquals((error as HttpError).code, "TIMEOUT_TOTAL", String(error));
});

Deno.test("many bodies read side by side stay under the limit over every stretch of time, not only on average", async () => {
  // 64 responses of 64 KiB at 64 KiB/s, all at once, in virtual time. Each response's first read
  // (its head's) may take one share (a sixteenth of a second's worth); after those, over any
  // stretch of time the reads may take the bucket (a second's worth), one share more, and what the
  // limit earned meanwhile. Reads woken together must not each take a share the bucket does not
  // hold: 64 shares at once would be four seconds' worth.
  const KIB = 1024;
  const count = 64;
  await using server = startRouteServer({ "/f": { body: new Uint8Array(64 * KIB).fill(1) } });
  const clock = createVirtualClock();
  const bandwidth = new Bandwidth(64 * KIB, clock);
  const firsts: { atMs: number; bytes: number }[] = [];
  const laters: { atMs: number; bytes: number }[] = [];
  await withClient(function* (client) {
    yield* all(Array.from({ length: count }, (_, index) =>
      function* () {
        const response = yield* client.request({ url: server.url(`/f?n=${index}`) }, { bandwidth });
        for (let chunk, reads = 0; (chunk = yield* response.body.read()) !== null; reads++) {
          (reads === 0 ? firsts : laters).push({ atMs: clock.now(), bytes: chunk.byteLength });
        }
      }()));
  }, { clock, client: { perHost: count } });
  const share = bandwidth.readQuantum;
  const firstBytes = firsts.reduce((sum, { bytes }) => sum + bytes, 0);
  assert(firstBytes <= count * share, `the heads' reads took ${firstBytes} bytes`);
  laters.sort((a, b) => a.atMs - b.atMs);
  for (let from = 0; from < laters.length; from++) {
    let bytes = 0;
    for (let to = from; to < laters.length; to++) {
      bytes += laters[to].bytes;
      const spanMs = laters[to].atMs - laters[from].atMs;
      const allowed = 64 * KIB + share + 64 * KIB * spanMs / 1000;
      assert(bytes <= allowed, `${bytes} bytes read in ${spanMs} ms from ${laters[from].atMs} ms`);
    }
  }
  assertEquals(firstBytes + laters.reduce((sum, { bytes }) => sum + bytes, 0), count * 64 * KIB);
});
