/**
 * Whole runs on the file systems corun meets in the wild, played inside this process (see
 * `fixtures/file_system_quirks.ts`): NFS, whose `flock` grants an exclusive lock only to a file
 * open for writing; a file system without `flock`; one without hard links (vfat, exFAT).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, defineConfig, run, type RunReport } from "../mod.ts";
import { nfsLocks, noHardLinks, noLocks } from "./fixtures/file_system_quirks.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const BODY = bodyOf(512 * 1024, 5);
const HOUR_MS = 60 * 60 * 1000;

const withOutDir = withTempDir("corun-fs-quirks-");

/** A real run (nothing in these waits): a virtual clock's run is a preview, which archives nothing. */
function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<RunReport> {
  return run(defineConfig({ ...config, outDir }), { state: false });
}

/** Files in a directory, by name. */
function namesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

/** A temporary a killed run left an hour ago. */
function leaveLeftover(outDir: string): string {
  Deno.mkdirSync(`${outDir}/sub`, { recursive: true });
  const path = `${outDir}/sub/.x.txt.0123456789ab.part`;
  Deno.writeTextFileSync(path, "left over\n");
  const old = new Date(Date.now() - HOUR_MS);
  Deno.utimeSync(path, old, old);
  return path;
}

Deno.test("on NFS, with resume: true, a partial kept by a failed run is continued by the next run", async () => {
  using _nfs = nfsLocks();
  let cut = true;
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => cut && i === 0 ? 200_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 0 }],
    };
    assertEquals((await runIn(outDir, config)).tasks[0].outcome, "failed");
    cut = false;
    const second = await runIn(outDir, config);
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(server.log.map((asked) => asked.range), [null, "bytes=200000-"]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
  });
});

Deno.test("a run removes a killed run's temporaries on NFS, and by their age alone without flock", async (t) => {
  await using server = startRangeServer({ body: BODY.subarray(0, 512) });
  for (const [fileSystem, quirk] of [["NFS", nfsLocks], ["no flock", noLocks]] as const) {
    await t.step(fileSystem, async () => {
      using _quirk = quirk();
      await withOutDir(async (outDir) => {
        leaveLeftover(outDir);
        const report = await runIn(outDir, {
          tasks: [{ name: "x", fetch: server.url(), save: "sub/x.txt" }],
        });
        assertEquals(report.counts.done, 1);
        assertEquals(namesIn(`${outDir}/sub`), ["x.txt"]);
      });
    });
  }
});

Deno.test("without flock, a resume: true fetch is saved whole and leaves no partial behind", async () => {
  using _noLocks = noLocks();
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    const report = await runIn(outDir, {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin" }],
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(namesIn(outDir).filter((name) => name.startsWith(".big.bin")), []);
  });
});

Deno.test("without hard links (vfat, exFAT), each run archives the one before it without a warning", async () => {
  using _noHardLinks = noHardLinks();
  await using server = startRangeServer({ body: BODY.subarray(0, 512) });
  await withOutDir(async (outDir) => {
    const config = { tasks: [{ name: "x", fetch: server.url(), save: "x.txt" }] };
    const warnings: string[] = [];
    for (let n = 0; n < 3; n++) warnings.push(...(await runIn(outDir, config)).warnings);
    assertEquals(warnings, []);
    assertEquals(namesIn(`${outDir}/.corun/metadata`).length, 2);
    assertEquals((await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n").length, 1);
  });
});
