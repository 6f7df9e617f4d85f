/**
 * A fetch as a shared queue keeps it: the JSON of its {@linkcode FetchItem}, with the task named
 * rather than numbered (each worker loads the config itself; the name finds the task in it). A
 * body's kept prefix stays behind: it is a file on the machine that fetched it, so a retry that
 * another worker takes starts over. Its run date (`{date}`) is its row's, the time its submit or
 * fire began, given back with each claim.
 * @module
 */
import type { PayloadCodec } from "../frontier/pg/pg_frontier.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { ConfigSpec, FetchTaskSpec } from "./spec.ts";
import { originOf } from "./url_origin.ts";

/**
 * The codec of a config's fetches for a shared queue.
 *
 * @param config The worker's config.
 * @returns Encode (for a put or a retry) and decode (for a claim).
 */
export function fetchItemCodec(config: ConfigSpec): PayloadCodec<FetchItem> {
  const indexOf = new Map<string, number>();
  config.tasks.forEach((spec, index) => {
    if (spec.kind === "fetch") indexOf.set(spec.name, index);
  });
  return {
    encode(item) {
      // The run date is the job row's (its submit's or fire's), read back with each claim.
      const { task: _task, partial: _partial, runDate: _runDate, ...shared } = item;
      return shared;
    },
    decode(json, job) {
      const index = indexOf.get(job.task);
      if (index === undefined) {
        return {
          problem: `Task "${job.task}" is not a fetch task of this worker's config ` +
            `(${config.source ?? "inline"}); every worker of a queue needs the config it was ` +
            "submitted with",
          notMine: true,
        };
      }
      const item = {
        ...(json as Omit<FetchItem, "task">),
        task: index,
        runDate: job.runAt.getTime(),
      } as FetchItem;
      const problem = tampered(item, job, config.tasks[index] as FetchTaskSpec);
      return problem === undefined ? { payload: item } : { problem };
    },
  };
}

/**
 * Why a claimed job is not one this task could have put, or undefined. A worker trusts the
 * database as it trusts a list file; these checks keep a row that does not add up from using the
 * task's settings (its headers, its save path) elsewhere: its URL must be of the origin whose rules
 * it was claimed under, and a task of one URL fetches that URL and saves where the task says. A job
 * reserved for this worker is spared the last check: it is its own callback's `ctx.fetch` (of any
 * URL), claimed by the id its insert returned, and its request comes from the callback, not the row.
 */
function tampered(
  item: FetchItem,
  job: { url: string; origin: string; reserved?: boolean },
  spec: FetchTaskSpec,
): string | undefined {
  if (typeof item.url !== "string" || item.url !== job.url) {
    return `Refused job of task "${spec.name}": its record's URL is not its row's`;
  }
  if (item.problem === undefined && originOf(item.url) !== job.origin) {
    return `Refused job of task "${spec.name}": ${item.url} is not of origin ${job.origin}`;
  }
  if (item.depth === 0 && spec.urls === undefined && job.reserved !== true) {
    if (item.url !== spec.request.url || item.save !== undefined) {
      return `Refused job of task "${spec.name}": the task fetches ${spec.request.url} only`;
    }
  }
  return undefined;
}
