/**
 * corun: a scriptable task runner for Deno. A config declares fetch and sleep tasks (and, in
 * TypeScript, custom coroutine tasks); corun runs each as a coroutine on its own event loop, speaks
 * HTTP/1.1 itself over `Deno.connect` / `Deno.startTls`, and writes results to disk atomically.
 *
 * Configs: {@linkcode defineConfig}, {@linkcode sleepTask}, {@linkcode fetchTask}, {@linkcode task},
 * {@linkcode loadConfig}, {@linkcode validateConfig}, {@linkcode ConfigError}.
 * Running: {@linkcode run}, {@linkcode runMain}, {@linkcode main}, {@linkcode EXIT_CODES},
 * {@linkcode exitCodeOf} (a report's code), {@linkcode VERSION}, {@linkcode newRunId} (a
 * `RunOptions.runId` of your own), {@linkcode SecretsNotReadError} (a spec loaded without its
 * credentials, run).
 * Loop: {@linkcode runOperation}, {@linkcode sleep}, {@linkcode spawn}, {@linkcode join},
 * {@linkcode halt}, {@linkcode scoped}, {@linkcode taskGroup}, {@linkcode all}, {@linkcode race},
 * {@linkcode failAfter}, {@linkcode moveOnAfter}, {@linkcode action}, {@linkcode call},
 * {@linkcode cleanup}, {@linkcode createSemaphore}, {@linkcode createChannel},
 * {@linkcode createSystemClock}, {@linkcode createVirtualClock}, {@linkcode Loop},
 * {@linkcode TimeoutError}, {@linkcode TaskCancelledError}, {@linkcode TaskGroupError},
 * {@linkcode CancelledError}.
 * HTTP: {@linkcode HttpClient}, {@linkcode HttpError}, {@linkcode HttpStatusError},
 * {@linkcode NetError}, {@linkcode ProxyError}, {@linkcode CookieJar}, {@linkcode CookieFileError},
 * {@linkcode Bandwidth}, {@linkcode proxyEnvironmentFrom}.
 * Custom tasks' errors: {@linkcode ContextEndedError}, {@linkcode UnreadResponsesError},
 * {@linkcode EnqueueSaveError}, and those of `ctx.write` / `ctx.append`: {@linkcode ConfinementError},
 * {@linkcode SaveCollisionError}, {@linkcode NameTooLongError}.
 *
 * Every type these name is exported too: the inputs a config is written with ({@linkcode ConfigInput},
 * {@linkcode TaskInput}, ...), the validated spec ({@linkcode ConfigSpec}, {@linkcode TaskSpec}, ...),
 * the options ({@linkcode RunOptions}, {@linkcode RunOperationOptions}, {@linkcode SpawnOptions},
 * {@linkcode RequestOptions}, ...), the report ({@linkcode RunReport}, {@linkcode RunEvent}, ...),
 * {@linkcode Effect} (what a coroutine yields), and the errors' codes ({@linkcode HttpErrorCode},
 * {@linkcode NetErrorCode}, {@linkcode ProxyErrorCode}, {@linkcode ConfinementErrorCode}).
 *
 * The examples import corun by its package name, `@corun/corun`: write the URL you import corun
 * from in its place (`import { run } from "https://your.host/corun/mod.ts"`), or map the name to
 * that URL once, in your `deno.json`'s `"imports"`, and copy them as they are (a TypeScript config
 * the `corun` command imports sees that map when corun is started with `deno run --config`
 * naming that file). Each runs as written with `--allow-read --allow-write --allow-net`; those
 * that need a server start one on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { defineConfig, run, sleepTask } from "@corun/corun";
 * const report = await run(
 *   defineConfig({ tasks: [sleepTask("task-1", "3s"), sleepTask("task-2", "2s")] }),
 *   { virtualTime: true },
 * );
 * assertEquals(report.durationMs, 3000); // the two sleeps overlap
 * assertEquals(report.counts.done, 2);
 * ```
 * @module
 */
export {
  type AuthInput,
  type BodyInput,
  ConfigError,
  type ConfigErrorOptions,
  type ConfigInput,
  type ConfigIssue,
  type ConfigPath,
  type CrawlInput,
  type CustomTaskInput,
  defineConfig,
  type DurationInput,
  type FetchOptionsInput,
  fetchTask,
  type FetchTaskInput,
  type FetchTaskOptions,
  type ListRequestInput,
  loadConfig,
  type LoadConfigOptions,
  type NotifyInput,
  type OriginRulesInput,
  type RateInput,
  type RequestInput,
  type RequestOptionsInput,
  type RunnableConfig,
  type ScheduleInput,
  type SecretInput,
  type SecretRef,
  type SizeInput,
  sleepTask,
  type SleepTaskInput,
  task,
  type TaskInput,
  type TaskInputBase,
  type TaskOptions,
  type TimeoutsInput,
  type UrlRequestInput,
  validateConfig,
  type ValidateConfigOptions,
} from "./lib/config/mod.ts";
export { run } from "./lib/config/library_run.ts";
export {
  type CliHost,
  type CutShortRun,
  EXIT_CODES,
  type ExitCode,
  exitCodeOf,
  type HistoryWrite,
  type InterruptScope,
  main,
  type RunEnding,
  runMain,
  type TextSink,
  VERSION,
} from "./lib/cli/mod.ts";
export type {
  AppendHistoryOptions,
  DamagedHistoryLine,
  HistoryAppend,
  HistoryEntry,
  HistoryRun,
  LostRuns,
  MarkedRun,
  ReadHistoryOptions,
  RunMark,
  UnfinishedRun,
} from "./lib/schedule/mod.ts";
export {
  action,
  type ActionStart,
  all,
  call,
  CancelledError,
  type Channel,
  cleanup,
  type Clock,
  type ClockBase,
  createChannel,
  createSemaphore,
  createSystemClock,
  createVirtualClock,
  type Effect,
  failAfter,
  halt,
  join,
  Loop,
  type LoopOptions,
  moveOnAfter,
  type Operation,
  type OperationResult,
  race,
  runOperation,
  type RunOperationOptions,
  scoped,
  type ScopedOptions,
  type Semaphore,
  sleep,
  spawn,
  type SpawnOptions,
  type SystemClock,
  type Task,
  TaskCancelledError,
  type TaskGroup,
  taskGroup,
  TaskGroupError,
  type TaskGroupOptions,
  type TaskState,
  TimeoutError,
  type VirtualClock,
  type VirtualClockOptions,
} from "./lib/loop/mod.ts";
export {
  Bandwidth,
  type BandwidthClock,
  type Cookie,
  CookieFileError,
  CookieJar,
  type CookieJarOptions,
  type CookieLimit,
  type ExchangeLimit,
  type FetchSettings,
  type FollowedRedirects,
  HeaderList,
  HttpClient,
  type HttpClientOptions,
  HttpError,
  type HttpErrorCode,
  type HttpRequest,
  type HttpResponse,
  type LimitNamer,
  type MeteredReader,
  type RequestBody,
  type RequestOptions,
  type RequestPhase,
  type RequestProgress,
  ResponseBody,
  type ResponseTimings,
  type Timeouts,
} from "./lib/http/mod.ts";
export {
  type ActiveFetch,
  type AttemptEvent,
  type AttemptWait,
  type AttemptWaitKind,
  type AuthSpec,
  type BodySpec,
  type ConfigSpec,
  ContextEndedError,
  type CrawlSpec,
  type CustomTaskSpec,
  EnqueueSaveError,
  type FailedFetch,
  type FetchCallOptions,
  type FetchDefaults,
  type FetchedPage,
  type FetchPageOptions,
  type FetchSummary,
  type FetchTaskSpec,
  HttpStatusError,
  type ItemCounts,
  type KeptPartial,
  type LeftOutReason,
  LISTED_FAILED_FETCHES,
  type LiveRun,
  newRunId,
  type NotifySpec,
  type OriginRules,
  type RateSpec,
  type RequestSpec,
  type ResponseCallback,
  type RunEvent,
  type RunHooks,
  type RunOptions,
  type RunProgress,
  type RunReport,
  SaveCollisionError,
  type ScheduleSpec,
  type SecretsNotRead,
  SecretsNotReadError,
  type SleepTaskSpec,
  type TaskContext,
  type TaskKind,
  type TaskOutcome,
  type TaskPhase,
  type TaskResult,
  type TaskSnapshot,
  type TaskSpec,
  type TaskSpecBase,
  type TimeoutsSpec,
  UnreadResponsesError,
  type UrlSourceSpec,
} from "./lib/tasks/mod.ts";
export type { RetrySettings } from "./lib/frontier/mod.ts";
export {
  type Checksum,
  ConfinementError,
  type ConfinementErrorCode,
  NameTooLongError,
} from "./lib/sinks/mod.ts";
export { parseUrlPattern, type UrlPattern, UrlPatternError } from "./lib/frontier/mod.ts";
export {
  type ConnectLimit,
  NetError,
  type NetErrorCode,
  NO_PROXY_ENVIRONMENT,
  type ProxyBypass,
  type ProxyEndpoint,
  type ProxyEnvironment,
  proxyEnvironmentFrom,
  ProxyError,
  type ProxyErrorCode,
} from "./lib/net/mod.ts";

// A static import for the command line below: a dynamic import here would make Deno walk the whole
// module graph a second time at start-up.
import { runAsProgram } from "./lib/cli/mod.ts";

if (import.meta.main) runAsProgram(Deno.args);
