import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinedDir } from "../sinks/mod.ts";
import { METADATA_ARCHIVE_DIR } from "./metadata_rotation.ts";
import { newRunId } from "./run_id.ts";
import { UnsavedRuns } from "./unsaved_runs.ts";
import { withTempDirSync } from "../../tests/fixtures/temp_dir.ts";

const withOutDir = withTempDirSync("corun-unsaved-test-");

/** The marks in the archives' folder; none without the folder. */
function markNames(outDir: string): string[] {
  try {
    return [...Deno.readDirSync(`${outDir}/${METADATA_ARCHIVE_DIR}`)]
      .map((entry) => entry.name)
      .filter((name) => name.endsWith(".unsaved"));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

Deno.test("a run that starts while another makes its mark never takes that mark for a run that ended", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    const runId = newRunId();
    const marking = new UnsavedRuns(outDir, "corun.jsonl", runId);
    // Another process's run starting at each lock the marking run takes, as early as it could look.
    const starting: UnsavedRuns[] = [];
    const taken: string[] = [];
    const lockSync = Deno.FsFile.prototype.lockSync;
    Deno.FsFile.prototype.lockSync = function (this: Deno.FsFile, exclusive?: boolean) {
      const other = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
      starting.push(other);
      taken.push(...other.takeEnded(() => within));
      // Not waited for here: a mark the other run took would hold this one for its whole run.
      if (!this.tryLockSync(exclusive)) throw new Error("the mark is held by the starting run");
    };
    try {
      marking.mark(within);
    } finally {
      Deno.FsFile.prototype.lockSync = lockSync;
      for (const other of starting) other.settle(true);
    }
    assertEquals(taken, []);
    assertEquals(markNames(outDir), [`${runId}.unsaved`]);
    // Held from its first moment under that name: a run starting now leaves it too.
    const later = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    assertEquals(later.takeEnded(() => within), []);
    later.settle(true);
    marking.settle(true);
    assertEquals(markNames(outDir), []);
  });
});

Deno.test("a mark its run removes (its state saved) while a starting run opens it is not taken over", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    const saving = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    saving.mark(within);
    // The saving run settles between the starting run's open of its mark and the lock it asks.
    const tryLockSync = Deno.FsFile.prototype.tryLockSync;
    Deno.FsFile.prototype.tryLockSync = function (this: Deno.FsFile, exclusive?: boolean) {
      Deno.FsFile.prototype.tryLockSync = tryLockSync;
      saving.settle(true);
      return tryLockSync.call(this, exclusive);
    };
    const starting = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    try {
      assertEquals(starting.takeEnded(() => within), []);
    } finally {
      Deno.FsFile.prototype.tryLockSync = tryLockSync;
      starting.settle(false);
    }
    assertEquals(markNames(outDir), []);
  });
});

Deno.test("a run's mark goes with its folders once its state is saved; another run's mark keeps them", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    const first = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    const second = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    first.mark(within);
    second.mark(within);
    first.settle(true);
    assertEquals(markNames(outDir).length, 1);
    second.settle(true);
    assertEquals([...Deno.readDirSync(outDir)], []);
  });
});

Deno.test("a mark left unsaved keeps its folder; another metadata file's folders go up to .corun/", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    const unsaved = new UnsavedRuns(outDir, "corun.jsonl", newRunId());
    unsaved.mark(within);
    unsaved.settle(false);
    assertEquals(markNames(outDir).length, 1);
    Deno.removeSync(`${outDir}/.corun`, { recursive: true });
    const other = new UnsavedRuns(outDir, "logs/a.jsonl", newRunId());
    other.mark(within);
    assertEquals([...Deno.readDirSync(`${outDir}/.corun/metadata/logs/a.jsonl`)].length, 1);
    other.settle(true);
    assertEquals([...Deno.readDirSync(outDir)], []);
  });
});
