/**
 * The raw config shape, as written in YAML, JSON, JSONC, TOML or TypeScript, before defaults.
 *
 * Durations are `"3s"`, `"1500ms"`, `"2m"`, `"1h30m"`, `"0.5s"` or a number of seconds; sizes are a number
 * of bytes or `"512KiB"`, `"64MiB"`, `"1GB"`, `"10kB"`. Relative paths are relative to the config file.
 * @module
 */
import type { Operation } from "../loop/mod.ts";
import type { TaskContext } from "../tasks/context.ts";
import type { ResponseCallback } from "../tasks/spec.ts";

/** A duration: `"3s"`, `"1500ms"`, `"2m"`, `"1h30m"`, `"0.5s"`, or a number of seconds. */
export type DurationInput = string | number;

/** A size: a number of bytes, or `"512KiB"`, `"64MiB"`, `"1GB"`, `"10kB"`. */
export type SizeInput = string | number;

/** Per-phase time limits, each longer than 0 (0 is not "no limit"). Absent phases keep their defaults. */
export interface TimeoutsInput {
  /** TCP connect. @default "10s" */
  connect?: DurationInput;
  /** TLS handshake. @default "10s" */
  tls?: DurationInput;
  /** From request sent to the whole response head received. @default "30s" */
  headers?: DurationInput;
  /** Longest silence between body bytes. @default "30s" */
  idle?: DurationInput;
  /** Whole attempt, all phases. @default "5m" */
  total?: DurationInput;
}

/**
 * A credential kept out of the config, read when it loads (by the commands that send its requests
 * or say what a run would meet: `run`, `schedule`, `worker`, `check`, `plan`; not by `history`,
 * `status`, `submit`, `schedule --db`, nor `loadConfig` with `readSecrets: false`):
 * `{ env: "NAME" }` is the value of the environment variable `NAME` (`--allow-env=NAME`);
 * `{ file: "PATH" }` the contents of a file, relative to the config file, one line break at its end
 * (LF or CRLF) left out, at most 64 KiB (`--allow-read=PATH`). Unset, empty, unreadable, or holding
 * a control character other than tab, it is a config error that names the field and the variable
 * or file, never the value. A config read from a URL may give neither.
 */
export type SecretRef = { env: string; file?: never } | { file: string; env?: never };

/** A credential: the text itself, or where it is kept (`SecretRef`). */
export type SecretInput = string | SecretRef;

/** Fetch settings: config-wide under `defaults`, or per fetch task to override them. */
export interface FetchOptionsInput {
  /** A duration for both `headers` and `idle`, or each phase's limit; longer than 0. @default "30s" */
  timeout?: DurationInput | TimeoutsInput;
  /** Retries after the first attempt. @default 2 */
  retries?: number;
  /** Statuses that are retried. @default [429, 500, 502, 503, 504] */
  retryOn?: number[];
  /** First backoff delay, doubled per attempt, with full jitter. @default "500ms" */
  backoff?: DurationInput;
  /** Longest wait between attempts, including a server's Retry-After. @default "60s" */
  maxBackoff?: DurationInput;
  /** Redirects followed before giving up. @default 10 */
  maxRedirects?: number;
  /** Allow a redirect from https to http. @default false */
  allowDowngrade?: boolean;
  /** Largest accepted body (after decoding). @default "1GiB" */
  maxBodySize?: SizeInput;
  /** Most decoded bytes per received byte of a compressed body (past 1 MiB decoded). @default 1000 */
  maxDecodeRatio?: number;
  /** Largest response head; larger than 0. @default "64KiB" */
  maxHeaderSize?: SizeInput;
  /** Most response header fields. @default 256 */
  maxHeaderCount?: number;
  /**
   * Request headers; a task's headers win over the defaults' (names compared without case). A value
   * may be kept out of the config: `{ env: "API_KEY" }`, `{ file: "api-key.txt" }`.
   */
  headers?: Record<string, SecretInput>;
  /** Skip the TLS hostname check (the certificate chain is still verified). @default false */
  insecure?: boolean;
  /** Extra CA certificate file (PEM), relative to the config file. */
  caFile?: string;
  /** Decode gzip / deflate / br bodies. @default true */
  decompress?: boolean;
  /**
   * GET and HEAD requests in flight on one connection at once (HTTP/1.1 pipelining): only for
   * servers known to answer pipelined requests in order. @default 1
   */
  pipeline?: number;
  /** Most requests started per origin in a time: `"5/s"`, `"30/min"`, `"100/h"`, `"1/500ms"`. */
  rate?: RateInput;
  /** Least time between the starts of two requests to one origin. @default 0 */
  delay?: DurationInput;
  /** A random extra gap, up to this long, added to each `delay` (alone: a random gap). @default 0 */
  jitter?: DurationInput;
  /** Limits of `ctx.enqueue` (crawling) from the task's callbacks. */
  crawl?: CrawlInput;
  /**
   * Forward proxy: an `http:` URL (`http://user:password@host:port`), or `false` for none.
   * @default the environment as curl reads it (https_proxy / HTTPS_PROXY, http_proxy, all_proxy,
   *   less no_proxy)
   */
  proxy?: string | false;
  /**
   * Hosts reached directly whatever the proxy, in `NO_PROXY`'s syntax
   * (`"localhost, .corp.example, 10.0.0.0/8"`, `"*"` for all); it replaces the environment's
   * `no_proxy` / `NO_PROXY`. An `origins:` entry's own proxy is not bypassed.
   * @default the environment's no_proxy / NO_PROXY, which applies to `proxy` too
   */
  noProxy?: string;
  /** Keep a partial download across runs (and a kill) and continue it with `Range`. @default false */
  resume?: boolean;
  /**
   * Longest time from calling the task's `onResponse` to its end (the promise it returned
   * settled); longer than 0. Past it the callback is stopped and the fetch fails with
   * `TIMEOUT_CALLBACK`, not retried. @default "5m"
   */
  callbackTimeout?: DurationInput;
  /**
   * Compute each body's SHA-256 for its metadata line and the run state; without it the line's
   * `sha256` is null, unless a sha256 checksum or a `{sha256}` in the save path computed it.
   * @default false
   */
  sha256?: boolean;
  /** A SHA256SUMS-style file (relative to the config file) of digests saved files must have. */
  checksums?: string;
  /** Largest checksums file read (it is read whole); larger than 0. @default "16MiB" */
  maxChecksumsSize?: SizeInput;
}

/** A rate: a whole count, `/`, and a unit (s, sec, second, m, min, minute, h, hour) or a duration. */
export type RateInput = string;

/** How far `ctx.enqueue` may take a task. Absent keys keep their defaults. */
export interface CrawlInput {
  /** Links followed from the task's own URLs (0: none). @default 5 */
  maxDepth?: number;
  /**
   * Origins (`"https://example.org"`) an enqueued URL may have; empty means the origins of the
   * task's own URLs. @default []
   */
  origins?: string[];
  /** Fetches the task may make in all, its own URLs and enqueued ones together. @default 10000 */
  maxFetches?: number;
  /**
   * Enqueued URLs obey their origin's robots.txt (the task's own URLs, lists and patterns never
   * ask it). @default true
   */
  robots?: boolean;
}

/** Rules for one origin (`origins:`); they win over the tasks' and the defaults'. */
export interface OriginRulesInput {
  /** How many fetches may be in flight to the origin at once (one connection each, unless pipelined). */
  perHost?: number;
  /** Most requests started to the origin in a time, such as `"1/s"`. */
  rate?: RateInput;
  /** Least time between the starts of two requests to the origin. */
  delay?: DurationInput;
  /** A random extra gap, up to this long, added to each delay. */
  jitter?: DurationInput;
  /** Forward proxy for this origin (an `http:` URL), or `false` to connect directly. */
  proxy?: string | false;
  /** Requests in flight on one connection to this origin (HTTP/1.1 pipelining). @default 1 */
  pipeline?: number;
}

/** A request body: text, or exactly one of `text`, `json`, `form`, `file`. */
export type BodyInput =
  | string
  | { text: string; contentType?: string }
  | { json: unknown }
  | { form: Record<string, string> }
  | { file: string; contentType?: string };

/**
 * Credentials: basic (`username` + `password`) or `bearer` token; each may be kept out of the
 * config (`{ env: "TOKEN" }`, `{ file: "token.txt" }`).
 */
export type AuthInput = { username: SecretInput; password: SecretInput } | {
  bearer: SecretInput;
};

/** What every request may say besides where its URLs come from. */
export interface RequestOptionsInput extends FetchOptionsInput {
  /** The HTTP method. @default "GET" */
  method?: string;
  /** The request body. */
  body?: BodyInput;
  /** Credentials, dropped when a redirect changes origin. */
  auth?: AuthInput;
}

/** One request: a URL (or a URL pattern) plus method, headers, body, credentials and any fetch setting. */
export interface UrlRequestInput extends RequestOptionsInput {
  /**
   * An `http:` or `https:` URL, or a URL pattern in curl's globbing syntax (`[1-100]`, `[001-100]`,
   * `[a-z]`, `[1-100:10]`, `{a,b}`) whose matched parts a `save` names `{1}`, `{2}`, ...
   */
  url: string;
  /** `false`: `[` `]` `{` `}` in `url` are taken as written, not as a pattern. @default true */
  glob?: boolean;
  /** Not with `url`: a request has one or the other. */
  urls?: never;
  /** Not with `url`: one URL or a pattern is never empty. */
  allowEmptyList?: never;
}

/** A request for every URL of a list file. */
export interface ListRequestInput extends RequestOptionsInput {
  /**
   * A file of URLs, relative to the config file: one a line, `#` comments, and a tab and a save
   * path after a URL to save it there.
   */
  urls: string;
  /** Not with `urls`: a request has one or the other. */
  url?: never;
  /** Not with `urls`: a list's lines are taken as written. */
  glob?: never;
  /**
   * `true`: a list with no URL (empty on purpose on quiet days) ends its task done with 0 fetches;
   * else the task fails with `EMPTY_LIST`. @default false
   */
  allowEmptyList?: boolean;
}

/** A request: for one URL or pattern (`url`), or for each URL of a file (`urls`). */
export type RequestInput = UrlRequestInput | ListRequestInput;

/** A cron schedule, as an expression or with options. */
export type ScheduleInput = string | {
  /** Cron expression: 5 fields, 6 with seconds, or a nickname such as `@hourly`. */
  cron: string;
  /** IANA time zone name; local time when absent. */
  timezone?: string;
  /** When a run is still going at the next fire time. @default "skip" */
  overlap?: "skip" | "queue" | "allow";
  /** Random delay up to this long before each run. @default 0 */
  jitter?: DurationInput;
  /** Runs missed while the scheduler was down: none, or run once at start. @default "none" */
  catchUp?: "none" | "once";
};

/** Fields every task may have. */
export interface TaskInputBase {
  /** Unique name. @default "task-N" (N: 1-based position) */
  name?: string;
  /** Names of tasks that must succeed first. */
  after?: string[];
  /** The task's own schedule, run by `corun schedule`: a cron expression or its settings. */
  schedule?: ScheduleInput;
}

/** A task that waits. */
export interface SleepTaskInput extends TaskInputBase {
  /** How long to wait: `"3s"`, `"1h30m"`, or a number of seconds. */
  sleep: DurationInput;
}

/** A task that fetches a URL, with any fetch setting overriding the config's `defaults`. */
export interface FetchTaskInput extends TaskInputBase, FetchOptionsInput {
  /** A URL, or a request. */
  fetch: string | RequestInput;
  /**
   * Path template under `outDir`; the body is not saved when absent. With a URL pattern, `{1}`,
   * `{2}`, ... are the parts it matched.
   */
  save?: string;
  /** The digest the saved body must have: `sha256:HEX` or `sha512:HEX` (one-URL tasks). */
  checksum?: string;
  /** `false`: `[` `]` `{` `}` in the URL are taken as written, not as a pattern. @default true */
  glob?: boolean;
  /** TypeScript only: called with the response inside the task's coroutine. */
  onResponse?: ResponseCallback;
}

/** TypeScript only: a task written as a generator function. */
export interface CustomTaskInput extends TaskInputBase {
  /** The task's body: a generator function given the task's `ctx`. */
  run: (ctx: TaskContext) => Operation<unknown>;
}

/** Any task. */
export type TaskInput = SleepTaskInput | FetchTaskInput | CustomTaskInput;

/** A whole config, as written. */
export interface ConfigInput {
  /** JSON Schema reference for editors; ignored. */
  $schema?: string;
  /** Keys of your own (a YAML anchor's place, notes for other tools); corun never reads them. */
  [extension: `x-${string}`]: unknown;
  /** Directory all saved files are confined to, relative to the config file. @default "out" */
  outDir?: string;
  /** How many fetches may be in flight at once, of all tasks (1 to 100000). @default 16 */
  concurrency?: number;
  /** How many fetches may be in flight to one origin at once (one connection each, unless pipelined). @default 6 */
  perHost?: number;
  /**
   * Idle keep-alive connections the run keeps over all origins (1 to 100000); past it, the one idle
   * longest is closed. @default 1024, or `perHost` when that is more
   */
  maxIdleConnections?: number;
  /**
   * File under `outDir` receiving one JSON line per fetch of the latest run (earlier runs are in
   * `.corun/metadata/`, see `keepRuns`), or `false`. @default "corun.jsonl"
   */
  metadata?: string | false;
  /**
   * Runs whose metadata is kept: the `metadata` file holds the latest run's lines, earlier runs'
   * lines are kept in `.corun/metadata/<run id>.jsonl`. @default 30
   */
  keepRuns?: number;
  /** Runs kept in the run history (`.corun-history.jsonl`), per schedule of this config. @default 1000 */
  keepHistory?: number;
  /**
   * How fast response bodies may arrive, all of the run's together: `"2MiB/s"`, `"500KB/s"`,
   * `"10GB/h"`. @default no limit
   */
  bandwidth?: string;
  /**
   * Rules for particular origins, by origin (`"https://example.org"`): they win over the tasks'
   * and the defaults' `rate`, `delay` and `jitter`, and over `perHost`.
   */
  origins?: Record<string, OriginRulesInput>;
  /** Fetch settings every fetch task starts from. */
  defaults?: FetchOptionsInput;
  /** Whole-config schedule, run by `corun schedule`. */
  schedule?: ScheduleInput;
  /**
   * Keep cookies across the run's requests (RFC 6265): `true`, or a jar file (relative to the
   * config file) kept between runs. @default false
   */
  cookies?: boolean | string;
  /**
   * Largest cookie jar file (`cookies:` a file): a larger one is refused; a save that would pass it
   * leaves out the least recently used cookies, with a warning. @default "16MiB"
   */
  maxCookieJarSize?: SizeInput;
  /** URLs pinged (POST, the run's summary as JSON) when a run starts, succeeds or fails. */
  notify?: NotifyInput;
  /**
   * The PostgreSQL database of a shared queue (`corun worker`, `submit`, `schedule --db`,
   * `status`); a `--db` flag or `CORUN_DATABASE_URL` wins.
   */
  db?: string;
  /** The shared queue's name in the database. @default the config file's name without extension */
  queue?: string;
  /** The tasks, in order. */
  tasks: TaskInput[];
}

/** Pings of a run, healthchecks-style: any of `start`, `success`, `failure`. */
export interface NotifyInput {
  /** Pinged when a run starts. */
  start?: string;
  /** Pinged when a run ends with exit code 0. */
  success?: string;
  /** Pinged when a run ends with any other exit code (a task failed, an interrupt). */
  failure?: string;
}
