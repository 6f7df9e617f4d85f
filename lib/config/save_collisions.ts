/**
 * Two tasks whose `save` names one file, or one file and a folder (`a/b` and `a/b/c.html`), or a
 * `save` that names one of the run's own files (lib/tasks run_own_files.ts: the metadata log, the
 * state file, the run history, the run lock, the config file, the cookie jar, a secret file, and,
 * but for a `save` that names it as written, a URL list, CA, body or checksums file), a path inside
 * one, or a folder on its way, or a file in corun's own directory `.corun/`: a config error at the
 * second task's `save`, naming the first, rather than one body silently replacing the other (or the
 * second failing with `SAVE_COLLISION` once the first has claimed its path, after other fetches,
 * or a request sent only for its body to be refused); a
 * `metadata` log that is another of corun's files (the state file, the run history, the run lock,
 * a file the config reads: the config itself, a list, a secret, the cookie jar), inside or on the
 * way to one, or in `.corun/`; and a task of many URLs (a pattern, a list) whose `save` would put every one in the same
 * file, or two of a pattern's URLs in one though it names every glob (`{a,a.}` as `{1}`). A `save` is its literal path, or what its template renders for the URLs the config names
 * when the response has no say in it (known_saves.ts), and the folder before its first placeholder.
 * Paths are compared where they land in the output directory, normalised by the sinks'
 * `relativeInside` as the run writes them. What only the run knows (a list's lines, `{ext}` from a
 * Content-Type, `{filename}`, enqueued links), and the files only some runs have (log file, trace,
 * a task schedule's lock, `--out`'s places), are checked as the run saves (lib/tasks/saved_paths.ts).
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { indexOfAny } from "../loop/mod.ts";
import { relativeInside } from "../sinks/mod.ts";
import {
  meetingWords,
  metadataLogClash,
  OWN_FILE_ADVICE,
  ownDirRoleOf,
  OwnFiles,
} from "../tasks/own_files.ts";
import { isStdoutSave } from "../sinks/stdout_body.ts";
import { metadataLogProblem, outDirOwnFiles, runOwnFiles } from "../tasks/run_own_files.ts";
import type { ConfigSpec } from "../tasks/spec.ts";
import { configBaseDir } from "../tasks/task_items.ts";
import { FILE_AND_FOLDER } from "../tasks/save_collision.ts";
import { type PathSave, SaveTree } from "./save_tree.ts";
import { formatPath } from "./config_error.ts";
import { DEFAULT_METADATA } from "./defaults.ts";
import type { PathIssue } from "./path_issue.ts";
import { isRecord } from "./schema_fetch.ts";
import { defaultTaskName } from "./task_graph.ts";
import { mayBePattern, patternOf, writtenUrlsOf } from "./url_sources.ts";
import { parseUrlPattern } from "../frontier/url_pattern.ts";
import { highestPartPlaceholder } from "../sinks/path_template.ts";
import { type RenderedSaves, renderSaves, UNKNOWN_BEFORE_FETCH } from "./known_saves.ts";

/**
 * Finds `save` paths that collide with each other or with corun's own files (literal ones, and
 * those a template renders for the task's own URLs), and a `metadata` log that is another of
 * corun's files. Two saves collide when they name one file, or when one needs as a folder what the
 * other saves as a file (`a/b` and `a/b/c.html`, `logs` when the metadata log is `logs/run.jsonl`,
 * `corun.jsonl/x`): see save_tree.ts.
 *
 * @param input A raw config, valid or not, or a config's settings with its normalised tasks.
 * @param rendered Its saves rendered for the URLs it names (known_saves.ts), when already done.
 * @param run What the run's own files are (lib/tasks `runOwnFiles`), in its output directory:
 *   known once the config is valid ({@linkcode checkRunSaveCollisions}). @default those in the
 *   output directory (lib/tasks `outDirOwnFiles`), all the config as written tells
 * @returns One issue per task whose file is already someone's, at `tasks[i].save`; one at
 *   `metadata` when the metadata log is another of corun's files (lib/tasks `metadataLogClash`).
 */
export function checkSaveCollisions(
  input: unknown,
  rendered: RenderedSaves = renderSaves(input),
  run?: RunFilesKnown,
): PathIssue[] {
  if (!isRecord(input)) return [];
  const metadata = input.metadata === undefined ? DEFAULT_METADATA : input.metadata;
  const metadataPath = typeof metadata === "string" ? landing(metadata) : undefined;
  const issues: PathIssue[] = [];
  const clash = run !== undefined
    ? run.metadataProblem
    : metadataPath === undefined
    ? undefined
    : metadataLogClash(
      metadataPath,
      new OwnFiles(LOAD_OUT_DIR, outDirOwnFiles(LOAD_OUT_DIR, false)),
    );
  if (clash !== undefined) {
    // A default has no line of its own: the message says whose path it is.
    const message = input.metadata === undefined ? `the default ${clash}` : clash;
    issues.push({ path: ["metadata"], message });
  }
  if (!Array.isArray(input.tasks)) return issues;
  const tasks: unknown[] = input.tasks;
  const corunFiles = run?.ownFiles ??
    new OwnFiles(LOAD_OUT_DIR, outDirOwnFiles(LOAD_OUT_DIR, metadataPath ?? false));
  const tree = new SaveTree();
  const folders = new Map<string, string | undefined>(); // templates repeat
  let stdout: PathSave | undefined;
  tasks.forEach((task, index) => {
    if (!isRecord(task) || typeof task.save !== "string") return;
    const name = typeof task.name === "string" ? task.name : defaultTaskName(index);
    let message: string | undefined;
    if (isStdoutSave(task.save)) {
      if (stdout === undefined) stdout = { index, name };
      else {
        message = `writes to standard output (save: "-"), as ${firstOne(stdout)} does: only one ` +
          "body can go there";
      }
    } else if (/[{}]/.test(task.save)) {
      const save = task.save;
      if (!folders.has(save)) folders.set(save, folderOf(save));
      // A list's lines may each name their file: its template's folder may never be used. The run
      // checks the lines that do not (lib/tasks/saved_paths.ts).
      const folder = writtenUrlsOf(task)?.kind === "list" ? undefined : folders.get(save);
      message = folder === undefined ? undefined : takeFolder(folder, { index, name });
      const dated = save.includes("{date}");
      const knowns = message === undefined ? rendered.tasks[index]?.known ?? [] : [];
      // A pattern's own URLs by the file each renders first, when its save names every glob.
      const own = knowns.length > 1 && itemSaveProblem(task, save) === undefined
        ? new Map<string, string>()
        : undefined;
      // One issue per task: the first of its URLs whose file is taken.
      for (const known of knowns) {
        const file = landing(known.rendered);
        if (file === undefined) continue;
        const ownFirst = own?.get(file);
        if (ownFirst === undefined) own?.set(file, known.url);
        else if (ownFirst !== known.url) {
          message = ownRepeat(known.url, file, ownFirst);
          break;
        }
        const dayAt = dated ? Math.max(0, file.indexOf(rendered.day)) : -1;
        message = take({ index, name, url: known.url, file }, dayAt);
        if (message !== undefined) break;
      }
    } else {
      const file = landing(task.save);
      if (file === undefined) return; // the template check reports it
      message = take({ index, name, file }, -1);
    }
    if (message !== undefined) issues.push({ path: ["tasks", index, "save"], message });
  });
  return issues;

  /**
   * How much of `file` a clash with corun's files is decided by: all of it, but for a file it
   * would be inside (that file's path), and nothing for corun's own directory (any day's path is in
   * it).
   */
  function sharedWithOwn(file: string): number {
    if (ownDirRoleOf(file) !== undefined) return 0;
    const own = corunFiles.meeting(file);
    return own?.relation === "inside" ? own.file.length : file.length;
  }

  /**
   * Records that `save` writes its file; what is wrong when it is, or is in or around, corun's
   * file, or another save's. A path holding `{date}`'s day from `dayAt` is compared as save_tree.ts
   * says, with corun's files too: a config is not valid on some days only.
   */
  function take(save: PathSave & { file: string }, dayAt: number): string | undefined {
    const saves = save.url === undefined ? "saves to" : `saves ${save.url} to`;
    const quoted = quoteReceived(save.file);
    // The run's rule (a file the config reads that a `save` names as written is its author's).
    const why = corunFiles.whyNot(save.file, save.url === undefined);
    if (why !== undefined && (dayAt === -1 || sharedWithOwn(save.file) <= dayAt)) {
      return `${saves} ${quoted}, but ${why.whose}: ${why.advice}`;
    }
    const conflict = tree.file(save, dayAt);
    if (conflict === undefined) return undefined;
    const { first } = conflict;
    const itsUrl = first.url === undefined
      ? ""
      : first.url === save.url
      ? " for the same URL"
      : ` for ${first.url}`;
    if (conflict.kind === "same") {
      return `${saves} ${quoted}, as ${
        firstOne(first)
      } does${itsUrl}: two tasks cannot save one file`;
    }
    const where = conflict.kind === "inFile"
      ? `inside ${quoteReceived(conflict.first.file)}, which ${
        firstOne(first, save)
      } saves as a file${itsUrl}`
      : first.file === undefined
      ? `a folder ${firstOne(first, save)} saves its files in`
      : `a folder ${firstOne(first, save)} saves ${quoteReceived(first.file)} in${itsUrl}`;
    return `${saves} ${quoted}, ${where}: ${FILE_AND_FOLDER}`;
  }

  /**
   * Records that a template saves its files in `folder`; what is wrong when that is corun's file
   * or in one, or another save's file or in one.
   */
  function takeFolder(folder: string, save: PathSave): string | undefined {
    const quoted = quoteReceived(folder);
    const ownDir = ownDirRoleOf(folder);
    if (ownDir !== undefined) {
      return `saves into ${quoted}, but it is ${ownDir}: ${OWN_FILE_ADVICE}`;
    }
    const own = corunFiles.meeting(folder);
    // A folder on the way to corun's file is the file's folder too: it may hold others.
    if (own !== undefined && own.relation !== "folder") {
      return `saves into ${quoted}, but ${meetingWords(own)}: ${OWN_FILE_ADVICE}`;
    }
    const conflict = tree.folder(folder, save);
    if (conflict?.kind !== "inFile") return undefined; // a folder is never "same" nor on a folder
    const { first } = conflict;
    const itsUrl = first.url === undefined ? "" : ` for ${first.url}`;
    const inside = first.file === folder ? "" : ` inside ${quoteReceived(first.file)},`;
    return `saves into ${quoted},${inside} which ${
      firstOne(first, save)
    } saves as a file${itsUrl}: ${FILE_AND_FOLDER}`;
  }
}

/**
 * Two URLs of one pattern whose save names every glob, rendered one file all the same: an empty
 * part adds nothing (as curl's `#n`: `{a,ab}-{b,}` under `{1}{2}` is `ab` twice), and a name keeps
 * no trailing dot or space, nor a character file systems refuse (`{a,a.}` under `{1}`), so the run
 * would save the second body over the first without a word.
 */
function ownRepeat(url: string, file: string, firstUrl: string): string {
  return `saves ${url} to ${quoteReceived(file)}, as this task does for ${firstUrl}: their ` +
    "names come out the same (an empty part adds nothing, and a name keeps no trailing dot or " +
    "space nor a character file systems refuse), so one body would replace the other; save them " +
    "under names that keep them apart (text between or after the parts, {uuid} or {sha256})";
}

/** What a run's own files tell the save and metadata checks, once the config is valid. */
interface RunFilesKnown {
  /** The run's own files, in its output directory. */
  ownFiles: OwnFiles;
  /** Why the metadata log cannot be where it is (lib/tasks `metadataLogProblem`), or undefined. */
  metadataProblem: string | undefined;
}

/**
 * {@linkcode checkSaveCollisions} again, for a config whose every check passed, the first one
 * among them: its saves and its metadata log against the run's own files too, from the one list a
 * run refuses saves with (lib/tasks `runOwnFiles`), in the output directory the config names. The
 * saves met no other save before, so what is found now is a save onto one of corun's files, or a
 * metadata log that is a file the config reads.
 *
 * @param input The raw config.
 * @param spec The config, validated and normalised.
 * @param rendered Its saves rendered for the URLs it names (known_saves.ts).
 * @returns The issues, as {@linkcode checkSaveCollisions} finds them.
 */
export function checkRunSaveCollisions(
  input: unknown,
  spec: ConfigSpec,
  rendered: RenderedSaves,
): PathIssue[] {
  const at = { baseDir: configBaseDir(spec), outDir: spec.outDir };
  return checkSaveCollisions(input, rendered, {
    ownFiles: new OwnFiles(spec.outDir, runOwnFiles(spec, at)),
    metadataProblem: metadataLogProblem(spec, at),
  });
}

/** The task that took a path first, as messages name it: `tasks[0] ("first")`, or `this task`. */
function firstOne(first: PathSave, save?: PathSave): string {
  if (first.index === save?.index) return "this task";
  return `${formatPath(["tasks", first.index])} (${quoteReceived(first.name)})`;
}

/** Where the load check puts the output directory: paths are compared relative to it (`landing`). */
const LOAD_OUT_DIR = "/corun-a";

/**
 * The folder a template saves its files in: its directories before its first placeholder
 * (`pages/` of `pages/{uuid}.html`), normalised; undefined when it has none.
 */
function folderOf(template: string): string | undefined {
  const directory = template.slice(0, template.search(/[{}]/)).replace(/[^/]*$/, "");
  const path = directory === "" ? undefined : landing(`${directory}file`);
  return path?.slice(0, -"/file".length);
}

/**
 * Finds tasks of many URLs (a URL pattern, a list file) that give one `checksum`: one digest cannot
 * fit many bodies; a list's third column or a `checksums` file gives each its own.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per such task, at `tasks[i].checksum`.
 */
export function checkItemChecksums(input: unknown): PathIssue[] {
  if (!isRecord(input) || !Array.isArray(input.tasks)) return [];
  const issues: PathIssue[] = [];
  const tasks: unknown[] = input.tasks;
  for (let index = 0; index < tasks.length; index++) {
    const task = tasks[index];
    if (!isRecord(task) || task.checksum === undefined) continue;
    const listed = isRecord(task.fetch) && task.fetch.urls !== undefined;
    if (!listed && patternOf(task) === undefined) continue;
    const many = listed ? "the list's URLs" : "the pattern's URLs";
    issues.push({
      path: ["tasks", index, "checksum"],
      message:
        `one checksum cannot fit ${many}: give each its own in a "checksums" file or, for a list, in a third column`,
    });
  }
  return issues;
}

/**
 * Finds tasks of many URLs (a URL pattern, a list file) whose `save` has no part that tells their
 * URLs apart, so each body would replace the one before in a single file. `{uuid}` and `{sha256}`
 * always tell them apart, and `{filename}` never lets one replace another (see `UNKNOWN_BEFORE_FETCH`);
 * for a pattern, each glob needs its `{n}`, or `{host}` / `{path}` when it is in the host / the
 * path (a glob in the query shows in neither); for a list, `{path}` will do.
 *
 * @param input A raw config, valid or not.
 * @returns One issue per such task, at `tasks[i].save`.
 */
export function checkItemSaves(input: unknown): PathIssue[] {
  if (!isRecord(input) || !Array.isArray(input.tasks)) return [];
  const issues: PathIssue[] = [];
  const tasks: unknown[] = input.tasks;
  for (let index = 0; index < tasks.length; index++) {
    const task = tasks[index];
    if (!isRecord(task) || typeof task.save !== "string") continue;
    const message = itemSaveProblem(task, task.save);
    if (message !== undefined) issues.push({ path: ["tasks", index, "save"], message });
  }
  return issues;
}

function itemSaveProblem(task: Record<string, unknown>, save: string): string | undefined {
  const listed = isRecord(task.fetch) && task.fetch.urls !== undefined;
  if ((!listed && !mayBePattern(task)) || UNKNOWN_BEFORE_FETCH.test(save)) return undefined;
  const urls = writtenUrlsOf(task);
  if (urls === undefined) return undefined;
  // Brackets taken as written (`glob: false`, `\[` escapes) or a glob of one value: one URL.
  const pattern = urls.kind === "url" ? patternOf(task) : undefined;
  if (urls.kind === "url" && (pattern === undefined || pattern.count < 2)) return undefined;
  if (isStdoutSave(save)) {
    const many = urls.kind === "list" ? "every URL of the list" : "every URL of the pattern";
    return `writes ${many} to standard output (save: "-"), which takes one body: save them to files`;
  }
  const others = "{path}, {uuid} or {sha256}";
  if (urls.kind === "list") {
    if (save.includes("{path}")) return undefined;
    return `saves every URL of the list to one file: put a part the URLs differ in into the save (${others})`;
  }
  // A save naming a part the pattern lacks is the template check's to report.
  if (pattern === undefined || highestPartPlaceholder(save) > pattern.globs) return undefined;
  const places = globPlaces(pattern.pattern, pattern.globs);
  if (places === undefined) return undefined; // cannot tell where the globs are: the run checks
  const missing: string[] = [];
  for (let part = 1; part <= pattern.globs; part++) {
    const place = places[part - 1];
    const covered = save.includes(`{${part}}`) ||
      (place === "host" && save.includes("{host}")) ||
      (place === "path" && save.includes("{path}"));
    if (!covered) missing.push(`{${part}}`);
  }
  if (missing.length === 0) return undefined;
  if (missing.length === pattern.globs) {
    const parts = pattern.globs === 1 ? "{1}" : `{1} to {${pattern.globs}}`;
    // {host} and {path} tell the URLs apart only when a glob is in the host or the path.
    const fitting = [
      parts,
      ...(places.includes("host") ? ["{host}"] : []),
      ...(places.includes("path") ? ["{path}"] : []),
      "{uuid} or {sha256}",
    ].join(", ");
    return `saves every URL of the pattern to one file: put a part the URLs differ in into the save (${fitting})${
      curlReferenceHint(save, missing)
    }`;
  }
  const named = missing.join(", ");
  return `saves the URLs of the pattern that differ only in ${named} to one file: add ${named} to the save (or {uuid} or {sha256})${
    curlReferenceHint(save, missing)
  }`;
}

/**
 * What to write instead of curl's `-o "#1"` in a save, which takes `#1` as it is: one file name for
 * every URL. Said for the first missing part (`{1}`) the save names so.
 */
function curlReferenceHint(save: string, missing: readonly string[]): string {
  for (const [, number] of save.matchAll(/#([1-9][0-9]?)(?![0-9])/g)) {
    if (missing.includes(`{${number}}`)) return `; curl's "#${number}" is written {${number}} here`;
  }
  return "";
}

/** Which part of the URL each glob of a pattern is in (what `{host}` or `{path}` would show). */
type GlobPlace = "scheme" | "host" | "path" | "query";

/**
 * Where each glob of a pattern is: globs are numbered from the left, so the globs of the text up to
 * the host's end are the host's (and the scheme's before them), and so on. Undefined when a glob
 * spans the boundaries (a set holding a `/`): then nothing is concluded.
 */
function globPlaces(pattern: string, globs: number): GlobPlace[] | undefined {
  const schemeEnd = pattern.indexOf("://");
  if (schemeEnd === -1) return undefined;
  const hostEnd = indexOfAny(pattern, "/?#", schemeEnd + 3);
  const pathEnd = indexOfAny(pattern, "?#", hostEnd);
  const globsBefore = (end: number) => {
    try {
      return parseUrlPattern(pattern.slice(0, end)).globs;
    } catch {
      return undefined;
    }
  };
  const scheme = globsBefore(schemeEnd);
  const host = globsBefore(hostEnd);
  const path = globsBefore(pathEnd);
  if (scheme === undefined || host === undefined || path === undefined) return undefined;
  const places: GlobPlace[] = [];
  for (let index = 0; index < globs; index++) {
    places.push(
      index < scheme ? "scheme" : index < host ? "host" : index < path ? "path" : "query",
    );
  }
  return places;
}

/**
 * Where a relative path lands in the output directory, or undefined when it is not a file there, or
 * climbs out of the directory and back in (where it lands then depends on the directory's name: the
 * run checks it). Two directories of different names tell that case apart.
 */
function landing(path: string): string | undefined {
  const inA = insideOrUndefined(LOAD_OUT_DIR, path);
  return inA !== undefined && inA === insideOrUndefined("/corun-b", path) ? inA : undefined;
}

function insideOrUndefined(outDir: string, path: string): string | undefined {
  try {
    return relativeInside(outDir, path);
  } catch {
    return undefined;
  }
}
