/**
 * The config schema: validates raw configs of every format and generates the JSON Schema that editors
 * use. Unknown keys are errors everywhere, but for the config's own `x-` keys (`EXTENSION_PREFIX`).
 * @module
 */
import type { ConfigInput, CustomTaskInput, FetchTaskInput } from "./input_types.ts";
import {
  countPresent,
  credentialPlaces,
  FETCH_OPTION_KEYS,
  fetchOptionsShape,
  fetchSchema,
  globSchema,
  isRecord,
  presentKeys,
  RUN_KEY_PLACES,
} from "./schema_fetch.ts";
import {
  bandwidthSchema,
  checksumSchema,
  cookieJarSizeLimitSchema,
  cronSchema,
  databaseUrlSchema,
  durationSchema,
  localPathText,
  originSchema,
  pathText,
  pingUrlSchema,
  pipelineSchema,
  proxySchema,
  queueNameSchema,
  rateSchema,
  responseCallbackSchema,
  runFunctionSchema,
  taskNameSchema,
  text,
  timezoneSchema,
} from "./schema_values.ts";
import { leadingVariableProblem } from "./env_reference.ts";
import { METADATA_PATH_JSON, SAVE_TEMPLATE_JSON } from "./output_path_json.ts";
import { headerKeyPlaces } from "./header_key_places.ts";
import {
  array,
  type CheckRun,
  type JsonSchema,
  literal,
  oneOf,
  record,
  strictObject,
  string,
  union,
  wholeNumber,
} from "./shape/mod.ts";

/** A cron expression, or `{ cron, timezone, overlap, jitter, catchUp }`. */
const scheduleSchema = union([
  cronSchema,
  strictObject({
    cron: cronSchema.describe(
      "5 fields (6 with seconds first) or a nickname such as @hourly, read as cronie reads a crontab.",
    ),
    timezone: timezoneSchema.optional()
      .describe("An IANA time zone such as Europe/Berlin. Default: the machine's zone."),
    overlap: oneOf(["skip", "queue", "allow"]).optional().describe(
      "A fire while this schedule's previous run still runs is skipped, queued (one) or allowed. " +
        'Default "skip".',
    ),
    jitter: durationSchema.optional()
      .describe("A random delay up to this long before each run. Default 0."),
    catchUp: oneOf(["none", "once"]).optional().describe(
      "once: when the scheduler starts and a fire was missed while it was down, run once at once. " +
        'Default "none".',
    ),
  }, "a schedule { cron, timezone, overlap, jitter, catchUp }"),
], 'a cron expression such as "*/10 * * * *", or a schedule { cron, ... }').meta({
  id: "Schedule",
  description: "A cron expression, or { cron, timezone, overlap, jitter, catchUp }.",
});

const perHostSchema = wholeNumber(1, 100_000, "a number of fetches in flight per origin");

/** The keys of `originRulesSchema`, as its problems name them. */
const ORIGIN_RULE_KEYS = ["perHost", "rate", "delay", "jitter", "proxy", "pipeline"];

/**
 * A fetch setting an origin does not take (`timeout`, `headers`), and where it goes instead; and the
 * run's own limits (`bandwidth`, `concurrency`), of which no origin has one.
 */
const ORIGIN_ELSEWHERE: Record<string, string> = {
  ...Object.fromEntries(
    FETCH_OPTION_KEYS.filter((key) => !ORIGIN_RULE_KEYS.includes(key)).map((key) => [
      key,
      'in "defaults" or on a task (an origin\'s rules are perHost, rate, delay, jitter, proxy and ' +
      "pipeline)",
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(RUN_KEY_PLACES).filter(([key]) => !ORIGIN_RULE_KEYS.includes(key)),
  ),
};

/** One origin's rules: `{ perHost, rate, delay, jitter, proxy, pipeline }`. */
const originRulesSchema = strictObject({
  perHost: perHostSchema.optional()
    .describe(
      "How many fetches may be in flight to this origin at once (one connection each, unless pipelined).",
    ),
  rate: rateSchema.optional(),
  proxy: proxySchema.optional(),
  delay: durationSchema.optional()
    .describe("Least time between the starts of two requests to this origin."),
  jitter: durationSchema.optional()
    .describe("A random extra gap, up to this long, added to each delay."),
  pipeline: pipelineSchema.optional(),
}, "origin rules { perHost, rate, delay, jitter, proxy, pipeline }").belongElsewhere(
  ORIGIN_ELSEWHERE,
).meta({
  id: "OriginRules",
  description:
    "Rules for one origin; they win over the tasks' and the defaults' rate, delay, jitter, " +
    "proxy and pipeline, and over perHost.",
});

/** `origins:`, origin to rules. Keys that name one origin twice are `origins.ts`'s to find. */
const originsSchema = record(
  originSchema,
  originRulesSchema,
  'rules by origin { "https://example.org": { rate, ... } }',
);

/** `notify:`: URLs pinged when a run starts, succeeds or fails. */
const notifySchema = strictObject({
  start: pingUrlSchema.optional().describe("Pinged when a run starts."),
  success: pingUrlSchema.optional().describe("Pinged when a run ends with exit code 0."),
  failure: pingUrlSchema.optional().describe(
    "Pinged when a run ends with any other exit code (a task failed, an interrupt).",
  ),
}, "pings { start, success, failure }").meta({
  id: "Notify",
  description:
    "URLs pinged (POST, the run's summary as JSON) when a run starts, succeeds or fails; a failed " +
    "ping is reported and never changes the exit code.",
});

/**
 * What starts a top-level key of the user's own, which corun never reads: a place for a YAML anchor
 * (`x-common: &common { ... }`), as docker-compose's extension fields are.
 */
const EXTENSION_PREFIX = "x-";

/**
 * A raw config without its top-level `x-` keys, for the checks that walk every value (how deep
 * values nest, and whether one contains itself): a TypeScript config's own key may hold any object,
 * which corun never reads.
 *
 * @param value A raw config, valid or not.
 * @returns The value itself when it has no such key, else a shallow copy without them.
 */
export function withoutExtensionKeys(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((key) => key.startsWith(EXTENSION_PREFIX))) return value;
  return Object.fromEntries(
    keys.filter((key) => !key.startsWith(EXTENSION_PREFIX)).map((key) => [key, value[key]]),
  );
}

/** The keys that choose a task's kind; a task has exactly one. */
const TASK_KIND_KEYS = ["sleep", "fetch", "run"] as const;

/** A fetch task's keys that are no fetch setting: `defaults` has none of them. */
const FETCH_TASK_KEYS = ["save", "checksum", "onResponse", "glob"];
/** Keys that only fetch tasks may have. */
const FETCH_ONLY_KEYS = [...FETCH_TASK_KEYS, ...FETCH_OPTION_KEYS];
/** Settings a fetch task may give on itself or inside its `fetch`, but once. */
const TASK_OR_REQUEST_KEYS = [...FETCH_OPTION_KEYS, "glob"];
const FETCH_ONLY_KEY_SET: ReadonlySet<string> = new Set(FETCH_ONLY_KEYS);

/**
 * Keys of a request that a task does not take itself, with where they go: written beside `fetch`,
 * they are an unknown key that no "did you mean" would place.
 */
const REQUEST_ONLY_PLACES: Record<string, string> = {
  url: 'in "fetch", as in fetch: URL or fetch: { url, method }',
  urls: 'inside "fetch", as in fetch: { urls: FILE }',
  allowEmptyList: 'inside "fetch", as in fetch: { urls: FILE, allowEmptyList: true }',
  method: 'inside "fetch", as in fetch: { url, method }',
  body: 'inside "fetch", as in fetch: { url, method: POST, body }',
  auth: 'inside "fetch", as in fetch: { url, auth }',
  ...credentialPlaces('inside "fetch"', (auth) => `fetch: { url, ${auth} }`),
  ...headerKeyPlaces(),
};

/**
 * A request's own keys written in `defaults`, which holds fetch settings only: they go in each
 * task's `fetch` (headers, such as an `Authorization`, may be defaults).
 */
const DEFAULTS_REQUEST_PLACES = requestPlacesOutside(', not in "defaults"');

/** `REQUEST_ONLY_PLACES` told outside a task: `in a task's "fetch"`, then `also`. */
function requestPlacesOutside(also: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(REQUEST_ONLY_PLACES).map((
      [key, place],
    ) => [key, place.replace(/^(in|inside) "fetch"/, `in a task's "fetch"${also}`)]),
  );
}

/**
 * Keys of a task, a request or `defaults` written at the top of the config, with where they go:
 * else the unknown key would be told to start with "x-", which is no place for `retries: 3`.
 */
const TOP_LEVEL_PLACES: Record<string, string> = {
  ...Object.fromEntries(
    FETCH_OPTION_KEYS.map((key) => [key, 'in "defaults" (for every fetch task) or on a task']),
  ),
  ...Object.fromEntries(
    ["name", "after", ...TASK_KIND_KEYS, ...FETCH_TASK_KEYS].map((
      key,
    ) => [key, 'on a task, in "tasks"']),
  ),
  ...requestPlacesOutside(""),
  ...headerKeyPlaces((headers) => `defaults: { ${headers} }`),
};

/** Options of `createConfigSchema`. */
export interface ConfigSchemaOptions {
  /**
   * Include the function-valued keys (`run`, `onResponse`) that only TypeScript configs can give.
   * The JSON Schema for editors leaves them out. @default true
   */
  functions?: boolean;
}

/** The schema of a whole raw config. */
export type ConfigSchema = ReturnType<typeof buildConfigSchema>;

/**
 * Builds the config schema.
 *
 * @param options Whether function-valued keys are part of it.
 * @returns The schema of a whole raw config.
 */
export function createConfigSchema(options: ConfigSchemaOptions = {}): ConfigSchema {
  return buildConfigSchema(options);
}

function buildConfigSchema(options: ConfigSchemaOptions) {
  const functions = options.functions ?? true;
  const functionShape = {
    run: runFunctionSchema<CustomTaskInput["run"]>().optional(),
    onResponse: responseCallbackSchema<NonNullable<FetchTaskInput["onResponse"]>>().optional(),
  };
  const kindKeys = functions ? TASK_KIND_KEYS : TASK_KIND_KEYS.filter((key) => key !== "run");

  const taskSchema = strictObject({
    name: taskNameSchema.optional().describe(
      'Unique task name. Default "task-N" (1-based position).',
    ),
    sleep: durationSchema.optional().describe("Makes this a task that waits this long."),
    fetch: fetchSchema.optional().describe("Makes this a task that fetches a URL or a request."),
    // Typed as present either way: only the JSON Schema variant leaves them out.
    ...(functions ? functionShape : {} as typeof functionShape),
    // Its `${NAME}` is the template's to explain (`{NAME}` is no placeholder).
    save: text('a path template such as "{host}/{uuid}.html"').check(leadingVariableProblem)
      .meta({ allOf: SAVE_TEMPLATE_JSON })
      .optional()
      .describe('Path template under outDir, such as "{host}/{uuid}.html".'),
    checksum: checksumSchema.optional(),
    after: array(taskNameSchema, "a list of task names").optional()
      .describe("Names of tasks that must succeed first."),
    schedule: scheduleSchema.optional(),
    glob: globSchema,
    ...fetchOptionsShape,
  }, "a task { name, sleep | fetch | run, ... }")
    .check(checkTaskKeys)
    .belongElsewhere({ ...REQUEST_ONLY_PLACES, ...RUN_KEY_PLACES })
    .meta({ id: "Task", oneOf: kindKeys.map((key) => taskKindJsonSchema(key, functions)) });

  return strictObject({
    $schema: string("a JSON Schema reference (text)").optional()
      .describe("JSON Schema reference; ignored."),
    outDir: localPathText("a directory path").optional()
      .describe(
        'Directory saved files are confined to, relative to the config file. Default "out".',
      ),
    concurrency: wholeNumber(1, 100_000, "a number of fetches in flight at once").optional()
      .describe(
        "How many fetches may be in flight at once, of all tasks (one task's URL pattern or list " +
          "counts each fetch); a fetch waiting for its turn holds no slot. Default 16.",
      ),
    perHost: perHostSchema.optional()
      .describe(
        "How many fetches may be in flight to one origin at once (one connection each, unless pipelined). Default 6.",
      ),
    maxIdleConnections: wholeNumber(1, 100_000, "a number of connections").optional()
      .describe(
        "How many idle keep-alive connections the run keeps over all origins; past it, the one " +
          "idle longest is closed. Default 1024, or perHost when that is more.",
      ),
    origins: originsSchema.optional().describe(
      'Rules for particular origins: { "https://example.org": { perHost, rate, delay, jitter, ' +
        "proxy, pipeline } }.",
    ),
    metadata: union([
      pathText("a file name").meta({ allOf: METADATA_PATH_JSON }),
      literal(false, "false"),
    ], "a file name or false")
      .optional()
      .describe(
        "File under outDir receiving one JSON line per fetch of the latest run (earlier runs: " +
          '.corun/metadata/, see keepRuns), or false. Default "corun.jsonl".',
      ),
    keepRuns: wholeNumber(1, 1_000_000, "a number of runs").optional()
      .describe(
        "Runs whose metadata is kept: the metadata file holds the latest run, earlier runs " +
          "go to .corun/metadata/<run id>.jsonl, the oldest removed. Default 30.",
      ),
    bandwidth: bandwidthSchema.optional().describe(
      'How fast response bodies may arrive, all of the run\'s together ("2MiB/s", "500KB/s", ' +
        '"10GB/h"): reads wait so that the average stays under it. Default: no limit.',
    ),
    keepHistory: wholeNumber(1, 1_000_000, "a number of runs").optional()
      .describe(
        "Runs kept in the run history (.corun-history.jsonl), per schedule of this config. Default 1000.",
      ),
    defaults: strictObject(fetchOptionsShape, "fetch settings { timeout, retries, ... }")
      .belongElsewhere({ ...DEFAULTS_REQUEST_PLACES, ...RUN_KEY_PLACES }).optional().meta({
        id: "FetchOptions",
        description: "Fetch settings every fetch task starts from.",
      }),
    schedule: scheduleSchema.optional(),
    cookies: union(
      [literal(true, "true"), literal(false, "false"), localPathText("a cookie jar file path")],
      "true, false or a cookie jar file path",
    ).optional().describe(
      "Keep cookies across the run's requests (RFC 6265): true, or a file (relative to the " +
        "config file) that keeps the jar between runs. Default false.",
    ),
    maxCookieJarSize: cookieJarSizeLimitSchema.optional().describe(
      "Largest cookie jar file (cookies: a file): a larger one is refused; a save that would " +
        "pass it leaves out the least recently used cookies, with a warning. Default 16MiB.",
    ),
    notify: notifySchema.optional(),
    db: databaseUrlSchema.optional().describe(
      "The PostgreSQL database of a shared queue, for corun worker, submit, schedule --db and " +
        "status (a --db flag or CORUN_DATABASE_URL wins; keep passwords in those, not here).",
    ),
    queue: queueNameSchema.optional().describe(
      "The shared queue's name in the database. Default: the config file's name without its " +
        "extension.",
    ),
    tasks: array(taskSchema, "a list of tasks")
      .nonEmpty("expected at least one task, got an empty list (a run would do nothing and exit 0)")
      .describe("The tasks, in order."),
  }, "a config object { tasks, ... }").belongElsewhere(TOP_LEVEL_PLACES)
    .allowExtensions(EXTENSION_PREFIX)
    .check(checkCookieJarSize)
    // As `checkCookieJarSize` says, for editors.
    .meta({
      dependentSchemas: {
        maxCookieJarSize: { required: ["cookies"], properties: { cookies: { type: "string" } } },
      },
    });
}

/**
 * `maxCookieJarSize` bounds a jar file, read and written: without one (`cookies` absent, `true` or
 * `false`) it would bound nothing, silently.
 */
function checkCookieJarSize(config: Record<string, unknown>, run: CheckRun): void {
  if (config.maxCookieJarSize === undefined || typeof config.cookies === "string") return;
  const cookies = config.cookies === undefined ? "not set" : `${config.cookies}`;
  run.failAt(
    ["maxCookieJarSize"],
    `"maxCookieJarSize" is about a cookie jar file, and "cookies" is ${cookies}: ` +
      'set "cookies" to a file path, or leave "maxCookieJarSize" out',
  );
}

/**
 * The JSON Schema branch of one task kind, saying what `checkTaskKeys` says so that editors refuse
 * what `check` refuses: fetch settings only on fetch tasks, and once per fetch task.
 */
function taskKindJsonSchema(kind: string, functions: boolean): JsonSchema {
  if (kind === "fetch") {
    const givenTwice = (key: string) => ({
      properties: { fetch: { properties: { [key]: false } } },
    });
    return {
      required: ["fetch"],
      dependentSchemas: {
        ...Object.fromEntries(TASK_OR_REQUEST_KEYS.map((key) => [key, givenTwice(key)])),
        glob: { properties: { fetch: { properties: { glob: false, urls: false } } } },
      },
    };
  }
  const fetchOnly = FETCH_ONLY_KEYS.filter((key) => functions || key !== "onResponse");
  return { required: [kind], properties: Object.fromEntries(fetchOnly.map((key) => [key, false])) };
}

/**
 * The kind of a task is given once; fetch settings only on fetch tasks, and once per fetch task.
 * Allocates nothing for a valid task: it runs on every task of a config.
 */
function checkTaskKeys(task: Record<string, unknown>, run: CheckRun): void {
  const kindCount = countPresent(task, TASK_KIND_KEYS);
  const kind = task.sleep !== undefined
    ? "sleep"
    : task.fetch !== undefined
    ? "fetch"
    : task.run !== undefined
    ? "run"
    : undefined;
  if (kindCount === 0) run.fail('a task needs one of "sleep", "fetch" or "run"');
  if (kindCount > 1) {
    for (const extra of presentKeys(task, TASK_KIND_KEYS).slice(1)) {
      run.failAt(
        [extra],
        `a task has one of "sleep", "fetch" or "run", but "${kind}" is given too`,
      );
    }
  }
  if (kind === undefined || kind === "fetch") {
    const request = task.fetch;
    if (!isRecord(request)) return;
    for (let index = 0; index < TASK_OR_REQUEST_KEYS.length; index++) {
      const key = TASK_OR_REQUEST_KEYS[index];
      if (request[key] === undefined || task[key] === undefined) continue;
      run.failAt(["fetch", key], `"${key}" is also given on the task; give it in one place`);
    }
    if (task.glob !== undefined && request.urls !== undefined) {
      run.failAt(
        ["glob"],
        '"glob" is about a "url" pattern; the lines of "urls" are taken as written',
      );
    }
    return;
  }
  if (!hasAnyOf(task, FETCH_ONLY_KEY_SET)) return;
  for (const key of presentKeys(task, FETCH_ONLY_KEYS)) {
    run.failAt([key], `"${key}" is only for fetch tasks, and this is a ${kind} task`);
  }
}

/** Whether any of `keys` is present in `record`, looking only at the keys it has. */
function hasAnyOf(record: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in record) {
    if (keys.has(key) && record[key] !== undefined) return true;
  }
  return false;
}

/** The schema of a raw config, including TypeScript-only function keys. */
export const configSchema: ConfigSchema = createConfigSchema();

/**
 * A raw config that passed `configSchema`. The schema checks by hand what its types cannot say (one
 * kind per task, one form per body and credentials), so this is the hand-written input type.
 */
export type ValidConfigInput = ConfigInput;
