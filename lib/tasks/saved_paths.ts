/**
 * Which task saves each file of a run, so a second task whose `save` (or `ctx.write`) names a file
 * already saved in the run fails, naming both, instead of silently replacing the first task's body;
 * so a save that needs as a folder a file of the run (`a/b/c.html` after `a/b`), or as a file a
 * folder the run saves into (`a/b` after `a/b/c.html`), fails with `SAVE_COLLISION` naming the
 * other, instead of with the system's `Not a directory` or `Is a directory`: in a run of several
 * writing tasks at its claim, before any byte is written (saved_folders.ts); in a run of one, which
 * keeps no folders, from the system's error when its save meets the other (solo_files.ts);
 * and so no task replaces one of corun's own files (a file the config reads among them, but by a
 * task whose `save` names it as written), or saves into its own directory `.corun/`
 * (own_files.ts), nor writes a file under the name of its temporaries (temp_name.ts), which a
 * later run's sweep would remove. Paths are normalised as the sinks write them (`relativeInside`), so two
 * spellings of one file are one file. Costs one Map entry per saved file: ~29 bytes measured for
 * the entry (the value is the task's own name string) plus the path string (~16 bytes and its
 * length), so ~8 MB for 100,000 paths of 40 characters; and one per folder; and, for a path its
 * task claims again (two URLs rendering it, a `ctx.write` of it), one more counting its other
 * claims, so that a failed save frees no path another save of its task holds or made (once per
 * path, however many claim it). A folder a failed save needed counts only while the folder is on
 * disk. Paths with `{uuid}` (never the same) or `{sha256}` (the same path is the same bytes) are
 * not recorded. A path a server named (`{filename}`) is its fetch's alone: another fetch of the
 * same task fails there too, as two URLs named alike by their servers are no sign that one
 * replaces the other. A run of one
 * writing task keeps no claim of each file, nor of its folders: its memory stays flat, and only a
 * save that fails asks whose file or folder it met (solo_files.ts). A worker of a shared queue keeps
 * no claim of its fetches' saves either: its database does, for every worker (shared_saves.ts); it
 * remembers its last `RECENT_FILES` (recent_claims.ts) only, so its callbacks' `ctx.write` and `ctx.append`
 * replace none of them.
 * @module
 */
import { ConfinementError, relativeInside, templateNeedsFileName } from "../sinks/mod.ts";
import { type NameFolding, pathKeyOf } from "../sinks/name_folding.ts";
import { errnoOf } from "../sinks/os_error.ts";
import { isWorkingName } from "../http/temp_name.ts";
import { isStdoutSave } from "../sinks/stdout_body.ts";
import { type OwnFile, OwnFiles } from "./own_files.ts";
import { type FolderUser, SavedFolders } from "./saved_folders.ts";
import {
  type FileOwner,
  folderIsFile,
  isAppended,
  isNamedBy,
  type NamedBy,
  type Owner,
  pathIsFolder,
  pathTaken,
  SaveCollisionError,
} from "./save_collision.ts";
import { SoloFiles } from "./solo_files.ts";
import { RecentClaims } from "./recent_claims.ts";
import { nextSeparator } from "./folder_walk.ts";
import { resolve } from "./deps.ts";
import type { ConfigSpec } from "./spec.ts";

/** A fetch's save in a worker of a shared queue: its URL, and whether its server named the file. */
interface SharedSave extends NamedBy {
  /** Named by its server (`{filename}`): its fetch's alone, not its task's. */
  serverNamed: boolean;
}

/**
 * The files the tasks of one run save, by normalised path, compared as the output directory's file
 * system compares names: where it folds case (or Unicode normalization), `Report.txt` and
 * `report.txt` are one file, and the second task's save fails naming the first.
 */
export class SavedPaths {
  /** Whose each file is, by its key (`#key`). */
  readonly #owners = new Map<string, Owner>();
  /**
   * A kept claim's path claimed again by its own task (or fetch, for a name a server gave): how
   * many claims beyond the first hold it. A save that succeeds never gives its claim back, so the
   * path is the task's while any claim of it is in flight or saved; one failed save's release
   * takes one, and frees the path only when none other is left.
   */
  readonly #moreHolders = new Map<string, number>();
  readonly #outDir: string;
  readonly #ownFiles: OwnFiles;
  /**
   * Only one task of the run writes files: no other can save its files, so no claim of each is
   * kept, nor the folders they need (`#soloFiles` tells whose a file or folder a failed save met).
   */
  readonly #solo: boolean;
  /** A task's `save` has `{filename}`: a name a server gives may be any save's path. */
  readonly #serverNamed: boolean;
  /**
   * A worker of a shared queue: whose a fetch's save path is, its database says (shared_saves.ts),
   * for every worker and for one submit only; this worker keeps no claim of it (a long-running
   * worker would keep every path of every submit, and refuse a later submit's save that is no
   * collision), only its last fetches' saves, so that its callbacks' `ctx.write` and `ctx.append`
   * replace none (a save in flight is among them: see `RECENT_FILES`). An older save's file, or
   * another worker's, is not checked against them.
   */
  readonly #sharedSaves: RecentClaims<SharedSave> | undefined;
  readonly #folders: SavedFolders;
  readonly #soloFiles: SoloFiles | undefined;
  /**
   * What a normalised path is compared by: itself, or as the file system folds it (name_folding.ts).
   * Messages and the callers keep the path as written.
   */
  readonly #key: (path: string) => string;
  /** Whose file a folder's path is, if a file's of the run (`SavedFolders.need`). */
  readonly #fileAt = (folder: string): FileOwner | undefined =>
    (this.#owners.size === 0 ? undefined : this.#owners.get(this.#key(folder))) ??
      this.#soloFiles?.fileAt(folder);

  /**
   * @param outDir The output directory, absolute.
   * @param ownFiles corun's own files (those outside `outDir` are ignored).
   * @param options `solo`: only one task of the run writes files (its own paths may repeat: the
   *   later save replaces the earlier, as within any one task, but for a name a server gave).
   *   `serverNamed`: a task's `save` has `{filename}` (see {@linkcode savingOf}).
   *   `startedAtMs`: when the run started (a file last written before it is not the run's). @default now
   *   `shared`: a worker of a shared queue, whose database keeps whose each fetch's save is.
   *   `folding`: how the output directory's file system compares names (`probeNameFolding`).
   *   @default every spelling apart
   */
  constructor(
    outDir: string,
    ownFiles: readonly OwnFile[] = [],
    options: {
      solo?: boolean;
      serverNamed?: boolean;
      startedAtMs?: number;
      shared?: boolean;
      folding?: NameFolding;
    } = {},
  ) {
    this.#outDir = outDir;
    this.#key = (options.folding && pathKeyOf(options.folding)) ?? ((path) => path);
    this.#folders = new SavedFolders(this.#key);
    this.#ownFiles = new OwnFiles(outDir, ownFiles);
    this.#solo = options.solo ?? false;
    this.#serverNamed = options.serverNamed ?? false;
    this.#sharedSaves = options.shared ? new RecentClaims() : undefined;
    this.#soloFiles = this.#solo
      ? new SoloFiles(outDir, options.startedAtMs ?? Date.now())
      : undefined;
  }

  /**
   * Records that `taskName` alone saves (or writes) `relative`, before its body is read.
   *
   * @param relative The rendered path, relative to the output directory.
   * @param taskName The task saving it.
   * @param url The URL fetched; undefined for a `ctx.write`.
   * @param literal The path is the task's `save` as written (no placeholder, not a list line's nor
   *   an enqueue's): it may be a file the config reads (own_files.ts `literalSave`).
   * @returns The normalised path, to {@linkcode release} should the save fail.
   * @throws SaveCollisionError when another task saves or appends there in this run, another save
   *   of the run needs it as a folder or saves a file where it needs one, or it is corun's own file;
   *   ConfinementError when the path leaves the output directory or ends with "/".
   */
  claim(relative: string, taskName: string, url?: string, literal = false): string {
    const path = this.#checked(relative, taskName, literal);
    if (this.#sharedSaves !== undefined) {
      if (url !== undefined) return this.#sharedSave(path, taskName, url, false);
      this.#notSaved(path, taskName);
    }
    const key = this.#key(path);
    // A run of one writing task (a list of a million URLs) keeps no claims, nor their folders:
    // memory stays flat, and a save pays no look-up on disk. Only the names servers gave
    // (`claimFetch`) are kept, and no other save replaces one.
    if (this.#solo) {
      const owner = this.#owners.size === 0 ? undefined : this.#owners.get(key);
      if (isNamedBy(owner)) throw pathTaken(path, taskName, owner);
      this.#soloFiles!.claimed(path, { task: taskName, url });
      return path;
    }
    const owner = this.#owners.get(key);
    // Its own task's again, in another case too: the later body replaces the earlier, as documented.
    if (owner === taskName) return this.#heldAgain(key, path);
    if (owner === undefined || isOnly(owner, taskName)) {
      this.#takeShape(path, taskName, url);
      this.#owners.set(key, taskName);
      return path;
    }
    throw pathTaken(path, taskName, owner);
  }

  /**
   * Records that the fetch of `url` alone saves `relative`, a path named by its server
   * (`{filename}`): another fetch saving there fails, its own task's too, and in a run of one task.
   *
   * @param relative The rendered path, relative to the output directory.
   * @param taskName The task saving it.
   * @param url The URL fetched (a retry of it, or a later fetch of the same URL, saves there again).
   * @returns The normalised path, to {@linkcode release} should the save fail.
   * @throws SaveCollisionError when another fetch saves there in this run, another task appends
   *   there, a save of the run needs it as a folder (or it one of the run's files), or it is corun's
   *   own file; ConfinementError as {@linkcode claim}.
   */
  claimFetch(relative: string, taskName: string, url: string): string {
    const path = this.#checked(relative, taskName);
    if (this.#sharedSaves !== undefined) return this.#sharedSave(path, taskName, url, true);
    const key = this.#key(path);
    const owner = this.#owners.get(key);
    if (owner === undefined || isOnly(owner, taskName)) {
      this.#takeShape(path, taskName, url);
      this.#owners.set(key, { task: taskName, url });
      return path;
    }
    if (isNamedBy(owner) && owner.task === taskName && owner.url === url) {
      return this.#heldAgain(key, path);
    }
    throw pathTaken(path, taskName, owner, true);
  }

  /**
   * Records that `taskName` appends to `relative`: several tasks may append to one file, but not to
   * a file another task saves or writes whole.
   *
   * @param relative The path, relative to the output directory.
   * @param taskName The task appending.
   * @returns The normalised path.
   * @throws SaveCollisionError when another task saves there, a save of the run needs it as a
   *   folder (or it one of the run's files), or it is corun's own file; ConfinementError when the
   *   path leaves the output directory or ends with "/".
   */
  claimAppend(relative: string, taskName: string): string {
    const path = this.#checked(relative, taskName);
    this.#notSaved(path, taskName);
    const key = this.#key(path);
    const owner = this.#owners.get(key);
    if (owner === undefined) {
      this.#takeShape(path, taskName, undefined);
      this.#owners.set(key, { first: taskName, shared: false });
    } else if (isAppended(owner)) owner.shared ||= owner.first !== taskName;
    else if (owner !== taskName) throw pathTaken(path, taskName, owner);
    return path;
  }

  /**
   * Gives a claim back when its save failed (no file was committed there): once per claim. The
   * path stays its task's while another claim of it holds it (another fetch of the task rendering
   * it, in flight or saved). The folders it needed stay needed while they are on disk (the save
   * may have made them): one that is not is forgotten when a file is claimed there.
   *
   * @param path A path {@linkcode claim} or {@linkcode claimFetch} returned.
   * @param taskName The task that claimed it.
   */
  release(path: string, taskName: string): void {
    const key = this.#key(path);
    const owner = this.#owners.get(key);
    if (owner === taskName || (isNamedBy(owner) && owner.task === taskName)) {
      const more = this.#moreHolders.get(key);
      if (more === undefined) this.#owners.delete(key);
      else if (more === 1) this.#moreHolders.delete(key);
      else this.#moreHolders.set(key, more - 1);
    }
    this.#soloFiles?.released(path, taskName);
    this.#sharedSaves?.released(key, taskName);
  }

  /**
   * Forgets a fetch's save that a worker's database refused (another fetch of the submit saves
   * there, or needs it as a folder): kept among the worker's last saves, it would pass for the
   * file's, refusing the callbacks of the task whose file it is and letting its own task's write
   * over it.
   *
   * @param path A path {@linkcode claim} or {@linkcode claimFetch} returned.
   * @param taskName The task of the refused fetch.
   * @param url Its URL.
   */
  refusedShared(path: string, taskName: string, url: string): void {
    const key = this.#key(path);
    const kept = this.#sharedSaves?.get(key);
    if (kept?.task === taskName && kept.url === url) this.#sharedSaves!.forgotten(key, taskName);
  }

  /**
   * Whether a worker of a shared queue claims a fetch's save in its database too (shared_saves.ts).
   * In a run of one writing task, whose own saves may repeat a path, and where one that needs
   * another's file as a folder fails on disk, a round trip and a row would decide nothing: there
   * only a name a server gave (`{filename}`) is claimed, the one claim such a run keeps, and every
   * save when the task's `save` has one, as the run checks each against those names. (A name only
   * a `ctx.enqueue` save gives is claimed, but the task's other saves are not checked against it.)
   *
   * @param serverNamed Its server names the file (`{filename}`).
   * @returns True when the database is to decide whose the path is.
   */
  claimsShared(serverNamed: boolean): boolean {
    return this.#sharedSaves !== undefined && (!this.#solo || this.#serverNamed || serverNamed);
  }

  /**
   * What a path is compared by, by this run and by a shared queue's database (shared_saves.ts):
   * the path itself, or the path as the output directory's file system folds it.
   *
   * @param path A normalised path ({@linkcode claim}'s).
   * @returns Its key: one for every spelling the file system takes for one file.
   */
  keyOf(path: string): string {
    return this.#key(path);
  }

  /**
   * Checks a path no other fetch can render (`{uuid}`, `{sha256}`: never claimed) as a claim
   * would: inside the output directory, neither one of corun's files nor in or around one, and
   * neither a folder of the run's saves nor inside one of its files (whose folders it then needs).
   *
   * @param relative The rendered path, relative to the output directory.
   * @param taskName The task saving it.
   * @param url The URL fetched.
   * @returns The normalised path.
   * @throws SaveCollisionError when it is, or is in or around, one of corun's files or the run's;
   *   ConfinementError as {@linkcode claim}.
   */
  check(relative: string, taskName: string, url?: string): string {
    const path = this.#checked(relative, taskName);
    this.#takeShape(path, taskName, url);
    return path;
  }

  /**
   * What a save that the system refused met, when the run knows it: a folder on its way that is a
   * file of the run (`ENOTDIR`), or its path a folder the run saves in (`EISDIR`). A run of one
   * writing task is told so here only (it checks no folders at the claim); another, when a save in
   * flight or one it forgot got there first.
   *
   * @param error What the save threw.
   * @param path The normalised path saved.
   * @param taskName The task saving it.
   * @returns The collision, naming the other save (or that the file or folder was written in this
   *   run); undefined for any other error, or a file or folder from before the run (the system's
   *   error then says what was met, as it always did).
   */
  collisionOf(error: unknown, path: string, taskName: string): SaveCollisionError | undefined {
    const code = errnoOf(error);
    if (code === "ENOTDIR") {
      const inFile = this.#fileOnTheWay(path);
      if (inFile === undefined) return undefined;
      return folderIsFile(path, taskName, inFile.folder, inFile.owner);
    }
    if (code !== "EISDIR") return undefined;
    const user = this.#folders.userOf(path) ?? this.#soloFiles?.folderAt(path);
    return user === undefined ? undefined : pathIsFolder(path, taskName, user);
  }

  /** The first folder on the way to `path` that is a file on disk, when it is the run's. */
  #fileOnTheWay(path: string): { folder: string; owner: FileOwner } | undefined {
    for (let end = nextSeparator(path, 0); end !== -1; end = nextSeparator(path, end + 1)) {
      const folder = path.slice(0, end);
      let info: Deno.FileInfo;
      try {
        info = Deno.lstatSync(resolve(this.#outDir, folder));
      } catch {
        return undefined; // removed meanwhile, or out of reach: the system's error stands
      }
      if (info.isDirectory) continue;
      const owner = info.isFile ? this.#fileAt(folder) : undefined;
      return owner === undefined ? undefined : { folder, owner };
    }
    return undefined;
  }

  /** Counts one more claim of a path its task (or fetch) holds already; returns the path. */
  #heldAgain(key: string, path: string): string {
    this.#moreHolders.set(key, (this.#moreHolders.get(key) ?? 0) + 1);
    return path;
  }

  /**
   * A fetch's save path in a worker of a shared queue: the database claims it (shared_saves.ts);
   * here it is checked against the files this worker's callbacks write or append to, and kept
   * among the last saves, for theirs to be checked against.
   */
  #sharedSave(path: string, taskName: string, url: string, serverNamed: boolean): string {
    const key = this.#key(path);
    const owner = this.#owners.size === 0 ? undefined : this.#owners.get(key);
    // A name a server gave is its fetch's alone: not even its own task's callbacks' file.
    if (
      owner !== undefined && !isOnly(owner, taskName) && (serverNamed || owner !== taskName)
    ) throw pathTaken(path, taskName, owner);
    const saves = this.#sharedSaves!;
    // Another's save kept stays (a save the database refuses must not pass for the file's): a
    // later submit's save there is then taken for the earlier one's, which it saves over.
    const kept = saves.get(key);
    if (
      kept === undefined || (kept.task === taskName && kept.serverNamed === serverNamed &&
        (!serverNamed || kept.url === url))
    ) saves.claimed(key, { task: taskName, url, serverNamed });
    return path;
  }

  /**
   * In a worker of a shared queue, checks a callback's `ctx.write` or `ctx.append` file against
   * the worker's last fetches' saves: its own task's may be written (or appended) to, as in a run,
   * but for a name a server gave.
   */
  #notSaved(path: string, taskName: string): void {
    const saved = this.#sharedSaves?.get(this.#key(path));
    if (saved !== undefined && (saved.serverNamed || saved.task !== taskName)) {
      throw pathTaken(path, taskName, saved);
    }
  }

  #checked(relative: string, taskName: string, literal = false): string {
    // Normalising would drop the slash and write a file where a directory was asked for.
    if (relative.endsWith("/")) {
      const state = 'the path ends with "/", so it names a directory: end it with a file name';
      throw new ConfinementError("PATH_INVALID", relative, this.#outDir, state);
    }
    const path = relativeInside(this.#outDir, relative);
    // Working names start with a dot: most saves are told apart without cutting out the name.
    const nameAt = lastSeparator(path) + 1;
    if (path.charCodeAt(nameAt) === DOT && isWorkingName(path.slice(nameAt))) {
      throw new ConfinementError("PATH_INVALID", relative, this.#outDir, WORKING_NAME_STATE);
    }
    const whyNot = this.#ownFiles.whyNot(path, literal);
    if (whyNot !== undefined) {
      throw new SaveCollisionError(path, taskName, whyNot.whose, whyNot.advice);
    }
    return path;
  }

  /**
   * Checks that the file `path` is no folder another save of the run needs, and that none of the
   * folders it needs is a file of the run; then records those folders as its.
   */
  #takeShape(path: string, taskName: string, url: string | undefined): void {
    if (this.#solo) return; // a failed save tells (`collisionOf`)
    const folders = this.#folders;
    const user = folders.userOf(path);
    if (user !== undefined && this.#stillFolder(path, user)) {
      throw pathIsFolder(path, taskName, user);
    }
    const inFile = folders.need({ task: taskName, url, file: path }, this.#fileAt);
    if (inFile !== undefined) throw folderIsFile(path, taskName, inFile.folder, inFile.owner);
  }

  /**
   * Whether `path` still counts as a folder `user` needs: its save still holds its claim (in
   * flight, or made), or a folder is there on disk (a save made or used it). A failed save's folder
   * that is not there is forgotten, so it refuses no later file. (A save that stopped its walk at
   * the forgotten folder, still in flight, then fails at its save: see {@linkcode collisionOf}.)
   */
  #stillFolder(path: string, user: FolderUser): boolean {
    const owner = this.#owners.get(this.#key(user.file));
    if (
      owner === user.task || isAppended(owner) ||
      (isNamedBy(owner) && owner.task === user.task && owner.url === user.url)
    ) return true;
    try {
      if (Deno.lstatSync(resolve(this.#outDir, path)).isDirectory) return true;
    } catch {
      // nothing there
    }
    this.#folders.forget(path);
    return false;
  }

  /**
   * Entries kept: claims (and counts of their other holders), folders and recent claims (for a
   * test that a run of one, or a worker, keeps few).
   */
  get size(): number {
    return this.#owners.size + this.#moreHolders.size + this.#folders.size +
      (this.#soloFiles?.size ?? 0) + (this.#sharedSaves?.size ?? 0);
  }
}

/**
 * What decides how a run keeps its save paths: the options of {@linkcode SavedPaths}.
 *
 * @param config The run's config.
 * @returns `solo`: one task at most writes files (a fetch that saves or calls back, a list, whose
 *   lines may name their own save path, a custom task); `serverNamed`: a task's `save` has
 *   `{filename}`.
 */
export function savingOf(config: ConfigSpec): { solo: boolean; serverNamed: boolean } {
  let writing = 0;
  let serverNamed = false;
  for (const spec of config.tasks) {
    if (spec.kind === "custom") writing++;
    else if (spec.kind === "fetch") {
      if (spec.save !== undefined || spec.onResponse || spec.urls?.kind === "list") writing++;
      if (spec.save !== undefined && templateNeedsFileName(spec.save)) serverNamed = true;
    }
  }
  return { solo: writing <= 1, serverNamed };
}

const DOT = 0x2e;

/**
 * Why a `ctx.write` or `ctx.append` name of corun's working files is refused: a later run's sweep
 * would remove it, or a resumed download take it for its partial. (A save template or URL that
 * renders one gets a `_` before it instead: see `renderPathTemplate`.)
 */
const WORKING_NAME_STATE = "the name has the form of corun's temporary files " +
  '(".<name>.<12 hex digits>.part", ".<name>.corun-partial"), which a later run removes: ' +
  "choose another name";

/** Where the last segment of a normalised path starts, less one (a backslash counts on Windows). */
function lastSeparator(path: string): number {
  return Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
}

/** Appended to by `taskName` alone: it may save there too. */
function isOnly(owner: Owner, taskName: string): boolean {
  return isAppended(owner) && !owner.shared && owner.first === taskName;
}

/**
 * Tells whether the paths a template renders are worth recording.
 *
 * @param template A `save` template.
 * @returns False for templates with `{uuid}` or `{sha256}`, which cannot collide in a harmful way.
 */
export function mayCollide(template: string): boolean {
  return !template.includes("{uuid}") && !template.includes("{sha256}");
}

/**
 * Tells whether a `save` names one file whatever is fetched: no placeholder, and not standard output.
 *
 * @param save A `save` template.
 * @returns True for a fixed path such as `SHA256SUMS` or `iso/debian.iso`.
 */
export function isFixedSave(save: string): boolean {
  return save !== "" && !isStdoutSave(save) && !/[{}]/.test(save);
}
