/**
 * The state kept between runs, as one run uses it: loaded when the run starts, consulted for
 * conditional requests (the ETag and Last-Modified a saved URL answered with last time), updated as
 * fetches end, and saved once when the run ends, only if something changed. A run killed before
 * then has its state recovered by the next one from its metadata lines (`state_recovery.ts`).
 *
 * Only fetch tasks that save a GET without a response callback take part, and only when no other
 * such task fetches the same URL (one entry per URL) and the task sets no conditional header itself.
 * @module
 */
import type { HeaderList } from "../http/mod.ts";
import {
  type Checksum,
  isStdoutSave,
  NotStateFileError,
  openStateStore,
  STATE_FILE_NAME,
  type StateEntry,
  type StateStore,
} from "../sinks/mod.ts";
import { dirname, relative, resolve } from "./deps.ts";
import type { ConfigSpec, FetchTaskSpec, TaskSpec } from "./spec.ts";
import { isGranted, messageOf, refusedAccessText } from "../loop/mod.ts";

/** Request headers that make a request conditional; a task that sets one manages its own. */
const CONDITIONAL_HEADERS = new Set([
  "if-none-match",
  "if-modified-since",
  "if-match",
  "if-unmodified-since",
  "if-range",
]);

/** A previous save a conditional request can refer to. */
export interface PreviousSave {
  /** Where the body went, relative to the output directory. */
  savedPath: string;
  etag?: string;
  lastModified?: string;
  sha256?: string;
  /** Its SHA-512, when a checksum had it checked. */
  sha512?: string;
  /** Bytes of the saved file (absent in entries written before sizes were kept). */
  bytes?: number;
  /** When the file was saved, epoch ms (absent likewise). */
  savedAtMs?: number;
}

/** The saved body a full response left, as {@linkcode RunState.recordSaved} records it. */
export interface SavedFile {
  /** Its digest, when computed. */
  sha256: string | null;
  /** Its size. */
  bytes: number;
  /** The checksum it was checked against, when one was expected. */
  checksum?: { algorithm: Checksum["algorithm"]; actual: string };
}

/** The state of one run. */
export class RunState {
  readonly #store: StateStore;
  readonly #tracked: Tracked;
  readonly #readOnly: boolean;
  /** The run's output directory as its entries name it (`StateEntry.outDir`). */
  readonly #outDir: string | undefined;
  #changed = false;

  private constructor(
    store: StateStore,
    tracked: Tracked,
    readOnly: boolean,
    outDir: string | undefined,
  ) {
    this.#store = store;
    this.#tracked = tracked;
    this.#readOnly = readOnly;
    this.#outDir = outDir;
  }

  /**
   * Opens the state of a run, when the run has tasks that use it.
   *
   * @param config The run's config (which tasks take part).
   * @param path The state file, or undefined for `<outDir>/.corun-state.json`.
   * @param outDir The run's absolute output directory.
   * @param warn Told why a state file was ignored (not a state file, or unreadable).
   * @param options `readOnly`: used for conditional requests but never saved (a virtual-time run is
   * a preview: it must not change what the next real run asks for).
   * @returns The state, or undefined when no task takes part or the file cannot be read.
   */
  static async open(
    config: ConfigSpec,
    path: string | undefined,
    outDir: string,
    warn: (message: string) => void,
    options: { readOnly?: boolean } = {},
  ): Promise<RunState | undefined> {
    const tracked = trackedUrls(config.tasks);
    if (tracked.urls.size === 0) return undefined;
    const file = path === undefined ? resolve(outDir, STATE_FILE_NAME) : resolve(path);
    try {
      const readOnly = options.readOnly ?? false;
      const store = await openStateStore(file, {
        onInvalid: (error) => warn(`${error.message}; starting with an empty state`),
        // The run starts now, nothing of it written yet: older saves cut short are a killed run's.
        // A preview changes nothing, its leftovers included.
        ...(readOnly ? {} : { sweepBeforeMs: Date.now() }),
      });
      // Relative, so a state file moved with its output directory keeps its entries.
      const fromState = relative(dirname(file), resolve(outDir));
      return new RunState(store, tracked, readOnly, fromState === "" ? undefined : fromState);
    } catch (error) {
      // Not corun's, or a later corun's: used by none, replaced by none.
      if (error instanceof NotStateFileError) {
        warn(`${error.message}; running without state (the file is left as it is)`);
        return undefined;
      }
      // Unreadable (permissions, a directory): run without state rather than clobber the file later.
      warn(`${stateFailure(error, file)}; running without state`);
      return undefined;
    }
  }

  /** The state file. */
  get path(): string {
    return this.#store.path;
  }

  /** Something changed since the state was loaded. */
  get changed(): boolean {
    return this.#changed;
  }

  /**
   * Says whether a fetch task takes part in the state.
   *
   * @param spec A fetch task.
   * @returns True when its saves are recorded and its requests may be conditional.
   */
  tracks(spec: FetchTaskSpec): boolean {
    return this.#tracked.urls.has(spec.request.url) &&
      (this.#tracked.specs.has(spec) || isEligible(spec));
  }

  /**
   * The last save of `url` a conditional request can refer to.
   *
   * @param url The URL as declared.
   * @returns The entry, when it has a saved path in this run's output directory and at least one
   *   validator.
   */
  previousSave(url: string): PreviousSave | undefined {
    const entry = this.#store.get(url);
    if (entry?.savedPath === undefined) return undefined;
    // A file at that path in another output directory sharing the state file (`--state`) is
    // another save, maybe of an older version of the same size: `isStillSaved` cannot tell.
    if (entry.outDir !== this.#outDir) return undefined;
    if (entry.etag === undefined && entry.lastModified === undefined) return undefined;
    return entry as PreviousSave;
  }

  /**
   * Records a body saved from a full response: its validators, path, size, digest and the time.
   * A response without validators removes the URL's entry (there is nothing to ask next time).
   * Either way, another URL's entry of the same path goes: the file is not its body any more.
   *
   * @param url The URL as declared.
   * @param headers The response's headers.
   * @param savedPath Where the body went.
   * @param saved Its size and digest.
   * @param savedAtMs When the file's last write was done (epoch ms): now, unless the save is
   *   replayed from its metadata line (`state_recovery.ts`).
   */
  recordSaved(
    url: string,
    headers: HeaderList,
    savedPath: string,
    saved: SavedFile,
    savedAtMs: number = Date.now(),
  ): void {
    const etag = validator(headers, "etag") ?? undefined;
    const lastModified = validator(headers, "last-modified") ?? undefined;
    if (etag === undefined && lastModified === undefined) {
      if (this.#store.delete(url)) this.#changed = true;
      if (this.#store.forgetSavedPath(savedPath, this.#outDir)) this.#changed = true;
      return;
    }
    this.#set(url, {
      etag,
      lastModified,
      savedPath,
      outDir: this.#outDir,
      sha256: saved.sha256 ?? undefined,
      sha512: saved.checksum?.algorithm === "sha512" ? saved.checksum.actual : undefined,
      bytes: saved.bytes,
      // After the file's last write: its modification time is this or earlier (see isStillSaved).
      savedAtMs,
    });
  }

  /**
   * Records a 304: the saved file stands; validators the 304 carries replace the old ones. Only a
   * 304 about the saved file's version (`provesUnchanged`, asked by the caller): another version's
   * validators are not the file's.
   *
   * @param url The URL as declared.
   * @param previous The entry the request referred to.
   * @param headers The 304's headers.
   */
  recordUnchanged(url: string, previous: PreviousSave, headers: HeaderList): void {
    this.#set(url, {
      ...previous,
      outDir: this.#outDir,
      etag: validator(headers, "etag") ?? previous.etag,
      lastModified: validator(headers, "last-modified") ?? previous.lastModified,
    });
  }

  /**
   * Writes the state file atomically, when something changed.
   *
   * @param onLockBusy Called when another process holds the file's lock, before the save waits.
   * @throws {Error} The file system error; the file then still holds the previous state.
   */
  async save(onLockBusy?: () => void): Promise<void> {
    if (!this.#changed || this.#readOnly) return;
    await this.#store.save(onLockBusy);
    this.#changed = false;
  }

  /** Replaces the entry of `url` (one lookup, and nothing written when it is the same). */
  #set(url: string, entry: StateEntry): void {
    const before = this.#store.get(url);
    if (before !== undefined && sameEntry(before, entry)) return;
    this.#store.set(url, entry);
    this.#changed = true;
  }
}

/**
 * Whether the file at a previous save's path is still the one saved: a regular file (not a link to
 * one) of the size saved, last modified no later than the save. One written since (another config's run saving
 * there, an editor) is not, nor is any file of an entry from before sizes were kept: the fetch then
 * asks for the whole body. Compared with the `lstat` the caller makes anyway, so this costs no
 * system call; a rewrite of the same size within the save's millisecond, or one that sets an
 * earlier modification time (`cp -p`, `rsync -t`), is not seen.
 *
 * @param info The `lstat` of the file at `previous.savedPath`.
 * @param previous The previous save.
 * @returns True when a 304 may keep the file.
 */
export function isStillSaved(
  info: Pick<Deno.FileInfo, "isFile" | "size" | "mtime">,
  previous: PreviousSave,
): boolean {
  return info.isFile && info.size === previous.bytes && previous.savedAtMs !== undefined &&
    info.mtime !== null && info.mtime.getTime() <= previous.savedAtMs;
}

/**
 * Whether the file of a previous save has the digest its path must have now. A checksum written or
 * changed since the save (a new release announced before the server has it) must not be passed by
 * a 304 that keeps a file nobody checked against it: the fetch then asks for the whole body, which
 * is checked. A digest the state does not know counts as not matching.
 *
 * @param previous The previous save.
 * @param expected The checksum the saved file must match, if any.
 * @returns True when no checksum is expected, or the saved file's recorded digest is the one.
 */
export function hasExpectedDigest(previous: PreviousSave, expected: Checksum | undefined): boolean {
  if (expected === undefined) return true;
  const recorded = expected.algorithm === "sha256" ? previous.sha256 : previous.sha512;
  return recorded === expected.hex;
}

/**
 * The headers that make a request conditional on a previous save.
 *
 * @param previous The previous save.
 * @returns `If-None-Match` and/or `If-Modified-Since`.
 */
export function conditionalHeaders(previous: PreviousSave): Record<string, string> {
  const headers: Record<string, string> = {};
  if (previous.etag !== undefined) headers["If-None-Match"] = previous.etag;
  if (previous.lastModified !== undefined) headers["If-Modified-Since"] = previous.lastModified;
  return headers;
}

/** The URLs that take part, and the eligible tasks seen when the run started. */
interface Tracked {
  /** URLs fetched by exactly one eligible task. */
  urls: Set<string>;
  /** Tasks already found eligible: `tracks` need not look at their settings again. */
  specs: WeakSet<FetchTaskSpec>;
}

/** URLs fetched by exactly one eligible task. */
function trackedUrls(tasks: readonly TaskSpec[]): Tracked {
  const urls = new Set<string>();
  const shared = new Set<string>();
  const specs = new WeakSet<FetchTaskSpec>();
  for (const spec of tasks) {
    if (spec.kind !== "fetch" || !isEligible(spec)) continue;
    specs.add(spec);
    const url = spec.request.url;
    if (urls.has(url)) shared.add(url);
    urls.add(url);
  }
  for (const url of shared) urls.delete(url);
  return { urls, specs };
}

function isEligible(spec: FetchTaskSpec): boolean {
  // A list's lines may name their own save paths where the task names none. A body on standard
  // output leaves no file for a 304 to keep.
  const saves = (spec.save !== undefined && !isStdoutSave(spec.save)) ||
    spec.urls?.kind === "list";
  if (!saves || spec.onResponse !== undefined) return false;
  const method = spec.request.method;
  if (method !== "GET" && method.toUpperCase() !== "GET") return false;
  for (const name in spec.request.headers) {
    if (CONDITIONAL_HEADERS.has(name.toLowerCase())) return false;
  }
  return true;
}

function sameEntry(a: Readonly<StateEntry>, b: Readonly<StateEntry>): boolean {
  return a.etag === b.etag && a.lastModified === b.lastModified &&
    a.savedPath === b.savedPath && a.outDir === b.outDir && a.sha256 === b.sha256 &&
    a.sha512 === b.sha512 &&
    a.bytes === b.bytes &&
    a.savedAtMs === b.savedAtMs;
}

/**
 * A validator header's value, as a string of its own. Header values are cut from the text of the
 * whole response head, and V8 lets a cut piece keep that text alive: kept for the whole run, one
 * per URL, they held every head of a 10,000-file run in memory.
 */
function validator(headers: HeaderList, name: string): string | undefined {
  const value = headers.get(name);
  // Concatenating makes a new string; slicing that one keeps only it alive.
  return value === null ? undefined : (" " + value).slice(1);
}

/**
 * Why the state file cannot be used, as a sentence: Deno's refusal in corun's words, reading the
 * file or writing in its folder (where the state is opened and later replaced: a missing
 * `--allow-write` is no failure to read).
 */
function stateFailure(error: unknown, file: string): string {
  const readable = isGranted({ name: "read", path: file });
  const refused = readable
    ? refusedAccessText(error, "write", dirname(file))
    : refusedAccessText(error, "read", file);
  if (refused === undefined) return `Cannot read the state file "${file}": ${messageOf(error)}`;
  return `Cannot ${readable ? "use" : "read"} the state file "${file}": ${refused}`;
}
