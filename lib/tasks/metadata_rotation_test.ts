// Archiving the metadata log while other runs (other configs, same output directory) write to it or
// archive it too. Each interleaving is built by hand at the rotation's `afterCopy` seam: the moment
// after the earlier lines are copied and before the file is emptied.
import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ioError, noHardLinks } from "../../tests/fixtures/file_system_quirks.ts";
import { ConfinedDir, JsonLinesLog } from "../sinks/mod.ts";
import { METADATA_ARCHIVE_DIR, rotateMetadata } from "./metadata_rotation.ts";
import { newRunId } from "./run_id.ts";

async function withOutDir(body: (outDir: string) => Promise<void>): Promise<void> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-rotation-" });
  try {
    await body(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

function linesOf(runId: string, count: number): string {
  let text = "";
  for (let n = 0; n < count; n++) text += `${JSON.stringify({ runId, n })}\n`;
  return text;
}

async function archives(outDir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const entry of Deno.readDir(`${outDir}/${METADATA_ARCHIVE_DIR}`)) {
    found[entry.name] = await Deno.readTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${entry.name}`);
  }
  return found;
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

Deno.test("two rotations archiving lines of one run at once keep both archives whole: neither replaces the other", async () => {
  await withOutDir(async (outDir) => {
    // Two metadata files of the output directory (two configs) whose first lines name one run.
    const [first, second] = [linesOf(EARLIER, 4), linesOf(EARLIER, 2)];
    await Deno.writeTextFile(`${outDir}/a.jsonl`, first);
    await Deno.writeTextFile(`${outDir}/b.jsonl`, second);
    const dir = ConfinedDir.openSync(outDir);
    rotateMetadata(dir, "a.jsonl", STARTING, 30, {
      // The other rotation takes the archive's name between this one's copy and its commit.
      afterCopy: () => rotateMetadata(ConfinedDir.openSync(outDir), "b.jsonl", RUNNING, 30),
    });
    assertEquals(await archives(outDir), {
      [`${EARLIER}.jsonl`]: second,
      [`${EARLIER}.2.jsonl`]: first,
    });
    assertEquals(await Deno.readTextFile(`${outDir}/a.jsonl`), "");
    assertEquals(await Deno.readTextFile(`${outDir}/b.jsonl`), "");
  });
});

Deno.test("without hard links (vfat, exFAT) the earlier run's lines are archived by a rename, and no archive is replaced", async () => {
  await withOutDir(async (outDir) => {
    using _noHardLinks = noHardLinks();
    const [first, second] = [linesOf(EARLIER, 4), linesOf(EARLIER, 2)];
    await Deno.writeTextFile(`${outDir}/a.jsonl`, first);
    await Deno.writeTextFile(`${outDir}/b.jsonl`, second);
    const dir = ConfinedDir.openSync(outDir);
    rotateMetadata(dir, "a.jsonl", STARTING, 30, {
      afterCopy: () => rotateMetadata(ConfinedDir.openSync(outDir), "b.jsonl", RUNNING, 30),
    });
    assertEquals(await archives(outDir), {
      [`${EARLIER}.jsonl`]: second,
      [`${EARLIER}.2.jsonl`]: first,
    });
    assertEquals(await Deno.readTextFile(`${outDir}/a.jsonl`), "");
    assertEquals(await Deno.readTextFile(`${outDir}/b.jsonl`), "");
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
