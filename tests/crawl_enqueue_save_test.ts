// Where an enqueued page is saved is checked as `ctx.enqueue` is called, as a list's or a pattern's
// `save` is checked when the config loads: its own `save` must be a template an enqueued URL can be
// rendered from, and without one the task's `save` must tell pages apart, or every page enqueued
// would replace the task's own file. A crawler author learns of it at the line that enqueues,
// before anything more is fetched.
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, type Operation, run, type TaskContext } from "../mod.ts";
import type { FetchTaskOptions } from "../lib/config/define.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-enqueue-save-");

function site() {
  return startRouteServer({ "/seed": { body: "seed page" }, "/other": { body: "other page" } });
}

/** Runs one crawl task whose `onResponse` (on the seed only) enqueues `/other` as `enqueue` does. */
async function crawlOnce(
  outDir: string,
  seed: string,
  options: FetchTaskOptions,
  enqueue: (ctx: TaskContext) => Operation<boolean>,
) {
  const caught: (Error & { code?: string })[] = [];
  const answers: boolean[] = [];
  const report = await run(
    defineConfig({
      outDir,
      metadata: false,
      tasks: [fetchTask("crawl", seed, {
        ...options,
        *onResponse(response, ctx) {
          if (!response.url.endsWith("/seed")) return;
          try {
            answers.push(yield* enqueue(ctx));
          } catch (error) {
            caught.push(error as Error & { code?: string });
          }
        },
      })],
    }),
    { state: false },
  );
  return { report, caught, answers };
}

Deno.test("ctx.enqueue without a save, from a task whose save is a fixed path, throws: the seed's file stays the seed's", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    const { report, caught, answers } = await crawlOnce(
      outDir,
      server.url("/seed"),
      { save: "seed.txt" },
      (ctx) => ctx.enqueue("/other"),
    );
    assertEquals(answers, []);
    assertEquals(caught.map((error) => error.code), ["ENQUEUE_SAVE"]);
    assertEquals(
      caught[0].message,
      `Cannot enqueue ${server.url("/other")} for task "crawl": the task's save "seed.txt" does ` +
        "not tell pages apart (it has no {path}, {uuid}, {sha256}, {filename}): every page " +
        "enqueued would " +
        "replace the file before it, the task's own too; give ctx.enqueue a save of its own, or " +
        "give the task a save with {path}",
    );
    assertEquals(report.counts.done, 1);
    assertEquals(server.requests.map((request) => request.path), ["/seed"]);
    assertEquals(await Deno.readTextFile(`${outDir}/seed.txt`), "seed page");
  });
});

Deno.test("ctx.enqueue with a save template that cannot be rendered throws, naming the template and the problem", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    const { caught, answers } = await crawlOnce(
      outDir,
      server.url("/seed"),
      { save: "pages/{path}" },
      (ctx) => ctx.enqueue("/other", { save: "{nope}" }),
    );
    assertEquals(answers, []);
    assertEquals(caught.map((error) => error.code), ["ENQUEUE_SAVE"]);
    assertStringIncludes(
      caught[0].message,
      `Cannot enqueue ${server.url("/other")} for task "crawl": cannot use path template ` +
        '"{nope}" (column 1): unknown placeholder "{nope}"',
    );
    assertEquals(server.requests.map((request) => request.path), ["/seed"]);
  });
});

Deno.test("a fixed save given to ctx.enqueue itself saves the page there, beside the task's own", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    const { report, caught, answers } = await crawlOnce(
      outDir,
      server.url("/seed"),
      { save: "seed.txt" },
      (ctx) => ctx.enqueue("/other", { save: "other.txt" }),
    );
    assertEquals([caught, answers], [[], [true]]);
    assertEquals(report.tasks[0].items?.done, 2);
    assertEquals(await Deno.readTextFile(`${outDir}/seed.txt`), "seed page");
    assertEquals(await Deno.readTextFile(`${outDir}/other.txt`), "other page");
  });
});

Deno.test("ctx.enqueue without a save, from a task that saves by {filename}, saves each page under its own name", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    const { report, caught, answers } = await crawlOnce(
      outDir,
      server.url("/seed"),
      { save: "pages/{filename}" },
      (ctx) => ctx.enqueue("/other"),
    );
    assertEquals([answers, caught], [[true], []]);
    assertEquals(report.counts.done, 1);
    assertEquals(await Deno.readTextFile(`${outDir}/pages/seed`), "seed page");
    assertEquals(await Deno.readTextFile(`${outDir}/pages/other`), "other page");
  });
});
