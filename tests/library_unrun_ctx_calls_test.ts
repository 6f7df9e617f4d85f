/**
 * A `ctx` method returns an operation, which runs only under `yield*`. `await ctx.write(...)` in an
 * async `onResponse` (which type-checks), or a call without `yield*`, writes nothing; the task
 * ended done and nobody was told. Now the run warns, once per task, naming the call.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleep, task, taskGroup } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("ctx calls never run (await in an async onResponse, no yield*) are a warning naming the call, once per task", async () => {
  await using server = startRouteServer({
    "/a": { body: "a" },
    "/b": { body: "b" },
    "/c": { body: "c" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-unrun-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1, // the pattern's pages one after another: "a" first
        tasks: [
          fetchTask("awaited", server.url("/[a-c]"), {
            async onResponse(response, ctx) {
              await ctx.write(`${response.url.slice(-1)}.txt`, "page");
            },
          }),
          task("unyielded", function* (ctx) {
            ctx.sleep(1);
            ctx.fetch(server.url("/a"));
            yield* ctx.write("yielded.txt", "kept");
          }),
          task("yielded", function* (ctx) {
            const page = yield* ctx.fetch(server.url("/b"));
            yield* ctx.write("b.txt", page.text());
          }),
        ],
      }),
      { state: false },
    );
    const hint = (method: string) =>
      "never ran: a ctx method returns an operation, which runs only under yield* in a " +
      `generator function (yield* ctx.${method}(...) in function*); await, or a call without ` +
      "yield*, does not";
    assertEquals(report.warnings.toSorted(), [
      `Task "awaited": ctx.write "a.txt" ${hint("write")}`,
      `Task "unyielded": ctx.sleep 1 ms (of 2 calls) ${hint("sleep")}`,
    ]);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [
      ["awaited", "done"],
      ["unyielded", "done"],
      ["yielded", "done"],
    ]);
    const files = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files.sort(), ["b.txt", "yielded.txt"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("group.spawn never run (no yield*) in a task or an onResponse is a warning naming it, as a ctx call's is", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-unrun-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("spawner", function* () {
            yield* taskGroup(function* (group) {
              group.spawn(function* () {
                throw new Error("g1");
              }());
              yield* group.spawn(sleep(1)); // run: not counted
            });
          }),
          fetchTask("page", server.url("/a"), {
            *onResponse() {
              yield* taskGroup(function* (group) {
                group.spawn(sleep(1), { name: "nap" });
              });
            },
          }),
        ],
      }),
      { state: false },
    );
    const hint = "never ran: group.spawn returns an operation, which runs only under yield* in a " +
      "generator function (yield* group.spawn(...) in function*); await, or a call without " +
      "yield*, does not";
    assertEquals(report.warnings.toSorted(), [
      `Task "page": group.spawn "nap" ${hint}`,
      `Task "spawner": group.spawn ${hint}`,
    ]);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["spawner", "done"], [
      "page",
      "done",
    ]]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
