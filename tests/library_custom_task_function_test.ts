/**
 * A custom task whose function is not a generator function (an `async` function, which `deno run`
 * does not type-check away in a TypeScript config; a plain function) is refused: an async one by
 * the config's check, one that returns no operation by its own task, with an error that says how to
 * write one, and the run goes on. An async function that rejected used to
 * end the whole process with an uncaught error: `run()` never settled and no task was reported.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  ConfigError,
  type ConfigIssue,
  type CustomTaskInput,
  defineConfig,
  run,
  sleepTask,
  task,
} from "../mod.ts";

/** What a JavaScript user, or a TypeScript config run without a type check, can pass. */
const untyped = (fn: unknown) => fn as CustomTaskInput["run"];

Deno.test("a custom task whose function is async or returns no operation fails itself, saying to write function*", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-custom-fn-" });
  const rejected = Promise.withResolvers<void>();
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          // An `async` function itself is the config's error (below); one that returns what an
          // async function would is found only when the task runs.
          task(
            "async",
            untyped(() =>
              (async () => {
                await Promise.resolve();
                rejected.resolve();
                throw new Error("rejected after the task was refused");
              })()
            ),
          ),
          task("plain", untyped(() => undefined)),
          task(
            "async-generator",
            untyped(() =>
              (async function* () {
                yield 1;
              })()
            ),
          ),
          sleepTask("nap", "1s"),
        ],
      }),
      { virtualTime: true, state: false },
    );
    await rejected.promise; // its rejection is handled: the test's process is still here
    const refused = (name: string, returned: string) =>
      `Cannot run task "${name}": its function returned ${returned}, not an operation; write it ` +
      "as a generator function, function* (ctx) { ... }, that waits with yield* " +
      "(yield* ctx.fetch(url)), not await";
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.error?.message]),
      [
        ["async", "failed", refused("async", "a promise (an async function?)")],
        ["plain", "failed", refused("plain", "undefined")],
        ["async-generator", "failed", refused("async-generator", "an async generator")],
        ["nap", "done", undefined],
      ],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("an async function as a custom task's run is a config error: the task could never run", async () => {
  const config = defineConfig({
    tasks: [
      task("fetcher", untyped(async () => await Promise.resolve())),
      task(
        "lister",
        untyped(async function* () {
          yield 1;
        }),
      ),
      task("fine", function* () {}),
    ],
  });
  const error = await assertRejects(() => run(config, { state: false }), ConfigError);
  const asyncRun = "expected a generator function, got an async one: write function* (ctx) " +
    "{ ... }, that waits with yield* (yield* ctx.fetch(url)), not await (what an async function " +
    "returns is not an operation: the task would fail every run)";
  assertEquals(error.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [
    ["tasks[0].run", asyncRun],
    ["tasks[1].run", asyncRun],
  ]);
});
