import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
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
