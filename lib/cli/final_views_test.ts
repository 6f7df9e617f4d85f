import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { RunReport } from "../tasks/mod.ts";
import { JsonView, QuietView } from "./final_views.ts";
import { emptyLiveRun } from "../../tests/fixtures/fake_host.ts";

function collect() {
  let text = "";
  return { text: () => text, sink: { write: (chunk: string) => void (text += chunk) } };
}

const DONE: RunReport = {
  startedAt: "2026-11-25T10:00:00.000Z",
  endedAt: "2026-11-25T10:00:03.000Z",
  durationMs: 3000,
  virtualTime: false,
  interrupted: false,
  warnings: [],
  counts: { done: 1, failed: 0, cancelled: 0, skipped: 0 },
  tasks: [{ name: "task-1", kind: "sleep", outcome: "done", startMs: 0, endMs: 3000 }],
};

const FAILED: RunReport = {
  ...DONE,
  counts: { done: 1, failed: 1, cancelled: 0, skipped: 1 },
  tasks: [
    ...DONE.tasks,
    {
      name: "blog",
      kind: "fetch",
      outcome: "failed",
      startMs: 0,
      endMs: 500,
      error: { message: "Cannot connect" },
    },
    {
      name: "after-blog",
      kind: "sleep",
      outcome: "skipped",
      startMs: null,
      endMs: null,
      error: { message: "after blog failed" },
    },
  ],
};

Deno.test("JsonView writes nothing while running and the whole report as JSON at the end", () => {
  const out = collect();
  const err = collect();
  using view = new JsonView(out.sink, err.sink);
  view.start(emptyLiveRun());
  view.event({ type: "task-start", name: "task-1", kind: "sleep", atMs: 0 });
  assertEquals(out.text(), "");
  view.finish(FAILED);
  assertEquals(JSON.parse(out.text()), FAILED);
  assertEquals(err.text(), "");
});

Deno.test("JsonView and QuietView write each warning to stderr as it comes; JSON lists them all in warnings", () => {
  const out = collect();
  const err = collect();
  using json = new JsonView(out.sink, err.sink);
  json.warning('Task "a": TLS hostname verification is OFF (insecure: true) for https://x/');
  json.warning('Cannot write to the log file "/dev/full": No space left on device');
  assertEquals(out.text(), "");
  assertEquals(err.text().split("\n"), [
    'warning: Task "a": TLS hostname verification is OFF (insecure: true) for https://x/',
    'warning: Cannot write to the log file "/dev/full": No space left on device',
    "",
  ]);
  json.finish(DONE);
  assertEquals(JSON.parse(out.text()).warnings, [
    'Task "a": TLS hostname verification is OFF (insecure: true) for https://x/',
    'Cannot write to the log file "/dev/full": No space left on device',
  ]);
  const quietErr = collect();
  using quiet = new QuietView(collect().sink, quietErr.sink);
  quiet.warning('Cannot save the state file "s.json": disk full');
  assertEquals(quietErr.text(), 'warning: Cannot save the state file "s.json": disk full\n');
});

Deno.test("QuietView says nothing when every task is done", () => {
  const out = collect();
  using view = new QuietView(out.sink, collect().sink);
  view.finish(DONE);
  assertEquals(out.text(), "");
});

Deno.test("QuietView lists failed and skipped tasks, then the summary", () => {
  const out = collect();
  using view = new QuietView(out.sink, collect().sink);
  view.finish(FAILED);
  assertEquals(out.text().split("\n"), [
    "blog failed 0.50s: Cannot connect",
    "after-blog skipped: after blog failed",
    "3 tasks: 1 done, 1 failed, 1 skipped in 3.00s",
    "",
  ]);
});

Deno.test("QuietView writes a failure whose message holds escape codes and a newline as one plain line", () => {
  const out = collect();
  using view = new QuietView(out.sink, collect().sink);
  view.start(emptyLiveRun());
  const [done, blog] = FAILED.tasks;
  view.finish({
    ...FAILED,
    counts: { done: 1, failed: 1, cancelled: 0, skipped: 0 },
    tasks: [done, { ...blog, error: { message: "Cannot parse\n\x1b[2J\x1b[31mred" } }],
  });
  const [failure, summary, ...rest] = out.text().split("\n");
  assertEquals(failure.includes("\x1b"), false, failure);
  assertEquals(failure.includes("Cannot parse\\n\\u001b[2J\\u001b[31mred"), true, failure);
  assertEquals([summary.startsWith("2 tasks: 1 done, 1 failed"), rest], [true, [""]]);
});

Deno.test("a warning holding a server's escape codes and line breaks is one line on stderr, its controls escaped; JSON keeps it as said", () => {
  const out = collect();
  const err = collect();
  using json = new JsonView(out.sink, err.sink);
  const said = 'Cannot record the outcome of a fetch of "a": \x1b[2J\x1b]0;owned\x07\nrm -rf';
  json.warning(said);
  assertEquals(
    err.text(),
    'warning: Cannot record the outcome of a fetch of "a": \\u001b[2J\\u001b]0;owned\\u0007\\nrm -rf\n',
  );
  json.finish(DONE);
  assertEquals(JSON.parse(out.text()).warnings, [said]);
});

Deno.test("QuietView names at most 100 failed and 20 skipped tasks, and counts the rest", () => {
  const out = collect();
  using view = new QuietView(out.sink, collect().sink);
  const chain = Array.from({ length: 5_000 }, (_, i) => ({
    ...FAILED.tasks[2],
    name: `t${i + 1}`,
    error: { message: `after t${i} failed` },
  }));
  view.finish({
    ...FAILED,
    counts: { done: 1, failed: 1, cancelled: 0, skipped: 5_000 },
    tasks: [...FAILED.tasks.slice(0, 2), ...chain],
  });
  const lines = out.text().split("\n");
  assertEquals(lines.length, 1 + 20 + 1 + 1 + 1);
  assertEquals(lines[0], "blog failed 0.50s: Cannot connect");
  assertEquals(lines[20], "t20 skipped: after t19 failed");
  assertEquals(lines[21], "… and 4980 more skipped tasks (--log or --json lists each)");
});
