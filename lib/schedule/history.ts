/**
 * The run history: one JSON line per finished run, appended, never rewritten. The scheduler's
 * catch-up reads the last line to learn when the previous run was.
 * @module
 */
import { dirname } from "./deps.ts";

/** The usual history file, in the output directory. */
export const HISTORY_FILE_NAME = ".corun-history.jsonl";

/** Bytes read per step when reading the history from its end. */
const READ_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** One finished run. */
export interface HistoryEntry {
  /** ISO 8601 wall-clock start and end. */
  startedAt: string;
  endedAt: string;
  /** The exit code the run ended with (as the CLI would report it). */
  exitCode: number;
  /** Task outcomes counted, such as `{ done: 3, failed: 1, cancelled: 0, skipped: 0 }`. */
  counts: Record<string, number>;
  /** ISO 8601 fire time when the run was started by a schedule. */
  fireAt?: string;
}

/**
 * Appends one entry as one line (making the file and its directory if needed). A line torn by an
 * earlier crash is closed off first, so it cannot swallow this one.
 *
 * @param path The history file, usually `<outDir>/.corun-history.jsonl`.
 * @param entry The run.
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
export async function appendHistory(path: string, entry: HistoryEntry): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  using file = await Deno.open(path, { read: true, append: true, create: true });
  const { size } = await file.stat();
  let needsNewline = false;
  if (size > 0) {
    const last = new Uint8Array(1);
    await file.seek(size - 1, Deno.SeekMode.Start);
    needsNewline = (await file.read(last)) === 1 && last[0] !== NEWLINE;
  }
  const line = `${needsNewline ? "\n" : ""}${JSON.stringify(entry)}\n`;
  // One write in append mode: concurrent appenders do not interleave within a line.
  const bytes = new TextEncoder().encode(line);
  let offset = 0;
  while (offset < bytes.byteLength) offset += await file.write(bytes.subarray(offset));
}

/**
 * Reads the last `limit` runs, oldest first, reading the file from its end (a long history is not
 * read whole). Lines that are not history entries (a line torn by a crash) are skipped.
 *
 * @param path The history file.
 * @param limit How many runs at most. @default Infinity
 * @returns The runs; empty when the file does not exist.
 * @throws {Error} The file system error when it exists but cannot be read.
 */
export async function readHistory(path: string, limit = Infinity): Promise<HistoryEntry[]> {
  if (limit <= 0) return [];
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  using _file = file;
  const decoder = new TextDecoder();
  const newestFirst: HistoryEntry[] = [];
  const take = (bytes: Uint8Array) => {
    const entry = parseEntry(decoder.decode(bytes));
    if (entry) newestFirst.push(entry);
  };
  let position = (await file.stat()).size;
  // Bytes before the last newline seen, not yet known to be a whole line.
  let rest: Uint8Array = new Uint8Array(0);
  while (position > 0 && newestFirst.length < limit) {
    const size = Math.min(READ_CHUNK_BYTES, position);
    position -= size;
    const buffer = new Uint8Array(size + rest.byteLength);
    await file.seek(position, Deno.SeekMode.Start);
    await readFull(file, buffer.subarray(0, size));
    buffer.set(rest, size);
    let end = buffer.byteLength;
    for (let i = end - 1; i >= 0 && newestFirst.length < limit; i--) {
      if (buffer[i] !== NEWLINE) continue;
      take(buffer.subarray(i + 1, end));
      end = i;
    }
    rest = buffer.subarray(0, end);
  }
  if (position === 0 && newestFirst.length < limit) take(rest);
  return newestFirst.reverse();
}

/**
 * When the last recorded run was, for the scheduler's catch-up: its fire time if it had one, else its
 * start.
 *
 * @param path The history file.
 * @returns Epoch milliseconds, or undefined when there is no history.
 */
export async function readLastRunWallMs(path: string): Promise<number | undefined> {
  const [last] = await readHistory(path, 1);
  if (!last) return undefined;
  const wallMs = Date.parse(last.fireAt ?? last.startedAt);
  return Number.isNaN(wallMs) ? undefined : wallMs;
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
