/**
 * Save paths on a file system that folds case or Unicode normalization (macOS, Windows, FAT, SMB):
 * `Report.txt` and `report.txt` are one file there, so the second save fails with `SAVE_COLLISION`
 * naming the first instead of replacing its body; on one that tells them apart (Linux's ext4, the
 * test machine's temporary folder), both are saved. The folding is asked of the output directory
 * once a run (`probeNameFolding`); here a run is told it (`sinks.nameFolding`), as no test may mount
 * a FAT image.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import { NO_FOLDING, probeNameFolding } from "../lib/sinks/name_folding.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-case-fold-");
const FOLDS = { case: true, normalization: true };

/** A download its server names, `filename*=` percent-encoded UTF-8. */
function named(fileName: string, body: string): ResponseSpec {
  const encoded = encodeURIComponent(fileName);
  return { headers: { "content-disposition": `attachment; filename*=UTF-8''${encoded}` }, body };
}

Deno.test("the test machine's temporary folder tells case and normalization apart: the probe says so and leaves no file", async () => {
  await withOutDir((dir) => {
    assertEquals(probeNameFolding(dir), NO_FOLDING);
    assertEquals([...Deno.readDirSync(dir)], []);
    // An output directory not made yet: asked of the folder it will be made in, and not made.
    assertEquals(probeNameFolding(`${dir}/not/yet`), NO_FOLDING);
    assertEquals([...Deno.readDirSync(dir)], []);
    return Promise.resolve();
  });
});

Deno.test("where the file system tells case apart, Report.txt and report.txt of two tasks are two files", async () => {
  await using server = startRouteServer({ "/one": { body: "one" }, "/two": { body: "two" } });
  await withOutDir(async (outDir) => {
    const report = await runWithHooks(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("upper", server.url("/one"), { save: "Report.txt" }),
          fetchTask("lower", server.url("/two"), { save: "report.txt" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
    assertEquals(await Deno.readTextFile(`${outDir}/Report.txt`), "one");
    assertEquals(await Deno.readTextFile(`${outDir}/report.txt`), "two");
  });
});

Deno.test("where the file system folds case, a second task's save of the same path in another case fails naming the first; the first body stays", async () => {
  await using server = startRouteServer({ "/one": { body: "one" }, "/two": { body: "two" } });
  await withOutDir(async (outDir) => {
    const report = await runWithHooks(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [
          fetchTask("upper", server.url("/one"), { save: "Report.txt" }),
          fetchTask("lower", server.url("/two"), { save: "report.txt", after: ["upper"] }),
        ],
      }),
      { state: false, sinks: { nameFolding: FOLDS } },
    );
    assertEquals(report.tasks.map((task) => [task.outcome, task.error?.code]), [
      ["done", undefined],
      ["failed", "SAVE_COLLISION"],
    ]);
    assertMatch(
      report.tasks[1].error!.message,
      /^Cannot save "report.txt" for task "lower": task "upper" saves to that path/,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/Report.txt`), "one");
  });
});

Deno.test("where the file system folds case, a file and a folder in another case (A/b, a/b/c.html) fail with SAVE_COLLISION naming the other", async () => {
  await using server = startRouteServer({ "/one": { body: "one" }, "/two": { body: "two" } });
  await withOutDir(async (outDir) => {
    const report = await runWithHooks(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [
          fetchTask("file", server.url("/one"), { save: "A/b" }),
          fetchTask("inside", server.url("/two"), { save: "a/b/c.html", after: ["file"] }),
        ],
      }),
      { state: false, sinks: { nameFolding: FOLDS } },
    );
    assertEquals(report.tasks[1].error?.code, "SAVE_COLLISION");
    assertMatch(
      report.tasks[1].error!.message,
      /^Cannot save "a\/b\/c.html" for task "inside": its folder "a\/b" is a file task "file" saves/,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/A/b`), "one");
  });
});

Deno.test("where the file system folds case and normalization, {filename}s its servers give alike (Report.txt, report.txt; café composed, decomposed) fail the second fetch", async () => {
  await using server = startRouteServer({
    "/x": named("Report.txt", "x"),
    "/y": named("report.txt", "y"),
    "/composed": named("caf\u00e9.txt", "composed"),
    "/decomposed": named("cafe\u0301.txt", "decomposed"),
  });
  await withOutDir(async (outDir) => {
    const urls = ["/x", "/y", "/composed", "/decomposed"].map((path) => server.url(path));
    await Deno.writeTextFile(`${outDir}/urls.txt`, urls.join("\n") + "\n");
    const report = await runWithHooks(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [fetchTask("dl", { urls: `${outDir}/urls.txt` }, { save: "{filename}" })],
      }),
      { state: false, sinks: { nameFolding: FOLDS } },
    );
    assertEquals(report.tasks[0].items?.done, 2);
    assertEquals(report.tasks[0].items?.failed, 2);
    const saved = [...Deno.readDirSync(outDir)].map((entry) => entry.name).sort();
    assertEquals(saved, ["Report.txt", "caf\u00e9.txt", "corun.jsonl", "urls.txt"]);
    assertEquals(await Deno.readTextFile(`${outDir}/Report.txt`), "x");
    assertEquals(await Deno.readTextFile(`${outDir}/caf\u00e9.txt`), "composed");
  });
});
