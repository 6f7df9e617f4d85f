/**
 * Files that appear whole or not at all, the one way corun writes them: bytes go to a temporary file
 * beside the final path (made through `ConfinedDir`, so never outside the output directory), are
 * flushed to the disk when asked, and the temporary is renamed into place only once everything is
 * written, or removed on any failure (a named partial may keep, instead, what a failed write left
 * confirmed on disk: `ContinueOptions.keepOnWriteError`). Two entry points share it:
 * `AtomicFile.createSync` streams a large body through asynchronous writes,
 * `AtomicFile.writeWholeSync` writes a small one in one synchronous step.
 * @module
 */
import { ConfinedDir, type TempFile } from "./confined_dir.ts";
import { dirname, join, resolve } from "./deps.ts";

/** Bytes gathered before one file write; TLS hands over 16 KiB records, and one write each is slow. */
export const WRITE_BUFFER_BYTES = 256 * 1024;

/** Chunks at least this big are written straight through, without the gathering buffer. */
export const DIRECT_WRITE_BYTES = 64 * 1024;

/** Options for `AtomicFile.create` and `AtomicFile.writeWholeSync`. */
export interface AtomicFileOptions {
  /** Permission bits of the file (before the umask). @default 0o666 */
  mode?: number;
  /** Flush the data to the disk before renaming, so a power loss cannot leave an empty file. @default false */
  sync?: boolean;
  /**
   * The output directory the file is confined to (paths may then be relative to it).
   * @default the final path's own directory
   */
  within?: ConfinedDir;
}

type State = "open" | "committing" | "committed" | "aborted" | "kept";

/** Options for {@linkcode AtomicFile.continueSync}. */
export interface ContinueOptions {
  /** The output directory the file is confined to. */
  within: ConfinedDir;
  /** Make the temporary when missing (a named partial's first use). @default false */
  create?: boolean;
  /**
   * Hold an exclusive lock on the temporary while it is open, so two processes never append to one
   * named partial. @default false (a shared one, which keeps any sweep from removing it)
   */
  lock?: boolean;
  /**
   * When a write fails (a full disk, a quota, an I/O error), keep the bytes the system confirmed
   * written instead of removing the temporary: the file is cut back to them, flushed to the disk
   * and closed, and {@linkcode AtomicFile.kept} says so. For a named partial (`resume: true`),
   * which a later run continues once there is room. When none were confirmed, or the cut or the
   * flush fails too, the temporary is removed as without it. A rename that `commit` cannot make
   * keeps the whole file likewise. @default false
   */
  keepOnWriteError?: boolean;
}

/**
 * Another process holds the partial file open: an overlapping run writing the same named partial,
 * or one removing it.
 */
export class PartialBusyError extends Error {
  /** Stable code. */
  readonly code = "PARTIAL_BUSY";

  /** @param path The partial file, relative to the output directory. */
  constructor(path: string) {
    super(`Cannot continue "${path}": another process is writing or removing it`);
    this.name = "PartialBusyError";
  }
}

/**
 * A file being written to a temporary `.<basename>.<random>.part` beside its final path.
 *
 * Each `write` is synchronous: it returns once its bytes are written. Call `commit` to rename it
 * into place or `abort` to remove it; `await using` aborts automatically if neither happened. A failed write aborts by itself (or, for
 * a file continued with `keepOnWriteError`, keeps what reached the disk).
 *
 * An `abort` during a `commit` settles the race at the commit point, the rename: before it, the abort
 * wins (the temporary file is removed and `commit` rejects with an `AbortError`); after it, the
 * abort waits for the rename and leaves the committed file in place. Either way, once `abort`
 * resolves nothing more changes on disk and no temporary file is left.
 *
 * @example
 * ```ts
 * import { AtomicFile } from "./atomic_file.ts";
 * const dir = await Deno.makeTempDir();
 * const file = await AtomicFile.create(`${dir}/a/b.txt`);
 * file.write(new TextEncoder().encode("hello"));
 * await file.commit(); // `${dir}/a/b.txt` now holds "hello"
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class AtomicFile implements AsyncDisposable {
  readonly #dir: ConfinedDir;
  readonly #temp: TempFile;
  readonly #file: Deno.FsFile;
  readonly #finalPath: string;
  readonly #sync: boolean;
  #buffer: Uint8Array | undefined;
  #buffered = 0;
  #bytesWritten = 0;
  /** Bytes the system confirmed written to the file: what a failed write leaves known on disk. */
  #confirmed = 0;
  #keepOnWriteError = false;
  #state: State = "open";
  #busy = false;
  /** Settles when an in-flight commit has, for an abort to wait on. */
  #commitSettled: Promise<unknown> | undefined;
  #abortRequested = false;

  private constructor(dir: ConfinedDir, temp: TempFile, finalPath: string, sync: boolean) {
    this.#dir = dir;
    this.#temp = temp;
    this.#file = temp.file;
    this.#finalPath = finalPath;
    this.#sync = sync;
  }

  /**
   * Opens a temporary that already holds the first bytes of the file (one {@linkcode keep} left, or
   * a named partial of an earlier run), positioned at its end: writes append to what is there.
   *
   * @param finalPath Where `commit()` renames it to (unless given another), relative to `within`.
   * @param tempPath The temporary, relative to `within`.
   * @param options Confinement, whether to make it, whether to lock it.
   * @returns The open file; `bytesWritten` is the size found.
   * @throws {PartialBusyError} When another open file holds a lock that refuses this one's.
   * @throws {ConfinementError} When either path leads outside, or the temporary is a link.
   * @throws {Deno.errors.NotFound} When it is missing (or was removed meanwhile) and `create` is
   * false.
   */
  static continueSync(finalPath: string, tempPath: string, options: ContinueOptions): AtomicFile {
    const temp = options.within.openTempSync(tempPath, {
      create: options.create ?? false,
      exclusive: options.lock ?? false,
      finalPath,
    });
    if (temp === undefined) throw new PartialBusyError(tempPath);
    try {
      const size = temp.file.seekSync(0, Deno.SeekMode.End);
      const file = new AtomicFile(options.within, temp, finalPath, false);
      file.#bytesWritten = size;
      file.#confirmed = size;
      file.#keepOnWriteError = options.keepOnWriteError ?? false;
      return file;
    } catch (error) {
      temp.file.close();
      throw error;
    }
  }

  /**
   * Makes the parent directories of `finalPath` and opens a new temporary file beside it, confined
   * to `options.within` (see `ConfinedDir`).
   *
   * @param finalPath Where the file will be renamed to by `commit()` (unless `commit` is given another).
   * @param options Mode, durability and confinement.
   * @returns The open file.
   * @throws {ConfinementError} When the path or a directory on it leads outside.
   * @throws {Deno.errors.PermissionDenied} Or another file system error when the directory cannot be
   * made or the file cannot be opened.
   */
  static create(finalPath: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    try {
      return Promise.resolve(AtomicFile.createSync(finalPath, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `create` in one synchronous step: nothing can cancel the caller between the temporary file's
   * creation and its being handed over.
   *
   * @param finalPath Where the file will be renamed to by `commit()` (unless `commit` is given another).
   * @param options Mode, durability and confinement.
   * @returns The open file.
   */
  static createSync(finalPath: string, options: AtomicFileOptions = {}): AtomicFile {
    const { dir, path } = confine(finalPath, options.within);
    const temp = dir.createTempSync(path, options.mode);
    return new AtomicFile(dir, temp, path, options.sync ?? false);
  }

  /**
   * Writes a whole small file the same way, in one synchronous step: the temporary made holding the
   * bytes (`ConfinedDir.createFilledTempSync`, flushed when asked), then renamed into place by the
   * same `commitSync` as a streamed file's, or removed on failure; all in one checked step into its
   * directory (`ConfinedDir.inDirOfSync`). For the small bodies of a run, one blocking write to the
   * page cache costs less than the asynchronous calls of `create`, `write` and `commit`.
   *
   * @example
   * ```ts
   * import { AtomicFile } from "./atomic_file.ts";
   * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
   * const dir = await Deno.makeTempDir();
   * AtomicFile.writeWholeSync(`${dir}/a/note.txt`, new TextEncoder().encode("hello"));
   * assertEquals(await Deno.readTextFile(`${dir}/a/note.txt`), "hello");
   * await Deno.remove(dir, { recursive: true });
   * ```
   * @param finalPath Where the file goes; its directories are made.
   * @param bytes The whole content.
   * @param options Mode, durability and confinement.
   * @returns The final path, absolute.
   * @throws {ConfinementError} When the path or a directory on it leads outside, or the directory is
   * removed or replaced meanwhile.
   * @throws {Error} The file system error; no temporary file is left then, and `finalPath` is
   * untouched.
   */
  static writeWholeSync(
    finalPath: string,
    bytes: Uint8Array,
    options: AtomicFileOptions = {},
  ): string {
    const { dir, path } = confine(finalPath, options.within);
    return dir.inDirOfSync(path, () => {
      const temp = dir.createFilledTempSync(path, bytes, options);
      try {
        return dir.commitSync(temp, path);
      } catch (error) {
        try {
          dir.removeTempSync(temp);
        } catch {
          // The rename's error says more; a temporary left behind is swept by a later run.
        }
        throw error;
      }
    });
  }

  /** Bytes accepted by `write` so far (some may still be in the buffer). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /**
   * The temporary was kept: by {@linkcode keep}, or by a failed write or rename of a file continued
   * with `keepOnWriteError` (it then holds `bytesWritten` bytes).
   */
  get kept(): boolean {
    return this.#state === "kept";
  }

  /** The temporary file's path, for messages and tests. */
  get tempPath(): string {
    return join(this.#dir.path, this.#temp.dir, this.#temp.name);
  }

  /** The temporary file's path relative to the output directory (to continue it with `continueSync`). */
  get tempRelativePath(): string {
    return this.#temp.dir === "." ? this.#temp.name : join(this.#temp.dir, this.#temp.name);
  }

  /**
   * Cuts the file back to its first `bytes` bytes (0: starts it over), and appends from there.
   *
   * @param bytes How many bytes to keep; at most `bytesWritten`.
   * @throws {TypeError} When the file is not open, or a read-back is pending.
   */
  truncate(bytes: number): void {
    this.#checkWritable("truncate");
    this.#flush();
    const keep = Math.min(bytes, this.#bytesWritten);
    this.#file.truncateSync(keep);
    this.#file.seekSync(keep, Deno.SeekMode.Start);
    this.#bytesWritten = keep;
    this.#confirmed = keep;
  }

  /**
   * Reads back what the file holds so far, in order (to digest a kept prefix before appending).
   *
   * @param onChunk Given each piece; the buffer is reused after it returns.
   * @param signal Stops the read-back before its next piece (a cancelled task): it then rejects
   *   with the signal's reason. The file can be kept or aborted once it has settled.
   * @throws {TypeError} When the file is not open, or a read-back is pending.
   */
  async readBack(onChunk: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
    this.#checkWritable("read");
    this.#busy = true;
    try {
      this.#flush();
      const buffer = new Uint8Array(WRITE_BUFFER_BYTES);
      await this.#file.seek(0, Deno.SeekMode.Start);
      let left = this.#bytesWritten;
      while (left > 0) {
        signal?.throwIfAborted();
        const read = await this.#file.read(buffer.subarray(0, Math.min(left, buffer.byteLength)));
        if (read === null) {
          throw new Error(`Cannot read back "${this.tempPath}": it is shorter than was written`);
        }
        onChunk(buffer.subarray(0, read));
        left -= read;
      }
      await this.#file.seek(this.#bytesWritten, Deno.SeekMode.Start);
    } finally {
      this.#busy = false;
    }
  }

  /**
   * Writes what is buffered and closes the file, leaving the temporary where it is: a partial body
   * that a later attempt continues with `continueSync` (or removes). Nothing more can be done
   * through this object.
   *
   * @returns The temporary's path relative to the output directory.
   * @throws {TypeError} When the file is not open, or a read-back is pending.
   * @throws {Error} The file system error of the last write; the temporary has then been removed
   * (with `keepOnWriteError`, kept as far as confirmed written, when it could be: see `kept`).
   */
  keep(): string {
    this.#checkWritable("keep");
    this.#flushOrFail();
    this.#state = "kept";
    this.#buffer = undefined;
    this.#file.close();
    return this.tempRelativePath;
  }

  /**
   * Appends bytes, synchronously (see `#flush`): the chunk is copied or written before this returns,
   * so the caller may reuse its buffer afterwards, and a body streams with no trip through the loop
   * per chunk.
   *
   * @param chunk Bytes to append.
   * @throws {TypeError} When the file is committed or aborted, or a read-back is pending.
   * @throws {Error} The file system error of a failed write; the file has then been aborted (with
   * `keepOnWriteError`, kept as far as confirmed written, when it could be: see `kept`).
   */
  write(chunk: Uint8Array): void {
    this.#checkWritable("write");
    try {
      if (chunk.byteLength >= DIRECT_WRITE_BYTES) {
        // Big chunks (a socket read into a 256 KiB buffer) gain nothing from a copy.
        this.#flush();
        this.#writeOut(chunk);
      } else {
        // Small chunks (16 KiB TLS records) are gathered: one write per record is slow.
        const buffer = this.#buffer ??= new Uint8Array(WRITE_BUFFER_BYTES);
        if (this.#buffered + chunk.byteLength > buffer.byteLength) this.#flush();
        buffer.set(chunk, this.#buffered);
        this.#buffered += chunk.byteLength;
      }
      this.#bytesWritten += chunk.byteLength;
    } catch (error) {
      this.#failWrite();
      throw error;
    }
  }

  /**
   * Writes what is buffered, closes the file and renames it into place.
   *
   * @param finalPath Where to put it, when only known now (for example after the digest); its
   * directories are made. @default the path given to `create`
   * @returns The final path, absolute.
   * @throws {TypeError} When the file is committed or aborted, or a read-back is pending.
   * @throws {DOMException} `AbortError` when `abort` was called before the rename began; the
   * temporary file has then been removed.
   * @throws {Error} The file system error; the temporary file has then been removed (a failed write
   * of a file continued with `keepOnWriteError`: kept as far as confirmed written; a failed rename
   * of one: kept whole. See `kept`).
   */
  async commit(finalPath: string = this.#finalPath): Promise<string> {
    this.#checkWritable("commit");
    this.#state = "committing";
    const committing = this.#commit(finalPath);
    this.#commitSettled = committing.catch(() => {});
    return await committing;
  }

  async #commit(finalPath: string): Promise<string> {
    this.#busy = true;
    let renaming = false;
    try {
      this.#flushOrFail();
      if (this.#sync) await this.#file.syncData();
      this.#file.close();
      if (this.#abortRequested) {
        throw new DOMException(`Cannot commit "${finalPath}": the file was aborted`, "AbortError");
      }
      // The commit point: from here an abort can only wait for the rename.
      renaming = true;
      const committed = this.#dir.commitSync(this.#temp, finalPath);
      this.#state = "committed";
      return committed;
    } catch (error) {
      // A failed write has kept or removed the file already. A refused rename (a folder at the
      // final path, no permission) leaves the whole file: one kept on failure (a named partial)
      // stays for the next run, which finds it complete, rather than downloading it all again.
      if (this.#state === "committing") {
        if (renaming && this.#keepOnWriteError) this.#state = "kept";
        else this.#discardAfterFailure();
      }
      throw error;
    } finally {
      this.#busy = false;
      this.#buffer = undefined;
    }
  }

  /**
   * Closes and removes the temporary file. Does nothing after `commit` or a previous `abort`. During a
   * `commit`, stops it if the rename has not begun, and in any case resolves only once it has settled.
   *
   * @throws {Error} The file system error when the temporary file cannot be removed.
   */
  async abort(): Promise<void> {
    if (this.#state === "committing") {
      this.#abortRequested = true;
      await this.#commitSettled;
      return;
    }
    if (this.#state !== "open") return;
    this.#state = "aborted";
    this.#discard();
  }

  /** Removes the temporary, then closes it: removed while its lock still keeps others off it. */
  #discard(): void {
    this.#buffer = undefined;
    try {
      this.#dir.removeTempSync(this.#temp);
    } finally {
      try {
        this.#file.close();
      } catch {
        // Already closed (a commit failed after closing).
      }
    }
  }

  /** Aborts after a failed step, whose own error is the one to report. */
  #discardAfterFailure(): void {
    this.#state = "aborted";
    try {
      this.#discard();
    } catch {
      // The step's error says more; a temporary left behind is swept by a later run.
    }
  }

  /** After a failed write: keeps what the system confirmed (`keepOnWriteError`), else aborts. */
  #failWrite(): void {
    if (!this.#keepAfterFailure()) this.#discardAfterFailure();
  }

  /** Keeps what the system confirmed after a failed write, when asked to and there is any. */
  #keepAfterFailure(): boolean {
    return this.#keepOnWriteError && this.#confirmed > 0 && this.#keepConfirmed();
  }

  /**
   * Cuts the file back to the bytes the system confirmed (a failed write may have left more, or
   * some of a buffer), then flushes it to the disk: a network file system may report the lost room
   * only then. False, and the file left open for removal, when either fails.
   */
  #keepConfirmed(): boolean {
    this.#buffer = undefined;
    this.#buffered = 0;
    try {
      this.#file.truncateSync(this.#confirmed);
      this.#file.syncDataSync();
    } catch {
      return false;
    }
    this.#state = "kept";
    this.#bytesWritten = this.#confirmed;
    this.#file.close();
    return true;
  }

  /** Aborts unless committed: the end of an `await using` block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.abort();
  }

  #checkWritable(action: string): void {
    if (this.#state === "committing") {
      throw new TypeError(`Cannot ${action} "${this.#finalPath}": the file is being committed`);
    }
    if (this.#state !== "open") {
      throw new TypeError(
        `Cannot ${action} "${this.#finalPath}": the file is already ${this.#state}`,
      );
    }
    if (this.#busy) {
      throw new TypeError(
        `Cannot ${action} "${this.#finalPath}": it is still being read back`,
      );
    }
  }

  /**
   * Writes the gathered bytes. Synchronous on purpose: a write to the page cache takes microseconds,
   * less than the round trip of an asynchronous call, and the socket keeps receiving meanwhile.
   */
  #flush(): void {
    if (this.#buffered === 0 || this.#buffer === undefined) return;
    this.#writeOut(this.#buffer.subarray(0, this.#buffered));
    this.#buffered = 0;
  }

  /** `#flush`; when it fails, the file is kept as far as written, or removed (`#failWrite`). */
  #flushOrFail(): void {
    try {
      this.#flush();
    } catch (error) {
      this.#failWrite();
      throw error;
    }
  }

  /**
   * Writes every byte, calling `writeSync` again after a short write, and counts each part the
   * system confirms: after a failure, only those are known to be in the file.
   */
  #writeOut(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const written = this.#file.writeSync(bytes.subarray(offset));
      offset += written;
      this.#confirmed += written;
    }
  }
}

/** The directory a file is confined to, and its path for it. */
function confine(
  finalPath: string,
  within: ConfinedDir | undefined,
): { dir: ConfinedDir; path: string } {
  if (within) return { dir: within, path: finalPath };
  // Without an output directory, paths are the working directory's, confined to their own folder.
  const path = resolve(finalPath);
  return { dir: ConfinedDir.openSync(dirname(path)), path };
}
