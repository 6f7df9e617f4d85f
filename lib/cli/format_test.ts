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
  wrappedRows,
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
    assertEquals(config.tasks.map((task) => describeTask(task)), [
      "sleep 3s",
      "GET https://example.com/a → {host}/{uuid}.html",
      "HEAD https://example.com/b (not saved)",
      // Its file is read, not fetched: each URL in it is.
      `GET each URL in ${list} → the list's save names`,
    ]);
    assertEquals(
      describeTask(config.tasks[3], () => "urls.txt"),
      "GET each URL in urls.txt → the list's save names",
    );
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

Deno.test("describeOutcome() says what a cancelled download keeps for the next run, in the view's counts", () => {
  const cancelled: TaskResult = {
    name: "iso",
    kind: "fetch",
    outcome: "cancelled",
    startMs: 0,
    endMs: 3870,
    // As the report has it: the error (for its readers) is not repeated after "cancelled".
    error: {
      code: "CANCELLED",
      message: "Cancelled during the fetch of https://a.example/a.iso: the run was interrupted; " +
        "294912 bytes are kept in isos/.a.iso.corun-partial for the next run to continue",
    },
    keptPartial: { path: "isos/.a.iso.corun-partial", bytes: 294_912 },
  };
  assertEquals(
    describeOutcome(cancelled),
    "cancelled 3.87s: 294912 bytes are kept in isos/.a.iso.corun-partial for the next run to continue",
  );
  assertEquals(
    describeOutcome(cancelled, { grouped: true }),
    "cancelled 3.87s: 294,912 bytes are kept in isos/.a.iso.corun-partial for the next run to continue",
  );
  assertEquals(describeOutcome({ ...cancelled, keptPartial: undefined }), "cancelled 3.87s");
});

Deno.test('a body saved to standard output (save: "-") is said to go there, not to a file named -', () => {
  const task =
    validateConfig({ tasks: [{ name: "get", fetch: "https://a.example/", save: "-" }] }, "t.yaml")
      .tasks[0];
  assertEquals(describeTask(task), "GET https://a.example/ → stdout");
  const result: TaskResult = {
    name: "get",
    kind: "fetch",
    outcome: "done",
    startMs: 0,
    endMs: 20,
    fetch: {
      url: "https://a.example/",
      finalUrl: "https://a.example/",
      status: 200,
      bytes: 6,
      savedPath: "-",
      attempts: 1,
      stdout: true,
    },
  };
  assertEquals(describeOutcome(result), "done 0.02s (200, 6 bytes, written to stdout)");
  // A file the server named "-" is a file.
  const file = { ...result, fetch: { ...result.fetch!, stdout: undefined } };
  assertEquals(describeOutcome(file), "done 0.02s (200, 6 bytes, saved -)");
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
    ["I \u2764\uFE0F corun", 10], // ❤️: a text heart with the emoji selector is drawn as an emoji
    ["\u2600\uFE0F\u2714\uFE0F", 4], // ☀️✔️
    ["\u2764\uFE0F\uFE0F", 2], // a selector repeated adds nothing
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
  // An emoji made of a character and its selector is kept whole or left out whole.
  assertEquals(cutToWidth("\u2764\uFE0F".repeat(3), 4), "\u2764\uFE0F…");
  assertEquals(cutToWidth("a\u2764\uFE0F", 2), "a…");
  // A combining mark stays with its letter.
  assertEquals(cutToWidth("e\u0301e\u0301e\u0301", 3), "e\u0301e\u0301e\u0301");
  assertEquals(cutToWidth("e\u0301e\u0301e\u0301", 2), "e\u0301…");
  const texts = [
    "日本語のページ",
    "🦕🦕🦕🦕",
    "e\u0301".repeat(9),
    "x".repeat(30),
    "a\u2764\uFE0F".repeat(4),
  ];
  for (const text of texts) {
    for (let width = 0; width < 12; width++) {
      assert(displayWidth(cutToWidth(text, width)) <= width, `${text} in ${width}`);
    }
  }
});

Deno.test("oneLine() turns control characters into spaces, so no text moves the cursor", () => {
  assertEquals(oneLine("a\nb\tc\r\x1b[2Ad\x9b"), "a b c  [2Ad ");
  // Bidirectional overrides and isolates would show the rest of the line in another order.
  assertEquals(oneLine("invoice\u202Efdp.exe \u2067x\u2069"), "invoice fdp.exe  x ");
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
  assertEquals(escapeControls("saved invoice\u202Efdp.exe"), "saved invoice\\u202efdp.exe");
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
    "failed 2.00s (10 fetches: 7 done, 2 failed, 1 cancelled; 4 URLs left out): 2 of 10 fetches failed; the first: boom",
  );
  assertEquals(
    describeOutcome({
      ...base,
      items: { total: 20000, done: 19998, failed: 2, cancelled: 0, skipped: 0 },
    }, { grouped: true }),
    "done 2.00s (20,000 fetches: 19,998 done, 2 failed)",
  );
  // The fetches a 304 answered are some of those done, said right after them.
  assertEquals(
    describeOutcome({
      ...base,
      outcome: "failed",
      items: { total: 12000, done: 11999, unchanged: 11000, failed: 1, cancelled: 0, skipped: 0 },
      error: { message: "1 of 12000 fetches failed; the first: boom" },
    }, { grouped: true }),
    "failed 2.00s (12,000 fetches: 11,999 done, 11,000 of them unchanged, 1 failed): 1 of 12000 fetches failed; the first: boom",
  );
});

Deno.test("a crawl's line counts the URLs it left out apart from its fetches, so the fetches add up", () => {
  // 3 pages fetched; 5 links were seen before or led off the site: never fetches.
  const crawl: TaskResult = {
    name: "docs",
    kind: "fetch",
    outcome: "done",
    startMs: 0,
    endMs: 1500,
    items: { total: 3, done: 3, failed: 0, cancelled: 0, skipped: 5 },
  };
  assertEquals(describeOutcome(crawl), "done 1.50s (3 fetches: 3 done; 5 URLs left out)");
  const one = { ...crawl, items: { total: 1, done: 1, failed: 0, cancelled: 0, skipped: 1 } };
  assertEquals(describeOutcome(one), "done 1.50s (1 fetch: 1 done; 1 URL left out)");
});

Deno.test("wrappedRows() counts the rows a terminal wraps a line onto, a wide character that does not fit starting the next", () => {
  const cases: [string, number, number][] = [
    ["", 10, 1],
    ["x".repeat(20), 10, 2],
    ["x".repeat(21), 10, 3],
    ["日本語", 6, 1],
    // 3 columns hold one wide character and a blank: 3 rows, not the 2 of 6 columns over 3.
    ["日本語", 3, 3],
    ["a日本語", 4, 2], // "a日" and a blank, then "本語"
    ["a\u2764\uFE0F", 2, 2], // ❤️ is two columns: it goes to the next row whole
  ];
  for (const [text, columns, rows] of cases) {
    assertEquals(wrappedRows(text, columns), rows, `${JSON.stringify(text)} at ${columns}`);
  }
});
