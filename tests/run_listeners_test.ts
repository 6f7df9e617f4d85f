// A run's listeners (`onStart`, `onEvent`, `onWarning`, `onAttempt`) are the caller's code: one that
// throws is a warning of the run, whatever it was told, and the run goes on with nothing left undone. A
// listener that throws on a warning is kept in the report's warnings and told to no one (never a
// warning about a warning, forever). An async listener whose promise rejects is warned of alike. And
// no warning ever shows a URL's credentials.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  defineConfig,
  fetchTask,
  run,
  type RunOptions,
  sleepTask,
  task,
  validateConfig,
} from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-run-listeners-");

/** A sleep, a sleep after it, a custom task that logs, and a fetch: every kind of task. */
async function runEveryKind(options: RunOptions) {
  await using server = startRouteServer({ "/page": { body: "page" } });
  return await withOutDir((outDir) =>
    run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          sleepTask("first", "1s"),
          sleepTask("second", "1s", { after: ["first"] }),
          task("custom", function* (ctx) {
            ctx.log("hello");
            yield* ctx.sleep(10);
          }),
          fetchTask("page", server.url("/page")),
        ],
      }),
      { state: false, virtualTime: true, ...options },
    )
  );
}

const outcomes = (report: Awaited<ReturnType<typeof run>>) =>
  report.tasks.map((result) => [result.name, result.outcome, result.error?.message]);

const EVERY_TASK_DONE = [
  ["first", "done", undefined],
  ["second", "done", undefined],
  ["custom", "done", undefined],
  ["page", "done", undefined],
];

Deno.test("an onStart that throws is a warning: run() resolves once every task has run", async () => {
  const report = await runEveryKind({
    onStart: () => {
      throw new Error("view broke");
    },
  });
  assertEquals(outcomes(report), EVERY_TASK_DONE);
  assertEquals(report.warnings, ["A run listener failed on the start of the run: view broke"]);
});

Deno.test("an onEvent that throws on every task's start is a warning each time: every task runs", async () => {
  const report = await runEveryKind({
    onEvent: (event) => {
      if (event.type === "task-start") throw new Error(`no start for ${event.name}`);
    },
  });
  assertEquals(report.interrupted, false);
  assertEquals(outcomes(report), EVERY_TASK_DONE);
  assertEquals(report.warnings.toSorted(), [
    'A run listener failed on the start of "custom": no start for custom',
    'A run listener failed on the start of "first": no start for first',
    'A run listener failed on the start of "page": no start for page',
    'A run listener failed on the start of "second": no start for second',
  ]);
});

Deno.test("an onEvent that throws on a task's log line is a warning, not the task's failure", async () => {
  const report = await runEveryKind({
    onEvent: (event) => {
      if (event.type === "log") throw new Error("no logs");
    },
  });
  assertEquals(outcomes(report), EVERY_TASK_DONE);
  assertEquals(report.warnings, ['A run listener failed on a log line of "custom": no logs']);
});

Deno.test("an async onStart or onEvent whose promise rejects is a warning, not the end of the process", async () => {
  // An async function is a listener by its type; its rejection, unhandled, used to end the process.
  const report = await runEveryKind({
    onStart: async () => {
      await Promise.resolve(); // a listener that writes somewhere first
      throw new Error("view broke");
    },
    onEvent: async (event) => {
      await Promise.resolve();
      if (event.type === "task-start") throw new Error(`no start for ${event.name}`);
    },
  });
  assertEquals(outcomes(report), EVERY_TASK_DONE);
  assertEquals(report.warnings.toSorted(), [
    'A run listener failed on the start of "custom": no start for custom',
    'A run listener failed on the start of "first": no start for first',
    'A run listener failed on the start of "page": no start for page',
    'A run listener failed on the start of "second": no start for second',
    "A run listener failed on the start of the run: view broke",
  ]);
});

Deno.test("an onAttempt that throws is a warning each time: no fetch worker stops, no ctx.fetch fails", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  // Not caught, its error stopped the one fetch worker after its first fetch, and the run waited
  // for the other two forever: the test would hang without this deadline.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), 10_000);
  try {
    const report = await withOutDir((outDir) =>
      run(
        defineConfig({
          outDir,
          metadata: false,
          concurrency: 1,
          tasks: [
            fetchTask("pages", server.url("/page?n=[1-3]")),
            task("custom", function* (ctx) {
              yield* ctx.fetch(server.url("/page"));
            }),
          ],
        }),
        {
          state: false,
          signal: deadline.signal,
          onAttempt: (attempt) => {
            throw new Error(`no trace for ${attempt.url.slice(attempt.url.indexOf("/page"))}`);
          },
        },
      )
    );
    assertEquals(report.interrupted, false);
    assertEquals(outcomes(report), [["pages", "done", undefined], ["custom", "done", undefined]]);
    assertEquals(report.warnings.toSorted(), [
      'A run listener failed on an attempt of "custom": no trace for /page',
      'A run listener failed on an attempt of "pages": no trace for /page?n=1',
      'A run listener failed on an attempt of "pages": no trace for /page?n=2',
      'A run listener failed on an attempt of "pages": no trace for /page?n=3',
    ]);
  } finally {
    clearTimeout(timer);
  }
});

/** A run whose only warning is its insecure task's: a plan, so nothing is fetched. */
function runWithOneWarning(options: RunOptions) {
  return withOutDir((outDir) =>
    run(
      defineConfig({
        outDir,
        tasks: [fetchTask("lax", "https://127.0.0.1:9/", { insecure: true })],
      }),
      { state: false, dryRun: true, ...options },
    )
  );
}

const INSECURE =
  'Task "lax": TLS hostname verification is OFF (insecure: true) for https://127.0.0.1:9/';

Deno.test("an onWarning that throws does not take the run down; its failure is kept in the report, told to no one", async () => {
  const told: string[] = [];
  const report = await runWithOneWarning({
    onWarning: (message) => {
      told.push(message);
      throw new Error("no warnings");
    },
  });
  assertEquals(report.counts.done, 1);
  assertEquals(told, [INSECURE]);
  assertEquals(report.warnings, [INSECURE, "A run listener failed on a warning: no warnings"]);
});

Deno.test("an onEvent that throws on a warning event does not take the run down either", async () => {
  const warningEvents: string[] = [];
  const report = await runWithOneWarning({
    onEvent: (event) => {
      if (event.type !== "warning") return;
      warningEvents.push(event.message);
      throw new Error("no warning events");
    },
  });
  assertEquals(report.counts.done, 1);
  assertEquals(warningEvents, [INSECURE]);
  assertEquals(report.warnings, [
    INSECURE,
    "A run listener failed on a warning: no warning events",
  ]);
});

Deno.test("an async onWarning whose promise rejects has its failure kept in the report, told to no one", async () => {
  const told: string[] = [];
  const report = await runWithOneWarning({
    onWarning: async (message) => {
      told.push(message);
      await Promise.resolve();
      throw new Error("no warnings");
    },
  });
  assertEquals(report.counts.done, 1);
  assertEquals(told, [INSECURE]);
  assertEquals(report.warnings, [INSECURE, "A run listener failed on a warning: no warnings"]);
});

Deno.test("the insecure: true warning never shows the credentials a URL carries", async () => {
  const config = validateConfig({
    tasks: [{ name: "lax", fetch: "https://127.0.0.1:9/feed", insecure: true }],
  }, "inline");
  // A config file cannot hold one (it is a config error), but a spec made in code can.
  const [spec] = config.tasks;
  if (spec.kind === "fetch") spec.request.url = "https://user:s3cret@127.0.0.1:9/feed";
  await withOutDir(async (outDir) => {
    const report = await run({ ...config, outDir }, { state: false, dryRun: true });
    assertEquals(report.warnings, [
      'Task "lax": TLS hostname verification is OFF (insecure: true) for https://***@127.0.0.1:9/feed',
    ]);
  });
});

Deno.test("an async onEvent that rejects after run() resolved is said on stderr, naming the listener: not an unhandled rejection, not a warning nobody reads", async () => {
  const { promise: runReturned, resolve: returned } = Promise.withResolvers<void>();
  let listening: Promise<void> | undefined;
  const told: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void told.push(args);
  try {
    const report = await withOutDir((outDir) =>
      run(defineConfig({ outDir, metadata: false, tasks: [sleepTask("nap", "1s")] }), {
        virtualTime: true,
        state: false,
        onEvent: (event) => {
          if (event.type !== "task-end") return;
          listening = (async () => {
            await runReturned; // it writes somewhere slow: the run is over by then
            throw new Error("late async reject");
          })();
          return listening;
        },
      })
    );
    const warningsAtReturn = [...report.warnings];
    returned();
    await listening!.catch(() => {}); // the run's handler was attached first: it has run
    assertEquals(report.warnings, warningsAtReturn);
    assertEquals(told, [[
      'corun: after the run ended: A run listener failed on the end of "nap": late async reject',
    ]]);
  } finally {
    console.error = consoleError;
  }
});
