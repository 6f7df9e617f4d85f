import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import { buildPlan, recordStartOrder } from "./plan.ts";

const CONFIG = validateConfig({
  outDir: "/srv/out",
  tasks: [
    { name: "task-1", sleep: "3s" },
    { name: "task-2", sleep: "2s" },
    { name: "blog", fetch: "https://blog.example/", save: "blog.html", after: ["task-2"] },
  ],
}, "tasks.yaml");

const REPORT: RunReport = {
  source: "tasks.yaml",
  startedAt: "",
  endedAt: "",
  durationMs: 3000,
  virtualTime: true,
  interrupted: false,
  warnings: [],
  counts: { done: 3, failed: 0, cancelled: 0, skipped: 0 },
  tasks: [
    { name: "task-1", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
    { name: "task-2", kind: "sleep", outcome: "done", startMs: 0, endMs: 2000 },
    { name: "blog", kind: "fetch", outcome: "done", startMs: 2000, endMs: 2000 },
  ],
};

Deno.test("buildPlan() joins each declared task with its dry-run times", () => {
  assertEquals(buildPlan(CONFIG, REPORT, ["task-2", "task-1", "blog"]), {
    source: "tasks.yaml",
    outDir: "/srv/out",
    durationMs: 3000,
    startOrder: ["task-2", "task-1", "blog"],
    tasks: [
      {
        name: "task-1",
        kind: "sleep",
        after: [],
        does: "sleep 3s",
        startMs: 0,
        endMs: 3000,
        outcome: "done",
      },
      {
        name: "task-2",
        kind: "sleep",
        after: [],
        does: "sleep 2s",
        startMs: 0,
        endMs: 2000,
        outcome: "done",
      },
      {
        name: "blog",
        kind: "fetch",
        after: ["task-2"],
        does: "GET https://blog.example/ → blog.html",
        startMs: 2000,
        endMs: 2000,
        outcome: "done",
      },
    ],
  });
});

Deno.test("buildPlan() orders starts by start time, ties in declaration order, when no events were seen", () => {
  const report: RunReport = {
    ...REPORT,
    tasks: [
      { ...REPORT.tasks[0], startMs: 500 },
      REPORT.tasks[1],
      { ...REPORT.tasks[2], outcome: "skipped", startMs: null, endMs: null },
    ],
  };
  assertEquals(buildPlan(CONFIG, report, []).startOrder, ["task-2", "task-1"]);
});

Deno.test("recordStartOrder() keeps task-start names in the order they arrive", () => {
  const starts = recordStartOrder();
  starts.onEvent({ type: "task-start", name: "b", kind: "sleep", atMs: 0 });
  starts.onEvent({ type: "warning", message: "x", atMs: 0 });
  starts.onEvent({ type: "task-start", name: "a", kind: "sleep", atMs: 0 });
  assertEquals(starts.names, ["b", "a"]);
});
