/**
 * `--virtual-time` makes sleeps free, never network limits: a peer that never answers takes real
 * time, and the run's connect, TLS and head timeouts fire as configured while sleeps in the same run
 * still jump ahead. Each run has a generous guard: should a limit not fire, the run is interrupted
 * and the task reports "cancelled" instead of the timeout asserted.
 */
import {
  assertEquals,
  assertGreaterOrEqual,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleepTask } from "../mod.ts";
import type { RunReport } from "../lib/tasks/mod.ts";
import { fillBacklog } from "./fixtures/full_backlog.ts";
import { fetchOnce } from "./fixtures/http_harness.ts";
import { pause, stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { createVirtualClock } from "../lib/loop/mod.ts";

const GUARD_MS = 10_000;

/** Runs one fetch task and an hour's sleep in virtual time, interrupted after GUARD_MS of real time. */
async function runVirtual(url: string, timeout: Record<string, string>): Promise<RunReport> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-virtual-net-" });
  const guard = new AbortController();
  const timer = setTimeout(() => guard.abort(), GUARD_MS);
  try {
    return await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("silent", url, { save: "silent.txt", timeout, retries: 0 }),
          sleepTask("nap", "1h"),
        ],
      }),
      { virtualTime: true, signal: guard.signal, state: false },
    );
  } finally {
    clearTimeout(timer);
    await Deno.remove(outDir, { recursive: true });
  }
}

function assertTimedOut(report: RunReport, code: string, limit: string): void {
  const [silent, nap] = report.tasks;
  assertEquals([silent.outcome, silent.error?.code], ["failed", code], silent.error?.message);
  assertStringIncludes(silent.error!.message, limit);
  // The sleep still took virtual time only.
  assertEquals([nap.outcome, nap.endMs], ["done", 3_600_000]);
}

Deno.test("virtual time: a server that accepts and never answers fails with TIMEOUT_HEADERS", async () => {
  await using server = startScriptedServer({ routes: { "/": [stall()] } });
  const report = await runVirtual(server.url(), { headers: "300ms" });
  assertTimedOut(report, "TIMEOUT_HEADERS", "no response head within timeout.headers (300ms)");
  assertEquals(server.requests.length, 1);
});

Deno.test("virtual time: a peer that never completes the TLS handshake fails with TIMEOUT_TLS", async () => {
  // Plain TCP that takes the ClientHello and never answers it.
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const report = await runVirtual(`https://127.0.0.1:${server.port}/`, { tls: "300ms" });
  assertTimedOut(report, "TIMEOUT_TLS", "no answer within timeout.tls (300ms)");
});

Deno.test("virtual time: a connect that never completes fails with TIMEOUT_CONNECT", async () => {
  using backlog = await fillBacklog();
  const report = await runVirtual(`http://127.0.0.1:${backlog.port}/`, { connect: "300ms" });
  assertTimedOut(report, "TIMEOUT_CONNECT", "no answer within timeout.connect (300ms)");
});

Deno.test("virtual time: a response's time to first byte is real time", async () => {
  await using server = startScriptedServer({
    routes: { "/": [pause(200), write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] },
  });
  const { response } = await fetchOnce(server.url(), {}, { clock: createVirtualClock() });
  // The server waited 200 ms of real time before answering: the virtual clock saw none of it.
  assertGreaterOrEqual(response.timings.firstByteMs, 150);
});
