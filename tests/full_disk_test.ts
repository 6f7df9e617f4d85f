/**
 * A disk that fills up mid-run (ENOSPC injected through the run's sinks, in the shape the runtime
 * raises it): every task reports what happened to its own file, naming the URL and the path it
 * could not save, and the metadata lines lost are one counted warning of the run.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import { type FetchRecord, OutputDir } from "../lib/sinks/mod.ts";
import { failingDisk, smallTempOf } from "./fixtures/failing_disk.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const NO_SPACE = "No space left on device (os error 28)";

/**
 * The runtime's error for a write to a full disk: a plain `Error` with code `ENOSPC`; a whole-file
 * write (`Deno.writeFileSync`) appends the file it wrote, here the temporary.
 */
function noSpace(writefile?: string): Error {
  const where = writefile === undefined ? "" : `: writefile '${writefile}'`;
  return Object.assign(new Error(NO_SPACE + where), { code: "ENOSPC" });
}

/** Room for `files` files, then nothing: no more files, no more metadata lines. */
function fillingDisk(files: number) {
  let full = false;
  const lines: FetchRecord[] = [];
  class FillingDir extends OutputDir {
    override writeSmallFileSync(relativePath: string, bytes: Uint8Array): string {
      if (full) throw noSpace(smallTempOf(relativePath));
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
          if (full) {
            return Promise.reject(
              new Error(`Cannot write the metadata "corun.jsonl": ${NO_SPACE}`),
            );
          }
          lines.push(record);
          return Promise.resolve();
        },
      },
    },
  };
}

/** A disk already full for streamed bodies too: each temporary a body streams to takes no byte. */
const fullDisk = () =>
  failingDisk((temporary, streamed) => streamed ? noSpace() : noSpace(temporary));

async function filesIn(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) files.push(entry.name);
  return files.sort();
}

const withOutDir = withTempDir("corun-full-disk-");

Deno.test("a full disk: a saved file's task is done, an unsaved one fails with the save error, lost metadata lines are one warning", async () => {
  await using server = startRouteServer({
    "/1": { body: "one" },
    "/2": { body: "two" },
    "/3": { body: "three" },
    "/4": { body: "four" },
  });
  await withOutDir(async (outDir) => {
    const disk = fillingDisk(2); // the second file fills the disk: its metadata line is lost
    const heard: string[] = [];
    const report = await runWithHooks(
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
    // The URL and the final path, not the temporary the runtime's message names.
    assertEquals(report.tasks.slice(2).map((task) => task.error), [
      { code: "ENOSPC", message: `Cannot save ${server.url("/3")} as "page-3.txt": ${NO_SPACE}` },
      { code: "ENOSPC", message: `Cannot save ${server.url("/4")} as "page-4.txt": ${NO_SPACE}` },
    ]);
    assertEquals(await filesIn(outDir), ["page-1.txt", "page-2.txt"]);
    assertEquals(disk.lines.map((line) => line.task), ["page-1"]);
    const warning =
      `Cannot write the metadata "corun.jsonl": ${NO_SPACE} (3 of 4 metadata lines not written)`;
    assertEquals(report.warnings, [warning]);
    assertEquals(heard, [warning]);
  });
});

Deno.test("a full disk under a streamed body: the fetch fails once, naming the URL and the path, code ENOSPC, and leaves no file", async () => {
  const big = new Uint8Array(1024 * 1024).fill(7); // past the small-body size: it streams
  await using server = startRouteServer({ "/big.bin": { body: big } });
  await withOutDir(async (outDir) => {
    const report = await runWithHooks(
      defineConfig({
        outDir,
        tasks: [fetchTask("big", server.url("/big.bin"), { save: "files/{name}.bin" })],
      }),
      { state: false, sinks: fullDisk() },
    );
    const [task] = report.tasks;
    assertEquals(task.outcome, "failed");
    assertEquals(task.error, {
      code: "ENOSPC",
      message: `Cannot save ${server.url("/big.bin")} as "files/big.bin": ${NO_SPACE}`,
    });
    assertEquals(server.requests.length, 1); // a full disk is not tried again
    assertEquals(await filesIn(`${outDir}/files`), []); // nor is a temporary left
  });
});

Deno.test("a full disk under a list task: its error's first failure names the URL and the path", async () => {
  await using server = startRouteServer({ "/626.bin": { body: "small" } });
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/urls.txt`, `${server.url("/626.bin")}\n`);
    const report = await runWithHooks(
      defineConfig({
        outDir: `${outDir}/out`,
        tasks: [fetchTask("listed", { urls: `${outDir}/urls.txt` }, { save: "{path}" })],
      }),
      { state: false, sinks: fullDisk() },
    );
    const [task] = report.tasks;
    assertEquals(task.outcome, "failed");
    assertEquals(
      task.error?.message,
      `1 of 1 fetches failed; the first: Cannot save ${server.url("/626.bin")} as "626.bin": ` +
        NO_SPACE,
    );
  });
});
