/**
 * A path one save of a run needs as a file and another as a folder (`a/b` and `a/b/c.html`), where
 * only the run can know it (a list's names, `{ext}` from a Content-Type): the second fails with
 * `SAVE_COLLISION` naming the other fetch (in a run of several writing tasks at its claim, before
 * any byte is written; in a run of one, when its save meets the other), and the first file stays. What the config alone decides is a config error (lib/config/save_collisions_test.ts).
 * A file or folder already there before the run is met as it always was.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-file-folder-");

const ADVICE = "a path cannot be both a file and a folder: save one of them under another name";

/** Runs one list task over `lines` (`URL<TAB>NAME`), one fetch at a time. */
async function runList(outDir: string, lines: string[]) {
  await Deno.writeTextFile(`${outDir}/urls.txt`, lines.map((line) => `${line}\n`).join(""));
  return await run(
    defineConfig({
      outDir,
      concurrency: 1,
      tasks: [{ name: "list", fetch: { urls: `${outDir}/urls.txt` } }],
    }),
    { state: false },
  );
}

/** The error codes of the run's metadata lines, in order. */
async function loggedCodes(outDir: string): Promise<(string | undefined)[]> {
  const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
  return lines.map((line) => JSON.parse(line).error?.code);
}

Deno.test("a list naming a/b, then a/b/c.html: the second fails with SAVE_COLLISION naming the first fetch; a/b stays, nothing else is left", async () => {
  await using server = startRouteServer({ "/1": { body: "one" }, "/2": { body: "two" } });
  await withOutDir(async (outDir) => {
    const report = await runList(outDir, [
      `${server.url("/1")}\ta/b`,
      `${server.url("/2")}\ta/b/c.html`,
    ]);
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].items, { total: 2, done: 1, failed: 1, cancelled: 0, skipped: 0 });
    const error = report.tasks[0].error!;
    assertEquals(error.code, "SAVE_COLLISION");
    assert(
      error.message.endsWith(
        `Cannot save "a/b/c.html" for task "list": its folder "a/b" is a file the fetch of ` +
          `${server.url("/1")} (task "list") saves in this run; ${ADVICE}`,
      ),
      error.message,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/a/b`), "one");
    assertEquals(await listFiles(outDir), ["a/b", "corun.jsonl", "urls.txt"]);
    assertEquals(await loggedCodes(outDir), [undefined, "SAVE_COLLISION"]);
  });
});

Deno.test("a list naming a/b/c.html, then a/b: the second fails with SAVE_COLLISION naming the first fetch; a/b/c.html stays, nothing else is left", async () => {
  await using server = startRouteServer({ "/1": { body: "one" }, "/2": { body: "two" } });
  await withOutDir(async (outDir) => {
    const report = await runList(outDir, [
      `${server.url("/1")}\ta/b/c.html`,
      `${server.url("/2")}\ta/b`,
    ]);
    assertEquals(report.tasks[0].outcome, "failed");
    const error = report.tasks[0].error!;
    assertEquals(error.code, "SAVE_COLLISION");
    assert(
      error.message.endsWith(
        `Cannot save "a/b" for task "list": it is the folder of "a/b/c.html", which the fetch of ` +
          `${server.url("/1")} (task "list") saves in this run; ${ADVICE}`,
      ),
      error.message,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/a/b/c.html`), "one");
    assertEquals(await listFiles(outDir), ["a/b/c.html", "corun.jsonl", "urls.txt"]);
    assertEquals(await loggedCodes(outDir), [undefined, "SAVE_COLLISION"]);
  });
});

Deno.test("{path}.{ext} rendering x.bin from the Content-Type, beside another task saving x.bin/y: the later task fails with SAVE_COLLISION, whichever runs first", async (t) => {
  for (const order of ["file first", "folder first"]) {
    await t.step(order, async () => {
      await using server = startRouteServer({
        "/x": { headers: { "Content-Type": "application/octet-stream" }, body: "x body" },
        "/y": { body: "y body" },
      });
      await withOutDir(async (outDir) => {
        const file = fetchTask("file", server.url("/x"), { save: "{path}.{ext}" });
        const folder = fetchTask("folder", server.url("/y"), { save: "x.bin/y" });
        const tasks = order === "file first"
          ? [file, { ...folder, after: ["file"] }]
          : [folder, { ...file, after: ["folder"] }];
        const report = await run(defineConfig({ outDir, tasks }), { state: false });
        const [first, second] = report.tasks;
        assertEquals([first.outcome, second.outcome], ["done", "failed"]);
        assertEquals(second.error?.code, "SAVE_COLLISION");
        const message = second.error!.message;
        if (order === "file first") {
          assertEquals(
            message,
            `Cannot save "x.bin/y" for task "folder": its folder "x.bin" is a file task "file" ` +
              `saves in this run; ${ADVICE}`,
          );
          assertEquals(await Deno.readTextFile(`${outDir}/x.bin`), "x body");
          assertEquals(await listFiles(outDir), ["corun.jsonl", "x.bin"]);
        } else {
          assertEquals(
            message,
            `Cannot save "x.bin" for task "file": it is the folder of "x.bin/y", which the fetch ` +
              `of ${server.url("/y")} (task "folder") saves in this run; ${ADVICE}`,
          );
          assertEquals(await Deno.readTextFile(`${outDir}/x.bin/y`), "y body");
          assertEquals(await listFiles(outDir), ["corun.jsonl", "x.bin/y"]);
        }
      });
    });
  }
});

Deno.test("a file or folder there before the run is met as before: a file is replaced, a save inside a file or onto a folder fails with the system's error", async () => {
  await using server = startRouteServer({ "/1": { body: "one" }, "/2": { body: "two" } });
  await withOutDir(async (outDir) => {
    await Deno.mkdir(`${outDir}/a`);
    await Deno.writeTextFile(`${outDir}/a/file`, "old file");
    await Deno.mkdir(`${outDir}/a/folder`);
    await Deno.writeTextFile(`${outDir}/a/folder/kept`, "old");
    await Deno.writeTextFile(`${outDir}/a/replaced`, "old");
    // Written long before the run (a file or folder written since its start is the run's own).
    const before = new Date("2020-01-01T00:00:00Z");
    for (const path of ["a/file", "a/folder", "a/replaced"]) {
      await Deno.utime(`${outDir}/${path}`, before, before);
    }
    const report = await runList(outDir, [
      `${server.url("/1")}\ta/file/c.html`,
      `${server.url("/2")}\ta/folder`,
      `${server.url("/1")}\ta/replaced`,
    ]);
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(lines.map((line) => line.error?.code), ["ENOTDIR", "EISDIR", undefined]);
    assertEquals(report.tasks[0].items?.done, 1);
    assertEquals(await Deno.readTextFile(`${outDir}/a/file`), "old file");
    assertEquals(await Deno.readTextFile(`${outDir}/a/replaced`), "one");
    assertEquals(await listFiles(outDir), [
      "a/file",
      "a/folder/kept",
      "a/replaced",
      "corun.jsonl",
      "urls.txt",
    ]);
  });
});

Deno.test("a file the run replaced, there before it, is the run's: a save inside it fails with SAVE_COLLISION", async () => {
  await using server = startRouteServer({ "/1": { body: "one" }, "/2": { body: "two" } });
  await withOutDir(async (outDir) => {
    await Deno.mkdir(`${outDir}/a`);
    await Deno.writeTextFile(`${outDir}/a/b`, "old");
    const before = new Date("2020-01-01T00:00:00Z");
    await Deno.utime(`${outDir}/a/b`, before, before);
    await runList(outDir, [`${server.url("/1")}\ta/b`, `${server.url("/2")}\ta/b/c.html`]);
    assertEquals(await loggedCodes(outDir), [undefined, "SAVE_COLLISION"]);
    assertEquals(await Deno.readTextFile(`${outDir}/a/b`), "one");
  });
});

Deno.test("a failed save leaves no folder in the way: a/b/c.html failing inside an old file a/b, a/b is then saved", async () => {
  await using server = startRouteServer({ "/1": { body: "one" }, "/2": { body: "two" } });
  await withOutDir(async (outDir) => {
    await Deno.mkdir(`${outDir}/a`);
    await Deno.writeTextFile(`${outDir}/a/b`, "old");
    const before = new Date("2020-01-01T00:00:00Z");
    await Deno.utime(`${outDir}/a/b`, before, before);
    await runList(outDir, [`${server.url("/2")}\ta/b/c.html`, `${server.url("/1")}\ta/b`]);
    assertEquals(await loggedCodes(outDir), ["ENOTDIR", undefined]);
    assertEquals(await Deno.readTextFile(`${outDir}/a/b`), "one");
  });
});
