/**
 * The config schema (zod): validates raw configs of every format and generates the JSON Schema that
 * editors use. Unknown keys are errors everywhere.
 * @module
 */
import { z } from "./deps.ts";
import type { CustomTaskInput, FetchTaskInput } from "./input_types.ts";
import {
  FETCH_OPTION_KEYS,
  fetchOptionsShape,
  fetchSchema,
  isRecord,
  objectCheck,
  presentKeys,
} from "./schema_fetch.ts";
import {
  cronSchema,
  durationSchema,
  expecting,
  functionSchema,
  integerIn,
  oneOf,
  taskNameSchema,
  text,
  timezoneSchema,
} from "./schema_values.ts";

/** A cron expression, or `{ cron, timezone, overlap, jitter, catchUp }`. */
export const scheduleSchema = z.union([
  cronSchema,
  z.strictObject({
    cron: cronSchema,
    timezone: timezoneSchema.optional(),
    overlap: oneOf(["skip", "queue", "allow"]).optional(),
    jitter: durationSchema.optional(),
    catchUp: oneOf(["none", "once"]).optional(),
  }, expecting("a schedule { cron, timezone, overlap, jitter, catchUp }")),
], expecting('a cron expression such as "*/10 * * * *", or a schedule { cron, ... }')).meta({
  id: "Schedule",
  description: "A cron expression, or { cron, timezone, overlap, jitter, catchUp }.",
});

/** The keys that choose a task's kind; a task has exactly one. */
export const TASK_KIND_KEYS = ["sleep", "fetch", "run"] as const;

/** Keys that only fetch tasks may have. */
const FETCH_ONLY_KEYS = ["save", "onResponse", ...FETCH_OPTION_KEYS];

/** Options of `createConfigSchema`. */
export interface ConfigSchemaOptions {
  /**
   * Include the function-valued keys (`run`, `onResponse`) that only TypeScript configs can give.
   * The JSON Schema for editors leaves them out. @default true
   */
  functions?: boolean;
}

/** The zod schema of a whole raw config. */
export type ConfigSchema = ReturnType<typeof buildConfigSchema>;

/**
 * Builds the config schema.
 *
 * @param options Whether function-valued keys are part of it.
 * @returns The zod schema of a whole raw config.
 */
export function createConfigSchema(options: ConfigSchemaOptions = {}): ConfigSchema {
  return buildConfigSchema(options);
}

function buildConfigSchema(options: ConfigSchemaOptions) {
  const functions = options.functions ?? true;
  const functionShape = {
    run: functionSchema<CustomTaskInput["run"]>("a generator function").optional(),
    onResponse: functionSchema<NonNullable<FetchTaskInput["onResponse"]>>("a response callback")
      .optional(),
  };
  const kindKeys = functions ? TASK_KIND_KEYS : TASK_KIND_KEYS.filter((key) => key !== "run");

  const taskSchema = z.strictObject({
    name: taskNameSchema.optional().describe(
      'Unique task name. Default "task-N" (1-based position).',
    ),
    sleep: durationSchema.optional().describe("Makes this a task that waits this long."),
    fetch: fetchSchema.optional().describe("Makes this a task that fetches a URL or a request."),
    // Typed as present either way: only the JSON Schema variant leaves them out.
    ...(functions ? functionShape : {} as typeof functionShape),
    save: text('a path template such as "{host}/{uuid}.html"').optional()
      .describe('Path template under outDir, such as "{host}/{uuid}.html".'),
    after: z.array(taskNameSchema, expecting("a list of task names")).optional()
      .describe("Names of tasks that must succeed first."),
    schedule: scheduleSchema.optional(),
    ...fetchOptionsShape,
  }, expecting("a task { name, sleep | fetch | run, ... }"))
    .check(objectCheck(checkTaskKeys))
    .meta({ id: "Task", oneOf: kindKeys.map((key) => ({ required: [key] })) });

  return z.strictObject({
    $schema: z.string().optional().describe("JSON Schema reference; ignored."),
    outDir: text("a directory path").optional()
      .describe(
        'Directory saved files are confined to, relative to the config file. Default "out".',
      ),
    concurrency: integerIn(1, 100_000, "a number of concurrent tasks").optional()
      .describe("How many tasks may do network work at once. Default 16."),
    perHost: integerIn(1, 100_000, "a number of connections per host").optional()
      .describe("How many connections may be open to one origin at once. Default 6."),
    metadata: z.union(
      [text("a file name"), z.literal(false, expecting("false"))],
      expecting("a file name or false"),
    )
      .optional()
      .describe(
        'File under outDir receiving one JSON line per fetch, or false. Default "corun.jsonl".',
      ),
    defaults: z.strictObject(
      fetchOptionsShape,
      expecting("fetch settings { timeout, retries, ... }"),
    )
      .optional().meta({
        id: "FetchOptions",
        description: "Fetch settings every fetch task starts from.",
      }),
    schedule: scheduleSchema.optional(),
    tasks: z.array(taskSchema, expecting("a list of tasks")).describe("The tasks, in order."),
  }, expecting("a config object { tasks, ... }"));
}

/** The kind of a task is given once; fetch settings only on fetch tasks, and once per fetch task. */
function checkTaskKeys(task: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const kinds = presentKeys(task, TASK_KIND_KEYS);
  if (kinds.length === 0) {
    ctx.addIssue({ code: "custom", message: 'a task needs one of "sleep", "fetch" or "run"' });
  }
  for (const extra of kinds.slice(1)) {
    ctx.addIssue({
      code: "custom",
      path: [extra],
      message: `a task has one of "sleep", "fetch" or "run", but "${kinds[0]}" is given too`,
    });
  }
  if (kinds.length === 0 || kinds[0] === "fetch") {
    if (!isRecord(task.fetch)) return;
    for (const key of presentKeys(task.fetch, FETCH_OPTION_KEYS)) {
      if (task[key] === undefined) continue;
      ctx.addIssue({
        code: "custom",
        path: ["fetch", key],
        message: `"${key}" is also given on the task; give it in one place`,
      });
    }
    return;
  }
  for (const key of presentKeys(task, FETCH_ONLY_KEYS)) {
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `"${key}" is only for fetch tasks, and this is a ${kinds[0]} task`,
    });
  }
}

/** The zod schema of a raw config, including TypeScript-only function keys. */
export const configSchema = createConfigSchema();

/** A raw config that passed `configSchema`. */
export type ValidConfigInput = z.output<typeof configSchema>;
