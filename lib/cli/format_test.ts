import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport, TaskResult } from "../tasks/mod.ts";
import {
  cutToWidth,
  describeOutcome,
  describeTask,
  displayWidth,
  escapeControls,
  formatBytes,
  formatCount,
  formatSeconds,
  oneLine,
  safeLines,
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

Deno.test("summaryLine() groups thousands for the live view, and keeps bare digits for plain lines and logs", () => {
  const large = report({ done: 10003, failed: 1, cancelled: 0, skipped: 0 });
  assertEquals(summaryLine(large), "10004 tasks: 10003 done, 1 failed in 3.01s");
  assertEquals(
    summaryLine(large, { grouped: true }),
    "10,004 tasks: 10,003 done, 1 failed in 3.01s",
  );
});

Deno.test("describeTask() says what each kind of task does", () => {
  const list = Deno.makeTempFileSync({ suffix: ".txt" });
  try {
    const config = validateConfig({
      tasks: [
        { name: "nap", sleep: "3s" },
        { name: "page", fetch: "https://example.com/a", save: "{host}/{uuid}.html" },
        { name: "probe", fetch: { url: "https://example.com/b", method: "HEAD" } },
        { name: "list", fetch: { urls: list } },
      ],
    }, "inline");
    assertEquals(config.tasks.map(describeTask), [
      "sleep 3s",
      "GET https://example.com/a → {host}/{uuid}.html",
      "HEAD https://example.com/b (not saved)",
      `GET ${list} → the list's save names`,
    ]);
  } finally {
    Deno.removeSync(list);
  }
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

Deno.test("formatBytes() uses binary units, one decimal, and never shows 1024.0 of a unit", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [-1, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [1024 * 1024 - 1, "1.0 MiB"],
    [40 * 1024 * 1024, "40.0 MiB"],
    [2.5 * 1024 ** 3, "2.5 GiB"],
    [3 * 1024 ** 5, "3072.0 TiB"],
  ];
  for (const [bytes, text] of cases) assertEquals(formatBytes(bytes), text, `${bytes}`);
});

Deno.test("formatCount() groups thousands with commas", () => {
  assertEquals([0, 999, 1000, 100_000, 1_234_567, 12.6].map(formatCount), [
    "0",
    "999",
    "1,000",
    "100,000",
    "1,234,567",
    "13",
  ]);
});

Deno.test("displayWidth() counts terminal columns: wide characters two, combining marks none", () => {
  const cases: [string, number][] = [
    ["https://example.com/", 20],
    ["", 0],
    ["日本語", 6],
    ["ｆｕｌｌ", 8],
    ["한국어", 6],
    ["e\u0301te\u0301", 3], // é with a combining accent, twice
    ["🦕 dino", 7],
    ["a\u200bb", 2], // a zero-width space
    ["голубой", 7],
    ["𝒳", 1], // outside the basic plane, narrow
  ];
  for (const [text, width] of cases) assertEquals(displayWidth(text), width, JSON.stringify(text));
});

Deno.test("cutToWidth() cuts by columns, never inside a character, and marks the cut", () => {
  assertEquals(cutToWidth("https://example.com/", 20), "https://example.com/");
  assertEquals(cutToWidth("https://example.com/", 12), "https://exa…");
  assertEquals(cutToWidth("abc", 0), "");
  assertEquals(cutToWidth("abc", 1), "…");
  // Wide characters: 5 columns hold two of them and the mark, not two and a half.
  assertEquals(cutToWidth("日本語のページ", 5), "日本…");
  assertEquals(cutToWidth("日本語のページ", 6), "日本…");
  assertEquals(cutToWidth("日本語", 6), "日本語");
  // An emoji outside the basic plane is never split into half a surrogate pair.
  assertEquals(cutToWidth("🦕🦕🦕", 4), "🦕…");
  // A combining mark stays with its letter.
  assertEquals(cutToWidth("e\u0301e\u0301e\u0301", 3), "e\u0301e\u0301e\u0301");
  assertEquals(cutToWidth("e\u0301e\u0301e\u0301", 2), "e\u0301…");
  for (const text of ["日本語のページ", "🦕🦕🦕🦕", "e\u0301".repeat(9), "x".repeat(30)]) {
    for (let width = 0; width < 12; width++) {
      assert(displayWidth(cutToWidth(text, width)) <= width, `${text} in ${width}`);
    }
  }
});

Deno.test("oneLine() turns control characters into spaces, so no text moves the cursor", () => {
  assertEquals(oneLine("a\nb\tc\r\x1b[2Ad\x9b"), "a b c  [2Ad ");
});

Deno.test("safeLines() splits text at its line breaks and makes each line safe for a terminal", () => {
  assertEquals(safeLines("one"), ["one"]);
  assertEquals(safeLines("multi\r\nline\n\x1b[2J\x9bend\r"), ["multi", "line", " [2J end "]);
});

Deno.test("escapeControls() writes control characters but tab as escapes, so a log line stays one line", () => {
  assertEquals(escapeControls("plain\ttext"), "plain\ttext");
  assertEquals(
    escapeControls("multi\nline\r\x1b[2J\x9b\x7f"),
    "multi\\nline\\r\\u001b[2J\\u009b\\u007f",
  );
});

Deno.test("describeOutcome() counts how the fetches of a list, pattern or crawl ended", () => {
  const base: TaskResult = { name: "t", kind: "fetch", outcome: "done", startMs: 0, endMs: 2000 };
  assertEquals(
    describeOutcome({
      ...base,
      items: { total: 20000, done: 20000, failed: 0, cancelled: 0, skipped: 0 },
    }),
    "done 2.00s (20000 fetches: 20000 done)",
  );
  assertEquals(
    describeOutcome({
      ...base,
      outcome: "failed",
      items: { total: 10, done: 7, failed: 2, cancelled: 1, skipped: 4 },
      error: { message: "2 of 10 fetches failed; the first: boom" },
    }),
    "failed 2.00s (10 fetches: 7 done, 2 failed, 1 cancelled, 4 skipped): 2 of 10 fetches failed; the first: boom",
  );
  assertEquals(
    describeOutcome({
      ...base,
      items: { total: 20000, done: 19998, failed: 2, cancelled: 0, skipped: 0 },
    }, { grouped: true }),
    "done 2.00s (20,000 fetches: 19,998 done, 2 failed)",
  );
});
