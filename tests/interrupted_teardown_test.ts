// README: "A teardown that throws while its task is cancelled (an action's) fails that task with its
// error instead, and the loop runs on." That holds when the run is interrupted too (Ctrl-C, SIGTERM,
// `run({ signal })`), not only when a deadline of the task's own cancels it.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { action, defineConfig, run, task } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

Deno.test("a custom task whose action() teardown throws as an interrupted run cancels it fails with that error", async () => {
  const controller = new AbortController();
  const outDir = await Deno.makeTempDir({ prefix: "corun-interrupted-teardown-" });
  try {
    const report = await run(
      defineConfig({
        metadata: false,
        outDir,
        tasks: [
          task("waits", function* () {
            // An event-listener wrapper whose removal fails, waiting for an event that never comes.
            return yield* action<void>(() => () => {
              throw new Error("teardown failed");
            }, "event");
          }),
          task("interrupt", function* (ctx) {
            yield* ctx.sleep(5);
            controller.abort(); // Ctrl-C while "waits" waits
          }),
          task("calm", function* (ctx) {
            yield* ctx.sleep(60_000);
          }),
        ],
      }),
      { signal: controller.signal, state: false, virtualTime: true },
    );
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]), [
      ["waits", "failed", "Error: teardown failed (at interrupted_teardown_test.ts)"],
      ["interrupt", "cancelled", undefined], // interrupted by itself
      ["calm", "cancelled", undefined],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a custom task an interrupt reaches before its first step never started: cancelled, without times", async () => {
  const controller = new AbortController();
  const outDir = await Deno.makeTempDir({ prefix: "corun-interrupted-teardown-" });
  const events: string[] = [];
  try {
    const report = await run(
      defineConfig({
        metadata: false,
        outDir,
        tasks: [
          // deno-lint-ignore require-yield
          task("first", function* () {
            controller.abort(); // Ctrl-C before "second" took its first step
          }),
          task("second", function* (ctx) {
            yield* ctx.sleep(10);
          }),
        ],
      }),
      {
        signal: controller.signal,
        state: false,
        virtualTime: true,
        onEvent: (event) => {
          if (event.type === "task-start") events.push(`start ${event.name}`);
          if (event.type === "task-end") events.push(`end ${event.result.name}`);
        },
      },
    );
    const second = report.tasks[1];
    assertEquals([second.outcome, second.startMs, second.endMs], ["cancelled", null, null]);
    assertEquals(events, ["start first", "end first", "end second"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
