// A body held back by the run's bandwidth needs real time here: the attempt's deadlines are real
// time. Nothing asserts how long anything took; the virtual-clock test of the limit's rate is
// tests/bandwidth_test.ts.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import {
  pause,
  startScriptedServer,
  type Step,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { Bandwidth } from "./bandwidth.ts";

Deno.test("a body the bandwidth limit holds back past timeouts.totalMs is read to its end: the run's own waits do not count", async () => {
  // 40 KiB in 1 KiB writes, each soon after the last: at 16 KiB/s, the limit holds the reads back
  // for about 1.5 s, three times the attempt's total limit.
  const pieces = Array.from({ length: 40 }, (): Step[] => [pause(2), write("x".repeat(1024))]);
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 40960\r\n\r\n"), ...pieces.flat()] },
  });
  const bandwidth = new Bandwidth(16 * 1024, { now: () => performance.now() });
  const { text } = await fetchOnce(server.url(), { bandwidth, timeouts: { totalMs: 500 } });
  assertEquals(text.length, 40960);
});
