/**
 * `call` takes a function that starts the work (`call(() => work())`), and `action` a plain begin
 * that returns its teardown. Given the promise itself (`call(work())`, as "await a promise"
 * invites), `call` used to fail its task with "this[#invoke] is not a function", and an `async`
 * begin of `action` with "teardown is not a function"; either left a rejection unhandled, which
 * ended the whole process: the run's other tasks died with it and `run()` never returned. Now the
 * task fails with a TypeError saying how to write it, and the other tasks run on.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { action, call, defineConfig, run, sleepTask, task } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

Deno.test("call() given a rejected promise fails only its own task, with a TypeError saying how to call it", async () => {
  const report = await run(
    defineConfig({
      metadata: false,
      tasks: [
        task("upload", function* () {
          const work = Promise.reject(new Error("upload refused"));
          yield* call(work as unknown as () => Promise<void>, "the upload");
        }),
        sleepTask("other", "2s"),
      ],
    }),
    { virtualTime: true, state: false },
  );
  // A turn of the host's event loop: an unhandled rejection would end the test here.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]), [
    [
      "upload",
      "failed",
      "Cannot wait on the upload: call() expects a function that starts the work and returns its " +
      "promise, call(() => work()), got a promise (at library_promise_to_loop_test.ts)",
    ],
    ["other", "done", undefined],
  ]);
});

Deno.test("action() whose begin is async fails only its own task, with a TypeError saying what to write", async () => {
  const report = await run(
    defineConfig({
      metadata: false,
      tasks: [
        task("watch", function* () {
          const begin = async (_resolve: (value: void) => void) => {
            await Promise.resolve();
            throw new Error("watch refused");
          };
          yield* action(begin as unknown as () => void, "the watch");
        }),
        sleepTask("other", "2s"),
      ],
    }),
    { virtualTime: true, state: false },
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.message]), [
    [
      "watch",
      "failed",
      "Cannot wait on the watch: action()'s begin returned a promise (an async function?); it " +
      "must return its teardown (a function), or nothing; to await a promise use call(() => work())",
    ],
    ["other", "done", undefined],
  ]);
});
