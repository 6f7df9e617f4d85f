/**
 * A child `spawn`ed by a custom task or an `onResponse` never outlives it: when the task's code
 * returns with the child still running, the child is cancelled. The task ended done and nobody was
 * told; now the run warns, once per task, naming it, how many, and what to do instead.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, join, run, spawn, task, taskGroup } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-library-children-left-");

const ADVICE = "(a child never outlives its parent); wait for it with yield* join(child) before " +
  "returning, or start it in a taskGroup, which waits for its children";

Deno.test("a custom task or an onResponse that returns with spawned children running is a warning naming the task and the count, once per task", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1, // the pattern's pages one after another: "a" first
        tasks: [
          task("fireAndForget", function* (ctx) {
            yield* spawn(function* () {
              yield* ctx.sleep(200);
              yield* ctx.write("report.txt", "important");
            }());
          }),
          fetchTask("pages", server.url("/[a-b]"), {
            *onResponse(_response, ctx) {
              for (const n of [1, 2]) yield* spawn(ctx.sleep(60_000 * n));
            },
          }),
          // What the warning says to do: nothing to warn of.
          task("joined", function* (ctx) {
            const child = yield* spawn(ctx.write("joined.txt", "kept"));
            yield* join(child);
          }),
          task("grouped", function* (ctx) {
            yield* taskGroup(function* (group) {
              yield* group.spawn(ctx.write("grouped.txt", "kept"));
            });
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(
      report.warnings.toSorted(),
      [
        `Task "fireAndForget" ended with 1 spawned child still running: it was cancelled ${ADVICE}`,
        `Task "pages": its onResponse for ${
          server.url("/a")
        } ended with 2 spawned children still ` +
        `running: they were cancelled ${ADVICE}`,
      ].toSorted(),
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [
      ["fireAndForget", "done"],
      ["pages", "done"],
      ["joined", "done"],
      ["grouped", "done"],
    ]);
    const files = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files.sort(), ["grouped.txt", "joined.txt"]);
  });
});
