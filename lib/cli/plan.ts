/**
 * What `corun plan` shows: the resolved tasks, the order they start in, and when each starts and ends
 * in virtual time, taken from a dry run.
 * @module
 */
import type {
  ConfigSpec,
  FetchDefaults,
  FetchTaskSpec,
  RateSpec,
  RunEvent,
  RunReport,
  TaskKind,
  TaskOutcome,
} from "../tasks/mod.ts";
import { ProxyRouter } from "../http/mod.ts";
import { proxyLabel } from "../net/mod.ts";
import { emptyListAllowed } from "../tasks/empty_list.ts";
import { pathFromConfig } from "./config_path.ts";
import { describeTask } from "./format.ts";
import type { TaskReach } from "./plan_reach.ts";
import {
  type PlannedRun,
  type PlannedSettings,
  proxyText,
  taskPipelineRefusal,
  taskResumeRefusal,
} from "./plan_settings.ts";
import type { PlannedSchedule } from "./plan_schedules.ts";

/** One task in a plan. */
export interface PlannedTask {
  /** The task's name. */
  name: string;
  /** Sleep, fetch or custom. */
  kind: TaskKind;
  /** Tasks that must succeed first. */
  after: string[];
  /** What it does: `sleep 3s`, `GET https://example.com/ → page.html`. */
  does: string;
  /** Virtual milliseconds from the start of the run; null when it would never start. */
  startMs: number | null;
  /**
   * Virtual milliseconds from the start of the run when it ended; null when it never started, and
   * when only the run can tell (`endsBy`).
   */
  endMs: number | null;
  /**
   * What its end waits for, which only the run can tell: `"network"` for a fetch task (its
   * responses), `"code"` for a custom task (it does not run in a plan). Absent when it never starts.
   */
  endsBy?: "network" | "code";
  /**
   * It starts after a task that `endsBy` something, directly or through others, or it is a fetch
   * task that may wait for a slot (`perHost`, `concurrency`) the fetches starting with it take first
   * (plan_slots.ts): it starts and ends that much later than `startMs` and `endMs` say.
   */
  plusUnknown?: true;
  /** How the dry run ended it (`done` unless the plan itself shows a problem). */
  outcome: TaskOutcome;
  /**
   * Fetch tasks of a URL pattern or a list: how many URLs they fetch (before any crawl). Absent for
   * one URL, and for a list that could not be counted.
   */
  urls?: number;
  /**
   * A pattern's or list's URLs on origins the plan does not name (past the first 100 it adds): the
   * rules of `"*"` apply to them. Absent when none.
   */
  otherOriginUrls?: number;
  /** A list task whose list may hold no URL (`allowEmptyList: true`): a run then ends it done. */
  allowEmptyList?: true;
  /**
   * A fetch task's every fetch setting, by config key (`timeout.total`, `maxBodySize`), with where
   * each comes from (plan_settings.ts).
   */
  settings?: PlannedSettings;
  /**
   * A fetch task's download settings worth a look: its own proxy (credentials hidden), `resume`,
   * `sha256`, the checksums it is held to. Absent when none applies.
   */
  downloads?: string[];
}

/**
 * The rules of an origin that its tasks may set: each is its `origins:` entry's, else the one its
 * tasks' fetches use (a task's own, else the defaults'), else `"per task"` when they differ.
 */
export interface OriginTaskRules {
  /** Most request starts per time; null for no limit. */
  rate: RateSpec | null | "per task";
  /** Least gap between two request starts, in milliseconds. */
  delayMs: number | "per task";
  /** Random extra gap up to this many milliseconds. */
  jitterMs: number | "per task";
  /**
   * How requests reach it: `"direct"` (`proxy: false`, or a host `noProxy`, else `no_proxy`,
   * lists), a proxy URL (credentials hidden; one the environment gives with its variable,
   * `http://host:port (from HTTPS_PROXY)`), or `"environment"` (the variables give none, or the
   * origin is not known before the run).
   */
  proxy: string;
  /** GET and HEAD requests in flight on one connection to it (1: no pipelining). */
  pipeline: number | "per task";
}

/** One origin's rules in a plan. */
export interface PlannedOrigin extends OriginTaskRules {
  /** The origin, or `"*"` for every origin the plan does not list. */
  origin: string;
  /** Open connections to it at most. */
  perHost: number;
  /**
   * `origins` when the config's `origins:` has an entry for it; `defaults` when not (each rule is
   * then its tasks', the defaults' when no task goes there).
   */
  from: "origins" | "defaults";
  /**
   * Fetch tasks whose URLs go there: a one-URL task's, and those of a pattern's or a list's first
   * 100 origins the plan names for it; its URLs on others are under `"*"`.
   */
  tasks: string[];
}

/** The whole plan: what `plan --json` prints. */
export interface Plan {
  /** The config file or URL the plan is for. */
  source?: string;
  /** Where the run would save files. */
  outDir: string;
  /** Virtual duration of the whole run in milliseconds. */
  durationMs: number;
  /** Some task `endsBy` something: the run takes that much longer than `durationMs`. */
  plusUnknown?: true;
  /** Task names in the order they start. */
  startOrder: string[];
  /** Every task, in declaration order. */
  tasks: PlannedTask[];
  /**
   * The run-wide limits (`concurrency`, `perHost`, `maxIdleConnections`, `keepRuns`,
   * `keepHistory`); set with `settings`.
   */
  run?: PlannedRun;
  /**
   * The config's fetch settings (its `defaults` over corun's built-in), which fetch tasks start
   * from and a custom task's `ctx.fetch` runs with; set with `settings`.
   */
  defaults?: PlannedSettings;
  /** The config's schedules and their next fire times; absent when nothing is scheduled. */
  schedules?: PlannedSchedule[];
  /**
   * Each origin's rules: those in `origins:`, those the tasks' URLs go to, then `"*"` for any
   * other. Absent when the config fetches nothing and names no origin.
   */
  origins?: PlannedOrigin[];
  /** `"for the run"`, or the jar file kept between runs; absent without `cookies:`. */
  cookies?: string;
  /** The pings (`notify:`): each kind with its host only (a ping URL's path is its secret). */
  notify?: Record<string, string>;
  /** Bytes per second the run's bodies may arrive at, all together (`bandwidth:`). */
  bandwidth?: number;
}

/**
 * Records the order tasks start in, from a dry run's events.
 *
 * @returns `onEvent` to hand to `run`, and the names seen so far.
 */
export function recordStartOrder(): { onEvent: (event: RunEvent) => void; names: string[] } {
  const names: string[] = [];
  return { names, onEvent: (event) => event.type === "task-start" && names.push(event.name) };
}

/**
 * Puts a config and its dry run together.
 *
 * @param config The validated config.
 * @param report The dry run's report (virtual time).
 * @param startOrder Names in the order the dry run started them; when empty, start times decide.
 * @returns The plan.
 */
export function buildPlan(config: ConfigSpec, report: RunReport, startOrder: string[]): Plan {
  const results = new Map(report.tasks.map((result) => [result.name, result]));
  const shownPath = (path: string) => pathFromConfig(path, config.source);
  const tasks = config.tasks.map((task): PlannedTask => {
    const result = results.get(task.name);
    const startMs = result?.startMs ?? null;
    // A dry run ends fetch and custom tasks as they start: their end is the run's to tell.
    const endsBy = startMs === null ? undefined : UNKNOWN_END[task.kind];
    const planned: PlannedTask = {
      name: task.name,
      kind: task.kind,
      after: [...task.after],
      does: describeTask(task, shownPath),
      startMs,
      endMs: endsBy === undefined ? result?.endMs ?? null : null,
      outcome: result?.outcome ?? "skipped",
    };
    if (endsBy !== undefined) planned.endsBy = endsBy;
    return planned;
  });
  const plusUnknown = markPlusUnknown(tasks);
  const order = startOrder.length > 0 ? [...startOrder] : tasks
    .filter((task) => task.startMs !== null)
    .sort((a, b) => a.startMs! - b.startMs!) // stable: ties keep declaration order
    .map((task) => task.name);
  const plan: Plan = {
    outDir: config.outDir,
    durationMs: report.durationMs,
    ...(plusUnknown ? { plusUnknown: true } : {}),
    startOrder: order,
    tasks,
  };
  if (config.cookies !== undefined) plan.cookies = config.cookies.file ?? "for the run";
  if (config.bandwidth !== undefined) plan.bandwidth = config.bandwidth;
  if (config.notify !== undefined) {
    plan.notify = Object.fromEntries(
      Object.entries(config.notify).map(([kind, url]) => [kind, new URL(url).host]),
    );
  }
  const source = report.source ?? config.source;
  return source === undefined ? plan : { source, ...plan };
}

/** What only the run tells of a task kind: what its end waits for. */
const UNKNOWN_END: Readonly<Record<TaskKind, PlannedTask["endsBy"]>> = {
  sleep: undefined,
  fetch: "network",
  custom: "code",
};

/**
 * Marks the started tasks that start after a task that `endsBy` something, directly or through
 * others (`plusUnknown`).
 *
 * @returns Whether some started task's times leave out what only the run tells.
 */
function markPlusUnknown(tasks: PlannedTask[]): boolean {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  // By name: "open" while its tasks before are walked, then whether it ends later than shown (its
  // own end, or one it waits for). A stack, not recursion: 50,000 chained tasks overflow that.
  const state = new Map<string, "open" | boolean>();
  for (const root of tasks) {
    const stack: [PlannedTask, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [task, walked] = stack.pop()!;
      if (walked) {
        const plus = task.after.some((name) => state.get(name) === true);
        if (plus && task.startMs !== null) task.plusUnknown = true;
        state.set(task.name, plus || task.endsBy !== undefined);
        continue;
      }
      if (state.has(task.name)) continue;
      state.set(task.name, "open");
      stack.push([task, true]);
      for (const name of task.after) {
        const before = byName.get(name);
        if (before !== undefined && !state.has(name)) stack.push([before, false]);
      }
    }
  }
  return tasks.some((task) => task.endsBy !== undefined || task.plusUnknown === true);
}

/**
 * Puts each pattern's and list's URL count into the plan's tasks, with its URLs on origins the
 * plan does not name.
 *
 * @param plan From `buildPlan`; its tasks get `urls`, `otherOriginUrls` and `allowEmptyList`.
 * @param config The config it was built from.
 * @param reach From `planReach`.
 * @returns One message per list that could not be read.
 */
export function addUrlCounts(
  plan: Plan,
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
): string[] {
  const problems: string[] = [];
  const planned = new Map(plan.tasks.map((task) => [task.name, task]));
  for (const task of config.tasks) {
    const entry = planned.get(task.name);
    const reached = reach.get(task.name);
    if (task.kind !== "fetch" || entry === undefined || reached === undefined) continue;
    if (emptyListAllowed(task)) entry.allowEmptyList = true;
    if (reached.problem !== undefined) {
      problems.push(`Cannot count the URLs of task "${task.name}": ${reached.problem}`);
    }
    if (reached.urls !== undefined) entry.urls = reached.urls;
    if (reached.elsewhere > 0) entry.otherOriginUrls = reached.elsewhere;
  }
  return problems;
}

/**
 * Each origin's rules, as a run applies them: its `origins:` entry's, else those of the tasks whose
 * URLs go there (theirs when they agree, else `"per task"`), with `perHost` and those tasks' names.
 * Fetch tasks get their `downloads`.
 *
 * @param plan From `buildPlan`; its fetch tasks get `downloads`.
 * @param config The config it was built from.
 * @param reach From `planReach`: where each fetch task's URLs go.
 * @param router Decides, as in the run, which hosts `noProxy` (else `no_proxy`) sends directly.
 *   @default one reading the process's proxy variables
 * @returns The origins, or an empty list when the config fetches nothing and names no origin.
 */
export function planOrigins(
  plan: Plan,
  config: ConfigSpec,
  reach: ReadonlyMap<string, TaskReach>,
  router: ProxyRouter = new ProxyRouter(),
): PlannedOrigin[] {
  const tasksOf = new Map<string, string[]>();
  for (const origin of Object.keys(config.origins)) tasksOf.set(origin, []);
  // The rules each origin's tasks set (a task's own apply where no origins: entry names one).
  const agreedOf = new Map<string, OriginTaskRules>();
  const elsewhere: string[] = [];
  const planned = new Map(plan.tasks.map((task) => [task.name, task]));
  let fetches = 0;
  for (const task of config.tasks) {
    if (task.kind !== "fetch") continue;
    fetches++;
    const entry = planned.get(task.name);
    const downloads = downloadsOf(task, config);
    if (entry !== undefined && downloads.length > 0) entry.downloads = downloads;
    const reached = reach.get(task.name);
    // A list that could not be read goes anywhere: under "*".
    const anyOther = reached === undefined || reached.problem !== undefined ||
      reached.elsewhere > 0;
    const origins = [...reached?.origins ?? [], ...anyOther ? ["*"] : []];
    // Its requests' pipeline, as the client decides it: 1 for those never pipelined.
    const own = taskRulesOf(task.options, taskPipelineRefusal(task) !== undefined);
    for (const origin of origins) {
      const rules = rulesAt(own, task.options, origin, router);
      agreedOf.set(origin, agreed(agreedOf.get(origin), rules));
      if (origin === "*") elsewhere.push(task.name);
      else {
        const names = tasksOf.get(origin);
        if (names === undefined) tasksOf.set(origin, [task.name]);
        else names.push(task.name);
      }
    }
  }
  if (fetches === 0 && tasksOf.size === 0) return [];
  // An origin no task's URL names (an origins: entry's, for links found as the run goes).
  const defaultRulesAt = (origin: string): OriginTaskRules =>
    rulesAt(taskRulesOf(config.defaults), config.defaults, origin, router);
  const rulesOf = (origin: string, tasks: string[]): PlannedOrigin => {
    const rules = config.origins[origin];
    const theirs = agreedOf.get(origin) ?? defaultRulesAt(origin);
    return {
      origin,
      perHost: rules?.perHost ?? config.perHost,
      rate: rules?.rate !== undefined ? { ...rules.rate } : theirs.rate,
      delayMs: rules?.delayMs ?? theirs.delayMs,
      jitterMs: rules?.jitterMs ?? theirs.jitterMs,
      from: rules === undefined ? "defaults" : "origins",
      proxy: rules?.proxy !== undefined ? proxyText(rules.proxy) : theirs.proxy,
      pipeline: rules?.pipeline ?? theirs.pipeline,
      tasks,
    };
  };
  return [
    ...[...tasksOf].map(([origin, tasks]) => rulesOf(origin, tasks)),
    rulesOf("*", elsewhere),
  ];
}

/**
 * The rules a task's fetches use at an origin no `origins:` entry sets them for; `unpipelined`: its
 * requests are never pipelined (see `taskPipelineRefusal`).
 */
function taskRulesOf(options: FetchDefaults, unpipelined = false): OriginTaskRules {
  return {
    rate: options.rate === undefined ? null : { ...options.rate },
    delayMs: options.delayMs,
    jitterMs: options.jitterMs,
    proxy: proxyText(options.proxy),
    pipeline: unpipelined ? 1 : options.pipeline,
  };
}

/**
 * A task's rules at one origin (`"*"`: any the plan does not name): `direct` where its `noProxy`
 * (else the environment's `no_proxy`) lists the origin's host, as the run then connects directly
 * whatever its proxy.
 */
function rulesAt(
  own: OriginTaskRules,
  options: FetchDefaults,
  origin: string,
  router: ProxyRouter,
): OriginTaskRules {
  if (options.proxy === false) return own;
  // "*" stands for the origins the plan does not name: direct only when noProxy lists every host.
  const url = URL.parse(origin);
  const direct = origin === "*"
    ? router.bypassesAll(options)
    : url !== null && router.bypasses(url, options);
  if (direct) return { ...own, proxy: "direct" };
  // The environment's proxy is named with its variable, so a stale one is seen for what it is.
  if (options.proxy !== undefined || url === null) return own;
  const proxy = environmentProxyOf(router, url, options);
  return proxy === undefined ? own : { ...own, proxy };
}

/**
 * The proxy the environment gives an origin, as messages name it (`http://host:port (from
 * HTTPS_PROXY)`); undefined when it gives none, or one that cannot be used (`check` refuses that).
 */
function environmentProxyOf(
  router: ProxyRouter,
  url: URL,
  options: FetchDefaults,
): string | undefined {
  try {
    const proxy = router.route(url, { noProxy: options.noProxy });
    return proxy && proxyLabel(proxy);
  } catch {
    return undefined;
  }
}

/**
 * What an origin's tasks agree on so far, with one more task's rules: each rule the same for all,
 * or `"per task"` once two differ. Kept as one record per origin, not every task's, since a config
 * may send 200,000 tasks to one origin.
 */
function agreed(so: OriginTaskRules | undefined, task: OriginTaskRules): OriginTaskRules {
  if (so === undefined) return { ...task };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    rate: same(so.rate, task.rate) ? so.rate : "per task",
    delayMs: same(so.delayMs, task.delayMs) ? so.delayMs : "per task",
    jitterMs: same(so.jitterMs, task.jitterMs) ? so.jitterMs : "per task",
    proxy: same(so.proxy, task.proxy) ? so.proxy : "per task",
    pipeline: same(so.pipeline, task.pipeline) ? so.pipeline : "per task",
  };
}

/**
 * A task's own proxy (when not the defaults'), `resume` (when its fetches can be continued at all:
 * a GET it saves to a file), `sha256`, and its checksums.
 */
function downloadsOf(task: FetchTaskSpec, config: ConfigSpec): string[] {
  const downloads: string[] = [];
  if (task.options.proxy !== config.defaults.proxy) {
    downloads.push(`proxy ${proxyText(task.options.proxy)}`);
  }
  if (task.options.resume && taskResumeRefusal(task) === undefined) downloads.push("resume");
  if (task.options.sha256) downloads.push("sha256");
  if (task.checksum !== undefined) downloads.push(`checksum ${task.checksum.algorithm}`);
  if (task.options.checksumsFile !== undefined) {
    downloads.push(`checksums ${pathFromConfig(task.options.checksumsFile, config.source)}`);
  }
  return downloads;
}
