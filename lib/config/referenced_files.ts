/**
 * Files a config points at (`caFile`, a `body: { file }`) are checked when it loads, so a wrong path
 * is a located config error (exit 2, nothing run) rather than a task failing later without a field.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";
import { isAbsolute, resolve } from "./deps.ts";
import { isRecord } from "./schema_fetch.ts";
import type { PathIssue } from "./path_issue.ts";

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
  // Paths are built only for problems: a large config has a hundred thousand tasks to walk.
  const check = (value: unknown, path: () => ConfigPath, what: string) => {
    if (typeof value !== "string" || value === "") return; // the schema reports other shapes
    const problem = fileProblem(isAbsolute(value) ? value : resolve(baseDir, value));
    if (problem) {
      issues.push({ path: path(), message: `cannot use ${what} "${value}": ${problem}` });
    }
  };
  const checkFetchSettings = (settings: unknown, at: () => ConfigPath) => {
    if (!isRecord(settings)) return;
    check(settings.caFile, () => [...at(), "caFile"], "the CA file");
    if (isRecord(settings.body)) {
      check(settings.body.file, () => [...at(), "body", "file"], "the body file");
    }
  };
  checkFetchSettings(input.defaults, () => ["defaults"]);
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task, index) => {
    if (!isRecord(task)) return;
    checkFetchSettings(task, () => ["tasks", index]);
    if (isRecord(task.fetch)) checkFetchSettings(task.fetch, () => ["tasks", index, "fetch"]);
  });
  return issues;
}

function fileProblem(path: string): string | undefined {
  try {
    return Deno.statSync(path).isFile ? undefined : "it is not a file";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "the file does not exist";
    return error instanceof Error ? error.message : String(error);
  }
}
