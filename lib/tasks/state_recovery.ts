/**
 * Recovering the state of runs that ended without saving it (killed outright: see
 * `unsaved_runs.ts`) from their metadata lines, before this run uses the state. Each line of such a
 * run is recorded as that run recorded it, through the same `RunState` calls: a file saved
 * (`recordSaved`: its validators, path, size and digests; from a 2xx, or a whole kept partial on a
 * 416, as `savesFile` says, with the validator its line's `ifRange` names), a 304 that kept one
 * (`recordUnchanged`); a failed fetch changes nothing, and only the lines of tasks this config keeps
 * state for count. The file is read streaming, a line at a time within a cap, after its archives
 * made since the runs' marks (their lines may be there: see `UnsavedRuns.linesFiles`); a line that
 * does not read (the kill cut the last batch) is skipped, and counted in the warning: its fetch's
 * entry stays as the saved state had it. None of this runs when no run ended unsaved.
 * @module
 */
import { provesUnchanged } from "./not_modified.ts";
import { HEADER_VALUE_CONTROL, HeaderList } from "../http/mod.ts";
import { isJsonObject, messageOf, readLines } from "../loop/mod.ts";
import { ConfinedDir } from "../sinks/mod.ts";
import { formatCount } from "./count_text.ts";
import { resolve } from "./deps.ts";
import type { RunState, SavedFile } from "./kept_state.ts";
import { savesFile } from "./resume.ts";
import { validatorHeaders } from "./resume_validator.ts";
import type { ConfigSpec } from "./spec.ts";
import type { UnsavedRuns } from "./unsaved_runs.ts";

/**
 * The longest metadata line replayed, in UTF-16 code units: far past the line of a response head
 * within the default `maxHeaderSize` (64 KiB); a longer one is skipped as it is read.
 */
const MAX_LINE_CHARS = 4 * 2 ** 20;

/** How corun starts every metadata line: the run id follows. */
const LINE_START = '{"runId":"';

/**
 * Replays the metadata lines of the runs that ended without saving their state into `state`, and
 * says so once per run that left any.
 *
 * @param state The run's state, just loaded.
 * @param config The run's config (which tasks keep state).
 * @param unsaved The marks of the config's metadata file.
 * @param warn Told what was recovered, or why the file could not be read.
 */
export async function recoverState(
  state: RunState,
  config: ConfigSpec,
  unsaved: UnsavedRuns,
  warn: (message: string) => void,
): Promise<void> {
  const ended = unsaved.takeEnded(() => ConfinedDir.openSync(unsaved.outDir));
  if (ended.length === 0) return;
  const replay = new Replay(state, config, ended);
  const path = resolve(unsaved.outDir, unsaved.metadataPath);
  for (const relative of unsaved.linesFiles()) {
    try {
      using file = unsaved.openLines(relative);
      if (file === undefined) continue;
      for await (const lines of readLines(file, MAX_LINE_CHARS)) {
        for (const line of lines) replay.line(line);
      }
    } catch (error) {
      // What was read so far stands: each line is recorded as it comes, in order.
      const shown = resolve(unsaved.outDir, relative);
      warn(`Cannot read the metadata "${shown}" to recover an unsaved state: ${messageOf(error)}`);
    }
  }
  for (const [runId, fetches] of replay.fetches) {
    const cut = replay.cutLines.get(runId) ?? 0;
    if (fetches === 0 && cut === 0) continue;
    warn(
      `Recovered the state of run ${runId} from its metadata "${path}" (${formatCount(fetches)} ` +
        `${fetches === 1 ? "fetch" : "fetches"}${cutLinesText(cut)}): it ended without saving it`,
    );
  }
}

/** The lines the kill cut short, as the recovery's warning says them; empty for none. */
function cutLinesText(cut: number): string {
  if (cut === 0) return "";
  const lines = cut === 1 ? "1 line" : `${formatCount(cut)} lines`;
  return `; ${lines} cut short by the kill skipped, ${cut === 1 ? "its fetch" : "their fetches"} ` +
    "not recovered";
}

/** The lines of some runs, recorded into a state. */
class Replay {
  /** Lines recorded, by run: only these runs' lines are read. */
  readonly fetches = new Map<string, number>();
  /** Lines of these runs that do not read (cut short by the kill), by run. */
  readonly cutLines = new Map<string, number>();
  readonly #state: RunState;
  /** Tasks whose saves the state records. */
  readonly #tracked = new Set<string>();

  constructor(state: RunState, config: ConfigSpec, runIds: readonly string[]) {
    this.#state = state;
    for (const id of runIds) this.fetches.set(id, 0);
    for (const spec of config.tasks) {
      if (spec.kind === "fetch" && state.tracks(spec)) this.#tracked.add(spec.name);
    }
  }

  /** Records one line, when it is one of the runs' and says what a save would have recorded. */
  line(text: string): void {
    // Other runs' lines are not parsed at all.
    if (!text.startsWith(LINE_START)) return;
    const runId = text.slice(LINE_START.length, text.indexOf('"', LINE_START.length));
    const recorded = this.fetches.get(runId);
    if (recorded === undefined) return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      this.cutLines.set(runId, (this.cutLines.get(runId) ?? 0) + 1); // cut by the kill
      return;
    }
    if (this.#record(record)) this.fetches.set(runId, recorded + 1);
  }

  /** Records what the fetch of `record` recorded, as `attemptFetch` does; false when nothing. */
  #record(record: unknown): boolean {
    if (!isJsonObject(record) || record.error !== undefined) return false;
    const { task, url, savedPath } = record;
    if (typeof task !== "string" || typeof url !== "string" || !this.#tracked.has(task)) {
      return false;
    }
    // A tracked task saves to files only (`RunState.tracks`): a path of "-" is a file of that name.
    if (typeof savedPath !== "string") return false;
    const status = record.status;
    // A line of a whole kept partial saved on a 416 says it resumed from all of its bytes.
    const keptWhole = status === 416 && record.resumedFrom !== undefined &&
      record.resumedFrom === record.bytes;
    // Its file is of the version its bytes came with (the If-Range sent), as `done` records it: the
    // 416's own headers often name none. A line of a corun before `ifRange` goes by its headers.
    const headers = keptWhole && record.ifRange !== undefined
      ? keptValidatorOf(record.ifRange)
      : validatorsOf(record.headers);
    if (headers === undefined) return false;
    if (record.unchanged === true) {
      const previous = this.#state.previousSave(url);
      if (previous?.savedPath !== savedPath) return false;
      // A 304 about another version (a line of a corun that took it as unchanged) changes nothing.
      if (!provesUnchanged(headers, previous, Date.now())) return false;
      this.#state.recordUnchanged(url, previous, headers);
      return true;
    }
    if (typeof status !== "number" || !savesFile(status, keptWhole)) return false;
    const saved = savedFileOf(record);
    const savedAtMs = savedAtOf(record);
    if (saved === undefined || savedAtMs === undefined) return false;
    this.#state.recordSaved(url, headers, savedPath, saved, savedAtMs);
    return true;
  }
}

/** The line's ETag and Last-Modified, as the response's headers gave them to the state. */
function validatorsOf(headers: unknown): HeaderList | undefined {
  if (!isJsonObject(headers)) return undefined;
  const list = new HeaderList();
  for (const name of ["etag", "last-modified"]) {
    const value = headers[name];
    if (value === undefined) continue;
    // What a request header may not carry, as the state file's reader refuses it.
    if (typeof value !== "string" || HEADER_VALUE_CONTROL.test(value)) return undefined;
    list.append(name, value);
  }
  return list;
}

/** The validator a whole kept partial's line names as its `ifRange`, as the state records it. */
function keptValidatorOf(ifRange: unknown): HeaderList | undefined {
  // What a request header may not carry, as the state file's reader refuses it.
  if (typeof ifRange !== "string" || ifRange === "" || HEADER_VALUE_CONTROL.test(ifRange)) {
    return undefined;
  }
  return validatorHeaders({ validator: ifRange });
}

/** The saved file's size and digests, as the line gives them. */
function savedFileOf(record: Record<string, unknown>): SavedFile | undefined {
  const { bytes, sha256, checksum } = record;
  if (!Number.isSafeInteger(bytes) || (bytes as number) < 0) return undefined;
  // None computed: null, or left out.
  if (sha256 !== undefined && sha256 !== null && typeof sha256 !== "string") return undefined;
  const saved: SavedFile = { bytes: bytes as number, sha256: sha256 ?? null };
  if (checksum === undefined) return saved;
  if (!isJsonObject(checksum) || typeof checksum.actual !== "string") return undefined;
  if (checksum.algorithm !== "sha256" && checksum.algorithm !== "sha512") return undefined;
  saved.checksum = { algorithm: checksum.algorithm, actual: checksum.actual };
  return saved;
}

/**
 * When the file's last write was done, by the line's times, rounded up: the fetch's start and its
 * total time end where the save did (`totalMs` is measured to the end of the write), and the
 * wall-clock start is whole milliseconds, cut down, so a millisecond more keeps the file's own
 * modification time at or before it (see `isStillSaved`).
 */
function savedAtOf(record: Record<string, unknown>): number | undefined {
  const startedMs = typeof record.startedAt === "string" ? Date.parse(record.startedAt) : NaN;
  const timings = record.timings;
  const totalMs = isJsonObject(timings) ? timings.totalMs : undefined;
  if (!Number.isFinite(startedMs) || typeof totalMs !== "number" || !(totalMs >= 0)) {
    return undefined;
  }
  return Math.ceil(startedMs + totalMs) + 1;
}
