/**
 * corun: a scriptable task runner for Deno. A config declares fetch and sleep tasks (and, in
 * TypeScript, custom coroutine tasks); corun runs each as a coroutine on its own event loop, speaks
 * HTTP/1.1 itself over `Deno.connect` / `Deno.startTls`, and writes results to disk atomically.
 *
 * Configs: {@linkcode defineConfig}, {@linkcode sleepTask}, {@linkcode fetchTask}, {@linkcode task},
 * {@linkcode loadConfig}, {@linkcode validateConfig}, {@linkcode ConfigError}.
 * Running: {@linkcode run}, {@linkcode runMain}, {@linkcode main}, {@linkcode EXIT_CODES},
 * {@linkcode VERSION}.
 * Loop: {@linkcode runOperation}, {@linkcode sleep}, {@linkcode spawn}, {@linkcode join},
 * {@linkcode halt}, {@linkcode scoped}, {@linkcode taskGroup}, {@linkcode all}, {@linkcode race},
 * {@linkcode failAfter}, {@linkcode moveOnAfter}, {@linkcode action}, {@linkcode call},
 * {@linkcode cleanup}, {@linkcode createSemaphore}, {@linkcode createChannel},
 * {@linkcode createSystemClock}, {@linkcode createVirtualClock}, {@linkcode Loop},
 * {@linkcode TimeoutError}, {@linkcode TaskCancelledError}, {@linkcode TaskGroupError},
 * {@linkcode CancelledError}.
 * HTTP: {@linkcode HttpClient}, {@linkcode HttpError}, {@linkcode HttpStatusError},
 * {@linkcode NetError}, {@linkcode ProxyError}.
 *
 * @example
 * ```ts
 * import { defineConfig, run, sleepTask } from "./mod.ts";
 * const report = await run(
 *   defineConfig({ tasks: [sleepTask("task-1", "3s"), sleepTask("task-2", "2s")] }),
 *   { virtualTime: true },
 * );
 * console.log(report.durationMs); // 3000: the two sleeps overlap
 * ```
 * @module
 */
export {
  ConfigError,
  type ConfigInput,
  type ConfigIssue,
  defineConfig,
  fetchTask,
  type FetchTaskInput,
  loadConfig,
  type RunnableConfig,
  sleepTask,
  type SleepTaskInput,
  task,
  type TaskInput,
  validateConfig,
} from "./lib/config/mod.ts";
export { run } from "./lib/config/run_config.ts";
export { type CliDeps, EXIT_CODES, type ExitCode, main, runMain, VERSION } from "./lib/cli/mod.ts";
export {
  action,
  all,
  call,
  CancelledError,
  type Channel,
  cleanup,
  type Clock,
  createChannel,
  createSemaphore,
  createSystemClock,
  createVirtualClock,
  failAfter,
  halt,
  join,
  Loop,
  moveOnAfter,
  type Operation,
  race,
  runOperation,
  scoped,
  type Semaphore,
  sleep,
  spawn,
  type Task,
  TaskCancelledError,
  type TaskGroup,
  taskGroup,
  TaskGroupError,
  type TaskState,
  TimeoutError,
} from "./lib/loop/mod.ts";
export {
  HeaderList,
  HttpClient,
  HttpError,
  type HttpRequest,
  type HttpResponse,
  type RequestOptions,
} from "./lib/http/mod.ts";
export {
  type ActiveFetch,
  type ConfigSpec,
  type FetchCallOptions,
  type FetchedPage,
  HttpStatusError,
  type ItemCounts,
  type LiveRun,
  type RunEvent,
  type RunOptions,
  type RunProgress,
  type RunReport,
  type TaskContext,
  type TaskResult,
  type TaskSpec,
} from "./lib/tasks/mod.ts";
export { parseUrlPattern, type UrlPattern, UrlPatternError } from "./lib/frontier/mod.ts";
export { NetError, ProxyError } from "./lib/net/mod.ts";

// A static import for the command line below: a dynamic import here would make Deno walk the whole
// module graph a second time at start-up.
import { runAsProgram } from "./lib/cli/mod.ts";

if (import.meta.main) runAsProgram(Deno.args);
