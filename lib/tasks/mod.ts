/**
 * Task kinds (sleep, fetch, custom) and the runner that turns a validated config into coroutines on a
 * loop of its own and a run report.
 *
 * Exports: {@linkcode run}, {@linkcode createTaskContext}, {@linkcode HttpStatusError}, and the
 * spec, report and context types.
 * @module
 */
export {
  createTaskContext,
  type FetchCallOptions,
  type FetchedPage,
  type FetchPageOptions,
  type OwnedContext,
  type TaskContext,
} from "./context.ts";
export { ContextEndedError, UnreadResponsesError } from "./ctx_errors.ts";
export { countOf, formatCount } from "./count_text.ts";
export { keptPartialText } from "./kept_partial.ts";
export { EnqueueSaveError } from "./enqueue_save.ts";
export { HttpStatusError } from "./fetch_item.ts";
export { SaveCollisionError } from "./save_collision.ts";
export type {
  ActiveFetch,
  AttemptEvent,
  AttemptWait,
  AttemptWaitKind,
  FailedFetch,
  FetchSummary,
  ItemCounts,
  KeptPartial,
  LeftOutReason,
  LiveRun,
  RunEvent,
  RunProgress,
  RunReport,
  TaskKind,
  TaskOutcome,
  TaskPhase,
  TaskResult,
  TaskSnapshot,
} from "./report.ts";
export { LISTED_FAILED_FETCHES, shownError } from "./report.ts";
export { run, type RunHooks, type RunOptions, type RunSinks } from "./runner.ts";
export { catchStrayErrors } from "./stray_errors.ts";
export { stalledText } from "./stalled_text.ts";
export { watchUnendedStall } from "./stall_watch.ts";
export { checkedRunOptions } from "./run_options_check.ts";
export { SecretsNotReadError } from "./secrets_not_read.ts";
export { fetchItemCodec } from "./shared_items.ts";
export { originRules } from "./politeness.ts";
export { configTlsOffWarnings } from "./tls_off_warning.ts";
export { proxyBypassWarnings } from "./proxy_bypass_warning.ts";
export { unusableProxyVariables, unusableProxyWarnings } from "./unusable_proxy_variable.ts";
export {
  type MissingPermission,
  missingPermissions,
  type PermissionProbe,
  permissionProblem,
  type PermissionScope,
  writesIntoOutDir,
} from "./run_permissions.ts";
export {
  sharedQueueCookiesWarning,
  sharedQueueProblems,
  submitTasks,
  type Submitted,
} from "./shared_submit.ts";
export { configBaseDir, configOutDir } from "./task_items.ts";
export { configIdOf, isRunOfConfig, STDIN_SOURCE } from "./config_id.ts";
export { isRunId, newRunId, startOfRunId } from "./run_id.ts";
export { DEFAULT_KEEP_RUNS, METADATA_ARCHIVE_DIR } from "./metadata_rotation.ts";
export type {
  AuthSpec,
  BodySpec,
  ConfigSpec,
  CrawlSpec,
  CustomTaskSpec,
  FetchDefaults,
  FetchTaskSpec,
  NotifySpec,
  OriginRules,
  RateSpec,
  RequestSpec,
  ResponseCallback,
  ScheduleSpec,
  SecretsNotRead,
  SleepTaskSpec,
  TaskSpec,
  TaskSpecBase,
  TimeoutsSpec,
  UrlSourceSpec,
} from "./spec.ts";
