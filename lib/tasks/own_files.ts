/**
 * The files corun itself keeps in the output directory, which no task may save over, write or append
 * to: the metadata log and the state (the runner's own), what the command line adds (run lock, run
 * history, log file), and its own directory `.corun/` (earlier runs' metadata). Paths are compared
 * as the sinks write them, normalised by `relativeInside` (lib/sinks), so `sub/../meta.jsonl` and
 * `meta.jsonl` are one file everywhere; and without case, as the file systems of macOS and Windows
 * compare them (`.Corun-State.json` is the state file there).
 * @module
 */
import { relativeInside } from "../sinks/mod.ts";
import { relative, resolve, SEPARATOR } from "./deps.ts";
import { nextSeparator } from "./folder_walk.ts";

/** One of corun's files, and what it is (for the error of a task that would replace it). */
export interface OwnFile {
  /** Absolute, or relative to the working directory. */
  path: string;
  /** What it is to corun, completing `… saves to that path`: `"corun's run history"`. */
  role: string;
}

/** How the metadata log is named in errors. */
export const METADATA_LOG_ROLE = "corun's metadata log";
/** How the state file is named in errors. */
export const STATE_FILE_ROLE = "corun's state file";
/** How the run history is named in errors. */
export const HISTORY_FILE_ROLE = "corun's run history";
/** How a `cookies:` jar file is named in errors. */
export const COOKIE_JAR_ROLE = "corun's cookie jar";
/** How the config file of the run is named in errors. */
export const CONFIG_FILE_ROLE = "the config file";

/**
 * corun's own directory in the output directory: `.corun/metadata/` holds earlier runs' metadata,
 * and the marks of runs whose state is not saved yet (`unsaved_runs.ts`); `.corun/running/` the
 * marks of runs going on (lib/schedule `run_marks.ts`).
 */
export const OWN_DIR = ".corun";
/** How corun's own directory is named in errors, completing `it is …` / `which is …`. */
export const OWN_DIR_ROLE = `in corun's own directory "${OWN_DIR}"`;

/**
 * Tells whether a path is corun's own directory or inside it, compared without case.
 *
 * @param landing A path relative to the output directory, normalised (see {@linkcode landingInside}).
 * @returns `OWN_DIR_ROLE` when a save there could replace (or be pruned with) corun's files.
 */
export function ownDirRoleOf(landing: string): string | undefined {
  // Most paths do not start with a dot: no lower-casing for them.
  if (landing.charCodeAt(0) !== 0x2e || landing.length < OWN_DIR.length) return undefined;
  const head = landing.slice(0, OWN_DIR.length + 1).toLowerCase();
  return head === OWN_DIR || head === `${OWN_DIR}/` || head === `${OWN_DIR}\\`
    ? OWN_DIR_ROLE
    : undefined;
}

/**
 * Where a file lands inside the output directory, normalised as every sink normalises it.
 *
 * @param outDir The output directory, absolute.
 * @param path Absolute, or relative to the working directory.
 * @returns The path relative to `outDir`, or undefined when the file is not inside it.
 */
export function landingInside(outDir: string, path: string): string | undefined {
  try {
    return relativeInside(outDir, relative(outDir, resolve(path)));
  } catch {
    return undefined; // outside the output directory (or the directory itself): no save reaches it
  }
}

/**
 * corun's files inside the output directory, and the paths no task may save to because of them: the
 * file itself, a path inside it (which would make it a folder), and a folder on its way (which
 * would leave it no place), besides corun's own directory (`ownDirRoleOf`). Compared in lower
 * case: macOS and Windows fold case, so another case is the same file there.
 */
export class OwnFiles {
  // Parallel arrays, not an array of records: `whyNot` scans `#paths` on every save, and reading
  // each path out of a record measured some 3% slower there.
  /** Normalised, lower-cased paths of corun's files inside the output directory. */
  readonly #paths: string[] = [];
  /** What each of `#paths` is (its `OwnFile.role`). */
  readonly #roles: string[] = [];
  /** Each of `#paths` as it lands, not lower-cased: how messages name it. */
  readonly #shown: string[] = [];
  /** The folders on the way to each file (lower-cased), by the index of that file. */
  readonly #folders = new Map<string, number>();

  /**
   * @param outDir The output directory, absolute.
   * @param files corun's files, wherever they are (those outside `outDir` are left out).
   */
  constructor(outDir: string, files: readonly OwnFile[]) {
    for (const file of files) {
      const landing = landingInside(outDir, file.path);
      const path = landing?.toLowerCase();
      if (path === undefined || this.#paths.includes(path)) continue;
      const index = this.#paths.push(path) - 1;
      this.#roles.push(file.role);
      this.#shown.push(landing!);
      for (let end = nextSeparator(path, 0); end !== -1; end = nextSeparator(path, end + 1)) {
        const folder = path.slice(0, end);
        if (!this.#folders.has(folder)) this.#folders.set(folder, index);
      }
    }
  }

  /**
   * Why no task may save to `path`, completing `Cannot save "<path>": `; undefined when one may.
   *
   * @param path A path relative to the output directory, normalised (see {@linkcode landingInside}).
   * @returns `it is corun's metadata log`, `its folder "corun.jsonl" is corun's metadata log`, ...
   */
  whyNot(path: string): string | undefined {
    const ownDir = ownDirRoleOf(path);
    if (ownDir !== undefined) return `it is ${ownDir}`;
    const meeting = this.meeting(path);
    return meeting === undefined ? undefined : meetingWords(meeting);
  }

  /**
   * Which of corun's files a save to `path` would replace, be saved inside, or leave no place for
   * (corun's own directory aside: see `ownDirRoleOf`).
   *
   * @param path A path relative to the output directory, normalised (see {@linkcode landingInside}).
   * @returns The file, as it lands, what it is, and how `path` meets it; undefined when it does not.
   */
  meeting(path: string): OwnFileMeeting | undefined {
    if (this.#paths.length === 0) return undefined;
    const lower = path.toLowerCase();
    for (let i = 0; i < this.#paths.length; i++) {
      const own = this.#paths[i];
      if (lower === own) return { relation: "is", role: this.#roles[i], file: this.#shown[i] };
      if (lower.startsWith(own) && isSeparator(lower.charCodeAt(own.length))) {
        return { relation: "inside", role: this.#roles[i], file: this.#shown[i] };
      }
    }
    const folderOf = this.#folders.get(lower);
    if (folderOf === undefined) return undefined;
    return { relation: "folder", role: this.#roles[folderOf], file: this.#shown[folderOf] };
  }
}

/**
 * How a path meets one of corun's files: it is the file, it is inside it (the file would be its
 * folder), or it is a folder on the file's way.
 */
export interface OwnFileMeeting {
  /** `is` the file, `inside` it, or a `folder` on its way. */
  relation: "is" | "inside" | "folder";
  /** What the file is to corun (its `OwnFile.role`). */
  role: string;
  /** The file, as it lands in the output directory. */
  file: string;
}

/**
 * How a path meets one of corun's files, in words, for the run's `SAVE_COLLISION` and the config
 * check alike.
 *
 * @param meeting How it meets it (see {@linkcode OwnFiles.meeting}).
 * @returns `it is corun's metadata log`, `its folder "corun.jsonl" is corun's metadata log`, or
 *   `it is the folder of corun's metadata log "logs/run.jsonl"`.
 */
export function meetingWords(meeting: OwnFileMeeting): string {
  const { relation, role, file } = meeting;
  return relation === "is"
    ? `it is ${role}`
    : relation === "inside"
    ? `its folder ${JSON.stringify(file)} is ${role}`
    : `it is the folder of ${role} ${JSON.stringify(file)}`;
}

/** `/`, and `\\` where normalised paths use it (Windows). */
function isSeparator(code: number): boolean {
  return code === 0x2f || (code === 0x5c && SEPARATOR === "\\");
}
