/**
 * A custom task interrupted while its own code waits in a `finally`: with `cleanup` (exported by
 * mod.ts) it stops there; without, it is still reported cancelled.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { action, cleanup, defineConfig, moveOnAfter, run, task, type TaskContext } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

/** Runs one custom task whose scratch work is interrupted; returns its outcome and what it logged. */
async function interruptScratch(useCleanup: boolean) {
  const controller = new AbortController();
  const log: string[] = [];
  function* withScratch(ctx: TaskContext) {
    try {
      controller.abort(); // Ctrl-C while the scratch work runs
      yield* ctx.sleep(60_000);
    } finally {
      const removal = function* () {
        yield* ctx.sleep(5); // removing the scratch files takes a while
        log.push("scratch removed");
      }();
      if (useCleanup) yield* cleanup(removal);
      else yield* removal;
    }
  }
  const outDir = await Deno.makeTempDir({ prefix: "corun-custom-cancel-" });
  try {
    const report = await run(
      defineConfig({
        metadata: false,
        outDir,
        tasks: [task("scratch", function* (ctx) {
          yield* withScratch(ctx);
          log.push("went on");
        })],
      }),
      { signal: controller.signal, state: false },
    );
    return { outcome: report.tasks[0].outcome, log };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("a custom task whose finally waits inside cleanup() stops once the cleanup is over", async () => {
  const { outcome, log } = await interruptScratch(true);
  assertEquals(outcome, "cancelled");
  assertEquals(log, ["scratch removed"]);
});

Deno.test("a custom task whose finally waits without cleanup() is still reported cancelled", async () => {
  const { outcome, log } = await interruptScratch(false);
  assertEquals(outcome, "cancelled");
  assertEquals(log[0], "scratch removed");
});

Deno.test("a custom task whose action() teardown throws when a deadline cancels it fails with that error; the run ends", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-custom-cancel-" });
  const logged: string[] = [];
  try {
    const report = await run(
      defineConfig({
        metadata: false,
        outDir,
        tasks: [
          task("waits", function* (ctx) {
            // An event-listener wrapper whose removal fails.
            yield* moveOnAfter(
              10,
              action<void>(() => () => {
                throw new Error("teardown failed");
              }, "event"),
            );
            ctx.log("moved on");
          }),
          task("sibling", function* (ctx) {
            yield* ctx.sleep(20);
            ctx.log("sibling woke");
          }),
        ],
      }),
      {
        state: false,
        virtualTime: true,
        onEvent: (event) => event.type === "log" && logged.push(event.message),
      },
    );
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.endMs, testFilePlace(t.error?.message)]),
      [
        ["waits", "failed", 10, "Error: teardown failed (at custom_task_cancel_test.ts)"],
        ["sibling", "done", 20, undefined],
      ],
    );
    assertEquals(logged, ["sibling woke"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
