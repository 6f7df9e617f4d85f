/**
 * Appending whole lines to a log file under the output directory: a line is in the file whole or not
 * at all, and a line torn by an earlier kill cannot swallow the next one.
 * @module
 */
import { ConfinedDir } from "./confined_dir.ts";
import { dirname, resolve } from "./deps.ts";
import {
  lockOrUnsupported,
  lockOrUnsupportedSync,
  type LockOutcome,
  tryLockSync,
} from "./file_lock.ts";
import { isFileAt, isFileAtSync, type LockableFile } from "./open_locked.ts";
import type { ByteWriterSync } from "./write_all.ts";
import { appendWholeSync } from "./whole_append.ts";

const NEWLINE = 0x0a;

/** Options of {@linkcode LineFile.open}. */
export interface LineFileOptions {
  /** The output directory the file is confined to. @default the file's own directory */
  within?: ConfinedDir;
  /**
   * What the bytes of a line are written through (the open file unless given): a seam for tests that
   * make a write fail part-way, as a full disk does.
   */
  writerOf?: (file: Deno.FsFile) => ByteWriterSync;
}

/** Whether the open file, `size` bytes long, ends inside a line (its last byte is no newline). */
function endsInsideLine(file: Deno.FsFile, size: number): boolean {
  if (size === 0) return false;
  const last = new Uint8Array(1);
  file.seekSync(size - 1, Deno.SeekMode.Start);
  return file.readSync(last) === 1 && last[0] !== NEWLINE;
}

/**
 * A file of lines opened for appending (made if missing, never through a symbolic link). Each call
 * appends one line or several whole lines as one synchronous write in append mode; when a write
 * fails part-way (a full disk), the file is cut back to where the call started (`appendWholeSync`),
 * so what is left ends with a whole line. If the file does not end with a newline when written to (a line torn by a kill,
 * of this process before it opened the file or of another process writing it too), the first line
 * written starts on a fresh line; the earlier lines stay as they are.
 *
 * Writes are synchronous: a batch of lines costs one system call and no trip through the runtime's
 * thread pool, and nothing else can run between the size taken for the cut-back and the write. Each
 * write holds the file's exclusive OS lock (`flock`, per open file, so two handles of one process
 * exclude each other too), which every corun writer and the metadata log's rotation take: no line
 * lands while another process archives and empties the file, and no other writer's line lands
 * inside a batch that is being cut back. On a file system without `flock` the write goes unlocked
 * (see `file_lock.ts`).
 */
export class LineFile implements LockableFile {
  readonly #file: Deno.FsFile;
  readonly #writer: ByteWriterSync;
  /** The file ends inside a line: the next line must start with a newline. */
  #torn: boolean;
  /**
   * The file's size when `#torn` was last known right (after this handle's own write): any other
   * size means another writer wrote (or emptied the file) since, and its end is looked at again.
   */
  #knownEnd: number;
  /** The caller holds the lock (`lock()`) until it closes the file: writes need not take it. */
  #held = false;
  /** The file system has no `flock`: writes go unlocked, as they can. */
  #lockless = false;

  private constructor(file: Deno.FsFile, writer: ByteWriterSync, size: number) {
    this.#file = file;
    this.#writer = writer;
    this.#torn = endsInsideLine(file, size);
    this.#knownEnd = size;
  }

  /**
   * Opens (making it and its directories when missing) a file of lines for appending.
   *
   * @param path The file (relative to `options.within`, or absolute).
   * @param options Confinement, and the write seam.
   * @returns The open file.
   * @throws {ConfinementError} When it is a symbolic link or its directory leads outside.
   * @throws {Error} The file system error when it cannot be opened.
   */
  static openSync(path: string, options: LineFileOptions = {}): LineFile {
    const absolute = options.within ? path : resolve(path);
    const dir = options.within ?? ConfinedDir.openSync(dirname(absolute));
    const file = dir.openFileSync(absolute, { read: true, append: true });
    try {
      return new LineFile(file, options.writerOf?.(file) ?? file, file.statSync().size);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /**
   * {@linkcode LineFile.openSync}, for callers that await.
   *
   * @param path The file (relative to `options.within`, or absolute).
   * @param options Confinement, and the write seam.
   * @returns The open file.
   */
  static open(path: string, options: LineFileOptions = {}): Promise<LineFile> {
    try {
      return Promise.resolve(LineFile.openSync(path, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Appends whole lines, all of them or none, waiting while another writer holds the file's lock (a
   * batch being written, or another run archiving the file).
   *
   * @param lines One line or several, each ending with a newline.
   * @throws {Error} The file system error; the file is then as it was before the call.
   */
  appendSync(lines: Uint8Array): void {
    this.#appendLocked(lines, () => lockOrUnsupportedSync(this.#file, true));
  }

  /**
   * {@linkcode LineFile.appendSync} unless another writer holds the file's lock now: then nothing is
   * written and the caller keeps its lines for later, instead of waiting.
   *
   * @param lines One line or several, each ending with a newline.
   * @returns Whether the lines were written.
   * @throws {Error} The file system error; the file is then as it was before the call.
   */
  tryAppendSync(lines: Uint8Array): boolean {
    return this.#appendLocked(lines, () => tryLockSync(this.#file, true));
  }

  /** Writes `lines` under the lock `take` takes, unless another writer holds it (false). */
  #appendLocked(lines: Uint8Array, take: () => LockOutcome): boolean {
    let locked = false;
    if (!this.#held && !this.#lockless) {
      const outcome = take();
      if (outcome === "busy") return false;
      locked = outcome === "locked";
      this.#lockless = outcome === "unsupported";
    }
    try {
      this.#write(lines);
    } finally {
      if (locked) this.#file.unlockSync();
    }
    return true;
  }

  #write(lines: Uint8Array): void {
    const { size } = this.#file.statSync();
    // Written by another process since (one killed mid-line, say), or emptied by another run's
    // rotation: whether a line is left to close off is read from the file's end again.
    if (size !== this.#knownEnd) this.#torn = endsInsideLine(this.#file, size);
    let bytes = lines;
    if (this.#torn) {
      bytes = new Uint8Array(lines.byteLength + 1);
      bytes[0] = NEWLINE;
      bytes.set(lines, 1);
    }
    try {
      appendWholeSync(this.#file, bytes, { size, writer: this.#writer });
    } catch (error) {
      // Cut back (or, if even the cut failed, not): the next write looks at the file's end again.
      this.#knownEnd = -1;
      throw error;
    }
    this.#torn = false;
    this.#knownEnd = size + bytes.byteLength;
  }

  /**
   * {@linkcode LineFile.appendSync}, for callers that await.
   *
   * @param lines One line or several, each ending with a newline.
   * @throws {Error} The file system error; the file is then as it was before the call.
   */
  append(lines: Uint8Array): Promise<void> {
    try {
      this.appendSync(lines);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Takes an exclusive OS lock on the open file (waiting for it), for a writer that rewrites the
   * whole file by a rename and must not lose a line appended meanwhile. On a file system without
   * `flock`, goes on without, as every writer there does.
   */
  async lock(): Promise<void> {
    this.#lockless = await lockOrUnsupported(this.#file, true) === "unsupported";
    this.#held = true;
  }

  /**
   * {@linkcode LineFile.lock} without waiting, for a process about to exit: false when another
   * writer holds the lock this moment (the caller then writes nothing).
   *
   * @returns Whether this handle holds the lock now, until it closes the file.
   */
  tryLockSync(): boolean {
    const outcome = tryLockSync(this.#file, true);
    if (outcome === "busy") return false;
    this.#lockless = outcome === "unsupported";
    this.#held = true;
    return true;
  }

  /**
   * {@linkcode LineFile.isAt}, synchronously.
   *
   * @param path The file's path.
   * @returns False when the path now names another file, or nothing.
   */
  isAtSync(path: string): boolean {
    return isFileAtSync(this.#file, path);
  }

  /**
   * Tells whether `path` still names this open file (a rewrite renames a new file into its place;
   * lines appended to the old one would be lost).
   *
   * @param path The file's path.
   * @returns False when the path now names another file, or nothing.
   */
  isAt(path: string): Promise<boolean> {
    return isFileAt(this.#file, path);
  }

  /** Closes the file (which releases its lock). */
  close(): void {
    this.#file.close();
  }
}
