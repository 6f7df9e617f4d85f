/**
 * Under `--virtual-time` a task's shown duration is what the task would take: a fetch counts its real
 * time (the virtual clock stands still while it is pending), a sleep its virtual time (which takes
 * no real time at all), and a custom task both.
 */
import { assertEquals, assertGreaterOrEqual, assertLess } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleepTask, task } from "../mod.ts";
import { taskDurationMs } from "../lib/cli/format.ts";
import { pause, startScriptedServer, write } from "./fixtures/scripted_server.ts";

const SLOW_ANSWER = [pause(300), write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")];

Deno.test("virtual time: a fetch's duration is its real time, a sleep's its virtual time, a custom task's both", async () => {
  await using server = startScriptedServer({ routes: { "/a": SLOW_ANSWER, "/b": SLOW_ANSWER } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-virtual-duration-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("slow", server.url("/a"), { save: "a.txt", retries: 0 }),
          sleepTask("nap", "1h"),
          task("nap-then-fetch", function* (ctx) {
            yield* ctx.sleep(60_000);
            yield* ctx.fetch(server.url("/b"), { retries: 0 });
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    const [slow, nap, custom] = report.tasks;
    assertEquals([slow.outcome, nap.outcome, custom.outcome], ["done", "done", "done"]);
    // The server waited 300 ms of real time before answering.
    assertGreaterOrEqual(taskDurationMs(slow)!, 250);
    assertEquals(taskDurationMs(nap), 3_600_000);
    assertGreaterOrEqual(taskDurationMs(custom)!, 60_250);
    assertLess(taskDurationMs(custom)!, 3_600_000);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
