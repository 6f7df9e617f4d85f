/**
 * `run` for library users: accepts a config file path, a config object written in code, or an
 * already validated spec, and runs it.
 * @module
 */
import {
  checkedRunOptions,
  type LiveRun,
  run as runSpec,
  type RunHooks,
  type RunOptions,
  type RunReport,
  stalledText,
  unusableProxyVariables,
  watchUnendedStall,
} from "../tasks/mod.ts";
import type { ConfigSpec } from "../tasks/spec.ts";
import { ConfigError } from "./config_error.ts";
import type { ConfigInput } from "./input_types.ts";
import { DEFAULT_MAX_LISTED_ISSUES, firstByField, listIssues } from "./issue_list.ts";
import { INLINE_SOURCE, loadConfig, validateConfig } from "./load.ts";
import { outputIssues } from "./output_check.ts";
import { checkTaskGraph } from "./task_graph.ts";

/** Anything `run` accepts as a config. */
export type RunnableConfig = string | URL | ConfigInput | ConfigSpec;

/**
 * Validates (or loads) a config and runs every task in it on a loop of its own.
 *
 * Should what is left of the run wait on promises nothing will settle (a custom task awaiting one
 * that never resolves), the tasks stuck fail (`STALLED`, naming what each waited on) and the run
 * ends as any run does (not when awaited at the program's top level: Deno then ends it with "Top-level
 * await promise never resolved" first). Should even that not end it (a task's own `finally` waits on such a
 * promise too), Deno would end the process with exit code 0 and no word: it says so on stderr
 * instead, naming the tasks still running, and sets the exit code to 1.
 *
 * @param config A config file path or `file:` URL, a config object (`defineConfig({...})`), or a
 *   validated `ConfigSpec`.
 * @param options Virtual time, interrupt signal, observers, output directory.
 * @returns The run's report: failed tasks are in it, not thrown.
 * @throws {ConfigError} When the config is invalid (its `cookies:` file not a cookie jar corun
 *   wrote among them), or not a config at all, or a spec's tasks are not as validation left them
 *   (a copy without a task another runs `after`, or with a name twice), or when its output cannot
 *   be written where it says: an output directory (`outDir`, or the `outDir` option) that is a file
 *   or sits under one, or a `metadata` log that leaves it (nothing has run).
 * @throws {CookieFileError} When the `cookies:` file of a `ConfigSpec` validated earlier is not a
 *   cookie jar by now (names the file and the line; nothing has run).
 * @throws {Deno.errors.NotCapable} When Deno does not grant (without a prompt) `--allow-net` for
 *   the host of a fetch task's own URL (or its proxy) or `--allow-write` for the output directory:
 *   one error naming them all and the flags to add (nothing has run).
 * @throws {RangeError} When `options.runId` is not of the form `newRunId()` makes
 *   (`20261125T100000123Z-3f9a1c2b`).
 * @throws {TypeError} When an option is of the wrong kind (`signal` no `AbortSignal`, `onEvent`
 *   no function) or unknown (`onEvents`).
 * @throws The reason of `options.signal` (an `AbortError`) when it aborts while a config file or
 *   URL is still loading (nothing has run); once the run has begun, an abort cancels its tasks and
 *   the report says `interrupted: true`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { run } from "@corun/corun";
 * const report = await run({ tasks: [{ name: "nap", sleep: "3s" }] }, { virtualTime: true });
 * assertEquals(report.counts.done, 1);
 * assertEquals(report.durationMs, 3000);
 * ```
 */
export async function run(config: RunnableConfig, options: RunOptions = {}): Promise<RunReport> {
  // corun's own hooks are no option of the library's: one given is an unknown key.
  checkedRunOptions(options, "public");
  return await runWithHooks(config, options);
}

/**
 * {@linkcode run} with corun's own hooks into the run too (`RunHooks`: its tests' file sinks, the
 * worker's frontier): not part of the public API.
 *
 * @param config As for `run`.
 * @param options As for `run`, and the hooks.
 * @returns The run's report.
 */
export async function runWithHooks(
  config: RunnableConfig,
  options: RunOptions & RunHooks = {},
): Promise<RunReport> {
  // Checked as the runner checks them, before the load, which heeds the signal.
  const checked = checkedRunOptions(options, "hooks");
  // Its secret files read once, at load: one run sends one credential (secret_refresh.ts).
  const spec = await resolveConfig(config, checked.signal);
  refuseStartProblems(spec, checked);
  let live: LiveRun | undefined;
  // Deno's event loop has drained and the run could not end even by failing its stuck tasks (the
  // CLI's runAsProgram guards `corun run` the same way).
  using _unended = watchUnendedStall(() => {
    console.error(stalledText("corun's run() cannot end: what is left of it", [live]));
    Deno.exitCode = STALLED_EXIT_CODE;
  });
  return await runSpec(spec, keepingLive(options, (started) => live = started));
}

/** The exit code of a run that can never end: `corun run`'s for a failed task. */
const STALLED_EXIT_CODE = 1;

/**
 * The options, their `onStart` also handing the run's live view to `keep`. Options the run will
 * refuse are passed on as they are, for it to explain.
 */
function keepingLive<O extends RunOptions>(options: O, keep: (live: LiveRun) => void): O {
  if (typeof options !== "object" || options === null) return options;
  const onStart = options.onStart;
  if (onStart !== undefined && typeof onStart !== "function") return options;
  return {
    ...options,
    onStart: (live) => {
      keep(live);
      // Its promise, if any, is the run's to watch: a rejection is a warning.
      return onStart?.(live);
    },
  };
}

/**
 * Throws what the command line refuses to start on (output_check.ts, a proxy variable the tasks
 * would use that is no proxy URL), before anything is opened or fetched: otherwise every fetch is
 * sent, and only its save fails, or every fetch fails.
 */
function refuseStartProblems(spec: ConfigSpec, options: RunOptions): void {
  const label = spec.source ?? INLINE_SOURCE;
  const issues = [
    ...unusableProxyVariables(spec).map((message) => ({ file: label, path: "", message })),
    ...outputIssues({
      config: spec,
      label,
      outDirOverride: options.outDir,
      overrideName: "the outDir option",
    }),
  ];
  if (issues.length > 0) throw new ConfigError(label, issues);
}

/**
 * Turns anything `run` accepts into a validated spec.
 *
 * @param config Path, URL, object or spec.
 * @param signal Stops loading a config file or URL (`LoadConfigOptions.signal`).
 * @returns The validated spec.
 * @throws ConfigError when invalid.
 * @throws The reason of `signal` when it aborts while a config file or URL loads.
 */
export async function resolveConfig(
  config: RunnableConfig,
  signal?: AbortSignal,
): Promise<ConfigSpec> {
  if (typeof config === "string" || config instanceof URL) {
    return await loadConfig(config, { signal });
  }
  if (isSpec(config)) return checkedSpec(config);
  return validateConfig(config);
}

/**
 * A spec as the run relies on it: task names unique, every `after` name a task of it, no cycle.
 * Validation made it so, but a copy may have lost it (`tasks` filtered, a task added twice), and
 * the run would then wait forever for a task it does not hold. Its other fields stay as given.
 */
function checkedSpec(spec: ConfigSpec): ConfigSpec {
  const found = checkTaskGraph(spec);
  if (found.length === 0) return spec;
  const source = spec.source ?? INLINE_SOURCE;
  const max = DEFAULT_MAX_LISTED_ISSUES;
  const first = firstByField(found, spec, max);
  const issues = listIssues({ located: [], first, total: found.length }, source, max);
  throw new ConfigError(source, issues, { problems: found.length });
}

/**
 * A validated spec (or a copy of one), told from a config by what only validation makes: the output
 * directory resolved and the defaults' timeouts in milliseconds (`connectMs`, a key no config
 * takes). Its tasks are not looked at here (a spec may have none; `checkedSpec` checks how they
 * name each other). Anything else, `null` included, is
 * left to `validateConfig` to explain.
 */
function isSpec(config: unknown): config is ConfigSpec {
  if (typeof config !== "object" || config === null) return false;
  const spec = config as Partial<ConfigSpec>;
  return Array.isArray(spec.tasks) && typeof spec.outDir === "string" &&
    typeof spec.defaults?.timeouts?.connectMs === "number";
}
