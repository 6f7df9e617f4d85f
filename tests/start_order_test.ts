import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  defineConfig,
  fetchTask,
  run,
  type RunEvent,
  type RunOptions,
  task,
  type TaskContext,
} from "../mod.ts";
import type { LiveRun } from "../lib/tasks/mod.ts";
import { pause, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

function slowSite() {
  return startScriptedServer({ routes: { "/slow": [pause(20), write(OK)] } });
}

const withOutDir = withTempDir("corun-start-order-");

Deno.test("fetch tasks beyond the concurrency limit wait in the frontier, shown as queued, in order", async () => {
  await using server = slowSite();
  await withOutDir(async (outDir) => {
    const names = ["f0", "f1", "f2", "f3", "f4", "f5"];
    let live: LiveRun | undefined;
    let running = 0;
    let mostRunning = 0;
    const started: string[] = [];
    let snapshot: ReturnType<LiveRun["snapshot"]> | undefined;
    const onEvent = (event: RunEvent) => {
      if (event.type === "task-start" && event.kind === "fetch") {
        started.push(event.name);
        mostRunning = Math.max(mostRunning, ++running);
      }
      if (event.type === "task-end" && event.result.kind === "fetch") {
        running--;
        snapshot ??= live!.snapshot();
      }
    };
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 2,
        tasks: names.map((name) => fetchTask(name, server.url("/slow"))),
      }),
      { state: false, onEvent, onStart: (run) => (live = run) },
    );
    assertEquals(report.counts.done, 6);
    assertEquals(mostRunning, 2);
    assertEquals(started, names);
    const waiting = snapshot!.filter((task) => task.phase === "waiting" && task.kind === "fetch");
    assert(waiting.length >= 3, "tasks not started yet are listed as waiting");
    assertEquals(new Set(waiting.map((task) => task.detail)), new Set(["queued"]));
  });
});

Deno.test("cancelling a run leaves the fetch tasks that never got a slot cancelled, never started", async () => {
  await using server = slowSite();
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: ["a", "b", "c"].map((name) => fetchTask(name, server.url("/slow"))),
      }),
      {
        state: false,
        signal: controller.signal,
        onEvent: (event) => event.type === "task-end" && controller.abort(),
      },
    );
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [
      ["a", "done"],
      ["b", "cancelled"],
      ["c", "cancelled"],
    ]);
    assertEquals(report.tasks.slice(2).map((t) => t.startMs), [null]);
  });
});

/** A custom task that takes `ms` of (virtual) time. */
const work = (ms: number) =>
  function* (ctx: TaskContext) {
    yield* ctx.sleep(ms);
  };

Deno.test("with one slot, custom tasks' fetches take turns in declaration order, dependents last", async () => {
  await using server = slowSite();
  for (const withAfter of [false, true]) {
    const order: string[] = [];
    const fetchOnce = (name: string) =>
      function* (ctx: TaskContext) {
        yield* ctx.fetch(server.url("/slow"));
        order.push(name);
      };
    await withOutDir((outDir) =>
      run(
        defineConfig({
          outDir,
          metadata: false,
          concurrency: 1,
          tasks: [
            ...["a", "b", "c", "d"].map((name) => task(name, fetchOnce(name))),
            ...(withAfter ? [task("e", fetchOnce("e"), { after: ["d"] })] : []),
          ],
        }),
        { state: false },
      )
    );
    assertEquals(order, withAfter ? ["a", "b", "c", "d", "e"] : ["a", "b", "c", "d"]);
  }
});

Deno.test("a custom task holds no slot while it only sleeps: with one slot, two run side by side", async () => {
  const starts: [string, number][] = [];
  await withOutDir((outDir) =>
    run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: ["a", "b"].map((name) => task(name, work(10))),
      }),
      {
        virtualTime: true,
        state: false,
        onEvent: (event) => event.type === "task-start" && starts.push([event.name, event.atMs]),
      },
    )
  );
  assertEquals(starts, [["a", 0], ["b", 0]]);
});

/** Custom tasks `a` and `b` of 10 ms each, one slot between them, on the virtual clock. */
function runTwoWithOnePermit(options: RunOptions) {
  return withOutDir((outDir) =>
    run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: ["a", "b"].map((name) => task(name, work(10))),
      }),
      { virtualTime: true, state: false, ...options },
    )
  );
}

Deno.test("a task never started is shown cancelled, not waiting, once the run is over", async () => {
  const controller = new AbortController();
  let live: LiveRun | undefined;
  await runTwoWithOnePermit({
    signal: controller.signal,
    onStart: (run) => (live = run),
    onEvent: (event) => event.type === "task-end" && controller.abort(),
  });
  assertEquals(live!.snapshot().map((t) => [t.name, t.phase, t.detail]), [
    ["a", "done", ""],
    ["b", "cancelled", ""],
  ]);
});

Deno.test("an observer that throws when a task starts is a warning, and the task runs", async () => {
  const report = await runTwoWithOnePermit({
    onEvent: (event) => {
      if (event.type === "task-start" && event.name === "a") throw new Error("observer broke");
    },
  });
  assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.message]), [
    ["a", "done", undefined],
    ["b", "done", undefined],
  ]);
  assertEquals(report.warnings, ['A run listener failed on the start of "a": observer broke']);
});
