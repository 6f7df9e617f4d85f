/**
 * The rules a fetch obeys at its origin, from the most particular place that sets them: the
 * config's `origins:` entry for that origin, then the task's own settings (its `defaults` merged in).
 * The frontier applies the pacing rules; the HTTP client applies an origin's proxy and pipeline.
 * @module
 */
import type { OriginRule } from "../frontier/mod.ts";
import type { ConfigSpec, FetchDefaults, RateSpec } from "./spec.ts";

/**
 * The rule of no origin (`""`), which a fetch that cannot be made (a bad list line, a pattern's URL
 * with credentials) is queued under: it sends no request, so nothing holds it back. `perHost` is the
 * largest count a shared queue's table keeps.
 */
const NO_ORIGIN_RULE: OriginRule = Object.freeze({ perHost: 2_147_483_647, gapMs: 0, jitterMs: 0 });

/**
 * Rules kept per settings, at most: a run meets a bounded set of origins, but a `corun worker` is one
 * run that meets new ones for months. Past this the kept rules are dropped and made again as asked
 * (a few property reads each).
 */
export const RULES_KEPT = 4096;

/**
 * Makes the frontier's rule lookup for a run.
 *
 * @param config The run's config.
 * @param settingsOf The fetch settings of a task, by name (`defaults` for a custom task's fetches).
 * @returns The lookup the frontier calls once per origin and task.
 */
export function originRules(
  config: ConfigSpec,
  settingsOf: (task: string) => FetchDefaults = settingsByName(config),
): (origin: string, task: string) => OriginRule {
  // Tasks that override nothing share one settings object: one rule per origin serves them all.
  const made = new WeakMap<FetchDefaults, Map<string, OriginRule>>();
  return (origin, task) => {
    if (origin === "") return NO_ORIGIN_RULE;
    const settings = settingsOf(task);
    let byOrigin = made.get(settings);
    if (byOrigin === undefined) made.set(settings, byOrigin = new Map());
    let rule = byOrigin.get(origin);
    if (rule !== undefined) return rule;
    if (byOrigin.size >= RULES_KEPT) byOrigin.clear();
    const own = Object.hasOwn(config.origins, origin) ? config.origins[origin] : undefined;
    const rate = own?.rate ?? settings.rate;
    rule = {
      perHost: own?.perHost ?? config.perHost,
      gapMs: gapIn(rate, own?.delayMs ?? settings.delayMs),
      jitterMs: own?.jitterMs ?? settings.jitterMs,
    };
    byOrigin.set(origin, rule);
    return rule;
  };
}

/**
 * Whether some rule of the run can pace an origin: a gap (`rate`, `delay`) or `jitter` in the
 * defaults, a fetch task's settings or an `origins:` entry. A run with none gives its frontier no
 * step between a connect and the request's write (`MemoryFrontierOptions.paced`).
 *
 * @param config The run's config.
 * @returns False when no origin's starts are ever spaced.
 */
export function canPace(config: ConfigSpec): boolean {
  return paceRulesOf(config).some((rules) =>
    rules.rate !== undefined || (rules.delayMs ?? 0) > 0 || (rules.jitterMs ?? 0) > 0
  );
}

/**
 * The longest gap between starts any rule of the run can give (`originRules`' `gapMs`): the
 * frontier forgets an origin once that long has passed since its last start there
 * (`MemoryFrontierOptions.longestGapMs`).
 *
 * @param config The run's config.
 * @returns Milliseconds; 0 when no `rate` or `delay` is set anywhere.
 */
export function longestGap(config: ConfigSpec): number {
  // A fold, not `Math.max(...)`: a config may hold more tasks than a call takes arguments.
  return paceRulesOf(config).reduce(
    (longest, rules) => Math.max(longest, gapIn(rules.rate, rules.delayMs ?? 0)),
    0,
  );
}

/** The pacing settings a rule of the run is made from. */
interface PaceRules {
  rate?: RateSpec;
  delayMs?: number;
  jitterMs?: number;
}

/** Where the run's rules come from: the defaults, each fetch task's settings, each `origins:` entry. */
function paceRulesOf(config: ConfigSpec): PaceRules[] {
  const tasks = config.tasks.flatMap((spec) => spec.kind === "fetch" ? [spec.options] : []);
  return [config.defaults, ...tasks, ...Object.values(config.origins)];
}

/** The least gap between two starts at an origin: `rate`'s or `delay`'s, the longer. */
function gapIn(rate: RateSpec | undefined, delayMs: number): number {
  return Math.max(rate === undefined ? 0 : gapOf(rate), delayMs);
}

/** The fetch settings of each task by name: its own for a fetch task, the defaults for others. */
function settingsByName(config: ConfigSpec): (name: string) => FetchDefaults {
  let byName: Map<string, FetchDefaults> | undefined;
  return (name) => {
    byName ??= new Map(
      config.tasks.map((
        spec,
      ) => [spec.name, spec.kind === "fetch" ? spec.options : config.defaults]),
    );
    return byName.get(name) ?? config.defaults;
  };
}

/** `5/s` starts one request every 200 ms: evenly spaced, so no window ever holds more than 5. */
function gapOf(rate: RateSpec): number {
  return rate.perMs / rate.count;
}

/** What `origins:` entries set for the HTTP client, by origin (see `originClientSettings`). */
export interface OriginClientSettings {
  /** Proxy URL or `false` by origin; absent when no entry names a proxy. */
  originProxies?: Readonly<Record<string, string | false>>;
  /** Pipelining depth by origin; absent when no entry sets one. */
  originPipelines?: Readonly<Record<string, number>>;
}

/**
 * The proxies and pipelining depths `origins:` entries set, for the HTTP client (which applies them
 * per request hop, so a redirect to another origin gets that origin's).
 *
 * @param config The run's config.
 * @returns Each setting by origin, for the settings some entry gives.
 */
export function originClientSettings(config: ConfigSpec): OriginClientSettings {
  let proxies: Record<string, string | false> | undefined;
  let pipelines: Record<string, number> | undefined;
  for (const [origin, rules] of Object.entries(config.origins)) {
    if (rules.proxy !== undefined) (proxies ??= {})[origin] = rules.proxy;
    if (rules.pipeline !== undefined) (pipelines ??= {})[origin] = rules.pipeline;
  }
  const settings: OriginClientSettings = {};
  if (proxies) settings.originProxies = Object.freeze(proxies);
  if (pipelines) settings.originPipelines = Object.freeze(pipelines);
  return settings;
}
