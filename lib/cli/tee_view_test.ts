import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { RunReport } from "../tasks/mod.ts";
import type { RunEvent } from "../tasks/mod.ts";
import { JsonView, QuietView } from "./final_views.ts";
import type { RunView } from "./run_view.ts";
import { TeeView } from "./tee_view.ts";

const sink = { write: () => {} };

function recorder(): RunView & { events: RunEvent[]; warnings: string[] } {
  const events: RunEvent[] = [];
  const warnings: string[] = [];
  return {
    events,
    warnings,
    start() {},
    event: (event) => void events.push(event),
    warning: (message) => void warnings.push(message),
    finish() {},
    [Symbol.dispose]() {},
  };
}

Deno.test("a tee wants per-task events only when one of its views does, and hands them to each", () => {
  assertEquals(
    new TeeView([new QuietView(sink, sink), new JsonView(sink, sink)]).wantsEvents,
    false,
  );
  const log = recorder();
  const tee = new TeeView([new QuietView(sink, sink), log]);
  assertEquals(tee.wantsEvents, true);
  const event: RunEvent = { type: "log", name: "a", message: "careful", atMs: 0 };
  tee.event(event);
  assertEquals(log.events, [event]);
});

Deno.test("a tee hands every warning to each of its views", () => {
  const [first, second] = [recorder(), recorder()];
  new TeeView([first, second]).warning("careful");
  assertEquals([first.warnings, second.warnings], [["careful"], ["careful"]]);
});

Deno.test("a warning the log raises while it writes the summary is in --json's warnings", () => {
  const report: RunReport = {
    startedAt: "",
    endedAt: "",
    durationMs: 0,
    virtualTime: false,
    interrupted: false,
    warnings: [],
    counts: { done: 0, failed: 0, cancelled: 0, skipped: 0 },
    tasks: [],
  };
  const stdout: string[] = [];
  const stderr: string[] = [];
  const json = new JsonView({ write: (text) => void stdout.push(text) }, {
    write: (text) => void stderr.push(text),
  });
  const warning = 'Cannot write to the log file "run.log": No space left on device';
  // As guarded_run.ts routes a log write failure: back through the tee, to every view.
  const log: RunView = { ...recorder(), finish: () => tee.warning(warning) };
  const tee = new TeeView([json, log]);
  tee.finish(report);
  assertEquals(JSON.parse(stdout.join("")).warnings, [warning]);
  assertEquals(stderr, [`warning: ${warning}\n`]);
});
