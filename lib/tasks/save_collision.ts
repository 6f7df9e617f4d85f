/**
 * How a save collision is worded (`SAVE_COLLISION`): each kind of collision in one place, for the
 * run's save paths (saved_paths.ts) and a shared queue's database (shared_saves.ts) alike. A
 * message names the path, the task saving, whose the path (or a folder of it) is, and what to do.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import { withoutCredentials } from "../net/mod.ts";
import type { FolderUser } from "./saved_folders.ts";
import { type FileClaim, WRITTEN_IN_RUN } from "./solo_files.ts";

/**
 * A task's body would replace a file another task (or corun itself) has in this run.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { run, SaveCollisionError, task } from "@corun/corun";
 * const outDir = await Deno.makeTempDir();
 * const written: string[] = [];
 * await run({
 *   tasks: [
 *     task("prices", function* (ctx) {
 *       yield* ctx.write("summary.txt", "prices: 3");
 *     }),
 *     task("stock", function* (ctx) {
 *       try {
 *         yield* ctx.write("summary.txt", "stock: 7"); // the file of task "prices"
 *       } catch (error) {
 *         if (!(error instanceof SaveCollisionError)) throw error;
 *         yield* ctx.write("stock-summary.txt", "stock: 7");
 *       }
 *     }, { after: ["prices"] }),
 *   ],
 * }, { outDir });
 * for (const name of ["summary.txt", "stock-summary.txt"]) {
 *   written.push(await Deno.readTextFile(`${outDir}/${name}`));
 * }
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(written, ["prices: 3", "stock: 7"]);
 * ```
 */
export class SaveCollisionError extends Error {
  static {
    brandClass(this, "SaveCollisionError");
  }

  /** Stable code. */
  readonly code = "SAVE_COLLISION";
  /** The path the save names, relative to the output directory. */
  readonly path: string;

  /**
   * Makes the refusal of a save whose path another task (or corun) has in this run.
   *
   * @param path The path, relative to the output directory.
   * @param taskName The task that would replace it.
   * @param whose Whose it is: `task "x" saves to that path`, `it is corun's metadata log`.
   * @param advice What to do. @default give the tasks save templates that render different paths
   */
  constructor(
    path: string,
    taskName: string,
    whose: string,
    advice = "give the tasks save templates that render different paths",
  ) {
    super(`Cannot save "${path}" for task "${taskName}": ${whose} in this run; ${advice}`);
    this.name = "SaveCollisionError";
    this.path = path;
  }
}

/**
 * A page whose link now redirects to its own path plus `/` (`/docs` → `/docs/`) saves inside the
 * folder of that path (`docs/index`), where a file an earlier run saved for the same URL stands
 * (`docs`). That file is never removed to make room (a failed fetch would then leave nothing): the
 * user moves it, and the next run saves the page in the folder.
 */
export class EarlierFileError extends SaveCollisionError {
  static {
    brandClass(this, "EarlierFileError");
  }

  /**
   * @param earlier The earlier run's file, relative to the output directory.
   * @param url The URL fetched.
   * @param landed Where its redirect landed.
   */
  constructor(earlier: string, url: string, landed: string) {
    super(earlier, "", "");
    this.name = "EarlierFileError";
    this.message = `Cannot save the page of ${withoutCredentials(url)} inside the folder ` +
      `"${earlier}": an earlier run saved it as the file "${earlier}", before it redirected to ` +
      `${withoutCredentials(landed)}; move or remove that file, and the next run saves the page ` +
      "inside the folder, with the pages under it";
  }
}

/** A file only appended to: any number of tasks may append to it (each append is one write). */
export interface Appended {
  first: string;
  /** A task other than `first` appends to it too. */
  shared: boolean;
}

/** A file one fetch saves under the name its server gave (`{filename}`). */
export interface NamedBy {
  task: string;
  /** The URL fetched. */
  url: string;
}

/** Whose a file is: a task's (its name), its appenders', or one fetch's. */
export type Owner = string | Appended | NamedBy;

/** Whose file a folder's path is: a claim kept, a recent claim, or a file found on disk. */
export type FileOwner = Owner | FileClaim | typeof WRITTEN_IN_RUN;

/**
 * Why a save cannot need a file as a folder, or save a file where another needs a folder, and what
 * to do: said by the run (`SAVE_COLLISION`) and the config check alike.
 */
export const FILE_AND_FOLDER = "a path cannot be both a file and a folder: save one of them " +
  "under another name";

/** What to do when two fetches' servers named their downloads alike (`{filename}`). */
const NAMED_ALIKE = "their servers named both downloads alike: keep them apart with {uuid} or " +
  "{sha256} beside {filename} (or {path}, for URLs of different paths)";

/**
 * A save whose path is another's file.
 *
 * @param path The path claimed, normalised.
 * @param taskName The task saving it.
 * @param owner Whose file it is.
 * @param serverNamed The save's server named the file (`{filename}`): the advice is to keep such
 *   names apart.
 * @returns The error.
 */
export function pathTaken(
  path: string,
  taskName: string,
  owner: Owner,
  serverNamed = false,
): SaveCollisionError {
  const advice = serverNamed ? NAMED_ALIKE : undefined;
  return new SaveCollisionError(path, taskName, describe(owner), advice);
}

/**
 * A save one of whose folders is a file of the run.
 *
 * @param path The path claimed, normalised.
 * @param taskName The task saving it.
 * @param folder The folder that is a file.
 * @param owner Whose file it is.
 * @returns The error.
 */
export function folderIsFile(
  path: string,
  taskName: string,
  folder: string,
  owner: FileOwner,
): SaveCollisionError {
  const whose = `its folder ${JSON.stringify(folder)} is ${fileOf(owner)}`;
  return new SaveCollisionError(path, taskName, whose, FILE_AND_FOLDER);
}

/**
 * A save whose path is a folder of the run.
 *
 * @param path The path claimed, normalised.
 * @param taskName The task saving it.
 * @param user The save that needs the folder, or {@linkcode WRITTEN_IN_RUN} when only the disk
 *   tells that the run wrote in it.
 * @returns The error.
 */
export function pathIsFolder(
  path: string,
  taskName: string,
  user: FolderUser | typeof WRITTEN_IN_RUN,
): SaveCollisionError {
  const whose = user === WRITTEN_IN_RUN
    ? "it is a folder written to"
    : `it is the folder of ${JSON.stringify(user.file)}, which ${savedBy(user)}`;
  return new SaveCollisionError(path, taskName, whose, FILE_AND_FOLDER);
}

/**
 * The collision a shared queue's database found for a worker's save (shared_saves.ts), in the
 * words a run uses, naming the other fetch by its URL.
 *
 * @param held The save it met: its file, or a folder its file needs.
 * @param path The path claimed, normalised.
 * @param taskName The task saving it.
 * @param serverNamed Its server named the file (`{filename}`).
 * @returns The error.
 */
export function heldSaveCollision(
  held: { path: string; folder: boolean; file: string; task: string; url: string },
  path: string,
  taskName: string,
  serverNamed: boolean,
): SaveCollisionError {
  const save = { task: held.task, url: held.url };
  if (held.path !== path) return folderIsFile(path, taskName, held.path, save);
  if (held.folder) return pathIsFolder(path, taskName, { ...save, file: held.file });
  return pathTaken(path, taskName, save, serverNamed);
}

/** Appended to, not saved whole. */
export function isAppended(owner: FileOwner | undefined): owner is Appended {
  return typeof owner === "object" && "first" in owner;
}

/** Named by its server: one fetch's file. */
export function isNamedBy(owner: Owner | undefined): owner is NamedBy {
  return typeof owner === "object" && "url" in owner;
}

function describe(owner: Owner): string {
  if (typeof owner === "string") return `task "${owner}" saves to that path`;
  if (isNamedBy(owner)) return `${fetchOf(owner)} saves to that path`;
  return owner.shared
    ? `tasks "${owner.first}" and others append to that path`
    : `task "${owner.first}" appends to that path`;
}

/** A file of the run, completing `its folder "a/b" is …`. */
function fileOf(owner: FileOwner): string {
  if (owner === WRITTEN_IN_RUN) return "a file written there";
  if (typeof owner === "string") return `a file task "${owner}" saves`;
  if (isAppended(owner)) {
    return owner.shared
      ? `a file tasks "${owner.first}" and others append to`
      : `a file task "${owner.first}" appends to`;
  }
  return `a file ${savedBy(owner)}`;
}

/** Who saves a file: `the fetch of URL (task "t") saves`, or `task "t" writes`. */
function savedBy(save: FolderUser | FileClaim): string {
  return save.url === undefined
    ? `task "${save.task}" writes`
    : `${fetchOf({ task: save.task, url: save.url })} saves`;
}

/** A fetch, as messages name it: `the fetch of URL (task "t")`, the URL without credentials. */
function fetchOf(fetch: { task: string; url: string }): string {
  return `the fetch of ${withoutCredentials(fetch.url)} (task "${fetch.task}")`;
}
