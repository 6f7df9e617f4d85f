/**
 * Files a config points at (`caFile`, a `body: { file }`, a `urls` list) are checked when it loads,
 * so a wrong path is a located config error (exit 2, nothing run) rather than a task failing later
 * without a field; but for a `checksums` file or a `urls` list a task of the run saves, which is
 * read once saved (its readers must run `after` that task). Of a list only the start is read (a
 * UTF-16 one would fail its whole task): its lines are read as the run reaches them.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import { isAbsolute, resolve } from "./deps.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";
import { localPathProblem } from "./local_path.ts";
import {
  DEFAULT_MAX_CHECKSUMS_BYTES,
  parseChecksumsFile,
  readChecksumsTextSync,
} from "../sinks/mod.ts";
import { parseSize, sizeProblem } from "./size.ts";
import { messageOf, pathRefusal, refusalText, refusedAccessText } from "../loop/mod.ts";
import { caFileProblem, readCaFileSync } from "../net/mod.ts";
import {
  CookieFileError,
  LINKED_JAR,
  MAX_COOKIE_FILE_BYTES,
  parseCookieFile,
  quoteReceived,
  readCookieTextSync,
} from "../http/mod.ts";
import { hasUtf16Bom, UTF16_TEXT } from "../frontier/url_list.ts";
import { MISSING_FILE, NOT_A_FILE } from "../sinks/read_problem.ts";
import { DEFAULT_OUT_DIR } from "./defaults.ts";
import { defaultTaskName, runsAfter, taskIndexByName, taskNameOf } from "./task_graph.ts";
import { isFixedSave } from "../tasks/saved_paths.ts";
import { CA_FILE_ROLE, CHECKSUMS_FILE_ROLE } from "../tasks/own_files.ts";

/**
 * Finds referenced files that are missing or are not files.
 *
 * @param input A raw config, valid or not.
 * @param baseDir Where relative paths are resolved.
 * @returns One issue per unusable file, at the field that names it.
 */
export function checkReferencedFiles(input: unknown, baseDir: string): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  // The files tasks save, looked up once a checksums file or a list is met (most configs name none).
  let downloaded: Map<string, number> | undefined;
  // A file that many tasks name (one CA file for each of 100k tasks) is judged once.
  const judged = new Map<string, string | undefined>();
  forEachFileField(input, (value, path, what, settings) => {
    // The schema reports other shapes, and a path no shell expanded (`~/ca.pem`, `$HOME/x`).
    if (typeof value !== "string" || value === "" || localPathProblem(value) !== undefined) return;
    const maxBytes = what === CHECKSUMS_FILE_ROLE ? checksumsCapOf(settings) : 0;
    const key = `${what}\0${value}\0${maxBytes}`;
    let problem = judged.get(key);
    if (!judged.has(key)) {
      const file = isAbsolute(value) ? value : resolve(baseDir, value);
      // A checksums file or a list a task of the run saves is read once that task is done, not now.
      if (READ_ONCE_SAVED.has(what)) {
        downloaded ??= downloadedFiles(input, baseDir);
        if (downloaded.has(resolve(file))) return;
      }
      problem = fileProblem(file) ?? contentProblem(what, file, value, maxBytes);
      if (what === URL_LIST) problem = streamedListProblem(file, value, problem);
      judged.set(key, problem);
    }
    if (problem) {
      const message = `cannot use ${what} ${quoteReceived(value)}: ${problem}`;
      issues.push({ path: path(), message });
    }
  });
  const jar = cookieJarIssue(input, baseDir);
  if (jar !== undefined) issues.unshift(jar);
  if (downloaded === undefined || downloaded.size === 0) return issues;
  return [...checkDownloadedReads(input, baseDir, downloaded), ...issues];
}

/**
 * A `cookies:` jar file is read when the run starts, before any task: one that is a folder or not
 * a jar corun wrote would stop the run there (exit 1) after `check` had passed it. A jar that does
 * not exist yet is fine: the run writes it.
 */
function cookieJarIssue(input: Record<string, unknown>, baseDir: string): PathIssue | undefined {
  if (typeof input.cookies !== "string" || input.cookies === "") return undefined;
  const file = resolve(baseDir, input.cookies);
  // Asked first, as `fileProblem` does: never a prompt, and the flag in corun's words.
  const refusal = pathRefusal("read", file);
  if (refusal !== undefined) return jarIssue(input.cookies, refusalText(refusal));
  let problem: string | undefined;
  try {
    // Not a link: what lstat says of it is what stat would.
    const info = Deno.lstatSync(file);
    problem = info.isSymlink ? LINKED_JAR : info.isFile ? undefined : "it is not a file";
    if (problem === undefined) {
      using open = Deno.openSync(file, { read: true });
      parseCookieFile(file, readCookieTextSync(file, open, cookieJarCapOf(input)));
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    problem = error instanceof CookieFileError
      ? error.reason
      : refusedAccessText(error, "read", file) ?? messageOf(error);
  }
  return problem === undefined ? undefined : jarIssue(input.cookies, problem);
}

function jarIssue(given: string, problem: string): PathIssue {
  return {
    path: ["cookies"],
    message: `cannot use the cookie jar ${quoteReceived(given)}: ${problem}`,
  };
}

/**
 * The `maxCookieJarSize` a run reads the jar with (one the schema refuses counts as not given: its
 * own issue says what is wrong).
 */
function cookieJarCapOf(input: Record<string, unknown>): number {
  const cap = input.maxCookieJarSize;
  if (cap === undefined || sizeProblem(cap) !== undefined) return MAX_COOKIE_FILE_BYTES;
  const bytes = parseSize(cap as string | number);
  return bytes > 0 ? bytes : MAX_COOKIE_FILE_BYTES;
}

/**
 * Visits every field that names a local file (`caFile`, `checksums`, `body.file`, `urls`) in the fetch settings
 * of `defaults`, of each task and of each task's `fetch`, set or not.
 *
 * @param input A raw config, valid or not.
 * @param visit Called with the field's value, its path (built only when asked: a large config has
 *   a hundred thousand tasks to walk), what the file is, for messages, and the fetch settings in
 *   force there, the field's own first (a task's `fetch`, the task, `defaults`).
 */
export function forEachFileField(
  input: Record<string, unknown>,
  visit: (
    value: unknown,
    path: () => ConfigPath,
    what: string,
    settings: readonly Record<string, unknown>[],
  ) => void,
): void {
  const defaults = isRecord(input.defaults) ? [input.defaults] : [];
  const visitFetchSettings = (chain: Record<string, unknown>[], at: () => ConfigPath) => {
    const settings = chain[0];
    visit(settings.caFile, () => [...at(), "caFile"], CA_FILE_ROLE, chain);
    visit(settings.checksums, () => [...at(), "checksums"], CHECKSUMS_FILE_ROLE, chain);
    if (isRecord(settings.body)) {
      visit(settings.body.file, () => [...at(), "body", "file"], "the body file", chain);
    }
  };
  if (defaults.length > 0) visitFetchSettings(defaults, () => ["defaults"]);
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task, index) => {
    if (!isRecord(task)) return;
    visitFetchSettings([task, ...defaults], () => ["tasks", index]);
    if (!isRecord(task.fetch)) return;
    const chain = [task.fetch, task, ...defaults];
    visitFetchSettings(chain, () => ["tasks", index, "fetch"]);
    visit(task.fetch.urls, () => ["tasks", index, "fetch", "urls"], URL_LIST, chain);
  });
}

/**
 * The `maxChecksumsSize` in force where a `checksums` field is: the nearest given, as the run reads
 * it (one the schema refuses counts as not given: its own issue says what is wrong).
 */
function checksumsCapOf(settings: readonly Record<string, unknown>[]): number {
  for (const { maxChecksumsSize } of settings) {
    if (maxChecksumsSize !== undefined && sizeProblem(maxChecksumsSize) === undefined) {
      return parseSize(maxChecksumsSize as string | number);
    }
  }
  return DEFAULT_MAX_CHECKSUMS_BYTES;
}

/**
 * The files the config's tasks save under fixed names (a `save` without placeholders), by absolute
 * path, each with the first task that saves it.
 */
function downloadedFiles(input: Record<string, unknown>, baseDir: string): Map<string, number> {
  const files = new Map<string, number>();
  if (!Array.isArray(input.tasks)) return files;
  const outDir = resolve(
    baseDir,
    typeof input.outDir === "string" && input.outDir !== "" ? input.outDir : DEFAULT_OUT_DIR,
  );
  input.tasks.forEach((task: unknown, index: number) => {
    if (!isRecord(task) || typeof task.save !== "string" || !isFixedSave(task.save)) return;
    const file = resolve(outDir, task.save);
    if (!files.has(file)) files.set(file, index);
  });
  return files;
}

/**
 * A task whose `checksums` file or `urls` list another task of the run saves reads it once that
 * task is done, so it must run `after` it (directly or through others); a task cannot be checked
 * against the file it saves itself (a `checksums` in `defaults` names it for every task, that one
 * too).
 */
function checkDownloadedReads(
  input: Record<string, unknown>,
  baseDir: string,
  downloaded: ReadonlyMap<string, number>,
): PathIssue[] {
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  const fromDefaults = isRecord(input.defaults) ? input.defaults.checksums : undefined;
  let indexByName: Map<string, number> | undefined;
  const issues: PathIssue[] = [];
  const check = (
    [index, task]: [number, Record<string, unknown>],
    what: string,
    value: unknown,
    at: ConfigPath,
  ) => {
    if (typeof value !== "string" || value === "") return;
    const saver = downloaded.get(resolve(baseDir, value)); // normalised, as the saves are
    if (saver === undefined) return;
    const inherited = at.length === 2 ? " (from defaults)" : "";
    const file = quoteReceived(value);
    if (saver === index) {
      // A list task saving one file is refused anyway (every URL of the list to one file).
      const instead = what === CHECKSUMS_FILE_ROLE
        ? "; give `checksums` to the tasks it checks instead"
        : "";
      issues.push({
        path: at,
        message: `cannot use ${what} ${file}${inherited}: this task saves it${instead}`,
      });
      return;
    }
    const name = quoteReceived(taskNameOf(tasks[saver], saver) ?? defaultTaskName(saver));
    if (task.schedule !== undefined) {
      // A task's own schedule fires it alone, without the tasks it runs after.
      const reader = what === URL_LIST ? "a task reading" : "a task checked against";
      issues.push({
        path: ["tasks", index, "schedule"],
        message: `${reader} ${what} ${file}, which task ${name} saves, cannot have a schedule ` +
          "of its own (it would fire without that task): schedule the config instead",
      });
      return;
    }
    indexByName ??= taskIndexByName(tasks);
    if (runsAfter(tasks, indexByName, index, saver)) return;
    issues.push({
      path: at,
      message: `cannot use ${what} ${file}${inherited} yet: task ${name} saves it in this run; ` +
        `add ${name} to this task's \`after\` so it is read once saved`,
    });
  };
  tasks.forEach((task: unknown, index: number) => {
    if (!isRecord(task) || task.sleep !== undefined) return; // a sleep reads neither
    const fetch = isRecord(task.fetch) ? task.fetch : {};
    const [value, at]: [unknown, ConfigPath] = fetch.checksums !== undefined
      ? [fetch.checksums, ["tasks", index, "fetch", "checksums"]]
      : task.checksums !== undefined
      ? [task.checksums, ["tasks", index, "checksums"]]
      : [fromDefaults, ["tasks", index]];
    check([index, task], CHECKSUMS_FILE_ROLE, value, at);
    check([index, task], URL_LIST, fetch.urls, ["tasks", index, "fetch", "urls"]);
  });
  return issues;
}

/** What a `urls` file is, in messages; only its start is read now, its lines as the run reaches them. */
const URL_LIST = "the URL list";

/** The files a task reads once it runs, not at load: a task of the run may save one first. */
const READ_ONCE_SAVED: ReadonlySet<string> = new Set([CHECKSUMS_FILE_ROLE, URL_LIST]);

/**
 * The problem with what a CA file, checksums file or URL list holds; a body file is only opened
 * later. A CA file must hold a PEM certificate (TLS would not say so); a checksums file's lines
 * are checked too, not only that it exists. The kinds are named as the run names the files
 * (own_files.ts).
 */
function contentProblem(
  what: string,
  path: string,
  written: string,
  maxChecksumsBytes: number,
): string | undefined {
  if (what === CHECKSUMS_FILE_ROLE) return checksumsProblem(path, written, maxChecksumsBytes);
  if (what === URL_LIST) return urlListProblem(path);
  if (what !== CA_FILE_ROLE) return undefined;
  try {
    return caFileProblem(readCaFileSync(path), written);
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * A checksums file is read whole when it loads, up to its cap: a bad line is the config's error,
 * with its line, and so is a file past `maxChecksumsSize`.
 */
function checksumsProblem(path: string, written: string, maxBytes: number): string | undefined {
  try {
    parseChecksumsFile(readChecksumsTextSync(path, maxBytes), written);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * A UTF-16 list (what Windows PowerShell 5's `>` writes) would fail its whole task when the run
 * opens it: its first two bytes tell so now.
 */
function urlListProblem(path: string): string | undefined {
  try {
    using file = Deno.openSync(path);
    const start = new Uint8Array(2);
    const read = file.readSync(start) ?? 0;
    return hasUtf16Bom(start.subarray(0, read)) ? UTF16_TEXT : undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/** What a list is read from, said where a user gave it another place. */
const LISTS_FROM_FILES = "a URL list is read from a file, not from standard input or a pipe (the " +
  "config's check reads its start, the run all of it); write the list to a file and name it here";

/**
 * A list named `-` (standard input, as `corun run -` and `wget -i -` read it) or a pipe, a terminal
 * or a socket (`/dev/stdin`, a FIFO): said so, not as a file missing or not a file.
 *
 * @param file The list, absolute.
 * @param written Its path as the config writes it.
 * @param problem What `fileProblem` found.
 * @returns The problem, in those words for such a list.
 */
function streamedListProblem(
  file: string,
  written: string,
  problem: string | undefined,
): string | undefined {
  if (written === "-" && problem === MISSING_FILE) return LISTS_FROM_FILES;
  if (problem !== NOT_A_FILE) return problem;
  try {
    const info = Deno.statSync(file);
    const kind = info.isFifo
      ? "a pipe"
      : info.isCharDevice
      ? "a terminal or a device"
      : info.isSocket
      ? "a socket"
      : undefined;
    return kind === undefined ? problem : `it is ${kind}: ${LISTS_FROM_FILES}`;
  } catch {
    return problem; // gone since: as said
  }
}

/**
 * Why a file the config names cannot be read, or undefined: no permission (with the flag), missing,
 * or not a file.
 *
 * @param path The file, absolute.
 * @returns `the file does not exist`, `it is not a file`, `corun may not read "…": start it with
 *   --allow-read=…`, or the system's reason.
 */
export function fileProblem(path: string): string | undefined {
  // Asked first, never prompted for: the flag to add beats a prompt, or Deno's refusal, per file.
  const refusal = pathRefusal("read", path);
  if (refusal !== undefined) return refusalText(refusal);
  try {
    return Deno.statSync(path).isFile ? undefined : NOT_A_FILE;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return MISSING_FILE;
    return messageOf(error);
  }
}
