/**
 * An interrupted run ends every task, those that never started too: each ends with a `task-end`
 * (so a trace, and `corun report` from it, lists every task, as `--json` does), stays without
 * times, and a task that runs after a cancelled one is skipped, whether that one had started.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunEvent } from "../mod.ts";
import { readTrace } from "../lib/cli/report_data.ts";
import { TraceRecorder } from "../lib/cli/trace_recorder.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";

const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

Deno.test("an interrupted run ends its never-started tasks cancelled and skips what runs after them", async () => {
  await using server = startScriptedServer({ routes: { "/slow": [stall()], "/ok": [write(OK)] } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-unstarted-" });
  try {
    const controller = new AbortController();
    const trace = new TraceRecorder();
    const events: string[] = [];
    const onEvent = (event: RunEvent) => {
      trace.event(event);
      if (event.type === "task-start") events.push(`start ${event.name}`);
      if (event.type === "task-end") events.push(`end ${event.result.name}`);
    };
    const running = run(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [
          fetchTask("t1", server.url("/slow"), { save: "t1.txt" }),
          fetchTask("t2", server.url("/slow"), { save: "t2.txt" }),
          fetchTask("t3", server.url("/ok"), { save: "t3.txt", after: ["t2"] }),
          fetchTask("p", server.url("/ok[1-3]"), { save: "p{1}.txt" }),
          fetchTask("t4", server.url("/ok"), { save: "t4.txt", after: ["t1"] }),
        ],
      }),
      { state: false, signal: controller.signal, onEvent },
    );
    // With one slot, t1 holds it (its server never answers) and t2 and p wait in the frontier.
    await pollUntil(() => server.requests.length > 0, "t1's request", 5);
    controller.abort();
    const report = await running;
    trace.finish(performance.now(), { interrupted: true });
    const results = report.tasks.map((t) => [t.name, t.outcome, t.startMs === null, t.endMs]);
    assertEquals(results.filter(([name]) => name !== "t1"), [
      ["t2", "cancelled", true, null],
      ["t3", "skipped", true, null],
      ["p", "cancelled", true, null],
      ["t4", "skipped", true, null],
    ]);
    // One rule for what runs after a cancelled task, started (t1) or not (t2). t1, cut off
    // mid-fetch, says so; t2 and p never sent a request.
    assertEquals(report.tasks.map((t) => t.error?.message), [
      `Cancelled during the fetch of ${server.url("/slow")}: the run was interrupted`,
      undefined,
      'it runs after "t2", which was cancelled',
      undefined,
      'it runs after "t1", which was cancelled',
    ]);
    assertEquals(events.filter((e) => e.startsWith("start")), ["start t1"]);
    assertEquals(events.filter((e) => e.startsWith("end")).sort(), [
      "end p",
      "end t1",
      "end t2",
      "end t3",
      "end t4",
    ]);
    // The report read from the trace lists every task, as the run's report does.
    const data = readTrace(JSON.stringify(trace.toJSON()), "trace.json");
    assertEquals(
      data.tasks.map((t) => [t.name, t.outcome]).sort(),
      report.tasks.map((t) => [t.name, t.outcome]).sort(),
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
