/**
 * The files corun itself keeps in the output directory, which no task may save over, write or append
 * to: the metadata log, the state and the run history (the runner's own), the files the config
 * reads (config_reads.ts: its lists, CA, body, checksums and secret files), what the command line
 * adds (run lock, log file), and its own
 * directory `.corun/` (earlier runs' metadata). Paths are compared
 * as the sinks write them, normalised by `relativeInside` (lib/sinks), so `sub/../meta.jsonl` and
 * `meta.jsonl` are one file everywhere; and without case, as the file systems of macOS and Windows
 * compare them (`.Corun-State.json` is the state file there).
 * @module
 */
import { relativeInside } from "../sinks/mod.ts";
import { relative, resolve } from "./deps.ts";
import { nextSeparator } from "./folder_walk.ts";

/** One of corun's files, and what it is (for the error of a task that would replace it). */
export interface OwnFile {
  /** Absolute, or relative to the working directory. */
  path: string;
  /** What it is to corun, completing `it is …`: `"corun's run history"`. */
  role: string;
  /**
   * A task whose `save` names it as written (no placeholder) may save it: a file the config reads
   * that its author chose to download (config_reads.ts). No other save, nor `ctx.write`.
   */
  literalSave?: boolean;
}

/** How the metadata log is named in errors. */
export const METADATA_LOG_ROLE = "corun's metadata log";
/** How the state file is named in errors. */
export const STATE_FILE_ROLE = "corun's state file";
/**
 * The run history's file in the output directory (lib/schedule appends to it, `corun history` reads
 * it): named here, below lib/config, lib/schedule and lib/cli, so that the config check and every
 * run, a library `run()` too, refuse a save there.
 */
export const HISTORY_FILE_NAME = ".corun-history.jsonl";
/** How the run history is named in errors. */
export const HISTORY_FILE_ROLE = "corun's run history";
/**
 * The run lock's file in the output directory (`corun run` takes it with `--lock`, `corun schedule`
 * always; lib/schedule names its lock after this): named here, below lib/config, so that the config
 * check and every run refuse a save there, and a `metadata` log there, which a locked run would
 * lock as well.
 */
export const LOCK_FILE_NAME = ".corun.lock";
/** How the run lock is named in errors. */
export const RUN_LOCK_ROLE = "corun's run lock";
/** How a `cookies:` jar file is named in errors. */
export const COOKIE_JAR_ROLE = "corun's cookie jar";
/** How the config file of the run is named in errors. */
export const CONFIG_FILE_ROLE = "the config file";
/** How a `caFile` is named in errors (and in the config's checks of it). */
export const CA_FILE_ROLE = "the CA file";
/** How a `checksums` file is named in errors (and in the config's checks of it). */
export const CHECKSUMS_FILE_ROLE = "the checksums file";
/** How a `{ file }` credential's file is named in errors (and in the config's checks of it). */
export const SECRET_FILE_ROLE = "the secret file";

/** What to do about a save onto one of corun's files: a template's, or a path as written. */
export const OWN_FILE_ADVICE = "choose another path";

/**
 * What to do about a save onto a file the config reads (`OwnFile.literalSave`), for its
 * `SAVE_COLLISION`.
 */
const READ_FILE_ADVICE = "a file the config reads is saved only by a task whose save " +
  "names it as written, without a placeholder: choose another path";

/**
 * corun's own directory in the output directory: `.corun/output-dir` marks the folder of a URL
 * config's run as corun's output (`output_mark.ts`), `.corun/metadata/` holds earlier runs'
 * metadata, and the marks of runs whose state is not saved yet (`unsaved_runs.ts`); `.corun/running/` the
 * marks of runs going on (lib/schedule `run_marks.ts`).
 */
export const OWN_DIR = ".corun";
/** How corun's own directory is named in errors, completing `it is …` / `which is …`. */
const OWN_DIR_ROLE = `in corun's own directory "${OWN_DIR}"`;

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
  /** corun's files inside the output directory, by normalised, lower-cased path. */
  readonly #files = new Map<string, OwnFileMeeting>();
  /** The folders on the way to each file (lower-cased), with the first file each leads to. */
  readonly #folders = new Map<string, OwnFileMeeting>();

  /**
   * @param outDir The output directory, absolute.
   * @param files corun's files, wherever they are (those outside `outDir` are left out); the first
   *   of two that are one file says what it is.
   */
  constructor(outDir: string, files: readonly OwnFile[]) {
    for (const file of files) {
      const landing = landingInside(outDir, file.path);
      const path = landing?.toLowerCase();
      if (path === undefined || this.#files.has(path)) continue;
      const own = { role: file.role, file: landing!, literalSave: file.literalSave ?? false };
      this.#files.set(path, { relation: "is", ...own });
      for (let end = nextSeparator(path, 0); end !== -1; end = nextSeparator(path, end + 1)) {
        const folder = path.slice(0, end);
        if (!this.#folders.has(folder)) this.#folders.set(folder, { relation: "folder", ...own });
      }
    }
  }

  /**
   * Why no task may save to `path`, completing `Cannot save "<path>": `; undefined when one may.
   *
   * @param path A path relative to the output directory, normalised (see {@linkcode landingInside}).
   * @param literal The save is its task's `save` as written, without a placeholder: it may save a
   *   file the config reads (`OwnFile.literalSave`).
   * @returns `it is corun's metadata log`, `its folder "corun.jsonl" is corun's metadata log`, ...,
   *   and what to do.
   */
  whyNot(path: string, literal = false): { whose: string; advice: string } | undefined {
    const ownDir = ownDirRoleOf(path);
    if (ownDir !== undefined) return { whose: `it is ${ownDir}`, advice: OWN_FILE_ADVICE };
    const meeting = this.meeting(path);
    if (meeting === undefined) return undefined;
    if (!meeting.literalSave) return { whose: meetingWords(meeting), advice: OWN_FILE_ADVICE };
    if (literal && meeting.relation === "is") return undefined;
    return { whose: meetingWords(meeting), advice: READ_FILE_ADVICE };
  }

  /**
   * Which of corun's files a save to `path` would replace, be saved inside, or leave no place for
   * (corun's own directory aside: see `ownDirRoleOf`).
   *
   * @param path A path relative to the output directory, normalised (see {@linkcode landingInside}).
   * @returns The file, as it lands, what it is, and how `path` meets it; undefined when it does not.
   */
  meeting(path: string): OwnFileMeeting | undefined {
    if (this.#files.size === 0) return undefined;
    // A look-up per folder of the path, not a scan of the files: a config may read thousands.
    const lower = path.toLowerCase();
    const file = this.#files.get(lower);
    if (file !== undefined) return file;
    for (let end = nextSeparator(lower, 0); end !== -1; end = nextSeparator(lower, end + 1)) {
      const folder = this.#files.get(lower.slice(0, end));
      if (folder !== undefined) return { ...folder, relation: "inside" };
    }
    return this.#folders.get(lower);
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
  /** A task's `save` as written may save it (`OwnFile.literalSave`). */
  literalSave: boolean;
}

/**
 * Why the metadata log cannot be at `landing`: it is, is inside, or is a folder on the way to
 * another of corun's files (the run would write its lines over a file the config reads, or the
 * state), or it is in corun's own directory (where the run cannot keep it, and prunes it).
 *
 * @param landing The metadata log, relative to the output directory, normalised (see
 *   {@linkcode landingInside}).
 * @param others corun's other files: the run's own files without the metadata log.
 * @returns `"tasks.yaml" is the config file: the metadata log needs a file of its own`, or
 *   undefined when it may be there.
 */
export function metadataLogClash(landing: string, others: OwnFiles): string | undefined {
  const quoted = JSON.stringify(landing);
  const ownDir = ownDirRoleOf(landing);
  const meeting = ownDir === undefined ? others.meeting(landing) : undefined;
  const whose = ownDir !== undefined
    ? `${quoted} is ${ownDir}`
    : meeting === undefined
    ? undefined
    : meeting.relation === "is"
    ? `${quoted} is ${meeting.role}`
    : `${quoted}: ${meetingWords(meeting)}`;
  return whose === undefined ? undefined : `${whose}: ${METADATA_LOG_ADVICE}`;
}

/** What to do about a metadata log that is another of corun's files. */
const METADATA_LOG_ADVICE = "the metadata log needs a file of its own";

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
