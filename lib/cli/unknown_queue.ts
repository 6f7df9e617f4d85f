/**
 * What the shared-queue commands say of a queue the database does not know (a mistyped `--queue`,
 * a config renamed since its submit): one wording for `status`, `db cancel` and a `--drain`
 * worker, naming the queues the database knows, so the right name is at hand. It is no failure
 * (exit 0): nothing of that queue waits.
 * @module
 */

/**
 * The line about a queue the database does not know.
 *
 * @param queue The queue asked for.
 * @param where The database, as messages name it (`shownDatabase`).
 * @param queues The queues the database knows.
 * @param outcome What the command does not do for it.
 * @returns One line, without its line break.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unknownQueueText } from "./unknown_queue.ts";
 * assertEquals(
 *   unknownQueueText("nightlly", '"postgres://***@db/corun"', ["daily", "nightly"], "nothing to show"),
 *   'queue "nightlly" has no rows in "postgres://***@db/corun": nothing to show (its queues: ' +
 *     "daily, nightly)",
 * );
 * ```
 */
export function unknownQueueText(
  queue: string,
  where: string,
  queues: readonly string[],
  outcome: string,
): string {
  return `queue ${JSON.stringify(queue)} has no rows in ${where}: ${outcome} (` +
    (queues.length === 0 ? "it has no queues" : `its queues: ${queues.join(", ")}`) + ")";
}
