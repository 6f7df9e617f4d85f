/**
 * What every task of one run shares: the loop-side services (HTTP client, limits), where files go,
 * and how the run reports what happens.
 * @module
 */
import {
  type Bandwidth,
  type CookieJar,
  frozenRequestOptions,
  type HttpClient,
  type RequestOptions,
} from "../http/mod.ts";
import type { Frontier } from "../frontier/mod.ts";
import { isPromiseLike, messageOf } from "../loop/mod.ts";
import { readCaFileSync } from "../net/mod.ts";
import type { FetchRecord, OutputDir } from "../sinks/mod.ts";
import type { RunEvent } from "./report.ts";
import type { RunState } from "./kept_state.ts";
import type { KeptPartials } from "./resume_partials.ts";
import type { StdoutSlot } from "../sinks/stdout_body.ts";
import type { SavedPaths } from "./saved_paths.ts";
import type { SharedSaves } from "./shared_saves.ts";
import type { CallbackRuns } from "./callback_runs.ts";
import type { CallTlsOffWarnings } from "./tls_off_warning.ts";
import { isAbsolute, resolve } from "./deps.ts";
import type { ExpectedChecksum } from "./checksums_files.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { ConfigSpec, FetchDefaults } from "./spec.ts";

/** Where fetch records go. */
export interface MetadataLog {
  /** Appends one record as one line. */
  append(record: FetchRecord): Promise<void>;
  /** Closes the log once the run is over; a failure is the log's to report. */
  close?(): Promise<void>;
}

/** Services and settings shared by the tasks of one run. */
export interface RunEnv {
  client: HttpClient;
  /** The most connections `client` opens to one origin at once (each read body holds one). */
  connectionsPerOrigin: number;
  /** The output directory (`output.path`, absolute): every file a task writes stays inside it. */
  output: OutputDir;
  /** Directory relative paths in the config (caFile, body files) are resolved against. */
  baseDir: string;
  /** When the run started (for `{date}`). */
  runDate: Date;
  /** The one queue every fetch of the run goes through. */
  frontier: Frontier<FetchItem>;
  /** Uniform numbers in [0, 1), for retry jitter. */
  random: () => number;
  /** Fetch settings the config's `defaults` resolve to, for `ctx.fetch`. */
  defaults: FetchDefaults;
  /** Metadata log, when the config keeps one. */
  metadata: MetadataLog | undefined;
  /** Which task saves each file of the run (two tasks never save one path). */
  savedPaths: SavedPaths;
  /** A worker of a shared queue: where its fetches' save paths are claimed for every worker. */
  sharedSaves?: SharedSaves;
  /**
   * The config's `defaults` and tasks with the credentials of now (`RunOptions.secretsNow`), asked
   * per request through secrets_now.ts; else `defaults` and each task's are.
   */
  secretsNow?: () => Pick<ConfigSpec, "defaults" | "tasks">;
  /** State kept between runs (validators of saved URLs), when the run keeps it. */
  state: RunState | undefined;
  /** The run is stopping (interrupted by Ctrl-C, or stalled): its tasks are being cancelled. */
  stopping(): boolean;
  /**
   * The response callbacks running: each runs under it (`CallbackRuns.run`), to be stopped alone
   * past its `callbackTimeout` or at a stall.
   */
  callbacks: CallbackRuns;
  /** Plan mode: no I/O at all. */
  dryRun: boolean;
  /** Tells the run's event listener (one that throws is a warning: see `createRunReporter`). */
  emit(event: RunEvent): void;
  /** Says something went wrong beside the tasks (the run's one path for warnings). */
  warn(message: string): void;
  /** Warns of the TLS switches calls of `ctx.fetch` and `ctx.request` set, once per task. */
  tlsOffCalls: CallTlsOffWarnings;
  /** Calls a listener of the caller's: one that throws or rejects is a warning (`RunReporter.tell`). */
  tell: RunReporter["tell"];
  /** Someone receives events (else per-task event work is skipped). */
  listening: boolean;
  /** The loop's clock is virtual: real time spent fetching is counted apart (`realFetchMs`). */
  virtualTime: boolean;
  /** Loop-clock time the run started at. */
  startMs: number;
  /** Loop-clock ms since the run started. */
  elapsedMs(): number;
  /** CA files already read, by absolute path. */
  caCache: Map<string, string>;
  /** Which fetch of the run writes its body to standard output (`save: "-"`). */
  stdout: StdoutSlot;
  /** Partial bodies this run keeps for retries (removed when an interrupt drops their fetches). */
  keptPartials: KeptPartials;
  /**
   * Checksums files (`checksums:`) by their configured path (and cap, when not the default): each
   * is read once a run (its read while it goes on; one that could not be read or parsed, its
   * error), and gives the digest a saved path must have.
   */
  checksumsCache: Map<
    string,
    ExpectedChecksum | Error | Promise<ExpectedChecksum | Error>
  >;
  /**
   * Checksums files and URL lists that tasks of the run save, from where the config's `outDir`
   * would have them to where this run's output directory does (`--out` names another): read where
   * they are saved.
   */
  movedDownloads?: ReadonlyMap<string, string>;
  /** Proxies that `origins:` entries name, by origin. */
  originProxies?: Readonly<Record<string, string | false>>;
  /** Pipeline depths that `origins:` entries set, by origin. */
  originPipelines?: Readonly<Record<string, number>>;
  /** The run's cookie jar, when the config keeps cookies. */
  cookies?: CookieJar;
  /** How fast the run's response bodies may arrive, all together (`bandwidth:`). */
  bandwidth?: Bandwidth;
}

/**
 * The HTTP client's options for a config's fetch settings: the settings themselves (a
 * `FetchSettings`), with the CA file read.
 *
 * @param settings Fetch settings of a task or of the config's defaults.
 * @param env Where relative CA file paths are resolved, and the cache of read CA files.
 * @returns Options for `HttpClient.request`.
 */
function requestOptionsFor(settings: FetchDefaults, env: RunEnv): RequestOptions {
  const caCerts: string[] = [];
  if (settings.caFile) {
    const path = isAbsolute(settings.caFile)
      ? settings.caFile
      : resolve(env.baseDir, settings.caFile);
    let pem = env.caCache.get(path);
    if (pem === undefined) {
      pem = new TextDecoder().decode(readCaFileSync(path));
      env.caCache.set(path, pem);
    }
    caCerts.push(pem);
  }
  // The settings are the client's as they are; the CA file becomes its certificates, and the run
  // adds what belongs to no task: the origins' proxies and pipelines, and the cookie jar.
  const options: RequestOptions = { ...settings, caCerts };
  if (env.originProxies !== undefined) options.originProxies = env.originProxies;
  if (env.originPipelines !== undefined) options.originPipelines = env.originPipelines;
  if (env.cookies !== undefined) options.cookies = env.cookies;
  if (env.bandwidth !== undefined) options.bandwidth = env.bandwidth;
  return options;
}

/**
 * Each run's request options per settings object, or per crawling task's redirect gate (a run's CA
 * files are read once, for that run).
 */
const sharedOptions = new WeakMap<RunEnv, WeakMap<object, RequestOptions>>();

/**
 * `requestOptionsFor`, made once per settings object and run and shared by its fetches: complete and
 * frozen (see `frozenRequestOptions`), so no fetch copies them again.
 *
 * @param settings Fetch settings of a task or of the config's defaults.
 * @param env The run.
 * @param redirectGate A crawling task's gate on its links' redirects (one per task).
 * @returns Options for `HttpClient.request`; count sends with its counter, not `onAttempt`.
 */
export function sharedRequestOptionsFor(
  settings: FetchDefaults,
  env: RunEnv,
  redirectGate?: (url: URL) => string | undefined,
): RequestOptions {
  let ofRun = sharedOptions.get(env);
  if (ofRun === undefined) sharedOptions.set(env, ofRun = new WeakMap());
  // A gate is a crawling task's own (see `CrawlRules.redirectGate`): its options are kept by it.
  const key = redirectGate ?? settings;
  let options = ofRun.get(key);
  if (options === undefined) {
    options = frozenRequestOptions({ ...requestOptionsFor(settings, env), redirectGate });
    ofRun.set(key, options);
  }
  return options;
}

/** Who a run tells what happens: its event listener and its warning listener. */
export interface RunListeners {
  /** Told every event of the run. */
  onEvent?: (event: RunEvent) => void;
  /** Told every warning. */
  onWarning?: (message: string) => void;
}

/**
 * How a run tells its listeners what happens, keeps its warnings for the report, and counts its
 * retries for the live view.
 */
export interface RunReporter {
  /** The run's warnings so far, in order (the report's `warnings`). */
  readonly warnings: string[];
  /** `retry` events emitted so far: every retry of the run, whoever listens (`RunProgress.retries`). */
  readonly retries: number;
  /** Tells the event listener. */
  emit(event: RunEvent): void;
  /** Keeps a warning and tells both listeners. */
  warn(message: string): void;
  /**
   * Keeps a warning and tells both listeners, as `warn`; with neither listener (the caller hears
   * of warnings only from the report, if it reads them), also on stderr, as what nobody would hear
   * of is (`close`): for an error that would have ended the process, which a caller must not miss.
   */
  warnAloud(message: string): void;
  /**
   * Calls a listener of the caller's; one that throws, or an `async` one whose promise rejects, is
   * a warning, naming the listener and `what` it was told.
   *
   * @param what What the listener was told, for the warning (`the start of the run`).
   * @param listener The call.
   * @param whose Which listener it is, for the warning. @default "A run listener"
   */
  tell(what: string, listener: () => unknown, whose?: string): void;
  /**
   * The run's report is returned: a listener's promise that rejects later is no warning of it
   * (nobody would read one), but a line on stderr naming the listener.
   */
  close(): void;
}

/**
 * The one way a run tells its listeners anything. A listener that throws is a bug of the caller's,
 * not of a task: it becomes a warning, and the run goes on with nothing left undone (a task not
 * started, a task not ended, files not closed). An `async` listener whose promise rejects is
 * warned of the same way once it does: unhandled, the rejection would end the whole process (once
 * the report is returned, on stderr: `close`). A
 * listener that throws on a warning is kept in the report's warnings without telling anyone again:
 * never a warning about a warning, forever.
 *
 * @param listeners The run's event and warning listeners.
 * @param elapsedMs Loop-clock ms since the run started, for the warning events.
 * @returns The run's reporter.
 */
export function createRunReporter(
  listeners: RunListeners,
  elapsedMs: () => number,
): RunReporter {
  const warnings: string[] = [];
  const { onEvent, onWarning } = listeners;
  let closed = false;
  const failure = (what: string, error: unknown, whose = "A run listener") =>
    `${whose} failed on ${what}: ${messageOf(error)}`;
  // Said where it is seen: after the report (handled here, never an unhandled rejection), and
  // what no listener hears of that must not go unseen (`warnAloud`).
  const onStderr = (message: string) => console.error(`corun: ${message}`);
  const late = (message: string) => onStderr(`after the run ended: ${message}`);
  /** Calls a listener; a throw, or a rejection of the promise it returns, goes to `failed`. */
  const call = (listener: () => unknown, failed: (error: unknown) => void) => {
    try {
      const returned = listener();
      if (isPromiseLike(returned)) returned.then(undefined, failed);
    } catch (error) {
      failed(error);
    }
  };
  const warn = (message: string) => {
    warnings.push(message);
    const event: RunEvent = { type: "warning", message, atMs: elapsedMs() };
    // A failure of a warning's listener is kept, never told: no warning about a warning.
    const keep = (error: unknown) => {
      if (closed) late(failure("a warning", error));
      else warnings.push(failure("a warning", error));
    };
    call(() => onWarning?.(message), keep);
    call(() => onEvent?.(event), keep);
  };
  const tell = (what: string, listener: () => unknown, whose?: string) =>
    call(listener, (error) => (closed ? late : warn)(failure(what, error, whose)));
  // Counted here, where every retry of the run is told (a task's fetch's and ctx.fetch's alike),
  // and whether or not anyone listens: the live view's frame reads the count, not its events.
  let retries = 0;
  return {
    warnings,
    get retries() {
      return retries;
    },
    warn,
    warnAloud: (message) => {
      warn(message);
      if (onWarning === undefined && onEvent === undefined) onStderr(message);
    },
    tell,
    close: () => void (closed = true),
    emit: (event) => {
      if (event.type === "retry") retries++;
      if (onEvent !== undefined) tell(whatEventTells(event), () => onEvent(event));
    },
  };
}

/** What an event tells, for the warning of a listener that threw on it. */
function whatEventTells(event: RunEvent): string {
  switch (event.type) {
    case "task-start":
      return `the start of "${event.name}"`;
    case "task-end":
      return `the end of "${event.result.name}"`;
    case "retry":
      return `a retry of "${event.name}"`;
    case "log":
      return `a log line of "${event.name}"`;
    case "warning":
      return "a warning";
  }
}
