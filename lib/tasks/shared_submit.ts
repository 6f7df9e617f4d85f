/**
 * Puts a config's fetches into a shared queue (`corun submit`, and each fire of `corun schedule
 * --db`, each in one transaction of the caller's): every URL, pattern URL and list line, streamed
 * in batches, with each origin's rules recorded for every worker (when tasks of one submit
 * disagree on an origin, the strictest wins), those of every origin `origins:` names too.
 * Only fetch tasks without `after` can be shared: a queue has no order between tasks, and sleeps
 * and custom tasks are code that runs where the config runs.
 * @module
 */
import type { OriginRule } from "../frontier/mod.ts";
import type { NewJob, PgStore, StoredOriginRule } from "../frontier/pg/mod.ts";
import { emptyListEnd, EmptyListError } from "./empty_list.ts";
import { ItemProblemError } from "./item_problem.ts";
import { originRules } from "./politeness.ts";
import { fetchItemCodec } from "./shared_items.ts";
import type { ConfigSpec } from "./spec.ts";
import { configBaseDir, fetchItemsOf } from "./task_items.ts";
import { queuedOriginOf } from "./url_origin.ts";

/** What a submit put. */
export interface Submitted {
  /** Jobs inserted. */
  jobs: number;
  /** Jobs per task, by name. */
  byTask: Record<string, number>;
  /** Distinct origins. */
  origins: number;
  /** List lines that cannot be fetched (they are queued, and fail at once in a worker). */
  badLines: number;
  /** The first of them, located, as the worker that takes it will fail it. */
  firstBadLine?: string;
}

/**
 * Why a config cannot go into a shared queue, one message per task; empty when it can.
 *
 * @param config The config.
 * @returns The problems.
 */
export function sharedQueueProblems(config: ConfigSpec): string[] {
  const problems: string[] = [];
  const where = config.source ?? "the config";
  for (const spec of config.tasks) {
    if (spec.kind !== "fetch") {
      problems.push(
        `${where}: task "${spec.name}" is a ${spec.kind} task; a shared queue holds fetch tasks ` +
          "only (run the others with corun run)",
      );
    } else if (spec.after.length > 0) {
      problems.push(
        `${where}: task "${spec.name}" has after: [${spec.after.join(", ")}]; a shared queue ` +
          "keeps no order between tasks (run it with corun run, or drop after:)",
      );
    }
  }
  if (config.tasks.length === 0) problems.push(`${where}: no tasks to submit`);
  return problems;
}

/**
 * What `submit` and `worker` say of a config's `cookies:` (once each): a queue holds no cookie, so
 * every worker keeps a jar of its own, and a cookie one worker was given is not sent by another.
 *
 * @param config The config.
 * @returns The warning, or undefined when the config keeps no cookies.
 */
export function sharedQueueCookiesWarning(config: ConfigSpec): string | undefined {
  if (config.cookies === undefined) return undefined;
  const { file } = config.cookies;
  const jar = file === undefined
    ? "its own cookie jar (cookies: true), for as long as it runs"
    : `its own cookie jar, read from "${file}" on its machine as it starts and saved there as ` +
      "it runs and when it stops";
  return `Each worker of a shared queue keeps ${jar}: the queue holds no cookie, so a cookie ` +
    "set for one worker's fetch (a login's session) is not sent by the others";
}

/**
 * Inserts every fetch of the config's tasks into a queue.
 *
 * @param store The tables.
 * @param queue The queue.
 * @param config A config {@linkcode sharedQueueProblems} found nothing wrong with.
 * @param fireId The schedule fire that submits it.
 * @returns What went in.
 * @throws {EmptyListError} When a task's list holds no URL and the task does not allow it
 *   (`allowEmptyList`); the caller's transaction then puts nothing.
 */
export async function submitTasks(
  store: PgStore,
  queue: string,
  config: ConfigSpec,
  fireId?: number,
): Promise<Submitted> {
  const baseDir = configBaseDir(config);
  const rules = originRules(config);
  const codec = fetchItemCodec(config);
  const strictest = new Map<string, StoredOriginRule>();
  const submitted: Submitted = { jobs: 0, byTask: {}, origins: 0, badLines: 0 };
  for (const [index, spec] of config.tasks.entries()) {
    if (spec.kind !== "fetch") continue;
    submitted.byTask[spec.name] = 0;
    for await (const items of fetchItemsOf(index, spec, baseDir)) {
      const changed: StoredOriginRule[] = [];
      const jobs: NewJob[] = items.map((item) => {
        if (item.problem !== undefined) {
          submitted.badLines++;
          submitted.firstBadLine ??= new ItemProblemError(spec, item).message;
        }
        const origin = queuedOriginOf(item);
        if (mergeRule(strictest, origin, rules(origin, spec.name))) {
          changed.push(strictest.get(origin)!);
        }
        return { task: spec.name, origin, url: item.url, payload: codec.encode(item) };
      });
      await store.saveOriginRules(queue, changed);
      await store.insertJobs(queue, jobs, undefined, fireId); // their origins saved just above
      submitted.jobs += jobs.length;
      submitted.byTask[spec.name] += jobs.length;
    }
    // As a run fails the task, a submit is refused (its transaction puts nothing): a list left
    // empty is most often a step before it that failed.
    const empty = emptyListEnd(spec, submitted.byTask[spec.name]);
    if (empty instanceof EmptyListError) throw empty;
  }
  submitted.origins = strictest.size;
  // An origin `origins:` names that no fetch here has (a crawled link's, a redirect's) gets its
  // rule too: a worker records such an origin's rule only when the queue has none, so a rule
  // changed since the first worker reached it would never hold there.
  const named = new Map<string, StoredOriginRule>();
  for (const origin of Object.keys(config.origins)) {
    if (strictest.has(origin)) continue;
    for (const spec of config.tasks) {
      if (spec.kind === "fetch") mergeRule(named, origin, rules(origin, spec.name));
    }
  }
  await store.saveOriginRules(queue, [...named.values()]);
  return submitted;
}

/** Keeps the strictest rule per origin; true when the origin's rule changed. */
function mergeRule(
  strictest: Map<string, StoredOriginRule>,
  origin: string,
  rule: OriginRule,
): boolean {
  const had = strictest.get(origin);
  const merged: StoredOriginRule = had === undefined ? { origin, ...rule } : {
    origin,
    perHost: Math.min(had.perHost, rule.perHost),
    gapMs: Math.max(had.gapMs, rule.gapMs),
    jitterMs: Math.max(had.jitterMs, rule.jitterMs),
  };
  if (
    had !== undefined && had.perHost === merged.perHost && had.gapMs === merged.gapMs &&
    had.jitterMs === merged.jitterMs
  ) return false;
  strictest.set(origin, merged);
  return true;
}
