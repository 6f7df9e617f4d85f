import { assertEquals, assertStrictEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, Loop, sleep, startChild, withLoop } from "../loop/mod.ts";
import type { TaskSpec } from "./spec.ts";
import { TaskTable } from "./task_table.ts";

const nap = (name: string, after: string[] = []): TaskSpec => ({
  kind: "sleep",
  name,
  after,
  durationMs: 1000,
});

Deno.test("TaskTable keeps a record only for tasks that wait or are waited for", () => {
  const table = new TaskTable([nap("plain"), nap("first"), nap("second", ["first"])], 0);
  assertEquals(table.declared(0), undefined);
  const [first, second] = [table.declared(1)!, table.declared(2)!];
  assertEquals(first.after, []);
  assertEquals(second.after.length, 1);
  assertStrictEquals(second.after[0], first);
});

Deno.test("TaskTable reads a plain sleep's result off its loop task", async () => {
  const loop = new Loop({ clock: createVirtualClock() });
  const table = new TaskTable([nap("a"), nap("b")], 0);
  assertEquals(table.result(0, 0), {
    name: "a",
    kind: "sleep",
    outcome: "cancelled",
    startMs: null,
    endMs: null,
  });
  const root = loop.createTask(
    withLoop((task, current) => {
      table.sleepsStartAt(current.now());
      for (const index of [0, 1]) {
        const handle = startChild(current, sleep(table.sleepMs(index)), { parent: task });
        table.sleepStarted(index, handle);
      }
      assertEquals(table.snapshot(0).map((item) => item.phase), ["running", "running"]);
    }),
    { waitsForChildren: true },
  );
  await new Promise<void>((settle) => {
    root.observe(() => settle());
    loop.schedule(root);
  });
  assertEquals(table.results(1000).map((r) => [r.name, r.outcome, r.startMs, r.endMs]), [
    ["a", "done", 0, 1000],
    ["b", "done", 0, 1000],
  ]);
  assertEquals(table.snapshot(1000).map((item) => [item.phase, item.elapsedMs]), [
    ["done", 1000],
    ["done", 1000],
  ]);
});
