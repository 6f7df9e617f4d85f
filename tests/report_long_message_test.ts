/**
 * A server's error message of thousands of characters (a reason phrase may be one long word) keeps
 * the report page's tables readable: the cell shows its start and wraps, the whole is in its title.
 */
import { assert, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import type { TaskResult } from "../lib/tasks/mod.ts";
import { readTrace } from "../lib/cli/report_data.ts";
import { renderReport } from "../lib/cli/report_html.ts";
import { TraceRecorder } from "../lib/cli/trace_recorder.ts";

Deno.test("a long error message is cut in the report's tables, whole in the cell's title", () => {
  const message = `HTTP 500 ${"E".repeat(5_000)}`;
  const error = { code: "HTTP_STATUS", message };
  const trace = new TraceRecorder({ originMs: 0, source: "tasks.yaml" });
  trace.event({ type: "task-start", name: "long", kind: "fetch", atMs: 0 }, 0);
  trace.attempt({
    type: "attempt",
    task: "long",
    url: "http://127.0.0.1:8000/longheader",
    fetchId: 1,
    attempt: 0,
    waits: [],
    startMs: 1,
    headAtMs: 5,
    connectMs: 1,
    tlsMs: 0,
    headMs: 3,
    bodyMs: 0,
    writeMs: 0,
    endMs: 6,
    outcome: "failed",
    status: 500,
    bytes: 1,
    error,
  });
  const result = { name: "long", kind: "fetch", outcome: "failed", error } as TaskResult;
  trace.event({ type: "task-end", result, atMs: 7 }, 7);
  const page = renderReport(readTrace(JSON.stringify(trace.toJSON(8)), "t.json"), "t.json");
  // In "Errors by kind" and in "Failed tasks": shown cut, the whole text on hovering.
  const cells = [...page.matchAll(/<td class="message"( title="([^"]*)")?>([^<]*)<\/td>/g)];
  assert(cells.length === 2, `${cells.length} message cells`);
  for (const [, , title, shown] of cells) {
    assert(shown.length < 400, `a cell shows ${shown.length} characters`);
    assert(shown.endsWith("…"), "a cut message does not say it was cut");
    assert(title === message, "the cell's title is not the whole message");
  }
  assertStringIncludes(page, "td.message { max-width: 420px; overflow-wrap: anywhere; }");
  assert(!page.includes(`>${message}<`), "the whole message is a cell's text");
});
