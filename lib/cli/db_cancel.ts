/**
 * `corun db cancel --queue NAME`: a queue's waiting fetches go, in one transaction (`cancelQueue`
 * says what goes and what stays); the fetches under way finish, and their pages' links are not
 * queued. Without it, a wrong submit could be taken back only with hand-written SQL.
 * @module
 */
import type { CancelCounts } from "../frontier/pg/mod.ts";
import { countOf } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { flagOf, type Invocation, textOf } from "./command.ts";
import { dbAction, queueNameProblems } from "./shared_queue.ts";
import { unknownQueueText } from "./unknown_queue.ts";

/** What `db cancel` was asked. */
export interface CancelRequest {
  /** `--queue`. */
  queue: string;
  /** `--json`. */
  json: boolean;
}

/**
 * Reads `db cancel`'s flags.
 *
 * @param invocation The command line.
 * @returns What it asks, or why it cannot be read (no `--queue`, or one no queue can be named).
 */
export function cancelRequestOf(invocation: Invocation): CancelRequest | { problem: string } {
  const queue = textOf(invocation, "queue");
  if (queue === undefined) {
    return {
      problem: "Cannot cancel without --queue NAME: name the queue whose waiting fetches to " +
        "remove (corun status --db lists the queues)",
    };
  }
  const [problem] = queueNameProblems(invocation);
  return problem !== undefined ? { problem } : { queue, json: flagOf(invocation, "json") };
}

/**
 * Cancels the queue's waiting fetches (migrating the tables first, as every shared-queue command
 * does) and says what went, on stdout; or why not, on stderr. A queue the database does not know
 * is said, and is no failure: nothing of it waits.
 *
 * @param url The database.
 * @param request The queue, and how to say it.
 * @param host stdout and stderr.
 * @returns The exit code.
 */
export async function cancelCommand(
  url: string,
  request: CancelRequest,
  host: Pick<CliHost, "stdout" | "stderr">,
): Promise<number> {
  return await dbAction(url, host, {
    act: (pg, store) => pg.cancelQueue(store, request.queue),
    line: cancelledLine,
    json: request.json,
    failure: `Cannot cancel queue "${request.queue}" in`,
  });
}

/**
 * What a cancel removed and left, as one line.
 *
 * @param counts The cancel's counts.
 * @param where The database, as messages name it.
 * @returns `cancelled 300,000 waiting fetches (12 retries) of 2 crawls in queue "…" …`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { cancelledLine } from "./db_cancel.ts";
 * const where = '"postgres://***@db/corun"';
 * const counts = { queue: "nightly", found: true, jobs: 300000, retries: 12, crawls: 2, leased: 3 };
 * assertEquals(
 *   cancelledLine(counts, where),
 *   'cancelled 300,000 waiting fetches (12 retries) of 2 crawls in queue "nightly" of ' +
 *     '"postgres://***@db/corun"; 3 leased fetches are left to finish (the links they find are ' +
 *     "not queued)\n",
 * );
 * assertEquals(
 *   cancelledLine({ ...counts, found: false, jobs: 0, leased: 0, queues: ["daily"] }, where),
 *   'queue "nightly" has no rows in "postgres://***@db/corun": nothing to cancel (its queues: ' +
 *     "daily)\n",
 * );
 * ```
 */
export function cancelledLine(counts: CancelCounts, where: string): string {
  if (!counts.found) {
    return `${unknownQueueText(counts.queue, where, counts.queues ?? [], "nothing to cancel")}\n`;
  }
  const queue = JSON.stringify(counts.queue);
  const left = counts.leased === 0
    ? "no fetch was under way"
    : `${countOf(counts.leased, "leased fetch is", "leased fetches are")} left to finish ` +
      "(the links they find are not queued)";
  return `cancelled ${countOf(counts.jobs, "waiting fetch", "waiting fetches")} ` +
    `(${countOf(counts.retries, "retry", "retries")}) of ${countOf(counts.crawls, "crawl")} ` +
    `in queue ${queue} of ${where}; ${left}\n`;
}
