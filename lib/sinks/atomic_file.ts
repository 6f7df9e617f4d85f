/**
 * Files that appear whole or not at all: bytes go to a temporary file beside the final path, which is
 * renamed into place only once everything is written.
 * @module
 */
import { ConfinedDir, type TempFile } from "./confined_dir.ts";
import { dirname, join, resolve } from "./deps.ts";
import { writeAllSync } from "./write_all.ts";

/** Bytes gathered before one file write; TLS hands over 16 KiB records, and one write each is slow. */
export const WRITE_BUFFER_BYTES = 256 * 1024;

/** Chunks at least this big are written straight through, without the gathering buffer. */
export const DIRECT_WRITE_BYTES = 64 * 1024;

/** Options for `AtomicFile.create` and `writeFileAtomic`. */
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

type State = "open" | "committing" | "committed" | "aborted";

/**
 * A file being written to a temporary `.<basename>.<random>.part` beside its final path.
 *
 * Await each `write` before the next. Call `commit` to rename it into place or `abort` to remove it;
 * `await using` aborts automatically if neither happened. A failed write aborts by itself.
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
 * await file.write(new TextEncoder().encode("hello"));
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
    // Without an output directory, paths are the working directory's, confined to their own folder.
    const path = options.within ? finalPath : resolve(finalPath);
    const dir = options.within ?? ConfinedDir.openSync(dirname(path));
    const temp = dir.createTempSync(path, options.mode);
    return new AtomicFile(dir, temp, path, options.sync ?? false);
  }

  /** Bytes accepted by `write` so far (some may still be in the buffer). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** The temporary file's path, for messages and tests. */
  get tempPath(): string {
    return join(this.#dir.path, this.#temp.dir, this.#temp.name);
  }

  /**
   * Appends bytes. The chunk is copied or written before the promise settles, so the caller may
   * reuse its buffer afterwards.
   *
   * @param chunk Bytes to append.
   * @throws {TypeError} When the file is committed or aborted, or a previous write is still pending.
   * @throws {Error} The file system error of a failed write; the file has then been aborted.
   */
  async write(chunk: Uint8Array): Promise<void> {
    this.#checkWritable("write");
    this.#busy = true;
    try {
      if (chunk.byteLength >= DIRECT_WRITE_BYTES) {
        // Big chunks (a socket read into a 256 KiB buffer) gain nothing from a copy.
        this.#flush();
        writeAllSync(this.#file, chunk);
      } else {
        // Small chunks (16 KiB TLS records) are gathered: one write per record is slow.
        const buffer = this.#buffer ??= new Uint8Array(WRITE_BUFFER_BYTES);
        if (this.#buffered + chunk.byteLength > buffer.byteLength) this.#flush();
        buffer.set(chunk, this.#buffered);
        this.#buffered += chunk.byteLength;
      }
      this.#bytesWritten += chunk.byteLength;
    } catch (error) {
      this.#busy = false;
      await this.abort().catch(() => {});
      throw error;
    }
    this.#busy = false;
  }

  /**
   * Writes what is buffered, closes the file and renames it into place.
   *
   * @param finalPath Where to put it, when only known now (for example after the digest); its
   * directories are made. @default the path given to `create`
   * @returns The final path, absolute.
   * @throws {TypeError} When the file is committed or aborted, or a write is pending.
   * @throws {DOMException} `AbortError` when `abort` was called before the rename began; the
   * temporary file has then been removed.
   * @throws {Error} The file system error; the temporary file has then been removed.
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
    try {
      this.#flush();
      if (this.#sync) await this.#file.syncData();
      this.#file.close();
      if (this.#abortRequested) {
        throw new DOMException(`Cannot commit "${finalPath}": the file was aborted`, "AbortError");
      }
      // The commit point: from here an abort can only wait for the rename.
      const committed = this.#dir.commitSync(this.#temp, finalPath);
      this.#state = "committed";
      return committed;
    } catch (error) {
      this.#state = "aborted";
      await this.#discard().catch(() => {});
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
    await this.#discard();
  }

  #discard(): Promise<void> {
    this.#buffer = undefined;
    try {
      this.#file.close();
    } catch {
      // Already closed (a commit failed after closing).
    }
    try {
      this.#dir.removeTempSync(this.#temp);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
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
        `Cannot ${action} "${this.#finalPath}": a previous write is still pending`,
      );
    }
  }

  /**
   * Writes the gathered bytes. Synchronous on purpose: a write to the page cache takes microseconds,
   * less than the round trip of an asynchronous call, and the socket keeps receiving meanwhile.
   */
  #flush(): void {
    if (this.#buffered === 0 || this.#buffer === undefined) return;
    writeAllSync(this.#file, this.#buffer.subarray(0, this.#buffered));
    this.#buffered = 0;
  }
}

/**
 * Writes a whole small payload atomically: one write to a temporary file beside `path`, then a rename.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic_file.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/note.txt`, "hello");
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @param path The final path; its directories are made.
 * @param data The whole content; strings are written as UTF-8.
 * @param options Mode and durability.
 * @throws {Error} The file system error; no temporary file is left behind and `path` is untouched.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: AtomicFileOptions = {},
): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  await using file = await AtomicFile.create(path, options);
  await file.write(bytes);
  await file.commit();
}
