/**
 * Two tasks whose `save` names one file, with no placeholder to tell them apart, or a `save` that
 * names the metadata log or the state file: a config error at the second task's `save`, naming the
 * first, rather than one body silently replacing the other. Paths are compared where they land in
 * the output directory, normalised by the sinks' `relativeInside` as the run writes them. Templates
 * with placeholders, and the files the command line adds (lock, history, log file), are checked as
 * the run saves (lib/tasks/saved_paths.ts).
 * @module
 */
import { relativeInside, STATE_FILE_NAME } from "../sinks/mod.ts";
import { METADATA_LOG_ROLE, STATE_FILE_ROLE } from "../tasks/own_files.ts";
import { formatPath } from "./config_error.ts";
import { DEFAULT_METADATA } from "./defaults.ts";
import type { PathIssue } from "./path_issue.ts";
import { isRecord } from "./schema_fetch.ts";
import { defaultTaskName } from "./task_graph.ts";

/**
 * Finds literal `save` paths that collide with each other or with corun's own files.
 *
 * @param input A raw config, valid or not, or a config's settings with its normalised tasks.
 * @returns One issue per task whose file is already someone's, at `tasks[i].save`.
 */
export function checkSaveCollisions(input: unknown): PathIssue[] {
  if (!isRecord(input) || !Array.isArray(input.tasks)) return [];
  const tasks: unknown[] = input.tasks;
  const metadata = input.metadata === undefined ? DEFAULT_METADATA : input.metadata;
  const metadataPath = typeof metadata === "string" ? landing(metadata) : undefined;
  const issues: PathIssue[] = [];
  const firstIndex = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!isRecord(task) || typeof task.save !== "string" || /[{}]/.test(task.save)) return;
    const path = landing(task.save);
    if (path === undefined) return; // the template check reports it
    const role = path === metadataPath
      ? METADATA_LOG_ROLE
      : path === STATE_FILE_NAME
      ? STATE_FILE_ROLE
      : undefined;
    const first = firstIndex.get(path);
    let message: string | undefined;
    if (role !== undefined) message = `saves to "${path}", which is ${role}: choose another path`;
    else if (first !== undefined) {
      const firstTask = tasks[first] as Record<string, unknown>;
      const name = typeof firstTask.name === "string" ? firstTask.name : defaultTaskName(first);
      message = `saves to "${path}", as ${
        formatPath(["tasks", first])
      } ("${name}") does: two tasks cannot save one file`;
    } else firstIndex.set(path, index);
    if (message !== undefined) issues.push({ path: ["tasks", index, "save"], message });
  });
  return issues;
}

/**
 * Where a relative path lands in the output directory, or undefined when it is not a file there, or
 * climbs out of the directory and back in (where it lands then depends on the directory's name: the
 * run checks it). Two directories of different names tell that case apart.
 */
function landing(path: string): string | undefined {
  const inA = insideOrUndefined("/corun-a", path);
  return inA !== undefined && inA === insideOrUndefined("/corun-b", path) ? inA : undefined;
}

function insideOrUndefined(outDir: string, path: string): string | undefined {
  try {
    return relativeInside(outDir, path);
  } catch {
    return undefined;
  }
}
