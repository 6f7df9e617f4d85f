/**
 * The run history: one JSON line per finished or skipped run, appended as the run ends (so not in
 * the order of fire times). The scheduler's catch-up reads a schedule's lines for its latest fire.
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
import { resolve } from "./deps.ts";

/** The usual history file, in the output directory (named where the config check knows it). */
export { HISTORY_FILE_NAME } from "../config/history_file.ts";

/** Runs kept per schedule when a config does not say (`keepHistory`). */
export const DEFAULT_KEEP_HISTORY = 1000;

/** Fewest bytes of a history line: a file smaller than `keep` of them cannot hold too many runs. */
const MIN_LINE_BYTES = 100;

/** Bytes read per step when reading the history from its end. */
const READ_CHUNK_BYTES = 64 * 1024;
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

/**
 * Whether a line is a run of `config`: a line that names no config (written before configs were
 * told apart) is every config's, as it was, so an output directory of one config reads as before;
 * without `config`, every line is.
 *
 * @param entry A history line.
 * @param config The config, as its lines name it.
 * @returns True when the line counts for that config.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isRunOfConfig } from "./history.ts";
 * const at = "2026-11-25T10:00:00.000Z";
 * const run = { startedAt: at, endedAt: at, exitCode: 0, counts: {} };
 * assert(isRunOfConfig({ ...run, config: "../a.yaml" }, "../a.yaml"));
 * assert(!isRunOfConfig({ ...run, config: "../b.yaml" }, "../a.yaml"));
 * assert(isRunOfConfig(run, "../a.yaml"));
 * ```
 */
export function isRunOfConfig(entry: HistoryEntry, config: string | undefined): boolean {
  return config === undefined || entry.config === undefined || entry.config === config;
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

/**
 * Appends one entry as one line (making the file and its directory if needed), never through a
 * symbolic link, whole or not at all. A line torn by an earlier crash is closed off first, so it
 * cannot swallow this one (see `LineFile`). Then prunes to `options.keep` runs per schedule (see the
 * module doc).
 *
 * @param path The history file, usually `<outDir>/.corun-history.jsonl`.
 * @param entry The run.
 * @param options Retention.
 * @throws {Error} The file system error when the file cannot be written.
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
  entry: HistoryEntry,
  options: AppendHistoryOptions = {},
): Promise<void> {
  const absolute = resolve(path);
  const line = new TextEncoder().encode(`${JSON.stringify(entry)}\n`);
  // Locked on the file the path names by then: another process's prune may rename a new one over
  // it while this one waits, and a line appended to the old one would be lost.
  const file = await openLocked(absolute, () => LineFile.open(absolute));
  try {
    await file.append(line);
    await pruneHistory(absolute, options.keep ?? Infinity, entry.config);
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
  const entries = await readHistory(path);
  const isOwn = (entry: HistoryEntry) => isRunOfConfig(entry, config);
  const perSchedule = new Map<string | undefined, number>();
  for (const { task } of entries.filter(isOwn)) {
    perSchedule.set(task, (perSchedule.get(task) ?? 0) + 1);
  }
  const slack = Math.max(1, Math.ceil(keep / 10));
  if (![...perSchedule.values()].some((count) => count > keep + slack)) return;
  const kept: HistoryEntry[] = [];
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
 * Reads the last `limit` runs, oldest first, reading the file from its end (a long history is not
 * read whole). Lines that are not history entries (a line torn by a crash) are skipped, and so are
 * lines longer than {@linkcode MAX_LINE_BYTES}, which no run writes.
 *
 * @param path The history file.
 * @param limit How many runs at most. @default Infinity
 * @returns The runs; empty when the file does not exist.
 * @throws {ConfinementError} When the file is a symbolic link or not a regular file.
 * @throws {Error} The file system error when it exists but cannot be read.
 */
export async function readHistory(path: string, limit = Infinity): Promise<HistoryEntry[]> {
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
  const newestFirst: HistoryEntry[] = [];
  const line = new LineTail();
  const take = (head: Uint8Array) => {
    const bytes = line.complete(head);
    const entry = bytes && parseEntry(decoder.decode(bytes));
    if (entry) newestFirst.push(entry);
  };
  let position = (await file.stat()).size;
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
  }
  if (position === 0 && newestFirst.length < limit) take(new Uint8Array(0));
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

function parseEntry(line: string): HistoryEntry | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const entry = value as HistoryEntry;
  const isEntry = typeof value === "object" && value !== null &&
    typeof entry.startedAt === "string" && typeof entry.endedAt === "string" &&
    typeof entry.exitCode === "number" && typeof entry.counts === "object" && entry.counts !== null;
  return isEntry ? entry : undefined;
}

async function readFull(file: Deno.FsFile, buffer: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < buffer.byteLength) {
    const read = await file.read(buffer.subarray(offset));
    if (read === null) throw new Error("Cannot read history: the file shrank while being read");
    offset += read;
  }
}
