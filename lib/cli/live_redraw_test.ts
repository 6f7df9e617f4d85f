/**
 * The live view on a screen ({@linkcode FakeTerminal}): what stays on it and what scrolls away when
 * text above the frame is wider than the terminal or holds control characters, and when the
 * terminal changes size mid-run.
 */
import { assert, assertEquals, assertStrictEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode as stripColors } from "npm:deno-std@1.4.0/fmt/colors.js";
import type { ActiveFetch, LiveRun, RunProgress, RunReport, TaskSnapshot } from "../tasks/mod.ts";
import { createFakeWorld, idleProgress } from "../../tests/fixtures/fake_host.ts";
import { FakeTerminal } from "../../tests/fixtures/fake_terminal.ts";
import { validateConfig } from "../config/mod.ts";
import { createView } from "./choose_view.ts";
import { LiveView } from "./live_view.ts";

const stripAnsiCode = (text: string): string => stripColors(text) as string;
/** Up to the old frame's first row (how far: its group), then erase it and the rows below. */
const ERASE_OLD_FRAME = new RegExp(`^\x1b\\[(\\d+)A\\r\x1b\\[K\x1b\\[B\x1b\\[J\x1b\\[A`);

/** A live view drawing on `terminal`, of its size whatever it becomes; `tick` redraws. */
function liveOn(terminal: FakeTerminal) {
  const writes: string[] = [];
  const warnings: string[] = [];
  const tickers = new Set<() => void>();
  const view = new LiveView({
    write: (text) => {
      writes.push(text);
      terminal.write(text);
    },
  }, {
    columns: () => terminal.columns,
    rows: () => terminal.rows,
    clock: () => 0,
    stderr: { write: (text) => void warnings.push(text) },
    every: (_intervalMs, tick) => {
      tickers.add(tick);
      return { [Symbol.dispose]: () => void tickers.delete(tick) };
    },
  });
  const tick = () => tickers.forEach((tick) => tick());
  return { view, writes, warnings, tick };
}

/** A run whose tasks and progress the test changes as it goes. */
function runOf(state: { tasks: TaskSnapshot[]; progress?: Partial<RunProgress> }): LiveRun {
  return {
    snapshot: () => state.tasks,
    progress: () => {
      const tasks = idleProgress().tasks;
      for (const task of state.tasks) tasks[task.phase]++;
      return { ...idleProgress(), tasks, ...state.progress };
    },
    elapsedMs: () => 1000,
  };
}

function sleeping(name: string, phase: TaskSnapshot["phase"] = "running"): TaskSnapshot {
  return { name, kind: "sleep", phase, detail: "sleep 3s", elapsedMs: 1000 };
}

function failure(name: string, message: string) {
  return {
    type: "task-end" as const,
    atMs: 1000,
    result: {
      name,
      kind: "fetch" as const,
      outcome: "failed" as const,
      startMs: 0,
      endMs: 1020,
      error: { message },
    },
  };
}

/** `text` as a terminal `columns` wide lays it out: a row per `columns` characters. */
function wrapped(text: string, columns: number): string[] {
  const rows: string[] = [];
  for (let start = 0; start < text.length; start += columns) {
    rows.push(text.slice(start, start + columns).trimEnd());
  }
  return rows;
}

const REPORT: RunReport = {
  startedAt: "",
  endedAt: "",
  durationMs: 3000,
  virtualTime: false,
  interrupted: false,
  warnings: [],
  counts: { done: 2, failed: 1, cancelled: 0, skipped: 0 },
  tasks: [
    { name: "sleep-a", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
    { name: "sleep-b", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
    {
      name: "nightly",
      kind: "fetch",
      outcome: "failed",
      startMs: 0,
      endMs: 1020,
      error: { message: "the server answered 503" },
    },
  ],
};

Deno.test("a failure wider than the terminal wraps above the frame, and nothing of the old frame stays", () => {
  const terminal = new FakeTerminal(24, 80);
  const { view, tick } = liveOn(terminal);
  using _ = view;
  const state = { tasks: [sleeping("nightly"), sleeping("sleep-a"), sleeping("sleep-b")] };
  view.start(runOf(state));
  // Its second row is shorter than the old frame's row it lands on.
  const message = "Cannot fetch http://127.0.0.1/nightly/build/artifacts: the server answered 503";
  state.tasks = [{ ...sleeping("nightly", "failed"), detail: message }, ...state.tasks.slice(1)];
  view.event(failure("nightly", message));
  tick();
  const failed = `✗ nightly failed 1.02s: ${message}`;
  assertEquals(terminal.lines(), [
    ...wrapped(failed, 80),
    "✗ nightly  failed      1.00s  Cannot fetch http://127.0.0.1/nightly/build/arti…",
    "⠹ sleep-a  running     1.00s  sleep 3s",
    "⠹ sleep-b  running     1.00s  sleep 3s",
    "1.00s  2 running, 1 failed",
  ]);
  assertEquals(terminal.scrollback, []);
  assertEquals(terminal.row, 6); // below the frame, where the next redraw starts from
});

Deno.test("a summary wider than a narrow terminal wraps under the final frame, and nothing of the old frame stays", () => {
  const terminal = new FakeTerminal(24, 20);
  const { view } = liveOn(terminal);
  const big: ActiveFetch = {
    task: "nightly",
    url: "http://127.0.0.1/nightly.iso",
    bytes: 3 << 20,
    keptBytes: 0,
    totalBytes: 8 << 20,
    elapsedMs: 1000,
  };
  // Three rows, the footer and a progress bar: taller than the final frame's rows.
  view.start(runOf({
    tasks: [sleeping("sleep-a"), sleeping("sleep-b"), sleeping("nightly")],
    progress: {
      active: [big],
      fetches: { done: 0, failed: 0, cancelled: 0, active: 1, queued: 0 },
    },
  }));
  view.finish(REPORT);
  view[Symbol.dispose]();
  assertEquals(terminal.lines(), [
    "✓ sleep-a  done   …",
    "✓ sleep-b  done   …",
    "✗ nightly  failed …",
    ...wrapped("3 tasks: 2 done, 1 failed in 3.00s", 20),
  ]);
  assertEquals(terminal.scrollback, []);
});

Deno.test("task logs, failures and warnings reach the terminal without a control character: a newline starts an indented line, ESC and C1 become spaces", () => {
  const terminal = new FakeTerminal(24, 80);
  const { view, tick, warnings } = liveOn(terminal);
  using _ = view;
  view.start(runOf({ tasks: [sleeping("logger")] }));
  view.event({ type: "log", name: "logger", message: "multi\r\nline \x1b[31mred\x1b[0m", atMs: 5 });
  // A server's body quoted in an error (JSON.parse), and a task name with a C1 CSI in it.
  view.event(failure("c1-\x9b2J-name", 'Unexpected token \x1b[2J\x1b[31mE, "\x1b[2J\x1b[31mEVIL"'));
  view.warning("Cannot write \x1b[2Jreport.log\nNo space left");
  tick();
  assertEquals(terminal.foreign, []);
  assertEquals(terminal.lines(), [
    "logger: multi",
    "  line  [31mred [0m",
    '✗ c1- 2J-name failed 1.02s: Unexpected token  [2J [31mE, " [2J [31mEVIL"',
    "⠹ logger  running     1.00s  sleep 3s",
    "1.00s  1 running",
  ]);
  assertEquals(warnings, ["warning: Cannot write  [2Jreport.log\n  No space left\n"]);
});

/** A run at scale: more tasks than rows, `active` fetches in flight with long URLs. */
function atScale(active: number): LiveRun {
  const fetches = Array.from({ length: active }, (_, index): ActiveFetch => ({
    task: "pages",
    url: `https://example.com/a/rather/long/path/to/a/page/of/the/site/number/${index}.html`,
    bytes: 1000,
    keptBytes: 0,
    totalBytes: null,
    elapsedMs: 1200,
  }));
  return {
    snapshot: () => {
      throw new Error("a run at scale never takes snapshots");
    },
    progress: () => ({
      ...idleProgress({ running: active, waiting: 5000 }),
      fetches: { done: 0, failed: 0, cancelled: 0, active, queued: 5000 },
      active: fetches,
    }),
    elapsedMs: () => 4200,
  };
}

Deno.test("a terminal that loses rows mid-run gets the frame redrawn from its top row, and nothing new scrolls away", () => {
  const terminal = new FakeTerminal(24, 80);
  const { view, tick } = liveOn(terminal);
  using _ = view;
  view.start(atScale(40));
  assertEquals(terminal.lines().length, 23);
  terminal.resize(10, 80); // the rows the cursor was below go to the scrollback, as in xterm
  const scrolledByResize = [...terminal.scrollback];
  tick();
  assertEquals(terminal.scrollback, scrolledByResize);
  const lines = terminal.lines();
  assertEquals(lines.length, 9);
  assert(lines[0].startsWith("4.20s  tasks: 40 running, 5,000 waiting"), lines[0]);
  assertEquals(lines.at(-1), "+34 more");
  assertEquals(terminal.row, 9);
});

Deno.test("under tmux, a frame as tall as the terminal allows is redrawn without a copy of it going into the history", () => {
  // tmux moves the whole screen into its history when ED is written at its top left corner.
  const terminal = new FakeTerminal(10, 60, { scrollOnClear: true });
  const { view, tick } = liveOn(terminal);
  using _ = view;
  view.start(atScale(40)); // 9 lines from the top row: totals, throughput, 6 fetches, +34 more
  assertEquals(terminal.row, 9);
  view.event(failure("nightly", "the server answered 503")); // scrolls above the frame
  tick();
  view.warning("a state file that cannot be written"); // the frame is erased, drawn again below
  tick();
  view.finish({
    ...REPORT,
    tasks: [],
    counts: { done: 5000, failed: 40, cancelled: 0, skipped: 0 },
  });
  assertEquals(terminal.scrollback.filter((line) => !line.startsWith("✗ nightly")), []);
  assertEquals(terminal.lines().at(-1), "5,040 tasks: 5,000 done, 40 failed in 3.00s");
  assertEquals(terminal.foreign, []);
});

Deno.test("after the terminal narrows, the redraw moves up over the rows a re-wrapping terminal laid the old frame on", async (t) => {
  /** How far the redraw after a resize from 80 columns moves the cursor up. */
  const moveUpAfter = (rows: number, columns: number) => {
    const terminal = new FakeTerminal(24, 80);
    const { view, writes, tick } = liveOn(terminal);
    using _ = view;
    view.start(atScale(3)); // 5 lines: totals, throughput, 3 fetches cut to 79 columns
    terminal.resize(rows, columns);
    tick();
    return ERASE_OLD_FRAME.exec(writes[1])?.[1];
  };
  await t.step("79 columns at 40: two rows a line, but the throughput line's one", () => {
    assertEquals(moveUpAfter(24, 40), String(4 * 2 + 1));
  });
  await t.step("wider: a row a line", () => {
    assertEquals(moveUpAfter(24, 120), "5");
  });
});

Deno.test("after the terminal narrows, a frame of wide characters is moved up over every row it wrapped onto", () => {
  const terminal = new FakeTerminal(24, 80);
  const { view, writes, tick } = liveOn(terminal);
  using _ = view;
  // A server's error in Japanese, as the row's detail.
  const failed: TaskSnapshot = {
    name: "report",
    kind: "fetch",
    phase: "failed",
    detail: "サーバーが応答しませんでした。しばらくしてからもう一度お試しください。",
    elapsedMs: 1200,
  };
  view.start(runOf({ tasks: [failed] }));
  assertEquals(terminal.lines(), [
    "✗ report  failed      1.20s  サーバーが応答しませんでした。しばらくしてからも…",
    "1.00s  1 failed",
  ]);
  terminal.resize(24, 26);
  tick();
  // At 26 columns a re-wrapping terminal lays the 78-column row on 4 rows, not 3: its first 26
  // columns, then "s  " and 11 wide characters (the 12th would cross the edge, so it starts the
  // next row), 13 more, and the cut mark; the footer on 1. Moving up 4 would leave the row's first
  // piece on screen above the new frame.
  assertEquals(ERASE_OLD_FRAME.exec(writes[1])?.[1], "5");
});

Deno.test("a live view's summary and failure lines group their counts as its frame does", () => {
  const terminal = new FakeTerminal(24, 100);
  const { view, tick } = liveOn(terminal);
  view.start(atScale(3));
  view.event({
    type: "task-end",
    atMs: 1000,
    result: {
      name: "pages",
      kind: "fetch",
      outcome: "failed",
      startMs: 0,
      endMs: 2000,
      items: { total: 10000, done: 7226, failed: 2774, cancelled: 0, skipped: 0 },
      error: { message: "some fetches failed" },
    },
  });
  tick();
  view.finish({
    ...REPORT,
    tasks: [],
    counts: { done: 10003, failed: 1, cancelled: 0, skipped: 0 },
  });
  view[Symbol.dispose]();
  const lines = terminal.lines().map(stripAnsiCode);
  assertEquals(
    lines[0],
    "✗ pages failed 2.00s (10,000 fetches: 7,226 done, 2,774 failed): some fetches failed",
  );
  assertEquals(lines.at(-1), "10,004 tasks: 10,003 done, 1 failed in 3.00s");
});

Deno.test("a task's console.log and console.error go above the live frame, not drawn over, and the console is given back as the view ends", () => {
  const terminal = new FakeTerminal(14, 60);
  const world = createFakeWorld({ terminal: true });
  const host = {
    ...world.host,
    stdout: { write: (text: string) => terminal.write(text) },
    columns: () => terminal.columns,
    rows: () => terminal.rows,
  };
  const config = validateConfig({ tasks: [{ name: "logger", sleep: "1s" }] }, "x.yaml");
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const real = methods.map((method) => console[method]);
  // As in a process on a terminal: the console writes where the frame is.
  const straight = (...args: unknown[]) => terminal.write(`${args.join(" ")}\n`);
  for (const method of methods) console[method] = straight;
  try {
    {
      using view = createView("live", config, host);
      view.start(runOf({ tasks: [sleeping("logger")] }));
      console.log("console line %d of %s", 0, "logger");
      console.error("console error", { code: 7 });
      world.tick();
      assertEquals(terminal.lines(), [
        "console line 0 of logger",
        "console error { code: 7 }",
        "⠹ logger  running     1.00s  sleep 3s",
        "1.00s  1 running",
      ]);
      view.finish({
        ...REPORT,
        tasks: [{ name: "logger", kind: "sleep", outcome: "done", startMs: 0, endMs: 1000 }],
        counts: { done: 1, failed: 0, cancelled: 0, skipped: 0 },
      });
      for (const method of methods) assertStrictEquals(console[method], straight, method);
      console.log("after the run");
      assertEquals(terminal.lines().slice(-2), ["1 task: 1 done in 3.00s", "after the run"]);
    }
    {
      // A run that throws: its view is disposed without a final frame.
      using view = createView("live", config, host);
      view.start(runOf({ tasks: [sleeping("logger")] }));
      assert(console.log !== straight);
    }
    for (const method of methods) assertStrictEquals(console[method], straight, method);
  } finally {
    methods.forEach((method, index) => console[method] = real[index]);
  }
});
