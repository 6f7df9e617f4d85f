/**
 * Marks of runs going on, so that a run that never ended (SIGKILL, the OOM killer, a power cut)
 * shows in the history instead of leaving nothing. A run makes
 * `<outDir>/.corun/running/<run id>.json` as it starts, saying who it is (`MarkedRun`: its start,
 * pid and host, config and schedule), holds the mark's exclusive OS lock while it runs (taken before
 * the mark appears under its name), and removes the mark, still holding it, once its history line
 * is written; then the marks' folder, and `.corun/`, when nothing else is in them, so that a run
 * leaves no folder in an output directory that had none.
 *
 * A mark that no process holds is a run that ended without its line: the kernel let the lock go
 * when the process died. That holds on another host sharing the directory too (NFS locks), and a
 * reused pid cannot mislead it, where asking whether the pid is alive would (and Deno lets a run do
 * that only with `--allow-run` or `--allow-all`). `corun history` shows such a run as lost, one held
 * as running; the next run of its config takes it over (holding its lock, so two runs never both
 * do), appends it to the history as lost and removes it; after 7 days, so does the next run of any
 * config there (its own may have been renamed). On a file system without locks no mark is made:
 * none could be told held, and a killed run there leaves no trace. On Windows a lock is mandatory:
 * a held mark cannot be read by anyone but its run, so a look shows it running from its name (run
 * id, hence start) alone.
 * @module
 */
import { readCappedSync } from "../loop/mod.ts";
import { hostnameIfAllowed } from "../net/mod.ts";
import { ConfinedDir, type TempFile, writeAllSync } from "../sinks/mod.ts";
import { isLockViolation, lockOrUnsupportedSync, tryLockSync } from "../sinks/file_lock.ts";
import { isFileAt } from "../sinks/open_locked.ts";
import { isRunId, startOfRunId } from "../tasks/mod.ts";
import { createOwnTempSync, removeEmptyOwnDirs } from "../tasks/own_dir.ts";
import { OWN_DIR } from "../tasks/own_files.ts";
import {
  type HistoryRun,
  isRunOfConfig,
  type MarkedRun,
  markedRunProblem,
  type UnfinishedRun,
} from "./history.ts";
import { resolve } from "./deps.ts";

/** Where the marks are, relative to the output directory. */
export const RUN_MARKS_DIR = `${OWN_DIR}/running`;

/** How a mark's name ends, after its run's id. */
const MARK_SUFFIX = ".json";

/**
 * The largest mark read: 64 KiB, fixed. A mark is a few hundred bytes of JSON; a bigger file there
 * is none of corun's, and is not read into memory.
 */
const MAX_MARK_BYTES = 64 * 1024;

/** A run's own mark, held until disposed. */
export interface RunMark extends Disposable {
  /** The mark, absolute. */
  readonly path: string;
}

/**
 * Marks a run as going, until the mark is disposed (which removes it, then lets its lock go).
 *
 * @param outDir The output directory (its history's).
 * @param run Who the run is; its pid and host are this process's.
 * @returns The mark; undefined when none could be made (a folder that cannot be written, a file
 *   system without locks): the run goes on unmarked.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { markRun, readUnfinishedRuns } from "./run_marks.ts";
 * const dir = await Deno.makeTempDir();
 * const runId = "20261125T100000123Z-3f9a1c2b";
 * {
 *   using _mark = markRun(dir, { runId, startedAt: "2026-11-25T10:00:00.123Z" });
 *   assertEquals(readUnfinishedRuns(dir).map((run) => run.unfinished), ["running"]);
 * }
 * assertEquals(readUnfinishedRuns(dir), []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function markRun(
  outDir: string,
  run: Omit<MarkedRun, "pid" | "host">,
): RunMark | undefined {
  const marked: MarkedRun = { ...run, pid: Deno.pid, host: hostnameIfAllowed() ?? "" };
  const path = markPathOf(run.runId);
  let within: ConfinedDir;
  try {
    // Sweeping from the run's start: a temporary left by a run killed while placing its mark goes
    // with this run's first mark, as a killed run's leftovers in the output directory do.
    within = ConfinedDir.openSync(outDir, Date.parse(run.startedAt));
  } catch {
    return undefined;
  }
  const held = placeMark(within, path, new TextEncoder().encode(`${JSON.stringify(marked)}\n`));
  if (held === undefined) {
    removeEmptyOwnDirs(within, RUN_MARKS_DIR);
    return undefined;
  }
  return {
    path: resolve(outDir, path),
    [Symbol.dispose]() {
      try {
        // Removed while held: no one sees it let go before it is gone.
        within.removeFileSync(path);
      } catch {
        // Left in place: the next run finds it let go, and records the run as lost.
      } finally {
        held.close();
      }
      removeEmptyOwnDirs(within, RUN_MARKS_DIR);
    },
  };
}

/**
 * Makes the mark at `path`, holding its exclusive lock: locked under a temporary name, then named a
 * mark, so that no one finds it under its name unheld. Without locks it could never be told held:
 * none is made.
 *
 * @returns The mark, open and locked; undefined when none could be made.
 */
function placeMark(within: ConfinedDir, path: string, bytes: Uint8Array): Deno.FsFile | undefined {
  let temp: TempFile;
  try {
    temp = createOwnTempSync(within, path); // made again when another run's end removes its folder
  } catch {
    return undefined;
  }
  try {
    if (lockOrUnsupportedSync(temp.file, true) === "unsupported") {
      return discardTemp(within, temp);
    }
    writeAllSync(temp.file, bytes);
    within.commitSync(temp, path);
    return temp.file;
  } catch {
    return discardTemp(within, temp);
  }
}

/**
 * The runs of `config` whose marks are in `outDir`, as they stand now: held (`running`), let go
 * (`lost`), or on a file system without locks (`unknown`). Nothing is written, nor taken: a look.
 * A mark that cannot be read, or is none of corun's, is left out; but one whose read is refused by
 * its lock (Windows, where locks are mandatory) is a run going on, known by its id alone.
 *
 * @param outDir The output directory.
 * @param config Whose runs (see `isRunOfConfig`); undefined for every run.
 * @returns The runs, oldest start first; none when there is no mark, or no folder.
 */
export function readUnfinishedRuns(outDir: string, config?: string): UnfinishedRun[] {
  const runs: UnfinishedRun[] = [];
  for (const id of markIdsIn(outDir)) {
    try {
      using file = ConfinedDir.openToReadSync(resolve(outDir, markPathOf(id)));
      let run: MarkedRun | undefined;
      try {
        run = markedRunIn(file, id);
      } catch (error) {
        if (!isLockViolation(error)) throw error;
        // Windows: the lock its run holds keeps everyone else from reading it. Running, then, as its
        // name tells: no pid nor host, and no config, so it counts for every config's look.
        const startedAt = startOfRunId(id);
        if (startedAt !== undefined) runs.push({ runId: id, startedAt, unfinished: "running" });
        continue;
      }
      if (run === undefined || !isRunOfConfig(run, config)) continue;
      // Shared: a look, which another look does not keep out.
      const held = tryLockSync(file, false);
      const unfinished = held === "busy" ? "running" : held === "locked" ? "lost" : "unknown";
      runs.push({ ...run, unfinished });
    } catch {
      // Gone meanwhile (its run ended), or unreadable: not shown.
    }
  }
  return runs.sort(byStart);
}

/**
 * The runs among `runs` (found by their marks) that have no line among `lines`: a run with its line
 * ended, whatever its mark says (the line was written after the mark was looked at, or the run was
 * killed between writing it and removing its mark).
 *
 * @param runs Runs found by their marks.
 * @param lines History lines read since the marks were looked at.
 * @returns Those of `runs` without a line, in their order.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unrecordedRuns } from "./run_marks.ts";
 * const at = "2026-11-25T10:00:00.000Z";
 * const marked = [{ runId: "20261125T100000000Z-0000000a", startedAt: at, unfinished: "lost" as const }];
 * const line = { runId: marked[0].runId, startedAt: at, endedAt: at, exitCode: 0, counts: {} };
 * assertEquals(unrecordedRuns(marked, [line]), []);
 * assertEquals(unrecordedRuns(marked, []), marked);
 * ```
 */
export function unrecordedRuns<T extends { runId: string }>(
  runs: readonly T[],
  lines: readonly HistoryRun[],
): T[] {
  const recorded = new Set(lines.map((line) => line.runId));
  return runs.filter((run) => !recorded.has(run.runId));
}

/** The runs {@linkcode takeLostRuns} took over, held until settled. */
export interface LostRuns {
  /** The runs that ended without their history line, oldest start first, each `lost`. */
  readonly runs: readonly UnfinishedRun[];
  /**
   * Lets the marks go: removed when their runs are `recorded` in the history, else left for a
   * later run to record.
   */
  settle(recorded: boolean): void;
}

/**
 * How long a lost run's mark waits for a run of its own config, fixed: 7 days. Past that any run of
 * the output directory records it. Its config may be gone: renamed or moved, a config is named
 * otherwise in the output directory (`configIdOf`), and no run would ever take its marks.
 */
const ORPHANED_MARK_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether a run of `config` records a run that ended without its line (its mark held by no
 * process): one of its own (see `isRunOfConfig`), or one of any config that started
 * {@linkcode ORPHANED_MARK_AGE_MS} or more before `nowMs`.
 *
 * @param run The lost run, as its mark says.
 * @param config The config whose run looks.
 * @param nowMs Now (epoch ms).
 * @returns True when that run takes it over.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isLostRunFor } from "./run_marks.ts";
 * const nowMs = Date.parse("2026-12-05T10:00:00.000Z");
 * assert(isLostRunFor({ startedAt: "2026-12-05T09:00:00.000Z", config: "../a.yaml" }, "../a.yaml", nowMs));
 * assert(!isLostRunFor({ startedAt: "2026-12-05T09:00:00.000Z", config: "../old.yaml" }, "../a.yaml", nowMs));
 * assert(isLostRunFor({ startedAt: "2026-11-25T09:00:00.000Z", config: "../old.yaml" }, "../a.yaml", nowMs));
 * ```
 */
export function isLostRunFor(
  run: { startedAt: string; config?: string },
  config: string | undefined,
  nowMs: number,
): boolean {
  return isRunOfConfig(run, config) || Date.parse(run.startedAt) <= nowMs - ORPHANED_MARK_AGE_MS;
}

/**
 * Takes over the marks that no process holds of the runs `config`'s run records (see
 * {@linkcode isLostRunFor}): the runs that ended without their history line. Each is held
 * (exclusively) until settled, so no other run records it too.
 *
 * @param outDir The output directory.
 * @param config Whose run takes them (see `isRunOfConfig`).
 * @param nowMs Now (epoch ms), which ages another config's marks. @default Date.now()
 * @returns The runs and their settling; none (and nothing opened) without marks.
 */
export async function takeLostRuns(
  outDir: string,
  config?: string,
  nowMs: number = Date.now(),
): Promise<LostRuns> {
  const taken: { run: UnfinishedRun; file: Deno.FsFile; path: string }[] = [];
  const ids = markIdsIn(outDir);
  let within: ConfinedDir | undefined;
  if (ids.length > 0) {
    try {
      within = ConfinedDir.openSync(outDir);
    } catch {
      // Listed but not opened: left for a later run.
    }
  }
  for (const id of within === undefined ? [] : ids) {
    const path = markPathOf(id);
    let file: Deno.FsFile | undefined;
    try {
      // For writing too: NFS grants an exclusive lock only to a file open for writing.
      file = within!.openFileSync(path, { read: true, write: true, create: false });
      const run = markedRunIn(file, id);
      // A run that ended removes its mark while holding it: one opened just before is let go once
      // removed, and is no lost run.
      if (
        run !== undefined && isLostRunFor(run, config, nowMs) &&
        tryLockSync(file, true) === "locked" &&
        await isFileAt(file, resolve(outDir, path))
      ) {
        taken.push({ run: { ...run, unfinished: "lost" }, file, path });
        continue;
      }
    } catch {
      // Gone meanwhile (another run took it), or none of corun's: not taken.
    }
    file?.close();
  }
  taken.sort((a, b) => byStart(a.run, b.run));
  return {
    runs: taken.map(({ run }) => run),
    settle(recorded) {
      if (taken.length === 0) return;
      for (const { file, path } of taken.splice(0)) {
        try {
          if (recorded) within!.removeFileSync(path);
        } catch {
          // Left in place: a later run records it again, and finds its line there.
        } finally {
          file.close();
        }
      }
      if (recorded) removeEmptyOwnDirs(within!, RUN_MARKS_DIR);
    },
  };
}

/** The run ids of the marks in `outDir`; none when there is no folder, or it cannot be read. */
function markIdsIn(outDir: string): string[] {
  const ids: string[] = [];
  try {
    for (const entry of Deno.readDirSync(resolve(outDir, RUN_MARKS_DIR))) {
      const id = entry.isFile && entry.name.endsWith(MARK_SUFFIX)
        ? entry.name.slice(0, -MARK_SUFFIX.length)
        : undefined;
      if (isRunId(id)) ids.push(id);
    }
  } catch {
    // No folder: no run was ever marked here.
  }
  return ids.sort();
}

/** What an open mark says; undefined when it is none of corun's (or not of the run `id`). */
function markedRunIn(file: Deno.FsFile, id: string): MarkedRun | undefined {
  const bytes = readCappedSync(file, MAX_MARK_BYTES);
  if (bytes === undefined) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    if (markedRunProblem(value) !== undefined || value.runId !== id) return undefined;
    const { runId, startedAt, pid, host, config, task, fireAt } = value as MarkedRun;
    return {
      runId,
      startedAt,
      pid,
      host,
      ...(config === undefined ? {} : { config }),
      ...(task === undefined ? {} : { task }),
      ...(fireAt === undefined ? {} : { fireAt }),
    };
  } catch {
    return undefined;
  }
}

/** Oldest start first (ISO 8601 times of one form sort as text). */
function byStart(a: { startedAt: string }, b: { startedAt: string }): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

function markPathOf(runId: string): string {
  return `${RUN_MARKS_DIR}/${runId}${MARK_SUFFIX}`;
}

/** Closes and removes a mark's temporary that could not be put in place; best effort. */
function discardTemp(within: ConfinedDir, temp: TempFile): undefined {
  temp.file.close();
  try {
    within.removeTempSync(temp);
  } catch {
    // Left behind under its temporary name, which no look at the marks takes for one.
  }
  return undefined;
}
