/**
 * The `onAttempt` option of one `ctx.fetch` or `ctx.request` is the caller's listener, told as the
 * run's own listeners are: one that throws, or an `async` one whose promise rejects, is a warning of
 * the run naming the task and the URL. An async one's rejection used to be unhandled, which ended the
 * whole process and every other task with it; a throw failed the fetch from inside the client.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, sleepTask, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a ctx.fetch or ctx.request onAttempt that throws or rejects is a warning; every task runs on", async () => {
  await using server = startRouteServer({ "/page": { body: "hello" } });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-on-attempt-" });
  try {
    const texts: string[] = [];
    let told = 0;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("rejects", function* (ctx) {
            const page = yield* ctx.fetch(url, {
              onAttempt: async () => {
                await Promise.resolve();
                throw new Error("async listener broke");
              },
            });
            texts.push(page.text());
          }),
          task("throws", function* (ctx) {
            const response = yield* ctx.request(url, {
              onAttempt: () => {
                throw new Error("listener broke");
              },
            });
            texts.push(new TextDecoder().decode(yield* response.body.bytes()));
          }),
          task("counts", function* (ctx) {
            yield* ctx.fetch(url, { onAttempt: () => void told++ });
          }),
          sleepTask("other", "200ms"),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.message]), [
      ["rejects", "done", undefined],
      ["throws", "done", undefined],
      ["counts", "done", undefined],
      ["other", "done", undefined],
    ]);
    assertEquals(texts, ["hello", "hello"]);
    assertEquals(told, 1);
    assertEquals(report.warnings.toSorted(), [
      `The onAttempt of task "rejects" failed on an attempt of ctx.fetch "${url}": async listener broke`,
      `The onAttempt of task "throws" failed on an attempt of ctx.request "${url}": listener broke`,
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
