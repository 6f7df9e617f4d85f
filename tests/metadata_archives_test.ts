// Where the metadata of earlier runs is kept when configs share an output directory: each metadata
// file's archives are its own, so one config's `keepRuns` never prunes another config's runs.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { METADATA_ARCHIVE_DIR, newRunId } from "../lib/tasks/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-metadata-archives-");

/** The archive files (not folders) in one folder under the output directory, sorted. */
function archivesIn(outDir: string, folder: string): string[] {
  try {
    return [...Deno.readDirSync(`${outDir}/${folder}`)]
      .filter((entry) => entry.isFile)
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

Deno.test("two configs sharing an output directory keep their own runs: keepRuns 1 of one prunes none of the other's archives", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withOutDir(async (outDir) => {
    const daily = defineConfig({ outDir, keepRuns: 30, tasks: [fetchTask("a", server.url("/a"))] });
    const scratch = defineConfig({
      outDir,
      metadata: "logs/scratch.jsonl",
      keepRuns: 1,
      tasks: [fetchTask("b", server.url("/b"))],
    });
    const dailyRuns = [1, 2, 3].map((day) => newRunId(Date.UTC(2026, 0, day)));
    for (const runId of dailyRuns) await run(daily, { state: false, runId });
    for (const day of [4, 5, 6]) {
      await run(scratch, { state: false, runId: newRunId(Date.UTC(2026, 0, day)) });
    }
    assertEquals(
      archivesIn(outDir, METADATA_ARCHIVE_DIR),
      dailyRuns.slice(0, 2).map((id) => `${id}.jsonl`),
      "the daily config's two earlier runs are still kept",
    );
    assertEquals(archivesIn(outDir, `${METADATA_ARCHIVE_DIR}/logs/scratch.jsonl`), []);
  });
});

Deno.test("another metadata file's earlier runs are archived in a folder named by it, and pruned by its own keepRuns", async () => {
  await using server = startRouteServer({ "/b": { body: "b" } });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      outDir,
      metadata: "logs/scratch.jsonl",
      keepRuns: 2,
      tasks: [fetchTask("b", server.url("/b"))],
    });
    const ids = [1, 2, 3].map((day) => newRunId(Date.UTC(2026, 0, day)));
    for (const runId of ids) await run(config, { state: false, runId });
    assertEquals(archivesIn(outDir, `${METADATA_ARCHIVE_DIR}/logs/scratch.jsonl`), [
      `${ids[1]}.jsonl`,
    ]);
    assertEquals(archivesIn(outDir, METADATA_ARCHIVE_DIR), []);
  });
});

/** The run id of each line of the metadata file, in order. */
function lineRunIds(path: string): string[] {
  return Deno.readTextFileSync(path).trim().split("\n").map((line) => JSON.parse(line).runId);
}

Deno.test("a virtual-time preview archives, rotates and prunes nothing: its lines follow the latest run's, and keepRuns counts the real runs", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    const config = defineConfig({ outDir, keepRuns: 3, tasks: [fetchTask("a", server.url("/a"))] });
    const real = [1, 2, 3].map((day) => newRunId(Date.UTC(2026, 0, day)));
    for (const runId of real) await run(config, { state: false, runId });
    const previews = [4, 5, 6, 7, 8].map((day) => newRunId(Date.UTC(2026, 0, day)));
    for (const runId of previews) await run(config, { state: false, runId, virtualTime: true });
    assertEquals(archivesIn(outDir, METADATA_ARCHIVE_DIR), [
      `${real[0]}.jsonl`,
      `${real[1]}.jsonl`,
    ]);
    assertEquals(lineRunIds(`${outDir}/corun.jsonl`), [real[2], ...previews]);
    // The next real run archives the previews' lines with the run before them, and keeps 3 runs.
    const next = newRunId(Date.UTC(2026, 0, 9));
    await run(config, { state: false, runId: next });
    assertEquals(archivesIn(outDir, METADATA_ARCHIVE_DIR), [
      `${real[1]}.jsonl`,
      `${real[2]}.jsonl`,
    ]);
    assertEquals(
      lineRunIds(`${outDir}/${METADATA_ARCHIVE_DIR}/${real[2]}.jsonl`),
      [real[2], ...previews],
    );
    assertEquals(lineRunIds(`${outDir}/corun.jsonl`), [next]);
  });
});
