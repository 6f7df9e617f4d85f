import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport, TaskResult } from "../tasks/mod.ts";
import {
  describeOutcome,
  describeTask,
  formatSeconds,
  savedDetail,
  summaryLine,
} from "./format.ts";

Deno.test("formatSeconds() shows seconds with two decimals, then minutes and hours", () => {
  const cases: [number, string][] = [
    [0, "0.00s"],
    [-5, "0.00s"],
    [250, "0.25s"],
    [3005, "3.01s"],
    [59_990, "59.99s"],
    [60_000, "1m00.00s"],
    [125_500, "2m05.50s"],
    [3_725_000, "1h02m05s"],
  ];
  for (const [ms, text] of cases) assertEquals(formatSeconds(ms), text, `${ms}ms`);
});

function report(counts: RunReport["counts"], extra: Partial<RunReport> = {}): RunReport {
  return {
    startedAt: "",
    endedAt: "",
    durationMs: 3010,
    virtualTime: false,
    interrupted: false,
    counts,
    warnings: [],
    tasks: [],
    ...extra,
  };
}

Deno.test("summaryLine() counts tasks by outcome and leaves out empty outcomes", () => {
  assertEquals(
    summaryLine(report({ done: 3, failed: 1, cancelled: 0, skipped: 0 })),
    "4 tasks: 3 done, 1 failed in 3.01s",
  );
  assertEquals(
    summaryLine(report({ done: 1, failed: 0, cancelled: 0, skipped: 0 }, { durationMs: 0 })),
    "1 task: 1 done in 0.00s",
  );
  assertEquals(
    summaryLine(
      report({ done: 1, failed: 0, cancelled: 2, skipped: 1 }, {
        interrupted: true,
        virtualTime: true,
      }),
    ),
    "4 tasks: 1 done, 2 cancelled, 1 skipped in 3.01s (virtual time) (interrupted)",
  );
});

Deno.test("describeTask() says what each kind of task does", () => {
  const config = validateConfig({
    tasks: [
      { name: "nap", sleep: "3s" },
      { name: "page", fetch: "https://example.com/a", save: "{host}/{uuid}.html" },
      { name: "probe", fetch: { url: "https://example.com/b", method: "HEAD" } },
    ],
  }, "inline");
  assertEquals(config.tasks.map(describeTask), [
    "sleep 3s",
    "GET https://example.com/a → {host}/{uuid}.html",
    "HEAD https://example.com/b (not saved)",
  ]);
});

Deno.test("describeOutcome() gives duration, fetch facts and the error message", () => {
  const base: TaskResult = { name: "t", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 };
  assertEquals(describeOutcome(base), "done 3.00s");
  assertEquals(
    describeOutcome({
      ...base,
      outcome: "failed",
      endMs: 520,
      error: { message: "Cannot connect" },
    }),
    "failed 0.52s: Cannot connect",
  );
  assertEquals(
    describeOutcome({
      ...base,
      outcome: "skipped",
      startMs: null,
      endMs: null,
      error: { message: "after t0 failed" },
    }),
    "skipped: after t0 failed",
  );
  assertEquals(
    describeOutcome({
      ...base,
      kind: "fetch",
      endMs: 150,
      fetch: {
        url: "https://a.example/",
        finalUrl: "https://a.example/",
        status: 200,
        bytes: 512,
        savedPath: "a.html",
        attempts: 1,
      },
    }),
    "done 0.15s (200, 512 bytes, saved a.html)",
  );
});

Deno.test("an unchanged fetch shows as unchanged, with the kept file and no byte count", () => {
  const fetched: TaskResult = {
    name: "page",
    kind: "fetch",
    outcome: "done",
    startMs: 0,
    endMs: 20,
    fetch: {
      url: "https://a.example/",
      finalUrl: "https://a.example/",
      status: 304,
      bytes: 0,
      savedPath: "a.html",
      attempts: 1,
      unchanged: true,
    },
  };
  assertEquals(describeOutcome(fetched), "done 0.02s (304, unchanged a.html)");
  assertEquals(savedDetail(fetched.fetch), "unchanged a.html");
  assertEquals(savedDetail({ ...fetched.fetch!, unchanged: undefined }), "a.html");
  assertEquals(savedDetail({ ...fetched.fetch!, savedPath: null }), "unchanged");
  assertEquals(savedDetail(undefined), "");
});
