/**
 * A disk that fills up mid-run (ENOSPC injected through the run's sinks): every task reports what
 * happened to its own file, and the metadata lines lost are one counted warning of the run.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { type FetchRecord, OutputDir } from "../lib/sinks/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

function noSpace(what: string): Error {
  return Object.assign(new Error(`${what}: No space left on device (os error 28)`), {
    code: "ENOSPC",
  });
}

/** Room for `files` files, then nothing: no more files, no more metadata lines. */
function fillingDisk(files: number) {
  let full = false;
  const lines: FetchRecord[] = [];
  class FillingDir extends OutputDir {
    override writeSmallFileSync(relativePath: string, bytes: Uint8Array): string {
      if (full) throw noSpace(`Cannot write "${relativePath}"`);
      const written = super.writeSmallFileSync(relativePath, bytes);
      if (--files === 0) full = true;
      return written;
    }
  }
  return {
    lines,
    sinks: {
      outputDir: (path: string) => new FillingDir(path),
      metadataLog: {
        append(record: FetchRecord) {
          if (full) return Promise.reject(noSpace('Cannot write metadata "corun.jsonl"'));
          lines.push(record);
          return Promise.resolve();
        },
      },
    },
  };
}

Deno.test("a full disk: a saved file's task is done, an unsaved one fails with the save error, lost metadata lines are one warning", async () => {
  await using server = startRouteServer({
    "/1": { body: "one" },
    "/2": { body: "two" },
    "/3": { body: "three" },
    "/4": { body: "four" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-full-disk-" });
  try {
    const disk = fillingDisk(2); // the second file fills the disk: its metadata line is lost
    const heard: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: ["1", "2", "3", "4"].map((n) =>
          fetchTask(`page-${n}`, server.url(`/${n}`), { save: "{name}.txt" })
        ),
      }),
      { state: false, sinks: disk.sinks, onWarning: (message) => heard.push(message) },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done", "failed", "failed"]);
    for (const task of report.tasks.slice(2)) {
      assertMatch(task.error!.message, /^Cannot write "page-\d\.txt": No space left on device/);
      assertEquals(task.error!.code, "ENOSPC");
    }
    const files: string[] = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files.sort(), ["page-1.txt", "page-2.txt"]);
    assertEquals(disk.lines.map((line) => line.task), ["page-1"]);
    const warning =
      'Cannot write metadata "corun.jsonl": No space left on device (os error 28) (3 of 4 metadata lines not written)';
    assertEquals(report.warnings, [warning]);
    assertEquals(heard, [warning]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
