/**
 * What a run's tasks may save to, whatever the way they write: a 304 keeps its file for its task, a
 * path is one file however it is spelt, corun's own files (wherever the command line puts them) are
 * nobody's to replace, and `ctx.write` / `ctx.append` claim their files as a fetch's `save` does.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-claims-");

Deno.test("a 304 claims its file: over three runs the second task never replaces the first's unchanged page", async () => {
  await using server = startRouteServer({
    "/page": (request) => {
      const etag = `"${request.path}"`;
      return request.headers.get("if-none-match") === etag
        ? { status: 304, headers: { ETag: etag } }
        : { headers: { ETag: etag }, body: `body of ${request.path}` };
    },
  });
  await withOutDir(async (outDir) => {
    // The second task's list line names the first's file: only the run sees that (a config error
    // otherwise, as two templates of known URLs rendering one file are).
    const host = `127.0.0.1_${new URL(server.url()).port}`;
    await Deno.writeTextFile(`${outDir}/second.txt`, `${server.url("/page?id=2")}\t${host}/page\n`);
    const config = defineConfig({
      outDir,
      concurrency: 1,
      metadata: false,
      tasks: [
        fetchTask("first", server.url("/page?id=1"), { save: "{host}/{path}" }),
        { name: "second", fetch: { urls: `${outDir}/second.txt` }, after: ["first"] },
      ],
    });
    const page = `${outDir}/${host}/page`;
    const seen = [];
    for (let runNo = 1; runNo <= 3; runNo++) {
      const report = await run(config);
      seen.push([
        ...report.tasks.map((t) =>
          `${t.name} ${t.outcome}${t.fetch?.unchanged ? " unchanged" : ""} ${t.error?.code ?? ""}`
        ),
        await Deno.readTextFile(page),
      ]);
    }
    const expectedLater = [
      "first done unchanged ",
      "second failed SAVE_COLLISION",
      "body of /page?id=1",
    ];
    assertEquals(seen, [
      ["first done ", "second failed SAVE_COLLISION", "body of /page?id=1"],
      expectedLater,
      expectedLater,
    ]);
  });
});

Deno.test("metadata: sub/../meta.jsonl and a {filename} of meta.jsonl are one file: the save fails, the log stays a log", async () => {
  await using server = startRouteServer({ "/meta.jsonl": { body: "BODY, NOT A LOG\n" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: "sub/../meta.jsonl",
        tasks: [fetchTask("meta", server.url("/meta.jsonl"), { save: "{filename}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].error?.code, "SAVE_COLLISION");
    assert(report.tasks[0].error!.message.includes("corun's metadata log"));
    const lines = (await Deno.readTextFile(`${outDir}/meta.jsonl`)).trim().split("\n");
    assertEquals(lines.map((line) => JSON.parse(line).error?.code), ["SAVE_COLLISION"]);
  });
});

Deno.test("a state file moved into the output directory, and the files a caller names, are not saved over", async () => {
  await using server = startRouteServer({ "/x": { body: "BODY" } });
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/run.log`, "the log\n");
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("state", server.url("/x?state"), { save: "{name}/x.json" }),
          fetchTask("run", server.url("/x"), { save: "./{name}.log" }),
          task("writer", function* (ctx) {
            yield* ctx.write("./run.log", "replaced\n");
          }),
          task("appender", function* (ctx) {
            yield* ctx.append("run.log", "appended\n");
          }),
        ],
      }),
      {
        state: `${outDir}/state/x.json`,
        ownFiles: [{ path: `${outDir}/run.log`, role: "corun's log file" }],
      },
    );
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.error?.code]),
      [
        ["state", "failed", "SAVE_COLLISION"],
        ["run", "failed", "SAVE_COLLISION"],
        ["writer", "failed", "SAVE_COLLISION"],
        ["appender", "failed", "SAVE_COLLISION"],
      ],
    );
    assert(report.tasks[0].error!.message.includes("corun's state file"));
    assert(report.tasks[2].error!.message.includes("corun's log file"));
    assertEquals(await Deno.readTextFile(`${outDir}/run.log`), "the log\n");
  });
});

Deno.test("ctx.write claims its file: a second task writing it fails, a task rewriting its own file does not", async () => {
  await using server = startRouteServer({ "/x": { body: "fetched" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        metadata: false,
        tasks: [
          task("owner", function* (ctx) {
            yield* ctx.write("shared.txt", "one");
            yield* ctx.write("shared.txt", "owner's");
          }),
          task("intruder", function* (ctx) {
            yield* ctx.write("./shared.txt", "intruder's");
          }),
          task("appender", function* (ctx) {
            yield* ctx.append("shared.txt", "more");
          }),
          fetchTask("fetcher", server.url("/x"), { save: "{name}.txt", after: ["owner"] }),
          task("fetcher-writer", function* (ctx) {
            yield* ctx.write("fetcher.txt", "written");
          }, { after: ["fetcher"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.code]), [
      ["owner", "done", undefined],
      ["intruder", "failed", "SAVE_COLLISION"],
      ["appender", "failed", "SAVE_COLLISION"],
      ["fetcher", "done", undefined],
      ["fetcher-writer", "failed", "SAVE_COLLISION"],
    ]);
    assert(report.tasks[1].error!.message.includes('task "owner"'));
    assertEquals(await Deno.readTextFile(`${outDir}/shared.txt`), "owner's");
    assertEquals(await Deno.readTextFile(`${outDir}/fetcher.txt`), "fetched");
  });
});

Deno.test("ctx.append: a task appends to its file repeatedly, several tasks append to one file, a writer of it fails", async () => {
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        metadata: false,
        tasks: [
          task("a", function* (ctx) {
            yield* ctx.append("lines.txt", "a1\n");
            yield* ctx.append("lines.txt", "a2\n");
          }),
          task("b", function* (ctx) {
            yield* ctx.append("lines.txt", "b1\n");
          }, { after: ["a"] }),
          task("c", function* (ctx) {
            yield* ctx.write("lines.txt", "c replaced it\n");
          }, { after: ["b"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => [t.name, t.outcome, t.error?.code]), [
      ["a", "done", undefined],
      ["b", "done", undefined],
      ["c", "failed", "SAVE_COLLISION"],
    ]);
    assert(report.tasks[2].error!.message.includes('tasks "a" and others append to that path'));
    assertEquals(await Deno.readTextFile(`${outDir}/lines.txt`), "a1\na2\nb1\n");
  });
});
