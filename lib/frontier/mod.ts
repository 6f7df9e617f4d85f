/**
 * The frontier: the one owner of when each fetch of a run starts (global concurrency, each origin's
 * connections, rate, delay and `Retry-After` pause, retries as re-enqueues), and where a task's many
 * URLs come from (curl-style URL patterns, list files read lazily).
 *
 * Exports: {@linkcode MemoryFrontier}, the {@linkcode Frontier} interface, {@linkcode decideRetry},
 * {@linkcode parseUrlPattern}, {@linkcode readUrlList}, {@linkcode countUrlList},
 * {@linkcode UrlListError}.
 * @module
 */
export type { Frontier, FrontierCounts, FrontierEntry, NewEntry, OriginRule } from "./frontier.ts";
export { MemoryFrontier, type MemoryFrontierOptions } from "./memory_frontier.ts";
export {
  type AttemptFailure,
  backoffDelayMs,
  decideRetry,
  DEFAULT_RETRY_SETTINGS,
  failureOf,
  type RetryDecision,
  type RetrySettings,
  statusFailureOf,
} from "./retry.ts";
export {
  countUrlList,
  countUrlListSteps,
  type ListItem,
  type ListLineError,
  MAX_LIST_LINE_BYTES,
  readUrlList,
} from "./url_list.ts";
export { UrlListError } from "./url_list_error.ts";
export {
  hasUrlGlob,
  MAX_PATTERN_HOSTS,
  MAX_PATTERN_URLS,
  parseUrlPattern,
  patternHosts,
  type UrlPattern,
  UrlPatternError,
} from "./url_pattern.ts";
