import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode as stripColors } from "npm:deno-std@1.4.0/fmt/colors.js";
import type { ItemCounts, TaskSnapshot } from "../tasks/mod.ts";
import { displayWidth } from "./format.ts";
import { renderFooter, renderRows, snapshotOfResult } from "./live_frame.ts";

const stripAnsiCode = (text: string): string => stripColors(text) as string;

const SNAPSHOTS: TaskSnapshot[] = [
  { name: "task-1", kind: "sleep", phase: "running", detail: "sleep 3s", elapsedMs: 1200 },
  { name: "blog", kind: "fetch", phase: "waiting", detail: "after task-1", elapsedMs: null },
  { name: "task-2", kind: "sleep", phase: "done", detail: "", elapsedMs: 2000 },
  { name: "search", kind: "fetch", phase: "failed", detail: "Cannot connect", elapsedMs: 520 },
];

Deno.test("renderRows() shows icon, name, state, elapsed and what each task waits on", () => {
  const rows = renderRows(SNAPSHOTS, 80, 0).map(stripAnsiCode);
  assertEquals(rows, [
    "⠋ task-1  running     1.20s  sleep 3s",
    "· blog    waiting            after task-1",
    "✓ task-2  done        2.00s",
    "✗ search  failed      0.52s  Cannot connect",
  ]);
});

Deno.test("renderRows() turns the spinner of running tasks with each tick", () => {
  const [first] = renderRows(SNAPSHOTS, 80, 0).map(stripAnsiCode);
  const [second] = renderRows(SNAPSHOTS, 80, 1).map(stripAnsiCode);
  assert(first.slice(1) === second.slice(1) && first[0] !== second[0]);
});

Deno.test("renderRows() cuts rows to the terminal width so none wraps", () => {
  const long: TaskSnapshot = {
    name: "a-task-with-a-name-longer-than-the-name-column",
    kind: "fetch",
    phase: "running",
    detail: `read ${"very-long-host.".repeat(10)}example:443`,
    elapsedMs: 10,
  };
  for (const columns of [20, 40, 80]) {
    for (const row of renderRows([long, ...SNAPSHOTS], columns).map(stripAnsiCode)) {
      assert(row.length <= columns - 1, `${row.length} > ${columns - 1}: ${row}`);
    }
  }
  const [row] = renderRows([long], 200).map(stripAnsiCode);
  assert(row.includes("a-task-with-a-name-long…"));
});

Deno.test("renderRows() on a 40-column terminal cuts a long name to a third of it: state and elapsed time stay", () => {
  const tasks: TaskSnapshot[] = [
    {
      name: "slowone-with-a-rather-long-name",
      kind: "fetch",
      phase: "running",
      detail: "7 of 8 fetched",
      elapsedMs: 1200,
    },
    { name: "s1", kind: "sleep", phase: "running", detail: "sleep 2s", elapsedMs: 1100 },
  ];
  assertEquals(renderRows(tasks, 40).map(stripAnsiCode), [
    "⠋ slowone-with…  running     1.20s  7 …",
    "⠋ s1             running     1.10s  sl…",
  ]);
  // Wide enough, a name keeps its 24 columns.
  assert(stripAnsiCode(renderRows(tasks, 80)[0]).startsWith("⠋ slowone-with-a-rather-l…  running"));
});

Deno.test("renderRows() keeps newlines in details from breaking the frame", () => {
  const [row] = renderRows([{ ...SNAPSHOTS[3], detail: "line one\nline two" }], 80);
  assert(!row.includes("\n"));
});

Deno.test("renderRows() cuts by display columns: wide names neither wrap nor lose alignment", () => {
  const wide: TaskSnapshot = {
    name: "日本語のページを取得",
    kind: "fetch",
    phase: "running",
    detail: "read 例え.jp:443",
    elapsedMs: 10,
  };
  for (const columns of [10, 20, 40, 80]) {
    for (const row of renderRows([wide, ...SNAPSHOTS], columns).map(stripAnsiCode)) {
      assert(displayWidth(row) <= columns - 1, `${displayWidth(row)} > ${columns - 1}: ${row}`);
    }
  }
  // The name column is 20 columns wide (10 wide characters): the states line up beneath each other.
  const rows = renderRows([wide, SNAPSHOTS[2]], 80).map(stripAnsiCode);
  const phaseColumn = (row: string, phase: string) =>
    displayWidth(row.slice(0, row.indexOf(phase)));
  assertEquals([phaseColumn(rows[0], "running"), phaseColumn(rows[1], "done")], [24, 24]);
  assertEquals(rows[1], "✓ task-2                done        2.00s");
});

Deno.test("renderRows() counts an emoji with its presentation selector (❤️) two columns, so the row does not wrap", () => {
  // A server's message in the detail: a terminal that follows Unicode draws each ❤️ two columns.
  const hearts: TaskSnapshot = {
    name: "deploy",
    kind: "fetch",
    phase: "failed",
    detail: `Server says: ${"\u2764\uFE0F".repeat(10)}`,
    elapsedMs: 520,
  };
  const [row] = renderRows([hearts], 60).map(stripAnsiCode);
  // 42 columns of text, then 8 hearts (16 columns) and the cut mark: 59, the row's 60 - 1.
  assertEquals(row, `✗ deploy  failed      0.52s  Server says: ${"\u2764\uFE0F".repeat(8)}…`);
});

Deno.test("renderRows() turns escape codes in names and details into spaces", () => {
  const [row] = renderRows([{ ...SNAPSHOTS[0], name: "a\x1b[2Jb", detail: "\x1b[1A" }], 80);
  assertEquals(stripAnsiCode(row).includes("\x1b"), false);
});

Deno.test("renderFooter() adds the fetch counts when given them", () => {
  assertEquals(
    stripAnsiCode(
      renderFooter(SNAPSHOTS, 1234, 120, {
        done: 1200,
        failed: 3,
        cancelled: 0,
        active: 64,
        queued: 8733,
      }),
    ),
    "1.23s  1 running, 1 waiting, 1 done, 1 failed · fetches: 1,200 done, 3 failed, 64 active, 8,733 queued",
  );
});

Deno.test("renderFooter() adds the run's retry count once it has retried, kept whole when the line is cut", () => {
  const fetches = { done: 1200, failed: 3, cancelled: 0, active: 64, queued: 8733 };
  const footer = (columns: number, retries: number) =>
    stripAnsiCode(renderFooter(SNAPSHOTS, 1234, columns, fetches, retries));
  assertEquals(
    footer(160, 1234),
    "1.23s  1 running, 1 waiting, 1 done, 1 failed · fetches: 1,200 done, 3 failed, 64 active, 8,733 queued · 1,234 retries",
  );
  assertEquals(footer(160, 1), footer(160, 0) + " · 1 retry");
  assertEquals(
    footer(80, 1234),
    "1.23s  1 running, 1 waiting, 1 done, 1 failed · fetches: 1,200… · 1,234 retries",
  );
  assertEquals(footer(40, 1234), "1.23s  1 running, 1 wa… · 1,234 retries");
  // Too narrow to keep it: cut with the rest, as any line is.
  assertEquals(footer(20, 1234), "1.23s  1 running, …");
  for (const columns of [10, 20, 40, 80]) {
    assert(displayWidth(footer(columns, 123_456)) <= columns - 1, `${columns} columns`);
  }
});

Deno.test("renderFooter() shows elapsed time and how many tasks are in each state", () => {
  assertEquals(
    stripAnsiCode(renderFooter(SNAPSHOTS, 1234, 80)),
    "1.23s  1 running, 1 waiting, 1 done, 1 failed",
  );
});

Deno.test("snapshotOfResult() shows a finished task's outcome, duration and error", () => {
  assertEquals(
    snapshotOfResult({
      name: "search",
      kind: "fetch",
      outcome: "failed",
      startMs: 100,
      endMs: 620,
      error: { message: "Cannot connect" },
    }),
    SNAPSHOTS[3],
  );
  assertEquals(
    snapshotOfResult({ name: "x", kind: "sleep", outcome: "skipped", startMs: null, endMs: null }),
    { name: "x", kind: "sleep", phase: "skipped", detail: "", elapsedMs: null },
  );
});

Deno.test("snapshotOfResult() shows how a list or pattern task's fetches ended, as its running row counted them", () => {
  const list = (outcome: "done" | "cancelled", items: ItemCounts) =>
    snapshotOfResult({ name: "mirror", kind: "fetch", outcome, startMs: 0, endMs: 19_570, items })
      .detail;
  assertEquals(
    list("done", { total: 10_000, done: 10_000, failed: 0, cancelled: 0, skipped: 0 }),
    "10,000 fetches: 10,000 done",
  );
  // Ctrl-C: what was fetched, and what was not.
  assertEquals(
    list("cancelled", { total: 10_000, done: 1_900, failed: 0, cancelled: 8_100, skipped: 0 }),
    "10,000 fetches: 1,900 done, 8,100 cancelled",
  );
});
