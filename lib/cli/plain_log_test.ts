import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import type { RunReport } from "../tasks/mod.ts";
import { PlainLog } from "./plain_log.ts";
import { emptyLiveRun } from "../../tests/fixtures/fake_host.ts";

function collect() {
  const lines: string[] = [];
  return { lines, sink: { write: (text: string) => void lines.push(text) } };
}

const REPORT: RunReport = {
  startedAt: "",
  endedAt: "",
  durationMs: 3010,
  virtualTime: false,
  interrupted: false,
  warnings: [],
  counts: { done: 1, failed: 1, cancelled: 0, skipped: 0 },
  tasks: [],
};

Deno.test("PlainLog writes one timestamped line per event, then the summary, with no ESC byte", () => {
  const { lines, sink } = collect();
  using log = new PlainLog(sink, {
    now: () => new Date("2026-11-25T10:00:00.123Z"),
    describe: (name) => name === "task-1" ? "sleep 3s" : undefined,
  });
  log.start(emptyLiveRun());
  log.event({ type: "task-start", name: "task-1", kind: "sleep", atMs: 0 });
  log.event({ type: "task-start", name: "custom", kind: "custom", atMs: 0 });
  log.warning("TLS verification is off");
  log.event({ type: "log", name: "custom", message: "wrote 2 files", atMs: 5 });
  log.event({
    type: "task-end",
    atMs: 3000,
    result: { name: "task-1", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 },
  });
  log.event({
    type: "task-end",
    atMs: 10,
    result: {
      name: "custom",
      kind: "custom",
      outcome: "failed",
      startMs: 0,
      endMs: 10,
      error: { message: "Cannot write: disk full" },
    },
  });
  // From a timer the task left behind.
  log.event({ type: "log", name: "custom", message: "timer fired", atMs: 12, afterEnd: true });
  log.finish(REPORT);
  assertEquals(
    lines.join(""),
    [
      "2026-11-25T10:00:00.123Z task-1 start sleep 3s\n",
      "2026-11-25T10:00:00.123Z custom start custom\n",
      "2026-11-25T10:00:00.123Z warning: TLS verification is off\n",
      "2026-11-25T10:00:00.123Z custom: wrote 2 files\n",
      "2026-11-25T10:00:00.123Z task-1 done 3.00s\n",
      "2026-11-25T10:00:00.123Z custom failed 0.01s: Cannot write: disk full\n",
      "2026-11-25T10:00:00.123Z custom (after its end): timer fired\n",
      "2 tasks: 1 done, 1 failed in 3.01s\n",
    ].join(""),
  );
  assert(!lines.join("").includes("\x1b"));
});

Deno.test("PlainLog writes a message's newlines and escape codes escaped: one line per event, still no ESC byte", () => {
  const { lines, sink } = collect();
  using log = new PlainLog(sink, { now: () => new Date(0) });
  log.event({ type: "log", name: "logger", message: "multi\nline \x1b[31mred\x1b[0m", atMs: 0 });
  log.event({
    type: "task-end",
    atMs: 10,
    result: {
      name: "c1-\x9b2J-name",
      kind: "fetch",
      outcome: "failed",
      startMs: 0,
      endMs: 10,
      error: { message: 'Unexpected token \x1b[2J\x1b[31mE, "\x1b[2J\x1b[31mEVIL"' },
    },
  });
  log.warning("Cannot write\r\nreport.log");
  log.finish({ ...REPORT, counts: { done: 10003, failed: 1, cancelled: 0, skipped: 0 } });
  assertEquals(
    lines.join(""),
    [
      "1970-01-01T00:00:00.000Z logger: multi\\nline \\u001b[31mred\\u001b[0m\n",
      '1970-01-01T00:00:00.000Z c1-\\u009b2J-name failed 0.01s: Unexpected token \\u001b[2J\\u001b[31mE, "\\u001b[2J\\u001b[31mEVIL"\n',
      "1970-01-01T00:00:00.000Z warning: Cannot write\\r\\nreport.log\n",
      // Bare digits, as scripts reading a log may expect: only the live view groups thousands.
      "10004 tasks: 10003 done, 1 failed in 3.01s\n",
    ].join(""),
  );
});

Deno.test("PlainLog writes the lines of one turn together, as soon as the turn is over", async () => {
  const { lines, sink } = collect();
  let nowMs = Date.parse("2026-11-25T10:00:00.000Z");
  using log = new PlainLog(sink, { now: () => new Date(nowMs) });
  log.event({ type: "task-start", name: "a", kind: "sleep", atMs: 0 });
  log.event({ type: "task-start", name: "b", kind: "sleep", atMs: 0 });
  assertEquals(lines, []);
  await Promise.resolve(); // the turn is over
  assertEquals(lines, [
    "2026-11-25T10:00:00.000Z a start sleep\n2026-11-25T10:00:00.000Z b start sleep\n",
  ]);
  nowMs += 1500;
  log.event({ type: "log", name: "a", message: "later", atMs: 1500 });
  await Promise.resolve();
  assertEquals(lines[1], "2026-11-25T10:00:01.500Z a: later\n");
});

Deno.test("PlainLog writes a long burst in pieces and keeps nothing back when disposed", () => {
  const { lines, sink } = collect();
  {
    using log = new PlainLog(sink, { now: () => new Date(0) });
    for (let i = 0; i < 5000; i++) {
      log.event({ type: "task-start", name: `task-${i}`, kind: "sleep", atMs: 0 });
    }
    assert(lines.length > 1, "a burst of 5,000 lines is not held back until the turn ends");
  }
  const text = lines.join("");
  assertEquals(text.split("\n").length - 1, 5000);
  assert(text.endsWith("task-4999 start sleep\n"));
});

Deno.test("PlainLog keeps a failed write for finish(): no error escapes from a later turn", async () => {
  let writes = 0;
  const broken = {
    write: () => {
      writes++;
      throw new Error("No space left on device");
    },
  };
  const log = new PlainLog(broken, { now: () => new Date(0) });
  log.event({ type: "task-start", name: "a", kind: "sleep", atMs: 0 });
  await Promise.resolve(); // the flush fails here, and must not throw
  log.event({ type: "task-start", name: "b", kind: "sleep", atMs: 0 });
  await Promise.resolve();
  assertEquals(writes, 1, "nothing more is written to a broken sink");
  assertThrows(() => log.finish(REPORT), Error, "No space left on device");
  log[Symbol.dispose](); // reported once
});

Deno.test("PlainLog on stdout writes warnings to stderr, timestamped, after the lines before them", () => {
  const out = collect();
  const err = collect();
  using log = new PlainLog(out.sink, { now: () => new Date(0), warnings: err.sink });
  log.event({ type: "task-start", name: "a", kind: "sleep", atMs: 0 });
  log.warning("TLS verification is off");
  assertEquals(out.lines, ["1970-01-01T00:00:00.000Z a start sleep\n"]);
  assertEquals(err.lines, ["1970-01-01T00:00:00.000Z warning: TLS verification is off\n"]);
});
