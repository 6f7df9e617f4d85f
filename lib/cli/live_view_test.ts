import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { stripAnsiCode as stripColors } from "npm:deno-std@1.4.0/fmt/colors.js";
import type { LiveRun, RunReport, TaskSnapshot } from "../tasks/mod.ts";
import { idleProgress } from "../../tests/fixtures/fake_host.ts";
import { FRAME_INTERVAL_MS, LiveView } from "./live_view.ts";

const stripAnsiCode = (text: string): string => stripColors(text) as string;

/** Cursor up over the old frame, then erase from its first row to the end of the screen. */
const ERASE_OLD_FRAME = new RegExp(`^\x1b\\[\\d+A\\r\x1b\\[K\x1b\\[B\x1b\\[J\x1b\\[A`);
/** What erases its first row and every row below it, from that row's first column. */
const ERASE = "\r\x1b[K\x1b[B\x1b[J\x1b[A";

/** The lines a write draws, without the cursor up and erase before them, colors taken off. */
function linesOf(write: string): string[] {
  return stripAnsiCode(write.replace(ERASE_OLD_FRAME, "")).split("\n").slice(0, -1);
}

/** True when `text` moves the cursor up (ESC [ n A). */
function movesUp(text: string): boolean {
  return text.split("\x1b").some((part) => /^\[\d+A/.test(part));
}

function setUp() {
  const writes: string[] = [];
  const errors: string[] = [];
  const timers: { intervalMs: number; tick: () => void; live: boolean }[] = [];
  const view = new LiveView({ write: (text) => void writes.push(text) }, {
    columns: () => 80,
    rows: () => 24,
    stderr: { write: (text) => void errors.push(text) },
    every: (intervalMs, tick) => {
      const timer = { intervalMs, tick, live: true };
      timers.push(timer);
      return { [Symbol.dispose]: () => void (timer.live = false) };
    },
  });
  const tick = () => timers.filter((timer) => timer.live).forEach((timer) => timer.tick());
  return { view, writes, errors, timers, tick };
}

function liveRun(snapshots: () => TaskSnapshot[]): LiveRun {
  return {
    snapshot: snapshots,
    progress: () => {
      const tasks = idleProgress().tasks;
      for (const task of snapshots()) tasks[task.phase]++;
      return { ...idleProgress(), tasks };
    },
    elapsedMs: () => 500,
  };
}

const RUNNING: TaskSnapshot[] = [
  { name: "task-1", kind: "sleep", phase: "running", detail: "sleep 3s", elapsedMs: 500 },
  { name: "task-2", kind: "sleep", phase: "waiting", detail: "after task-1", elapsedMs: null },
];

const REPORT: RunReport = {
  startedAt: "",
  endedAt: "",
  durationMs: 3000,
  virtualTime: false,
  interrupted: false,
  warnings: [],
  counts: { done: 1, failed: 1, cancelled: 0, skipped: 0 },
  tasks: [
    { name: "task-1", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
    {
      name: "task-2",
      kind: "sleep",
      outcome: "failed",
      startMs: 3000,
      endMs: 3000,
      error: { message: "boom" },
    },
  ],
};

Deno.test("LiveView draws a first frame on start and redraws on a ~10 fps timer", () => {
  const { view, writes, timers } = setUp();
  using _ = view;
  view.start(liveRun(() => RUNNING));
  assertEquals(writes.length, 1);
  assert(!movesUp(writes[0])); // nothing on screen to move over yet
  assertEquals(stripAnsiCode(writes[0]).split("\n").map((line) => line.replace("\r", "")), [
    "⠙ task-1  running     0.50s  sleep 3s",
    "· task-2  waiting            after task-1",
    "0.50s  1 running, 1 waiting",
    "",
  ]);
  assertEquals(timers.map((timer) => timer.intervalMs), [FRAME_INTERVAL_MS]);
});

Deno.test("LiveView redraws in place: cursor up to the old frame's top, erase to the end of the screen, the new frame", () => {
  const { view, writes, tick } = setUp();
  using _ = view;
  view.start(liveRun(() => RUNNING));
  tick();
  assertEquals(writes.length, 2);
  assert(writes[1].startsWith(`\x1b[3A${ERASE}`), writes[1]);
  assertEquals(linesOf(writes[1]).length, 3);
  assert(!movesUp(writes[1].slice(4)), writes[1]);
});

Deno.test("LiveView skips a redraw when the frame did not change", () => {
  let tickCount = 0;
  const { view, writes, tick } = setUp();
  using _ = view;
  const done: TaskSnapshot[] = RUNNING.map((task) => ({ ...task, phase: "done" }));
  view.start(liveRun(() => (tickCount++, done)));
  tick();
  tick();
  assertEquals(tickCount, 6); // each frame: progress (counted here) and the rows
  assertEquals(writes.length, 1);
});

Deno.test("LiveView prints failures above the frame at the next redraw", () => {
  const { view, writes, tick } = setUp();
  using _ = view;
  view.start(liveRun(() => RUNNING));
  view.event({ type: "task-end", result: REPORT.tasks[1], atMs: 3000 });
  view.event({ type: "task-end", result: REPORT.tasks[0], atMs: 3000 });
  assertEquals(writes.length, 1); // throttled: nothing until the timer fires
  tick();
  assertEquals(linesOf(writes[1]).slice(0, 1), ["✗ task-2 failed 0.00s: boom"]);
});

Deno.test("LiveView prints each retry above the frame: which fetch goes again, when and why", () => {
  const { view, writes, tick } = setUp();
  using _ = view;
  view.start(liveRun(() => RUNNING));
  view.event({
    type: "retry",
    name: "task-2",
    url: "https://example.com/flaky",
    attempt: 1,
    retries: 2,
    delayMs: 1500,
    reason: "status 503",
    atMs: 200,
  });
  tick();
  assertEquals(linesOf(writes[1]).slice(0, 1), [
    "↻ task-2 retry 1/2 https://example.com/flaky in 1.5s: status 503",
  ]);
});

Deno.test("LiveView writes warnings to stderr at the next redraw, with the frame erased first and drawn again below", () => {
  const { view, writes, errors, tick } = setUp();
  view.start(liveRun(() => RUNNING));
  view.warning("TLS verification is off");
  assertEquals(errors, []); // throttled: nothing until the timer fires
  tick();
  assertEquals(errors, ["warning: TLS verification is off\n"]);
  // The frame of two rows and a footer went up and away before the warning, and came back whole.
  assertEquals(writes[1], `\x1b[3A${ERASE}`);
  assert(!movesUp(writes[2]), writes[2]);
  assertEquals(linesOf(writes[2]).length, 3);
  view.warning("said after the end");
  view[Symbol.dispose]();
  assertEquals(errors.at(-1), "warning: said after the end\n");
});

Deno.test("LiveView ends with the final frame and the summary on screen, and stops its timer", () => {
  const { view, writes, timers } = setUp();
  view.start(liveRun(() => RUNNING));
  view.finish(REPORT);
  assert(timers.every((timer) => !timer.live));
  const last = writes.at(-1)!;
  assert(last.startsWith(`\x1b[3A${ERASE}`));
  assertEquals(linesOf(last), [
    "✓ task-1  done        3.00s",
    "✗ task-2  failed      0.00s  boom",
    "2 tasks: 1 done, 1 failed in 3.00s",
  ]);
  view[Symbol.dispose]();
});

Deno.test("LiveView writes a warning after the end below the summary, never erasing it", () => {
  const { view, writes, errors, tick } = setUp();
  view.start(liveRun(() => RUNNING));
  view.finish(REPORT);
  const drawn = writes.length;
  view.warning('Cannot write to the log file "run.log": No space left on device');
  assertEquals(errors, [
    'warning: Cannot write to the log file "run.log": No space left on device\n',
  ]);
  tick();
  view[Symbol.dispose]();
  assertEquals(writes.length, drawn); // no erase, no redraw: the final frame and summary stay
  assert(stripAnsiCode(writes.at(-1)!).endsWith("2 tasks: 1 done, 1 failed in 3.00s\n"));
});

Deno.test("LiveView draws the final frame even when the run never started", () => {
  const { view, writes } = setUp();
  using _ = view;
  view.finish(REPORT);
  assertEquals(writes.length, 1);
  assert(!movesUp(writes[0]));
});

Deno.test("LiveView stops its timer when disposed mid-run", () => {
  const { view, timers } = setUp();
  view.start(liveRun(() => RUNNING));
  view[Symbol.dispose]();
  assert(timers.every((timer) => !timer.live));
});
