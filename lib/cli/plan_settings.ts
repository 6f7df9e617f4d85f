/**
 * The settings a plan shows: every fetch setting each fetch task runs with, where each comes from
 * (corun's built-in default, the config's `defaults`, the task itself, or an `origins:` entry that
 * wins over them), and the run-wide limits (`concurrency`, `perHost`, `maxIdleConnections`,
 * `keepRuns`, `keepHistory`).
 * A setting's source is read off the values: one a task gives equal to the defaults' counts as the
 * defaults', as it changes nothing. `headers` are shown by name: a value may be a credential (an
 * `X-Api-Key` written in the config), and corun shows no header's value anywhere.
 * @module
 */
import type {
  ConfigSpec,
  FetchDefaults,
  FetchTaskSpec,
  OriginRules,
  RateSpec,
} from "../tasks/mod.ts";
import { DEFAULT_KEEP_RUNS } from "../tasks/mod.ts";
import { historyKeepOf } from "../schedule/mod.ts";
import { builtinFetchDefaults } from "../config/mod.ts";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_IDLE_CONNECTIONS,
  DEFAULT_PER_HOST,
} from "../config/defaults.ts";
import { pipelineRefusal } from "../http/mod.ts";
import { isStdoutSave } from "../sinks/mod.ts";
import { resumeRefusal } from "../tasks/resume.ts";
import { urlTextWithoutCredentials } from "../net/mod.ts";
import type { TaskReach } from "./plan_reach.ts";
import type { Plan } from "./plan.ts";

/**
 * Where a setting comes from; `origins` wins over the others at the origins whose entry sets it, and
 * `request` over all of them where the task's requests decide (`pipeline` 1 for a POST).
 */
export type SettingSource = "built-in" | "defaults" | "task" | "origins" | "request";

/**
 * A setting's value: a number (milliseconds or bytes when the setting has a `unit`), a switch, a
 * list (of header names, for `headers`), a rate, or text (a proxy, credentials hidden:
 * `"environment"`, `"direct"` or its URL; a file's absolute path); null for none (no `rate`, no
 * `caFile`).
 */
export type SettingValue =
  | number
  | boolean
  | string
  | null
  | readonly number[]
  | readonly string[]
  | RateSpec;

/** One setting a task runs with. */
export interface PlannedSetting {
  /**
   * What its URLs get (on the origins `byOrigin` does not name): durations in milliseconds, sizes
   * in bytes.
   */
  value: SettingValue;
  /** `"ms"` for a duration, `"bytes"` for a size; absent for the rest. */
  unit?: "ms" | "bytes";
  /** Where `value` comes from. */
  from: SettingSource;
  /**
   * With `from: "origins"` (every origin its URLs go to has an entry that sets it, all alike):
   * what the task's settings give, which no URL of it gets.
   */
  replaces?: { value: SettingValue; from: Exclude<SettingSource, "origins" | "request"> };
  /** The origins its URLs go to whose `origins:` entry gives another value, which wins there. */
  byOrigin?: Record<string, SettingValue>;
  /** With `from: "request"`: why the task's requests get `value` whatever their settings say. */
  why?: string;
}

/** Every fetch setting of a task, by its config key (`timeout.total`, `maxBodySize`, `crawl.maxDepth`). */
export type PlannedSettings = Record<string, PlannedSetting>;

/** A run-wide limit: its value, and whether the config sets it. */
export interface RunSetting {
  /** The limit. */
  value: number;
  /** `config` when the config gives another than corun's built-in one. */
  from: "built-in" | "config";
}

/** The run-wide limits. */
export interface PlannedRun {
  /** Fetches in flight at once, of all tasks. */
  concurrency: RunSetting;
  /** Open connections to one origin (an `origins:` entry's `perHost` wins for its origin). */
  perHost: RunSetting;
  /** Idle keep-alive connections kept over all origins. */
  maxIdleConnections: RunSetting;
  /** Runs whose metadata is kept. */
  keepRuns: RunSetting;
  /** Runs kept in the run history, per schedule. */
  keepHistory: RunSetting;
}

/** How a setting's value is written. */
export type SettingKind =
  | "duration"
  | "size"
  | "count"
  | "switch"
  | "list"
  | "names"
  | "rate"
  | "proxy"
  | "path"
  | "text";

/** One fetch setting a plan shows. */
interface SettingSpec {
  /** How it is written. */
  kind: SettingKind;
  /** Its value in a task's settings. */
  of: (settings: FetchDefaults) => SettingValue;
  /**
   * What tells two settings apart when `of` shows less than all of them (headers' values, never
   * shown); absent: `of`'s values.
   */
  compared?: (settings: FetchDefaults) => string;
  /** Its value in an `origins:` entry, for the settings an entry may set; undefined: not set. */
  ofOrigin?: (rules: OriginRules) => SettingValue | undefined;
}

/** The fetch settings, by config key, in the order the README's table gives them. */
const FETCH_SETTINGS: Readonly<Record<string, SettingSpec>> = {
  "timeout.connect": { kind: "duration", of: (s) => s.timeouts.connectMs },
  "timeout.tls": { kind: "duration", of: (s) => s.timeouts.tlsMs },
  "timeout.headers": { kind: "duration", of: (s) => s.timeouts.headersMs },
  "timeout.idle": { kind: "duration", of: (s) => s.timeouts.idleMs },
  "timeout.total": { kind: "duration", of: (s) => s.timeouts.totalMs },
  retries: { kind: "count", of: (s) => s.retries },
  retryOn: { kind: "list", of: (s) => s.retryOn },
  backoff: { kind: "duration", of: (s) => s.backoffMs },
  maxBackoff: { kind: "duration", of: (s) => s.maxBackoffMs },
  maxRedirects: { kind: "count", of: (s) => s.maxRedirects },
  allowDowngrade: { kind: "switch", of: (s) => s.allowDowngrade },
  maxBodySize: { kind: "size", of: (s) => s.maxBodyBytes },
  maxDecodeRatio: { kind: "count", of: (s) => s.maxDecodeRatio },
  maxHeaderSize: { kind: "size", of: (s) => s.maxHeaderBytes },
  maxHeaderCount: { kind: "count", of: (s) => s.maxHeaderCount },
  headers: {
    kind: "names",
    of: (s) => Object.keys(s.headers),
    compared: (s) => headersCompared(s.headers),
  },
  caFile: { kind: "path", of: (s) => s.caFile ?? null },
  insecure: { kind: "switch", of: (s) => s.insecure },
  rate: { kind: "rate", of: (s) => s.rate ?? null, ofOrigin: (o) => o.rate },
  delay: { kind: "duration", of: (s) => s.delayMs, ofOrigin: (o) => o.delayMs },
  jitter: { kind: "duration", of: (s) => s.jitterMs, ofOrigin: (o) => o.jitterMs },
  "crawl.maxDepth": { kind: "count", of: (s) => s.crawl.maxDepth },
  "crawl.origins": { kind: "list", of: (s) => s.crawl.origins },
  "crawl.maxFetches": { kind: "count", of: (s) => s.crawl.maxFetches },
  "crawl.robots": { kind: "switch", of: (s) => s.crawl.robots },
  proxy: {
    kind: "proxy",
    of: (s) => proxyText(s.proxy),
    ofOrigin: (o) => o.proxy === undefined ? undefined : proxyText(o.proxy),
  },
  noProxy: { kind: "text", of: (s) => s.noProxy ?? null },
  resume: { kind: "switch", of: (s) => s.resume },
  callbackTimeout: { kind: "duration", of: (s) => s.callbackTimeoutMs },
  sha256: { kind: "switch", of: (s) => s.sha256 },
  checksums: { kind: "path", of: (s) => s.checksumsFile ?? null },
  maxChecksumsSize: { kind: "size", of: (s) => s.maxChecksumsBytes },
  decompress: { kind: "switch", of: (s) => s.decompress },
  pipeline: { kind: "count", of: (s) => s.pipeline, ofOrigin: (o) => o.pipeline },
};

/** Headers as one text, equal for the same names (in any case) with the same values. */
function headersCompared(headers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]);
  return JSON.stringify(entries.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/**
 * How the setting of a config key is written.
 *
 * @param key A key of `PlannedSettings`.
 * @returns Its kind; `count` for a key the plan does not know.
 */
export function settingKind(key: string): SettingKind {
  return FETCH_SETTINGS[key]?.kind ?? "count";
}

/** How a proxy setting reads in a plan, its credentials hidden. */
export function proxyText(proxy: string | false | undefined): string {
  return proxy === undefined
    ? "environment"
    : proxy === false
    ? "direct"
    : urlTextWithoutCredentials(proxy);
}

/**
 * Puts the run-wide limits and each fetch task's settings into a plan.
 *
 * @param plan From `buildPlan`: it gets `run`, and its fetch tasks `settings`.
 * @param config The config it was built from.
 * @param reach From `planReach`: the origins each fetch task's URLs go to.
 */
export function addSettings(
  plan: Plan,
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
): void {
  plan.run = planRun(config);
  plan.defaults = defaultSettings(config);
  const settings = planTaskSettings(config, reach);
  for (const task of plan.tasks) {
    const own = settings.get(task.name);
    if (own !== undefined) task.settings = own;
  }
}

/**
 * The run-wide limits of a config.
 *
 * @param config The validated config.
 * @returns Each limit, and whether the config sets it.
 */
function planRun(config: ConfigSpec): PlannedRun {
  const setting = (value: number, builtin: number): RunSetting => ({
    value,
    from: value === builtin ? "built-in" : "config",
  });
  return {
    concurrency: setting(config.concurrency, DEFAULT_CONCURRENCY),
    perHost: setting(config.perHost, DEFAULT_PER_HOST),
    maxIdleConnections: setting(
      config.maxIdleConnections ?? DEFAULT_MAX_IDLE_CONNECTIONS,
      DEFAULT_MAX_IDLE_CONNECTIONS,
    ),
    keepRuns: setting(config.keepRuns ?? DEFAULT_KEEP_RUNS, DEFAULT_KEEP_RUNS),
    keepHistory: setting(historyKeepOf(config), historyKeepOf({})),
  };
}

/**
 * The config's fetch settings (`defaults` over the built-in), which a task starts from and a custom
 * task's `ctx.fetch` runs with.
 *
 * @param config The validated config.
 * @returns Every fetch setting, each `built-in` or `defaults`.
 */
function defaultSettings(config: ConfigSpec): PlannedSettings {
  return baseSettings(config.defaults, config.defaults, builtinFetchDefaults());
}

/**
 * Every fetch setting of each fetch task, with where it comes from.
 *
 * @param config The validated config.
 * @param reach From `planReach`: the origins each fetch task's URLs go to.
 * @returns Each fetch task's settings, by name.
 */
function planTaskSettings(
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
): Map<string, PlannedSettings> {
  const builtin = builtinFetchDefaults();
  // Tasks that override nothing share one settings object: they share one answer too.
  const made = new WeakMap<FetchDefaults, PlannedSettings>();
  const settingsOf = (options: FetchDefaults) => {
    let settings = made.get(options);
    if (settings === undefined) {
      made.set(options, settings = baseSettings(options, config.defaults, builtin));
    }
    return settings;
  };
  const byTask = new Map<string, PlannedSettings>();
  for (const task of config.tasks) {
    if (task.kind !== "fetch") continue;
    const base = settingsOf(task.options);
    const reached = reach.get(task.name);
    const settings = reached === undefined ? base : withOrigins(base, reached, config);
    byTask.set(task.name, withRequestLimits(settings, task));
  }
  return byTask;
}

/**
 * A task's settings as its requests get them: `pipeline` 1 for those the client never pipelines (a
 * POST, a body, an `onResponse`), and `resume` off for those never continued (see `taskResumeRefusal`),
 * each saying why, whatever the settings ask.
 */
function withRequestLimits(settings: PlannedSettings, task: FetchTaskSpec): PlannedSettings {
  let limited = settings; // shared with other tasks (see planTaskSettings): changed in a copy
  const pipeline = settings.pipeline;
  const pipelineWhy = pipeline.value === 1 && pipeline.byOrigin === undefined
    ? undefined
    : taskPipelineRefusal(task);
  if (pipelineWhy !== undefined) {
    limited = { ...limited, pipeline: { value: 1, from: "request", why: pipelineWhy } };
  }
  const resumeWhy = settings.resume.value === true ? taskResumeRefusal(task) : undefined;
  if (resumeWhy !== undefined) {
    limited = { ...limited, resume: { value: false, from: "request", why: resumeWhy } };
  }
  return limited;
}

/**
 * Why a fetch task's broken-off bodies are never continued (`resume`), as the fetch decides it
 * (`resumeRefusal`): only a GET it saves to a file (a list's lines may name their own files where
 * the task has no save), without `onResponse` or a `Range` of the user's, is.
 *
 * @param task A fetch task.
 * @returns Why not, or undefined when `resume: true` applies to it.
 */
export function taskResumeRefusal(task: FetchTaskSpec): string | undefined {
  const savesToFile = task.save === undefined
    ? task.urls?.kind === "list"
    : !isStdoutSave(task.save);
  return resumeRefusal(
    task.request.method,
    task.request.headers,
    savesToFile,
    task.onResponse !== undefined,
  );
}

/**
 * Why a fetch task's requests are never pipelined, as the client decides it; undefined when they
 * may be.
 *
 * @param task A fetch task.
 * @returns The reason, or undefined.
 */
export function taskPipelineRefusal(task: FetchTaskSpec): string | undefined {
  return pipelineRefusal(task.request, task.onResponse !== undefined);
}

/** A task's settings before any `origins:` entry: its own, the defaults' or built-in. */
function baseSettings(
  options: FetchDefaults,
  defaults: FetchDefaults,
  builtin: FetchDefaults,
): PlannedSettings {
  const settings: PlannedSettings = {};
  for (const [key, spec] of Object.entries(FETCH_SETTINGS)) {
    const same = (a: FetchDefaults, b: FetchDefaults) =>
      spec.compared === undefined
        ? sameValue(spec.of(a), spec.of(b))
        : spec.compared(a) === spec.compared(b);
    const from = !same(options, defaults)
      ? "task"
      : !same(options, builtin)
      ? "defaults"
      : "built-in";
    settings[key] = setting(spec.of(options), spec.kind, from);
  }
  return settings;
}

/**
 * A task's settings with the `origins:` entries of the origins its URLs go to applied: one whose
 * every origin's entry gives the same other value takes it (`from: "origins"`), else the entries
 * that give another are named (`byOrigin`). A list that could not be read goes anywhere.
 */
function withOrigins(
  base: PlannedSettings,
  reached: TaskReach,
  config: ConfigSpec,
): PlannedSettings {
  const entries = reached.origins.flatMap((origin) =>
    Object.hasOwn(config.origins, origin) ? [[origin, config.origins[origin]] as const] : []
  );
  if (entries.length === 0) return base;
  const anyOther = reached.problem !== undefined || reached.elsewhere > 0 ||
    entries.length < reached.origins.length;
  let settings: PlannedSettings | undefined;
  for (const [key, spec] of Object.entries(FETCH_SETTINGS)) {
    if (spec.ofOrigin === undefined) continue;
    const own = base[key];
    const byOrigin: Record<string, SettingValue> = {};
    let replaced = 0;
    for (const [origin, rules] of entries) {
      const value = spec.ofOrigin(rules);
      if (value === undefined || sameValue(value, own.value)) continue;
      byOrigin[origin] = value;
      replaced++;
    }
    if (replaced === 0) continue;
    settings ??= { ...base };
    const values = Object.values(byOrigin);
    const alike = values.every((value) => sameValue(value, values[0]));
    if (!anyOther && replaced === entries.length && alike) {
      const replaces = {
        value: own.value,
        from: own.from as Exclude<SettingSource, "origins" | "request">,
      };
      settings[key] = { ...setting(values[0], spec.kind, "origins"), replaces };
    } else {
      settings[key] = { ...own, byOrigin };
    }
  }
  return settings ?? base;
}

/** A setting with the unit of a duration or a size (after its value, as JSON shows it). */
function setting(value: SettingValue, kind: SettingKind, from: SettingSource): PlannedSetting {
  const unit = UNITS[kind];
  return unit === undefined ? { value, from } : { value, unit, from };
}

const UNITS: Partial<Record<SettingKind, PlannedSetting["unit"]>> = {
  duration: "ms",
  size: "bytes",
};

/** Whether two values are the same setting: lists item by item, rates by count and window. */
function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => item === b[index]);
  }
  const [x, y] = [a as RateSpec, b as RateSpec];
  return x.count === y.count && x.perMs === y.perMs;
}
