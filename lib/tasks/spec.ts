/**
 * What a config declares, after validation and defaults: the input of the runner.
 *
 * `TaskSpec` is what a config says; `Task` (lib/loop) is the running handle; `TaskResult` what a run records.
 * @module
 */
import type { Operation } from "../loop/mod.ts";
import type { FetchSettings, Timeouts } from "../http/mod.ts";
import type { Checksum } from "../sinks/mod.ts";
import type { TaskContext } from "./context.ts";

/** A whole validated config. Every field is filled in (defaults applied). */
export interface ConfigSpec {
  /** Directory all saved files are confined to, relative to the config file's directory or absolute. */
  outDir: string;
  /** How many fetches may be in flight at once, of all tasks. @default 16 */
  concurrency: number;
  /** How many fetches may be in flight to one origin at once (one connection each, unless pipelined). @default 6 */
  perHost: number;
  /**
   * Rules for particular origins, by origin (`"https://example.org"`, lower-case, default port left
   * out): they win over the task's and the defaults' `rate` and `delay`, and over `perHost`.
   */
  origins: Record<string, OriginRules>;
  /** File under `outDir` that receives one JSON line per fetch, or `false` for none. @default "corun.jsonl" */
  metadata: string | false;
  /**
   * Idle keep-alive connections kept over all origins. @default DEFAULT_MAX_IDLE_CONNECTIONS, or
   * `perHost` when that is more
   */
  maxIdleConnections?: number;
  /** Runs whose metadata is kept (the `metadata` file holds the latest). @default 30 */
  keepRuns?: number;
  /** Runs kept in the run history, per schedule (the config's, each task's). @default 1000 */
  keepHistory?: number;
  /** Bytes per second that the run's response bodies may arrive at, all together. @default no limit */
  bandwidth?: number;
  /** Fetch settings every fetch task starts from (frozen: tasks that override nothing share them). */
  defaults: FetchDefaults;
  /** Whole-config schedule (cron expression), run by `corun schedule`. */
  schedule?: ScheduleSpec;
  /** The tasks, in declaration order. Names are unique. */
  tasks: TaskSpec[];
  /**
   * Where the config came from (file path or URL), for messages; `loadConfig` gives a URL without
   * its query and fragment, which may hold a token.
   */
  source?: string;
  /**
   * Set by `loadConfig` for a config read from an `http:` or `https:` URL, whose `outDir` must be
   * new, empty or corun's own: each of its runs leaves corun's mark there (output_mark.ts).
   */
  fromUrl?: true;
  /**
   * A cookie jar for the run (`cookies:`); `file` keeps it between runs, read and written within
   * `maxFileBytes` (`maxCookieJarSize`, by default `MAX_COOKIE_FILE_BYTES`). Absent: no cookies.
   */
  cookies?: { file?: string; maxFileBytes?: number };
  /** URLs pinged when a run starts, succeeds or fails (`notify:`). */
  notify?: NotifySpec;
  /** The PostgreSQL URL of a shared queue (`db:`). */
  db?: string;
  /** The shared queue's name (`queue:`). */
  queue?: string;
  /**
   * The files its `{ file }` credentials were read from, absolute: files the config reads, which no
   * save may replace (config_reads.ts). Their contents are in the headers and credentials.
   */
  secretFiles?: readonly string[];
  /**
   * Set when the config was loaded without reading its `{ env }` and `{ file }` credentials
   * (`loadConfig`'s `readSecrets: false`): each such field holds a placeholder, so this spec cannot
   * run (secrets_not_read.ts).
   */
  secretsNotRead?: SecretsNotRead;
}

/** The credential fields of a config loaded without reading them (`ConfigSpec.secretsNotRead`). */
export interface SecretsNotRead {
  /**
   * The first few, each with where it is kept, in config order:
   * `tasks[0].fetch.auth.bearer ({ env: TOKEN })`. Names only, never a value.
   */
  fields: readonly string[];
  /** How many fields name a variable or a file, `fields` among them. */
  count: number;
}

/** URLs pinged about a run, each optional. */
export interface NotifySpec {
  /** Pinged when a run starts. */
  start?: string;
  /** Pinged when a run ends with exit code 0. */
  success?: string;
  /** Pinged when a run ends with any other exit code. */
  failure?: string;
}

/**
 * Settings shared by fetch tasks; each fetch may override any of them. The client's own part
 * (`FetchSettings`: timeouts, limits, decoding, TLS) is read by the HTTP client as it is; the rest
 * is the frontier's (retries, politeness, crawling) and the request's (headers, CA file).
 */
export interface FetchDefaults extends FetchSettings {
  /** Retries after the first attempt. @default 2 */
  retries: number;
  /** Statuses that are retried. @default [429, 500, 502, 503, 504] */
  retryOn: number[];
  /** First backoff delay, doubled per attempt, with full jitter. @default 500 */
  backoffMs: number;
  /** Longest wait between attempts, including a server's Retry-After. @default 60_000 */
  maxBackoffMs: number;
  /** Headers sent with every request (task headers win). */
  headers: Record<string, string>;
  /**
   * Those of `headers` whose value the config gave as `{ env }` or `{ file }`, lower case: its own
   * word that they hold credentials, left out as `Authorization` is when a redirect leaves the
   * origin (see `RequestSpec.credentialHeaders`). Absent when none is.
   */
  credentialHeaders?: readonly string[];
  /** Extra CA certificate file (PEM), trusted in addition to Deno's root store. */
  caFile?: string;
  /**
   * Forward proxy URL, or `false` for a direct connection; absent: the environment's
   * (https_proxy / HTTPS_PROXY, http_proxy, all_proxy, less no_proxy). Origin rules may name their own.
   */
  proxy?: string | false;
  /** Keep partial downloads across runs and continue them with `Range`. @default false */
  resume: boolean;
  /**
   * Longest time from calling the task's `onResponse` to its end, in milliseconds of the loop's
   * clock: past it the callback is cancelled and the fetch fails (`TIMEOUT_CALLBACK`).
   * @default 300_000
   */
  callbackTimeoutMs: number;
  /**
   * Compute each body's SHA-256 for its metadata line and the run state (a sha256 checksum or
   * `{sha256}` computes it anyway). @default false
   */
  sha256: boolean;
  /** A SHA256SUMS-style file (absolute path) of digests that saved files must have. */
  checksumsFile?: string;
  /** Largest checksums file read; a larger one fails the fetches it checks. @default 16 MiB */
  maxChecksumsBytes: number;
  /** Most requests started per origin in a window, such as 5 a second; none when absent. */
  rate?: RateSpec;
  /** Least time between the starts of two requests to one origin, in milliseconds. @default 0 */
  delayMs: number;
  /** A random extra gap up to this many milliseconds, added to each `delayMs` gap. @default 0 */
  jitterMs: number;
  /** Limits of `ctx.enqueue` (crawling) from this task's callbacks. */
  crawl: CrawlSpec;
}

/** `rate: 5/s`: at most `count` request starts per `perMs` to one origin (spaced evenly). */
export interface RateSpec {
  /** Request starts allowed per window. */
  count: number;
  /** The window, in milliseconds. */
  perMs: number;
}

/** Politeness and connection rules for one origin (`origins:` in a config). */
export interface OriginRules {
  /** Open connections to the origin at most. */
  perHost?: number;
  /** Most request starts to the origin per window. */
  rate?: RateSpec;
  /** Least time between the starts of two requests to the origin, in milliseconds. */
  delayMs?: number;
  /** A random extra gap up to this many milliseconds, added to each `delayMs` gap. */
  jitterMs?: number;
  /** Proxy URL for requests to this origin, or `false` to connect directly. */
  proxy?: string | false;
  /** Requests in flight on one connection to the origin (HTTP/1.1 pipelining). */
  pipeline?: number;
}

/** How far `ctx.enqueue` may take a task (each enqueued URL is one more fetch of the task). */
export interface CrawlSpec {
  /** Links followed from the task's own URLs: 1 allows URLs enqueued from them, and no further. @default 5 */
  maxDepth: number;
  /**
   * Origins an enqueued URL may have (`"https://example.org"`); empty means the origins of the
   * task's own URLs. @default []
   */
  origins: string[];
  /** Fetches a task may make in all, its own URLs and enqueued ones together. @default 10_000 */
  maxFetches: number;
  /**
   * Enqueued URLs obey their origin's robots.txt, read once a run (see `RobotsGate`); the task's
   * own URLs never ask it. @default true
   */
  robots: boolean;
}

/**
 * Where a fetch task's URLs come from beyond its one `request.url`: a URL pattern in curl's globbing
 * syntax (`[1-100]`, `[001-100]`, `[a-z]`, `{a,b}`), or a list file (one URL a line, `#` comments,
 * an optional tab and save path after the URL). Read lazily as the run goes.
 */
export type UrlSourceSpec =
  | { kind: "pattern"; pattern: string }
  | {
    kind: "list";
    path: string;
    /** A list with no URL ends its task done, not failed with `EMPTY_LIST`. @default false */
    allowEmpty?: boolean;
  };

/** Per-phase time limits in milliseconds (the HTTP client's `Timeouts`). */
export type TimeoutsSpec = Timeouts;

/** Cron schedule of a task or a whole config. */
export interface ScheduleSpec {
  /** Cron expression: 5 fields, or 6 with seconds, or a nickname such as `@hourly`. */
  cron: string;
  /** IANA time zone name; local time when absent. */
  timezone?: string;
  /** What to do when a run is still going at the next fire time. @default "skip" */
  overlap: "skip" | "queue" | "allow";
  /** Random delay up to this many milliseconds before each run. @default 0 */
  jitterMs: number;
  /** Runs missed while the scheduler was down: none, or run once at start. @default "none" */
  catchUp: "none" | "once";
}

/** Fields every task kind has. */
export interface TaskSpecBase {
  /** Unique name within the config. */
  name: string;
  /** Names of tasks that must succeed before this one starts. */
  after: readonly string[];
  /** The task's own schedule (`corun schedule` runs it at each fire time); none when absent. */
  schedule?: ScheduleSpec;
}

/** A task that waits. */
export interface SleepTaskSpec extends TaskSpecBase {
  /** Tells the task kinds apart. */
  kind: "sleep";
  /** How long it waits, in milliseconds. */
  durationMs: number;
}

/** A request body, in one of the forms a config can give it. */
export type BodySpec =
  | { kind: "text"; text: string; contentType?: string }
  | { kind: "json"; value: unknown }
  | { kind: "form"; fields: Record<string, string> }
  | { kind: "file"; path: string; contentType?: string };

/** Credentials sent with a request (and dropped when a redirect changes origin). */
export type AuthSpec =
  | { kind: "basic"; username: string; password: string }
  | { kind: "bearer"; token: string };

/** One HTTP request as declared. */
export interface RequestSpec {
  /** The URL to fetch (a task with `urls` holds its pattern or list path here, for messages). */
  url: string;
  /** The request method. @default "GET" */
  method: string;
  /** Headers of this request, over the config's default headers. */
  headers: Record<string, string>;
  /**
   * Those of `headers` whose value the config gave as `{ env }` or `{ file }`, lower case: its own
   * word that they hold credentials, so a redirect that leaves the origin, and a crawl's link
   * that only a redirect led to, go without them as without `Authorization` and `Cookie`. A list
   * of names, so a spec stays plain data. Absent when none is.
   */
  credentialHeaders?: readonly string[];
  /** What to send after the head; none when absent. */
  body?: BodySpec;
  /** Credentials; none when absent. */
  auth?: AuthSpec;
}

/** A task that fetches a URL and saves the result. */
export interface FetchTaskSpec extends TaskSpecBase {
  /** Tells the task kinds apart. */
  kind: "fetch";
  /** What to send. */
  request: RequestSpec;
  /**
   * Many URLs instead of `request.url` (which then holds the pattern or the list's path, for
   * messages): each is fetched with the same request settings and saved by the same template.
   */
  urls?: UrlSourceSpec;
  /**
   * Path template under outDir; `undefined` means the body is not saved. A pattern's matched parts
   * are `{1}`, `{2}`, ... in it.
   */
  save?: string;
  /** The digest the saved body must have (`checksum:` of a one-URL task). */
  checksum?: Checksum;
  /** Settings for this fetch (config defaults merged with the task's overrides); frozen. */
  options: FetchDefaults;
  /** TypeScript only: called with the response; may stream the body and write files. */
  onResponse?: ResponseCallback;
}

/** Called with a fetched response inside the task's coroutine. */
export type ResponseCallback = (
  response: import("../http/mod.ts").HttpResponse,
  ctx: TaskContext,
) => Operation<void> | void | Promise<void>;

/** A task written in TypeScript as a generator function. */
export interface CustomTaskSpec extends TaskSpecBase {
  /** Tells the task kinds apart. */
  kind: "custom";
  /** The task's body: a generator function given the task's `ctx`. */
  run: (ctx: TaskContext) => Operation<unknown>;
}

/** Any task a config can declare. */
export type TaskSpec = SleepTaskSpec | FetchTaskSpec | CustomTaskSpec;
