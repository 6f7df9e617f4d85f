import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { TaskSpec } from "./spec.ts";
import { TaskTable } from "./task_table.ts";

const nap = (name: string, after: string[] = []): TaskSpec => ({
  kind: "sleep",
  name,
  after,
  durationMs: 1000,
});

Deno.test("TaskTable: a task that never started reads as cancelled, with no times", () => {
  const table = new TaskTable([nap("a")]);
  assertEquals(table.result(0, 500), {
    name: "a",
    kind: "sleep",
    outcome: "cancelled",
    startMs: null,
    endMs: null,
  });
  assertEquals(table.snapshot(500).map((task) => [task.phase, task.elapsedMs]), [[
    "waiting",
    null,
  ]]);
});

Deno.test("TaskTable records start and end times, and counts tasks by phase", () => {
  const table = new TaskTable([nap("a"), nap("b"), nap("c")]);
  table.start(0, 0);
  table.start(1, 10);
  table.end(0, "done", 1000);
  assertEquals(table.phaseCounts(), {
    waiting: 1,
    running: 1,
    done: 1,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  });
  assertEquals(table.unended, 2);
  assertEquals(table.results(1500).map((r) => [r.name, r.outcome, r.startMs, r.endMs]), [
    ["a", "done", 0, 1000],
    ["b", "cancelled", 10, 1500], // still running: its end reads as now
    ["c", "cancelled", null, null],
  ]);
});

Deno.test("TaskTable releases a dependent once every task it runs after is done", () => {
  const table = new TaskTable([nap("a"), nap("b"), nap("c", ["a", "b"])]);
  assertEquals([0, 1, 2].map((index) => table.waitsForOthers(index)), [false, false, true]);
  assertEquals(table.snapshot(0)[2].detail, "after a, b");
  table.start(0, 0);
  assertEquals(table.end(0, "done", 5), { ready: [], skipped: [] });
  assertEquals(table.snapshot(5)[2].detail, "after b");
  table.start(1, 0);
  assertEquals(table.end(1, "done", 7), { ready: [2], skipped: [] });
});

Deno.test("TaskTable skips the dependents of a task that did not succeed, transitively, saying why", () => {
  const table = new TaskTable([nap("a"), nap("b", ["a"]), nap("c", ["b"]), nap("d")]);
  table.start(0, 0);
  table.detail(0).error = { message: "broke" };
  assertEquals(table.end(0, "failed", 3), { ready: [], skipped: [1, 2] });
  assertEquals(table.results(3).map((r) => [r.name, r.outcome, r.error?.message]), [
    ["a", "failed", "broke"],
    ["b", "skipped", 'it runs after "a", which failed'],
    ["c", "skipped", 'it runs after "b", which was skipped'],
    ["d", "cancelled", undefined],
  ]);
  // An end reported twice changes nothing.
  assertEquals(table.end(0, "done", 9), { ready: [], skipped: [] });
  assertEquals(table.outcome(0), "failed");
});

Deno.test("TaskTable shows how far a running task of many fetches has got", () => {
  const table = new TaskTable([nap("list")]);
  table.start(0, 0);
  table.detail(0).items = { total: 40, done: 10, failed: 2, cancelled: 0, skipped: 0 };
  assertEquals(table.snapshot(5)[0].detail, "12 of 40 fetched");
  // Grouped by thousands, as every other count of the live view.
  table.detail(0).items = { total: 10000, done: 7220, failed: 6, cancelled: 0, skipped: 0 };
  assertEquals(table.snapshot(5)[0].detail, "7,226 of 10,000 fetched");
});
