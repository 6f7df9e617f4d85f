/**
 * An interrupt that lands while a fetch's file is renamed into place: the file is whole on disk, so
 * the fetch is done, everywhere it is reported.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunReport } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a fetch interrupted after its file was committed is done: report, metadata line and file agree", async () => {
  const body = new Uint8Array(2 * 1024 * 1024).fill(65); // more than is gathered in memory: streamed
  await using server = startRouteServer({ "/big": { body } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-commit-cancel-" });
  const controller = new AbortController();
  const rename = Deno.renameSync;
  // The rename is one synchronous step: the interrupt it starts lands right after it.
  Deno.renameSync = (from, to) => {
    if (String(to).endsWith("big.bin")) queueMicrotask(() => controller.abort());
    return rename(from, to);
  };
  try {
    const report = await run(
      defineConfig({ outDir, tasks: [fetchTask("big", server.url("/big"), { save: "big.bin" })] }),
      { state: false, signal: controller.signal },
    );
    assertDoneEverywhere(report, outDir, "big.bin", body);
  } finally {
    Deno.renameSync = rename;
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("an interrupt that lands as a small file's fetch ends leaves it done: report, metadata line and file agree", async () => {
  const body = new Uint8Array(1024).fill(66); // gathered in memory, written whole
  await using server = startRouteServer({ "/small": { body } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-commit-cancel-" });
  const controller = new AbortController();
  const rename = Deno.renameSync;
  // Interrupted within the step that saves the file: the cancel lands at the fetch's next pause,
  // once its file is in place and its metadata line written.
  Deno.renameSync = (from, to) => {
    rename(from, to);
    if (String(to).endsWith("small.bin")) controller.abort();
  };
  try {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [fetchTask("small", server.url("/small"), { save: "small.bin" })],
      }),
      { state: false, signal: controller.signal },
    );
    assertDoneEverywhere(report, outDir, "small.bin", body);
  } finally {
    Deno.renameSync = rename;
    await Deno.remove(outDir, { recursive: true });
  }
});

/** The run was interrupted, and its one fetch is done in the report, on disk and in its line. */
function assertDoneEverywhere(
  report: RunReport,
  outDir: string,
  name: string,
  body: Uint8Array,
): void {
  assertEquals(report.interrupted, true);
  assertEquals(report.tasks[0].outcome, "done");
  assertEquals(report.tasks[0].fetch?.savedPath, name);
  assertEquals(report.tasks[0].fetch?.bytes, body.byteLength);
  assertEquals(Deno.readFileSync(`${outDir}/${name}`), body);
  const lines = Deno.readTextFileSync(`${outDir}/corun.jsonl`).trim().split("\n").map((line) =>
    JSON.parse(line)
  );
  assertEquals(lines.map((line) => [line.savedPath, line.error]), [[name, undefined]]);
}
