/**
 * Validated raw config → `ConfigSpec`: defaults merged (task over config `defaults` over built-ins),
 * durations and sizes in numbers, relative paths resolved against the config's directory,
 * credentials given as `{ env }` or `{ file }` replaced by the text read (secret_refs.ts).
 * @module
 */
import type {
  AuthSpec,
  BodySpec,
  ConfigSpec,
  CrawlSpec,
  FetchDefaults,
  FetchTaskSpec,
  OriginRules,
  RequestSpec,
  ScheduleSpec,
  TaskSpec,
  TimeoutsSpec,
  UrlSourceSpec,
} from "../tasks/spec.ts";
import { parseUrlPattern } from "../frontier/url_pattern.ts";
import { headersOver } from "../http/mod.ts";
import { hasGlobSyntax } from "./url_glob.ts";
import {
  builtinFetchDefaults,
  DEFAULT_CONCURRENCY,
  DEFAULT_METADATA,
  DEFAULT_OUT_DIR,
  DEFAULT_PER_HOST,
} from "./defaults.ts";
import { resolve } from "./deps.ts";
import { parseDuration } from "./duration.ts";
import type {
  AuthInput,
  BodyInput,
  CrawlInput,
  FetchOptionsInput,
  FetchTaskInput,
  OriginRulesInput,
  RequestInput,
  ScheduleInput,
  SecretInput,
  TaskInput,
  TimeoutsInput,
} from "./input_types.ts";
import { normalizeOrigin } from "./origins.ts";
import { parseRate } from "./rate.ts";
import { parseBandwidth } from "./bandwidth.ts";
import { parseChecksum } from "../sinks/mod.ts";
import type { ValidConfigInput } from "./schema.ts";
import { parseSize } from "./size.ts";
import { FETCH_OPTION_KEYS } from "./schema_fetch.ts";
import { defaultTaskName } from "./task_graph.ts";
import { LITERAL_SECRETS, type Secrets } from "./secret_refs.ts";
import { credentialHeadersOver } from "../tasks/credential_headers.ts";

/** Options of `normalizeConfig`. */
export interface NormalizeOptions {
  /** Directory that relative paths (outDir, caFile, body files) are resolved against. */
  baseDir: string;
  /** Where the config came from, copied to `ConfigSpec.source`. */
  source?: string;
  /** It was read from an `http:` or `https:` URL, copied to `ConfigSpec.fromUrl`. */
  fromUrl?: boolean;
  /**
   * The credentials its `{ env }` and `{ file }` name, read (secret_refs.ts).
   * @default none: every credential field holds its text
   */
  secrets?: Secrets;
}

/**
 * Fills in defaults and converts units.
 *
 * @param input A raw config that passed the schema and the task graph checks.
 * @param options Base directory and source.
 * @returns The config spec.
 */
export function normalizeConfig(input: ValidConfigInput, options: NormalizeOptions): ConfigSpec {
  const where: Where = { baseDir: options.baseDir, secrets: options.secrets ?? LITERAL_SECRETS };
  const spec = normalizeSettings(input, options, where);
  spec.tasks = (input.tasks as TaskInput[]).map((task, index) =>
    normalizeTask(task, index, spec.defaults, where)
  );
  return spec;
}

/** What a relative path or a credential's `{ env }` / `{ file }` becomes. */
interface Where {
  /** Where relative paths start. */
  baseDir: string;
  /** The credentials read. */
  secrets: Secrets;
}

/**
 * Everything but the tasks: defaults merged, units converted.
 *
 * @param input A raw config that passed the schema (its tasks are not read).
 * @param options Base directory and source.
 * @returns The config spec with no tasks yet.
 */
function normalizeSettings(
  input: Omit<ValidConfigInput, "tasks">,
  options: NormalizeOptions,
  where: Where,
): ConfigSpec {
  const { baseDir, secrets } = where;
  const defaults = frozen(
    mergeFetchOptions(builtinFetchDefaults(), input.defaults ?? {}, baseDir, secrets),
  );
  const spec: ConfigSpec = {
    outDir: resolve(baseDir, input.outDir ?? DEFAULT_OUT_DIR),
    concurrency: input.concurrency ?? DEFAULT_CONCURRENCY,
    perHost: input.perHost ?? DEFAULT_PER_HOST,
    origins: normalizeOrigins(input.origins ?? {}),
    metadata: input.metadata ?? DEFAULT_METADATA,
    defaults,
    tasks: [],
  };
  if (input.keepRuns !== undefined) spec.keepRuns = input.keepRuns;
  if (input.maxIdleConnections !== undefined) spec.maxIdleConnections = input.maxIdleConnections;
  if (input.keepHistory !== undefined) spec.keepHistory = input.keepHistory;
  if (input.bandwidth !== undefined) spec.bandwidth = parseBandwidth(input.bandwidth);
  if (input.schedule !== undefined) spec.schedule = normalizeSchedule(input.schedule);
  if (input.cookies !== undefined && input.cookies !== false) {
    spec.cookies = input.cookies === true ? {} : { file: resolve(baseDir, input.cookies) };
    if (input.maxCookieJarSize !== undefined) {
      spec.cookies.maxFileBytes = parseSize(input.maxCookieJarSize);
    }
  }
  if (input.notify !== undefined) spec.notify = { ...input.notify };
  if (input.db !== undefined) spec.db = input.db;
  if (input.queue !== undefined) spec.queue = input.queue;
  if (options.source !== undefined) spec.source = options.source;
  if (options.fromUrl) spec.fromUrl = true;
  if (secrets.files.length > 0) spec.secretFiles = secrets.files;
  if (secrets.notRead !== undefined) spec.secretsNotRead = secrets.notRead;
  return spec;
}

/**
 * One task's spec.
 *
 * @param task A task that passed the schema.
 * @param index Its position in the config (its name when it has none).
 * @param defaults The config's fetch settings.
 * @param where Where relative paths start; the credentials read.
 * @returns The task spec.
 */
function normalizeTask(
  task: TaskInput,
  index: number,
  defaults: FetchDefaults,
  where: Where,
): TaskSpec {
  const name = task.name ?? defaultTaskName(index);
  const after = task.after === undefined || task.after.length === 0 ? NO_AFTER : [...task.after];
  const spec = normalizeKind(task, index, name, after, defaults, where);
  if (task.schedule !== undefined) spec.schedule = normalizeSchedule(task.schedule);
  return spec;
}

/** Shared by every task that runs after none: large configs have many, and specs live all run long. */
const NO_AFTER: readonly string[] = Object.freeze([]);

function normalizeKind(
  task: TaskInput,
  index: number,
  name: string,
  after: readonly string[],
  defaults: FetchDefaults,
  where: Where,
): TaskSpec {
  const { baseDir, secrets } = where;
  if ("sleep" in task && task.sleep !== undefined) {
    return { kind: "sleep", name, after, durationMs: parseDuration(task.sleep) };
  }
  if ("run" in task && task.run !== undefined) {
    return { kind: "custom", name, after, run: task.run };
  }
  if (!("fetch" in task)) throw new TypeError(`Cannot normalize task ${index}: it has no kind`);
  const request: RequestInput = typeof task.fetch === "string" ? { url: task.fetch } : task.fetch;
  const fetchOptions = mergeFetchOptions(
    mergeFetchOptions(defaults, task, baseDir, secrets),
    request,
    baseDir,
    secrets,
  );
  const { url, urls } = urlSourceOf(task, request, baseDir);
  const spec: FetchTaskSpec = {
    kind: "fetch",
    name,
    after,
    request: normalizeRequest(url, request, fetchOptions, where),
    options: fetchOptions,
  };
  if (urls !== undefined) spec.urls = urls;
  if (task.save !== undefined) spec.save = task.save;
  if (task.checksum !== undefined) spec.checksum = parseChecksum(task.checksum);
  if (task.onResponse !== undefined) spec.onResponse = task.onResponse;
  return spec;
}

/**
 * Where a fetch task's URLs come from: its one URL, a pattern (unless `glob: false`), or a list file
 * (resolved as body files are). `url` is what messages show: the URL, the pattern, or the list's path.
 */
function urlSourceOf(
  task: FetchTaskInput,
  request: RequestInput,
  baseDir: string,
): { url: string; urls?: UrlSourceSpec } {
  if (request.urls !== undefined) {
    const path = resolve(baseDir, request.urls);
    const urls: UrlSourceSpec = { kind: "list", path };
    if (request.allowEmptyList) urls.allowEmpty = true;
    return { url: path, urls };
  }
  const url = request.url!;
  if ((task.glob ?? request.glob) === false || !hasGlobSyntax(url)) return { url };
  const pattern = parseUrlPattern(url);
  // Only escaped brackets (`\[`): one URL, written without its escapes.
  if (pattern.globs === 0) return { url: pattern.items().next().value!.url };
  return { url, urls: { kind: "pattern", pattern: url } };
}

/** `origins:` by the origin each key names, with units converted. */
function normalizeOrigins(input: Record<string, OriginRulesInput>): Record<string, OriginRules> {
  const origins: Record<string, OriginRules> = {};
  for (const [key, rules] of Object.entries(input)) {
    const origin: OriginRules = {};
    if (rules.perHost !== undefined) origin.perHost = rules.perHost;
    if (rules.rate !== undefined) origin.rate = parseRate(rules.rate);
    if (rules.delay !== undefined) origin.delayMs = parseDuration(rules.delay);
    if (rules.jitter !== undefined) origin.jitterMs = parseDuration(rules.jitter);
    if (rules.proxy !== undefined) origin.proxy = rules.proxy;
    if (rules.pipeline !== undefined) origin.pipeline = rules.pipeline;
    origins[normalizeOrigin(key)] = origin;
  }
  return origins;
}

/**
 * Applies the fetch settings given in `input` over `base`.
 *
 * @param base Settings already in force.
 * @param input Overrides, as written (other keys are ignored).
 * @param baseDir Where a relative `caFile` is.
 * @param secrets The credentials its headers' `{ env }` and `{ file }` name, read.
 * @returns New settings; `base` is left alone.
 */
export function mergeFetchOptions(
  base: FetchDefaults,
  input: FetchOptionsInput,
  baseDir: string,
  secrets: Secrets = LITERAL_SECRETS,
): FetchDefaults {
  // Settings that nothing overrides are shared, never copied: 10,000 fetch tasks that only give a
  // URL keep one set between them, not 20,000. Shared settings are frozen (see `frozen`).
  const given = input as Record<string, unknown>;
  if (!FETCH_OPTION_KEYS.some((key) => given[key] !== undefined)) return base;
  const merged: FetchDefaults = {
    ...base,
    timeouts: mergeTimeouts(base.timeouts, input.timeout),
    retryOn: [...(input.retryOn ?? base.retryOn)],
    headers: headersOver(base.headers, headerTexts(input.headers, secrets)),
  };
  if (input.headers !== undefined) {
    // Without headers of its own a task keeps the base's declared ones (shared by the spread).
    const credentialHeaders = credentialHeadersOver(
      base.credentialHeaders,
      input.headers,
      referencedHeaders(input.headers),
    );
    if (credentialHeaders.length > 0) merged.credentialHeaders = credentialHeaders;
    else delete merged.credentialHeaders;
  }
  if (input.retries !== undefined) merged.retries = input.retries;
  if (input.backoff !== undefined) merged.backoffMs = parseDuration(input.backoff);
  if (input.maxBackoff !== undefined) merged.maxBackoffMs = parseDuration(input.maxBackoff);
  if (input.maxRedirects !== undefined) merged.maxRedirects = input.maxRedirects;
  if (input.allowDowngrade !== undefined) merged.allowDowngrade = input.allowDowngrade;
  if (input.maxBodySize !== undefined) merged.maxBodyBytes = parseSize(input.maxBodySize);
  if (input.maxDecodeRatio !== undefined) merged.maxDecodeRatio = input.maxDecodeRatio;
  if (input.maxHeaderSize !== undefined) merged.maxHeaderBytes = parseSize(input.maxHeaderSize);
  if (input.maxHeaderCount !== undefined) merged.maxHeaderCount = input.maxHeaderCount;
  if (input.insecure !== undefined) merged.insecure = input.insecure;
  if (input.caFile !== undefined) merged.caFile = resolve(baseDir, input.caFile);
  if (input.decompress !== undefined) merged.decompress = input.decompress;
  if (input.pipeline !== undefined) merged.pipeline = input.pipeline;
  if (input.rate !== undefined) merged.rate = parseRate(input.rate);
  if (input.delay !== undefined) merged.delayMs = parseDuration(input.delay);
  if (input.jitter !== undefined) merged.jitterMs = parseDuration(input.jitter);
  if (input.crawl !== undefined) merged.crawl = mergeCrawl(base.crawl, input.crawl);
  if (input.proxy !== undefined) merged.proxy = input.proxy;
  if (input.noProxy !== undefined) merged.noProxy = input.noProxy;
  if (input.resume !== undefined) merged.resume = input.resume;
  if (input.callbackTimeout !== undefined) {
    merged.callbackTimeoutMs = parseDuration(input.callbackTimeout);
  }
  if (input.sha256 !== undefined) merged.sha256 = input.sha256;
  if (input.checksums !== undefined) merged.checksumsFile = resolve(baseDir, input.checksums);
  if (input.maxChecksumsSize !== undefined) {
    merged.maxChecksumsBytes = parseSize(input.maxChecksumsSize);
  }
  return frozen(merged);
}

/** Header values as text, each `{ env }` or `{ file }` its credential. */
function headerTexts(
  headers: Record<string, SecretInput> | undefined,
  secrets: Secrets,
): Record<string, string> {
  if (headers === undefined) return {};
  // Own keys as the config gave them (`fromEntries`: a header named `__proto__` stays a header).
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, secrets.text(value)]),
  );
}

/** The names of the headers given as `{ env }` or `{ file }` (a credential), lower case. */
function referencedHeaders(given: Record<string, SecretInput> = {}): string[] {
  return Object.keys(given).filter((name) => typeof given[name] !== "string")
    .map((name) => name.toLowerCase());
}

/** The crawl limits given override one by one; origins are normalised, each once. */
function mergeCrawl(base: CrawlSpec, input: CrawlInput): CrawlSpec {
  return {
    maxDepth: input.maxDepth ?? base.maxDepth,
    origins: input.origins === undefined
      ? base.origins
      : [...new Set(input.origins.map(normalizeOrigin))],
    maxFetches: input.maxFetches ?? base.maxFetches,
    robots: input.robots ?? base.robots,
  };
}

/**
 * Freezes fetch settings and the lists and tables inside them. Tasks share them, so a change made
 * through one task's spec would silently change others: it throws instead.
 */
function frozen(settings: FetchDefaults): FetchDefaults {
  Object.freeze(settings.timeouts);
  Object.freeze(settings.retryOn);
  Object.freeze(settings.headers);
  if (settings.credentialHeaders !== undefined) Object.freeze(settings.credentialHeaders);
  Object.freeze(settings.crawl.origins);
  Object.freeze(settings.crawl);
  if (settings.rate !== undefined) Object.freeze(settings.rate);
  return Object.freeze(settings);
}

/** A bare duration sets the headers and idle limits; an object sets the phases it names. */
function mergeTimeouts(
  base: TimeoutsSpec,
  input: string | number | TimeoutsInput | undefined,
): TimeoutsSpec {
  if (input === undefined) return { ...base };
  if (typeof input !== "object") {
    const ms = parseDuration(input);
    return { ...base, headersMs: ms, idleMs: ms };
  }
  const ms = (value: string | number | undefined, fallback: number) =>
    value === undefined ? fallback : parseDuration(value);
  return {
    connectMs: ms(input.connect, base.connectMs),
    tlsMs: ms(input.tls, base.tlsMs),
    headersMs: ms(input.headers, base.headersMs),
    idleMs: ms(input.idle, base.idleMs),
    totalMs: ms(input.total, base.totalMs),
  };
}

function normalizeRequest(
  url: string,
  input: RequestInput,
  { headers, credentialHeaders }: FetchDefaults,
  where: Where,
): RequestSpec {
  const request: RequestSpec = {
    url,
    method: (input.method ?? "GET").toUpperCase(),
    headers: { ...headers },
  };
  // Frozen with the settings, and shared as they are.
  if (credentialHeaders !== undefined) request.credentialHeaders = credentialHeaders;
  if (input.body !== undefined) request.body = normalizeBody(input.body, where.baseDir);
  if (input.auth !== undefined) request.auth = normalizeAuth(input.auth, where.secrets);
  return request;
}

function normalizeBody(input: BodyInput, baseDir: string): BodySpec {
  if (typeof input === "string") return { kind: "text", text: input };
  const contentType = "contentType" in input && input.contentType !== undefined
    ? { contentType: input.contentType }
    : {};
  if ("text" in input && input.text !== undefined) {
    return { kind: "text", text: input.text, ...contentType };
  }
  if ("file" in input && input.file !== undefined) {
    return { kind: "file", path: resolve(baseDir, input.file), ...contentType };
  }
  if ("form" in input && input.form !== undefined) {
    return { kind: "form", fields: { ...input.form } };
  }
  return { kind: "json", value: toPlain((input as { json: unknown }).json) };
}

function normalizeAuth(input: AuthInput, secrets: Secrets): AuthSpec {
  if ("bearer" in input) return { kind: "bearer", token: secrets.text(input.bearer) };
  const { username, password } = input;
  return { kind: "basic", username: secrets.text(username), password: secrets.text(password) };
}

function normalizeSchedule(input: ScheduleInput): ScheduleSpec {
  if (typeof input === "string") {
    return { cron: input, overlap: "skip", jitterMs: 0, catchUp: "none" };
  }
  const schedule: ScheduleSpec = {
    cron: input.cron,
    overlap: input.overlap ?? "skip",
    jitterMs: input.jitter === undefined ? 0 : parseDuration(input.jitter),
    catchUp: input.catchUp ?? "none",
  };
  if (input.timezone !== undefined) schedule.timezone = input.timezone;
  return schedule;
}

/**
 * Copies parsed data into plain objects (TOML tables have no prototype); a value that writes its
 * own JSON (a Date, a URL) is kept as it is, for `JSON.stringify` to ask.
 */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value !== "object" || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
}
