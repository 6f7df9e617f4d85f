/**
 * Validation of a config whose tasks arrive in runs (see `yaml_chunks.ts`): each run is checked and
 * turned into specs before the next is parsed, so only the specs outlive it. The checks are the
 * whole-document ones; any problem at all gives undefined, and the caller validates the whole
 * document, which is what locates every problem.
 * @module
 */
import type { ConfigSpec, TaskSpec } from "../tasks/spec.ts";
import type { TaskInput } from "./input_types.ts";
import { normalizeSettings, normalizeTask } from "./normalize.ts";
import { checkReferencedFiles } from "./referenced_files.ts";
import { checkOriginKeys } from "./origins.ts";
import { checkItemChecksums, checkItemSaves, checkSaveCollisions } from "./save_collisions.ts";
import { checkSaveTemplates } from "./save_templates.ts";
import { checkUrlPatterns } from "./url_sources.ts";
import { isRecord } from "./schema_fetch.ts";
import type { ValidConfigInput } from "./schema.ts";
import { checkTaskGraph } from "./task_graph.ts";
import { schemaIssues } from "./validate.ts";

/** A config cut into its settings and runs of tasks. */
export interface ChunkedConfig {
  /** Everything but `tasks`, parsed. */
  outside: unknown;
  /** How many tasks there are. */
  count: number;
  /** Parses one run of tasks after another; each must be a list. */
  taskRuns(): Iterable<unknown>;
}

/**
 * Validates and normalises a config one run of tasks at a time.
 *
 * @param config The settings and the runs of tasks.
 * @param baseDir Where relative paths start.
 * @param source Where the config came from.
 * @returns The spec, or undefined when something is wrong anywhere.
 */
export function validateInChunks(
  config: ChunkedConfig,
  baseDir: string,
  source: string,
): ConfigSpec | undefined {
  const outside = config.outside ?? {};
  if (!isRecord(outside) || "tasks" in outside) return undefined;
  if (checkReferencedFiles(outside, baseDir).length > 0) return undefined;
  if (checkOriginKeys(outside).length > 0) return undefined;
  const tasks: TaskSpec[] = new Array(config.count);
  let spec: ConfigSpec | undefined;
  let index = 0;
  for (const run of config.taskRuns()) {
    if (!Array.isArray(run) || index + run.length > config.count) return undefined;
    const part = { ...outside, tasks: run };
    if (schemaIssues(part, 1).issues.length > 0) return undefined;
    if (checkUrlPatterns(part).length > 0) return undefined;
    if (checkSaveTemplates(part).length > 0) return undefined;
    if (checkItemSaves(part).length > 0) return undefined;
    if (checkItemChecksums(part).length > 0) return undefined;
    if (checkReferencedFiles({ tasks: run }, baseDir).length > 0) return undefined;
    spec ??= normalizeSettings(outside as Omit<ValidConfigInput, "tasks">, { baseDir, source });
    for (const task of run as TaskInput[]) {
      tasks[index] = normalizeTask(task, index, spec.defaults, baseDir);
      index++;
    }
  }
  if (spec === undefined || index !== config.count) return undefined;
  // Names and `after` are all a spec keeps of what the graph check reads.
  if (checkTaskGraph({ tasks }).length > 0) return undefined;
  // Literal saves of one file, checked over all tasks at once: two may sit in different runs.
  if (checkSaveCollisions({ ...outside, tasks }).length > 0) return undefined;
  spec.tasks = tasks;
  return spec;
}
