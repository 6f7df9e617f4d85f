/**
 * `ctx.append` on a disk that fills up under it (ENOSPC injected through the run's output
 * directory, in the shape the runtime raises it): the record is in the file whole or not at all,
 * and the next append starts where the last whole one ended.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import { patchedOutputDir } from "./fixtures/failing_disk.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const NO_SPACE = "No space left on device (os error 28)";

/**
 * An output directory with room for `room` more bytes in the files opened for appending: a write
 * takes what fits (a short write), the next one fails as a full disk does.
 */
function fillingDisk(room: number) {
  const FillingDir = patchedOutputDir((dir) => {
    const openFileSync = dir.openFileSync.bind(dir);
    dir.openFileSync = (path, options) => {
      const file = openFileSync(path, options);
      if (!options?.append) return file;
      const writeSync = file.writeSync.bind(file);
      file.writeSync = (bytes) => {
        if (room === 0) throw Object.assign(new Error(NO_SPACE), { code: "ENOSPC" });
        const written = writeSync(bytes.subarray(0, Math.min(room, bytes.byteLength)));
        room -= written;
        return written;
      };
      return file;
    };
  });
  return { outputDir: (path: string) => new FillingDir(path) };
}

const withOutDir = withTempDir("corun-ctx-append-full-");

Deno.test("a ctx.append that fills the disk part-way leaves no torn record, and the next append starts on the last whole one", async () => {
  await withOutDir(async (outDir) => {
    const config = (records: string[]) =>
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("app", function* (ctx) {
          for (const record of records) yield* ctx.append("log.txt", record);
        })],
      });
    // Room for the first record and 6 bytes of the second.
    const report = await runWithHooks(config(["one\n", "second record\n"]), {
      state: false,
      sinks: fillingDisk(10),
    });
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error?.code, "ENOSPC");
    assertEquals(await Deno.readTextFile(`${outDir}/log.txt`), "one\n");
    // Room again: the next run's record follows the whole one, glued to nothing.
    const next = await run(config(["three\n"]), { state: false });
    assertEquals(next.tasks[0].outcome, "done");
    assertEquals(await Deno.readTextFile(`${outDir}/log.txt`), "one\nthree\n");
  });
});
