/**
 * N coroutines that each sleep 1 s on corun's loop, all at once.
 *
 *     deno run -A bench/loop_sleep.ts COUNT [start|spawn]
 *
 * `start` (default) starts every task from one effect with `startChild`, the cheapest public way (it is
 * how the task runner starts declared tasks); `spawn` calls `group.spawn` once per task inside a
 * `taskGroup`, the way user code usually writes it. Prints one JSON line; `loop_suite.ts` times the
 * whole process under `/usr/bin/time`.
 * @module
 */
import { runOperation, sleep, startChild, taskGroup, withLoop } from "../lib/loop/mod.ts";

const SLEEP_MS = 1000;

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 100_000);
  const mode = Deno.args[1] ?? "start";
  if (!Number.isInteger(count) || count < 1 || (mode !== "start" && mode !== "spawn")) {
    console.error("usage: loop_sleep.ts COUNT [start|spawn]");
    Deno.exit(2);
  }
  const startedMs = performance.now();
  await runOperation(taskGroup(function* (group) {
    if (mode === "spawn") {
      for (let i = 0; i < count; i++) yield* group.spawn(sleep(SLEEP_MS));
    } else {
      // A sleep operation is its own iterator, so each task is one record plus one sleep object.
      yield* withLoop((scope, loop) => {
        for (let i = 0; i < count; i++) startChild(loop, sleep(SLEEP_MS), { parent: scope });
      });
    }
  }));
  const elapsedMs = performance.now() - startedMs;
  console.log(JSON.stringify({ runner: `corun-${mode}`, count, elapsedMs: Math.round(elapsedMs) }));
}
