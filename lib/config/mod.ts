/**
 * corun's config layer: loads YAML, JSON, JSONC, TOML and TypeScript configs, validates them with every
 * problem located (file, line, column, field), and applies defaults, producing a `ConfigSpec`.
 *
 * Loading: {@linkcode loadConfig}, {@linkcode validateConfig}, {@linkcode ConfigError}.
 * Writing configs in TypeScript: {@linkcode defineConfig}, {@linkcode sleepTask}, {@linkcode fetchTask},
 * {@linkcode task}. Units: {@linkcode parseDuration}, {@linkcode parseSize}, {@linkcode parseRate},
 * {@linkcode parseBandwidth}.
 * Editors:
 * {@linkcode configJsonSchema}. Running: {@linkcode run}, {@linkcode resolveConfig}.
 *
 * @example
 * ```ts
 * import { validateConfig } from "./mod.ts";
 * const spec = validateConfig({ tasks: [{ sleep: "3s" }, { fetch: "https://example.com/" }] }, "inline");
 * spec.tasks.map((task) => task.kind); // ["sleep", "fetch"]
 * ```
 * @module
 */
export {
  ConfigError,
  type ConfigErrorOptions,
  type ConfigIssue,
  type ConfigPath,
  formatIssue,
  formatPath,
} from "./config_error.ts";
export {
  CONFIG_EXTENSIONS,
  loadConfig,
  type LoadConfigOptions,
  validateConfig,
  type ValidateConfigOptions,
} from "./load.ts";
export { STDIN_LOCATION, STDIN_SOURCE } from "./stdin_config.ts";
export { homeTildeProblem } from "./local_path.ts";
export {
  checkOutput,
  outDirOf,
  outDirProblem,
  type OutputCheckRequest,
  outputIssues,
  type OutputProbe,
  outputProblems,
} from "./output_check.ts";
export {
  defineConfig,
  fetchTask,
  type FetchTaskOptions,
  sleepTask,
  task,
  type TaskOptions,
} from "./define.ts";
export type {
  AuthInput,
  BodyInput,
  ConfigInput,
  CrawlInput,
  CustomTaskInput,
  DurationInput,
  FetchOptionsInput,
  FetchTaskInput,
  ListRequestInput,
  NotifyInput,
  OriginRulesInput,
  RateInput,
  RequestInput,
  RequestOptionsInput,
  ScheduleInput,
  SecretInput,
  SecretRef,
  SizeInput,
  SleepTaskInput,
  TaskInput,
  TaskInputBase,
  TimeoutsInput,
  UrlRequestInput,
} from "./input_types.ts";
export { durationProblem, parseDuration } from "./duration.ts";
export { formatRate, parseRate } from "./rate.ts";
export { bandwidthProblem, parseBandwidth } from "./bandwidth.ts";
export type { RateSpec } from "../tasks/spec.ts";
export { normalizeOrigin } from "./origins.ts";
export { queueNameProblem } from "./schema_values.ts";
export { CREDENTIAL_NOT_SHOWN } from "./credential_place.ts";
export { parseSize, sizeCeilingProblem, sizeProblem } from "./size.ts";
export { DEFAULT_MAX_CONFIG_SIZE, MAX_CONFIG_SIZE_CEILING } from "./read_capped.ts";
export { aliasNodesProblem, configSizeProblem, configTimeoutProblem } from "./load_limits.ts";
export { DEFAULT_MAX_LISTED_ISSUES } from "./issue_list.ts";
export { DEFAULT_MAX_ALIAS_NODES, MAX_ALIAS_NODES_CEILING } from "./yaml_alias_budget.ts";
export { DEFAULT_MAX_NESTING_DEPTH } from "./nesting.ts";
export { DEFAULT_URL_TIMEOUT_MS } from "./read_url.ts";
export { builtinFetchDefaults } from "./defaults.ts";
export { fixedLimitNames, nameConfigKey } from "./limit_names.ts";
export { configJsonSchema } from "./json_schema.ts";
export { resolveConfig, run, type RunnableConfig, runWithHooks } from "./library_run.ts";
export { followSecrets, type RefreshOptions, refreshSecrets } from "./secret_refresh.ts";
export { closestMatch } from "./suggest.ts";
