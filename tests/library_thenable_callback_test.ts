/**
 * An `onResponse` may return a promise, which is awaited: any thenable is, as `await` takes it (a
 * promise of another promise library, or of another realm, is not `instanceof Promise`). One that
 * was not awaited let its fetch end before the callback's work, and its rejection was lost: the
 * task was done.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, type FetchTaskInput, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

/** A thenable as promise libraries make them: `then` calls back later, as a promise does. */
function thenable(settle: (resolve: () => void, reject: (error: Error) => void) => void) {
  return {
    then(onResolved: () => void, onRejected: (error: Error) => void) {
      setTimeout(() => settle(onResolved, onRejected), 0);
    },
  };
}

/** What a JavaScript user can return: no `Promise` type. */
const untyped = (fn: unknown) => fn as FetchTaskInput["onResponse"];

Deno.test("an onResponse that returns a thenable is awaited: its work ends before its fetch, its rejection fails it", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-thenable-" });
  try {
    const happened: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("resolves", server.url("/page"), {
            onResponse: untyped(() =>
              thenable((resolve) => {
                happened.push("callback finished");
                resolve();
              })
            ),
          }),
          fetchTask("rejects", server.url("/page"), {
            onResponse: untyped(() =>
              thenable((_resolve, reject) => reject(new Error("the page had no table")))
            ),
          }),
        ],
      }),
      {
        state: false,
        onEvent: (event) => {
          if (event.type === "task-end" && event.result.name === "resolves") {
            happened.push("task ended");
          }
        },
      },
    );
    assertEquals(happened, ["callback finished", "task ended"]);
    // The rejection is the callback's own error: by its name and where, as a custom task's.
    assertEquals(
      report.tasks.map((task) => [task.name, task.outcome, testFilePlace(task.error?.message)]),
      [
        ["resolves", "done", undefined],
        [
          "rejects",
          "failed",
          "Error: the page had no table (at library_thenable_callback_test.ts)",
        ],
      ],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
