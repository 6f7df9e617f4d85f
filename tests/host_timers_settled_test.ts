/**
 * corun's host timers are the runtime's own (`startHostTimer`), which Deno's test sanitizers do not
 * see: a timer left armed would not fail the test that leaked it. So these runs, which between them
 * arm every kind corun has (the loop's, a metadata batch's flush, a connect's and a head's deadline
 * in real time, a retry's wait), check the count of armed host timers once they end, as the
 * sanitizer checks `setTimeout`'s.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleepTask } from "../mod.ts";
import { liveHostTimers } from "../lib/loop/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { stall, startScriptedServer } from "./fixtures/scripted_server.ts";

Deno.test("a run leaves no host timer armed: sleeps, retries, metadata flushes, fetches", async () => {
  let asked = 0;
  await using site = startRouteServer({
    "/a": () => (++asked === 1 ? { status: 503, headers: { "Retry-After": "0" } } : { body: "a" }),
    "/b": { body: "b" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-host-timers-" });
  try {
    const before = liveHostTimers();
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("a", site.url("/a"), { save: "a.txt", backoff: "10ms" }),
          fetchTask("b", site.url("/b"), { save: "b.txt" }),
          sleepTask("nap", "20ms"),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done", "done"]);
    assertEquals(asked, 2); // the 503 was retried after its wait
    assertEquals(liveHostTimers(), before);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a virtual-time run whose fetch times out in real time leaves no host timer armed", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const outDir = await Deno.makeTempDir({ prefix: "corun-host-timers-" });
  try {
    const before = liveHostTimers();
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("silent", server.url(), { timeout: { headers: "200ms" }, retries: 0 }),
          sleepTask("nap", "1h"),
        ],
      }),
      { virtualTime: true, state: false },
    );
    assertEquals(report.tasks[0].error?.code, "TIMEOUT_HEADERS");
    assertEquals(liveHostTimers(), before);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
