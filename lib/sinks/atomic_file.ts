/**
 * Files that appear whole or not at all: bytes go to a temporary file beside the final path, which is
 * renamed into place only once everything is written.
 * @module
 */
import { basename, dirname, join } from "./deps.ts";
import { writeAll, writeAllSync } from "./write_all.ts";

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
  readonly #file: Deno.FsFile;
  readonly #tempPath: string;
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

  private constructor(file: Deno.FsFile, tempPath: string, finalPath: string, sync: boolean) {
    this.#file = file;
    this.#tempPath = tempPath;
    this.#finalPath = finalPath;
    this.#sync = sync;
  }

  /**
   * Makes the parent directories of `finalPath` and opens a new temporary file beside it.
   *
   * @param finalPath Where the file will be renamed to by `commit()` (unless `commit` is given another).
   * @param options Mode and durability.
   * @returns The open file.
   * @throws {Deno.errors.PermissionDenied} Or another file system error when the directory cannot be
   * made or the file cannot be opened.
   */
  static async create(finalPath: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    const dir = dirname(finalPath);
    await Deno.mkdir(dir, { recursive: true });
    const tempPath = join(dir, tempName(finalPath));
    const file = await Deno.open(tempPath, {
      write: true,
      createNew: true,
      mode: options.mode ?? 0o666,
    });
    return new AtomicFile(file, tempPath, finalPath, options.sync ?? false);
  }

  /** Bytes accepted by `write` so far (some may still be in the buffer). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** The temporary file's path, for messages and tests. */
  get tempPath(): string {
    return this.#tempPath;
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
   * @returns The final path.
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
      if (dirname(finalPath) !== dirname(this.#tempPath)) {
        await Deno.mkdir(dirname(finalPath), { recursive: true });
      }
      if (this.#abortRequested) {
        throw new DOMException(`Cannot commit "${finalPath}": the file was aborted`, "AbortError");
      }
      // The commit point: from here an abort can only wait for the rename.
      await Deno.rename(this.#tempPath, finalPath);
      this.#state = "committed";
      return finalPath;
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

  async #discard(): Promise<void> {
    this.#buffer = undefined;
    try {
      this.#file.close();
    } catch {
      // Already closed (a commit failed after closing).
    }
    try {
      await Deno.remove(this.#tempPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
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
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  const tempPath = join(dir, tempName(path));
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  try {
    if (options.sync) {
      using file = await Deno.open(tempPath, { write: true, createNew: true, mode: options.mode });
      await writeAll(file, bytes);
      await file.syncData();
    } else {
      await Deno.writeFile(tempPath, bytes, { createNew: true, mode: options.mode });
    }
    await Deno.rename(tempPath, path);
  } catch (error) {
    await Deno.remove(tempPath).catch(() => {});
    throw error;
  }
}

/** `.<basename>.<random>.part`, with the basename cut so the name stays under 255 bytes. */
function tempName(finalPath: string): string {
  const random = new Uint8Array(6);
  crypto.getRandomValues(random);
  const suffix = Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("");
  // 50 code points are at most 200 UTF-8 bytes.
  const name = Array.from(basename(finalPath)).slice(0, 50).join("");
  return `.${name}.${suffix}.part`;
}
