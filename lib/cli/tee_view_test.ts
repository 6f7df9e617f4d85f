import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { RunEvent } from "../tasks/mod.ts";
import { JsonView, QuietView } from "./final_views.ts";
import type { RunView } from "./run_view.ts";
import { TeeView } from "./tee_view.ts";

const sink = { write: () => {} };

function recorder(): RunView & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return {
    events,
    start() {},
    event: (event) => void events.push(event),
    finish() {},
    [Symbol.dispose]() {},
  };
}

Deno.test("a tee wants per-task events only when one of its views does, and hands them to each", () => {
  assertEquals(new TeeView([new QuietView(sink), new JsonView(sink)]).wantsEvents, false);
  const log = recorder();
  const tee = new TeeView([new QuietView(sink), log]);
  assertEquals(tee.wantsEvents, true);
  const event: RunEvent = { type: "warning", message: "careful", atMs: 0 };
  tee.event(event);
  assertEquals(log.events, [event]);
});
