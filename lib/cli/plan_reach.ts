/**
 * Where each fetch task's URLs go, as `corun plan` tells it before the run: how many there are and
 * on which origins, read off its URL, its pattern (the part up to the host's end, expanded) or its
 * list (streamed once, no URL kept). A pattern or list names at most `MAX_TASK_ORIGINS` origins the
 * plan does not name already; its URLs on others are counted, under the plan's "any other".
 * @module
 */
import { configOutDir, type ConfigSpec, type FetchTaskSpec } from "../tasks/mod.ts";
import { isFixedSave } from "../tasks/saved_paths.ts";
import { resolve } from "./deps.ts";
import { countUrlList, type UrlListCountOptions } from "../frontier/url_list.ts";
import { MAX_PATTERN_HOSTS, parseUrlPattern, patternHosts } from "../frontier/url_pattern.ts";
import { fetchedOriginOf } from "../tasks/url_origin.ts";
import { messageOf } from "../loop/mod.ts";

/** Origins of one pattern or list a plan names beyond those it names already. */
export const MAX_TASK_ORIGINS = 100;

/**
 * Hosts of a pattern looked at (`https://h[1-100000000].x.org/`): past them, its URLs count as on
 * other origins. Enough for a pattern's first `MAX_TASK_ORIGINS` new origins and any number of
 * hosts the plan names.
 */
export { MAX_PATTERN_HOSTS };

/** Where one fetch task's URLs go. */
export interface TaskReach {
  /** How many URLs it fetches, for a pattern or a list; absent for one URL, or an unread list. */
  urls?: number;
  /** The origins its URLs go to that the plan names, in the order they first come. */
  origins: string[];
  /** How many of its URLs go to each of `origins` (what may wait there for `perHost`). */
  urlsOn: Map<string, number>;
  /** Its URLs on origins the plan does not name: past its first `MAX_TASK_ORIGINS` new ones. */
  elsewhere: number;
  /** Why its list could not be read (then nothing else is known of it). */
  problem?: string;
}

/** Counts a list's entries, telling each one's origin: `countUrlList`'s shape. */
export type ListCounter = (path: string, options: UrlListCountOptions) => Promise<number>;

/**
 * Tells where each fetch task's URLs go. The origins a plan names come first: those of `origins:`
 * and of the tasks of one URL; then, task by task in declaration order, those a pattern or a list
 * adds, at most `MAX_TASK_ORIGINS` each.
 *
 * @param config The validated config.
 * @param countList Counts a list file's entries. @default countUrlList
 * @returns Each fetch task's reach, by name.
 */
export async function planReach(
  config: ConfigSpec,
  countList: ListCounter = countUrlList,
): Promise<Map<string, TaskReach>> {
  const named = new Set(Object.keys(config.origins));
  for (const task of config.tasks) {
    if (task.kind !== "fetch" || task.urls !== undefined) continue;
    const origin = fetchedOriginOf(task.request.url);
    if (origin !== undefined) named.add(origin);
  }
  const reaches = new Map<string, TaskReach>();
  const savers = listSaversOf(config);
  for (const task of config.tasks) {
    if (task.kind !== "fetch") continue;
    reaches.set(task.name, await reachOf(task, named, countList, savers));
  }
  return reaches;
}

/**
 * The tasks that save a list another task reads, by the list's path: such a list need not exist
 * before the run (its reader runs `after` its saver), so a plan says that, not that it is missing.
 */
function listSaversOf(config: ConfigSpec): Map<string, string> {
  const lists = new Set<string>();
  for (const task of config.tasks) {
    if (task.kind === "fetch" && task.urls?.kind === "list") lists.add(task.urls.path);
  }
  const savers = new Map<string, string>();
  if (lists.size === 0) return savers;
  const outDir = configOutDir(config);
  for (const task of config.tasks) {
    if (task.kind !== "fetch" || task.save === undefined || !isFixedSave(task.save)) continue;
    const file = resolve(outDir, task.save);
    if (lists.has(file) && !savers.has(file)) savers.set(file, task.name);
  }
  return savers;
}

async function reachOf(
  task: FetchTaskSpec,
  named: Set<string>,
  countList: ListCounter,
  savers: ReadonlyMap<string, string>,
): Promise<TaskReach> {
  if (task.urls === undefined) {
    const origin = fetchedOriginOf(task.request.url);
    return origin === undefined
      ? { origins: [], urlsOn: new Map(), elsewhere: 0 }
      : { origins: [origin], urlsOn: new Map([[origin, 1]]), elsewhere: 0 };
  }
  const tally = new OriginTally(named);
  const reached = (urls: number) => ({
    urls,
    origins: [...tally.urlsOn.keys()],
    urlsOn: tally.urlsOn,
    elsewhere: tally.elsewhere,
  });
  if (task.urls.kind === "pattern") return reached(tallyPattern(task.urls.pattern, tally));
  try {
    return reached(
      await countList(task.urls.path, { onOrigin: (origin) => tally.add(origin, 1) }),
    );
  } catch (error) {
    const saver = savers.get(task.urls.path);
    const problem = saver !== undefined && isMissing(error)
      ? `its URL list ${JSON.stringify(task.urls.path)} is saved by task ${
        JSON.stringify(saver)
      } in this run; a run counts it`
      : messageOf(error);
    return { origins: [], urlsOn: new Map(), elsewhere: 0, problem };
  }
}

/** A list that is not there (yet): the system's `NotFound` behind the reader's error. */
function isMissing(error: unknown): boolean {
  return error instanceof Error && error.cause instanceof Deno.errors.NotFound;
}

/**
 * Tallies a pattern's URLs by origin, expanding only its part up to the host's end: every URL of
 * one expansion of that part has its origin.
 *
 * @returns How many URLs the pattern has.
 */
function tallyPattern(pattern: string, tally: OriginTally): number {
  const { count } = parseUrlPattern(pattern);
  const hosts = patternHosts(pattern);
  if (hosts === undefined) {
    tally.elsewhere += count; // whole globs parse as the pattern does: not seen, but not a crash
    return count;
  }
  const each = count / hosts.count; // globs multiply: each host part has the rest's URLs
  let looked = 0;
  for (const { url } of hosts.items()) {
    if (looked === MAX_PATTERN_HOSTS) {
      tally.elsewhere += (hosts.count - looked) * each;
      break;
    }
    looked++;
    const origin = fetchedOriginOf(url);
    if (origin !== undefined) tally.add(origin, each);
  }
  return count;
}

/**
 * The origins one task's URLs go to: those the plan names already, and up to `MAX_TASK_ORIGINS`
 * more (which the plan then names); URLs on any other are only counted.
 */
class OriginTally {
  /** URLs by origin, the origins in the order they first came. */
  readonly urlsOn = new Map<string, number>();
  elsewhere = 0;
  readonly #named: Set<string>;
  #added = 0;

  constructor(named: Set<string>) {
    this.#named = named;
  }

  add(origin: string, urls: number): void {
    const mine = this.urlsOn.get(origin);
    if (mine !== undefined) {
      this.urlsOn.set(origin, mine + urls);
      return;
    }
    if (!this.#named.has(origin)) {
      if (this.#added === MAX_TASK_ORIGINS) {
        this.elsewhere += urls;
        return;
      }
      this.#added++;
      this.#named.add(origin);
    }
    this.urlsOn.set(origin, urls);
  }
}
