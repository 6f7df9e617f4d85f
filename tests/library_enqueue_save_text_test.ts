/**
 * A `save` given to `ctx.enqueue` that is not text (from JavaScript: `{ save: 5 }`) throws
 * `EnqueueSaveError` at the enqueue, as a template that does not parse does. It used to be queued
 * (`enqueue` said `true`), fetched, and then failed the task with "template.includes is not a
 * function" once the page was to be saved.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, EnqueueSaveError, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("ctx.enqueue with a save that is not text throws EnqueueSaveError and fetches nothing", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-enqueue-save-" });
  try {
    const caught: unknown[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("crawl", function* (ctx) {
            try {
              yield* ctx.enqueue(server.url("/page"), { save: 5 as unknown as string });
            } catch (error) {
              caught.push(error);
            }
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(caught.length, 1);
    const error = caught[0] as EnqueueSaveError;
    assertEquals(error instanceof EnqueueSaveError, true);
    assertEquals(error.code, "ENQUEUE_SAVE");
    assertEquals(
      error.message,
      `Cannot enqueue ${server.url("/page")} for task "crawl": expected its save as a path ` +
        "template (text), got a value of type number",
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["crawl", "done"]]);
    assertEquals(server.requests.length, 0);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
