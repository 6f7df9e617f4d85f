import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode as stripColors } from "npm:deno-std@1.4.0/fmt/colors.js";
import { validateConfig } from "../config/mod.ts";
import type { ActiveFetch, LiveRun, RunProgress, RunReport, TaskSnapshot } from "../tasks/mod.ts";
import { createView } from "./choose_view.ts";
import { createFakeWorld, idleProgress } from "../../tests/fixtures/fake_host.ts";
import { displayWidth } from "./format.ts";
import {
  formatEta,
  renderActiveFetch,
  renderAtScale,
  renderFinalFetches,
  Throughput,
} from "./live_frame.ts";
import { LiveView } from "./live_view.ts";

const stripAnsiCode = (text: string): string => stripColors(text) as string;
const MiB = 1024 * 1024;
const ESC = "\x1b";
const ERASE_OLD_FRAME = new RegExp(`^${ESC}\\[\\d+A\\r${ESC}\\[K${ESC}\\[B${ESC}\\[J${ESC}\\[A`);
/** What a screen reads in the view's output: cursor up, other escape sequences, \r, \n, text. */
const SCREEN_TOKENS = new RegExp(
  `${ESC}\\[(\\d+)A|${ESC}\\[[\\d;]*[A-Za-z]|\\r|\\n|([^\\r\\n${ESC}]+)`,
  "g",
);

/** A terminal whose size, clock and timer the test sets; `frames` are the lines of each write. */
function terminal(size: { rows: number; columns: number }, clock = { now: 0 }) {
  const writes: string[] = [];
  const tickers = new Set<() => void>();
  const view = new LiveView({ write: (text) => void writes.push(text) }, {
    columns: () => size.columns,
    rows: () => size.rows,
    clock: () => clock.now,
    stderr: { write: () => {} },
    every: (_intervalMs, tick) => {
      tickers.add(tick);
      return { [Symbol.dispose]: () => void tickers.delete(tick) };
    },
  });
  const tick = () => tickers.forEach((tick) => tick());
  /** The lines a write draws, without the cursor up and erase before them, colors taken off. */
  const linesOf = (write: string) =>
    stripAnsiCode(write.replace(ERASE_OLD_FRAME, "")).split("\n").slice(0, -1);
  return { view, writes, tick, linesOf };
}

function fetchOf(index: number, extra: Partial<ActiveFetch> = {}): ActiveFetch {
  return {
    task: "pages",
    url: `https://example.com/page/${index}.html`,
    bytes: 1000 + index,
    keptBytes: 0,
    totalBytes: null,
    elapsedMs: 1200,
    ...extra,
  };
}

/** A run of `taskCount` tasks whose snapshot() counts its calls (and costs a record per task). */
function fakeRun(taskCount: number, progress: () => Partial<RunProgress> = () => ({})) {
  const calls = { snapshot: 0, progress: 0 };
  const live: LiveRun = {
    snapshot: () => {
      calls.snapshot++;
      return Array.from({ length: taskCount }, (_, index): TaskSnapshot => ({
        name: `task-${index}`,
        kind: "fetch",
        phase: "running",
        detail: "",
        elapsedMs: 100,
      }));
    },
    progress: () => {
      calls.progress++;
      return { ...idleProgress({ running: taskCount }), ...progress() };
    },
    elapsedMs: () => 4200,
  };
  return { live, calls };
}

/** A report of `taskCount` done tasks whose task list fails the test if read. */
function reportOf(taskCount: number): RunReport {
  return {
    startedAt: "",
    endedAt: "",
    durationMs: 9000,
    virtualTime: false,
    interrupted: false,
    warnings: [],
    counts: { done: taskCount, failed: 0, cancelled: 0, skipped: 0 },
    get tasks(): RunReport["tasks"] {
      throw new Error("the final frame read the report's task list");
    },
  };
}

Deno.test("a frame of a 100,000-task run never calls snapshot() and stays within rows - 1 lines", () => {
  const taskCount = 100_000;
  const active = Array.from({ length: 64 }, (_, index) => fetchOf(index));
  for (const rows of [5, 10, 24, 60]) {
    const { live, calls } = fakeRun(taskCount, () => ({
      tasks: { ...idleProgress().tasks, running: 64, waiting: 90_000, done: 9_936 },
      fetches: { done: 9_936, failed: 0, cancelled: 0, active: 64, queued: 90_000 },
      bytes: 9_936_000,
      active,
    }));
    const { view, writes, tick, linesOf } = terminal({ rows, columns: 100 });
    view.start(live);
    for (let frame = 0; frame < 5; frame++) tick();
    view.finish(reportOf(taskCount));
    assertEquals(calls.snapshot, 0, `rows ${rows}`);
    assert(calls.progress >= 6, `rows ${rows}: ${calls.progress} progress() calls`);
    for (const write of writes) {
      const lines = linesOf(write);
      assert(lines.length <= rows - 1, `rows ${rows}: ${lines.length} lines\n${lines.join("\n")}`);
    }
    const last = linesOf(writes.at(-1)!);
    assertEquals(last, [
      "fetches: 9,936 done, 0 failed, 90,064 cancelled · 9.5 MiB received",
      "100,000 tasks: 100,000 done in 9.00s",
    ]);
  }
});

Deno.test("at scale: totals, throughput, the fetches in flight oldest first, then +N more", () => {
  const active = Array.from({ length: 64 }, (_, index) => fetchOf(index));
  const { live } = fakeRun(1000, () => ({
    tasks: { ...idleProgress().tasks, running: 64, waiting: 900, done: 30, failed: 6 },
    fetches: { done: 30, failed: 6, cancelled: 0, active: 64, queued: 900 },
    bytes: 2.5 * MiB,
    active,
  }));
  const { view, writes, linesOf } = terminal({ rows: 10, columns: 120 });
  using _ = view;
  view.start(live);
  assertEquals(linesOf(writes[0]), [
    "4.20s  tasks: 64 running, 900 waiting, 30 done, 6 failed · fetches: 30 done, 6 failed, 64 active, 900 queued",
    "0 fetches/s  0 B/s  2.5 MiB received",
    "   1.20s     1000 B  https://example.com/page/0.html",
    "   1.20s     1001 B  https://example.com/page/1.html",
    "   1.20s     1002 B  https://example.com/page/2.html",
    "   1.20s     1003 B  https://example.com/page/3.html",
    "   1.20s     1004 B  https://example.com/page/4.html",
    "   1.20s     1005 B  https://example.com/page/5.html",
    "+58 more",
  ]);
});

Deno.test("at scale, the totals end with the run's retries once it has retried, kept whole when the line is cut", () => {
  const progress = {
    ...idleProgress({ running: 64, waiting: 900, done: 30, failed: 6 }),
    fetches: { done: 30, failed: 6, cancelled: 0, active: 64, queued: 900 },
    retries: 1234,
  };
  const totals = (columns: number) =>
    stripAnsiCode(
      renderAtScale(progress, { fetchesPerSecond: 0, bytesPerSecond: 0 }, 4200, columns, 2)[0],
    );
  assertEquals(
    totals(160),
    "4.20s  tasks: 64 running, 900 waiting, 30 done, 6 failed · fetches: 30 done, 6 failed, 64 active, 900 queued · 1,234 retries",
  );
  assertEquals(
    totals(80),
    "4.20s  tasks: 64 running, 900 waiting, 30 done, 6 failed · fet… · 1,234 retries",
  );
  assertEquals(totals(40), "4.20s  tasks: 64 runni… · 1,234 retries");
  // None yet: the line as it always was.
  assertEquals(
    stripAnsiCode(
      renderAtScale(
        { ...progress, retries: 0 },
        { fetchesPerSecond: 0, bytesPerSecond: 0 },
        4200,
        160,
        2,
      )[0],
    ),
    "4.20s  tasks: 64 running, 900 waiting, 30 done, 6 failed · fetches: 30 done, 6 failed, 64 active, 900 queued",
  );
});

Deno.test("at scale, a run of sleeps shows its tasks' totals, not fetch counts and rates of zero", () => {
  const progress = idleProgress({ running: 202, waiting: 294, done: 4 });
  const zero = { fetchesPerSecond: 0, bytesPerSecond: 0 };
  assertEquals(renderAtScale(progress, zero, 4200, 80, 19).map(stripAnsiCode), [
    "4.20s  tasks: 202 running, 294 waiting, 4 done",
  ]);
  // Never past the screen, whatever its size.
  for (const rows of [1, 2, 3, 24]) {
    for (const columns of [8, 20, 40, 80]) {
      const lines = renderAtScale(progress, zero, 4200, columns, rows - 1).map(stripAnsiCode);
      assert(lines.length <= rows - 1, `${rows}×${columns}: ${lines.length} lines`);
      for (const line of lines) {
        assert(displayWidth(line) <= columns - 1, `${rows}×${columns}: "${line}"`);
      }
    }
  }
  // Once the run has fetched, the fetches come back, with their rates.
  const fetching = { ...progress, fetches: { ...progress.fetches, queued: 1 } };
  assertEquals(renderAtScale(fetching, zero, 4200, 120, 19).map(stripAnsiCode), [
    "4.20s  tasks: 202 running, 294 waiting, 4 done · fetches: 0 done, 0 failed, 0 active, 1 queued",
    "0 fetches/s  0 B/s  0 B received",
  ]);
});

Deno.test("at scale, every size of terminal: the frame fits in rows - 1 lines of columns - 1", () => {
  const active = [
    fetchOf(0, { totalBytes: 40 * MiB, bytes: 10 * MiB, elapsedMs: 2000 }),
    fetchOf(1, { url: "https://例え.jp/日本語のページ/とても長い名前.html" }),
    ...Array.from({ length: 30 }, (_, index) => fetchOf(index + 2)),
  ];
  const progress = {
    ...idleProgress({ running: 32, waiting: 5000 }),
    fetches: { done: 0, failed: 0, cancelled: 0, active: 32, queued: 5000 },
    retries: 123_456,
    active,
  };
  for (const rows of [1, 2, 3, 5, 10, 24]) {
    for (const columns of [8, 20, 40, 80, 200]) {
      const lines = renderAtScale(
        progress,
        { fetchesPerSecond: 12, bytesPerSecond: 3000 },
        100,
        columns,
        rows - 1,
      )
        .map(stripAnsiCode);
      assert(lines.length <= rows - 1, `${rows}×${columns}: ${lines.length} lines`);
      if (rows >= 4) assertEquals(lines.length, rows - 1, `${rows}×${columns} uses its rows`);
      for (const line of lines) {
        assert(displayWidth(line) <= columns - 1, `${rows}×${columns}: "${line}"`);
      }
    }
  }
});

Deno.test("a large body's line: progress bar, bytes, percent, its speed and the time left at it", () => {
  // 10 MiB of 40 MiB in 2 s: 5 MiB/s, so 30 MiB are left for 6 s.
  const fetch = fetchOf(0, {
    url: "https://example.com/big.iso",
    totalBytes: 40 * MiB,
    bytes: 10 * MiB,
    elapsedMs: 2000,
  });
  assertEquals(
    stripAnsiCode(renderActiveFetch(fetch, 110)),
    " 25% ███████░░░░░░░░░░░░░░░░░░░░░░░   10.0 MiB/40.0 MiB    5.0 MiB/s ETA     6s  https://example.com/big.iso",
  );
  // Narrower: the bar shrinks first, then goes, and the URL is cut before the figures.
  assertEquals(
    stripAnsiCode(renderActiveFetch(fetch, 80)),
    " 25% ██░░░░░░   10.0 MiB/40.0 MiB    5.0 MiB/s ETA     6s  https://example.com…",
  );
  assertEquals(
    stripAnsiCode(renderActiveFetch(fetch, 55)),
    " 25%   10.0 MiB/40.0 MiB    5.0 MiB/s ETA     6s  htt…",
  );
  // 1 GiB at 1 MiB/s, 24 MiB in: 1000 s left, rounded up to whole seconds.
  const slow = fetchOf(0, { totalBytes: 1024 * MiB, bytes: 24 * MiB, elapsedMs: 24_000 });
  assertStringIncludes(stripAnsiCode(renderActiveFetch(slow, 200)), " 2% ");
  assertStringIncludes(stripAnsiCode(renderActiveFetch(slow, 200)), "1.0 MiB/s ETA 16m40s");
  // Nothing received yet: no speed, so no time left to say.
  const fresh = fetchOf(0, { totalBytes: 2 * MiB, bytes: 0, elapsedMs: 0 });
  assertStringIncludes(stripAnsiCode(renderActiveFetch(fresh, 200)), "  0% ");
  assertStringIncludes(stripAnsiCode(renderActiveFetch(fresh, 200)), "0 B/s ETA     --");
  // Under 1 MiB, or of unknown length: elapsed and bytes, no bar.
  for (const totalBytes of [MiB - 1, null]) {
    assertEquals(
      stripAnsiCode(renderActiveFetch(fetchOf(7, { totalBytes, bytes: 4096 }), 100)),
      "   1.20s    4.0 KiB  https://example.com/page/7.html",
    );
  }
});

Deno.test("a large body's bar and URL stay in their columns as its figures change width", () => {
  // One download seen at 5 moments: its bytes, speed and time left each change width as it goes.
  const moments = [
    { bytes: 512 * 1024, elapsedMs: 400 },
    { bytes: 9 * MiB, elapsedMs: 1_000 },
    { bytes: 200 * MiB, elapsedMs: 2_000 },
    { bytes: 900 * MiB, elapsedMs: 8_000 },
    { bytes: 1000 * MiB, elapsedMs: 9_000 },
  ].map((moment) => fetchOf(0, { totalBytes: 1000 * MiB, ...moment }));
  const urlColumns = moments.map((fetch) =>
    stripAnsiCode(renderActiveFetch(fetch, 120)).indexOf("https://")
  );
  assertEquals(new Set(urlColumns).size, 1, `the URL starts at columns ${urlColumns.join(", ")}`);
});

Deno.test("a large body's bar and URL stay put when a figure reaches 1000 to 1023.9 of its unit", () => {
  // `formatBytes` writes four digits there (`1010.3 KiB`), before it moves on to the next unit.
  const KiB = 1024;
  const moments = [
    { bytes: 4.1 * MiB, elapsedMs: 4_100 }, // 1.0 MiB/s
    { bytes: 1000 * KiB, elapsedMs: 1_000 }, // 1000.0 KiB, at 1000.0 KiB/s
    { bytes: 1023.9 * KiB, elapsedMs: 1_000 }, // 1023.9 KiB, at 1023.9 KiB/s
    { bytes: 5.8 * MiB, elapsedMs: 5_879 }, // 1010.3 KiB/s
    { bytes: 999 * KiB, elapsedMs: 1_000_000 }, // 1023 B/s
  ].map((moment) => fetchOf(0, { totalBytes: 8 * MiB, ...moment }));
  const lines = moments.map((fetch) => stripAnsiCode(renderActiveFetch(fetch, 100)));
  const urlColumns = lines.map((line) => line.indexOf("https://"));
  assertEquals(new Set(urlColumns).size, 1, `the URL starts at columns ${urlColumns.join(", ")}`);
  const barCells = lines.map((line) => line.match(/[█░]/g)?.length ?? 0);
  assertEquals(new Set(barCells).size, 1, `the bar has ${barCells.join(", ")} cells`);
});

Deno.test("a continued download's speed and time left count only the bytes this response brought", () => {
  // 900 MiB were kept from an earlier run; this response brought 10 MiB of the rest in 2 s.
  const resumed = fetchOf(0, {
    url: "https://mirror.example.org/debian.iso",
    totalBytes: 1000 * MiB,
    bytes: 910 * MiB,
    keptBytes: 900 * MiB,
    elapsedMs: 2000,
  });
  const line = stripAnsiCode(renderActiveFetch(resumed, 120));
  // 91% of the file, at 5 MiB/s: 90 MiB left take 18 s, not the 0 s 455 MiB/s would say.
  assertStringIncludes(line, " 91% ");
  assertStringIncludes(line, "910.0 MiB/1000.0 MiB    5.0 MiB/s ETA    18s");
});

Deno.test("formatEta() rounds up to seconds, then shows minutes, then hours", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [1, "1s"],
    [6000, "6s"],
    [59_001, "1m00s"],
    [125_000, "2m05s"],
    [3_720_000, "1h02m"],
  ];
  for (const [ms, text] of cases) assertEquals(formatEta(ms), text, `${ms}ms`);
});

Deno.test("Throughput: fetches and bytes a second over the last five seconds of samples", () => {
  const meter = new Throughput(5000);
  assertEquals(meter.sample(0, 0, 0), { fetchesPerSecond: 0, bytesPerSecond: 0 });
  assertEquals(meter.sample(1000, 100, 1000), { fetchesPerSecond: 100, bytesPerSecond: 1000 });
  for (let ms = 1100; ms <= 5000; ms += 100) meter.sample(ms, 100, 1000);
  // From 0 to 5 s: 100 fetches in 5 s.
  assertEquals(meter.sample(5000, 100, 1000).fetchesPerSecond, 20);
  // At 8 s the window starts at 3 s, when 100 were done: 300 more in 5 s.
  assertEquals(meter.sample(8000, 400, 1000).fetchesPerSecond, 60);
});

Deno.test("LiveView's throughput line uses its clock, not the loop's (virtual) elapsed time", () => {
  let fetchesDone = 0;
  const { live } = fakeRun(100, () => ({
    fetches: { done: fetchesDone, failed: 0, cancelled: 0, active: 0, queued: 100 - fetchesDone },
    bytes: fetchesDone * 2048,
  }));
  const clock = { now: 0 };
  const { view, writes, tick, linesOf } = terminal({ rows: 10, columns: 80 }, clock);
  using _ = view;
  view.start(live);
  clock.now = 2000;
  fetchesDone = 50;
  tick();
  assertEquals(linesOf(writes.at(-1)!)[1], "25 fetches/s  50.0 KiB/s  100.0 KiB received");
});

Deno.test("LiveView switches between a row per task and the frame at scale as the rows allow", () => {
  const { live, calls } = fakeRun(5);
  const size = { rows: 24, columns: 80 };
  const { view, writes, tick, linesOf } = terminal(size);
  using _ = view;
  view.start(live);
  // 5 rows and the footer fit in 23 lines: rows, from snapshot().
  assertEquals(linesOf(writes[0]).length, 6);
  assertStringIncludes(linesOf(writes[0])[0], "task-0");
  assertEquals(calls.snapshot, 1);
  size.rows = 6; // 5 lines: the rows and their footer no longer fit
  tick();
  // No fetch made yet: the tasks' totals alone.
  assertEquals(linesOf(writes.at(-1)!), ["4.20s  tasks: 5 running"]);
  assertEquals(calls.snapshot, 1);
  size.rows = 7; // 6 lines: they fit again
  tick();
  assertEquals(linesOf(writes.at(-1)!).length, 6);
  assertEquals(calls.snapshot, 2);
});

Deno.test("a small run shows its large bodies' progress bars under the footer, as many as fit", () => {
  const big = (index: number) =>
    fetchOf(index, { totalBytes: 8 * MiB, bytes: 2 * MiB, elapsedMs: 1000 });
  const { live } = fakeRun(2, () => ({
    fetches: { done: 0, failed: 0, cancelled: 0, active: 5, queued: 0 },
    active: [big(0), fetchOf(1), big(2), big(3), big(4)],
  }));
  for (const rows of [5, 6, 24]) {
    const { view, writes, linesOf } = terminal({ rows, columns: 120 });
    using _ = view;
    view.start(live);
    const lines = linesOf(writes[0]);
    assert(lines.length <= rows - 1, `rows ${rows}: ${lines.length}`);
    // Two rows, the footer (5 fetches for 2 tasks: their counts too), then the bars.
    assertEquals(lines[2], "4.20s  2 running · fetches: 0 done, 0 failed, 5 active, 0 queued");
    const bars = lines.slice(3);
    if (rows === 24) {
      assertEquals(bars.length, 4);
      assert(
        bars.every((line) => line.includes("█") && line.includes("ETA     3s")),
        bars.join("\n"),
      );
    } else if (rows === 6) assertEquals(bars.map((line) => line.slice(0, 4)), [" 25%", "+3 m"]);
    else assertEquals(bars, ["+4 more"]);
  }
});

Deno.test("a small run shows a large body of unknown length under the footer: elapsed and bytes", () => {
  const unknown = fetchOf(0, { url: "https://x/stream.bin", bytes: 3 * MiB, elapsedMs: 2000 });
  const small = fetchOf(1, { bytes: 10 * 1024 });
  const { live } = fakeRun(2, () => ({
    fetches: { done: 0, failed: 0, cancelled: 0, active: 2, queued: 0 },
    active: [unknown, small],
  }));
  const { view, writes, linesOf } = terminal({ rows: 24, columns: 100 });
  using _ = view;
  view.start(live);
  // Two rows and the footer, then the large body alone: a small one gets no line of its own.
  assertEquals(linesOf(writes[0]).slice(3), ["   2.00s    3.0 MiB  https://x/stream.bin"]);
});

Deno.test("LiveView never writes past the old frame when failures scroll above a shorter one", () => {
  let active = [fetchOf(0), fetchOf(1), fetchOf(2)];
  const { live } = fakeRun(100, () => ({
    fetches: { done: 0, failed: 0, cancelled: 0, active: active.length, queued: 0 },
    active,
  }));
  const { view, writes, tick } = terminal({ rows: 24, columns: 80 });
  using _ = view;
  view.start(live);
  assertEquals(writes[0].split("\n").length - 1, 5);
  active = [fetchOf(2)];
  for (const name of ["a", "b"]) {
    view.event({
      type: "task-end",
      result: {
        name,
        kind: "fetch",
        outcome: "failed",
        startMs: 0,
        endMs: 1,
        error: { message: "x" },
      },
      atMs: 1,
    });
  }
  tick();
  // Up over the 5 old lines; 2 failures and the 3 new lines take exactly them: no line more.
  assert(writes[1].startsWith("\x1b[5A"));
  assertEquals(writes[1].split("\n").length - 1, 5);
  assert(!writes[1].slice(4).split(ESC).some((part) => /^\[\d+A/.test(part)), writes[1]);
});

Deno.test("a run at scale ends with how its fetches went and the summary, never its task rows", () => {
  const { live } = fakeRun(50, () => ({
    fetches: { done: 48, failed: 2, cancelled: 0, active: 0, queued: 0 },
    bytes: 3 * MiB,
  }));
  const { view, writes, linesOf } = terminal({ rows: 10, columns: 80 });
  view.start(live);
  view.finish(reportOf(50));
  view[Symbol.dispose]();
  assertEquals(linesOf(writes.at(-1)!), [
    "fetches: 48 done, 2 failed · 3.0 MiB received",
    "50 tasks: 50 done in 9.00s",
  ]);
  // A run of sleeps at scale: the summary alone.
  assertEquals(renderFinalFetches(idleProgress({ done: 50 }), 80), undefined);
});

Deno.test("createView() hands the live view the terminal's rows", () => {
  const world = createFakeWorld({ terminal: true, rows: 4, columns: 60 });
  const config = validateConfig(
    { tasks: Array.from({ length: 10 }, () => ({ sleep: "1s" })) },
    "x.yaml",
  );
  using view = createView("live", config, world.host);
  view.start(fakeRun(10).live);
  const lines = world.stdout().split("\n").slice(0, -1).map(stripAnsiCode);
  assertEquals(lines, ["4.20s  tasks: 10 running"]); // sleeps: their totals, no fetch line
});

/**
 * A screen of `rows` rows that follows the live view's writes: the cursor's row, how often the
 * screen scrolled, and the widest line drawn. The cursor starts on the bottom row, as after typing
 * the command.
 */
function screen(rows: number) {
  const state = { row: rows - 1, scrolls: 0, widest: 0 };
  let column = 0;
  const write = (text: string) => {
    for (const [token, up, plainText] of text.matchAll(SCREEN_TOKENS)) {
      if (up !== undefined) state.row = Math.max(0, state.row - Number(up));
      else if (token === "\r") column = 0;
      else if (token === "\n") {
        column = 0; // a terminal's output processing turns \n into \r\n
        if (state.row === rows - 1) state.scrolls++;
        else state.row++;
      } else if (plainText !== undefined) {
        column += displayWidth(plainText);
        state.widest = Math.max(state.widest, column);
      } // else a color, or a clearing sequence: the cursor stays
    }
  };
  return { state, write };
}

Deno.test("on a screen, the frame's top never leaves it and only new height or failures scroll", () => {
  for (const rows of [5, 10, 24]) {
    const columns = 60;
    const { state, write } = screen(rows);
    let active: ActiveFetch[] = [];
    const { live } = fakeRun(5000, () => ({
      fetches: { done: 0, failed: 0, cancelled: 0, active: active.length, queued: 5000 },
      active,
    }));
    const tickers = new Set<() => void>();
    const view = new LiveView({ write }, {
      columns: () => columns,
      rows: () => rows,
      stderr: { write: () => {} },
      every: (_ms, tick) => (tickers.add(tick), { [Symbol.dispose]: () => tickers.clear() }),
    });
    view.start(live);
    let tallest = 0;
    let failures = 0;
    // Active counts that rise and fall past the rows available; failures now and then.
    for (const [step, count] of [3, 40, 0, 7, 64, 1, 0, 12, 64, 2].entries()) {
      active = Array.from({ length: count }, (_, index) => fetchOf(index));
      if (step % 3 === 1) {
        failures++;
        view.event({
          type: "task-end",
          result: { name: `t${step}`, kind: "fetch", outcome: "failed", startMs: 0, endMs: 1 },
          atMs: 1,
        });
      }
      tickers.forEach((tick) => tick());
      const height = Math.min(rows - 1, 2 + count);
      tallest = Math.max(tallest, height);
      // The frame ends at the cursor: its first line is still on the screen.
      assert(state.row >= height, `rows ${rows}, step ${step}: cursor on row ${state.row}`);
      assert(state.widest <= columns - 1, `rows ${rows}: a line of ${state.widest} columns`);
    }
    // From the bottom row: the frame's own height, and one line per failure above it.
    assert(
      state.scrolls <= tallest + failures,
      `rows ${rows}: ${state.scrolls} scrolls for a frame of ${tallest} and ${failures} failures`,
    );
    view[Symbol.dispose]();
  }
});
