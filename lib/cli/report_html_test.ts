import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import type { TaskResult } from "../tasks/mod.ts";
import { readTrace } from "./report_data.ts";
import { formatSpan, renderReport } from "./report_html.ts";
import { formatBytes } from "./format.ts";
import { TraceRecorder } from "./trace_recorder.ts";

Deno.test("the report page's durations never show a full next unit: 119.7 s is 2 min 0 s, not 1 min 60 s", () => {
  const cases: [number, string][] = [
    [0.25, "250 µs"],
    [0.9996, "1.0 ms"],
    [12.34, "12.3 ms"],
    [99.96, "100 ms"],
    [850, "850 ms"],
    [999.6, "1.00 s"],
    [4200, "4.20 s"],
    [59_996, "1 min 0 s"],
    [119_700, "2 min 0 s"],
    [185_000, "3 min 5 s"],
    [3_599_600, "1 h 0 min"],
    [7_170_000, "2 h 0 min"],
    [5_400_000, "1 h 30 min"],
  ];
  for (const [ms, text] of cases) assertEquals(formatSpan(ms), text, `${ms} ms`);
});

Deno.test("the report page's byte counts never show 1024 of a unit: 1023.96 KiB is 1.0 MiB", () => {
  const cases: [number, string][] = [
    [512, "512 B"],
    [1023.6, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [1024 * 1023.96, "1.0 MiB"],
    [1024 ** 3 * 1023.99, "1.0 TiB"],
  ];
  for (const [bytes, text] of cases) assertEquals(formatBytes(bytes), text, `${bytes} bytes`);
});

Deno.test("a long task name of emoji is cut on the timeline between characters, never inside one", () => {
  const name = "deploy-" + "🚀".repeat(30);
  const trace = new TraceRecorder({ originMs: 0, source: "tasks.yaml" });
  trace.event({ type: "task-start", name, kind: "sleep", atMs: 0 }, 0);
  const result: TaskResult = { name, kind: "sleep", outcome: "done", startMs: 0, endMs: 100 };
  trace.event({ type: "task-end", result, atMs: 100 }, 100);
  const page = renderReport(readTrace(JSON.stringify(trace.toJSON(100)), "t.json"), "t.json");
  // A lone surrogate is written to the file as U+FFFD: the label must hold whole emoji only.
  assert(!/\p{Cs}/u.test(page), "a half emoji on the page");
  assertStringIncludes(page, `>task deploy-${"🚀".repeat(15)}…</text>`);
});

Deno.test("the totals say 1 retry, not 1 retries", () => {
  const page = (retries: number) => {
    const trace = new TraceRecorder({ originMs: 0 });
    for (let attempt = 0; attempt <= retries; attempt++) {
      trace.attempt({
        type: "attempt",
        task: "pages",
        url: "http://127.0.0.1:8000/a",
        fetchId: 1,
        attempt,
        waits: [],
        startMs: attempt * 10,
        connectMs: 0,
        tlsMs: 0,
        headMs: 0,
        bodyMs: 0,
        writeMs: 0,
        endMs: attempt * 10 + 5,
        outcome: attempt < retries ? "retry" : "done",
        bytes: 0,
      });
    }
    return renderReport(readTrace(JSON.stringify(trace.toJSON(50)), "t.json"), "t.json");
  };
  assertStringIncludes(page(1), "<th>attempts</th><td>2 (1 retry)</td>");
  assertStringIncludes(page(2), "<th>attempts</th><td>3 (2 retries)</td>");
  assertStringIncludes(page(0), "<th>attempts</th><td>1 (0 retries)</td>");
});

Deno.test("a task that failed with no fetch to blame (its list unreadable, its code threw) is on the page, never 'No errors'", () => {
  const trace = new TraceRecorder({ originMs: 0, source: "tasks.ts" });
  const end = (
    name: string,
    kind: TaskResult["kind"],
    outcome: TaskResult["outcome"],
    error?: TaskResult["error"],
  ) => {
    trace.event({ type: "task-start", name, kind, atMs: 0 }, 0);
    const result = { name, kind, outcome, startMs: 0, endMs: 5, error } as TaskResult;
    trace.event({ type: "task-end", result, atMs: 5 }, 5);
  };
  end("nap", "sleep", "done");
  end("custom", "custom", "failed", { message: "custom task broke" });
  end("list", "fetch", "failed", {
    code: "LIST_UTF16",
    message: 'Cannot read the URL list "u.txt": it is UTF-16 text',
  });
  const page = renderReport(readTrace(JSON.stringify(trace.toJSON(10)), "t.json"), "t.json");
  assert(!page.includes("No errors"), "a run with failed tasks said No errors");
  assertStringIncludes(page, "No failed or retried fetches.");
  const failed = page.slice(page.indexOf('<table id="failed-tasks">'));
  assertStringIncludes(
    failed,
    `<td>custom</td><td></td><td class="message">custom task broke</td>`,
  );
  assertStringIncludes(
    failed,
    `<td>list</td><td>LIST_UTF16</td><td class="message">Cannot read the URL list &#34;u.txt&#34;: it is UTF-16 text</td>`,
  );
  assert(!failed.includes("<td>nap</td>"));
});
