/**
 * A task's code that throws something other than an Error, or yields something other than an
 * operation, fails only its own task, with a message that shows what it was. A thrown object without
 * a prototype, or one yielded, used to make `String()` throw inside the loop or the report, which
 * ended the whole process and every other task; a thrown `{ code: 3 }` read "[object Object]", and
 * `yield ctx.fetch(url)` (no `*`) "it yielded [object Object]".
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleep, sleepTask, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a task that throws or yields a value of the wrong kind fails alone, the value shown", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-thrown-values-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("object", function* () {
            yield* sleep(1);
            throw { code: 3, reason: "quota" };
          }),
          task("no-prototype", function* () {
            yield* sleep(1);
            throw Object.create(null);
          }),
          task("yields-no-prototype", function* () {
            yield Object.create(null) as never;
          }),
          task("yields-without-star", function* (ctx) {
            yield ctx.fetch(url) as never;
          }),
          fetchTask("callback", url, {
            *onResponse(response) {
              yield* response.body.bytes();
              throw Object.create(null);
            },
          }),
          sleepTask("other", "100ms"),
        ],
      }),
      { state: false },
    );
    const unrun = "use yield* with an operation";
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.message]), [
      ["object", "failed", '{ code: 3, reason: "quota" }'],
      ["no-prototype", "failed", "[Object: null prototype] {}"],
      [
        "yields-no-prototype",
        "failed",
        `Cannot run task "yields-no-prototype": it yielded a value of type object; ${unrun}`,
      ],
      [
        "yields-without-star",
        "failed",
        `Cannot run task "yields-without-star": it yielded an operation with yield; ${unrun}`,
      ],
      ["callback", "failed", "[Object: null prototype] {}"],
      ["other", "done", undefined],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
