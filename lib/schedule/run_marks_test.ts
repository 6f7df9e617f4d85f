import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { markRun, readUnfinishedRuns, RUN_MARKS_DIR, takeLostRuns } from "./run_marks.ts";
import { lockedReads, noLocks } from "../../tests/fixtures/file_system_quirks.ts";

async function withOutDir(body: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-run-marks-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const RUN = { runId: "20261125T100000123Z-3f9a1c2b", startedAt: "2026-11-25T10:00:00.123Z" };
const OTHER = { runId: "20261125T110000000Z-0000beef", startedAt: "2026-11-25T11:00:00.000Z" };
/** Now, for a run taking lost runs: a day after those, when another config's are not its yet. */
const SOON_AFTER = Date.parse("2026-11-26T12:00:00.000Z");

/** The mark a run killed outright leaves: in place, held by no process. */
function leaveKilledMark(dir: string, run: Record<string, unknown>): void {
  Deno.mkdirSync(`${dir}/${RUN_MARKS_DIR}`, { recursive: true });
  Deno.writeTextFileSync(
    `${dir}/${RUN_MARKS_DIR}/${run.runId}.json`,
    `${JSON.stringify({ pid: 4242, host: "web1", ...run })}\n`,
  );
}

/** The names in the marks' folder; none without the folder. */
function marksIn(dir: string): string[] {
  try {
    return [...Deno.readDirSync(`${dir}/${RUN_MARKS_DIR}`)].map((entry) => entry.name).sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

function namesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

Deno.test("a run's mark says who it is, shows it running while held, and goes when disposed", async () => {
  await withOutDir((dir) => {
    {
      using mark = markRun(dir, { ...RUN, config: "../a.yaml", task: "t" });
      assertEquals(mark?.path, `${dir}/${RUN_MARKS_DIR}/${RUN.runId}.json`);
      assertEquals(readUnfinishedRuns(dir), [{
        ...RUN,
        pid: Deno.pid,
        host: readUnfinishedRuns(dir)[0].host, // the machine's name, when it may be read
        config: "../a.yaml",
        task: "t",
        unfinished: "running",
      }]);
      assertEquals(readUnfinishedRuns(dir, "../b.yaml"), [], "another config's");
    }
    assertEquals([readUnfinishedRuns(dir), marksIn(dir)], [[], []]);
  });
});

Deno.test("a mark no process holds is a lost run: shown so, taken over by one run at a time, removed once recorded", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, { ...OTHER, config: "../a.yaml" });
    leaveKilledMark(dir, { ...RUN, config: "../a.yaml" });
    using _going = markRun(dir, {
      runId: "20261125T120000000Z-00000001",
      startedAt: "2026-11-25T12:00:00.000Z",
      config: "../a.yaml",
    });
    assertEquals(
      readUnfinishedRuns(dir, "../a.yaml").map((run) => [run.runId, run.unfinished]),
      [[RUN.runId, "lost"], [OTHER.runId, "lost"], ["20261125T120000000Z-00000001", "running"]],
    );
    const lost = await takeLostRuns(dir, "../a.yaml", SOON_AFTER);
    assertEquals(lost.runs, [
      { ...RUN, pid: 4242, host: "web1", config: "../a.yaml", unfinished: "lost" },
      { ...OTHER, pid: 4242, host: "web1", config: "../a.yaml", unfinished: "lost" },
    ]);
    // Held by the first taker: another run starting now takes none of them.
    const meanwhile = await takeLostRuns(dir, "../a.yaml", SOON_AFTER);
    assertEquals(meanwhile.runs, []);
    meanwhile.settle(true);
    lost.settle(true);
    assertEquals(marksIn(dir), ["20261125T120000000Z-00000001.json"]);
  });
});

Deno.test("lost runs not recorded are let go for a later run, and another config's are not taken", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, { ...RUN, config: "../a.yaml" });
    leaveKilledMark(dir, { ...OTHER, config: "../b.yaml" });
    const lost = await takeLostRuns(dir, "../a.yaml", SOON_AFTER);
    assertEquals(lost.runs.map((run) => run.runId), [RUN.runId]);
    lost.settle(false);
    const later = await takeLostRuns(dir, "../a.yaml", SOON_AFTER);
    assertEquals(later.runs.map((run) => run.runId), [RUN.runId]);
    later.settle(true);
    assertEquals(marksIn(dir), [`${OTHER.runId}.json`]);
  });
});

Deno.test("a file among the marks that is none of corun's is left alone, and never read whole", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, { ...RUN, pid: -1 });
    // A mark of another run's under this one's name.
    Deno.writeTextFileSync(
      `${dir}/${RUN_MARKS_DIR}/20261125T100000123Z-00000000.json`,
      JSON.stringify({ pid: 1, host: "", ...OTHER }),
    );
    Deno.writeTextFileSync(`${dir}/${RUN_MARKS_DIR}/notes.json`, "{}");
    Deno.writeTextFileSync(
      `${dir}/${RUN_MARKS_DIR}/20261125T130000000Z-00000002.json`,
      " ".repeat(128 * 1024),
    );
    assertEquals(readUnfinishedRuns(dir), []);
    const lost = await takeLostRuns(dir);
    assertEquals(lost.runs, []);
    lost.settle(true);
    assertEquals(marksIn(dir).length, 4);
  });
});

Deno.test("no marks, no folder: no runs, and nothing is made by a look", async () => {
  await withOutDir(async (dir) => {
    assertEquals(readUnfinishedRuns(`${dir}/out`), []);
    const lost = await takeLostRuns(`${dir}/out`);
    assertEquals(lost.runs, []);
    lost.settle(true);
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("on a file system without locks no mark is made, and a mark found there is unknown, never taken", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, RUN);
    using _noLocks = noLocks();
    assertEquals(markRun(dir, OTHER), undefined);
    assertEquals(marksIn(dir), [`${RUN.runId}.json`], "nor a temporary left");
    assertEquals(readUnfinishedRuns(dir).map((run) => run.unfinished), ["unknown"]);
    const lost = await takeLostRuns(dir);
    assertEquals(lost.runs, []);
    lost.settle(true);
  });
});

Deno.test("a mark whose read its lock refuses (Windows) is a run going on, shown by its name alone, and never taken", async () => {
  await withOutDir(async (dir) => {
    using _mark = markRun(dir, { ...RUN, config: "../a.yaml", task: "t" });
    using _locked = lockedReads();
    // Its config cannot be read either: it counts for every config's look.
    const going = { ...RUN, unfinished: "running" };
    assertEquals(readUnfinishedRuns(dir, "../a.yaml"), [going]);
    assertEquals(readUnfinishedRuns(dir, "../b.yaml"), [going]);
    const lost = await takeLostRuns(dir);
    assertEquals(lost.runs, []);
    lost.settle(true);
    assertEquals(marksIn(dir), [`${RUN.runId}.json`]);
  });
});

Deno.test("a run leaves no folder behind in an output directory that had none", async () => {
  await withOutDir((dir) => {
    {
      using _mark = markRun(dir, RUN);
      assertEquals(namesIn(`${dir}/.corun`), ["running"]);
    }
    assertEquals(namesIn(dir), []);
  });
});

Deno.test("the marks' folder stays while another mark is in it, and .corun/ while it holds anything else", async () => {
  await withOutDir((dir) => {
    Deno.mkdirSync(`${dir}/.corun/metadata`, { recursive: true });
    {
      using _other = markRun(dir, OTHER);
      {
        using _mark = markRun(dir, RUN);
      }
      assertEquals(marksIn(dir), [`${OTHER.runId}.json`]);
    }
    assertEquals([namesIn(dir), namesIn(`${dir}/.corun`)], [[".corun"], ["metadata"]]);
  });
});

Deno.test("the lost runs recorded, their folder goes with their marks", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, RUN);
    const lost = await takeLostRuns(dir);
    assertEquals(lost.runs.map((run) => run.runId), [RUN.runId]);
    lost.settle(true);
    assertEquals(namesIn(dir), []);
  });
});

Deno.test("a mark is made again when another run's end removes its folder as it is being made", async () => {
  await withOutDir((dir) => {
    // The other run's end removes the folders, empty, just before this run makes its temporary
    // there: after this run made (or stepped into) them.
    const openSync = Deno.openSync;
    let removals = 0;
    Deno.openSync = (path: string | URL, options?: Deno.OpenOptions) => {
      if (options?.createNew && removals++ === 0) {
        Deno.removeSync(`${dir}/${RUN_MARKS_DIR}`);
        Deno.removeSync(`${dir}/.corun`);
      }
      return openSync(path, options);
    };
    let mark: Disposable | undefined;
    try {
      mark = markRun(dir, RUN);
    } finally {
      Deno.openSync = openSync;
    }
    using _mark = mark;
    assertEquals([removals, marksIn(dir)], [2, [`${RUN.runId}.json`]]);
    assertEquals(readUnfinishedRuns(dir).map((run) => run.unfinished), ["running"]);
  });
});

Deno.test("another config's lost run is taken once a week old: its config may have been renamed", async () => {
  await withOutDir(async (dir) => {
    leaveKilledMark(dir, { ...RUN, config: "../old.yaml" });
    leaveKilledMark(dir, { ...OTHER, config: "../old.yaml" });
    const weekAfterRun = Date.parse(RUN.startedAt) + 7 * 24 * 60 * 60 * 1000;
    const early = await takeLostRuns(dir, "../a.yaml", weekAfterRun - 1);
    assertEquals(early.runs, []);
    early.settle(true);
    const lost = await takeLostRuns(dir, "../a.yaml", weekAfterRun);
    assertEquals(lost.runs.map((run) => [run.runId, run.config]), [[RUN.runId, "../old.yaml"]]);
    lost.settle(true);
    assertEquals(marksIn(dir), [`${OTHER.runId}.json`]);
  });
});
