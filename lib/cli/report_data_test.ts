import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import type { AttemptEvent, TaskResult } from "../tasks/mod.ts";
import {
  connectionSlots,
  errorsByKind,
  MAX_TASK_ROWS,
  NotATraceError,
  readTrace,
  type ReportData,
  slowestAttempts,
  throughput,
  timelineRows,
  totalsOf,
} from "./report_data.ts";
import { FETCH_TID_BASE, TraceRecorder } from "./trace_recorder.ts";

function attempt(fields: Partial<AttemptEvent> & Pick<AttemptEvent, "fetchId">): AttemptEvent {
  return {
    type: "attempt",
    task: "pages",
    url: `http://127.0.0.1:8000/${fields.fetchId}`,
    attempt: 0,
    waits: [],
    startMs: 0,
    connectMs: 0,
    tlsMs: 0,
    headMs: 0,
    bodyMs: 0,
    writeMs: 0,
    endMs: 0,
    outcome: "done",
    bytes: 0,
    ...fields,
  };
}

function ended(name: string, outcome: TaskResult["outcome"], atMs: number, trace: TraceRecorder) {
  const result = { name, kind: "fetch", outcome, startMs: 0, endMs: 0 } as TaskResult;
  trace.event({ type: "task-end", result, atMs }, atMs);
}

/** A run's trace as `corun report` reads it: a fetch retried after a 503, a 404, a plain fetch. */
function readBack(rewrite: (text: string) => string = (text) => text): ReportData {
  const trace = new TraceRecorder({ originMs: 0, source: "tasks.yaml" });
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 0);
  trace.event({ type: "task-start", name: "gone", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({
    fetchId: 1,
    waits: [{ kind: "queued", startMs: 0, endMs: 10 }],
    startMs: 10,
    headAtMs: 20,
    headMs: 5,
    connectMs: 5,
    endMs: 21,
    outcome: "retry",
    status: 503,
    error: { code: "HTTP_STATUS", message: "status 503" },
    retryInMs: 30,
  }));
  trace.attempt(attempt({
    fetchId: 1,
    attempt: 1,
    waits: [{ kind: "backoff", startMs: 21, endMs: 51 }],
    startMs: 51,
    headAtMs: 55,
    headMs: 4,
    bodyMs: 40,
    writeMs: 10,
    endMs: 95,
    status: 200,
    bytes: 4000,
  }));
  trace.attempt(attempt({
    fetchId: 2,
    startMs: 0,
    headAtMs: 8,
    headMs: 8,
    bodyMs: 2,
    endMs: 10,
    status: 200,
    bytes: 1000,
  }));
  trace.attempt(attempt({
    fetchId: 3,
    task: "gone",
    startMs: 10,
    headAtMs: 12,
    headMs: 2,
    endMs: 13,
    outcome: "failed",
    status: 404,
    error: { code: "HTTP_STATUS", message: "Cannot fetch http://127.0.0.1:8000/3: 404" },
  }));
  ended("gone", "failed", 13, trace);
  ended("pages", "done", 95, trace);
  const text = JSON.stringify(trace.toJSON(100));
  return readTrace(rewrite(text), "trace.json");
}

Deno.test("a file that is not corun's trace is refused, naming it", () => {
  assertThrows(() => readTrace("{oops", "a.json"), NotATraceError, '"a.json" is not a trace');
  assertThrows(
    () => readTrace(JSON.stringify({ traceEvents: [] }), "chrome.json"),
    NotATraceError,
    '"chrome.json" is not a trace written by corun run --trace: its otherData has no corunTrace',
  );
  assertThrows(() => readTrace("[]", "list.json"), NotATraceError, "no traceEvents list");
});

Deno.test("a trace whose error was edited into another shape is refused naming the event, not left to break the page", () => {
  const trace = new TraceRecorder({ originMs: 0 }).toJSON(100);
  const failed = trace.traceEvents.length;
  trace.traceEvents.push({
    name: "attempt",
    ph: "X",
    pid: 1,
    tid: FETCH_TID_BASE,
    ts: 0,
    dur: 10,
    cat: "attempt",
    args: { outcome: "failed", error: { message: 503, code: "HTTP_STATUS" } },
  });
  assertThrows(
    () => readTrace(JSON.stringify(trace), "edited.json"),
    NotATraceError,
    `"edited.json" is not a trace written by corun run --trace: traceEvents[${failed}].args.error is not { message, code? } of strings`,
  );
});

Deno.test("the report reads back every attempt with its phases and the waits before it", () => {
  const data = readBack();
  assertEquals(data.facts.source, "tasks.yaml");
  assertEquals(data.durationMs, 100);
  assertEquals(data.tasks.map((t) => [t.name, t.outcome]), [["pages", "done"], ["gone", "failed"]]);
  const summary = data.attempts.map((a) => [a.url.slice(-1), a.attempt, a.outcome, a.status]);
  assertEquals(summary, [
    ["2", 1, "done", 200],
    ["1", 1, "retry", 503],
    ["3", 1, "failed", 404],
    ["1", 2, "done", 200],
  ]);
  const retried = data.attempts[3];
  assertEquals(retried.waits, [{ name: "backoff", startMs: 21, endMs: 51 }]);
  assertEquals(retried.phases.map((p) => [p.name, p.startMs, p.endMs]), [
    ["head", 51, 55],
    ["body", 55, 95],
    ["write", 85, 95],
  ]);
  assertEquals(data.attempts[1].waits.map((w) => w.name), ["queued"]);
});

Deno.test("slowest fetches come first; errors are grouped by code and status, retried apart", () => {
  const data = readBack();
  assertEquals(slowestAttempts(data, 2).map((a) => [a.url.slice(-1), a.attempt]), [["1", 2], [
    "1",
    1,
  ]]);
  assertEquals(errorsByKind(data), [
    {
      kind: "HTTP_STATUS 404",
      attempts: 1,
      retried: 0,
      example: {
        url: "http://127.0.0.1:8000/3",
        message: "Cannot fetch http://127.0.0.1:8000/3: 404",
      },
    },
    {
      kind: "HTTP_STATUS 503",
      attempts: 1,
      retried: 1,
      example: { url: "http://127.0.0.1:8000/1", message: "status 503" },
    },
  ]);
});

Deno.test("bytes are spread over each exchange, and add up to what was received", () => {
  const buckets = throughput(readBack(), 10);
  assertEquals(buckets.length, 10);
  assertAlmostEquals(buckets.at(-1)!.totalBytes, 5000);
  // /2's 1,000 bytes over its exchange, 0-10 ms; /1's 4,000 over 51-95 ms; none after.
  const perMs = 4000 / 44;
  assertAlmostEquals(buckets[0].bytes, 1000);
  assertAlmostEquals(buckets[5].bytes, 9 * perMs);
  assertAlmostEquals(buckets[6].bytes, 10 * perMs);
  assertAlmostEquals(buckets[9].bytes, 5 * perMs);
});

Deno.test("a trace written before `received` counts the bytes its attempts named `bytes`", () => {
  const older = readBack((text) => text.replaceAll('"received":', '"bytes":'));
  assertEquals(totalsOf(older).bytes, 5000);
});

Deno.test("totals count fetches by how their last attempt ended, retries, bytes and phase time", () => {
  const totals = totalsOf(readBack());
  assertEquals(totals.tasks, { failed: 1, done: 1 });
  assertEquals(totals.fetches, { done: 2, failed: 1, cancelled: 0, leftOut: 0 });
  assertEquals([totals.attempts, totals.retries, totals.bytes], [4, 1, 5000]);
  assertEquals(totals.bytesPerSecond, 50_000);
  assertEquals([totals.phaseMs.backoff, totals.phaseMs.queued, totals.phaseMs.write], [30, 10, 10]);
});

Deno.test("a fetch cancelled as it waited for its retry counts as a cancelled fetch, its attempt as retried", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({
    fetchId: 1,
    endMs: 5,
    outcome: "retry",
    status: 500,
    error: { code: "HTTP_STATUS", message: "status 500" },
    retryInMs: 5000,
  }));
  trace.attempt(attempt({ fetchId: 2, endMs: 4, bytes: 15 }));
  ended("pages", "cancelled", 30, trace);
  trace.finish(30, { interrupted: true });
  const data = readTrace(JSON.stringify(trace.toJSON()), "trace.json");
  assertEquals(data.fetches.map((f) => [f.url.slice(-1), f.outcome]), [["2", "done"], [
    "1",
    "cancelled",
  ]]);
  const totals = totalsOf(data);
  assertEquals(totals.fetches, { done: 1, failed: 0, cancelled: 1, leftOut: 0 });
  assertEquals([totals.attempts, totals.retries], [2, 0]);
  assertEquals(errorsByKind(data).map((row) => [row.kind, row.retried]), [["HTTP_STATUS 500", 1]]);
});

Deno.test("a crawled link left out by a redirect counts apart from the done and the failed", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.event({ type: "task-start", name: "pages", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({ fetchId: 1, endMs: 4, bytes: 15 }));
  trace.attempt(attempt({
    fetchId: 2,
    endMs: 5,
    outcome: "left out",
    error: { code: "REDIRECT_REFUSED", message: "Cannot follow redirect" },
  }));
  ended("pages", "done", 10, trace);
  trace.finish(10, { interrupted: false });
  const totals = totalsOf(readTrace(JSON.stringify(trace.toJSON()), "trace.json"));
  assertEquals(totals.fetches, { done: 1, failed: 0, cancelled: 0, leftOut: 1 });
});

Deno.test("a bad list line made no request: a failed fetch and an error, but no attempt, connection or slowest row", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.event({ type: "task-start", name: "list", kind: "fetch", atMs: 0 }, 0);
  trace.attempt(attempt({
    fetchId: 1,
    task: "list",
    startMs: 1,
    headAtMs: 3,
    headMs: 2,
    bodyMs: 1,
    endMs: 4,
    status: 200,
    bytes: 10,
  }));
  // Its metadata line says `attempts: 0`; the worker took it while /1 ran, and wrote that line.
  trace.attempt(attempt({
    fetchId: 2,
    task: "list",
    url: "",
    waits: [{ kind: "queued", startMs: 0, endMs: 2 }],
    startMs: 2,
    endMs: 9,
    outcome: "failed",
    error: { code: "BAD_LIST_LINE", message: 'Task "list": line 3: not an http(s) URL: "ftp://x"' },
  }));
  ended("list", "failed", 10, trace);
  const data = readTrace(JSON.stringify(trace.toJSON(10)), "trace.json");
  const totals = totalsOf(data);
  assertEquals(totals.fetches, { done: 1, failed: 1, cancelled: 0, leftOut: 0 });
  assertEquals([totals.attempts, totals.retries, totals.bytes], [1, 0, 10]);
  assertEquals(totals.phaseMs.queued, 2); // it did wait in the frontier
  assertEquals(slowestAttempts(data, 5).map((a) => a.url), ["http://127.0.0.1:8000/1"]);
  assertEquals(connectionSlots(data.attempts).length, 1);
  const rows = timelineRows(data, 10).map((row) => row.label);
  assertEquals(rows, ["task list", "connection 1", "waiting fetches"]);
  assertEquals(errorsByKind(data).map((row) => [row.kind, row.attempts]), [["BAD_LIST_LINE", 1]]);
});

Deno.test("timeline rows: one per task, one per connection slot, one of waits, at most a column each", () => {
  const rows = timelineRows(readBack(), 100);
  assertEquals(rows.map((r) => r.label), [
    "task pages",
    "task gone",
    "connection 1",
    "connection 2",
    "waiting fetches",
  ]);
  // /2 ran while /1 waited; then /3 on its slot and /1 on a second; /1's retry on the first free.
  const slot1 = rows[2].segments.map((s) => `${s.name}@${s.column}+${s.columns}`);
  assertEquals(slot1, [
    "head@0+8",
    "body@8+2",
    "head@10+2",
    "body@12+1",
    "head@51+4",
    "body@55+30",
    "write@85+10",
  ]);
  assertEquals(rows[3].segments.map((s) => `${s.name}@${s.column}+${s.columns}`), [
    "connect@10+5",
    "head@15+5",
    "body@20+1",
  ]);
  const waits = rows[4].segments.map((s) => `${s.name}@${s.column}+${s.columns}`);
  assertEquals(waits, ["queued@0+10", "backoff@21+30"]);
});

Deno.test("10,000 fetches draw as rows no wider than the page, tasks beyond the first rows share one", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  for (let index = 0; index < 10_000; index++) {
    const startMs = index * 0.5;
    trace.event({ type: "task-start", name: `t${index}`, kind: "fetch", atMs: 0 }, startMs);
    trace.attempt(attempt({
      fetchId: index + 1,
      task: `t${index}`,
      waits: [{ kind: "queued", startMs: 0, endMs: startMs }],
      startMs,
      headAtMs: startMs + 2,
      headMs: 1,
      connectMs: 1,
      bodyMs: 1,
      endMs: startMs + 3,
      bytes: 100,
    }));
    ended(`t${index}`, "done", startMs + 3, trace);
  }
  const data = readTrace(JSON.stringify(trace.toJSON()), "big.json");
  assertEquals(data.attempts.length, 10_000);
  assertEquals(connectionSlots(data.attempts).length, 6);
  const rows = timelineRows(data, 1000);
  assertEquals(rows.length, MAX_TASK_ROWS + 1 + 6 + 1);
  assertEquals(rows[MAX_TASK_ROWS].label, `${10_000 - MAX_TASK_ROWS} more tasks`);
  for (const row of rows) {
    const columns = row.segments.reduce((sum, s) => sum + s.columns, 0);
    assert(columns <= 1000 && row.segments.length <= 1000, `${row.label}: ${columns} columns`);
  }
});

Deno.test("the time the runner took before its first task is the timeline's first row", () => {
  const trace = new TraceRecorder({ originMs: 0 });
  trace.event({ type: "task-start", name: "nap", kind: "sleep", atMs: 0 }, 40);
  ended("nap", "done", 100, trace);
  const data = readTrace(JSON.stringify(trace.toJSON(100)), "trace.json");
  assertEquals(data.startingMs, 40);
  const [run, nap] = timelineRows(data, 10);
  assertEquals([run.label, run.segments], ["run", [{ column: 0, columns: 4, name: "starting" }]]);
  assertEquals([nap.label, nap.segments], ["task nap", [{ column: 4, columns: 6, name: "done" }]]);
});
