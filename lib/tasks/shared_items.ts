/**
 * A fetch as a shared queue keeps it: the JSON of its {@linkcode FetchItem}, with the task named
 * rather than numbered (each worker loads the config itself; the name finds the task in it). A
 * body's kept prefix stays behind: it is a file on the machine that fetched it, so a retry that
 * another worker takes starts over.
 * @module
 */
import type { PayloadCodec } from "../frontier/pg/pg_frontier.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { ConfigSpec } from "./spec.ts";

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
      const { task: _task, partial: _partial, ...shared } = item;
      return shared;
    },
    decode(json, job) {
      const index = indexOf.get(job.task);
      if (index === undefined) {
        return {
          problem: `Task "${job.task}" is not a fetch task of this worker's config ` +
            `(${config.source ?? "inline"}); every worker of a queue needs the same config`,
        };
      }
      return { payload: { ...(json as Omit<FetchItem, "task">), task: index } };
    },
  };
}
