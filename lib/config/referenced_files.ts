/**
 * Files a config points at (`caFile`, a `body: { file }`, a `urls` list) are checked when it loads,
 * so a wrong path is a located config error (exit 2, nothing run) rather than a task failing later
 * without a field.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import { isAbsolute, resolve } from "./deps.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";
import { parseChecksumsFile } from "../sinks/mod.ts";
import { messageOf } from "../loop/mod.ts";
import { caFileProblem } from "../net/mod.ts";

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
  // A file that many tasks name (one CA file for each of 100k tasks) is judged once.
  const judged = new Map<string, string | undefined>();
  forEachFileField(input, (value, path, what) => {
    if (typeof value !== "string" || value === "") return; // the schema reports other shapes
    const key = `${what}\0${value}`;
    let problem = judged.get(key);
    if (!judged.has(key)) {
      const file = isAbsolute(value) ? value : resolve(baseDir, value);
      problem = fileProblem(file) ?? contentProblem(what, file, value);
      judged.set(key, problem);
    }
    if (problem) {
      const message = `cannot use ${what} ${JSON.stringify(value)}: ${problem}`;
      issues.push({ path: path(), message });
    }
  });
  return issues;
}

/**
 * Visits every field that names a local file (`caFile`, `checksums`, `body.file`, `urls`) in the fetch settings
 * of `defaults`, of each task and of each task's `fetch`, set or not.
 *
 * @param input A raw config, valid or not.
 * @param visit Called with the field's value, its path (built only when asked: a large config has
 *   a hundred thousand tasks to walk) and what the file is, for messages.
 */
export function forEachFileField(
  input: Record<string, unknown>,
  visit: (value: unknown, path: () => ConfigPath, what: string) => void,
): void {
  const visitFetchSettings = (settings: unknown, at: () => ConfigPath) => {
    if (!isRecord(settings)) return;
    visit(settings.caFile, () => [...at(), "caFile"], CA_FILE);
    visit(settings.checksums, () => [...at(), "checksums"], CHECKSUMS_FILE);
    if (isRecord(settings.body)) {
      visit(settings.body.file, () => [...at(), "body", "file"], "the body file");
    }
  };
  visitFetchSettings(input.defaults, () => ["defaults"]);
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task, index) => {
    if (!isRecord(task)) return;
    visitFetchSettings(task, () => ["tasks", index]);
    if (!isRecord(task.fetch)) return;
    visitFetchSettings(task.fetch, () => ["tasks", index, "fetch"]);
    visit(task.fetch.urls, () => ["tasks", index, "fetch", "urls"], "the URL list");
  });
}

/** What a `caFile` is, in messages; it must hold a PEM certificate, which TLS would not say. */
const CA_FILE = "the CA file";

/** What a `checksums` file is, in messages; its lines are checked too, not only that it exists. */
const CHECKSUMS_FILE = "the checksums file";

/** The problem with what a CA file or checksums file holds; other files are only opened later. */
function contentProblem(what: string, path: string, written: string): string | undefined {
  if (what === CHECKSUMS_FILE) return checksumsProblem(path, written);
  if (what !== CA_FILE) return undefined;
  try {
    return caFileProblem(Deno.readFileSync(path), written);
  } catch (error) {
    return messageOf(error);
  }
}

/** A checksums file is read whole when it loads: a bad line is the config's error, with its line. */
function checksumsProblem(path: string, written: string): string | undefined {
  try {
    parseChecksumsFile(Deno.readTextFileSync(path), written);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

function fileProblem(path: string): string | undefined {
  try {
    return Deno.statSync(path).isFile ? undefined : "it is not a file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "the file does not exist";
    return messageOf(error);
  }
}
