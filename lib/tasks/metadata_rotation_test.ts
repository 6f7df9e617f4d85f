// Archiving the metadata log while other runs (other configs, same output directory) write to it or
// archive it too. Each interleaving is built by hand at the rotation's `afterCopy` seam: the moment
// after the earlier lines are copied and before the file is emptied.
import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ioError, noHardLinks } from "../../tests/fixtures/file_system_quirks.ts";
import { ConfinedDir, JsonLinesLog } from "../sinks/mod.ts";
import { METADATA_ARCHIVE_DIR, metadataArchiveDirOf, rotateMetadata } from "./metadata_rotation.ts";
import { newRunId } from "./run_id.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-rotation-");

function linesOf(runId: string, count: number): string {
  let text = "";
  for (let n = 0; n < count; n++) text += `${JSON.stringify({ runId, n })}\n`;
  return text;
}

/** The archive files of one metadata file (`corun.jsonl` unless named), by name. */
async function archives(
  outDir: string,
  metadataFile = "corun.jsonl",
): Promise<Record<string, string>> {
  const folder = `${outDir}/${metadataArchiveDirOf(metadataFile)}`;
  const found: Record<string, string> = {};
  try {
    for await (const entry of Deno.readDir(folder)) {
      if (entry.isFile) found[entry.name] = await Deno.readTextFile(`${folder}/${entry.name}`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // no folder: none
  }
  return found;
}

async function namesIn(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name).sort();
}

const EARLIER = newRunId(Date.UTC(2026, 0, 1));
const RUNNING = newRunId(Date.UTC(2026, 0, 2));
const STARTING = newRunId(Date.UTC(2026, 0, 3));

Deno.test("a line another run writes while the metadata file is archived is not lost: it lands in the emptied file", async () => {
  await withOutDir(async (outDir) => {
    const earlier = linesOf(EARLIER, 3);
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, earlier);
    // A run of another config, writing to the same file through its own handle.
    const running = await JsonLinesLog.open<{ runId: string; n: number }>(
      `${outDir}/corun.jsonl`,
    );
    let waited = false;
    rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", STARTING, 30, {
      afterCopy: () => {
        running.write({ runId: RUNNING, n: 0 });
        // What its timer does: write now unless the file is held.
        waited = !running.flushIfFree();
      },
    });
    await running.close();
    assertEquals(await Deno.readTextFile(`${outDir}/corun.jsonl`), linesOf(RUNNING, 1));
    assertEquals(await archives(outDir), { [`${EARLIER}.jsonl`]: earlier });
    assertEquals(waited, true, "the running run's batch waited for the archive");
  });
});

/**
 * Archives `corun.jsonl`, holding `first`, while an archive of the same run, holding `second`, is
 * put in place between the copy and its commit (by a run of another process where the file system
 * has no locks to keep the two apart).
 */
async function archiveWhileTaken(outDir: string, first: string, second: string): Promise<void> {
  await Deno.writeTextFile(`${outDir}/corun.jsonl`, first);
  rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", STARTING, 30, {
    afterCopy: () =>
      Deno.writeTextFileSync(`${outDir}/${METADATA_ARCHIVE_DIR}/${EARLIER}.jsonl`, second),
  });
}

Deno.test("an archive's name taken between the copy and its commit is not replaced: the new archive goes beside it", async () => {
  await withOutDir(async (outDir) => {
    const [first, second] = [linesOf(EARLIER, 4), linesOf(EARLIER, 2)];
    await archiveWhileTaken(outDir, first, second);
    assertEquals(await archives(outDir), {
      [`${EARLIER}.jsonl`]: second,
      [`${EARLIER}.2.jsonl`]: first,
    });
    assertEquals(await Deno.readTextFile(`${outDir}/corun.jsonl`), "");
  });
});

Deno.test("without hard links (vfat, exFAT) the earlier run's lines are archived by a rename, and no archive is replaced", async () => {
  await withOutDir(async (outDir) => {
    using _noHardLinks = noHardLinks();
    const [first, second] = [linesOf(EARLIER, 4), linesOf(EARLIER, 2)];
    await archiveWhileTaken(outDir, first, second);
    assertEquals(await archives(outDir), {
      [`${EARLIER}.jsonl`]: second,
      [`${EARLIER}.2.jsonl`]: first,
    });
    assertEquals(await Deno.readTextFile(`${outDir}/corun.jsonl`), "");
  });
});

Deno.test("each metadata file prunes only its own archives: keepRuns 1 of b.jsonl leaves those of corun.jsonl", async () => {
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, linesOf(EARLIER, 2));
    rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", RUNNING, 30);
    await Deno.writeTextFile(`${outDir}/b.jsonl`, linesOf(RUNNING, 1));
    rotateMetadata(ConfinedDir.openSync(outDir), "b.jsonl", STARTING, 1);
    assertEquals(Object.keys(await archives(outDir)), [`${EARLIER}.jsonl`]);
    assertEquals(await archives(outDir, "b.jsonl"), {});
    // Its folder, left empty by the pruning, goes; the other file's stays.
    assertEquals(await namesIn(`${outDir}/.corun/metadata`), [`${EARLIER}.jsonl`]);
  });
});

Deno.test("an archive that cannot be made is named relative to the output directory, with the problem; the file stays whole", async () => {
  await withOutDir(async (outDir) => {
    using _failingLinks = noHardLinks(ioError);
    const earlier = linesOf(EARLIER, 3);
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, earlier);
    const error = assertThrows(() =>
      rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", STARTING, 30)
    );
    assertEquals(
      (error as Error).message,
      `the archive ".corun/metadata/${EARLIER}.jsonl" cannot be made: Input/output error (os error 5)`,
    );
    assertEquals(await Deno.readTextFile(`${outDir}/corun.jsonl`), earlier);
    assertEquals(await archives(outDir), {});
  });
});

Deno.test("a run whose first metadata line is longer than 64 KiB (large response headers) is archived under its run id, not as legacy", async () => {
  await withOutDir(async (outDir) => {
    const headers = { "x-quoted": '"'.repeat(40_000), "x-more": '"'.repeat(40_000) };
    const earlier = `${JSON.stringify({ runId: EARLIER, task: "a", headers })}\n`;
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, earlier);
    rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", STARTING, 30);
    assertEquals(await archives(outDir), { [`${EARLIER}.jsonl`]: earlier });
  });
});

Deno.test("keepRuns counts runs, not files: a run archived in two parts (<id>.jsonl, <id>.2.jsonl) is kept or pruned whole", async () => {
  await withOutDir(async (outDir) => {
    // Runs that overlapped: EARLIER's first lines were archived, its later ones a run after.
    await Deno.mkdir(`${outDir}/${METADATA_ARCHIVE_DIR}`, { recursive: true });
    const [first, later] = [linesOf(EARLIER, 1), linesOf(EARLIER, 2)];
    await Deno.writeTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${EARLIER}.jsonl`, first);
    await Deno.writeTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${EARLIER}.2.jsonl`, later);
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, linesOf(RUNNING, 1));
    // Three runs kept: the file (STARTING's) and two archived runs, EARLIER in both its parts.
    rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", STARTING, 3);
    assertEquals(await archives(outDir), {
      [`${EARLIER}.jsonl`]: first,
      [`${EARLIER}.2.jsonl`]: later,
      [`${RUNNING}.jsonl`]: linesOf(RUNNING, 1),
    });
    // Two: EARLIER goes, both its parts.
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, linesOf(STARTING, 1));
    rotateMetadata(ConfinedDir.openSync(outDir), "corun.jsonl", newRunId(Date.UTC(2026, 0, 4)), 2);
    assertEquals(Object.keys(await archives(outDir)).sort(), [`${STARTING}.jsonl`]);
  });
});
