/**
 * The run history: one JSON line per finished or skipped run, appended as the run ends (so not in
 * the order of fire times), and one per run that never ended (killed: SIGKILL, the OOM killer, a
 * power cut), `unfinished: "lost"`, appended by the next run of its config that finds it so (see
 * `run_marks.ts`). The scheduler's catch-up reads a schedule's lines for its latest fire.
 *
 * Retention: once a schedule has more than `keep` runs (plus a tenth, so the file is not rewritten on
 * every run), its oldest lines are dropped by writing the kept lines to a temporary and renaming it
 * over the file (through the output directory's `ConfinedDir`): a reader or a crash sees the old file
 * or the new one, never a torn one. Appends and rewrites hold an OS lock on the file, and an appender
 * that finds the file renamed under it appends to the new one, so no line is lost to a rewrite.
 *
 * Configs that share an output directory share its history: each line says its config, and each
 * config's catch-up, listing and pruning go by its own lines (`isRunOfConfig`).
 * @module
 */
import { AtomicFile, ConfinedDir, LineFile, openLocked } from "../sinks/mod.ts";
import { isRunId, isRunOfConfig } from "../tasks/mod.ts";
import { resolve } from "./deps.ts";
import { headOf } from "../loop/mod.ts";

/** The usual history file, in the output directory (named where the config check knows it). */
export { HISTORY_FILE_NAME } from "../tasks/own_files.ts";

/** Which lines count for a config: lib/tasks's, which names a config in its output directory's files. */
export { isRunOfConfig };

/** Runs kept per schedule when a config does not say (`keepHistory`). */
const DEFAULT_KEEP_HISTORY = 1000;

/**
 * How many runs per schedule a config keeps in the history: its `keepHistory`, else
 * {@linkcode DEFAULT_KEEP_HISTORY}.
 *
 * @param config The config.
 * @returns The number of runs, for {@linkcode AppendHistoryOptions.keep}.
 */
export function historyKeepOf(config: { keepHistory?: number }): number {
  return config.keepHistory ?? DEFAULT_KEEP_HISTORY;
}

/** Fewest bytes of a history line: a file smaller than `keep` of them cannot hold too many runs. */
const MIN_LINE_BYTES = 100;

/** Bytes read per step when reading the history, from its end or from its start. */
export const READ_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** Longer lines are skipped unread: a run's entry is a few hundred bytes, and memory stays bounded. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** One finished run, or one fire that did not run (`skipped`). */
export interface HistoryEntry {
  /** The run's id, also on each of its metadata lines (absent in lines written before run ids). */
  runId?: string;
  /** ISO 8601 wall-clock start. */
  startedAt: string;
  /** ISO 8601 wall-clock end. */
  endedAt: string;
  /** The exit code the run ended with (as the CLI would report it). */
  exitCode: number;
  /** Task outcomes counted, such as `{ done: 3, failed: 1, cancelled: 0, skipped: 0 }`. */
  counts: Record<string, number>;
  /** ISO 8601 fire time when the run was started by a schedule. */
  fireAt?: string;
  /** The task whose own schedule made the run; absent for the whole config. */
  task?: string;
  /** Why the run did not happen, when it was skipped (an earlier run still going, the lock held). */
  skipped?: string;
  /**
   * Which config the run was of, when configs share the file (their output directory); absent in
   * lines written before configs were told apart, which count as runs of every config.
   */
  config?: string;
}

/** Who a run is, as the mark it keeps while it runs says (see `run_marks.ts`). */
export interface MarkedRun {
  /** The run's id. */
  runId: string;
  /** ISO 8601 wall-clock start. */
  startedAt: string;
  /** Its process's id, on `host`. */
  pid: number;
  /** Its machine's name; empty when it could not read it (no `--allow-sys=hostname`). */
  host: string;
  /** Which config the run was of (see {@linkcode HistoryEntry.config}). */
  config?: string;
  /** The task whose own schedule made the run; absent for the whole config. */
  task?: string;
  /** ISO 8601 fire time when the run was started by a schedule. */
  fireAt?: string;
}

/**
 * A run that has no end line: still going, or ended without one (killed). On a history line it is
 * always `lost`, with its `pid` and `host`; `corun history` also shows the runs whose marks it finds
 * (see `run_marks.ts`), where a mark its run holds on Windows cannot be read: that run is known by its
 * id alone (its `runId` and `startedAt`, no `pid`, `host`, `config`, `task` nor `fireAt`).
 */
export interface UnfinishedRun extends Omit<MarkedRun, "pid" | "host"> {
  /** Its process's id, on `host`; absent when its mark could not be read. */
  pid?: number;
  /** Its machine's name (empty when it could not read it); absent when its mark could not be read. */
  host?: string;
  /**
   * `running`: its process still holds its mark; `lost`: it ended without its history line (killed
   * by SIGKILL or the OOM killer, or its machine went down); `unknown`: the mark's lock cannot be
   * asked (a file system without locks).
   */
  unfinished: "running" | "lost" | "unknown";
}

/** A line of the history: a run that ended (or was skipped), or one that never did. */
export type HistoryRun = HistoryEntry | UnfinishedRun;

/**
 * Whether a run has no end: one found lost, or (from its mark) still going.
 *
 * @param run A history line, or a run its mark shows.
 * @returns True for an {@linkcode UnfinishedRun}.
 */
export function isUnfinished(run: HistoryRun): run is UnfinishedRun {
  return "unfinished" in run;
}

/** Options of {@linkcode appendHistory}. */
export interface AppendHistoryOptions {
  /**
   * Runs kept per schedule of the entry's config (its lines with the same `task`, see
   * {@linkcode isRunOfConfig}); older ones are dropped. Other configs' lines are left alone: each
   * config prunes its own, by its own `keepHistory`. @default Infinity
   */
  keep?: number;
}

/** What {@linkcode appendHistory} did besides appending its line. */
export interface HistoryAppend {
  /**
   * Why the file could not be pruned to `keep` runs per schedule (a full disk, a directory that
   * cannot be written): the line was appended all the same.
   */
  pruneError?: unknown;
}

/**
 * Appends one run (or one found lost) as one line (making the file and its directory if needed),
 * never through a symbolic link, whole or not at all. A line torn by an earlier crash is closed off
 * first, so it cannot swallow this one (see `LineFile`). Then prunes to `options.keep` runs per
 * schedule (see the module doc). A prune that fails is returned, not thrown: the line is in the
 * file by then, and the next append prunes again.
 *
 * @param path The history file, usually `<outDir>/.corun-history.jsonl`.
 * @param entry The run.
 * @param options Retention.
 * @returns The prune's failure, when there was one.
 * @throws {Error} The file system error when the line cannot be written.
 * @example
 * ```ts
 * import { appendHistory, readHistory } from "./history.ts";
 * const dir = await Deno.makeTempDir();
 * const at = new Date().toISOString();
 * await appendHistory(`${dir}/h.jsonl`, { startedAt: at, endedAt: at, exitCode: 0, counts: { done: 1 } });
 * console.log((await readHistory(`${dir}/h.jsonl`, 10)).length); // 1
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function appendHistory(
  path: string,
  entry: HistoryRun,
  options: AppendHistoryOptions = {},
): Promise<HistoryAppend> {
  const absolute = resolve(path);
  const line = new TextEncoder().encode(`${JSON.stringify(entry)}\n`);
  // Locked on the file the path names by then: another process's prune may rename a new one over
  // it while this one waits, and a line appended to the old one would be lost.
  const file = await openLocked(absolute, () => LineFile.open(absolute));
  try {
    await file.append(line);
    try {
      await pruneHistory(absolute, options.keep ?? Infinity, entry.config);
    } catch (error) {
      // A disk with room for a line may have none for the pruned copy: the run is recorded.
      return { pruneError: error };
    }
    return {};
  } finally {
    file.close();
  }
}

/**
 * Appends one run as {@linkcode appendHistory} does, but synchronously and without waiting, for a
 * process about to exit (a second Ctrl-C): nothing is written while another process holds the
 * file's lock this moment (an append or a prune under way), and nothing is pruned (the next run's
 * line prunes).
 *
 * @param path The history file.
 * @param entry The run.
 * @returns Whether the line was written.
 * @throws {Error} The file system error when the file cannot be written.
 */
export function tryAppendHistorySync(path: string, entry: HistoryRun): boolean {
  const absolute = resolve(path);
  const file = LineFile.openSync(absolute);
  try {
    // A prune that renamed a new file over the one opened: a line appended to it would be lost.
    if (!file.tryLockSync() || !file.isAtSync(absolute)) return false;
    file.appendSync(new TextEncoder().encode(`${JSON.stringify(entry)}\n`));
    return true;
  } finally {
    file.close();
  }
}

/**
 * Drops the oldest runs of each schedule of `config` beyond `keep` (with slack); the caller holds the
 * file's lock. Lines of other configs are kept as they are.
 */
async function pruneHistory(path: string, keep: number, config: string | undefined): Promise<void> {
  if (keep === Infinity) return;
  const { size } = await Deno.stat(path);
  if (size < keep * MIN_LINE_BYTES) return;
  const slack = Math.max(1, Math.ceil(keep / 10));
  // No schedule has more runs than the file has lines: a history at its steady size (up to `keep`
  // plus the slack) is counted, not parsed, on every run; parsing it all cost ~20 ms per run.
  if (runLinesAtMost(path, config) <= keep + slack) return;
  const entries = await readHistory(path);
  const isOwn = (entry: HistoryRun) => isRunOfConfig(entry, config);
  const perSchedule = new Map<string | undefined, number>();
  for (const { task } of entries.filter(isOwn)) {
    perSchedule.set(task, (perSchedule.get(task) ?? 0) + 1);
  }
  if (![...perSchedule.values()].some((count) => count > keep + slack)) return;
  const kept: HistoryRun[] = [];
  const seen = new Map<string | undefined, number>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (!isOwn(entry)) {
      kept.push(entry);
      continue;
    }
    const newer = seen.get(entry.task) ?? 0;
    seen.set(entry.task, newer + 1);
    if (newer < keep) kept.push(entry);
  }
  const text = kept.reverse().map((entry) => `${JSON.stringify(entry)}\n`).join("");
  AtomicFile.writeWholeSync(path, new TextEncoder().encode(text));
}

/**
 * How many lines the file holds at most, counted without parsing them: its newlines, plus one for a
 * last line without its newline. Read as `readHistory` reads it, never through a symbolic link.
 */
function linesAtMost(path: string): number {
  using file = ConfinedDir.openToReadSync(path);
  return newlinesBefore(file, Infinity) + 1;
}

/** The newlines among the file's first `end` bytes (up to its end for Infinity), read in chunks. */
function newlinesBefore(file: Deno.FsFile, end: number): number {
  file.seekSync(0, Deno.SeekMode.Start);
  const buffer = new Uint8Array(READ_CHUNK_BYTES);
  let newlines = 0;
  for (let position = 0; position < end;) {
    const read = file.readSync(buffer.subarray(0, Math.min(buffer.byteLength, end - position)));
    if (read === null) break;
    position += read;
    const chunk = buffer.subarray(0, read);
    for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
  }
  return newlines;
}

/**
 * How many of the history's lines may be runs of `config`, counted without parsing them: the lines
 * that name it, and those that name no config (a run recorded without one is anyone's, see
 * {@linkcode isRunOfConfig}). `"config":` stands in a line corun wrote only as that key (JSON
 * escapes a quote inside a string), so a history shared with other configs whose lines pile up is
 * not parsed whole on every run to find nothing of this config's to prune.
 *
 * @param path The history file.
 * @param config The config whose runs are counted; undefined counts every line.
 * @returns The count, never lower than the runs of `config` the file holds.
 */
export function runLinesAtMost(path: string, config: string | undefined): number {
  if (config === undefined) return linesAtMost(path);
  // One character per byte, for the file and the key alike: the key's UTF-8 bytes match as they are.
  const bytesAsText = new TextDecoder("latin1");
  const ownKey = bytesAsText.decode(
    new TextEncoder().encode(`${CONFIG_KEY}${JSON.stringify(config)}`),
  );
  using file = ConfinedDir.openToReadSync(path);
  const buffer = new Uint8Array(READ_CHUNK_BYTES);
  let count = 0;
  let rest = "";
  for (let read = file.readSync(buffer); read !== null; read = file.readSync(buffer)) {
    const text = rest + bytesAsText.decode(buffer.subarray(0, read));
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      if (mayBeRunOf(text.slice(start, end), ownKey)) count++;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  // A last line without its newline counts too (an append in progress, or a torn run).
  if (rest !== "" && mayBeRunOf(rest, ownKey)) count++;
  return count;
}

/** The key a history line names its config with, as `JSON.stringify` writes it. */
const CONFIG_KEY = '"config":';

/** Whether a line names no config, or names the one `ownKey` (`"config":"a.yaml"`) does. */
function mayBeRunOf(line: string, ownKey: string): boolean {
  const at = line.indexOf(CONFIG_KEY);
  return at === -1 || line.startsWith(ownKey, at);
}

/** A line of the history that is not a run (torn by a crash, edited by hand), and what is wrong. */
export interface DamagedHistoryLine {
  /** Its line number, from 1. */
  line: number;
  /** What is wrong with it, such as `exitCode: expected a whole number from 0 to 255, got 1.5`. */
  problem: string;
}

/** Options of {@linkcode readHistory}. */
export interface ReadHistoryOptions {
  /**
   * Only the runs of this config are returned and counted against the limit (see
   * {@linkcode isRunOfConfig}): other configs' lines are read past. Without it, every run is.
   */
  config?: string;
  /** Told of each damaged line read (the line is skipped either way), oldest first. */
  onDamagedLine?: (damage: DamagedHistoryLine) => void;
  /**
   * Told of each run of another config read past, newest first: when none of `config` is found,
   * whose runs the file holds instead (a config that shares the output directory, or was renamed).
   */
  onOtherConfigRun?: (run: HistoryRun) => void;
}

/**
 * Reads the last `limit` runs (of `options.config`, when given), oldest first, reading the file
 * backwards from its end in chunks and stopping at the oldest of them: a long history, or one shared
 * with many configs, is not read whole. Lines that are not history entries (a line torn by a crash,
 * a field edited by hand into something no run writes) are skipped and told to
 * `options.onDamagedLine`, and so are lines longer than {@linkcode MAX_LINE_BYTES}, which no run
 * writes; only the lines read are looked at. A last line without its newline that is not a run is
 * skipped unreported: it may be an append in progress. Lines appended while the file is read are not
 * read.
 *
 * @param path The history file.
 * @param limit How many runs at most. @default Infinity
 * @param options Whose runs, and where damaged lines are told.
 * @returns The runs; empty when the file does not exist.
 * @throws {ConfinementError} When the file is a symbolic link or not a regular file.
 * @throws {Error} The file system error when it exists but cannot be read.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { readHistory } from "./history.ts";
 * const dir = await Deno.makeTempDir();
 * const run = '{"startedAt":"2026-11-25T10:00:00Z","endedAt":"2026-11-25T10:00:03Z","exitCode":0,"counts":{"done":1}}';
 * await Deno.writeTextFile(`${dir}/h.jsonl`, `${run}\n{"startedAt":"x"}\n`);
 * const damaged: unknown[] = [];
 * const runs = await readHistory(`${dir}/h.jsonl`, Infinity, { onDamagedLine: (d) => damaged.push(d) });
 * assertEquals(runs.length, 1);
 * assertEquals(damaged, [{ line: 2, problem: 'startedAt: expected an ISO 8601 time, got "x"' }]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readHistory(
  path: string,
  limit = Infinity,
  options: ReadHistoryOptions = {},
): Promise<HistoryRun[]> {
  if (limit <= 0) return [];
  let file: Deno.FsFile;
  try {
    // Never through a symbolic link: a history that is a link to another file is refused.
    file = ConfinedDir.openToReadSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  using _file = file;
  const decoder = new TextDecoder();
  const newestFirst: HistoryRun[] = [];
  const line = new LineTail();
  // Found from the end, numbered once the reading stops (a line's number counts from the start).
  const damagedFromEnd: { piece: number; problem: string }[] = [];
  let pieces = 0; // the pieces between newlines taken so far, the unterminated last one first
  const take = (head: Uint8Array) => {
    const piece = pieces++;
    const bytes = line.complete(head);
    const parsed = bytes === undefined
      ? { problem: `longer than ${MAX_LINE_BYTES} bytes` }
      : parseEntry(decoder.decode(bytes)); // whole lines only: no character is cut in two
    if (parsed === undefined) return;
    if (!("entry" in parsed)) {
      if (piece > 0) damagedFromEnd.push({ piece, problem: parsed.problem });
    } else if (isRunOfConfig(parsed.entry, options.config)) {
      newestFirst.push(parsed.entry);
    } else {
      options.onOtherConfigRun?.(parsed.entry);
    }
  };
  // The size seen now: lines appended while reading are left for the next reader.
  let position = (await file.stat()).size;
  let unread = position; // the bytes before the lines taken, when the limit stops the reading
  const buffer = new Uint8Array(Math.min(READ_CHUNK_BYTES, position));
  while (position > 0 && newestFirst.length < limit) {
    const size = Math.min(READ_CHUNK_BYTES, position);
    position -= size;
    const chunk = buffer.subarray(0, size);
    await file.seek(position, Deno.SeekMode.Start);
    await readFull(file, chunk);
    let end = size;
    for (let i = end - 1; i >= 0 && newestFirst.length < limit; i--) {
      if (chunk[i] !== NEWLINE) continue;
      take(chunk.subarray(i + 1, end));
      end = i;
    }
    line.prepend(chunk.subarray(0, end));
    unread = position + end;
  }
  const readWhole = position === 0 && newestFirst.length < limit;
  if (readWhole) take(new Uint8Array(0));
  if (damagedFromEnd.length === 0) return newestFirst.reverse();
  // Numbered from the file's start, where a hand edit is looked for: the lines left unread are
  // counted (not parsed), and only when there is a damaged line to tell.
  const lines = pieces + (readWhole ? 0 : newlinesBefore(file, unread) + 1);
  for (const { piece, problem } of damagedFromEnd.reverse()) {
    options.onDamagedLine?.({ line: lines - piece, problem });
  }
  return newestFirst.reverse();
}

/**
 * The part of a line read so far while reading backwards: its pieces are copied once each and joined
 * once when the line's start is found; a line that outgrows the cap is dropped, not kept growing.
 */
class LineTail {
  /** Pieces from the end of the line backwards. */
  #pieces: Uint8Array[] = [];
  #bytes = 0;
  #overlong = false;

  /** Adds bytes found before what is held (copied: the read buffer is reused). */
  prepend(piece: Uint8Array): void {
    if (this.#overlong || piece.byteLength === 0) return;
    this.#bytes += piece.byteLength;
    if (this.#bytes > MAX_LINE_BYTES) {
      this.#overlong = true;
      this.#pieces = [];
      return;
    }
    this.#pieces.push(piece.slice());
  }

  /** The whole line once `head`, its first bytes, is found; undefined when it was too long. */
  complete(head: Uint8Array): Uint8Array | undefined {
    const pieces = this.#pieces;
    const length = head.byteLength + this.#bytes;
    const overlong = this.#overlong || length > MAX_LINE_BYTES;
    this.#pieces = [];
    this.#bytes = 0;
    this.#overlong = false;
    if (overlong) return undefined;
    if (pieces.length === 0) return head;
    const line = new Uint8Array(length);
    line.set(head);
    let offset = head.byteLength;
    for (let i = pieces.length - 1; i >= 0; i--) {
      line.set(pieces[i], offset);
      offset += pieces[i].byteLength;
    }
    return line;
  }
}

/** A line read as a run, or what keeps it from being one; undefined for a blank line. */
function parseEntry(line: string): { entry: HistoryRun } | { problem: string } | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: "not a JSON line (cut short by a crash, or edited by hand)" };
  }
  const problem = entryProblem(value);
  return problem === undefined ? { entry: value as HistoryRun } : { problem };
}

/**
 * What keeps a parsed line from being a run that corun could have written, field by field: a
 * hand-edited field would otherwise show as `NaN`, `Infinity` or `[object Object]`, and a fire time
 * that is not a time would mislead `catchUp`.
 */
function entryProblem(value: unknown): string | undefined {
  const notObject = objectProblem(value);
  if (notObject !== undefined) return notObject;
  const entry = value as Record<string, unknown>;
  if (entry.unfinished !== undefined) {
    // Only a run found lost is written; one still going is no line.
    if (entry.unfinished !== "lost") {
      return `unfinished: expected "lost", got ${describeValue(entry.unfinished)}`;
    }
    return markedRunProblem(entry);
  }
  const badTime = timesProblem(entry, ["startedAt", "endedAt"]);
  if (badTime !== undefined) return badTime;
  const { exitCode, counts } = entry;
  if (!(Number.isInteger(exitCode) && (exitCode as number) >= 0 && (exitCode as number) <= 255)) {
    return `exitCode: expected a whole number from 0 to 255, got ${describeValue(exitCode)}`;
  }
  if (typeof counts !== "object" || counts === null || Array.isArray(counts)) {
    return `counts: expected an object of task counts, got ${describeValue(counts)}`;
  }
  for (const [outcome, count] of Object.entries(counts)) {
    if (!(Number.isSafeInteger(count) && (count as number) >= 0)) {
      return `counts.${outcome}: expected a whole number from 0, got ${describeValue(count)}`;
    }
  }
  return optionalStringsProblem(entry, ["runId", "task", "skipped", "config"]);
}

/**
 * What keeps a parsed value from being a run's mark as corun writes it (or the same fields on a
 * lost run's line), field by field.
 *
 * @param value Parsed JSON.
 * @returns The first problem; undefined when there is none.
 */
export function markedRunProblem(value: unknown): string | undefined {
  const notObject = objectProblem(value);
  if (notObject !== undefined) return notObject;
  const run = value as Record<string, unknown>;
  if (!isRunId(run.runId)) {
    return `runId: expected a run id such as "20261125T100000123Z-3f9a1c2b", got ${
      describeValue(run.runId)
    }`;
  }
  const badTime = timesProblem(run, ["startedAt"]);
  if (badTime !== undefined) return badTime;
  if (!(Number.isSafeInteger(run.pid) && (run.pid as number) >= 0)) {
    return `pid: expected a whole number from 0, got ${describeValue(run.pid)}`;
  }
  if (typeof run.host !== "string") {
    return `host: expected a string, got ${describeValue(run.host)}`;
  }
  return optionalStringsProblem(run, ["task", "config"]);
}

/** What keeps a parsed value from being a JSON object (a line and a mark are both one). */
function objectProblem(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return undefined;
  return `expected a JSON object, got ${describeValue(value)}`;
}

/** The first of `required`, then `fireAt` when given (only a schedule gives it), not a time. */
function timesProblem(
  record: Record<string, unknown>,
  required: readonly string[],
): string | undefined {
  for (const field of [...required, "fireAt"]) {
    const value = record[field];
    if (field === "fireAt" && value === undefined) continue;
    if (!isTime(value)) return `${field}: expected an ISO 8601 time, got ${describeValue(value)}`;
  }
  return undefined;
}

/** The first of `fields` given but not a string. */
function optionalStringsProblem(
  record: Record<string, unknown>,
  fields: readonly string[],
): string | undefined {
  for (const field of fields) {
    const value = record[field];
    if (value !== undefined && typeof value !== "string") {
      return `${field}: expected a string, got ${describeValue(value)}`;
    }
  }
  return undefined;
}

/** An ISO 8601 date and time with its zone, as `toISOString` writes it (seconds may be left out). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;

/** Only ISO 8601: `Date.parse` also takes `"1"` (the year 2001) and `"Nov 25"`. */
function isTime(value: unknown): boolean {
  return typeof value === "string" && ISO_TIME.test(value) && Number.isFinite(Date.parse(value));
}

/** A value as JSON, cut short: what a damaged field holds, for the message. */
function describeValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = "nothing";
  else if (typeof value === "number") text = String(value); // JSON would write Infinity as null
  else text = JSON.stringify(value);
  return text.length > 40 ? `${headOf(text, 39)}…` : text;
}

async function readFull(file: Deno.FsFile, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.byteLength) {
    const read = await file.read(buffer.subarray(offset));
    if (read === null) throw new Error("the file shrank while being read");
    offset += read;
  }
}
